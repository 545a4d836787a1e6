package topics

import (
	"bufio"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"briefbot/brief"
	"github.com/google/go-cmp/cmp"
)

// TestFilterChangesNothing matches real news with and without the word
// filter and phrase pruning: they exist for speed and must not change a
// single hit.
func TestFilterChangesNothing(t *testing.T) {
	shared := filepath.Join("..", "..", "shared")
	if _, err := os.Stat(shared); errors.Is(err, os.ErrNotExist) {
		t.Skipf("no shared data at %s (../shared next to the repository)", shared)
	}
	defs := append(Defaults(), benchTopics(20)[3:]...)
	fast, err := Compile(defs)
	if err != nil {
		t.Fatal(err)
	}
	slow, err := Compile(defs)
	if err != nil {
		t.Fatal(err)
	}
	slow.ix.exhaustive = true
	var articles []brief.Article
	for _, name := range []string{"eval/topics-dev.jsonl", "eval/stories-dense/items.jsonl"} {
		f, err := os.Open(filepath.Join(shared, name))
		if err != nil {
			t.Logf("skipping %s: %v", name, err)
			continue
		}
		sc := bufio.NewScanner(f)
		sc.Buffer(nil, 1<<24)
		for sc.Scan() {
			var it struct{ ID, Title, Text string }
			if err := json.Unmarshal(sc.Bytes(), &it); err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			articles = append(articles, brief.Article{ID: it.ID, Title: it.Title, Text: it.Text})
		}
		f.Close()
	}
	files, _ := filepath.Glob(filepath.Join(shared, "eval", "bbc", "*", "articles", "*.txt"))
	for _, p := range files {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		title, text, _ := strings.Cut(string(b), "\n")
		articles = append(articles, brief.Article{ID: p, Title: title, Text: text})
	}
	if seed, err := os.ReadFile(filepath.Join(shared, "seed-article.txt")); err == nil {
		title, text, _ := strings.Cut(string(seed), "\n")
		articles = append(articles, brief.Article{ID: "seed", Title: title, Text: text})
	}
	if len(articles) == 0 {
		t.Skip("no articles found under ../shared")
	}
	for _, a := range articles {
		if diff := cmp.Diff(slow.Match(a), fast.Match(a)); diff != "" {
			t.Errorf("%s: filtered matching differs (-exhaustive +filtered):\n%s", a.ID, diff)
		}
	}
	t.Logf("%d articles agree", len(articles))
}
