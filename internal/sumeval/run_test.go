package sumeval

import (
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// writeSet lays out a small data set the way the BBC split is laid out.
func writeSet(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, text := range files {
		path := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

var smallSet = map[string]string{
	"business/articles/001.txt":  "Oil rises\n\nOil rose on Monday. Traders were calm.\nPrices may fall later. Nobody knows.\n",
	"business/summaries/001.txt": "Prices may fall later.Oil rose on Monday.",
	"politics/articles/001.txt":  "Vote held\n\nThe vote was held on Friday. Turnout was low.\nThe result is due today.\n",
	"politics/summaries/001.txt": "The result is due today.",
	"politics/README.md":         "not an article",
}

func TestLoad(t *testing.T) {
	docs, err := Load(writeSet(t, smallSet))
	if err != nil {
		t.Fatal(err)
	}
	want := []Doc{
		{Category: "business", Name: "001.txt", Title: "Oil rises",
			Body:      "Oil rose on Monday. Traders were calm.\nPrices may fall later. Nobody knows.",
			Reference: "Prices may fall later.Oil rose on Monday."},
		{Category: "politics", Name: "001.txt", Title: "Vote held",
			Body:      "The vote was held on Friday. Turnout was low.\nThe result is due today.",
			Reference: "The result is due today."},
	}
	if diff := cmp.Diff(want, docs); diff != "" {
		t.Errorf("Load (-want +got):\n%s", diff)
	}
}

func TestLoadErrors(t *testing.T) {
	tests := []struct {
		name  string
		files map[string]string
	}{
		{"no articles at all", map[string]string{"README.md": "x"}},
		{"article without summary", map[string]string{"business/articles/001.txt": "T\n\nBody."}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := Load(writeSet(t, tt.files)); err == nil {
				t.Error("Load succeeded, want an error")
			}
		})
	}
	t.Run("missing directory", func(t *testing.T) {
		if _, err := Load(filepath.Join(t.TempDir(), "nope")); err == nil {
			t.Error("Load succeeded, want an error")
		}
	})
}

func TestRefLength(t *testing.T) {
	tests := []struct {
		name string
		ref  string
		want int
	}{
		{"glued sentences", "One is here.Two is here.Three?", 3},
		{"spaced sentences", "One is here. Two is here.", 2},
		{"glued quote opens the next", `He said no."We will," she said.`, 2},
		{"closing quote before the glue", `"We will win."Then he left.`, 2},
		{"decimals and initials do not split", "Growth was 3.5% said J. Smith of the U.S. Treasury.", 1},
		{"no final stop", "One sentence without a stop", 1},
		{"empty", "", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := RefLength(tt.ref); got != tt.want {
				t.Errorf("RefLength(%q) = %d, want %d", tt.ref, got, tt.want)
			}
		})
	}
}

func TestLeadAndOracle(t *testing.T) {
	body := "Oil rose on Monday. Traders were calm.\nPrices may fall later. Nobody knows."
	if got, want := Lead(body, 2), []string{"Oil rose on Monday.", "Traders were calm."}; !cmp.Equal(got, want) {
		t.Errorf("Lead = %q, want %q", got, want)
	}
	if got := Lead(body, 10); len(got) != 4 {
		t.Errorf("Lead(10) has %d sentences, want all 4", len(got))
	}
	// The oracle finds the two reference sentences and returns them in
	// article order; a third sentence would only lower the score.
	got := Oracle(body, "Prices may fall later.Oil rose on Monday.", 3, 0)
	if want := []string{"Oil rose on Monday.", "Prices may fall later."}; !cmp.Equal(got, want) {
		t.Errorf("Oracle = %q, want %q", got, want)
	}
}

func TestRun(t *testing.T) {
	dir := writeSet(t, smallSet)
	var out strings.Builder
	last := func(body string, n int) []string {
		s := Lead(body, 100)
		return s[len(s)-min(n, len(s)):]
	}
	if err := Run(t.Context(), Options{Data: dir, N: 1}, last, &out); err != nil {
		t.Fatal(err)
	}
	report := out.String()
	for _, line := range []string{
		`(?m)^# sumeval data=\S+ n=1 max_tokens=none`,
		`(?m)^category\s+system\s+docs\s+R1\s+R2\s+RL\s+us/doc$`,
		// The last sentence of the politics article is its whole reference.
		`(?m)^politics\s+briefbot\s+1\s+100\.00\s+100\.00\s+100\.00\s+\d+\.\d$`,
		`(?m)^politics\s+lead-1\s+1\s+`,
		`(?m)^politics\s+oracle\s+1\s+100\.00\s+100\.00\s+100\.00\s+-$`,
		`(?m)^overall\s+briefbot\s+2\s+`,
		`(?m)^overall\s+lead-1\s+2\s+`,
		`(?m)^business\s+oracle\s+1\s+`,
	} {
		if !regexp.MustCompile(line).MatchString(report) {
			t.Errorf("report has no line matching %s:\n%s", line, report)
		}
	}

	out.Reset()
	if err := Run(t.Context(), Options{Data: dir, RefLength: true, MaxTokens: 60}, last, &out); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "n=ref max_tokens=60") || !strings.Contains(out.String(), "lead-ref") {
		t.Errorf("reference-length report:\n%s", out.String())
	}
}

func TestEvaluate(t *testing.T) {
	dir := writeSet(t, smallSet)
	// The summarizer under test is Lead-1 itself, so its scores and the
	// baseline's must agree in every category.
	lead := func(body string, n int) []string { return Lead(body, n) }
	res, err := Evaluate(t.Context(), Options{Data: dir, N: 1}, lead)
	if err != nil {
		t.Fatal(err)
	}
	if len(res) != 9 {
		t.Fatalf("got %d results, want 3 systems x (2 categories + overall)", len(res))
	}
	scores := map[[2]string][3]float64{}
	for _, r := range res {
		scores[[2]string{r.Category, r.System}] = [3]float64{r.R1, r.R2, r.RL}
	}
	for _, c := range []string{"business", "politics", "overall"} {
		b, l := scores[[2]string{c, "briefbot"}], scores[[2]string{c, "lead-1"}]
		if b != l {
			t.Errorf("%s: briefbot %v, lead-1 %v", c, b, l)
		}
	}
}

func TestEvaluateErrors(t *testing.T) {
	dir := writeSet(t, smallSet)
	lead := func(body string, n int) []string { return Lead(body, n) }
	if _, err := Evaluate(t.Context(), Options{Data: dir}, lead); err == nil {
		t.Error("N=0 without RefLength: want an error")
	}
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	if _, err := Evaluate(ctx, Options{Data: dir, N: 1}, lead); err == nil {
		t.Error("cancelled context: want an error")
	}
}
