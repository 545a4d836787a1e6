package store

import (
	"context"
	"time"

	"briefbot/brief"
)

// StoryDetail is what a briefing shows of a story beyond its lead article:
// its outlets, its first and latest time, and some of its articles to
// summarise.
type StoryDetail struct {
	// Lead is the article ID it was asked for (the story's lead on the
	// topic, as Stories returns it); ID is the story's.
	Lead, ID string
	// First and Last are the earliest and latest Published time of the
	// story's articles.
	First, Last time.Time
	// Outlets are the feeds that carried the story's articles, each once,
	// in the order seen, each with the link of its first article.
	Outlets []brief.Source
	// Articles are at most the perStory most relevant of the story's
	// articles, each with its match on the topic (a zero Match when the
	// article did not match it): by score on the topic, highest first,
	// then earliest Published, then ID. AlsoIn is not filled.
	Articles []brief.Story
}

// StoryDetails reads stories for briefings that show them whole.
type StoryDetails interface {
	// StoryDetails returns the story of each lead article ID given, in the
	// order given, skipping IDs that are not stored. perStory bounds the
	// Articles read per story (0 reads none: outlets and times only, for
	// ranking).
	StoryDetails(ctx context.Context, topicID string, leadIDs []string, perStory int) ([]StoryDetail, error)
}
