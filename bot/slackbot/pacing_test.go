package slackbot

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"briefbot/bot"
	"briefbot/brief"
	"briefbot/store/sqlite"
)

// pacedSlack accepts chat.postMessage at most once per gap per channel,
// counted from when it took the previous post (after a processing delay,
// as a real server's clock would), and answers 429 with Retry-After
// beyond it.
type pacedSlack struct {
	gap, delay time.Duration

	mu      sync.Mutex
	last    map[string]time.Time
	order   []string
	limited int
}

func (s *pacedSlack) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/json")
	if r.URL.Path != "/api/chat.postMessage" {
		fmt.Fprint(w, `{"ok":true,"user_id":"UBOT"}`)
		return
	}
	r.ParseForm()
	ch := r.PostForm.Get("channel")
	arrived := time.Now()
	s.mu.Lock()
	if at, ok := s.last[ch]; ok && arrived.Sub(at) < s.gap {
		s.limited++
		s.mu.Unlock()
		w.Header().Set("Retry-After", "1")
		w.WriteHeader(http.StatusTooManyRequests)
		fmt.Fprint(w, `{"ok":false,"error":"ratelimited"}`)
		return
	}
	s.mu.Unlock()
	time.Sleep(s.delay)
	s.mu.Lock()
	s.last[ch] = time.Now()
	s.order = append(s.order, ch)
	s.mu.Unlock()
	fmt.Fprintf(w, `{"ok":true,"channel":%q,"ts":"1.%d"}`, ch, time.Now().UnixNano())
}

func (s *pacedSlack) result() ([]string, int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.order...), s.limited
}

// Two messages for one channel and one for another, delivered by one
// worker: the second message to CA waits out CA's pace without holding
// the worker, so CB's message goes first, and our own pacing never draws
// a 429 even though Slack counts the gap from when it took a post.
func TestPacingHoldsNoWorkerAndDrawsNo429(t *testing.T) {
	fake := &pacedSlack{gap: 400 * time.Millisecond, delay: 60 * time.Millisecond, last: map[string]time.Time{}}
	srv := httptest.NewServer(fake)
	defer srv.Close()
	ctx := context.Background()
	st, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "briefbot.db"), sqlite.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	disp := bot.NewDispatcher(st, bot.DispatcherOptions{Workers: 1, Poll: 10 * time.Millisecond})
	ad, err := New(&bot.Bot{Handler: bot.NewHandler(st, testTopics, nil, bot.Options{}), Dispatcher: disp},
		Options{BotToken: testBotToken, SigningSecret: testSecret, APIURL: srv.URL + "/api/", PerChannel: fake.gap})
	if err != nil {
		t.Fatal(err)
	}
	disp.Register(brief.PlatformSlack, ad)
	a := brief.ChannelRef{Platform: brief.PlatformSlack, ID: "CA"}
	b := brief.ChannelRef{Platform: brief.PlatformSlack, ID: "CB"}
	for i, ch := range []brief.ChannelRef{a, a, b} {
		if err := disp.Notice(ctx, fmt.Sprintf("notice:%d", i), ch, fmt.Sprintf("notice %d", i)); err != nil {
			t.Fatal(err)
		}
	}
	dctx, cancel := context.WithCancel(ctx)
	done := make(chan error, 1)
	go func() { done <- disp.Run(dctx) }()
	waitFor(t, "three messages delivered", func() bool { order, _ := fake.result(); return len(order) >= 3 })
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	order, limited := fake.result()
	if fmt.Sprint(order) != "[CA CB CA]" {
		t.Errorf("delivery order %v, want [CA CB CA]: CB waited behind CA's pace", order)
	}
	if limited != 0 {
		t.Errorf("our pacing drew %d 429s", limited)
	}
}
