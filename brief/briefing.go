package brief

import "time"

// Story is one article as it appears in a briefing about one topic.
type Story struct {
	Article Article `json:"article"`
	// Match explains why the article is here and carries its summary.
	Match Match `json:"match"`
	// AlsoIn lists other feeds that carried the same article or a near
	// duplicate of it, so a briefing shows the story once.
	AlsoIn []Source `json:"also_in,omitempty"`
}

// Briefing is a page of stories about one topic within a time window,
// newest first.
type Briefing struct {
	Topic Topic     `json:"topic"`
	Since time.Time `json:"since"`
	Until time.Time `json:"until"`
	// Stories is this page of the window's stories.
	Stories []Story `json:"stories"`
	// Offset is the position of Stories[0] among all the window's stories.
	Offset int `json:"offset"`
	// Total is the number of stories in the whole window.
	Total int `json:"total"`
}

// HasMore reports whether stories beyond this page exist.
func (b Briefing) HasMore() bool { return b.Offset+len(b.Stories) < b.Total }

// Digest is a channel's scheduled round-up: one section per subscribed
// topic, each holding the top stories since the channel's previous digest.
type Digest struct {
	// Date is the channel's local date the digest is for, "2006-01-02".
	Date string `json:"date"`
	// Zone is the IANA time zone the date and schedule are in.
	Zone  string    `json:"zone"`
	Since time.Time `json:"since"`
	Until time.Time `json:"until"`
	// Sections has one briefing per subscribed topic, in topic order. A
	// section without stories means nothing new on that topic.
	Sections []Briefing `json:"sections"`
}

// Empty reports whether no section has a story.
func (d Digest) Empty() bool {
	for _, s := range d.Sections {
		if len(s.Stories) > 0 {
			return false
		}
	}
	return true
}
