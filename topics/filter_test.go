package topics

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
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
	articles := sharedArticles(t)
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
	for _, a := range articles {
		if diff := cmp.Diff(slow.Match(a), fast.Match(a)); diff != "" {
			t.Errorf("%s: filtered matching differs (-exhaustive +filtered):\n%s", a.ID, diff)
		}
	}
	t.Logf("%d articles agree", len(articles))
}

// TestHopelessChangesNothing checks on real news that Match, which scores
// only the topics that are not hopeless, matches exactly the topics that
// Explain, which scores every topic, says match.
func TestHopelessChangesNothing(t *testing.T) {
	articles := sharedArticles(t)
	// Queries that hold for some of the news and fail for the rest, in
	// every construct, with group references and a group counting as
	// another; and a topic whose groups leave too few bits for each query
	// term to have its own.
	many := Definition{ID: "many-groups", Title: "Many groups", Query: "(@g0 OR shares OR profit* OR growth) AND (bank* OR market) NOT football"}
	for i := range 62 {
		many.Groups = append(many.Groups, Group{Name: fmt.Sprintf("g%d", i), Terms: []string{fmt.Sprintf("zq%dx", i)}})
	}
	many.Groups[0].Terms = append(many.Groups[0].Terms, "economy")
	defs := append(benchTopics(50), many,
		Definition{ID: "q-not", Title: "Not", Query: "(Iran OR Russia OR government) NOT football"},
		Definition{ID: "q-near", Title: "Near", Query: `(minister* NEAR/5 said) OR title:(Iran OR Brexit) OR "interest rates"`},
		Definition{ID: "q-field", Title: "Field", Query: "title:(economy OR growth OR profit*) AND text:bank*"},
		Definition{ID: "q-groups", Title: "Groups", Threshold: 0.3,
			Groups: []Group{
				{Name: "money", Weight: 0.4, Terms: []string{"bank*", "profit*", "shares"}},
				{Name: "firms", CountsAs: "money", Terms: []string{"company", "firm"}},
				{Name: "people", Terms: []string{"minister*", "chancellor"}},
			},
			Query: "@firms AND (@people OR sales) NOT @nothing",
		},
	)
	defs[len(defs)-1].Groups = append(defs[len(defs)-1].Groups, Group{Name: "nothing", Terms: []string{"zzqx"}})
	m, err := Compile(defs)
	if err != nil {
		t.Fatal(err)
	}
	matched := map[string]int{}
	for _, a := range articles {
		var want, got []string
		for _, e := range m.Explain(a) {
			if e.Matched {
				want = append(want, e.TopicID)
			}
		}
		for _, mt := range m.Match(a) {
			got = append(got, mt.TopicID)
			matched[mt.TopicID]++
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("%s: Match and Explain disagree (-Explain +Match):\n%s", a.ID, diff)
		}
	}
	for _, id := range []string{"many-groups", "q-not", "q-near", "q-field", "q-groups"} {
		if n := matched[id]; n == 0 || n == len(articles) {
			t.Errorf("topic %s matched %d of %d articles; the test needs some of each", id, n, len(articles))
		}
	}
}

// sharedArticles reads the news under ../shared, or skips the test.
func sharedArticles(t *testing.T) []brief.Article {
	t.Helper()
	shared := filepath.Join("..", "..", "shared")
	if _, err := os.Stat(shared); errors.Is(err, os.ErrNotExist) {
		t.Skipf("no shared data at %s (../shared next to the repository)", shared)
	}
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
	return articles
}
