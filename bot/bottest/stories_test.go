package bottest_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"briefbot/bot"
	"briefbot/bot/bottest"
	"briefbot/brief"
)

var platforms = []string{brief.PlatformSlack, brief.PlatformTelegram, brief.PlatformConsole}

// TestStoryGoldens pins a story briefing (a story of three outlets with a
// cited summary) and a trend line as each platform shows them:
// story_briefing.<platform>.golden and trends.<platform>.golden.
func TestStoryGoldens(t *testing.T) {
	samples := map[string]func(string) bot.Response{"story_briefing": bottest.StoryBriefing, "trends": bottest.Trends}
	for name, sample := range samples {
		for _, platform := range platforms {
			t.Run(name+"/"+platform, func(t *testing.T) {
				got := renderers[platform](sample(platform))
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

// TestStoryBriefingShowsSourcesAndCitations checks what a reader of each
// platform gets of a story told by several outlets: "3 sources", its
// first and latest time, every cited sentence with its number, and a
// link from each number to the cited article (the console lists the URL
// under the summary).
func TestStoryBriefingShowsSourcesAndCitations(t *testing.T) {
	for _, platform := range platforms {
		t.Run(platform, func(t *testing.T) {
			r := bottest.StoryBriefing(platform)
			got := unmarkup(platform, renderers[platform](r))
			s := r.Briefing.Stories[0]
			for _, want := range []string{"3 sources", "first 27 Nov 12:30 +0330, latest 27 Nov 14:00 +0330",
				s.Summary[0].Text, s.Summary[1].Text} {
				if !strings.Contains(got, want) {
					t.Errorf("%s does not show %q:\n%s", platform, want, got)
				}
			}
			for i, c := range s.Summary {
				var link string
				switch platform {
				case brief.PlatformSlack:
					link = "<" + c.Link + "|[" + string(rune('1'+i)) + "]>"
				case brief.PlatformTelegram:
					link = `<a href="` + c.Link + `">[` + string(rune('1'+i)) + "]</a>"
				default:
					link = "[" + string(rune('1'+i)) + "] " + c.Link + "\n"
				}
				if !strings.Contains(got, link) {
					t.Errorf("%s does not link citation %d as %q:\n%s", platform, i+1, link, got)
				}
			}
			// The story of one article keeps its look: no sources count,
			// no citation.
			if strings.Contains(got, "1 source") {
				t.Errorf("%s counts sources of a one-article story:\n%s", platform, got)
			}
		})
	}
}

// TestHostileStoryIsEscaped checks that markup, mentions and entities in
// a story's headline, outlets and cited sentences reach each platform as
// text, and that a citation whose link is not http(s) is not linked.
func TestHostileStoryIsEscaped(t *testing.T) {
	for _, platform := range platforms {
		t.Run(platform, func(t *testing.T) {
			r := bottest.HostileStoryBriefing(platform)
			raw := renderers[platform](r)
			switch platform {
			case brief.PlatformSlack:
				for _, bad := range []string{"<!channel>", "<!here>", "<@U123>", "<b>", "<script>", "<javascript:", "|[2]>", `&b=<2>`} {
					if strings.Contains(raw, bad) {
						t.Errorf("Slack output carries %q unescaped:\n%s", bad, raw)
					}
				}
				if !strings.Contains(raw, "&lt;!channel&gt;") || !strings.Contains(raw, "Iran &amp; Russia &lt;b&gt;signed&lt;/b&gt;") {
					t.Errorf("Slack output does not escape the headline and sentence:\n%s", raw)
				}
			case brief.PlatformTelegram:
				for _, bad := range []string{"<b>Deal</b>", "<script>", `<a href="javascript:`, "[2]</a>", "<i>sentence</i>", `b=<2>`} {
					if strings.Contains(raw, bad) {
						t.Errorf("Telegram output carries %q unescaped:\n%s", bad, raw)
					}
				}
				if !strings.Contains(raw, "Iran &amp; Russia &lt;b&gt;signed&lt;/b&gt;") || !strings.Contains(raw, "&amp;amp; more.") {
					t.Errorf("Telegram output does not escape the sentences:\n%s", raw)
				}
			default:
				if strings.Contains(raw, "[2] javascript:") {
					t.Errorf("the console lists a javascript: link as a citation:\n%s", raw)
				}
			}
			// Both sentences still show, with their numbers.
			got := unmarkup(platform, raw)
			for _, want := range []string{`"a deal" <!here> *now* _today_`, "[1]", "Second <i>sentence</i> &amp; more. [2]"} {
				if !strings.Contains(got, want) {
					t.Errorf("%s does not show %q:\n%s", platform, want, got)
				}
			}
		})
	}
}

// TestTrendLine checks the trend line each platform shows: the bars of
// the last seven days (a day's height is ceil(7 × count / busiest day),
// the lowest bar for none), today's count and the average of the week
// before, with the spiking topic marked.
func TestTrendLine(t *testing.T) {
	for _, platform := range platforms {
		t.Run(platform, func(t *testing.T) {
			got := unmarkup(platform, renderers[platform](bottest.Trends(platform)))
			for _, want := range []string{
				"sco         ▃▂▄▃▃▃█", "14 today (7-day avg 3.4) ↑",
				"jcpoa       ▁▅▁▁█▁▁", "0 today (7-day avg 0.4)",
				"iran-russia ▅▃▆▄▇▅█", "6 today (7-day avg 2.9)",
				"days end at midnight Asia/Tehran",
			} {
				if !strings.Contains(got, want) {
					t.Errorf("%s does not show %q:\n%s", platform, want, got)
				}
			}
		})
	}
}
