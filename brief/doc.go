// Package brief is briefbot's shared vocabulary: the article, topic, match,
// story, briefing and subscription types that flow between feeds, topics,
// summarize, store, digest and the chat adapters, plus the sentinel errors
// callers branch on.
//
// It imports nothing of ours and does no I/O. Every other package may import
// it; it must never learn about HTTP, SQL, YAML or any chat platform.
package brief
