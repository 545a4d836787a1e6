package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"time"

	"golang.org/x/sync/errgroup"
)

// httpLimits bound what one client can hold of the HTTP server. Slack and
// Telegram send small requests quickly and give up on an answer within
// seconds, so a client much slower than that is not one of them.
type httpLimits struct {
	// ReadHeader bounds reading a request's headers.
	ReadHeader time.Duration
	// Read bounds reading a whole request, body included: a client that
	// trickles its body is cut off.
	Read time.Duration
	// Write bounds the time from the end of a request's headers to the
	// end of its answer. A Telegram webhook call waits while its command
	// is served, so it is well above Read.
	Write time.Duration
	// Idle bounds a kept-alive connection between requests.
	Idle time.Duration
	// MaxHeaderBytes caps a request's headers (431 beyond it).
	MaxHeaderBytes int
	// MaxConcurrent caps the requests being handled at once; more are
	// answered 503 at once instead of queuing behind slow ones.
	MaxConcurrent int
}

// defaultHTTPLimits are the limits `briefbot run` serves with.
func defaultHTTPLimits() httpLimits {
	return httpLimits{
		ReadHeader:     5 * time.Second,
		Read:           10 * time.Second,
		Write:          30 * time.Second,
		Idle:           60 * time.Second,
		MaxHeaderBytes: 16 << 10,
		MaxConcurrent:  64,
	}
}

// newHTTPServer builds the bot's HTTP server for h under lim.
func newHTTPServer(h http.Handler, lim httpLimits, log *slog.Logger) *http.Server {
	return &http.Server{
		Handler:           limitConcurrent(lim.MaxConcurrent, h),
		ReadHeaderTimeout: lim.ReadHeader,
		ReadTimeout:       lim.Read,
		WriteTimeout:      lim.Write,
		IdleTimeout:       lim.Idle,
		MaxHeaderBytes:    lim.MaxHeaderBytes,
		ErrorLog:          slog.NewLogLogger(log.With("component", "http").Handler(), slog.LevelDebug),
	}
}

// limitConcurrent lets at most n requests through to next at once and
// answers the others 503 with Retry-After. Slack retries events, and
// Telegram webhook updates, that got a 5xx.
func limitConcurrent(n int, next http.Handler) http.Handler {
	if n <= 0 {
		return next
	}
	slots := make(chan struct{}, n)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case slots <- struct{}{}:
			defer func() { <-slots }()
			next.ServeHTTP(w, r)
		default:
			w.Header().Set("Retry-After", "1")
			w.Header().Set("Connection", "close")
			http.Error(w, "too many requests in progress; try again", http.StatusServiceUnavailable)
		}
	})
}

// startHTTP listens on addr and serves h in g until ctx ends, then shuts
// the server down, letting requests in progress finish for up to 5
// seconds. It returns the address it listens on.
func startHTTP(ctx context.Context, g *errgroup.Group, addr string, h http.Handler, lim httpLimits, log *slog.Logger) (string, error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return "", fmt.Errorf("listen on %s (BRIEFBOT_HTTP_ADDR): %w", addr, err)
	}
	hs := newHTTPServer(h, lim, log)
	g.Go(func() error {
		if err := hs.Serve(ln); !errors.Is(err, http.ErrServerClosed) {
			return fmt.Errorf("HTTP server: %w", err)
		}
		return nil
	})
	g.Go(func() error {
		<-ctx.Done()
		sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
		defer cancel()
		return hs.Shutdown(sctx)
	})
	log.Info("HTTP server listening", "addr", ln.Addr().String())
	return ln.Addr().String(), nil
}
