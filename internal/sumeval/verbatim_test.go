package sumeval

import (
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"briefbot/summarize"
)

// TestSummariesAreVerbatim checks, on every article of the shared
// evaluation sets, what the summarizer promises a reader: each summary
// sentence is a whole sentence of the article as published (less a
// dateline or list marker before it), in article order, never repeated,
// never rewritten.
func TestSummariesAreVerbatim(t *testing.T) {
	root := filepath.Join("..", "..", "..", "shared", "eval")
	topic := func(s string) float64 {
		s = strings.ToLower(s)
		return float64(strings.Count(s, "iran") + strings.Count(s, "russia") + strings.Count(s, "nuclear"))
	}
	for _, set := range []string{"cnn", "bbc"} {
		t.Run(set, func(t *testing.T) {
			docs, err := Load(filepath.Join(root, set))
			if errors.Is(err, fs.ErrNotExist) {
				t.Skipf("evaluation set not available (%v); it lives in ../shared/eval next to the repository", err)
			}
			if err != nil {
				t.Fatal(err)
			}
			for _, d := range docs {
				opts := map[string]summarize.Options{
					"three":                    {N: 3},
					"as long as the reference": {N: RefLength(d.Reference)},
					"briefing budget":          {MaxChars: 300, Title: d.Title},
					"topic briefing":           {N: 2, Title: d.Title, Focus: topic},
				}
				for name, opt := range opts {
					got := summarize.Summarize(d.Body, opt)
					if len(got) == 0 {
						t.Errorf("%s/%s %s: empty summary", d.Category, d.Name, name)
					}
					if err := verbatim(d.Body, got); err != nil {
						t.Errorf("%s/%s %s: %v", d.Category, d.Name, name, err)
					}
				}
			}
		})
	}
}

// verbatim reports how got fails to be whole sentences of body, in order:
// each must be a sentence of summarize.Split(body), or the end of one after
// a lead that a dateline or list marker ends ("(CNN)", "MOSCOW - ", "1. "),
// and each must come after the one before it.
func verbatim(body string, got []string) error {
	sents := summarize.Split(body)
	next := 0
	for _, s := range got {
		k := next
		for k < len(sents) && !wholeOrTrimmed(sents[k], s) {
			k++
		}
		if k == len(sents) {
			return fmt.Errorf("%q is not a whole sentence of the article after the one before it", s)
		}
		next = k + 1
	}
	return nil
}

// wholeOrTrimmed reports whether s is sent, or the end of sent after a lead
// that ends in white space, a closing bracket or a dash.
func wholeOrTrimmed(sent, s string) bool {
	lead, ok := strings.CutSuffix(sent, s)
	if !ok || s == "" {
		return false
	}
	if lead == "" {
		return true
	}
	r, _ := utf8.DecodeLastRuneInString(lead)
	return unicode.IsSpace(r) || r == ')' || r == '-' || r == '—' || r == '–'
}
