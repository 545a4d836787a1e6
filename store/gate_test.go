package store_test

import (
	"errors"
	"runtime"
	"testing"

	"briefbot/store"
)

func TestGateCloseWaitsForCallsInFlight(t *testing.T) {
	var g store.Gate
	if err := g.Enter(); err != nil {
		t.Fatalf("Enter on an open gate = %v", err)
	}
	closed := make(chan bool)
	go func() { closed <- g.Close() }()

	// Once Close has begun, new calls are refused...
	for g.Enter() == nil {
		g.Leave()
		runtime.Gosched()
	}
	if err := g.Enter(); !errors.Is(err, store.ErrClosed) {
		t.Fatalf("Enter after Close began = %v, want ErrClosed", err)
	}
	// ...but Close has not returned: the admitted call is still running.
	select {
	case <-closed:
		t.Fatal("Close returned while a call was in flight")
	default:
	}
	g.Leave()
	if first := <-closed; !first {
		t.Error("first Close reported false, want true")
	}
	if g.Close() {
		t.Error("second Close reported true, want false")
	}
}
