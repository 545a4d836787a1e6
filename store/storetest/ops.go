package storetest

import (
	"testing"
	"time"

	"briefbot/store"
)

var opsCases = []contractCase{
	{"outbox stats count pending messages and date the oldest due one", func(t *testing.T, s store.Store) {
		n, oldest, err := s.OutboxStats(t.Context(), at(0))
		must(t, err)
		if n != 0 || !oldest.IsZero() {
			t.Errorf("empty outbox: %d pending, oldest due %v; want 0 and zero", n, oldest)
		}
		// Queued at 1 and 2, due at once; queued at 0 but retried for 30.
		late := message("answer:late", chA, store.KindAnswer, "", at(1))
		early := message("answer:early", chB, store.KindAnswer, "", at(2))
		waiting := message("answer:waiting", chC, store.KindAnswer, "", at(0))
		waiting.NextAttempt = at(30)
		sent := message("answer:sent", chD, store.KindAnswer, "", at(-10))
		for _, m := range []store.Message{late, early, waiting, sent} {
			_, err := s.Enqueue(t.Context(), m)
			must(t, err)
		}
		all, err := s.Messages(t.Context(), "")
		must(t, err)
		for _, m := range all {
			if m.Key == "answer:sent" {
				must(t, s.MarkSent(t.Context(), m.ID, at(3)))
			}
		}
		n, oldest, err = s.OutboxStats(t.Context(), at(5))
		must(t, err)
		if n != 3 || !oldest.Equal(at(1)) || oldest.Location() != time.UTC {
			t.Errorf("at 5: %d pending, oldest due queued %v; want 3 and %v (UTC)", n, oldest, at(1))
		}
		// At 40 the retried message is due too, and it was queued first.
		n, oldest, err = s.OutboxStats(t.Context(), at(40))
		must(t, err)
		if n != 3 || !oldest.Equal(at(0)) {
			t.Errorf("at 40: %d pending, oldest due queued %v; want 3 and %v", n, oldest, at(0))
		}
		// Before anything is due, nothing is dated.
		if _, oldest, err = s.OutboxStats(t.Context(), at(-5)); err != nil || !oldest.IsZero() {
			t.Errorf("before anything is due: oldest %v, err %v; want zero", oldest, err)
		}
	}},
}
