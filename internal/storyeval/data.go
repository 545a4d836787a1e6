package storyeval

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"time"
)

// Item is one news item as the clustering command receives it. Other
// fields in the file (publisher, window, link...) are not passed on.
type Item struct {
	ID    string `json:"id"`
	Title string `json:"title"`
	Text  string `json:"text"`
	// Published is the feed's timestamp as written; empty when unknown.
	Published string `json:"published"`
}

// Time parses Published; the zero time means undated.
func (it Item) Time() time.Time { return ParseTime(it.Published) }

// ParseTime reads the timestamp layouts the evaluation sets and feeds use
// (RFC 3339 with a 'T' or a space). It returns the zero time for an empty
// or unreadable value, which the clusterers treat as undated.
func ParseTime(s string) time.Time {
	s = strings.TrimSpace(s)
	if s == "" || s == "null" {
		return time.Time{}
	}
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02 15:04:05Z07:00", "2006-01-02T15:04:05", "2006-01-02 15:04:05", "2006-01-02"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UTC()
		}
	}
	return time.Time{}
}

// maxLine bounds one JSON line; the longest evaluation item is far below.
const maxLine = 4 << 20

// ReadItems reads JSON Lines items, in file order. Blank lines are skipped;
// a line that is not an object with an id is an error naming the line.
func ReadItems(r io.Reader) ([]Item, error) {
	var items []Item
	err := eachLine(r, func(n int, b []byte) error {
		var it struct {
			Item
			Published *string `json:"published"`
		}
		if err := json.Unmarshal(b, &it); err != nil {
			return fmt.Errorf("line %d: not a JSON object with id, title, text and published: %w", n, err)
		}
		if it.ID == "" {
			return fmt.Errorf("line %d: no id", n)
		}
		if it.Published != nil {
			it.Item.Published = *it.Published
		}
		items = append(items, it.Item)
		return nil
	})
	return items, err
}

// ReadGold reads the gold grouping, JSON Lines {"id","story"}, into a map
// from item id to story label.
func ReadGold(r io.Reader) (map[string]string, error) {
	gold := map[string]string{}
	err := eachLine(r, func(n int, b []byte) error {
		var g struct {
			ID    string          `json:"id"`
			Story json.RawMessage `json:"story"`
		}
		if err := json.Unmarshal(b, &g); err != nil {
			return fmt.Errorf("line %d: not a JSON object with id and story: %w", n, err)
		}
		if g.ID == "" || len(g.Story) == 0 {
			return fmt.Errorf("line %d: id and story are both needed", n)
		}
		if _, dup := gold[g.ID]; dup {
			return fmt.Errorf("line %d: id %s appears twice", n, g.ID)
		}
		gold[g.ID] = storyLabel(g.Story)
		return nil
	})
	return gold, err
}

// storyLabel turns a story written as a string or a number into a label;
// only equality matters.
func storyLabel(raw json.RawMessage) string {
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return s
	}
	return strings.TrimSpace(string(raw))
}

func eachLine(r io.Reader, fn func(n int, b []byte) error) error {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64<<10), maxLine)
	n := 0
	for sc.Scan() {
		n++
		if strings.TrimSpace(sc.Text()) == "" {
			continue
		}
		if err := fn(n, sc.Bytes()); err != nil {
			return err
		}
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("line %d: %w", n+1, err)
	}
	return nil
}
