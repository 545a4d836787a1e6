package postgres

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"time"

	"github.com/jackc/pgx/v5"
)

// TopicDayCounts counts each topic's stories per interval, reading
// story_topics through its (topic_id, first) index. See store.Trends.
func (s *Store) TopicDayCounts(ctx context.Context, topicIDs []string, bounds []time.Time) (map[string][]int, error) {
	out := make(map[string][]int, len(topicIDs))
	if len(bounds) < 2 {
		for _, id := range topicIDs {
			out[id] = []int{}
		}
		return out, nil
	}
	if !slices.IsSortedFunc(bounds, func(a, b time.Time) int { return a.Compare(b) }) {
		return nil, fmt.Errorf("topic day counts: bounds are not increasing")
	}
	for _, id := range topicIDs {
		out[id] = make([]int, len(bounds)-1)
	}
	err := s.view(ctx, func(tx pgx.Tx) error {
		rows, err := tx.Query(ctx, `SELECT topic_id, first FROM story_topics
			WHERE topic_id = ANY($1) AND first >= $2 AND first < $3`,
			topicIDs, bounds[0], bounds[len(bounds)-1])
		if err != nil {
			return err
		}
		var id string
		var first time.Time
		_, err = pgx.ForEachRow(rows, []any{&id, &first}, func() error {
			// The interval whose start is the last bound at or before first.
			i := sort.Search(len(bounds), func(i int) bool { return bounds[i].After(first) }) - 1
			if c, ok := out[id]; ok && i >= 0 && i < len(c) {
				c[i]++
			}
			return nil
		})
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("topic day counts: %w", err)
	}
	return out, nil
}
