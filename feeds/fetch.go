package feeds

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"briefbot/brief"
)

// Defaults for the zero values of Options.
const (
	DefaultTimeout       = 30 * time.Second
	DefaultMaxRedirects  = 5
	DefaultMaxConcurrent = 8
	DefaultPerHost       = 1
	DefaultFullTextCache = 256
)

// Options configures a Fetcher. Zero values take the defaults above.
type Options struct {
	// UserAgent names the bot to publishers; the caller puts its version in,
	// e.g. "briefbot/1.4.0 (+feed reader)". Default "briefbot/dev (+feed reader)".
	UserAgent string
	// Timeout bounds a whole request: connecting, TLS, headers, every
	// redirect and reading the body. A server that trickles bytes is cut
	// off when it expires. Default 30s.
	Timeout time.Duration
	// MaxBodyBytes caps a body after decompression. Default 10 MiB.
	MaxBodyBytes int64
	// MaxRedirects is how many redirects a request may follow. Default 5;
	// negative means none.
	MaxRedirects int
	// AllowPrivateNetworks permits loopback, private and link-local
	// addresses (for the offline demo and tests). Cloud metadata endpoints,
	// multicast, broadcast and unspecified addresses stay refused.
	AllowPrivateNetworks bool
	// MaxConcurrent bounds requests in flight across all hosts. Default 8.
	MaxConcurrent int
	// PerHost bounds requests in flight to one host name. Default 1.
	PerHost int
	// Resolver looks up host names; nil means net.DefaultResolver.
	Resolver Resolver
	// Now is the clock; nil means time.Now.
	Now func() time.Time
	// FullTextCache is how many extracted pages FullText keeps. Default 256.
	FullTextCache int
	// Proxy, when set, is an http or https forward proxy every request
	// goes through (plain HTTP is forwarded, HTTPS tunnelled with
	// CONNECT); nil connects directly. The proxy is dialled without the
	// address check, since the operator chose it. Its target cannot be
	// checked at dial time, so each request and each redirect hop is
	// checked before it is sent: the target's host is resolved and refused
	// when any of its addresses is (see the package documentation for what
	// that leaves open).
	Proxy *url.URL
}

// Request is one conditional feed fetch. ETag and LastModified are the
// validators stored from the feed's last 200 response.
type Request struct {
	URL, ETag, LastModified string
}

// Result is a fetched or parsed feed.
type Result struct {
	URL         string // the requested feed URL (FeedURL of its articles)
	FinalURL    string // after redirects
	Status      int    // HTTP status; 0 for a document that came from a file
	NotModified bool   // 304: no articles, no title
	// ETag and LastModified are the validators to store and send next
	// time. After a 304 they are the request's, updated by any the 304
	// carried (RFC 9111 §4.3.4).
	ETag, LastModified string
	Title              string // the feed's title, plain text
	Articles           []brief.Article
	TTL                time.Duration // RSS <ttl> or sy:updatePeriod, 0 if none
	MaxAge             time.Duration // Cache-Control max-age or Expires, 0 if none
}

// Fetcher fetches feeds and article pages over HTTP with the safety rules
// of the package documentation. It is safe for concurrent use.
type Fetcher struct {
	opt    Options
	client *http.Client
	dialer *dialer

	global chan struct{}
	mu     sync.Mutex
	hosts  map[string]*hostSlot

	cache *lru
}

type hostSlot struct {
	sem   chan struct{}
	users int
}

// New builds a Fetcher. It does no I/O.
func New(opt Options) *Fetcher {
	if opt.UserAgent == "" {
		opt.UserAgent = "briefbot/dev (+feed reader)"
	}
	if opt.Timeout <= 0 {
		opt.Timeout = DefaultTimeout
	}
	if opt.MaxBodyBytes <= 0 {
		opt.MaxBodyBytes = DefaultMaxBodyBytes
	}
	switch {
	case opt.MaxRedirects == 0:
		opt.MaxRedirects = DefaultMaxRedirects
	case opt.MaxRedirects < 0:
		opt.MaxRedirects = 0
	}
	if opt.MaxConcurrent <= 0 {
		opt.MaxConcurrent = DefaultMaxConcurrent
	}
	if opt.PerHost <= 0 {
		opt.PerHost = DefaultPerHost
	}
	if opt.Resolver == nil {
		opt.Resolver = net.DefaultResolver
	}
	if opt.Now == nil {
		opt.Now = time.Now
	}
	if opt.FullTextCache <= 0 {
		opt.FullTextCache = DefaultFullTextCache
	}
	f := &Fetcher{
		opt:    opt,
		dialer: newDialer(opt.Resolver, opt.AllowPrivateNetworks),
		global: make(chan struct{}, opt.MaxConcurrent),
		hosts:  map[string]*hostSlot{},
		cache:  newLRU(opt.FullTextCache),
	}
	f.dialer.net.Timeout = min(10*time.Second, opt.Timeout)
	f.dialer.net.KeepAlive = 30 * time.Second
	transport := &http.Transport{
		// No proxy unless configured: the environment's HTTPS_PROXY is
		// not used, since a proxy makes the connection on our behalf and
		// the dial-time check would see only the proxy.
		Proxy:                  nil,
		DialContext:            f.dialer.DialContext,
		ForceAttemptHTTP2:      true,
		TLSHandshakeTimeout:    min(10*time.Second, opt.Timeout),
		ResponseHeaderTimeout:  opt.Timeout,
		ExpectContinueTimeout:  time.Second,
		MaxIdleConns:           64,
		MaxIdleConnsPerHost:    opt.PerHost,
		IdleConnTimeout:        90 * time.Second,
		MaxResponseHeaderBytes: 1 << 20,
		// We ask for gzip ourselves and decode it under the body cap.
		DisableCompression: true,
	}
	if opt.Proxy != nil {
		transport.Proxy = http.ProxyURL(opt.Proxy)
		// Every connection goes to the proxy, which may well sit on the
		// operator's own network; targets are checked by checkTarget.
		proxyDialer := &net.Dialer{Timeout: f.dialer.net.Timeout, KeepAlive: f.dialer.net.KeepAlive}
		transport.DialContext = proxyDialer.DialContext
	}
	f.client = &http.Client{Transport: transport, CheckRedirect: f.checkRedirect}
	return f
}

// checkRedirect allows at most MaxRedirects redirects, each to http or
// https. The target's address is judged when it is dialled, or here,
// before the hop is sent, when a proxy dials instead of us.
func (f *Fetcher) checkRedirect(req *http.Request, via []*http.Request) error {
	if last, ok := req.Context().Value(redirectKey{}).(*string); ok {
		*last = req.URL.String()
	}
	if len(via) > f.opt.MaxRedirects {
		return fmt.Errorf("after %d redirects: %w", len(via)-1, ErrTooManyRedirects)
	}
	if req.URL.Scheme != "http" && req.URL.Scheme != "https" {
		return fmt.Errorf("redirect to %s: %w", RedactURL(req.URL.String()), ErrUnsupportedScheme)
	}
	return f.checkTarget(req.Context(), req.URL)
}

// checkTarget, when requests go through a proxy, resolves u's host and
// returns ErrBlockedAddress when any of its addresses may not be dialled:
// the proxy will resolve the name again and may pick any of them. Without
// a proxy the dialer judges the address it connects to, and this does
// nothing.
func (f *Fetcher) checkTarget(ctx context.Context, u *url.URL) error {
	if f.opt.Proxy == nil {
		return nil
	}
	port := u.Port()
	if port == "" {
		port = map[string]string{"http": "80", "https": "443"}[u.Scheme]
	}
	return f.dialer.checkHost(ctx, u.Hostname(), port)
}

// redirectKey keys the *string in a request's context where
// checkRedirect records the last redirect target, so that an error names
// a redirect only when one happened.
type redirectKey struct{}

// checkURL accepts absolute http and https URLs with a host.
func checkURL(raw string) (*url.URL, error) {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil {
		return nil, err
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return nil, fmt.Errorf("scheme %q: %w", u.Scheme, ErrUnsupportedScheme)
	}
	if u.Host == "" {
		return nil, errors.New("no host")
	}
	return u, nil
}

// acquire takes a per-host slot, then a global one, so that requests
// queued for a busy host do not hold global slots other hosts could use.
func (f *Fetcher) acquire(ctx context.Context, host string) (release func(), err error) {
	host = strings.ToLower(host)
	f.mu.Lock()
	slot := f.hosts[host]
	if slot == nil {
		slot = &hostSlot{sem: make(chan struct{}, f.opt.PerHost)}
		f.hosts[host] = slot
	}
	slot.users++
	f.mu.Unlock()
	leave := func() {
		f.mu.Lock()
		slot.users--
		if slot.users == 0 {
			delete(f.hosts, host)
		}
		f.mu.Unlock()
	}
	select {
	case slot.sem <- struct{}{}:
	case <-ctx.Done():
		leave()
		return nil, ctx.Err()
	}
	select {
	case f.global <- struct{}{}:
	case <-ctx.Done():
		<-slot.sem
		leave()
		return nil, ctx.Err()
	}
	return func() {
		<-f.global
		<-slot.sem
		leave()
	}, nil
}

// response is a successful (2xx or 304) answer with its decoded body.
type response struct {
	status   int
	header   http.Header
	finalURL string
	body     []byte
	received time.Time
}

const acceptFeeds = "application/rss+xml, application/atom+xml, application/feed+json, application/rdf+xml;q=0.9, application/xml;q=0.9, text/xml;q=0.9, application/json;q=0.8, */*;q=0.5"

// get performs one GET under the concurrency limits and the whole-request
// deadline. A 304 answers a conditional request with an empty body; any
// other non-2xx status is a *StatusError.
func (f *Fetcher) get(ctx context.Context, rawURL, accept, etag, lastModified string) (*response, error) {
	u, err := checkURL(rawURL)
	if err != nil {
		return nil, err
	}
	release, err := f.acquire(ctx, u.Hostname())
	if err != nil {
		return nil, err
	}
	defer release()

	var redirectedTo string
	reqCtx, cancel := context.WithTimeout(context.WithValue(ctx, redirectKey{}, &redirectedTo), f.opt.Timeout)
	defer cancel()
	if err := f.checkTarget(reqCtx, u); err != nil {
		return nil, f.requestError(ctx, reqCtx, "", err)
	}
	req, err := http.NewRequestWithContext(reqCtx, http.MethodGet, u.String(), nil)
	if err != nil {
		return nil, err
	}
	req.Header.Set("User-Agent", f.opt.UserAgent)
	req.Header.Set("Accept", accept)
	// Set explicitly, so the transport does not decompress on its own,
	// beyond the cap.
	req.Header.Set("Accept-Encoding", "gzip, deflate")
	// RFC 9110 §13.1.3: a server evaluates If-None-Match and ignores
	// If-Modified-Since when both are sent, so the ETag alone is sent when
	// there is one; some servers get the combination wrong.
	conditional := true
	switch {
	case etag != "":
		req.Header.Set("If-None-Match", etag)
	case lastModified != "":
		req.Header.Set("If-Modified-Since", lastModified)
	default:
		conditional = false
	}

	resp, err := f.client.Do(req)
	if err != nil {
		return nil, f.requestError(ctx, reqCtx, redirectedTo, err)
	}
	defer resp.Body.Close()
	out := &response{
		status:   resp.StatusCode,
		header:   resp.Header,
		finalURL: resp.Request.URL.String(),
		received: f.opt.Now(),
	}
	ct := resp.Header.Get("Content-Type")
	if resp.StatusCode == http.StatusNotModified && conditional {
		return out, nil
	}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		// Read a little, so the connection can be reused.
		_, _ = io.CopyN(io.Discard, resp.Body, 64<<10)
		return nil, &StatusError{
			URL:         rawURL,
			Code:        resp.StatusCode,
			RetryAfter:  retryAfter(resp.Header, out.received),
			ContentType: ct,
		}
	}
	enc := strings.TrimSpace(resp.Header.Get("Content-Encoding"))
	if (enc == "" || strings.EqualFold(enc, "identity")) && resp.ContentLength > f.opt.MaxBodyBytes {
		return nil, fmt.Errorf("Content-Length %d over %d bytes: %w", resp.ContentLength, f.opt.MaxBodyBytes, ErrTooLarge)
	}
	out.body, err = decodeBody(resp.Body, enc, f.opt.MaxBodyBytes)
	if err != nil {
		return nil, f.requestError(ctx, reqCtx, "", err)
	}
	return out, nil
}

// requestError names what went wrong without repeating the URL: the
// whole-request deadline, the redirect target the request failed at
// (redirectedTo, "" when it was not redirected), or the transport's error.
func (f *Fetcher) requestError(parent, reqCtx context.Context, redirectedTo string, err error) error {
	if parent.Err() == nil && errors.Is(reqCtx.Err(), context.DeadlineExceeded) {
		return fmt.Errorf("no complete response within %s: %w", f.opt.Timeout, context.DeadlineExceeded)
	}
	var ue *url.Error
	if errors.As(err, &ue) {
		err = ue.Err
		if redirectedTo != "" {
			err = fmt.Errorf("redirected to %s: %w", RedactURL(redirectedTo), err)
		}
	}
	return err
}

// Fetch makes a conditional GET for a feed and parses it. A 304 gives a
// Result with NotModified set and no articles. Errors: *StatusError for
// other non-2xx statuses, *NotFeedError for an HTML page, and wrapped
// ErrBlockedAddress, ErrTooLarge, ErrTooManyRedirects, ErrUnsupportedScheme,
// context.DeadlineExceeded (the whole-request Timeout), or a parse error.
func (f *Fetcher) Fetch(ctx context.Context, req Request) (*Result, error) {
	resp, err := f.get(ctx, req.URL, acceptFeeds, req.ETag, req.LastModified)
	var se *StatusError
	if errors.As(err, &se) {
		return nil, err
	}
	if err != nil {
		return nil, fmt.Errorf("fetch %s: %w", RedactURL(req.URL), err)
	}
	if resp.status == http.StatusNotModified {
		res := &Result{
			URL: req.URL, FinalURL: resp.finalURL, Status: resp.status, NotModified: true,
			ETag: req.ETag, LastModified: req.LastModified,
			MaxAge: maxAge(resp.header, resp.received),
		}
		if v := resp.header.Get("ETag"); v != "" {
			res.ETag = v
		}
		if v := resp.header.Get("Last-Modified"); v != "" {
			res.LastModified = v
		}
		return res, nil
	}
	ct := resp.header.Get("Content-Type")
	res, err := parse(resp.body, ct, req.URL, resp.finalURL, resp.received, f.opt.MaxBodyBytes)
	var nf *NotFeedError
	if errors.As(err, &nf) {
		nf.Status = resp.status
		return nil, nf
	}
	if err != nil {
		return nil, err
	}
	res.Status = resp.status
	res.ETag = resp.header.Get("ETag")
	res.LastModified = resp.header.Get("Last-Modified")
	res.MaxAge = maxAge(resp.header, resp.received)
	return res, nil
}
