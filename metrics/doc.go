// Package metrics exposes briefbot's Prometheus metrics at /metrics. It
// alone imports the Prometheus client library: the packages that produce
// events (ingest, bot) declare small observer interfaces, which
// *Metrics satisfies, and main wires them together.
//
// It must not know how feeds are fetched, how messages are rendered, or
// which store backend runs: the outbox is read through OutboxReader at
// scrape time.
package metrics
