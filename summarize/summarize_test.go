package summarize

import (
	"flag"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"
)

var update = flag.Bool("update", false, "rewrite testdata/*.golden from the current output")

// terms returns a Focus that counts matches of the patterns, the way a
// topic's term list would.
func terms(patterns ...string) func(string) float64 {
	res := make([]*regexp.Regexp, len(patterns))
	for i, p := range patterns {
		res[i] = regexp.MustCompile(p)
	}
	return func(s string) float64 {
		n := 0
		for _, re := range res {
			n += len(re.FindAllStringIndex(s, -1))
		}
		return float64(n)
	}
}

func readTestdata(t testing.TB, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// checkSummary checks what every summary must be: verbatim sentences of
// text, in article order, none repeated, within the length asked for.
func checkSummary(t *testing.T, text string, opt Options, got []string) {
	t.Helper()
	pos := 0
	for i, s := range got {
		k := strings.Index(text[pos:], s)
		if k < 0 {
			t.Fatalf("sentence %d %q is not verbatim in the text after the previous one", i, s)
		}
		pos += k + len(s)
	}
	limit := opt.N
	if limit <= 0 && opt.MaxChars <= 0 {
		limit = defaultN
	}
	if limit > 0 && len(got) > limit {
		t.Errorf("got %d sentences, want at most %d", len(got), limit)
	}
	if opt.MaxChars > 0 && len(got) > 1 {
		size := len(got) - 1
		for _, s := range got {
			size += utf8.RuneCountInString(s)
		}
		if size > opt.MaxChars {
			t.Errorf("summary has %d characters, budget %d", size, opt.MaxChars)
		}
	}
	if opt.Title != "" {
		for _, s := range got {
			if strings.EqualFold(s, opt.Title) {
				t.Errorf("summary holds the title %q", s)
			}
		}
	}
}

func TestSummarizeProperties(t *testing.T) {
	river := readTestdata(t, "river-treaty.txt")
	texts := map[string]string{
		"river treaty": river,
		"russian": "Президент Ирана Эбрахим Раиси прибыл в Москву. Раиси и Путин обсудили ядерную сделку. " +
			"Переговоры в Вене вступили в решающую фазу, т.е. стороны близки к соглашению. " +
			"Москва поддерживает позицию Тегерана по ядерной сделке. Визит продлится два дня.",
		"persian": "رئیس جمهور ایران به مسکو سفر کرد. او با پوتین درباره توافق هسته ای گفتگو کرد. " +
			"آیا این سفر موفق بود؟ دو طرف درباره همکاری اقتصادی و توافق هسته ای توافق کردند.",
		"one sentence":   "Only one sentence is here.",
		"headlines only": "Iran talks resume\nOil prices fall\nMarkets calm",
	}
	opts := map[string]Options{
		"zero value":       {},
		"one sentence":     {N: 1},
		"five sentences":   {N: 5},
		"budget 300":       {MaxChars: 300},
		"budget 40":        {MaxChars: 40},
		"budget and count": {N: 2, MaxChars: 400},
		"title":            {Title: "Neighbours sign river treaty after decade of talks"},
		"focus":            {Focus: terms(`(?i)farmer`)},
		"focus nowhere":    {Focus: terms(`nothing matches this`)},
		"title and focus":  {N: 4, Title: "Iran talks resume", Focus: terms(`(?i)iran|ирана|ایران`)},
	}
	for tname, text := range texts {
		for oname, opt := range opts {
			t.Run(tname+"/"+oname, func(t *testing.T) {
				got := Summarize(text, opt)
				if len(got) == 0 {
					t.Fatal("empty summary of a text that has sentences")
				}
				checkSummary(t, text, opt, got)
				if again := Summarize(text, opt); !cmp.Equal(got, again) {
					t.Errorf("second run differs:\n%s", cmp.Diff(got, again))
				}
			})
		}
	}
}

func TestSummarizeLength(t *testing.T) {
	text := readTestdata(t, "river-treaty.txt")
	tests := []struct {
		name string
		opt  Options
		want int
	}{
		{"zero value gives three", Options{}, 3},
		{"negative N gives three", Options{N: -2}, 3},
		{"N is respected", Options{N: 5}, 5},
		// 42 pieces, less the headline, byline, link, caption, "About the author" and the biography after it.
		{"N larger than the article gives every sentence", Options{N: 500}, 36},
		{"a tiny budget still gives one sentence", Options{MaxChars: 10}, 1},
		// The lede (196 characters) leads this wire report; one short sentence fits beside it.
		{"budget limits the count", Options{MaxChars: 250}, 2},
		{"N caps a generous budget", Options{N: 2, MaxChars: 5000}, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Summarize(text, tt.opt)
			if len(got) != tt.want {
				t.Errorf("got %d sentences, want %d:\n%s", len(got), tt.want, strings.Join(got, "\n"))
			}
			checkSummary(t, text, tt.opt, got)
		})
	}
}

func TestSummarizeLeavesOutPageMatter(t *testing.T) {
	text := readTestdata(t, "river-treaty.txt")
	got := strings.Join(Summarize(text, Options{N: 1000, Title: "Neighbours sign river treaty after decade of talks"}), "\n")
	for _, unwanted := range []string{
		"Neighbours sign river treaty",         // headline
		"By Anna Keller",                       // byline
		"VIENNA (Wire)",                        // dateline
		"Read more",                            // link footer
		"Photo:",                               // caption
		"About the author",                     // footer
		"Anna Keller covers regional politics", // author biography
	} {
		if strings.Contains(got, unwanted) {
			t.Errorf("summary holds %q", unwanted)
		}
	}
	if !strings.Contains(got, "\nThree countries that share the Maro river") && !strings.HasPrefix(got, "Three countries") {
		t.Errorf("summary lost the first sentence after its dateline:\n%s", got)
	}
}

func TestSummarizeEdgeCases(t *testing.T) {
	tests := []struct {
		name string
		text string
		opt  Options
		want []string
	}{
		{"empty text", "", Options{}, nil},
		{"only white space", " \n\n ", Options{}, nil},
		{"only boilerplate", "Written by The Frontier Post\n\nAbout the author\n\nThe Frontier Post", Options{}, nil},
		{"fragments only fall back to fragments", "Iran talks resume\nOil prices fall", Options{N: 1},
			[]string{"Iran talks resume"}},
		{"feed paragraphs", "Oil rose on Monday as supply fell.\n\nTraders said supply fell in the Gulf.\n\nRead more: oil",
			Options{N: 5}, []string{"Oil rose on Monday as supply fell.", "Traders said supply fell in the Gulf."}},
		{"wire dateline is trimmed", "KYIV, Ukraine, March 3 (Wire) — Ukraine and Poland agreed to reopen the border crossing on Friday.",
			Options{}, []string{"Ukraine and Poland agreed to reopen the border crossing on Friday."}},
		{"capitals before a dash are no dateline", "NATO—the alliance of thirty states—met in Brussels on Friday.",
			Options{}, []string{"NATO—the alliance of thirty states—met in Brussels on Friday."}},
		{"a sentence before a dash is no dateline", "NATO chief Mark Rutte said - as expected - that spending must rise.",
			Options{}, []string{"NATO chief Mark Rutte said - as expected - that spending must rise."}},
		{"a footer heading ends the article", "Oil rose on Monday as supply fell.\n\nMore from our reporters\n\nOil fell again on Tuesday, traders said.",
			Options{N: 5}, []string{"Oil rose on Monday as supply fell."}},
		{"a sentence that starts like a footer is news", "Oil rose on Monday as supply fell.\n\nMore from the talks is expected today.",
			Options{N: 5}, []string{"Oil rose on Monday as supply fell.", "More from the talks is expected today."}},
		{"list marker is trimmed", "The plan has three parts, officials said.\n- Lower taxes for farmers near the river.\n- More schools.",
			Options{N: 2}, []string{"The plan has three parts, officials said.", "Lower taxes for farmers near the river."}},
		{"agency dateline glued to the lede is trimmed", "(CNN)Police in Japan arrested a man on Sunday after five neighbours were killed.",
			Options{}, []string{"Police in Japan arrested a man on Sunday after five neighbours were killed."}},
		{"place and agency dateline is trimmed", "Sanaa, Yemen (CNN)Rebels took the airport on Friday, officials said.",
			Options{}, []string{"Rebels took the airport on Friday, officials said."}},
		{"agency dateline with a dash is trimmed", "Washington (AP) -- The House passed the budget bill late on Friday.",
			Options{}, []string{"The House passed the budget bill late on Friday."}},
		{"initials in brackets after words are no dateline", "The agency (IAEA) said on Monday that inspectors had returned.",
			Options{}, []string{"The agency (IAEA) said on Monday that inspectors had returned."}},
		{"duplicate sentence is said once", "Oil prices rose sharply on Monday. Oil prices rose sharply on Monday. Gas was flat all week long.",
			Options{N: 2}, []string{"Oil prices rose sharply on Monday.", "Gas was flat all week long."}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Summarize(tt.text, tt.opt)
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Summarize mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

// liraReport is a wire story whose lede shares few words with the rest, and
// whose quotations repeat what the body is about.
const liraReport = `Turkey's central bank raised its main interest rate to 50 percent on Thursday, a bigger step than markets had expected.
"Savers have lost faith in the lira, and every rise in prices pushes more of their lira into dollars," said one economist in Istanbul.
Exporters said a weaker lira had helped their sales abroad this year, although the lira's fall also raised the cost of imported parts.
Shopkeepers in Istanbul said prices of bread, rent and fuel had doubled in a year as the lira lost value against the dollar and the euro.
Economists said the lira would keep falling as long as prices rose faster than wages and savers kept buying dollars instead of lira.
"The lira will not recover until prices stop rising," said a second economist. "Savers know it, and they buy dollars."
The bank will next decide on rates in March.`

func TestSummarizeWireReport(t *testing.T) {
	const lede = "Turkey's central bank raised its main interest rate to 50 percent on Thursday, a bigger step than markets had expected."
	isQuote := func(s string) bool { return strings.ContainsAny(s, `"“”`) }
	t.Run("the lede of a wire report leads its summary", func(t *testing.T) {
		text := "ANKARA (Wire) - " + liraReport
		opt := Options{N: 2}
		got := Summarize(text, opt)
		checkSummary(t, text, opt, got)
		if len(got) == 0 || got[0] != lede {
			t.Errorf("summary does not open with the lede %q:\n%s", lede, strings.Join(got, "\n"))
		}
	})
	t.Run("a dateline before a fragment still marks a wire report", func(t *testing.T) {
		text := "ANKARA (Wire) - Latest:\n\n" + liraReport
		got := Summarize(text, Options{N: 2})
		if len(got) == 0 || got[0] != lede {
			t.Errorf("summary does not open with the lede %q:\n%s", lede, strings.Join(got, "\n"))
		}
	})
	t.Run("quotations count for less than the report", func(t *testing.T) {
		text := "ANKARA (Wire) - " + liraReport
		opt := Options{N: 4}
		got := Summarize(text, opt)
		checkSummary(t, text, opt, got)
		for _, s := range got {
			if isQuote(s) {
				t.Errorf("summary of a wire report holds the quotation %q while reported sentences are left:\n%s", s, strings.Join(got, "\n"))
			}
		}
	})
	t.Run("text without a dateline is ranked by centrality alone", func(t *testing.T) {
		// The same story as a feature: the lede, which shares no word with
		// the rest, is not promised a place.
		got := Summarize(liraReport, Options{N: 2})
		if slices.Contains(got, lede) {
			t.Errorf("summary of undated text holds the peripheral first sentence:\n%s", strings.Join(got, "\n"))
		}
	})
}

func TestSummarizeFocus(t *testing.T) {
	text := readTestdata(t, "river-treaty.txt")
	focus := terms(`(?i)\bfarm`, `(?i)\bharvest`, `(?i)\bmaize\b`)
	got := Summarize(text, Options{N: 3, Focus: focus})
	checkSummary(t, text, Options{N: 3}, got)
	for _, s := range got {
		if focus(s) == 0 {
			t.Errorf("focused summary holds %q, which is not about farming:\n%s", s, strings.Join(got, "\n"))
		}
	}
}

// TestSummarizeSeedArticle checks the briefings of the shared seed article:
// an article about Iran and Russia that also covers the nuclear deal and
// the Shanghai Cooperation Organisation.
func TestSummarizeSeedArticle(t *testing.T) {
	path := filepath.Join("..", "..", "shared", "seed-article.txt")
	b, err := os.ReadFile(path)
	if err != nil {
		t.Skipf("seed article not available (%v); it lives in ../shared next to the repository", err)
	}
	text := string(b)
	iran := terms(`(?i)\b(iran|iranian|tehran|raisi|riasi)`)
	russia := terms(`(?i)\b(russia|russian|moscow|putin|kremlin)`)
	both := func(s string) float64 {
		if iran(s) == 0 || russia(s) == 0 {
			return 0
		}
		return iran(s) + russia(s)
	}
	jcpoa := terms(`(?i)\bjcpoa\b|nuclear deal|joint comprehensive plan of action|\biaea\b|enrichment|vienna talks`)
	sco := terms(`\bSCO\b`, `(?i)shanghai cooperation organi[sz]ation`)
	tests := []struct {
		topic string
		focus func(string) float64
		about *regexp.Regexp // what every summary sentence must mention
	}{
		{"iran-russia", both, regexp.MustCompile(`(?i)(iran|tehran|raisi|riasi).*(russia|moscow|putin)|(russia|moscow|putin).*(iran|tehran|raisi|riasi)`)},
		{"jcpoa", jcpoa, regexp.MustCompile(`(?i)jcpoa|joint comprehensive|iaea|nuclear`)},
		{"sco", sco, regexp.MustCompile(`SCO|Shanghai Cooperation`)},
	}
	for _, tt := range tests {
		t.Run(tt.topic, func(t *testing.T) {
			opt := Options{N: 3, Title: "Russia-Iran bonds and global diplomacy", Focus: tt.focus}
			got := Summarize(text, opt)
			if len(got) != 3 {
				t.Fatalf("got %d sentences, want 3", len(got))
			}
			checkSummary(t, text, opt, got)
			for _, s := range got {
				if !tt.about.MatchString(s) {
					t.Errorf("%s briefing holds %q, which is off topic", tt.topic, s)
				}
				if strings.Contains(s, "Frontier Post") || strings.Contains(s, "About the author") {
					t.Errorf("%s briefing holds page matter %q", tt.topic, s)
				}
			}
		})
	}
}

func TestSummarizeGolden(t *testing.T) {
	text := readTestdata(t, "river-treaty.txt")
	runs := []struct {
		name string
		opt  Options
	}{
		{"default", Options{Title: "Neighbours sign river treaty after decade of talks"}},
		{"five", Options{N: 5, Title: "Neighbours sign river treaty after decade of talks"}},
		{"budget-400", Options{MaxChars: 400, Title: "Neighbours sign river treaty after decade of talks"}},
		{"focus-environment", Options{Focus: terms(`(?i)environment|fish|pollution|conservation`)}},
	}
	var b strings.Builder
	for _, r := range runs {
		b.WriteString("## " + r.name + "\n")
		for _, s := range Summarize(text, r.opt) {
			b.WriteString(s + "\n")
		}
	}
	got := b.String()
	golden := filepath.Join("testdata", "river-treaty.golden")
	if *update {
		if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want := readTestdata(t, "river-treaty.golden")
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("summaries differ from %s (-want +got); run go test -update and review:\n%s", golden, diff)
	}
}

func TestSummarizeConcurrent(t *testing.T) {
	text := readTestdata(t, "river-treaty.txt")
	opts := []Options{{}, {N: 5}, {MaxChars: 300}, {Focus: terms(`(?i)farm`)}}
	want := make([][]string, len(opts))
	for i, o := range opts {
		want[i] = Summarize(text, o)
	}
	var s Summarizer
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Go(func() {
			for k := range 20 {
				i := (g + k) % len(opts)
				if got := s.Summarize(text, opts[i]); !cmp.Equal(want[i], got) {
					t.Errorf("concurrent run %d differs:\n%s", i, cmp.Diff(want[i], got))
				}
			}
		})
	}
	wg.Wait()
}

// FuzzSummarize checks that any text gives verbatim sentences in article
// order, within the length asked for, the same on every run.
func FuzzSummarize(f *testing.F) {
	f.Add("Written by X\n\nTEHRAN (Wire) - Iran met Russia on Monday. Talks went well, officials said.\n\nRead more: x", 2, 0)
	f.Add("Headline\n- item one here\n- item two here", 0, 20)
	f.Add("Путин встретился с Раиси в Москве. Переговоры прошли в 2022 г. в Кремле.", 1, 0)
	f.Fuzz(func(t *testing.T, text string, n, maxChars int) {
		n, maxChars = n%50, maxChars%2000
		opt := Options{N: n, MaxChars: max(maxChars, 0), Focus: func(s string) float64 { return float64(strings.Count(s, "a")) }}
		got := Summarize(text, opt)
		checkSummary(t, text, opt, got)
		if again := Summarize(text, opt); !cmp.Equal(got, again) {
			t.Fatalf("second run differs:\n%s", cmp.Diff(got, again))
		}
	})
}
