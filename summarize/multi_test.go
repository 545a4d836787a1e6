package summarize

import (
	"bufio"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode"

	"github.com/google/go-cmp/cmp"

	"briefbot/brief"
)

// base is the fixtures' clock: the event happens on its morning.
var base = time.Date(2026, 3, 10, 6, 0, 0, 0, time.UTC)

// fourOutlets is one event (Iran and Russia sign a railway contract)
// reported by four invented outlets under four headlines, each in its own
// words, in the order they published.
func fourOutlets() []brief.Article {
	return []brief.Article{
		{
			ID: "cw-1", Source: "Caspian Wire", Link: "https://caspian-wire.example/rail",
			Title:     "Iran and Russia sign Rasht-Astara railway contract",
			Published: base,
			Text: "TEHRAN (Caspian Wire) - Iran and Russia signed a contract on Tuesday to build the Rasht-Astara railway, the missing link of a corridor from St Petersburg to the Gulf. " +
				"Russia will lend 1.3 billion euros for the 162-kilometre line, officials said. " +
				"Construction is due to start next year and take four years. " +
				"The Iranian transport minister called the line a turning point for regional trade.",
		},
		{
			ID: "edr-1", Source: "Eurasia Diplomatic Review", Link: "https://eurasia-diplomatic-review.example/rail",
			Title:     "Moscow bankrolls Iran's last corridor gap",
			Published: base.Add(40 * time.Minute),
			Text: "Moscow has agreed to finance the last unbuilt stretch of the North-South Transport Corridor through Iran. " +
				"Under the deal signed in Tehran, Russian state lenders will cover most of the cost of the line between Rasht and Astara. " +
				"Freight from Russian Baltic ports could reach Indian Ocean harbours in about ten days once the line opens. " +
				"Analysts in Moscow said the project had stalled for years over money.",
		},
		{
			ID: "glm-1", Source: "Gulf & Levant Monitor", Link: "https://gulf-levant-monitor.example/rail",
			Title:     "Tehran, Moscow seal rail deal to bypass Suez",
			Published: base.Add(2 * time.Hour),
			Text: "Cargo between Russia and India would skip the Suez Canal under a railway agreement sealed by Tehran and Moscow this week. " +
				"The two governments signed the Rasht-Astara railway contract on Tuesday, with Russian loans paying for the line. " +
				"Shipping firms in Dubai said the route could cut transit times by a third. " +
				"Western diplomats warned that the corridor would help both countries blunt sanctions.",
		},
		{
			ID: "sb-1", Source: "Steppe Bulletin", Link: "https://steppe-bulletin.example/rail",
			Title:     "Railway pact links Caspian to Gulf",
			Published: base.Add(5 * time.Hour),
			Text: "A railway pact signed by Iran and Russia will link Caspian ports to the Gulf by 2030. " +
				"Azerbaijan, whose network the corridor crosses, welcomed the agreement. " +
				"The line will run for 162 kilometres along the Caspian coast through Gilan province. " +
				"Kazakh officials said they hoped to join the corridor's eastern branch.",
		},
	}
}

// checkStory checks what every story summary must be: each sentence
// verbatim in the article it cites, at the offset it gives, no two
// sentences repeating each other (more than 60% of their words of four
// letters or more in common), in the order things were reported, and
// within the length asked for.
func checkStory(t *testing.T, articles []brief.Article, opt StoryOptions, got []Cited) {
	t.Helper()
	checkCited(t, articles, opt, got)
	for i, c := range got {
		for j := range i {
			if jac := jaccard(got[j].Text, c.Text); jac > 0.6 {
				t.Errorf("sentences %d and %d repeat each other (word overlap %.2f):\n%q\n%q", j, i, jac, got[j].Text, c.Text)
			}
		}
	}
}

// checkCited checks checkStory's properties but repetition, which the
// test measures its own way and so only on real prose.
func checkCited(t *testing.T, articles []brief.Article, opt StoryOptions, got []Cited) {
	t.Helper()
	for i, c := range got {
		if c.Article < 0 || c.Article >= len(articles) {
			t.Fatalf("sentence %d cites article %d of %d", i, c.Article, len(articles))
		}
		a := articles[c.Article]
		if c.ArticleID != a.ID {
			t.Errorf("sentence %d cites article %d as %q, its ID is %q", i, c.Article, c.ArticleID, a.ID)
		}
		if c.Text == "" || c.Offset < 0 || c.Offset+len(c.Text) > len(a.Text) || a.Text[c.Offset:c.Offset+len(c.Text)] != c.Text {
			t.Fatalf("sentence %d %q is not in article %q at offset %d", i, c.Text, a.ID, c.Offset)
		}
		if i > 0 {
			p := got[i-1]
			pt, ct := articles[p.Article].Published, a.Published
			if ct.Before(pt) || ct.Equal(pt) && p.Article == c.Article && c.Offset < p.Offset {
				t.Errorf("sentence %d (%s, offset %d) comes after sentence %d (%s, offset %d)",
					i, ct.Format(time.RFC3339), c.Offset, i-1, pt.Format(time.RFC3339), p.Offset)
			}
		}
	}
	limit := opt.N
	if limit <= 0 && opt.MaxChars <= 0 {
		limit = defaultN
	}
	if limit > 0 && len(got) > limit {
		t.Errorf("%d sentences, want at most %d", len(got), limit)
	}
	if opt.MaxChars > 0 && len(got) > 1 {
		size := len(got) - 1
		for _, c := range got {
			size += len([]rune(c.Text))
		}
		if size > opt.MaxChars {
			t.Errorf("%d characters, want at most %d", size, opt.MaxChars)
		}
	}
}

// jaccard is the overlap of two sentences' words of four letters or more,
// a test-side measure independent of the package's word handling.
func jaccard(a, b string) float64 {
	set := func(s string) map[string]bool {
		m := map[string]bool{}
		for _, w := range strings.FieldsFunc(strings.ToLower(s), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) {
			if len([]rune(w)) >= 4 {
				m[w] = true
			}
		}
		return m
	}
	sa, sb := set(a), set(b)
	if len(sa) == 0 || len(sb) == 0 {
		return 0
	}
	both := 0
	for w := range sa {
		if sb[w] {
			both++
		}
	}
	return float64(both) / float64(len(sa)+len(sb)-both)
}

func outletsOf(articles []brief.Article, got []Cited) []string {
	var out []string
	for _, c := range got {
		if s := articles[c.Article].Source; !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	return out
}

func TestSummarizeStoryFourOutlets(t *testing.T) {
	articles := fourOutlets()
	for name, opt := range map[string]StoryOptions{
		"default":     {},
		"two":         {N: 2},
		"budget 400":  {MaxChars: 400},
		"rail focus":  {Focus: terms(`(?i)railway|line`)},
		"many":        {N: 6},
		"budget only": {MaxChars: 1000},
	} {
		t.Run(name, func(t *testing.T) {
			got := SummarizeStory(articles, opt)
			if len(got) == 0 {
				t.Fatal("empty summary")
			}
			checkStory(t, articles, opt, got)
			outlets := outletsOf(articles, got)
			if len(outlets) < 2 {
				t.Errorf("sentences from %v only, want at least two outlets:\n%s", outlets, show(got))
			}
			// Each outlet has its own angle on the event, so a summary no
			// longer than the number of outlets takes one sentence from each.
			if len(got) <= len(articles) && len(outlets) < len(got) {
				t.Errorf("%d sentences from %d outlets, want one outlet each:\n%s", len(got), len(outlets), show(got))
			}
		})
	}
}

func show(got []Cited) string {
	var b strings.Builder
	for _, c := range got {
		fmt.Fprintf(&b, "[%d %s] %s\n", c.Article, c.ArticleID, c.Text)
	}
	return b.String()
}

func TestSummarizeStoryWireCopies(t *testing.T) {
	lede := "MOSCOW (Wire) - Russia offered on Monday to take Iran's stock of enriched uranium, a step it said could revive the nuclear deal."
	second := "The offer was made by the Russian foreign ministry after talks with Iranian diplomats in Moscow."
	copy1 := lede + " " + second + " Iran has not yet answered."
	copy2 := lede + " " + second + " Western capitals were cautious."
	copy3 := "Western diplomats reacted cautiously to a Russian plan to remove enriched uranium from Iran. " +
		"A European official said any transfer would need inspectors from the IAEA to account for every gram."
	articles := []brief.Article{
		{ID: "late-copy", Source: "Gulf & Levant Monitor", Title: "Russia offers to take Iran's uranium", Published: base.Add(3 * time.Hour), Text: copy2},
		{ID: "early-copy", Source: "Eurasia Diplomatic Review", Title: "Moscow proposes uranium transfer", Published: base, Text: copy1},
		{ID: "reaction", Source: "Caspian Wire", Title: "West cautious on uranium plan", Published: base.Add(5 * time.Hour), Text: copy3},
	}
	got := SummarizeStory(articles, StoryOptions{N: 4})
	checkStory(t, articles, StoryOptions{N: 4}, got)
	n := 0
	for _, c := range got {
		if strings.Contains(lede, c.Text) {
			n++
			if c.ArticleID != "early-copy" {
				t.Errorf("the wire lede cites %q, want the earliest copy", c.ArticleID)
			}
		}
		if strings.Contains(c.Text, "offer was made") {
			n++
		}
	}
	if n == 0 {
		t.Errorf("the wire copy's lede and second sentence are both missing:\n%s", show(got))
	}
	texts := map[string]int{}
	for _, c := range got {
		texts[c.Text]++
		if texts[c.Text] > 1 {
			t.Errorf("%q appears %d times:\n%s", c.Text, texts[c.Text], show(got))
		}
	}
	if len(outletsOf(articles, got)) < 2 {
		t.Errorf("one outlet only:\n%s", show(got))
	}
}

func TestSummarizeStoryRepeatInOtherWords(t *testing.T) {
	articles := []brief.Article{
		{ID: "a", Published: base, Title: "Raisi in Moscow",
			Text: "President Ebrahim Raisi met President Vladimir Putin in Moscow on Tuesday to discuss gas and railways."},
		{ID: "b", Published: base.Add(time.Hour), Title: "Talks in the Kremlin",
			Text: "Raisi met Putin in Moscow on Tuesday. The two leaders spoke for three hours about trade in grain."},
	}
	got := SummarizeStory(articles, StoryOptions{N: 3})
	checkStory(t, articles, StoryOptions{N: 3}, got)
	for _, c := range got {
		if c.Text == "Raisi met Putin in Moscow on Tuesday." {
			t.Errorf("the short sentence repeats the longer one and was kept:\n%s", show(got))
		}
	}
	if len(got) != 2 {
		t.Errorf("got %d sentences, want the meeting and the grain talks:\n%s", len(got), show(got))
	}
}

func TestSummarizeStoryOrder(t *testing.T) {
	articles := fourOutlets()
	slices.Reverse(articles) // input order must not matter, publication time does
	got := SummarizeStory(articles, StoryOptions{N: 4})
	checkStory(t, articles, StoryOptions{N: 4}, got)
	again := SummarizeStory(fourOutlets(), StoryOptions{N: 4})
	var a, b []string
	for i := range got {
		a = append(a, got[i].ArticleID+": "+got[i].Text)
	}
	for i := range again {
		b = append(b, again[i].ArticleID+": "+again[i].Text)
	}
	if !cmp.Equal(a, b) {
		t.Errorf("input order changed the summary:\n%s", cmp.Diff(a, b))
	}
}

func TestSummarizeStoryOneLanguage(t *testing.T) {
	articles := fourOutlets()
	articles = append(articles, brief.Article{
		ID: "ru-1", Source: "Каспийский вестник", Published: base.Add(-time.Hour),
		Title: "Россия и Иран подписали контракт на строительство железной дороги Решт — Астара",
		Text: "Россия и Иран во вторник подписали контракт на строительство железной дороги Решт — Астара. " +
			"Россия предоставит кредит в размере 1,3 миллиарда евро. Строительство начнётся в следующем году.",
	})
	got := SummarizeStory(articles, StoryOptions{N: 4})
	checkStory(t, articles, StoryOptions{N: 4}, got)
	for _, c := range got {
		if c.ArticleID == "ru-1" {
			t.Errorf("a Russian sentence in a summary of four English reports:\n%s", show(got))
		}
	}
	// A story told in Russian alone is summarised in Russian.
	ru := SummarizeStory(articles[len(articles)-1:], StoryOptions{})
	if len(ru) == 0 || ru[0].ArticleID != "ru-1" {
		t.Errorf("Russian story: got\n%s", show(ru))
	}
}

func TestSummarizeStoryEdgeCases(t *testing.T) {
	tests := []struct {
		name     string
		articles []brief.Article
		want     int // sentences
	}{
		{"no articles", nil, 0},
		{"no text", []brief.Article{{ID: "a", Title: "Iran and Russia sign a deal"}}, 0},
		{"title only in text", []brief.Article{{ID: "a", Title: "Iran and Russia sign a deal", Text: "Iran and Russia sign a deal"}}, 0},
		{"headline list", []brief.Article{{ID: "a", Text: "Iran talks resume\nOil prices fall"}}, 2},
		{"one article", []brief.Article{{ID: "a", Text: "Iran and Russia signed a deal on Monday. It covers grain and oil."}}, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := SummarizeStory(tt.articles, StoryOptions{})
			checkStory(t, tt.articles, StoryOptions{}, got)
			if len(got) != tt.want {
				t.Errorf("got %d sentences, want %d:\n%s", len(got), tt.want, show(got))
			}
		})
	}
}

func TestSummarizeStoryBudgetTooSmall(t *testing.T) {
	articles := fourOutlets()
	got := SummarizeStory(articles, StoryOptions{MaxChars: 20})
	if len(got) != 1 {
		t.Fatalf("got %d sentences, want the best one even over budget:\n%s", len(got), show(got))
	}
	checkStory(t, articles, StoryOptions{N: 1}, got)
}

// evalItem is one line of the dense story set's items.jsonl.
type evalItem struct {
	ID, Title, Text, Published, Link, Publisher string
}

// readDenseStories returns the dense developer split's items grouped by
// their gold story, each group in file order, or skips.
func readDenseStories(t testing.TB) [][]brief.Article {
	t.Helper()
	dir := filepath.Join("..", "..", "shared", "eval", "stories-dense")
	items, err := os.Open(filepath.Join(dir, "items.jsonl"))
	if err != nil {
		t.Skipf("dense story set not available (%v); it lives in ../shared/eval/stories-dense", err)
	}
	defer items.Close()
	gold, err := os.Open(filepath.Join(dir, "gold.jsonl"))
	if err != nil {
		t.Skipf("dense story gold not available (%v)", err)
	}
	defer gold.Close()
	story := map[string]string{}
	sc := bufio.NewScanner(gold)
	for sc.Scan() {
		var g struct{ ID, Story string }
		if err := json.Unmarshal(sc.Bytes(), &g); err != nil {
			t.Fatalf("gold.jsonl: %v", err)
		}
		story[g.ID] = g.Story
	}
	var order []string
	groups := map[string][]brief.Article{}
	sc = bufio.NewScanner(items)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		var it evalItem
		if err := json.Unmarshal(sc.Bytes(), &it); err != nil {
			t.Fatalf("items.jsonl: %v", err)
		}
		pub, err := time.Parse("2006-01-02 15:04:05-07:00", it.Published)
		if err != nil {
			pub, err = time.Parse(time.RFC3339Nano, it.Published)
		}
		if err != nil {
			t.Fatalf("item %s: %v", it.ID, err)
		}
		s, ok := story[it.ID]
		if !ok {
			t.Fatalf("item %s has no gold story", it.ID)
		}
		if _, seen := groups[s]; !seen {
			order = append(order, s)
		}
		groups[s] = append(groups[s], brief.Article{
			ID: it.ID, Source: it.Publisher, Link: it.Link, Title: it.Title, Text: it.Text, Published: pub.UTC(),
		})
	}
	if err := sc.Err(); err != nil {
		t.Fatalf("items.jsonl: %v", err)
	}
	out := make([][]brief.Article, len(order))
	for i, s := range order {
		out[i] = groups[s]
	}
	return out
}

// TestSummarizeStoryDenseEval summarises every gold story of the dense
// developer split and checks the properties every story summary must have.
func TestSummarizeStoryDenseEval(t *testing.T) {
	stories := readDenseStories(t)
	iran := terms(`(?i)\biran`, `(?i)teheran|tehran`)
	opts := map[string]StoryOptions{
		"default":    {},
		"two":        {N: 2},
		"budget 300": {MaxChars: 300},
		"focus":      {Focus: iran},
	}
	multi, several := 0, 0
	for oname, opt := range opts {
		for _, articles := range stories {
			got := SummarizeStory(articles, opt)
			t.Run(fmt.Sprintf("%s/%s", oname, articles[0].ID), func(t *testing.T) {
				hasText := slices.ContainsFunc(articles, func(a brief.Article) bool { return strings.TrimSpace(a.Text) != "" })
				if hasText && len(got) == 0 {
					t.Errorf("no summary of a story with text")
				}
				checkStory(t, articles, opt, got)
				if again := SummarizeStory(articles, opt); !cmp.Equal(got, again) {
					t.Errorf("second run differs:\n%s", cmp.Diff(got, again))
				}
			})
			if oname == "default" && len(articles) > 1 {
				multi++
				if len(outletsOf(articles, got)) > 1 {
					several++
				}
			}
		}
	}
	t.Logf("%d gold stories; %d with several items, of which %d summaries quote more than one outlet", len(stories), multi, several)
	if multi > 0 && float64(several) < math.Ceil(float64(multi)/2) {
		t.Errorf("only %d of %d multi-item stories quote more than one outlet", several, multi)
	}
}

func TestSummarizeStoryAddsRatherThanRestates(t *testing.T) {
	articles := []brief.Article{
		{ID: "a", Source: "A", Published: base, Title: "Riyadh and Tehran to restore ties",
			Text: "Saudi Arabia and Iran have agreed to resume diplomatic relations and reopen embassies, Iranian state media said on Friday. " +
				"The agreement was brokered by China after four days of talks in Beijing."},
		{ID: "b", Source: "B", Published: base.Add(time.Hour), Title: "Gulf rivals end rift",
			Text: "Iran and Saudi Arabia agreed on Friday to restore diplomatic relations after seven years of hostility. " +
				"Embassies will reopen within two months, the joint statement said."},
		{ID: "c", Source: "C", Published: base.Add(2 * time.Hour), Title: "Saudi Arabia and Iran make up",
			Text: "Saudi Arabia and Iran have announced they will resume ties after years of hostility."},
	}
	for name, opt := range map[string]StoryOptions{
		"no focus": {N: 2},
		// A focus on the two countries lifts every lede; it must not make
		// restating one pay.
		"focus": {N: 2, Focus: terms(`Iran`, `Saudi`)},
	} {
		t.Run(name, func(t *testing.T) {
			got := SummarizeStory(articles, opt)
			checkStory(t, articles, opt, got)
			ledes := 0
			for _, c := range got {
				if strings.HasPrefix(c.Text, "Saudi Arabia and Iran") || strings.HasPrefix(c.Text, "Iran and Saudi Arabia") {
					ledes++
				}
			}
			if ledes != 1 {
				t.Errorf("%d sentences announce the agreement, want one and then something new:\n%s", ledes, show(got))
			}
		})
	}
}

func TestSummarizeStoryCitesFirstCopy(t *testing.T) {
	shared := "Russia offered on Monday to take Iran's stock of enriched uranium, a step it said could revive the nuclear deal."
	articles := []brief.Article{
		{ID: "late", Source: "Late", Published: base.Add(2 * time.Hour), Title: "Russia offers to take Iran's uranium",
			Text: "MOSCOW (Wire) - " + shared + " Iran has not yet answered the offer."},
		{ID: "early", Source: "Early", Published: base, Title: "Uranium plan",
			Text: "Diplomats in Vienna were surprised by the timing of the news. " + shared + " European envoys were briefed on Sunday evening."},
	}
	got := SummarizeStory(articles, StoryOptions{N: 3})
	checkStory(t, articles, StoryOptions{N: 3}, got)
	found := false
	for _, c := range got {
		if c.Text == shared {
			found = true
			if c.ArticleID != "early" {
				t.Errorf("the sentence both articles carry cites %q, want the earlier %q", c.ArticleID, "early")
			}
		}
	}
	if !found {
		t.Errorf("the sentence both articles carry is missing:\n%s", show(got))
	}
}

func TestSummarizeStoryLongReportDoesNotCrowdOut(t *testing.T) {
	articles := []brief.Article{
		{ID: "wire", Source: "Wire", Published: base, Title: benchTitle, Text: readTestdata(t, "river-treaty.txt")},
		{ID: "b", Source: "B", Published: base.Add(time.Hour), Title: "Maro treaty signed",
			Text: "Aldovia, Brenn and Castara signed the Maro river treaty in Vienna on Tuesday. The deal ends a decade of quarrels over water."},
		{ID: "c", Source: "C", Published: base.Add(2 * time.Hour), Title: "Farmers wait for water",
			Text: "Farmers in Castara said the treaty on the Maro river would be judged by whether water reaches their pumps next summer."},
	}
	got := SummarizeStory(articles, StoryOptions{N: 3})
	checkStory(t, articles, StoryOptions{N: 3}, got)
	if outlets := outletsOf(articles, got); len(outlets) < 2 {
		t.Errorf("sentences from %v only, want the other outlets too:\n%s", outlets, show(got))
	}
}

func TestSummarizeStoryLeavesOutOtherNews(t *testing.T) {
	articles := append(fourOutlets(), brief.Article{
		ID: "newsletter", Source: "Morning Briefing", Published: base.Add(6 * time.Hour), Title: "Your morning briefing",
		Text: "Iran and Russia signed a contract to build the Rasht-Astara railway. " +
			"Also, Brazil's central bank cut its interest rate and a typhoon closed ports in southern Japan.",
	})
	opt := StoryOptions{N: 6}
	got := SummarizeStory(articles, opt)
	checkStory(t, articles, opt, got)
	for _, c := range got {
		if strings.Contains(c.Text, "Brazil") {
			t.Errorf("a newsletter's next item is in the summary:\n%s", show(got))
		}
	}
}

func TestSummarizeStoryConcurrent(t *testing.T) {
	stories := [][]brief.Article{fourOutlets(), riverStory(t, 6)}
	opts := []StoryOptions{{}, {N: 5}, {MaxChars: 300}, {Focus: terms(`(?i)rail|river`)}}
	want := map[[2]int][]Cited{}
	for si, st := range stories {
		for oi, o := range opts {
			want[[2]int{si, oi}] = SummarizeStory(st, o)
		}
	}
	var s Summarizer
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Go(func() {
			for k := range 10 {
				si, oi := (g+k)%len(stories), k%len(opts)
				if got := s.SummarizeStory(stories[si], opts[oi]); !cmp.Equal(want[[2]int{si, oi}], got) {
					t.Errorf("concurrent run (%d, %d) differs:\n%s", si, oi, cmp.Diff(want[[2]int{si, oi}], got))
				}
			}
		})
	}
	wg.Wait()
}

// FuzzSummarizeStory cuts its input into up to four articles at "|||" and
// checks that every summary sentence is verbatim in the article it cites,
// in order and within the length asked for, and the same on a second run;
// and that an update after the first article quotes only the others, and
// nothing the first carries.
func FuzzSummarizeStory(f *testing.F) {
	f.Add("TEHRAN (Wire) - Iran and Russia signed a rail deal on Monday. Officials said so.|||Iran and Russia signed a rail deal on Monday. It covers freight.|||Россия и Иран подписали соглашение.", 2, 0)
	f.Add("Headline\n- item one here\n- item two here|||Also, markets fell sharply today in Asia.", 0, 40)
	f.Add("|||||||||", 3, 10)
	f.Fuzz(func(t *testing.T, input string, n, maxChars int) {
		n, maxChars = n%20, maxChars%2000
		var articles []brief.Article
		for i, text := range strings.SplitN(input, "|||", 4) {
			articles = append(articles, brief.Article{
				ID: fmt.Sprint(i), Text: text, Title: "Iran and Russia",
				Published: base.Add(time.Duration(len(text)%3) * time.Hour),
			})
		}
		opt := StoryOptions{N: n, MaxChars: max(maxChars, 0), Focus: func(s string) float64 { return float64(strings.Count(s, "a")) }}
		got := SummarizeStory(articles, opt)
		checkCited(t, articles, opt, got)
		if again := SummarizeStory(articles, opt); !cmp.Equal(got, again) {
			t.Fatalf("second run differs:\n%s", cmp.Diff(got, again))
		}
		told, added := articles[:1], articles[1:]
		update := SummarizeUpdate(told, added, opt)
		checkCited(t, added, opt, update)
		for _, c := range update {
			if strings.Contains(told[0].Text, c.Text) {
				t.Fatalf("update quotes %q, which the told article carries", c.Text)
			}
		}
	})
}

func TestSummarizeStoryCountryAndPeopleMeet(t *testing.T) {
	// The first report says "Russian" where the others say "Russia": it must
	// not look unrelated to them and be left out.
	lede := "The Russian mercenary boss was on the passenger list of the jet that came down north of Moscow."
	articles := []brief.Article{
		{ID: "a", Source: "A", Published: base, Title: "Mercenary chief presumed dead after Russia plane crash", Text: lede},
		{ID: "b", Source: "B", Published: base.Add(time.Hour), Title: "Russia: video shows plane crash",
			Text: "Online footage appears to show a plane falling from the sky over the Tver region of Russia."},
		{ID: "c", Source: "C", Published: base.Add(2 * time.Hour), Title: "Russia plane crash: what we know",
			Text: "The mercenary chief is presumed dead after a plane he was meant to be on crashed."},
	}
	got := SummarizeStory(articles, StoryOptions{})
	checkStory(t, articles, StoryOptions{}, got)
	if !slices.ContainsFunc(got, func(c Cited) bool { return c.Text == lede }) {
		t.Errorf("the first report's lede is missing:\n%s", show(got))
	}
}

func TestSummarizeStoryFirstReportLeads(t *testing.T) {
	// Two outlets' ledes say nearly the same; the first report's is the one
	// kept, since it told what happened.
	articles := fourOutlets()
	got := SummarizeStory(articles, StoryOptions{})
	checkStory(t, articles, StoryOptions{}, got)
	if len(got) == 0 || got[0].ArticleID != "cw-1" || got[0].Offset > len("TEHRAN (Caspian Wire) - ") {
		t.Errorf("want the first report's lede first:\n%s", show(got))
	}
}
