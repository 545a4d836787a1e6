// Package postgres is briefbot's store for several replicas sharing one
// PostgreSQL database: store.Store through pgx (pgxpool).
//
// Open connects, and applies the embedded migrations
// (migrations/NNNN_name.sql) that the schema lacks, each in its own
// transaction recorded in schema_migrations, under a session advisory lock
// so replicas starting together migrate one at a time. Migrations only go
// forward; a schema migrated by a newer binary is refused. The schema is
// the first one of the connection's search_path (set search_path in the
// DSN to choose another); the advisory lock keys derive from its name, so
// two deployments in one database do not block each other.
//
// Lead holds a session-level advisory lock on a connection kept for the
// purpose, trying again every Options.LeadRetry until it gets the lock or
// ctx ends; release unlocks and returns the connection, and Close releases
// a lease still held. If that connection breaks, the lock is gone and
// another replica may take it, so the leader watches the connection (it
// reads the server's goodbye at once, and pings every Options.LeadCheck)
// and ends the lead context it handed out; a replica that takes the lock
// waits one LeadCheck before leading, time for the old leader to notice.
// Idempotency keys on the outbox still keep two leaders from posting twice.
//
// ClaimDue takes a transaction-level advisory lock, so replicas claim one
// after another: per-channel order ("only the oldest pending message, and
// only when no message of the channel holds a live lease") spans rows,
// which FOR UPDATE SKIP LOCKED cannot protect on its own. A claim is one
// short UPDATE, so the lock is held for milliseconds; delivery itself runs
// in parallel. Idempotency elsewhere comes from unique keys claimed with
// INSERT ... ON CONFLICT DO NOTHING (outbox key, one queue row per
// channel, topic and article) and row locks (a queued article is carried
// by at most one message).
//
// Times are timestamptz, microsecond precision, returned in UTC; finer
// precision is truncated and the zero time.Time round-trips as zero. Keys
// use COLLATE "C", so ordering matches the SQLite backend whatever the
// database's locale. Values are always bound parameters. SQLSTATE 23505
// (unique_violation) becomes brief.ErrDuplicate and missing rows
// brief.ErrNotFound, wrapped so errors.Is finds both the sentinel and the
// driver error.
//
// It follows the contract as the store package's comments state it,
// edge cases included; package storetest's suite checks it.
//
// The package knows SQL and PostgreSQL; it knows nothing of feeds, topics
// or chat platforms beyond the brief types it stores.
package postgres
