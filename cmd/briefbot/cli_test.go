package main

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"briefbot/brief"
	"briefbot/internal/demo"
	"briefbot/store"
	"briefbot/store/sqlite"
)

// cli runs one briefbot command in-process and returns its exit code and output.
func cli(t *testing.T, stdin string, env map[string]string, args ...string) (int, string, string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code := Main(t.Context(), args, strings.NewReader(stdin), &out, &errOut, func(k string) string { return env[k] })
	return code, out.String(), errOut.String()
}

func TestVersionAndUsage(t *testing.T) {
	if code, out, _ := cli(t, "", nil, "version"); code != 0 || !strings.HasPrefix(out, "briefbot ") {
		t.Errorf("version: %d %q", code, out)
	}
	code, _, errOut := cli(t, "", nil, "frobnicate")
	if code != 2 || !strings.Contains(errOut, `unknown command "frobnicate"`) || !strings.Contains(errOut, "briefbot run") {
		t.Errorf("unknown command: exit %d, stderr %q", code, errOut)
	}
}

func TestConfigCheckReportsEveryProblem(t *testing.T) {
	p := filepath.Join(t.TempDir(), "bad.yaml")
	// Unknown keys and wrong types (found while decoding) come in the same
	// report as the values Validate refuses, each at its line and column.
	os.WriteFile(p, []byte("digest:\n  time: \"31:00\"\n  zone: Nowhere/Land\nsummary:\n  sentences: 40\n  sentencez: 3\npolling:\n  per_host: two\n"), 0o600)
	code, _, errOut := cli(t, "", nil, "config", "check", "-config", p)
	if code != 1 {
		t.Errorf("exit %d, want 1", code)
	}
	for _, want := range []string{"bad.yaml:2:9: digest.time", "bad.yaml:3:9: digest.zone", "bad.yaml:5:14: summary.sentences",
		`bad.yaml:6:3: unknown key "sentencez"`, "bad.yaml:8:13: polling.per_host: got `two`, want a whole number"} {
		if !strings.Contains(errOut, want) {
			t.Errorf("config check does not name %s:\n%s", want, errOut)
		}
	}
	code, out, _ := cli(t, "", map[string]string{"BRIEFBOT_TELEGRAM_TOKEN": "123:secret-token"}, "config", "check")
	if code != 0 || !strings.Contains(out, "configuration: OK") || strings.Contains(out, "secret-token") {
		t.Errorf("config check of the defaults: exit %d\n%s", code, out)
	}
}

func TestSummarizeCommand(t *testing.T) {
	article, err := os.ReadFile(filepath.Join("testdata", "article.txt"))
	if err != nil {
		t.Fatal(err)
	}
	code, out, errOut := cli(t, string(article), nil, "summarize", "-n", "2", "-topic", "iran_russia")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 2 {
		t.Fatalf("got %d lines, want 2:\n%s", len(lines), out)
	}
	flat := strings.Join(strings.Fields(string(article)), " ")
	for _, l := range lines {
		if !strings.Contains(flat, l) {
			t.Errorf("%q is not a sentence of the article", l)
		}
		if strings.Contains(l, "Read more") {
			t.Errorf("a footer made it into the summary: %q", l)
		}
	}
	if code, _, errOut := cli(t, "text", nil, "summarize", "-topic", "weather"); code != 1 || !strings.Contains(errOut, "known topics: jcpoa, sco, iran-russia") {
		t.Errorf("unknown topic: exit %d, %q", code, errOut)
	}
	code, out, _ = cli(t, string(article), nil, "summarize", "-max-chars", "200")
	if code != 0 || len(strings.TrimSpace(out)) == 0 {
		t.Fatalf("-max-chars: exit %d, %q", code, out)
	}
}

func TestMatchCommand(t *testing.T) {
	in := strings.Join([]string{
		`{"id":"1","title":"Iran and Russia sign gas swap deal","text":"Iran and Russia signed an agreement in Moscow on Caspian gas swaps."}`,
		`{"id":"2","title":"Shanghai stocks close higher","text":"The Shanghai Composite index rose 1.2 percent."}`,
		`not json`,
		`{"id":"4","title":"IAEA board censures Iran over uranium stockpile","text":"The IAEA Board of Governors passed a resolution on Iran's enriched uranium, putting pressure on the JCPOA talks in Vienna."}`,
	}, "\n")
	code, out, errOut := cli(t, in, nil, "match")
	if code != 1 || !strings.Contains(errOut, "line 3") {
		t.Errorf("exit %d, stderr %q; want 1 and the bad line named", code, errOut)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 4 {
		t.Fatalf("%d output lines for 4 inputs:\n%s", len(lines), out)
	}
	type topic struct {
		Topic string   `json:"topic"`
		Score float64  `json:"score"`
		Terms []string `json:"terms"`
	}
	var got []struct {
		ID     string  `json:"id"`
		Topics []topic `json:"topics"`
	}
	for _, l := range lines {
		var o struct {
			ID     string  `json:"id"`
			Topics []topic `json:"topics"`
		}
		if err := json.Unmarshal([]byte(l), &o); err != nil {
			t.Fatalf("output line %q: %v", l, err)
		}
		if o.Topics == nil {
			t.Errorf("line %q has no topics list; want [] when nothing matched", l)
		}
		got = append(got, o)
	}
	if got[0].ID != "1" || len(got[0].Topics) != 1 || got[0].Topics[0].Topic != "iran-russia" || len(got[0].Topics[0].Terms) == 0 {
		t.Errorf("line 1 = %+v, want iran-russia with its terms", got[0])
	}
	if len(got[1].Topics) != 0 {
		t.Errorf("the Shanghai stock market matched %+v", got[1].Topics)
	}
	if got[3].ID != "4" || len(got[3].Topics) == 0 || got[3].Topics[0].Topic != "jcpoa" {
		t.Errorf("line 4 = %+v, want jcpoa", got[3])
	}
}

func TestMatchCommandReadsAPlainTextArticle(t *testing.T) {
	article := "Putin hosts Iranian president as Moscow and Tehran deepen ties\n\n" +
		"Russian President Vladimir Putin received Iran's president in the Kremlin on Tuesday. " +
		"The two leaders signed agreements on trade, banking and the North-South Transport Corridor.\n"
	code, out, errOut := cli(t, article, nil, "match", "-text")
	if code != 0 {
		t.Fatalf("exit %d, stderr %q", code, errOut)
	}
	var o struct {
		Topics []struct {
			Topic string `json:"topic"`
			Hits  []struct {
				Found string `json:"found"`
				Field string `json:"field"`
			} `json:"hits"`
		} `json:"topics"`
	}
	if err := json.Unmarshal([]byte(out), &o); err != nil {
		t.Fatalf("output %q: %v", out, err)
	}
	if len(o.Topics) != 1 || o.Topics[0].Topic != "iran-russia" {
		t.Fatalf("topics %+v, want iran-russia", o.Topics)
	}
	inTitle := false
	for _, h := range o.Topics[0].Hits {
		inTitle = inTitle || h.Field == "title"
	}
	if !inTitle {
		t.Errorf("hits %+v: the first line should be read as the headline", o.Topics[0].Hits)
	}

	// The same text without -text is not JSON Lines: each line says so,
	// and the first points to -text.
	code, _, errOut = cli(t, article, nil, "match")
	if code != 1 || !strings.Contains(errOut, "briefbot match -text") {
		t.Errorf("plain text without -text: exit %d, stderr %q; want 1 and a pointer to -text", code, errOut)
	}
	if code, _, errOut = cli(t, "", nil, "match", "-title", "x"); code != 2 {
		t.Errorf("-title without -text: exit %d, stderr %q; want a usage error", code, errOut)
	}
}

func TestFeedsImportExportStatusResume(t *testing.T) {
	db := filepath.Join(t.TempDir(), "briefbot.db")
	code, out, errOut := cli(t, "", nil, "feeds", "import", "-db", db, filepath.Join("testdata", "bad.opml"))
	if code != 1 || !strings.Contains(errOut, "file:///etc/passwd") || !strings.Contains(errOut, "nothing imported") {
		t.Errorf("a file with an invalid outline: exit %d, %q %q", code, out, errOut)
	}
	code, out, _ = cli(t, "", nil, "feeds", "import", "-db", db, filepath.Join("testdata", "feeds.opml"))
	if code != 0 || !strings.Contains(out, "imported 3 feeds") {
		t.Fatalf("import: exit %d, %q", code, out)
	}
	if _, out, _ = cli(t, "", nil, "feeds", "import", "-db", db, filepath.Join("testdata", "feeds.opml")); !strings.Contains(out, "imported 0 feeds") || !strings.Contains(out, "3 already present") {
		t.Errorf("second import: %q", out)
	}
	code, out, _ = cli(t, "", nil, "feeds", "export", "-db", db)
	if code != 0 || !strings.Contains(out, `xmlUrl="https://wire.example/mideast.rss"`) || !strings.Contains(out, `text="Wires"`) {
		t.Errorf("export lost feeds or their folder:\n%s", out)
	}

	// A feed that failed until it was paused, then resumed by the operator.
	st, err := sqlite.Open(t.Context(), db, sqlite.Options{})
	if err != nil {
		t.Fatal(err)
	}
	st.SaveFeedState(t.Context(), store.FeedState{URL: "https://daily.example/feed.xml", Failures: 10, Paused: true, LastError: "fetch https://daily.example/feed.xml: 503 Service Unavailable", LastPoll: time.Now()})
	st.Close()
	code, out, _ = cli(t, "", nil, "feeds", "status", "-db", db)
	if code != 0 || !strings.Contains(out, "PAUSED") || !strings.Contains(out, "503 Service Unavailable") || !strings.Contains(out, "never polled") {
		t.Errorf("status:\n%s", out)
	}
	code, out, _ = cli(t, "", nil, "feeds", "resume", "-db", db, "https://daily.example/feed.xml")
	if code != 0 || !strings.Contains(out, "resumed") {
		t.Errorf("resume: exit %d %q", code, out)
	}
	if _, out, _ = cli(t, "", nil, "feeds", "status", "-db", db); strings.Contains(out, "PAUSED") {
		t.Errorf("still paused after resume:\n%s", out)
	}
}

func TestFeedsCheck(t *testing.T) {
	start := time.Now()
	pub := httptest.NewServer(demo.Handler(start, time.Now))
	defer pub.Close()
	broken := filepath.Join(t.TempDir(), "broken.xml")
	os.WriteFile(broken, []byte("<rss><channel><title>Cut off</title><item><title>x"), 0o600)
	url := pub.URL + demo.Feeds()[0].Path
	code, out, _ := cli(t, "", nil, "feeds", "check", "-allow-private", url, broken)
	if code != 0 {
		t.Errorf("exit %d: a broken feed is a finding, not a failure to run", code)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 3 || !strings.HasPrefix(lines[0], "OK  ") || !strings.Contains(lines[0], "items  Caspian Wire") ||
		!strings.HasPrefix(lines[1], "ERROR ") || !strings.Contains(lines[2], "checked 2 feeds: 1 OK, 1 errors") {
		t.Errorf("feeds check output:\n%s", out)
	}
	// Without -allow-private, a loopback feed is refused.
	if _, out, _ := cli(t, "", nil, "feeds", "check", url); !strings.HasPrefix(out, "ERROR ") {
		t.Errorf("a loopback feed was fetched without -allow-private:\n%s", out)
	}
}

func TestBriefCommand(t *testing.T) {
	db := filepath.Join(t.TempDir(), "briefbot.db")
	st, err := sqlite.Open(context.Background(), db, sqlite.Options{})
	if err != nil {
		t.Fatal(err)
	}
	now := time.Now().UTC()
	a := brief.Article{ID: "https://wire.example/1", FeedURL: "https://wire.example/rss", Source: "Wire", Title: "Iran and Russia sign gas deal",
		Link: "https://wire.example/1", Text: "Text.", Published: now.Add(-3 * time.Hour), Fetched: now}
	st.SaveArticle(t.Context(), a, []brief.Match{{ArticleID: a.ID, TopicID: "iran-russia", Score: 2, Summary: []string{"Iran and Russia signed a gas deal."}}}, store.SaveOptions{Now: now})
	st.Close()
	code, out, errOut := cli(t, "", nil, "brief", "iran_russia", "-since", "7d", "-db", db)
	if code != 0 || !strings.Contains(out, "last 7 days · 1 story") || !strings.Contains(out, "https://wire.example/1") || !strings.Contains(out, "signed a gas deal") {
		t.Errorf("brief: exit %d\n%s%s", code, out, errOut)
	}
	missing := filepath.Join(t.TempDir(), "typo", "briefbot.db")
	if code, _, errOut := cli(t, "", nil, "brief", "jcpoa", "-db", missing); code != 1 || !strings.Contains(errOut, "no database there") {
		t.Errorf("brief on a mistyped -db: exit %d, %q; want a refusal", code, errOut)
	}
	if _, err := os.Stat(filepath.Dir(missing)); !os.IsNotExist(err) {
		t.Errorf("brief created %s", filepath.Dir(missing))
	}
	code, _, errOut = cli(t, "", nil, "brief", "iran-rusia", "-db", db)
	if code != 1 || !strings.Contains(errOut, "Did you mean iran-russia?") {
		t.Errorf("brief with a typo: exit %d, %q", code, errOut)
	}
}

// The offline demo with piped commands: every command typed before Ctrl-D
// (end of input) is answered before the bot exits.
func TestDemoAnswersEveryCommandBeforeEOF(t *testing.T) {
	db := filepath.Join(t.TempDir(), "briefbot.db")
	code, out, errOut := cli(t, "/topics\n/brief sco\n/digest 07:30 Europe/Vienna\n", nil, "run", "-db", db)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	for _, want := range []string{"Topics I watch", "Shanghai Cooperation Organisation (SCO) · last 24 hours", "07:30 Europe/Vienna"} {
		if !strings.Contains(out, want) {
			t.Errorf("the demo exited without answering (%q missing):\n%s", want, out)
		}
	}
}

func TestHelpExitsZeroAndStrayArgumentsAreRefused(t *testing.T) {
	if code, _, errOut := cli(t, "", nil, "brief", "-h"); code != 0 || !strings.Contains(errOut, "Usage: briefbot brief") {
		t.Errorf("brief -h: exit %d, %q", code, errOut)
	}
	for _, args := range [][]string{{"version", "extra"}, {"config", "check", "extra"}, {"summarize", "oops"}, {"run", "now"}} {
		if code, _, errOut := cli(t, "", nil, args...); code != 2 || !strings.Contains(errOut, "unexpected argument") {
			t.Errorf("%v: exit %d, %q; want a usage error", args, code, errOut)
		}
	}
}

func TestHealthcheckReadsTheConfig(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/healthz" {
			w.Write([]byte("ok\n"))
			return
		}
		http.NotFound(w, r)
	}))
	defer srv.Close()
	p := filepath.Join(t.TempDir(), "b.yaml")
	os.WriteFile(p, []byte("http:\n  addr: "+strings.TrimPrefix(srv.URL, "http://")+"\n"), 0o600)
	if code, out, errOut := cli(t, "", nil, "healthcheck", "-config", p); code != 0 || out != "ok\n" {
		t.Errorf("healthcheck with http.addr in the config: exit %d %q %q", code, out, errOut)
	}
	if code, _, errOut := cli(t, "", nil, "healthcheck"); code != 1 || !strings.Contains(errOut, "BRIEFBOT_HTTP_ADDR") {
		t.Errorf("healthcheck with no address: exit %d %q", code, errOut)
	}
}
