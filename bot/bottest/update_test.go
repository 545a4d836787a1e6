package bottest_test

import (
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode"

	"github.com/google/go-cmp/cmp"

	"briefbot/bot"
	"briefbot/bot/bottest"
	"briefbot/bot/console"
	"briefbot/brief"
	"briefbot/store"
)

// TestUpdateGolden pins a story update as each platform shows it, in the
// alert's thread and as a message of its own: update.<platform>.golden
// and update_alone.<platform>.golden.
func TestUpdateGolden(t *testing.T) {
	for _, platform := range []string{brief.PlatformSlack, brief.PlatformTelegram, brief.PlatformConsole} {
		for name, reply := range map[string]string{"update": "1764230400.000100", "update_alone": ""} {
			t.Run(name+"/"+platform, func(t *testing.T) {
				got := renderers[platform](bottest.Update(platform, reply))
				path := filepath.Join("testdata", name+"."+platform+".golden")
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
					t.Errorf("%s differs from %s (-want +got):\n%s", platform, path, diff)
				}
			})
		}
	}
}

// TestUpdateShowsTheSameOnEveryPlatform checks that every platform shows
// each piece of the composed update, in order, and links every article
// and citation.
func TestUpdateShowsTheSameOnEveryPlatform(t *testing.T) {
	r := bottest.Update(brief.PlatformTelegram, "")
	doc := bot.ComposeResponse(r, bottest.Now)
	var want, links []string
	want = append(want, doc.Heading)
	for _, b := range doc.Blocks {
		for _, l := range b.Lines {
			for _, sp := range l {
				if s := strings.TrimSpace(sp.Text); s != "" {
					want = append(want, s)
				}
				if sp.URL != "" {
					links = append(links, sp.URL)
				}
			}
		}
	}
	for _, must := range []string{"+2 sources", "Agency Four", "first deliveries are due in March", "[1]", "5 outlets"} {
		if !strings.Contains(doc.PlainText(), must) {
			t.Errorf("the update does not say %q:\n%s", must, doc.PlainText())
		}
	}
	for platform, render := range renderers {
		// Slack's JSON writes some of its escapes as \u0026 and the like.
		got := unmarkup(platform, strings.NewReplacer(`\u0026`, "&", `\u003c`, "<", `\u003e`, ">").Replace(render(r)))
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
}

// TestHostileUpdatesStayBounded feeds updates with hostile fields to the
// console: nothing a terminal interprets gets through, no line outgrows
// the core's bounds, and at most MaxUpdateSentences sentences and
// MaxUpdateLinks links are shown however many come.
func TestHostileUpdatesStayBounded(t *testing.T) {
	r := rand.New(rand.NewPCG(13, 7))
	for i := range 200 {
		h := bottest.Hostile(r)
		var u store.StoryUpdate
		u.Topic = brief.Topic{ID: "x", Title: strings.Repeat("&\x1b[31m", 500)}
		u.Title = strings.Repeat("<b>\u202e", 2000)
		u.Link = "javascript:alert(1)"
		for j := range 3 + r.IntN(20) {
			u.NewOutlets = append(u.NewOutlets, brief.Source{Name: strings.Repeat("@channel ", 100)})
			u.Articles = append(u.Articles, store.UpdateArticle{Title: h.Text + strings.Repeat("x", 5000), Source: "\x07bell", Link: "https://e.example/" + strings.Repeat("a", 3000)})
			u.Sentences = append(u.Sentences, store.UpdateSentence{Text: strings.Repeat("zqx ", 40000), Cite: j})
		}
		out := console.Render(bot.Response{Kind: bot.KindUpdate, Platform: brief.PlatformConsole, Update: &u}, bottest.Now)
		if strings.ContainsFunc(out, func(c rune) bool {
			return c == '\x1b' || c == '\x07' || c == '\u202e' || (unicode.IsControl(c) && c != '\n' && c != '\t')
		}) {
			t.Fatalf("case %d: a control character reached the console", i)
		}
		lines := strings.Split(out, "\n")
		for _, line := range lines {
			if n := len([]rune(line)); n > bot.MaxText+bot.MaxURL+200 {
				t.Fatalf("case %d: a line of %d characters", i, n)
			}
		}
		sentences := 0
		for _, line := range lines {
			if strings.Contains(line, "zqx zqx") {
				sentences++
			}
		}
		if n := sentences; n > bot.MaxUpdateSentences {
			t.Errorf("case %d: %d sentences shown, want at most %d", i, n, bot.MaxUpdateSentences)
		}
		if n := strings.Count(out, "bell: "); n > bot.MaxUpdateLinks {
			t.Errorf("case %d: %d articles linked, want at most %d", i, n, bot.MaxUpdateLinks)
		}
	}
}
