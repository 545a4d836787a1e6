// Package store defines the persistence contract briefbot's backends
// satisfy: feed state, articles with their matches and summaries,
// subscriptions, digest schedules, the alert queue and the outbox.
//
// Backends live in subpackages (store/sqlite, the default, and
// store/postgres for several replicas) and share the contract test suite in
// store/storetest. This package holds only types and the interface; it
// knows no SQL driver. Consumers declare narrower interfaces holding just
// the methods they call.
package store
