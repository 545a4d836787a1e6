package bottest_test

import (
	"flag"
	"html"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"unicode"

	"github.com/google/go-cmp/cmp"

	"briefbot/bot"
	"briefbot/bot/bottest"
	"briefbot/bot/console"
	"briefbot/bot/slackbot"
	"briefbot/bot/telegrambot"
	"briefbot/brief"
)

var update = flag.Bool("update", false, "rewrite testdata/*.golden")

// renderers are the three adapters, each giving the text it would send.
var renderers = map[string]func(bot.Response) string{
	brief.PlatformSlack:    slackBlocks,
	brief.PlatformTelegram: func(r bot.Response) string { return telegrambot.Preview(r, bottest.Now) },
	brief.PlatformConsole:  func(r bot.Response) string { return console.Render(r, bottest.Now) },
}

// slackBlocks is Slack's rendering without the notification fallback
// text, which repeats the whole document in plain text: what is checked
// is what the blocks show.
func slackBlocks(r bot.Response) string {
	lines := strings.Split(slackbot.Preview(r, bottest.Now), "\n")
	lines = slices.DeleteFunc(lines, func(l string) bool { return strings.HasPrefix(l, `    "text": `) })
	return strings.Join(lines, "\n")
}

// unmarkup undoes each platform's escaping, so what a reader sees can be
// looked for in what was sent.
func unmarkup(platform, s string) string {
	switch platform {
	case brief.PlatformSlack:
		// The preview is JSON: undo its string escapes too.
		return strings.NewReplacer("&lt;", "<", "&gt;", ">", "&amp;", "&", `\"`, `"`, `\n`, "\n").Replace(s)
	case brief.PlatformTelegram:
		return html.UnescapeString(s)
	}
	return s
}

// TestOneDocumentOnEveryPlatform renders the same documents through the
// Slack, Telegram and console adapters and checks that each shows every
// piece of it, stories in the same order, with the same buttons: the
// wording is the core's, the adapters only map it.
func TestOneDocumentOnEveryPlatform(t *testing.T) {
	for name, r := range bottest.Samples(brief.PlatformTelegram) {
		t.Run(name, func(t *testing.T) {
			doc := bot.Compose(r, bottest.Now)
			var want []string  // in order
			var links []string // anywhere: a platform puts a link before or after its text
			if doc.Heading != "" {
				want = append(want, doc.Heading)
			}
			for _, b := range doc.Blocks {
				if b.Item != nil {
					want = append(want, b.Item.Title, b.Item.Meta.Plain(), b.Item.Summary.Plain())
					links = append(links, b.Item.Link)
					for _, l := range b.Item.Context {
						for _, sp := range l {
							want = append(want, sp.Text)
							links = append(links, sp.URL)
						}
					}
					continue
				}
				for _, l := range b.Lines {
					for _, sp := range l {
						want = append(want, strings.TrimSpace(sp.Text))
					}
				}
			}
			for _, a := range doc.Buttons {
				want = append(want, a.Command)
			}
			want = slices.DeleteFunc(want, func(s string) bool { return s == "" })
			links = slices.DeleteFunc(links, func(s string) bool { return s == "" })
			for platform, render := range renderers {
				got := unmarkup(platform, render(r))
				for _, l := range links {
					if !strings.Contains(got, l) {
						t.Errorf("%s does not link %q:\n%s", platform, l, got)
					}
				}
				at := 0
				for _, w := range want {
					i := strings.Index(got[at:], w)
					if i < 0 {
						t.Errorf("%s does not show %q after position %d:\n%s", platform, w, at, got)
						break
					}
					at += i + len(w)
				}
			}
		})
	}
}

// TestConsoleGolden pins what the console prints for each sample; the
// Slack and Telegram goldens live beside their adapters.
func TestConsoleGolden(t *testing.T) {
	for name, r := range bottest.Samples(brief.PlatformConsole) {
		t.Run(name, func(t *testing.T) {
			got := console.Render(r, bottest.Now)
			path := filepath.Join("testdata", "console_"+name+".golden")
			if *update {
				if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run go test -update to create it)", err)
			}
			if diff := cmp.Diff(string(want), got); diff != "" {
				t.Errorf("console %s differs from %s (-want +got):\n%s", name, path, diff)
			}
		})
	}
}

// TestHostileDocumentsStayBoundedOnTheConsole feeds random hostile
// responses to the console: nothing a terminal interprets gets through,
// and no field grows past the core's bounds (a 150 KB body prints as a
// 300-character summary).
func TestHostileDocumentsStayBoundedOnTheConsole(t *testing.T) {
	r := rand.New(rand.NewPCG(14, 1))
	for i := range 300 {
		resp := bottest.Hostile(r)
		out := console.Render(resp, bottest.Now)
		if strings.ContainsFunc(out, func(c rune) bool {
			return c == '\x1b' || c == '\x07' || c == '\u202e' || (unicode.IsControl(c) && c != '\n' && c != '\t')
		}) {
			t.Fatalf("case %d (%s): a control character reached the console", i, resp.Kind)
		}
		for _, line := range strings.Split(out, "\n") {
			if n := len([]rune(line)); n > bot.MaxText+bot.MaxURL+200 {
				t.Fatalf("case %d (%s): a line of %d characters", i, resp.Kind, n)
			}
		}
	}
}
