package store

import (
	"context"

	"briefbot/brief"
)

// StoredArticle is an article as it was stored, with its place in the
// order articles were stored and the story it was stored in.
type StoredArticle struct {
	Article brief.Article
	// Seq is the article's place in the order articles were stored:
	// larger for an article stored later.
	Seq int64
	// Story is the ID of the story the article was stored in.
	Story string
}

// StorySync lets replicas that share one store cluster articles into
// stories as one process would: each keeps its own clusterer, takes the
// story turn before it assigns and stores a new article, and on taking it
// first reads the articles the others stored since it last looked
// (ArticlesAfter), so it never founds a second story for a happening
// another replica already stored. Two replicas storing copies of one story
// at the same moment therefore end with one story, and one alert per
// subscribed channel and topic (SaveArticle alerts only a story's first
// article on a topic).
type StorySync interface {
	// StoryTurn blocks until this process holds the story turn, or ctx
	// ends (then it returns ctx's error). While it is held, no other
	// process sharing the store holds it. release gives it up; call it
	// only after the articles assigned under the turn are stored (or
	// failed), so the next holder reads them. shared is false for a
	// single-process backend, whose turn is always held and costs nothing:
	// no other process stores articles, so there is nothing to read back.
	// A turn whose connection broke is given up by the server, and
	// release says so with an error; another process may have held it
	// meanwhile.
	StoryTurn(ctx context.Context) (release func() error, shared bool, err error)
	// ArticlesAfter returns up to limit articles stored after position
	// after (0: from the first), in the order they were stored. Articles
	// stored by a holder of the story turn are all visible once it
	// released the turn.
	ArticlesAfter(ctx context.Context, after int64, limit int) ([]StoredArticle, error)
	// LastArticleSeq returns the position of the last article stored, 0
	// when none is.
	LastArticleSeq(ctx context.Context) (int64, error)
}
