package config

import (
	"bytes"
	"flag"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func env(m map[string]string) Env { return func(k string) string { return m[k] } }

func writeFile(t *testing.T, content string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "briefbot.yaml")
	if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestDefaultsAreValid(t *testing.T) {
	cfg, err := Load("", env(nil))
	if err != nil {
		t.Fatal(err)
	}
	if err := cfg.Validate(); err != nil {
		t.Fatalf("the defaults do not validate:\n%v", err)
	}
	var ids []string
	for _, d := range cfg.TopicDefinitions() {
		ids = append(ids, d.ID)
	}
	if diff := cmp.Diff([]string{"jcpoa", "sco", "iran-russia"}, ids); diff != "" {
		t.Errorf("default topics (-want +got):\n%s", diff)
	}
}

func TestLoadReportsUnknownKeysWithTheirLines(t *testing.T) {
	p := writeFile(t, "polling:\n  interval: 10m\n  intervall: 5m\nfeedz:\n  - url: https://example.org/rss\n")
	_, err := Load(p, env(nil))
	if err == nil {
		t.Fatal("unknown keys accepted")
	}
	for _, want := range []string{`briefbot.yaml:3:3: unknown key "intervall" in polling`, `briefbot.yaml:4:1: unknown key "feedz" in the top level`} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not say %q", err, want)
		}
	}
}

func TestLoadReportsEveryBadValue(t *testing.T) {
	p := writeFile(t, "polling:\n  interval: soon\n  max_body: lots\nretention: forever\n")
	_, err := Load(p, env(nil))
	if err == nil {
		t.Fatal("bad values accepted")
	}
	for _, want := range []string{"briefbot.yaml:2:13: polling.interval:", "briefbot.yaml:3:13: polling.max_body:", "briefbot.yaml:4:12: retention:"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not report %s", err, want)
		}
	}
}

func TestSecretsInTheFileAreRefused(t *testing.T) {
	p := writeFile(t, "slack:\n  bot_token: xoxb-123\n")
	_, err := Load(p, env(nil))
	if err == nil || !strings.Contains(err.Error(), "briefbot.yaml:2:14: slack.bot_token") || !strings.Contains(err.Error(), "environment") {
		t.Fatalf("Load = %v, want a refusal naming line 2 and the environment", err)
	}
	if strings.Contains(err.Error(), "xoxb-123") {
		t.Errorf("the refusal repeats the secret: %v", err)
	}
}

func TestValidateReportsEveryProblemAtOnce(t *testing.T) {
	p := writeFile(t, `
feeds:
  - url: ftp://example.org/feed
  - url: not a url
digest:
  time: "25:00"
  zone: Mars/Olympus
summary:
  sentences: 0
store:
  driver: mysql
console:
  subscribe: [weather]
`)
	cfg, err := Load(p, env(nil))
	if err != nil {
		t.Fatal(err)
	}
	err = cfg.Validate()
	if err == nil {
		t.Fatal("a broken config validated")
	}
	for _, want := range []string{"feeds[0].url", "feeds[1].url", "digest.time", "digest.zone", "summary.sentences", "store.driver", "console.subscribe[0]"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("validation does not name %s:\n%v", want, err)
		}
	}
}

func TestEnvironmentSetsSecretsAndDeploymentFacts(t *testing.T) {
	dir := t.TempDir()
	secretFile := filepath.Join(dir, "tg")
	if err := os.WriteFile(secretFile, []byte("123:ABC\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	cfg, err := Load("", env(map[string]string{
		"BRIEFBOT_DB":                   "/data/x.db",
		"BRIEFBOT_SLACK_BOT_TOKEN":      "xoxb-1",
		"BRIEFBOT_SLACK_APP_TOKEN":      "xapp-1",
		"BRIEFBOT_TELEGRAM_TOKEN_FILE":  secretFile,
		"BRIEFBOT_HTTP_ADDR":            ":9090",
		"BRIEFBOT_DATABASE_URL":         "postgres://u:pw@db/briefbot",
		"BRIEFBOT_SLACK_API_URL":        "http://127.0.0.1:1234/api/",
		"BRIEFBOT_TELEGRAM_WEBHOOK_URL": "",
	}))
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Store.Path != "/data/x.db" || cfg.Store.Driver != "postgres" || cfg.HTTP.Addr != ":9090" {
		t.Errorf("store/http = %+v %+v", cfg.Store, cfg.HTTP)
	}
	if cfg.Telegram.Token.Value() != "123:ABC" {
		t.Errorf("telegram token from _FILE = %q", cfg.Telegram.Token.Value())
	}
	if cfg.SlackMode() != "socket" {
		t.Errorf("SlackMode = %q, want socket", cfg.SlackMode())
	}
	if err := cfg.Validate(); err != nil {
		t.Errorf("valid environment rejected: %v", err)
	}
}

func TestSecretsNeverPrint(t *testing.T) {
	cfg, err := Load("", env(map[string]string{"BRIEFBOT_SLACK_BOT_TOKEN": "xoxb-very-secret", "BRIEFBOT_DATABASE_URL": "postgres://u:hunter2@db/x"}))
	if err != nil {
		t.Fatal(err)
	}
	out, err := cfg.Marshal()
	if err != nil {
		t.Fatal(err)
	}
	var logs bytes.Buffer
	slog.New(slog.NewTextHandler(&logs, nil)).Info("config", "token", cfg.Slack.BotToken, "dsn", cfg.Store.DatabaseURL)
	for _, s := range []string{string(out), logs.String(), cfg.Slack.BotToken.String()} {
		if strings.Contains(s, "very-secret") || strings.Contains(s, "hunter2") {
			t.Errorf("a secret leaked: %s", s)
		}
	}
	if !strings.Contains(string(out), "[redacted]") {
		t.Errorf("effective config does not show that the secret is set:\n%s", out)
	}
}

func TestDurations(t *testing.T) {
	for in, want := range map[string]time.Duration{"90d": 90 * 24 * time.Hour, "2w": 14 * 24 * time.Hour, "15m": 15 * time.Minute, "1h30m": 90 * time.Minute} {
		got, err := ParseDuration(in)
		if err != nil || got.D() != want {
			t.Errorf("ParseDuration(%q) = %v, %v; want %v", in, got.D(), err, want)
		}
	}
	for _, in := range []string{"", "soon", "-3d", "d"} {
		if _, err := ParseDuration(in); err == nil {
			t.Errorf("ParseDuration(%q) accepted", in)
		}
	}
	for in, want := range map[string]ByteSize{"10MiB": 10 << 20, "512KiB": 512 << 10, "1000": 1000, "2MB": 2000000} {
		if got, err := ParseByteSize(in); err != nil || got != want {
			t.Errorf("ParseByteSize(%q) = %v, %v; want %v", in, got, err, want)
		}
	}
}

func TestFileTopicsReplaceDefaultsByID(t *testing.T) {
	p := writeFile(t, `
topics:
  - id: sco
    title: SCO (narrow)
    query: '"Shanghai Cooperation Organisation"'
  - id: caspian
    title: Caspian Sea
    query: Caspian AND (oil OR gas)
`)
	cfg, err := Load(p, env(nil))
	if err != nil {
		t.Fatal(err)
	}
	defs := cfg.TopicDefinitions()
	var got []string
	for _, d := range defs {
		got = append(got, d.ID+"="+d.Title)
	}
	if !strings.Contains(strings.Join(got, ","), "sco=SCO (narrow)") || defs[len(defs)-1].ID != "caspian" {
		t.Errorf("topics = %v, want sco replaced in place and caspian appended", got)
	}
	if err := cfg.Validate(); err != nil {
		t.Errorf("valid topics rejected: %v", err)
	}
}

var update = flag.Bool("update", false, "rewrite the topics part of briefbot.example.yaml from topics/defaults.yaml")

// exampleMarker starts the generated part of briefbot.example.yaml.
const exampleMarker = "# ---- The built-in topics, copied from topics/defaults.yaml"

// The annotated example shipped in the repository must load, validate, and
// carry exactly the built-in topics, so it never drifts from the code.
func TestExampleConfig(t *testing.T) {
	example := filepath.Join("..", "briefbot.example.yaml")
	if *update {
		rewriteExample(t, example)
	}
	cfg, err := Load(example, env(nil))
	if err != nil {
		t.Fatal(err)
	}
	if err := cfg.Validate(); err != nil {
		t.Fatalf("briefbot.example.yaml does not validate:\n%v", err)
	}
	if len(cfg.Feeds) < 8 {
		t.Errorf("the example lists %d feeds, want a real list of diplomacy feeds", len(cfg.Feeds))
	}
	defaults := Default()
	defaults.Topics = nil
	if diff := cmp.Diff((&defaults).TopicDefinitions(), cfg.Topics); diff != "" {
		t.Errorf("the example's topics differ from the built-in ones (-built-in +example):\n%s", diff)
	}
}

func rewriteExample(t *testing.T, example string) {
	t.Helper()
	ex, err := os.ReadFile(example)
	if err != nil {
		t.Fatal(err)
	}
	defaults, err := os.ReadFile(filepath.Join("..", "topics", "defaults.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	head, _, ok := strings.Cut(string(ex), exampleMarker)
	_, list, ok2 := strings.Cut(string(defaults), "\ntopics:\n")
	if !ok || !ok2 {
		t.Fatal("briefbot.example.yaml lacks its marker, or defaults.yaml its topics list")
	}
	out := head + exampleMarker + " (go test ./config -run TestExampleConfig -update rewrites this part). ----\ntopics:\n" + list
	if err := os.WriteFile(example, []byte(out), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestHugeValuesAreRefusedNotWrapped(t *testing.T) {
	p := writeFile(t, "polling:\n  max_age: 1e10d\n  max_body: 9223372036854775807GiB\nretention: 1e10d\n")
	_, err := Load(p, env(nil))
	if err == nil {
		t.Fatal("overflowing values accepted")
	}
	for _, want := range []string{":2:12: polling.max_age", ":3:13: polling.max_body", ":4:12: retention", "too"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not mention %q", err, want)
		}
	}
}

func TestPasswordsInFeedURLsAreRedacted(t *testing.T) {
	p := writeFile(t, "feeds:\n  - url: https://reader:hunter2@feeds.example/private.rss\n")
	cfg, err := Load(p, env(map[string]string{"BRIEFBOT_LOG_LEVEL": "DEBUG"}))
	if err != nil {
		t.Fatal(err)
	}
	if err := cfg.Validate(); err != nil {
		t.Fatalf("BRIEFBOT_LOG_LEVEL=DEBUG or a feed with credentials refused: %v", err)
	}
	out, _ := cfg.Marshal()
	if strings.Contains(string(out), "hunter2") || !strings.Contains(string(out), "reader:") {
		t.Errorf("effective config:\n%s", out)
	}
	if cfg.Feeds[0].URL != "https://reader:hunter2@feeds.example/private.rss" {
		t.Error("Marshal changed the config it printed")
	}
}

// place lists each problem as "line:column field: message", the way a
// reader of `config check` finds it in the file.
func place(t *testing.T, err error) []string {
	t.Helper()
	var out []string
	for _, p := range problems(err) {
		out = append(out, fmt.Sprintf("%d:%d %s", p.Line, p.Column, p.Field))
	}
	return out
}

func TestCheckReportsDecodingAndValidationProblemsTogether(t *testing.T) {
	p := writeFile(t, `polling:
  interval: 30s
  intervall: 5m
  max_body: lots
  max_concurrent: many
feeds:
  - url: ftp://example.org/feed
  - url: [a, b]
summary:
  sentences: 0
topics:
  - id: iran-oil
    title: ""
    groups:
      - name: ""
        weight: 1
        terms: [oil]
digest:
  zone: Mars/Olympus
slack:
  bot_token: xoxb-123
`)
	_, err := Check(p, env(map[string]string{"BRIEFBOT_STORE": "mysql"}))
	if err == nil {
		t.Fatal("a broken config passed the check")
	}
	want := []string{
		"1:1 polling.min_interval", // the default 5m is above the 30s interval: placed at polling
		"2:13 polling.interval",
		"3:3 ", // unknown key "intervall"
		"4:13 polling.max_body",
		"5:19 polling.max_concurrent",
		"7:10 feeds[0].url",
		"8:10 feeds[1].url", // a list, not text; not also "missing"
		"10:14 summary.sentences",
		"13:12 topics", // title
		"15:15 topics", // groups[0].name
		"19:9 digest.zone",
		"21:14 slack.bot_token",
		"0:0 store.driver", // from the environment: no line
	}
	if diff := cmp.Diff(want, place(t, err)); diff != "" {
		t.Errorf("problems (-want +got):\n%s\n%v", diff, err)
	}
	for _, line := range strings.Split(err.Error(), "\n")[:12] {
		if !strings.HasPrefix(line, p+":") {
			t.Errorf("%q does not start with file:line:column", line)
		}
	}
	if !strings.Contains(err.Error(), `briefbot.yaml:5:19: polling.max_concurrent: got `+"`many`"+`, want a whole number`) {
		t.Errorf("the wrong type is not explained:\n%v", err)
	}
	if strings.Contains(err.Error(), "xoxb-123") {
		t.Errorf("the report repeats the secret:\n%v", err)
	}
}

func TestCheckStopsAtBrokenSyntaxWithItsLine(t *testing.T) {
	p := writeFile(t, "polling:\n  interval: 10m\n   bad: x\n")
	_, err := Check(p, env(nil))
	if got := place(t, err); len(got) != 1 || got[0] != "3:0 " {
		t.Errorf("problems = %v (%v), want one syntax error at line 3", got, err)
	}
}

func TestValidatePlacesProblemsInTheFile(t *testing.T) {
	p := writeFile(t, "digest:\n  time: \"25:00\"\nconsole:\n  subscribe: [jcpoa, weather]\n")
	cfg, err := Load(p, env(nil))
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"2:9 digest.time", "4:22 console.subscribe[1]"}
	if diff := cmp.Diff(want, place(t, cfg.Validate())); diff != "" {
		t.Errorf("problems (-want +got):\n%s", diff)
	}
}

func TestProxy(t *testing.T) {
	t.Run("a proxy with credentials is used and shown redacted", func(t *testing.T) {
		p := writeFile(t, "polling:\n  proxy: http://egress:s3cret@proxy.internal:3128\n")
		cfg, err := Check(p, env(nil))
		if err != nil {
			t.Fatal(err)
		}
		u := cfg.Polling.ProxyURL()
		if u == nil || u.Host != "proxy.internal:3128" || u.User.Username() != "egress" {
			t.Errorf("ProxyURL = %v, want the proxy with its user", u)
		}
		out, err := cfg.Marshal()
		if err != nil {
			t.Fatal(err)
		}
		if strings.Contains(string(out), "s3cret") || !strings.Contains(string(out), "proxy.internal:3128") {
			t.Errorf("the effective config shows the proxy password or hides the proxy:\n%s", out)
		}
	})
	for _, tt := range []struct{ proxy, want string }{
		{"proxy:3128", "not a URL"},
		{"socks5://proxy:1080", `scheme "socks5"`},
		{"http://proxy:3128/path?x=1", "path or query"},
		{"http://", "not a URL"},
	} {
		t.Run("refuses "+tt.proxy, func(t *testing.T) {
			p := writeFile(t, "polling:\n  proxy: "+tt.proxy+"\n")
			_, err := Check(p, env(nil))
			if err == nil || !strings.Contains(err.Error(), "briefbot.yaml:2:10: polling.proxy: ") || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Check = %v, want polling.proxy refused at 2:10 saying %q", err, tt.want)
			}
		})
	}
}

func TestCheckKeepsProblemsSharingALine(t *testing.T) {
	// In flow style several settings share a line; a value that did not
	// decode must not hide another one's problem there.
	p := writeFile(t, "polling: {interval: soon, max_body: 12}\nfeeds: [{url: [a]}]\n")
	_, err := Check(p, env(nil))
	want := []string{"1:21 polling.interval", "1:37 polling.max_body", "2:15 feeds[0].url"}
	if diff := cmp.Diff(want, place(t, err)); diff != "" {
		t.Errorf("problems (-want +got):\n%s\n%v", diff, err)
	}
}

// FuzzCheck feeds Check arbitrary files: it must not panic, and every
// problem it places in the file must point at a line the file has.
func FuzzCheck(f *testing.F) {
	for _, seed := range []string{
		"polling:\n  interval: soon\n  intervall: 5m\n",
		"polling: {interval: soon, max_body: 12}\nfeeds: [{url: [a]}]\n",
		"topics:\n  - id: Bad ID\n    groups: [{name: x, terms: []}]\n",
		"a: &x {b: 1}\nc: *x\n<<: *x\n",
		"hello",
		"- 1\n- 2\n",
		"polling:\n  interval: 10m\n   bad: x\n",
	} {
		f.Add([]byte(seed))
	}
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, data []byte) {
		p := filepath.Join(dir, "fuzz.yaml")
		if err := os.WriteFile(p, data, 0o600); err != nil {
			t.Fatal(err)
		}
		_, err := Check(p, env(nil))
		lines := 1 // YAML also breaks lines at CR, NEL, LS and PS
		for _, br := range []string{"\n", "\r", "\u0085", "\u2028", "\u2029"} {
			lines += bytes.Count(data, []byte(br))
		}
		for _, pr := range problems(err) {
			if pr.Line < 0 || pr.Line > lines || pr.Column < 0 {
				t.Errorf("problem at %d:%d in a file of %d lines: %v", pr.Line, pr.Column, lines, pr)
			}
		}
	})
}
