// Package storetest is the contract suite every store.Store backend must
// pass. Run runs each case as a parallel subtest against a fresh store, so
// the SQLite and PostgreSQL backends are held to the same behaviour:
// sentinel errors, ordering, idempotency keys, the alert queue, outbox
// leases and their expiry, concurrent claims, pruning and exact
// microsecond UTC time round-trips.
//
// The contract the cases check is the one written in the store package:
// its package comment for the rules every method follows (channels, times,
// errors), and each method's comment for the rest, edge cases included. A
// case that pins a behaviour those comments do not state is a gap in the
// comment, to be fixed there.
//
// Cases pass every time explicitly (a fixed clock from t0); none reads the
// wall clock or sleeps. The package knows no SQL and no driver: backends
// supply an open function that returns an isolated, empty store.
//
// To run it, a backend's test calls Run with its open function:
//
//	func TestContract(t *testing.T) {
//		storetest.Run(t, func(t *testing.T) store.Store { ... })
//	}
//
// go test ./store/sqlite runs it on temporary SQLite files;
// go test ./store/postgres runs it on the database named by
// BRIEFBOT_TEST_POSTGRES_DSN (one schema per case) and skips, saying so,
// when that is unset.
package storetest
