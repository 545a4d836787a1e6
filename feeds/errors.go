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

// RedactURL hides a URL's secrets for messages, logs and `config check`:
// the password in its userinfo and the values of query parameters that
// carry credentials (key=, token=, apikey=, api_key=, access_token=,
// secret=, sig=, signature= and the like, see secretParam), each replaced
// by "xxxxx" as url.URL.Redacted does. Everything else is kept, so the
// operator still recognises the feed; the URL itself stays intact in the
// error's fields.
func RedactURL(raw string) string {
	out := raw
	if strings.Contains(out, "@") {
		if u, err := url.Parse(out); err == nil && u.User != nil {
			out = u.Redacted()
		}
	}
	q := strings.IndexByte(out, '?')
	if q < 0 {
		return out
	}
	query, frag := out[q+1:], ""
	if h := strings.IndexByte(query, '#'); h >= 0 {
		query, frag = query[:h], query[h:]
	}
	pairs := strings.Split(query, "&")
	changed := false
	for i, p := range pairs {
		name, value, ok := strings.Cut(p, "=")
		if !ok || value == "" {
			continue
		}
		if n, err := url.QueryUnescape(name); err == nil {
			name = n
		}
		if secretParam(name) {
			pairs[i] = p[:strings.IndexByte(p, '=')+1] + "xxxxx"
			changed = true
		}
	}
	if !changed {
		return out
	}
	return out[:q+1] + strings.Join(pairs, "&") + frag
}

// secretParam reports whether a query parameter name says its value is a
// credential: an API key, a token, a secret, a password or a signature
// (a signed URL's signature grants access as a password does).
func secretParam(name string) bool {
	n := strings.ToLower(strings.TrimSpace(name))
	n = strings.NewReplacer("-", "_", ".", "_").Replace(n)
	switch n {
	case "key", "apikey", "api_key", "appkey", "app_key", "token", "access_token",
		"auth", "authorization", "secret", "client_secret", "password", "passwd",
		"pass", "pwd", "sig", "signature", "session", "sessionid", "session_id",
		"sid", "private_token", "credential", "credentials", "x_amz_credential",
		"code", "license", "licence", "hash", "userkey", "user_key":
		return true
	}
	for _, suffix := range []string{"_key", "apikey", "token", "secret", "password", "signature", "_sig"} {
		if strings.HasSuffix(n, suffix) {
			return true
		}
	}
	return strings.HasPrefix(n, "sig")
}
