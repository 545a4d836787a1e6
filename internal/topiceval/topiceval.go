package topiceval

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"

	"briefbot/brief"
)

// Item is one labelled news item, one JSON object per line. Other fields
// in the file (source, publisher, note...) are ignored.
type Item struct {
	ID     string   `json:"id"`
	Title  string   `json:"title"`
	Text   string   `json:"text"`
	Labels []string `json:"labels"`
}

// Report holds the scores of one evaluation.
type Report struct {
	// Items is how many items were read.
	Items int
	// Topics holds one score per evaluated topic, in the order asked for.
	Topics []TopicScore
	// MacroPrecision, MacroRecall and MacroF1 are the unweighted means over
	// Topics.
	MacroPrecision, MacroRecall, MacroF1 float64
	// UnknownLabels counts labels in the data that name no evaluated topic;
	// they are left out of the scores.
	UnknownLabels map[string]int
}

// TopicScore is one topic's confusion counts and scores.
type TopicScore struct {
	TopicID   string
	Positives int // items labelled with the topic
	TP, FP    int
	FN        int
	Precision float64
	Recall    float64
	F1        float64
	// FalsePositives and FalseNegatives list the items the matcher got
	// wrong, in file order.
	FalsePositives []Miss
	FalseNegatives []Miss
}

// Miss is an item a topic got wrong, with the terms that fired (for a false
// positive) or that fired without reaching the threshold (none are known
// for a false negative, so Terms is empty there).
type Miss struct {
	ID    string
	Title string
	Terms []string
}

// Evaluate reads items in JSON Lines from r, runs match on each and scores
// the matches against the labels for each of topicIDs. Precision with no
// predictions, and recall with no labelled items, count as 1: nothing was
// wrongly flagged, nothing was missed.
func Evaluate(r io.Reader, match func(brief.Article) []brief.Match, topicIDs []string) (*Report, error) {
	rep := &Report{UnknownLabels: map[string]int{}}
	scores := make([]TopicScore, len(topicIDs))
	for i, id := range topicIDs {
		scores[i].TopicID = id
	}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64*1024), 16*1024*1024)
	line := 0
	seen := map[string]int{}
	for sc.Scan() {
		line++
		raw := strings.TrimSpace(sc.Text())
		if raw == "" {
			continue
		}
		var it Item
		if err := json.Unmarshal([]byte(raw), &it); err != nil {
			return nil, fmt.Errorf("read item on line %d: %w", line, err)
		}
		if it.ID == "" {
			return nil, fmt.Errorf("read item on line %d: no id", line)
		}
		if prev, dup := seen[it.ID]; dup {
			return nil, fmt.Errorf("read item on line %d: id %s already on line %d", line, it.ID, prev)
		}
		seen[it.ID] = line
		rep.Items++
		for _, l := range it.Labels {
			if !slices.Contains(topicIDs, l) {
				rep.UnknownLabels[l]++
			}
		}
		matches := match(brief.Article{ID: it.ID, Title: it.Title, Text: it.Text})
		for i, id := range topicIDs {
			s := &scores[i]
			want := slices.Contains(it.Labels, id)
			mi := slices.IndexFunc(matches, func(m brief.Match) bool { return m.TopicID == id })
			got := mi >= 0
			if want {
				s.Positives++
			}
			switch {
			case want && got:
				s.TP++
			case got:
				s.FP++
				s.FalsePositives = append(s.FalsePositives, Miss{ID: it.ID, Title: it.Title, Terms: matches[mi].Terms()})
			case want:
				s.FN++
				s.FalseNegatives = append(s.FalseNegatives, Miss{ID: it.ID, Title: it.Title})
			}
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("read items after line %d: %w", line, err)
	}
	if rep.Items == 0 {
		return nil, errors.New("read items: no items")
	}
	for i := range scores {
		s := &scores[i]
		s.Precision = ratio(s.TP, s.TP+s.FP)
		s.Recall = ratio(s.TP, s.TP+s.FN)
		if s.Precision+s.Recall > 0 {
			s.F1 = 2 * s.Precision * s.Recall / (s.Precision + s.Recall)
		}
		rep.MacroPrecision += s.Precision / float64(len(scores))
		rep.MacroRecall += s.Recall / float64(len(scores))
		rep.MacroF1 += s.F1 / float64(len(scores))
	}
	rep.Topics = scores
	return rep, nil
}

func ratio(a, b int) float64 {
	if b == 0 {
		return 1
	}
	return float64(a) / float64(b)
}

// Print writes the report as a table, one line per topic and then the
// macro averages, so that `grep '^sco '` finds a topic's line. With verbose
// it then lists every false positive (with the terms that fired) and false
// negative.
func (r *Report) Print(w io.Writer, verbose bool) {
	width := len("topic")
	for _, s := range r.Topics {
		width = max(width, len(s.TopicID))
	}
	fmt.Fprintf(w, "%-*s  %8s  %4s  %4s  %4s  %9s  %6s  %5s\n", width, "topic", "labelled", "tp", "fp", "fn", "precision", "recall", "f1")
	for _, s := range r.Topics {
		fmt.Fprintf(w, "%-*s  %8d  %4d  %4d  %4d  %9.3f  %6.3f  %5.3f\n", width, s.TopicID, s.Positives, s.TP, s.FP, s.FN, s.Precision, s.Recall, s.F1)
	}
	fmt.Fprintf(w, "%-*s  %8s  %4s  %4s  %4s  %9.3f  %6.3f  %5.3f\n", width, "macro", "", "", "", "", r.MacroPrecision, r.MacroRecall, r.MacroF1)
	fmt.Fprintf(w, "items %d\n", r.Items)
	if len(r.UnknownLabels) > 0 {
		labels := make([]string, 0, len(r.UnknownLabels))
		for l := range r.UnknownLabels {
			labels = append(labels, l)
		}
		slices.Sort(labels)
		for _, l := range labels {
			fmt.Fprintf(w, "unevaluated label %s on %d items\n", l, r.UnknownLabels[l])
		}
	}
	if !verbose {
		return
	}
	for _, s := range r.Topics {
		for _, m := range s.FalsePositives {
			fmt.Fprintf(w, "%s FP %s %q terms: %s\n", s.TopicID, m.ID, m.Title, strings.Join(m.Terms, ", "))
		}
		for _, m := range s.FalseNegatives {
			fmt.Fprintf(w, "%s FN %s %q\n", s.TopicID, m.ID, m.Title)
		}
	}
}
