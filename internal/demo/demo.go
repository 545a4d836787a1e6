package demo

import (
	"bytes"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"text/template"
	"time"
)

// Feed describes one sample feed.
type Feed struct {
	// Name is the feed's slug, "caspian-wire".
	Name string
	// Title is the invented outlet's name, "Caspian Wire".
	Title string
	// Path is where Handler serves the feed, "/caspian-wire/rss.xml".
	Path string
	// ContentType is the media type the feed is served with.
	ContentType string
}

// feedFiles holds the feed documents. Each is a text/template whose item
// dates are written as offsets from the server's start; see page.At.
//
//go:embed feeds/*.tmpl
var feedFiles embed.FS

// sample is one embedded feed document and how to render its dates.
type sample struct {
	Feed
	file   string
	layout string         // date layout the format requires
	zone   *time.Location // the outlet's zone, so dates carry a real offset
	tmpl   *template.Template
	// offsets lists every item's offset from start, as found by a dry run.
	offsets []time.Duration
}

// samples is loaded once; the documents are part of the binary, so a broken
// one is a programming error that the package tests catch.
var samples = mustLoad([]sample{
	{
		Feed: Feed{
			Name:        "caspian-wire",
			Title:       "Caspian Wire",
			Path:        "/caspian-wire/rss.xml",
			ContentType: "application/rss+xml; charset=utf-8",
		},
		file:   "caspian-wire.rss.tmpl",
		layout: time.RFC1123Z, // RSS 2.0 pubDate is RFC 822 with a numeric zone
		zone:   time.FixedZone("IRST", 3*3600+30*60),
	},
	{
		Feed: Feed{
			Name:        "eurasia-diplomatic-review",
			Title:       "Eurasia Diplomatic Review",
			Path:        "/eurasia-diplomatic-review/atom.xml",
			ContentType: "application/atom+xml; charset=utf-8",
		},
		file:   "eurasia-diplomatic-review.atom.tmpl",
		layout: time.RFC3339, // RFC 4287 §3.3 date constructs
		zone:   time.UTC,
	},
	{
		Feed: Feed{
			Name:        "gulf-levant-monitor",
			Title:       "Gulf & Levant Monitor",
			Path:        "/gulf-levant-monitor/feed.json",
			ContentType: "application/feed+json; charset=utf-8",
		},
		file:   "gulf-levant-monitor.json.tmpl",
		layout: time.RFC3339, // JSON Feed 1.1 dates are RFC 3339
		zone:   time.FixedZone("GST", 4*3600),
	},
})

// Feeds returns the sample feeds in a fixed order.
func Feeds() []Feed {
	out := make([]Feed, len(samples))
	for i, s := range samples {
		out[i] = s.Feed
	}
	return out
}

func mustLoad(list []sample) []sample {
	for i := range list {
		if err := list[i].load(); err != nil {
			panic(err)
		}
	}
	return list
}

// load parses the document and records its item offsets with a dry run in
// which every item is visible.
func (s *sample) load() error {
	src, err := feedFiles.ReadFile("feeds/" + s.file)
	if err != nil {
		return fmt.Errorf("load feed %s: %w", s.file, err)
	}
	s.tmpl, err = template.New(s.file).Option("missingkey=error").Parse(string(src))
	if err != nil {
		return fmt.Errorf("load feed %s: %w", s.file, err)
	}
	p := &page{layout: s.layout, zone: s.zone, all: true}
	p.record = func(d time.Duration) { s.offsets = append(s.offsets, d) }
	if err := s.tmpl.Execute(new(bytes.Buffer), p); err != nil {
		return fmt.Errorf("load feed %s: %w", s.file, err)
	}
	if len(s.offsets) == 0 {
		return fmt.Errorf("load feed %s: no dated items", s.file)
	}
	return nil
}

// render returns the document as it looks at now, and when it last changed:
// the date of its newest visible item.
func (s *sample) render(start, now time.Time) ([]byte, time.Time, error) {
	var modified time.Time
	for _, d := range s.offsets {
		if t := start.Add(d); !t.After(now) && t.After(modified) {
			modified = t
		}
	}
	if modified.IsZero() {
		modified = start
	}
	p := &page{start: start, now: now, layout: s.layout, zone: s.zone, updated: modified}
	var buf bytes.Buffer
	if err := s.tmpl.Execute(&buf, p); err != nil {
		return nil, time.Time{}, fmt.Errorf("render feed %s: %w", s.Name, err)
	}
	return buf.Bytes(), modified, nil
}

// page is the data a feed template executes against.
type page struct {
	start, now time.Time
	layout     string
	zone       *time.Location
	updated    time.Time
	// all and record serve the dry run in load.
	all    bool
	record func(time.Duration)
}

// At returns the date start+offset formatted for the document, or "" while
// that moment is still in the future. Every item is written as
//
//	{{with $.At "-3h20m"}} ... <pubDate>{{.}}</pubDate> ... {{end}}
//
// so an item with a positive offset stays out of the document until it
// "arrives". Offsets are a Go duration with an optional leading day count:
// "-6d2h", "+5m".
func (p *page) At(offset string) (string, error) {
	d, err := parseOffset(offset)
	if err != nil {
		return "", err
	}
	if p.record != nil {
		p.record(d)
	}
	t := p.start.Add(d)
	if !p.all && t.After(p.now) {
		return "", nil
	}
	return t.In(p.zone).Format(p.layout), nil
}

// Updated returns the date of the newest visible item, for the channel's
// lastBuildDate or the Atom feed's updated element.
func (p *page) Updated() string {
	return p.updated.In(p.zone).Format(p.layout)
}

// parseOffset reads "-6d2h30m", "+2m" or "-45m".
func parseOffset(s string) (time.Duration, error) {
	rest, neg := strings.CutPrefix(s, "-")
	if !neg {
		rest, _ = strings.CutPrefix(rest, "+")
	}
	var d time.Duration
	if days, after, ok := strings.Cut(rest, "d"); ok {
		n, err := strconv.Atoi(days)
		if err != nil || n < 0 {
			return 0, fmt.Errorf("offset %q: bad day count", s)
		}
		d = time.Duration(n) * 24 * time.Hour
		rest = after
	}
	if rest != "" {
		r, err := time.ParseDuration(rest)
		if err != nil || r < 0 {
			return 0, fmt.Errorf("offset %q: want [-+][Nd]duration", s)
		}
		d += r
	}
	if neg {
		d = -d
	}
	return d, nil
}

// Handler serves every sample feed at its Path, rendering dates relative to
// start and hiding items whose time has not come (now() < start+offset). It
// honours conditional GET: a strong ETag derived from the rendered bytes and
// Last-Modified (the newest visible item's date); If-None-Match and
// If-Modified-Since answer 304 when nothing changed (RFC 9110 §13.1, with
// If-None-Match taking precedence). Unknown paths get 404.
//
// start is truncated to the second, the resolution of feed and HTTP dates,
// so an item's rendered date is exactly the moment it becomes visible.
func Handler(start time.Time, now func() time.Time) http.Handler {
	start = start.Truncate(time.Second)
	mux := http.NewServeMux()
	for i := range samples {
		s := &samples[i]
		mux.HandleFunc("GET "+s.Path, func(w http.ResponseWriter, r *http.Request) {
			s.serve(w, r, start, now())
		})
	}
	return mux
}

func (s *sample) serve(w http.ResponseWriter, r *http.Request, start, now time.Time) {
	body, modified, err := s.render(start, now)
	if err != nil {
		http.Error(w, "feed cannot be rendered", http.StatusInternalServerError)
		return
	}
	sum := sha256.Sum256(body)
	h := w.Header()
	h.Set("Content-Type", s.ContentType)
	h.Set("ETag", `"`+hex.EncodeToString(sum[:16])+`"`)
	// A minute keeps arrivals prompt for a poller that honours max-age.
	h.Set("Cache-Control", "max-age=60")
	// ServeContent evaluates If-None-Match against the ETag set above and
	// If-Modified-Since against modified, and answers HEAD.
	http.ServeContent(w, r, "", modified, bytes.NewReader(body))
}
