// Package ingest runs briefbot's pipeline: it polls each due feed, turns
// new items into articles, matches them against every topic, summarises
// each match with the topic as focus, links near duplicates, and stores the
// lot in one transaction that also queues the alerts. Alerter then gathers
// queued alerts into one message per channel and topic after a short
// batching window.
//
// It calls the leaf packages (feeds, summarize) directly and reaches
// storage, matching and publishing through small interfaces declared here.
// It knows nothing of chat platforms or configuration files.
package ingest
