package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"slices"
	"sort"
	"time"
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
	edges := make([]int64, len(bounds))
	for i, b := range bounds {
		edges[i] = micros(b)
	}
	for _, id := range topicIDs {
		out[id] = make([]int, len(bounds)-1)
	}
	ids, err := json.Marshal(topicIDs)
	if err != nil {
		return nil, err
	}
	err = s.view(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT topic_id, first FROM story_topics
			WHERE topic_id IN (SELECT value FROM json_each(?1)) AND first >= ?2 AND first < ?3`,
			string(ids), edges[0], edges[len(edges)-1])
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var id string
			var first int64
			if err := rows.Scan(&id, &first); err != nil {
				return err
			}
			// The interval whose start is the last edge at or before first.
			if i := sort.Search(len(edges), func(i int) bool { return edges[i] > first }) - 1; i >= 0 && i < len(edges)-1 {
				out[id][i]++
			}
		}
		return rows.Err()
	})
	if err != nil {
		return nil, fmt.Errorf("topic day counts: %w", err)
	}
	return out, nil
}
