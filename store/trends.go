package store

import (
	"context"
	"time"
)

// Trends counts a topic's stories per day, for trend lines and the spike
// note of digests.
type Trends interface {
	// TopicDayCounts returns, for each topic ID given, how many of its
	// stories fall in each interval [bounds[i], bounds[i+1]): len(bounds)-1
	// counts per topic, a topic without stories all zeros. A story falls
	// where its first stored article matching the topic was published
	// (the time that places it in a briefing's window). bounds must be
	// increasing; the caller chooses them (local midnights, so days
	// follow a channel's time zone). The counts are read through the
	// index of each topic's stories by that time.
	TopicDayCounts(ctx context.Context, topicIDs []string, bounds []time.Time) (map[string][]int, error)
}
