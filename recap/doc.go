// Package recap fills the stories of a briefing or digest with what a chat
// shows of a story told by several outlets: the headline of its best
// article, how many outlets carried it, its first and latest time, and a
// short summary drawn from several of its articles whose every sentence
// cites the article it was taken from.
//
// It reads the stories' articles from the store and summarises them with
// package summarize when the briefing is asked for (a page of five stories
// reads at most 8 articles of each), so the summary always covers every
// article stored so far. It knows nothing of chat platforms or of how the
// story is laid out; package bot composes that.
package recap
