package feeds

import (
	"errors"
	"math/rand/v2"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// Policy bounds when a feed is polled next. Zero durations take the
// defaults in NextPoll's comment; Jitter 0 means none.
type Policy struct {
	// Interval is the normal time between polls.
	Interval time.Duration
	// MinInterval is the shortest wait, whatever a publisher asks.
	MinInterval time.Duration
	// MaxInterval is the longest wait after a success, however long the
	// publisher's max-age, Expires or <ttl>.
	MaxInterval time.Duration
	// MaxBackoff is the longest wait after a failure, Retry-After included.
	MaxBackoff time.Duration
	// Jitter spreads polls: the wait is scaled by a random factor in
	// [1-Jitter, 1+Jitter]. 0.1 is a good value; it is clamped to [0, 0.5].
	Jitter float64
}

// Policy defaults.
const (
	DefaultInterval    = 30 * time.Minute
	DefaultMinInterval = 5 * time.Minute
	DefaultMaxInterval = 24 * time.Hour
	DefaultMaxBackoff  = 24 * time.Hour
)

func (p Policy) withDefaults() Policy {
	if p.Interval <= 0 {
		p.Interval = DefaultInterval
	}
	if p.MinInterval <= 0 {
		p.MinInterval = min(DefaultMinInterval, p.Interval)
	}
	if p.MaxInterval <= 0 {
		p.MaxInterval = max(DefaultMaxInterval, p.Interval)
	}
	if p.MaxBackoff <= 0 {
		p.MaxBackoff = max(DefaultMaxBackoff, p.Interval)
	}
	p.Jitter = min(max(p.Jitter, 0), 0.5)
	return p
}

// NextPoll says when to poll a feed next, given the outcome of this poll
// (res after a success or a 304, err after a failure) and failures, the
// number of consecutive failures including this one. It is pure: the
// caller supplies now and rnd (nil means no jitter).
//
// After a success the wait is the longest of Interval, the response's
// freshness lifetime (RFC 9111 §4.2.1: Cache-Control max-age, else
// Expires) and the feed's <ttl>, so a publisher can ask for slower polling
// but not faster; then jitter; then the result is kept within
// [MinInterval, MaxInterval].
//
// After a failure the wait doubles with each consecutive failure, starting
// from Interval, and is at least the server's Retry-After (RFC 9110
// §10.2.3) when it sent one; then jitter; then it is kept within
// [MinInterval, MaxBackoff].
//
// Defaults: Interval 30m, MinInterval 5m (or Interval if shorter),
// MaxInterval and MaxBackoff 24h (or Interval if longer).
func NextPoll(p Policy, res *Result, err error, failures int, now time.Time, rnd *rand.Rand) time.Time {
	p = p.withDefaults()
	var wait time.Duration
	upper := p.MaxInterval
	if err == nil {
		wait = p.Interval
		if res != nil {
			wait = max(wait, res.MaxAge, res.TTL)
		}
	} else {
		upper = p.MaxBackoff
		wait = p.Interval
		for i := 1; i < failures && wait < p.MaxBackoff; i++ {
			wait *= 2
		}
		if se, ok := errors.AsType[*StatusError](err); ok {
			wait = max(wait, se.RetryAfter)
		}
	}
	if rnd != nil && p.Jitter > 0 {
		wait = time.Duration(float64(wait) * (1 + p.Jitter*(2*rnd.Float64()-1)))
	}
	wait = min(max(wait, p.MinInterval), upper)
	return now.Add(wait)
}

// retryAfter reads Retry-After (RFC 9110 §10.2.3): delay-seconds, or an
// HTTP-date taken relative to the response's Date (else now), so that a
// skewed local clock does not distort it. Absent, malformed or past
// values give 0.
func retryAfter(h http.Header, now time.Time) time.Duration {
	v := strings.TrimSpace(h.Get("Retry-After"))
	if v == "" {
		return 0
	}
	if n, err := strconv.ParseInt(v, 10, 64); err == nil {
		if n <= 0 {
			return 0
		}
		return time.Duration(min(n, int64(365*24*3600))) * time.Second
	}
	t, err := http.ParseTime(v)
	if err != nil {
		return 0
	}
	return max(t.Sub(responseDate(h, now)), 0)
}

// responseDate is the Date header (RFC 9110 §6.6.1), else now.
func responseDate(h http.Header, now time.Time) time.Time {
	if d, err := http.ParseTime(h.Get("Date")); err == nil {
		return d
	}
	return now
}

// maxAge is how long the response stays fresh from now (RFC 9111 §4.2):
// its freshness lifetime, from Cache-Control max-age (§5.2.2.1) or else
// Expires minus Date (§5.3), less its Age (§5.1). no-store, no-cache, an
// invalid Expires ("0") or no directive give 0. s-maxage is for shared
// caches and is ignored.
func maxAge(h http.Header, now time.Time) time.Duration {
	var lifetime time.Duration
	found := false
	for _, line := range h.Values("Cache-Control") {
		for dir := range strings.SplitSeq(line, ",") {
			name, val, _ := strings.Cut(strings.TrimSpace(dir), "=")
			switch strings.ToLower(strings.TrimSpace(name)) {
			case "no-store", "no-cache":
				return 0
			case "max-age":
				n, err := strconv.ParseInt(strings.Trim(strings.TrimSpace(val), `"`), 10, 64)
				if err != nil || n < 0 {
					return 0
				}
				lifetime = time.Duration(min(n, int64(365*24*3600))) * time.Second
				found = true
			}
		}
	}
	if !found {
		v := h.Get("Expires")
		if v == "" {
			return 0
		}
		exp, err := http.ParseTime(v)
		if err != nil {
			return 0
		}
		lifetime = exp.Sub(responseDate(h, now))
	}
	if age, err := strconv.ParseInt(strings.TrimSpace(h.Get("Age")), 10, 64); err == nil && age > 0 {
		lifetime -= time.Duration(age) * time.Second
	}
	return max(lifetime, 0)
}
