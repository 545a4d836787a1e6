package main

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"briefbot/bot"
	"briefbot/bot/slackbot"
	"briefbot/brief"
	"briefbot/ingest"
	"briefbot/internal/benchgen"
	"briefbot/store"
)

// rateSlack is a fake Slack Web API that accepts chat.postMessage at most
// once per second per channel (Slack's documented limit) and answers 429
// with Retry-After beyond it.
type rateSlack struct {
	gap time.Duration

	mu        sync.Mutex
	last      map[string]time.Time
	perChan   map[string]int
	delivered int
	limited   int
	lastAt    time.Time
}

func (s *rateSlack) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/json")
	switch r.URL.Path {
	case "/api/auth.test":
		fmt.Fprint(w, `{"ok":true,"user_id":"UBENCH","team_id":"TBENCH","bot_id":"BBENCH"}`)
		return
	case "/api/chat.postMessage":
	default:
		fmt.Fprint(w, `{"ok":false,"error":"unknown_method"}`)
		return
	}
	if err := r.ParseForm(); err != nil {
		fmt.Fprint(w, `{"ok":false,"error":"invalid_form_data"}`)
		return
	}
	ch := r.PostForm.Get("channel")
	now := time.Now()
	s.mu.Lock()
	if at, ok := s.last[ch]; ok && now.Sub(at) < s.gap {
		s.limited++
		s.mu.Unlock()
		wait := max(1, int((s.gap-now.Sub(at)+time.Second-1)/time.Second))
		w.Header().Set("Retry-After", strconv.Itoa(wait))
		w.WriteHeader(http.StatusTooManyRequests)
		fmt.Fprint(w, `{"ok":false,"error":"ratelimited"}`)
		return
	}
	s.last[ch] = now
	s.perChan[ch]++
	s.delivered++
	s.lastAt = now
	s.mu.Unlock()
	json.NewEncoder(w).Encode(map[string]any{"ok": true, "channel": ch, "ts": fmt.Sprintf("%d.%06d", now.Unix(), now.Nanosecond()/1000)})
}

func (s *rateSlack) counts() (delivered, limited, maxPerChannel, channels int, last time.Time) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, n := range s.perChan {
		maxPerChannel = max(maxPerChannel, n)
	}
	return s.delivered, s.limited, maxPerChannel, len(s.perChan), s.lastAt
}

func benchFanout(ctx context.Context, app *App, args []string) error {
	fs := flagSet(app, "bench fanout", "[-channels 1000] [-stories 1] [-store sqlite|postgres] [-db PATH] [-dsn DSN]")
	var bs benchStore
	bs.flags(fs)
	n := fs.Int("channels", 1000, "Slack channels subscribed to the topic")
	nstories := fs.Int("stories", 1, "new stories in the alert (more stories may render to more than one Slack message per channel)")
	topicList := fs.String("topics", "iran-russia", "comma-separated default topics every channel subscribes to and every story matches: one alert message per topic and channel, so more topics put more messages on each channel")
	workers := fs.Int("workers", 0, "channels delivered to at once (0: the dispatcher's default, as the bot runs)")
	timeout := fs.Duration("timeout", 10*time.Minute, "give up when not everything is delivered by then")
	if err := noArgs(fs, args); err != nil {
		return err
	}
	if *n < 1 || *nstories < 1 {
		fmt.Fprintln(app.Stderr, "briefbot bench fanout: -channels and -stories must be at least 1")
		return errUsage
	}
	st, where, closeStore, err := bs.open(ctx, app)
	if err != nil {
		return err
	}
	defer closeStore()
	if err := requireEmpty(ctx, st, "https://news.invalid/fanout/0"); err != nil {
		return err
	}
	m, err := benchMatcher()
	if err != nil {
		return err
	}
	var known []brief.Topic
	for _, id := range strings.Split(*topicList, ",") {
		i := slices.IndexFunc(m.Topics(), func(t brief.Topic) bool { return t.ID == strings.TrimSpace(id) })
		if i < 0 {
			return fmt.Errorf("-topics: %q is not a default topic (%s)", id, strings.Join(benchgen.Topics, ", "))
		}
		known = append(known, m.Topics()[i])
	}
	w := app.Stdout
	benchHeader(w, "fanout", where)

	// Subscribe the channels, then store the new stories: their alerts are
	// queued for every channel.
	now := time.Now().UTC()
	t0 := time.Now()
	for i := range *n {
		for _, t := range known {
			sub := brief.Subscription{Channel: brief.ChannelRef{Platform: brief.PlatformSlack, ID: fmt.Sprintf("C%08d", i)},
				TopicID: t.ID, Mode: brief.ModeAlerts, Created: now}
			if err := st.Subscribe(ctx, sub); err != nil {
				return fmt.Errorf("subscribe channel %d: %w", i, err)
			}
		}
	}
	for i := range *nstories {
		c := benchgen.Compose(11, 1000+i)
		a := brief.Article{ID: fmt.Sprintf("https://news.invalid/fanout/%d", i), FeedURL: "https://news.invalid/feed",
			Source: "Bench Outlet", Title: c.Title, Text: c.Text, Link: fmt.Sprintf("https://news.invalid/fanout/%d.html", i),
			Published: now.Add(-time.Duration(*nstories-i) * time.Minute), Fetched: now}
		var ms []brief.Match
		for _, t := range known {
			ms = append(ms, brief.Match{ArticleID: a.ID, TopicID: t.ID, Score: 2.5, Summary: []string{"A summary sentence of the story, as the summariser writes it."}})
		}
		if err := st.SaveArticle(ctx, a, ms, store.SaveOptions{Now: now}); err != nil {
			return fmt.Errorf("save story %d: %w", i, err)
		}
	}
	setup := time.Since(t0)

	slack := &rateSlack{gap: time.Second, last: map[string]time.Time{}, perChan: map[string]int{}}
	srv := httptest.NewServer(slack)
	defer srv.Close()
	d := bot.NewDispatcher(st, bot.DispatcherOptions{Workers: *workers})
	core := &bot.Bot{Handler: bot.NewHandler(st, known, nil, bot.Options{}), Dispatcher: d}
	ad, err := slackbot.New(core, slackbot.Options{BotToken: "xoxb-bench", SigningSecret: "bench", APIURL: srv.URL + "/api/"})
	if err != nil {
		return err
	}
	d.Register(brief.PlatformSlack, ad)

	// Queue one alert per channel, as the alerter does when the batch
	// window has passed.
	t1 := time.Now()
	al := ingest.NewAlerter(st, d, known, ingest.AlerterOptions{})
	queued, err := al.Flush(ctx)
	if err != nil {
		return fmt.Errorf("queue alerts: %w", err)
	}
	queueTime := time.Since(t1)
	fmt.Fprintf(w, "channels: %d, each subscribed to %s; %d new stories stored (setup %s); %d alert messages queued in %s  [%s]\n",
		*n, *topicList, *nstories, secs(setup), queued, secs(queueTime), loadAvg())

	dctx, cancel := context.WithCancel(ctx)
	defer cancel()
	t2 := time.Now()
	runErr := make(chan error, 1)
	go func() { runErr <- d.Run(dctx) }()
	deadline := time.After(*timeout)
	tick := time.NewTicker(20 * time.Millisecond)
	defer tick.Stop()
wait:
	for {
		select {
		case <-ctx.Done():
			return ctx.Err()
		case err := <-runErr:
			return fmt.Errorf("dispatcher stopped: %v", err)
		case <-deadline:
			break wait
		case <-tick.C:
			// The fake Slack's count is free to read; the outbox is read
			// only once it says all may be there, so this loop does not
			// take the CPU it measures (reading the outbox every 20 ms
			// took a third of it).
			if delivered, _, _, _, _ := slack.counts(); delivered < queued {
				continue
			}
			pending, _, err := st.OutboxStats(ctx, time.Now().Add(time.Hour))
			if err != nil {
				return fmt.Errorf("read the outbox: %w", err)
			}
			if pending == 0 {
				break wait
			}
		}
	}
	cancel()
	<-runErr
	delivered, limited, perChan, chans, last := slack.counts()
	total := last.Sub(t2)
	sent, err := st.Messages(ctx, store.StatusSent)
	if err != nil {
		return fmt.Errorf("read the outbox: %w", err)
	}
	allowed := time.Duration(perChan-1) * time.Second
	fmt.Fprintf(w, "delivered: %d Slack messages to %d channels (%d outbox messages marked sent of %d queued), up to %d per channel; 429s received: %d\n",
		delivered, chans, len(sent), queued, perChan, limited)
	fmt.Fprintf(w, "time:     %s from the dispatcher's start to the last message accepted (%.0f messages/s)  [%s]\n",
		secs(total), float64(delivered)/total.Seconds(), loadAvg())
	fmt.Fprintf(w, "limits:   1 message per second per channel allow all of it in %s (the %d messages of the busiest channel one second apart); measured/allowed: %s\n",
		secs(allowed), perChan, ratio(total, allowed))
	if len(sent) < queued || chans < *n {
		return fmt.Errorf("only %d of %d alerts delivered within %s", len(sent), queued, *timeout)
	}
	return nil
}

func ratio(got, allowed time.Duration) string {
	if allowed <= 0 {
		return "n/a (one message per channel: the per-channel limit allows them all at once, so the time is our own throughput)"
	}
	return fmt.Sprintf("%.2f", got.Seconds()/allowed.Seconds())
}
