package slackbot

import (
	"testing"

	"briefbot/bot"
	"briefbot/bot/bottest"
	"briefbot/brief"
)

// TestUpdateRepliesInTheAlertsThread sends an alert, then a story update
// replying to the reference Send reported for it: the update is posted in
// the alert's thread (thread_ts is the alert's ts). In a channel that is
// itself a thread, the update stays in that thread.
func TestUpdateRepliesInTheAlertsThread(t *testing.T) {
	h := newHarness(t, setup{mode: ModeSocket})
	ctx := t.Context()
	samples := bottest.Samples(brief.PlatformSlack)
	for _, tc := range []struct {
		name       string
		ch         brief.ChannelRef
		wantThread func(alertTS string) string
	}{
		{"channel", brief.ChannelRef{Platform: brief.PlatformSlack, ID: "C0ALERTS"}, func(ts string) string { return ts }},
		{"thread", brief.ChannelRef{Platform: brief.PlatformSlack, ID: "C0ALERTS", Thread: "1764000000.000001"},
			func(string) string { return "1764000000.000001" }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before := len(h.fake.Delivered())
			var refs []string
			err := h.ad.Send(ctx, bot.Delivery{Channel: tc.ch, Response: samples["alert"],
				Posted: func(ref string) { refs = append(refs, ref) }})
			if err != nil {
				t.Fatal(err)
			}
			posts := h.fake.Delivered()[before:]
			if len(posts) != 1 || len(refs) != 1 || refs[0] == "" {
				t.Fatalf("alert: %d posts, references %q; want one post and its ts", len(posts), refs)
			}
			if err := h.ad.Send(ctx, bot.Delivery{Channel: tc.ch, Response: bottest.Update(brief.PlatformSlack, refs[0]),
				ReplyTo: refs[0]}); err != nil {
				t.Fatal(err)
			}
			posts = h.fake.Delivered()[before:]
			if len(posts) != 2 {
				t.Fatalf("%d posts, want the alert and the update", len(posts))
			}
			if got, want := posts[1].Form.Get("thread_ts"), tc.wantThread(refs[0]); got != want {
				t.Errorf("update thread_ts = %q, want %q", got, want)
			}
			if got := posts[0].Form.Get("thread_ts"); got != tc.ch.Thread {
				t.Errorf("alert thread_ts = %q, want %q", got, tc.ch.Thread)
			}
		})
	}
}
