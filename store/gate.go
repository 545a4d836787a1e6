package store

import (
	"errors"
	"sync"
)

// ErrClosed is returned, wrapped, by a store's calls made after its Close.
var ErrClosed = errors.New("store closed")

// Gate lets a store's Close wait for the calls in flight and refuse new
// ones, so Close never pulls the database from under a running call. The
// zero Gate is open. Both backends hold one.
type Gate struct {
	mu     sync.RWMutex
	closed bool
	wg     sync.WaitGroup
}

// Enter admits a call, or returns ErrClosed once Close has begun. A call
// admitted must Leave when it is done.
func (g *Gate) Enter() error {
	g.mu.RLock()
	defer g.mu.RUnlock()
	if g.closed {
		return ErrClosed
	}
	g.wg.Add(1)
	return nil
}

// Leave ends a call Enter admitted.
func (g *Gate) Leave() { g.wg.Done() }

// Close refuses new calls and returns once every admitted call has left.
// It reports whether this call closed the gate: a second Close returns
// false at once, so the store closes its database once.
func (g *Gate) Close() bool {
	g.mu.Lock()
	was := g.closed
	g.closed = true
	g.mu.Unlock()
	if was {
		return false
	}
	g.wg.Wait()
	return true
}
