package telegrambot

import (
	"testing"

	"briefbot/bot"
	"briefbot/bot/bottest"
	"briefbot/brief"
)

// TestUpdateRepliesToTheAlert sends an alert, then a story update replying
// to the reference Send reported for it: the update's
// reply_to_message_id is the alert's message_id. Without a reference the
// update is a message of its own.
func TestUpdateRepliesToTheAlert(t *testing.T) {
	h := start(t, harnessOptions{})
	ctx := t.Context()
	ch := brief.ChannelRef{Platform: brief.PlatformTelegram, ID: "-100777"}
	var refs []string
	if err := h.a.Send(ctx, bot.Delivery{Channel: ch, Response: bottest.Samples(brief.PlatformTelegram)["alert"],
		Posted: func(ref string) { refs = append(refs, ref) }}); err != nil {
		t.Fatal(err)
	}
	if err := h.a.Send(ctx, bot.Delivery{Channel: ch, Response: bottest.Update(brief.PlatformTelegram, refs[0]), ReplyTo: refs[0]}); err != nil {
		t.Fatal(err)
	}
	if err := h.a.Send(ctx, bot.Delivery{Channel: ch, Response: bottest.Update(brief.PlatformTelegram, "")}); err != nil {
		t.Fatal(err)
	}
	sent := h.tg.sent()
	if len(sent) != 3 || len(refs) != 1 {
		t.Fatalf("%d messages sent, references %q; want 3 messages and the alert's reference", len(sent), refs)
	}
	if refs[0] == "" || refs[0] == "0" {
		t.Fatalf("alert reference %q, want its message_id", refs[0])
	}
	if got := sent[0].Params.Get("reply_to_message_id"); got != "" {
		t.Errorf("alert replies to %q, want nothing", got)
	}
	if got := sent[1].Params.Get("reply_to_message_id"); got != refs[0] {
		t.Errorf("update replies to %q, want the alert's message_id %q", got, refs[0])
	}
	if got := sent[2].Params.Get("reply_to_message_id"); got != "" {
		t.Errorf("update without a reference replies to %q, want nothing", got)
	}
}
