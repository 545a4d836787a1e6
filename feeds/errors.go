package feeds

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// Sentinel errors callers branch on with errors.Is. They arrive wrapped with
// the operation and the URL or address they concern.
var (
	// ErrBlockedAddress means a connection was refused before it was made:
	// the address is loopback, private, link-local, multicast, unspecified,
	// reserved or a cloud metadata endpoint. It is wrapped with the address.
	// Retrying will not help; the feed's URL (or its DNS) must change.
	ErrBlockedAddress = errors.New("address not allowed")
	// ErrTooLarge means the body grew past Options.MaxBodyBytes, counted
	// after decompression.
	ErrTooLarge = errors.New("body too large")
	// ErrTooManyRedirects means the server redirected more than
	// Options.MaxRedirects times, usually a redirect loop.
	ErrTooManyRedirects = errors.New("too many redirects")
	// ErrUnsupportedScheme means a URL (or a redirect target) is not http or
	// https.
	ErrUnsupportedScheme = errors.New("unsupported URL scheme")
	// ErrNoContent means a page fetched for full text had no readable text.
	ErrNoContent = errors.New("no readable content")
)

// StatusError is an HTTP response that carried no feed: any status other
// than 2xx, or a 304 to a request that had no validators. Fetch returns it
// unwrapped; its message names the URL.
type StatusError struct {
	URL  string
	Code int
	// RetryAfter is the server's Retry-After (RFC 9110 §10.2.3) as a delay
	// from the time of the response, 0 when absent or unparsable. Servers
	// send it with 429, 503 and sometimes 3xx.
	RetryAfter  time.Duration
	ContentType string
}

func (e *StatusError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "GET %s: status %d", RedactURL(e.URL), e.Code)
	if t := http.StatusText(e.Code); t != "" {
		fmt.Fprintf(&b, " %s", t)
	}
	if e.Code == http.StatusNotModified {
		b.WriteString(" to a request without validators")
	}
	if e.RetryAfter > 0 {
		fmt.Fprintf(&b, ", retry after %s", e.RetryAfter)
	}
	return b.String()
}

// Temporary reports whether the status says "try later" rather than "this
// is wrong": 408, 425, 429 and 5xx. A 404 or 410 is not temporary.
func (e *StatusError) Temporary() bool {
	switch {
	case e.Code == 408 || e.Code == 425 || e.Code == 429:
		return true
	case e.Code >= 500:
		return true
	}
	return false
}

// NotFeedError is a successful response whose body is an HTML page rather
// than a feed: a user pasted a site's address instead of its feed's. Its
// message names the URL, the status, the content type and the advertised
// feeds, so it can be shown to an operator as it is.
type NotFeedError struct {
	URL         string
	Status      int // 0 when the document came from a file
	ContentType string
	// Alternates are the feeds the page advertises with
	// <link rel="alternate" type="application/rss+xml" href="...">,
	// resolved to absolute URLs, in document order.
	Alternates []string
}

func (e *NotFeedError) Error() string {
	var b strings.Builder
	b.WriteString(RedactURL(e.URL))
	b.WriteString(" is an HTML page, not a feed (")
	if e.Status != 0 {
		fmt.Fprintf(&b, "status %d, ", e.Status)
	}
	ct := e.ContentType
	if ct == "" {
		ct = "no content type"
	}
	fmt.Fprintf(&b, "content type %q)", ct)
	switch len(e.Alternates) {
	case 0:
		b.WriteString("; the page advertises no feed")
	case 1:
		fmt.Fprintf(&b, "; the page advertises the feed %s", e.Alternates[0])
	default:
		fmt.Fprintf(&b, "; the page advertises the feeds %s", strings.Join(e.Alternates, ", "))
	}
	return b.String()
}

// RedactURL hides a password in a URL's userinfo for messages and logs; the
// URL itself is kept intact in the error's fields.
func RedactURL(raw string) string {
	if !strings.Contains(raw, "@") {
		return raw
	}
	u, err := url.Parse(raw)
	if err != nil || u.User == nil {
		return raw
	}
	return u.Redacted()
}
