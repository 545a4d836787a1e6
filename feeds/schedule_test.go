package feeds

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"net/http"
	"testing"
	"time"
)

func TestNextPoll(t *testing.T) {
	p := Policy{Interval: 30 * time.Minute, MinInterval: 5 * time.Minute, MaxInterval: 6 * time.Hour, MaxBackoff: 12 * time.Hour}
	tooMany := func(wait time.Duration) error { return &StatusError{URL: "u", Code: 429, RetryAfter: wait} }
	tests := []struct {
		name     string
		policy   Policy
		res      *Result
		err      error
		failures int
		want     time.Duration
	}{
		{"success waits the interval", p, &Result{}, nil, 0, 30 * time.Minute},
		{"304 waits the interval", p, &Result{NotModified: true}, nil, 0, 30 * time.Minute},
		{"longer max-age is honoured", p, &Result{MaxAge: 2 * time.Hour}, nil, 0, 2 * time.Hour},
		{"longer ttl is honoured", p, &Result{TTL: time.Hour, MaxAge: 10 * time.Minute}, nil, 0, time.Hour},
		{"shorter max-age does not speed polling up", p, &Result{MaxAge: time.Minute}, nil, 0, 30 * time.Minute},
		{"max-age is capped at MaxInterval", p, &Result{MaxAge: 48 * time.Hour}, nil, 0, 6 * time.Hour},
		{"first failure waits the interval", p, nil, errors.New("boom"), 1, 30 * time.Minute},
		{"third failure waits four intervals", p, nil, errors.New("boom"), 3, 2 * time.Hour},
		{"backoff is capped", p, nil, errors.New("boom"), 40, 12 * time.Hour},
		{"Retry-After longer than backoff wins", p, nil, tooMany(3 * time.Hour), 1, 3 * time.Hour},
		{"short Retry-After does not speed polling up", p, nil, tooMany(10 * time.Second), 1, 30 * time.Minute},
		{"Retry-After is capped at MaxBackoff", p, nil, fmt.Errorf("wrapped: %w", tooMany(7*24*time.Hour)), 1, 12 * time.Hour},
		{"zero policy takes defaults", Policy{}, &Result{}, nil, 0, DefaultInterval},
		{"interval below MinInterval is raised", Policy{Interval: time.Minute, MinInterval: 2 * time.Minute}, &Result{}, nil, 0, 2 * time.Minute},
	}
	now := testNow
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := NextPoll(tt.policy, tt.res, tt.err, tt.failures, now, nil)
			if got.Sub(now) != tt.want {
				t.Errorf("NextPoll = now + %s, want now + %s", got.Sub(now), tt.want)
			}
		})
	}
}

func TestNextPollJitter(t *testing.T) {
	p := Policy{Interval: 30 * time.Minute, Jitter: 0.1}
	rnd := rand.New(rand.NewPCG(1, 2))
	seen := map[time.Duration]bool{}
	for range 200 {
		wait := NextPoll(p, &Result{}, nil, 0, testNow, rnd).Sub(testNow)
		if wait < 27*time.Minute || wait > 33*time.Minute {
			t.Fatalf("wait %s outside 30m ± 10%%", wait)
		}
		seen[wait] = true
	}
	if len(seen) < 100 {
		t.Errorf("only %d distinct waits in 200 polls: jitter does not spread", len(seen))
	}
	a := NextPoll(p, &Result{}, nil, 0, testNow, rand.New(rand.NewPCG(7, 7)))
	b := NextPoll(p, &Result{}, nil, 0, testNow, rand.New(rand.NewPCG(7, 7)))
	if !a.Equal(b) {
		t.Errorf("same seed gave %v and %v", a, b)
	}
}

func TestRetryAfter(t *testing.T) {
	date := testNow.Format(http.TimeFormat)
	tests := []struct {
		name, value, date string
		want              time.Duration
	}{
		{"delay-seconds", "120", "", 2 * time.Minute},
		{"zero", "0", "", 0},
		{"negative", "-5", "", 0},
		{"garbage", "soon", "", 0},
		{"absent", "", "", 0},
		{"IMF-fixdate relative to Date", testNow.Add(90 * time.Second).Format(http.TimeFormat), date, 90 * time.Second},
		{"RFC 850 date", testNow.Add(time.Hour).Format(time.RFC850), date, time.Hour},
		{"asctime date", testNow.Add(time.Hour).Format(time.ANSIC), date, time.Hour},
		{"date in the past", testNow.Add(-time.Hour).Format(http.TimeFormat), date, 0},
		{"date without a Date header uses now", testNow.Add(time.Minute).Format(http.TimeFormat), "", time.Minute},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := http.Header{}
			if tt.value != "" {
				h.Set("Retry-After", tt.value)
			}
			if tt.date != "" {
				h.Set("Date", tt.date)
			}
			if got := retryAfter(h, testNow); got != tt.want {
				t.Errorf("retryAfter(%q) = %s, want %s", tt.value, got, tt.want)
			}
		})
	}
}

func TestMaxAge(t *testing.T) {
	date := testNow.Format(http.TimeFormat)
	tests := []struct {
		name   string
		header map[string]string
		want   time.Duration
	}{
		{"max-age", map[string]string{"Cache-Control": "public, max-age=600"}, 10 * time.Minute},
		{"quoted max-age", map[string]string{"Cache-Control": `max-age="60"`}, time.Minute},
		{"less Age", map[string]string{"Cache-Control": "max-age=600", "Age": "100"}, 500 * time.Second},
		{"no-cache", map[string]string{"Cache-Control": "no-cache, max-age=600"}, 0},
		{"no-store", map[string]string{"Cache-Control": "no-store"}, 0},
		{"s-maxage ignored", map[string]string{"Cache-Control": "s-maxage=600"}, 0},
		{"Expires minus Date", map[string]string{"Expires": testNow.Add(time.Hour).Format(http.TimeFormat), "Date": date}, time.Hour},
		{"max-age wins over Expires", map[string]string{"Cache-Control": "max-age=60", "Expires": testNow.Add(time.Hour).Format(http.TimeFormat)}, time.Minute},
		{"invalid Expires means expired", map[string]string{"Expires": "0"}, 0},
		{"past Expires", map[string]string{"Expires": testNow.Add(-time.Hour).Format(http.TimeFormat), "Date": date}, 0},
		{"nothing", map[string]string{}, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := http.Header{}
			for k, v := range tt.header {
				h.Set(k, v)
			}
			if got := maxAge(h, testNow); got != tt.want {
				t.Errorf("maxAge = %s, want %s", got, tt.want)
			}
		})
	}
}
