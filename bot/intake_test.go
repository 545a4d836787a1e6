package bot

import (
	"context"
	"testing"
	"time"

	"briefbot/brief"
	"briefbot/store"
)

// answers returns the outbox keys of the answers queued so far.
func answers(t *testing.T, st store.Store) []string {
	t.Helper()
	msgs, err := st.Messages(context.Background(), "")
	if err != nil {
		t.Fatal(err)
	}
	var keys []string
	for _, m := range msgs {
		if m.Kind == store.KindAnswer {
			keys = append(keys, m.Key)
		}
	}
	return keys
}

// A process took a request (and acknowledged it) and died before serving
// it. The next one serves it once the first one's lease has ended, once;
// a redelivery of it, before or after, is not new.
func TestIntakeServesWhatADeadProcessTook(t *testing.T) {
	st := openStore(t)
	core := &Bot{Handler: NewHandler(st, testTopics, nil, Options{}), Dispatcher: fastDispatcher(st)}
	opt := IntakeOptions{Lease: 200 * time.Millisecond, Poll: 10 * time.Millisecond}
	dead := NewIntake(core, st, brief.PlatformTelegram, opt)
	req := Request{ID: "tg:41", Channel: desk, User: "7", Text: "/subscribe jcpoa", CanManage: true}
	if fresh, err := dead.Take(t.Context(), req); err != nil || !fresh {
		t.Fatalf("take: %v, %v; want a new request", fresh, err)
	}
	// Slack's Socket Mode client and this one are other platforms: their
	// recovery must not touch it.
	other := NewIntake(core, st, brief.PlatformSlack, opt)

	next := NewIntake(core, st, brief.PlatformTelegram, opt)
	if fresh, err := next.Take(t.Context(), req); err != nil || fresh {
		t.Fatalf("redelivery before recovery: %v, %v; want it seen", fresh, err)
	}
	ctx, cancel := context.WithCancel(t.Context())
	done := make(chan error, 2)
	go func() { done <- next.Run(ctx) }()
	go func() { done <- other.Run(ctx) }()
	eventually(t, "the answer to the request the dead process took", func() bool { return len(answers(t, st)) == 1 })
	cancel()
	for range 2 {
		if err := <-done; err != nil {
			t.Errorf("Run: %v", err)
		}
	}
	subs, err := st.Subscriptions(t.Context(), desk)
	if err != nil || len(subs) != 1 {
		t.Errorf("subscriptions %v, %v; want the command to have acted", subs, err)
	}
	if got := answers(t, st); len(got) != 1 || got[0] != "answer:telegram:tg:41" {
		t.Errorf("answers %v, want exactly the one to tg:41", got)
	}
	if fresh, err := next.Take(t.Context(), req); err != nil || fresh {
		t.Errorf("redelivery after recovery: %v, %v; want it seen", fresh, err)
	}
}

func TestIntakeDropsAnUnreadableRecord(t *testing.T) {
	st := openStore(t)
	now := time.Now().UTC()
	if _, err := st.TakeInbound(t.Context(), store.Inbound{Platform: brief.PlatformTelegram, Key: "tg:1", Payload: []byte("{not json"), Received: now},
		now, now.Add(-time.Hour)); err != nil {
		t.Fatal(err)
	}
	core := &Bot{Handler: NewHandler(st, testTopics, nil, Options{}), Dispatcher: fastDispatcher(st)}
	in := NewIntake(core, st, brief.PlatformTelegram, IntakeOptions{Lease: time.Minute})
	if _, err := in.recover(t.Context()); err != nil {
		t.Fatal(err)
	}
	left, err := st.ClaimInbound(t.Context(), brief.PlatformTelegram, now.Add(time.Hour), time.Minute, 10)
	if err != nil || len(left) != 0 {
		t.Errorf("after recovery %d records still wait (%v); the unreadable one must not be retried forever", len(left), err)
	}
}
