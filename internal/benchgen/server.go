package benchgen

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"sync/atomic"
	"time"
)

// FeedServer serves the generator's feeds as RSS 2.0 at /feed/<n>.xml,
// n from 0 to Feeds-1. Each document is rendered when asked for (nothing
// is held between requests, so the server adds little to the memory of
// the process it runs in) and is the same every time, with a stable ETag
// and Last-Modified: a conditional GET that names either gets 304.
type FeedServer struct {
	Gen *Generator
	// Counters of responses, for the benchmark's report.
	Full, NotModified, Missing atomic.Int64
}

// FeedPath is the path of feed n, to be joined to the server's base URL.
func FeedPath(n int) string { return "/feed/" + strconv.Itoa(n) + ".xml" }

func (s *FeedServer) etag(n int) string {
	return fmt.Sprintf(`"bench-%d-%d-%d"`, s.Gen.Seed, n, s.Gen.Base.Unix())
}

func (s *FeedServer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	name, ok := strings.CutPrefix(r.URL.Path, "/feed/")
	name, ok2 := strings.CutSuffix(name, ".xml")
	n, err := strconv.Atoi(name)
	if !ok || !ok2 || err != nil || n < 0 || n >= s.Gen.Feeds {
		s.Missing.Add(1)
		http.NotFound(w, r)
		return
	}
	etag := s.etag(n)
	modified := s.Gen.Base.UTC().Format(http.TimeFormat)
	w.Header().Set("ETag", etag)
	w.Header().Set("Last-Modified", modified)
	if inm := r.Header.Get("If-None-Match"); inm != "" && inm == etag {
		s.NotModified.Add(1)
		w.WriteHeader(http.StatusNotModified)
		return
	}
	if ims := r.Header.Get("If-Modified-Since"); ims != "" && r.Header.Get("If-None-Match") == "" {
		if t, err := http.ParseTime(ims); err == nil && !s.Gen.Base.Truncate(time.Second).After(t) {
			s.NotModified.Add(1)
			w.WriteHeader(http.StatusNotModified)
			return
		}
	}
	s.Full.Add(1)
	w.Header().Set("Content-Type", "application/rss+xml; charset=utf-8")
	writeRSS(w, s.Gen, n)
}

func writeRSS(w io.Writer, g *Generator, n int) {
	// One buffer the size of a whole document, so the server's own
	// allocations stay small beside the poller's it shares the process with.
	b := bytes.NewBuffer(make([]byte, 0, g.items()*2400+512))
	b.WriteString(xml.Header)
	b.WriteString(`<rss version="2.0"><channel>`)
	fmt.Fprintf(b, "<title>Bench Outlet %d</title><link>https://%s/f%d/</link><description>Generated news for benchmarks</description>", n, g.host(), n)
	for k := range g.items() {
		a := g.Item(n, k)
		b.WriteString("<item><title>")
		xml.EscapeText(b, []byte(a.Title))
		b.WriteString("</title><link>")
		xml.EscapeText(b, []byte(a.Link))
		b.WriteString(`</link><guid isPermaLink="true">`)
		xml.EscapeText(b, []byte(a.GUID))
		b.WriteString("</guid><pubDate>")
		b.WriteString(a.Published.UTC().Format(time.RFC1123Z))
		b.WriteString("</pubDate><description>")
		xml.EscapeText(b, []byte(a.Text))
		b.WriteString("</description></item>")
	}
	b.WriteString("</channel></rss>")
	_, _ = w.Write(b.Bytes())
}

// Document renders feed n as the server would send it.
func Document(g *Generator, n int) []byte {
	var b bytes.Buffer
	writeRSS(&b, g, n)
	return b.Bytes()
}
