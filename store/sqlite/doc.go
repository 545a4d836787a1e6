// Package sqlite is briefbot's default store: store.Store on one SQLite
// file through modernc.org/sqlite, pure Go, so CGO_ENABLED=0 builds work.
//
// Open creates the file and its directory, sets every pragma in the DSN so
// each pooled connection gets them (WAL, busy_timeout, foreign_keys,
// synchronous=NORMAL), makes transactions take the write lock at BEGIN
// (_txlock=immediate), and applies the embedded migrations
// (migrations/NNNN_name.sql), each in its own transaction recorded in
// schema_migrations. Migrations only go forward; a file written by a newer
// binary is refused. Writers queue inside the process, one at a time, so
// SQLite's polling busy handler never starves them; readers run beside
// them under WAL.
//
// One process owns a SQLite file. Open therefore releases every outbox
// lease left by a previous process, which may have been killed mid-send,
// so delivery resumes at once instead of after the lease; a message that
// was in flight may be delivered a second time. Lead returns at once. Run
// several replicas on store/postgres instead.
//
// Times are stored as INTEGER unix microseconds in UTC: anything finer
// than a microsecond is truncated, and the zero time.Time round-trips as
// zero. Values are always bound parameters. Unique-constraint violations
// become brief.ErrDuplicate and missing rows brief.ErrNotFound, wrapped so
// errors.Is finds both the sentinel and the driver error.
//
// It follows the contract as the store package's comments state it,
// edge cases included; package storetest's suite checks it.
//
// The package knows SQL and SQLite; it knows nothing of feeds, topics or
// chat platforms beyond the brief types it stores.
package sqlite
