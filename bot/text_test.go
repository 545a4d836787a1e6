package bot

import (
	"strings"
	"testing"
	"time"

	"briefbot/brief"
)

func TestAnAlertSaysHowManyStoriesItLeavesOut(t *testing.T) {
	var stories []brief.Story
	for range 10 {
		stories = append(stories, brief.Story{Article: brief.Article{Title: "Story", Published: now0}})
	}
	b := brief.Briefing{Topic: brief.Topic{ID: "iran-russia", Title: "Iran–Russia relations"}, Since: now0.Add(-time.Hour), Until: now0, Stories: stories, Total: 12}
	for platform, want := range map[string]string{brief.PlatformTelegram: "2 more: /brief iran-russia", brief.PlatformSlack: "2 more: /brief iran-russia"} {
		text := Response{Kind: KindAlert, Platform: platform, Briefing: &b}.PlainText()
		if !strings.HasPrefix(text, "New on Iran–Russia relations: 12 stories") || !strings.Contains(text, want) {
			t.Errorf("%s alert:\n%s\nwant the headline to count 12 and %q", platform, text, want)
		}
	}
	b.Total = 10
	if text := (Response{Kind: KindAlert, Briefing: &b}).PlainText(); strings.Contains(text, "more:") {
		t.Errorf("an alert showing everything says there is more:\n%s", text)
	}
}
