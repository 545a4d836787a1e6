package store

import (
	"context"
	"time"

	"briefbot/brief"
)

// SaveOptions qualifies SaveArticle.
type SaveOptions struct {
	// Now is the current time: it decides which mutes are in force.
	Now time.Time
	// NoAlerts stores the article without queuing alerts. The first poll
	// of a feed uses it, so adding a feed does not flood every channel
	// with its backlog; the stories still appear in briefings and digests.
	NoAlerts bool
	// Story is the ID of the story the clusterer put the article in. Empty
	// means the article's own story, or its original's when a.DuplicateOf
	// names a stored article.
	Story string
}

// StoryQuery selects a page of stories about one topic.
type StoryQuery struct {
	TopicID string
	// Since and Until bound the articles' Published time: Since <= t < Until.
	Since, Until time.Time
	Limit        int // page size; <= 0 means no limit
	Offset       int
}

// StoryRecord is what the store keeps of one story: its articles (in the
// order they were stored), the outlets that carried them (each feed once,
// in the order seen), the first and latest Published time, and the topics
// its articles matched (sorted).
type StoryRecord struct {
	ID          string
	ArticleIDs  []string
	Outlets     []brief.Source
	First, Last time.Time
	Topics      []string
}

// Articles is the intake side: the poller asks whether an article is
// known, stores new ones with their matches (queuing their alerts), and
// saves and reloads the clusterer's state across restarts.
type Articles interface {
	// HasArticle reports whether an article with that ID is stored.
	HasArticle(ctx context.Context, id string) (bool, error)
	// SaveArticle stores a new article with its matches (each with its
	// summary) and the feed it came from, in one transaction. A topic
	// matched twice in one call keeps the first match. The article joins
	// opt.Story, or is its own story, or its original's when a.DuplicateOf
	// names a stored article. In the same transaction it queues an alert
	// for every channel subscribed to a matched topic in alerts or both
	// mode, not disabled and not muted at opt.Now, unless the article's
	// story already had an article on that topic (a story alerts once per
	// topic, through its first article stored, be it a near duplicate
	// stored before its original), or opt.NoAlerts is set (a new feed's
	// backlog).
	//
	// When the ID is already stored it records only the additional feed (a
	// feed already recorded adds nothing), ignores the copy's other fields
	// and its matches, and returns brief.ErrDuplicate.
	SaveArticle(ctx context.Context, a brief.Article, matches []brief.Match, opt SaveOptions) error
	// Article returns one article, or brief.ErrNotFound.
	Article(ctx context.Context, id string) (brief.Article, error)
	// RecentArticles returns the articles fetched at or after since, oldest
	// first, for rebuilding the near-duplicate index at start-up.
	RecentArticles(ctx context.Context, since time.Time) ([]brief.Article, error)
	// EachRecentArticle calls fn with each article fetched at or after
	// since, in RecentArticles' order, reading them as it goes instead of
	// holding them all (a week of a large deployment is tens of thousands
	// of articles). An error from fn ends the scan and is returned.
	EachRecentArticle(ctx context.Context, since time.Time, fn func(brief.Article) error) error

	// SaveClusterState replaces the clusterer's saved state (its open
	// stories and vocabulary, opaque to the store) and the time it was
	// taken, so a restart reloads it instead of re-reading articles.
	SaveClusterState(ctx context.Context, saved time.Time, state []byte) error
	// ClusterState returns the saved state and its time, or
	// brief.ErrNotFound when none was saved.
	ClusterState(ctx context.Context) (saved time.Time, state []byte, err error)
}

// StoryReader is the reading side of stored articles: briefings, digests
// and alert batches show stories, each an article with the other outlets
// that carried it.
type StoryReader interface {
	// Stories returns one page of the stories about a topic, newest first
	// (by Published, then ID), and the number of stories in the whole
	// window. A story is listed once per topic, under its first stored
	// article that matched the topic (the one its alert showed), and is in
	// the window of that article's Published time only: a story briefed
	// yesterday does not come back today through a later article. Its
	// AlsoIn lists that article's other feeds, then the feeds of the
	// story's articles (near duplicates and other outlets' reports) stored
	// after it, in the order they were seen, each feed once, never the
	// article's own first feed. The window is read through an index of the
	// topic's stories.
	Stories(ctx context.Context, q StoryQuery) (stories []brief.Story, total int, err error)
	// StoriesByID returns the stories about a topic for the given article
	// IDs, in the order given, skipping IDs that are not stored or did not
	// match the topic; an ID given twice comes back once, at its first
	// place. A near duplicate asked for by ID comes back as a story of its
	// own. AlsoIn is filled as in Stories. Alert batches use it.
	StoriesByID(ctx context.Context, topicID string, articleIDs []string) ([]brief.Story, error)
	// Story returns one story's record, or brief.ErrNotFound.
	Story(ctx context.Context, id string) (StoryRecord, error)
}
