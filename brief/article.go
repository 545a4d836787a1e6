package brief

import (
	"time"
)

// Article is one news item, normalised from whatever feed format carried it.
type Article struct {
	// ID is the stable key: the feed's GUID when it has one, else the
	// canonical link with tracking parameters removed. Two feeds that carry
	// the same article produce the same ID.
	ID string `json:"id"`
	// FeedURL is the feed the article was first seen in.
	FeedURL string `json:"feed_url"`
	// Source is the human name of that feed or publisher ("Reuters World").
	Source string `json:"source"`
	// Title is plain text: markup removed, entities decoded, whitespace collapsed.
	Title string `json:"title"`
	// Link is the canonical article URL; empty when the feed gave none.
	Link string `json:"link"`
	// Text is the plain-text body. Paragraphs are separated by a blank line.
	Text string `json:"text"`
	// Published is when the publisher says the article appeared, in UTC.
	// When the feed gives no date it is the time the article was fetched.
	Published time.Time `json:"published"`
	// Fetched is when briefbot first saw the article, in UTC.
	Fetched time.Time `json:"fetched"`
	// DuplicateOf is the ID of an earlier article this one nearly repeats
	// (the same wire story in another outlet), or empty.
	DuplicateOf string `json:"duplicate_of,omitempty"`
}

// Source names one feed that carried an article.
type Source struct {
	FeedURL string `json:"feed_url"`
	Name    string `json:"name"`
	Link    string `json:"link,omitempty"`
}
