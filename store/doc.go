// Package store defines the persistence contract briefbot's backends
// satisfy: feed state, articles with their matches and summaries,
// subscriptions, digest schedules, the alert queue and the outbox.
//
// The contract is split by role (FeedRegistry, Articles, StoryReader,
// Subscribers, ChannelSettings, Watches, Outbox, Inbox, Maintenance,
// Leadership, ...), each the methods one kind of consumer calls, and Store
// embeds them all. A consumer takes a role or declares a narrower interface
// of its own holding just the methods it calls.
//
// Each method's comment is its whole contract: what it returns, the brief
// sentinel errors it wraps, and how it reads the edge cases, chosen so that
// no user data is lost and no message goes out that should not. Three
// rules hold for every method:
//
//   - A channel is the whole brief.ChannelRef, Thread included: a Slack
//     thread is its own target for subscriptions, digest schedules,
//     DisableChannel and per-channel delivery order. Channels order by
//     platform, then ID, then thread.
//   - Times are truncated to the microsecond and come back in UTC; the
//     zero time comes back zero.
//   - Errors other than the sentinels a method names are operational
//     failures (the database is unreachable).
//
// Backends live in subpackages (store/sqlite, the default, and
// store/postgres for several replicas) and share the contract test suite in
// store/storetest, which checks every reading above on both. This package
// holds types, the interfaces and the few helpers both backends share that
// are not SQL; it knows no SQL driver.
package store
