package ingest

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"html"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"
)

// item is one entry a test publisher serves.
type item struct {
	GUID, Title, Link, Body string
	Published               time.Time
}

// publisher is a local feed publisher: it serves RSS 2.0 documents built
// from its items, with a strong ETag, and answers 304 to a matching
// If-None-Match. Tests change its items or make it fail.
type publisher struct {
	mu       sync.Mutex
	feeds    map[string][]item
	status   map[string]int
	requests map[string]int
	// retryAfter, when set, goes with every failure status.
	retryAfter string
	srv        *httptest.Server
}

func newPublisher(t *testing.T) *publisher {
	t.Helper()
	p := &publisher{feeds: map[string][]item{}, status: map[string]int{}, requests: map[string]int{}}
	p.srv = httptest.NewServer(http.HandlerFunc(p.serve))
	t.Cleanup(p.srv.Close)
	return p
}

func (p *publisher) url(path string) string { return p.srv.URL + path }

func (p *publisher) set(path string, items ...item) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.feeds[path] = items
}

func (p *publisher) add(path string, it item) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.feeds[path] = append([]item{it}, p.feeds[path]...)
}

func (p *publisher) fail(path string, status int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.status[path] = status
}

func (p *publisher) hits(path string) int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.requests[path]
}

func (p *publisher) serve(w http.ResponseWriter, r *http.Request) {
	p.mu.Lock()
	items, ok := p.feeds[r.URL.Path]
	status := p.status[r.URL.Path]
	p.requests[r.URL.Path]++
	p.mu.Unlock()
	if status != 0 {
		if p.retryAfter != "" {
			w.Header().Set("Retry-After", p.retryAfter)
		}
		http.Error(w, "publisher trouble", status)
		return
	}
	if !ok {
		http.NotFound(w, r)
		return
	}
	var b strings.Builder
	fmt.Fprintf(&b, `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Feed %s</title><link>%s</link>`, r.URL.Path, p.srv.URL)
	for _, it := range items {
		b.WriteString("<item>")
		if it.GUID != "" {
			fmt.Fprintf(&b, `<guid isPermaLink="false">%s</guid>`, html.EscapeString(it.GUID))
		}
		fmt.Fprintf(&b, "<title>%s</title><link>%s</link><pubDate>%s</pubDate><description>%s</description></item>",
			html.EscapeString(it.Title), html.EscapeString(it.Link), it.Published.Format(time.RFC1123Z), html.EscapeString(it.Body))
	}
	b.WriteString("</channel></rss>")
	sum := sha256.Sum256([]byte(b.String()))
	etag := `"` + hex.EncodeToString(sum[:8]) + `"`
	if r.Header.Get("If-None-Match") == etag {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	w.Header().Set("ETag", etag)
	w.Header().Set("Content-Type", "application/rss+xml; charset=utf-8")
	fmt.Fprint(w, b.String())
}
