package demo

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"sync"
	"time"
)

// shutdownGrace bounds how long Close waits for in-flight requests.
const shutdownGrace = 5 * time.Second

// Server is the loopback server the offline demo polls. It serves Handler
// with the real clock.
type Server struct {
	srv  *http.Server
	urls []string

	wg       sync.WaitGroup
	serveErr error // set by the serving goroutine before wg is done

	mu        sync.Mutex
	stopAfter func() bool // unregisters the ctx watcher; guarded by mu
	closeOnce sync.Once
	closeErr  error
	done      chan struct{}
}

// Start listens on 127.0.0.1 at a free port and serves the sample feeds, with
// item dates relative to start. The server shuts down gracefully on Close or
// when ctx ends, whichever comes first.
func Start(ctx context.Context, start time.Time) (*Server, error) {
	var lc net.ListenConfig
	ln, err := lc.Listen(ctx, "tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("listen demo feeds: %w", err)
	}
	base := "http://" + ln.Addr().String()
	s := &Server{
		srv: &http.Server{
			Handler:           Handler(start, time.Now),
			ReadHeaderTimeout: 5 * time.Second,
			IdleTimeout:       time.Minute,
			ErrorLog:          slog.NewLogLogger(slog.Default().With("component", "demo").Handler(), slog.LevelWarn),
		},
		done: make(chan struct{}),
	}
	for _, f := range Feeds() {
		s.urls = append(s.urls, base+f.Path)
	}
	s.wg.Go(func() {
		if err := s.srv.Serve(ln); !errors.Is(err, http.ErrServerClosed) {
			s.serveErr = err
		}
	})
	// Holding mu while registering means a ctx that is already done, whose
	// watcher runs at once, cannot see stopAfter half-set.
	s.mu.Lock()
	s.stopAfter = context.AfterFunc(ctx, func() { _ = s.Close() })
	s.mu.Unlock()
	return s, nil
}

// URLs returns the feed URLs, in Feeds() order.
func (s *Server) URLs() []string {
	return append([]string(nil), s.urls...)
}

// Done is closed once the server has stopped, whether Close was called or
// the context given to Start ended.
func (s *Server) Done() <-chan struct{} { return s.done }

// Close stops accepting connections, waits up to a few seconds for requests
// in flight, and returns once the server has stopped. Calling it again
// returns the first call's result.
func (s *Server) Close() error {
	s.closeOnce.Do(func() {
		s.mu.Lock()
		s.stopAfter()
		s.mu.Unlock()
		ctx, cancel := context.WithTimeout(context.Background(), shutdownGrace)
		defer cancel()
		err := s.srv.Shutdown(ctx)
		if err != nil {
			err = errors.Join(err, s.srv.Close())
		}
		s.wg.Wait()
		if err = errors.Join(err, s.serveErr); err != nil {
			s.closeErr = fmt.Errorf("close demo feeds: %w", err)
		}
		close(s.done)
	})
	return s.closeErr
}
