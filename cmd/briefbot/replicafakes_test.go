package main

import (
	"fmt"
	"html"
	"math/rand/v2"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
)

// wireStory is one story of the replica test, carried word for word by a
// few feeds under their own GUIDs and links.
type wireStory struct {
	Token string // unique to the story, in its headline: "R07X"
	Topic string
	Title string
	Body  string
	After time.Duration // published this long after the feeds begin
	Feeds []int
}

// replicaFeeds is the replica test's publisher: n RSS feeds at
// /feed/<i>.xml, empty until begin, then each carrying the wire stories
// published so far (newest first). It honours If-None-Match, and records
// every request's time by feed and the number of requests by User-Agent,
// each replica naming itself in its own.
type replicaFeeds struct {
	n       int
	stories []wireStory
	byFeed  [][]int // story indexes per feed

	mu      sync.Mutex
	begun   time.Time
	hits    map[int][]time.Time
	byAgent map[string]int
}

// replicaTopics are the watched topics of the replica test: made-up words,
// so that each story matches by its topic's word alone.
var replicaTopics = []string{"quorvane", "zentrik"}

// newReplicaFeeds spreads stories over n feeds, copies of each in perStory
// of them, published every gap from first on. The stories' words are
// drawn at random from made-up syllables, so no two stories resemble each
// other beyond their topic's word.
func newReplicaFeeds(n, stories, perStory int, first, gap time.Duration) *replicaFeeds {
	f := &replicaFeeds{n: n, byFeed: make([][]int, n), hits: map[int][]time.Time{}, byAgent: map[string]int{}}
	r := rand.New(rand.NewPCG(17, 4))
	syl := []string{"ka", "lo", "mi", "ren", "tu", "vash", "el", "dor", "pi", "sen", "gra", "ul", "fo", "nim", "bre", "zo",
		"tac", "wen", "hu", "qua", "ris", "mol", "yan", "der", "sho", "lib", "cor", "ne", "vat", "iki"}
	word := func() string {
		var b strings.Builder
		for range 2 + r.IntN(2) {
			b.WriteString(syl[r.IntN(len(syl))])
		}
		return b.String()
	}
	words := func(k int) string {
		ws := make([]string, k)
		for i := range ws {
			ws[i] = word()
		}
		return strings.Join(ws, " ")
	}
	for j := range stories {
		topic := replicaTopics[j%len(replicaTopics)]
		name := strings.ToUpper(topic[:1]) + topic[1:]
		s := wireStory{
			Token: fmt.Sprintf("R%02dX", j),
			Topic: topic,
			After: first + time.Duration(j)*gap,
		}
		s.Title = fmt.Sprintf("%s %s %s", name, words(5), s.Token)
		s.Body = fmt.Sprintf("%s %s. %s. %s.", name, words(14), words(16), words(16))
		for _, i := range r.Perm(n)[:perStory] {
			s.Feeds = append(s.Feeds, i)
			f.byFeed[i] = append(f.byFeed[i], j)
		}
		f.stories = append(f.stories, s)
	}
	return f
}

// begin starts the stories' clock.
func (f *replicaFeeds) begin(t time.Time) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.begun = t
}

// published reports whether story j is out at now.
func (f *replicaFeeds) published(j int, now time.Time) bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	return !f.begun.IsZero() && !now.Before(f.begun.Add(f.stories[j].After))
}

func (f *replicaFeeds) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	now := time.Now()
	name, ok := strings.CutPrefix(r.URL.Path, "/feed/")
	name, ok2 := strings.CutSuffix(name, ".xml")
	i, err := strconv.Atoi(name)
	if !ok || !ok2 || err != nil || i < 0 || i >= f.n {
		http.NotFound(w, r)
		return
	}
	f.mu.Lock()
	f.hits[i] = append(f.hits[i], now)
	f.byAgent[r.Header.Get("User-Agent")]++
	f.mu.Unlock()
	var visible []int
	for _, j := range f.byFeed[i] {
		if f.published(j, now) {
			visible = append(visible, j)
		}
	}
	slices.Reverse(visible)
	etag := fmt.Sprintf(`"%d-%d"`, i, len(visible))
	if r.Header.Get("If-None-Match") == etag {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	var b strings.Builder
	fmt.Fprintf(&b, `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Outlet %d</title><link>https://outlet%d.example/</link>`, i, i)
	for _, j := range visible {
		s := f.stories[j]
		f.mu.Lock()
		pub := f.begun.Add(s.After)
		f.mu.Unlock()
		fmt.Fprintf(&b, `<item><guid isPermaLink="false">outlet%d-%s</guid><title>%s</title><link>https://outlet%d.example/%s</link><pubDate>%s</pubDate><description>%s</description></item>`,
			i, s.Token, html.EscapeString(s.Title), i, s.Token, pub.Format(time.RFC1123Z), html.EscapeString(s.Body))
	}
	b.WriteString("</channel></rss>")
	w.Header().Set("ETag", etag)
	w.Header().Set("Content-Type", "application/rss+xml; charset=utf-8")
	fmt.Fprint(w, b.String())
}

// longestGap returns, over every feed, the longest time in [from, to]
// without a request to it, and the feed it was in.
func (f *replicaFeeds) longestGap(from, to time.Time) (time.Duration, int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	worst, at := time.Duration(0), -1
	for i := range f.n {
		last := from
		for _, t := range append(slices.Clone(f.hits[i]), to) {
			if t.Before(from) {
				continue
			}
			if t.After(to) {
				t = to
			}
			if d := t.Sub(last); d > worst {
				worst, at = d, i
			}
			last = t
		}
	}
	return worst, at
}

// agents returns the requests made under each User-Agent.
func (f *replicaFeeds) agents() map[string]int {
	f.mu.Lock()
	defer f.mu.Unlock()
	out := make(map[string]int, len(f.byAgent))
	for k, v := range f.byAgent {
		out[k] = v
	}
	return out
}

// slackPost is one chat.postMessage the fake Slack accepted.
type slackPost struct {
	Channel string
	Thread  string // thread_ts: a reply (a story update) when set
	Content string // the text and the blocks, as posted
}

// replicaSlack is Slack's Web API at the network edge for the replica
// test: it accepts every post and records it.
type replicaSlack struct {
	mu    sync.Mutex
	posts []slackPost
}

func (s *replicaSlack) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	_ = r.ParseForm()
	method := r.URL.Path[strings.LastIndexByte(r.URL.Path, '/')+1:]
	w.Header().Set("Content-Type", "application/json")
	switch method {
	case "auth.test":
		fmt.Fprint(w, `{"ok":true,"url":"https://replicas.example/","team":"Replicas","user":"briefbot","team_id":"T1","user_id":"UBOT","bot_id":"BBOT"}`)
	case "chat.postMessage":
		s.mu.Lock()
		s.posts = append(s.posts, slackPost{Channel: r.PostForm.Get("channel"), Thread: r.PostForm.Get("thread_ts"),
			Content: r.PostForm.Get("text") + "\n" + r.PostForm.Get("blocks")})
		n := len(s.posts)
		s.mu.Unlock()
		fmt.Fprintf(w, `{"ok":true,"channel":%q,"ts":"1764244800.%06d"}`, r.PostForm.Get("channel"), n)
	default:
		fmt.Fprint(w, `{"ok":true}`)
	}
}

func (s *replicaSlack) snapshot() []slackPost {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.posts)
}
