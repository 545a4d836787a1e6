package bot

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"briefbot/brief"
	"briefbot/store"
)

// platform is a chat platform at the network edge: it accepts or refuses
// each delivery as the test scripts it and records what it accepted.
type platform struct {
	mu       sync.Mutex
	got      []string
	attempts int
	script   []error // result of each attempt in turn; nil (or exhausted) accepts
	times    []time.Time
	latency  time.Duration // how long each send takes
}

func (p *platform) Send(ctx context.Context, d Delivery) error {
	ch, r := d.Channel, d.Response
	time.Sleep(p.latency)
	p.mu.Lock()
	defer p.mu.Unlock()
	p.attempts++
	p.times = append(p.times, time.Now())
	if len(p.script) > 0 {
		err := p.script[0]
		p.script = p.script[1:]
		if err != nil {
			return err
		}
	}
	p.got = append(p.got, ch.String()+" "+string(r.Kind)+" "+r.Text)
	return nil
}

func (p *platform) received() []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]string(nil), p.got...)
}

func runDispatcher(t *testing.T, d *Dispatcher) {
	t.Helper()
	ctx, cancel := context.WithCancel(t.Context())
	done := make(chan error, 1)
	go func() { done <- d.Run(ctx) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("dispatcher: %v", err)
		}
	})
}

// eventually polls cond until it holds or ten seconds pass.
func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func fastDispatcher(st Outbox) *Dispatcher {
	return NewDispatcher(st, DispatcherOptions{Poll: 10 * time.Millisecond, MinBackoff: 20 * time.Millisecond, MaxBackoff: 50 * time.Millisecond})
}

func TestAnswersAreDeliveredOncePerRequest(t *testing.T) {
	st := openStore(t)
	d := fastDispatcher(st)
	p := &platform{}
	d.Register(brief.PlatformTelegram, p)
	runDispatcher(t, d)
	req := Request{ID: "update-1", Channel: desk}
	for range 3 { // the platform redelivered the same update
		if err := d.Answer(t.Context(), req, Response{Kind: KindNotice, Text: "hello"}); err != nil {
			t.Fatal(err)
		}
	}
	if err := d.Answer(t.Context(), Request{ID: "update-2", Channel: desk}, Response{Kind: KindNotice, Text: "second"}); err != nil {
		t.Fatal(err)
	}
	eventually(t, "two deliveries", func() bool { return len(p.received()) == 2 })
	time.Sleep(50 * time.Millisecond)
	got := p.received()
	if len(got) != 2 || got[0] != "telegram:-100 notice hello" || got[1] != "telegram:-100 notice second" {
		t.Errorf("delivered %q, want hello then second, once each", got)
	}
}

func TestRetryAfterIsHonouredAndNothingIsLost(t *testing.T) {
	st := openStore(t)
	d := fastDispatcher(st)
	p := &platform{script: []error{&brief.RetryAfterError{Wait: 300 * time.Millisecond, Err: errors.New("429 Too Many Requests")}, errors.New("connection reset")}}
	d.Register(brief.PlatformTelegram, p)
	runDispatcher(t, d)
	if err := d.Answer(t.Context(), Request{ID: "u", Channel: desk}, Response{Kind: KindNotice, Text: "patience"}); err != nil {
		t.Fatal(err)
	}
	eventually(t, "delivery after the 429", func() bool { return len(p.received()) == 1 })
	// The platform has the message; the outbox marks it sent just after.
	eventually(t, "the message marked sent", func() bool {
		msgs, err := st.Messages(t.Context(), store.StatusSent)
		if err != nil {
			t.Fatal(err)
		}
		return len(msgs) == 1
	})
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.attempts != 3 {
		t.Errorf("%d attempts, want 3 (429, reset, success)", p.attempts)
	}
	if wait := p.times[1].Sub(p.times[0]); wait < 300*time.Millisecond {
		t.Errorf("retried %s after a 429 asking for 300ms", wait)
	}
}

func TestUndeliverableDisablesTheChannel(t *testing.T) {
	st := openStore(t)
	h := NewHandler(st, testTopics, nil, Options{})
	d := fastDispatcher(st)
	p := &platform{script: []error{fmt.Errorf("send: 403 Forbidden: bot was kicked from the group: %w", brief.ErrUndeliverable)}}
	d.Register(brief.PlatformTelegram, p)
	if r := h.Handle(t.Context(), Request{Channel: desk, Text: "/subscribe jcpoa", CanManage: true}); r.Kind != KindNotice {
		t.Fatal(r.Text)
	}
	runDispatcher(t, d)
	if err := d.Notice(t.Context(), "n1", desk, "hello"); err != nil {
		t.Fatal(err)
	}
	eventually(t, "the failure recorded and the channel disabled", func() bool {
		m, _ := st.Messages(t.Context(), store.StatusFailed)
		subs, _ := st.Subscriptions(t.Context(), desk)
		return len(m) == 1 && len(subs) == 1 && subs[0].Disabled != ""
	})
	subs, err := st.Subscriptions(t.Context(), desk)
	if err != nil || len(subs) != 1 || subs[0].Disabled == "" {
		t.Fatalf("subscriptions = %+v, %v; want jcpoa disabled with the reason", subs, err)
	}
	text := h.Handle(t.Context(), Request{Channel: desk, Text: "/subscriptions"}).PlainText()
	if !strings.Contains(text, "delivery stopped") || !strings.Contains(text, "kicked") {
		t.Errorf("/subscriptions does not show why delivery stopped:\n%s", text)
	}
	if len(p.received()) != 0 {
		t.Error("a refused message counts as delivered")
	}
}

func TestUnsubscribeCancelsAPendingAlert(t *testing.T) {
	st := openStore(t)
	h := NewHandler(st, testTopics, nil, Options{})
	h.Handle(t.Context(), Request{Channel: desk, Text: "/subscribe sco alerts", CanManage: true})
	saveStory(t, st, "s1", "sco", time.Now().Add(-time.Minute))
	batches, err := st.DueAlertBatches(t.Context(), time.Now())
	if err != nil || len(batches) != 1 {
		t.Fatalf("queued alerts = %+v, %v", batches, err)
	}
	d := fastDispatcher(st)
	stories, _ := st.StoriesByID(t.Context(), "sco", batches[0].ArticleIDs)
	if err := d.Alert(t.Context(), batches[0], brief.Briefing{Topic: testTopics[1], Stories: stories, Total: 1}); err != nil {
		t.Fatal(err)
	}
	// The platform is not running yet, so the alert waits in the outbox...
	h.Handle(t.Context(), Request{Channel: desk, Text: "/unsubscribe sco", CanManage: true})
	p := &platform{}
	d.Register(brief.PlatformTelegram, p)
	runDispatcher(t, d)
	time.Sleep(100 * time.Millisecond)
	if got := p.received(); len(got) != 0 {
		t.Errorf("an alert was delivered after unsubscribing: %q", got)
	}
	if m, _ := st.Messages(t.Context(), store.StatusCancelled); len(m) != 1 {
		t.Errorf("cancelled messages = %d, want the alert", len(m))
	}
}

// Shutting down (Ctrl-D right after a command) still delivers what is
// already due, within the drain time.
func TestShutdownDeliversWhatIsAlreadyDue(t *testing.T) {
	st := openStore(t)
	d := fastDispatcher(st)
	p := &platform{}
	d.Register(brief.PlatformTelegram, p)
	for i := range 3 {
		if err := d.Answer(t.Context(), Request{ID: fmt.Sprint("last-", i), Channel: brief.ChannelRef{Platform: brief.PlatformTelegram, ID: fmt.Sprint(100 + i)}},
			Response{Kind: KindNotice, Text: "answer"}); err != nil {
			t.Fatal(err)
		}
	}
	ctx, cancel := context.WithCancel(t.Context())
	cancel() // the bot is already shutting down when delivery starts
	if err := d.Run(ctx); err != nil {
		t.Fatal(err)
	}
	if got := p.received(); len(got) != 3 {
		t.Errorf("delivered %d of the 3 answers due at shutdown", len(got))
	}
}

// slowDisk is the real store on a disk that takes its time answering a
// claim, so that sends in flight finish while the dispatcher waits for it.
type slowDisk struct {
	Outbox
	delay time.Duration
}

func (s slowDisk) ClaimDue(ctx context.Context, now time.Time, lease time.Duration, limit int) ([]store.Message, error) {
	msgs, err := s.Outbox.ClaimDue(ctx, now, lease, limit)
	time.Sleep(s.delay)
	return msgs, err
}

// Answers to one chat go out one at a time, in order; shutting down right
// after a burst of commands still delivers every answer, not just those
// whose turn had come, however the sends and the outbox reads interleave.
func TestShutdownDeliversEveryAnswerToOneChat(t *testing.T) {
	st := openStore(t)
	d := NewDispatcher(slowDisk{Outbox: st, delay: 20 * time.Millisecond}, DispatcherOptions{Poll: 10 * time.Millisecond})
	p := &platform{latency: 5 * time.Millisecond}
	d.Register(brief.PlatformTelegram, p)
	for i := range 4 {
		if err := d.Answer(t.Context(), Request{ID: fmt.Sprint("cmd-", i), Channel: desk}, Response{Kind: KindNotice, Text: fmt.Sprint("answer ", i)}); err != nil {
			t.Fatal(err)
		}
	}
	ctx, cancel := context.WithCancel(t.Context())
	cancel() // Ctrl-D right after the commands
	if err := d.Run(ctx); err != nil {
		t.Fatal(err)
	}
	want := []string{"telegram:-100 notice answer 0", "telegram:-100 notice answer 1", "telegram:-100 notice answer 2", "telegram:-100 notice answer 3"}
	if got := p.received(); !slices.Equal(got, want) {
		t.Errorf("delivered %q before shutting down, want all 4 answers in order", got)
	}
}

// A message for a platform this deployment never starts is given up after
// a day instead of being retried for ever.
func TestMessagesForAPlatformNotRunningAreGivenUpAfterADay(t *testing.T) {
	st := openStore(t)
	now := time.Now()
	d := NewDispatcher(st, DispatcherOptions{Poll: 10 * time.Millisecond, Now: func() time.Time { return now }})
	if err := d.Notice(t.Context(), "n", brief.ChannelRef{Platform: brief.PlatformConsole, ID: "local"}, "hello"); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(t.Context())
	go func() { time.Sleep(200 * time.Millisecond); cancel() }()
	d.Run(ctx)
	if m, _ := st.Messages(t.Context(), store.StatusPending); len(m) != 1 {
		t.Fatalf("pending = %d, want the message kept while young", len(m))
	}
	now = now.Add(25 * time.Hour)
	ctx, cancel = context.WithCancel(t.Context())
	go func() { time.Sleep(200 * time.Millisecond); cancel() }()
	d.Run(ctx)
	failed, _ := st.Messages(t.Context(), store.StatusFailed)
	if len(failed) != 1 || !strings.Contains(failed[0].LastError, "console is not running") {
		t.Errorf("failed = %+v, want the day-old message given up with the reason", failed)
	}
}
