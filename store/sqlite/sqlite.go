package sqlite

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"briefbot/brief"
	"briefbot/store"
)

var _ store.Store = (*Store)(nil)

// Options configures Open. The zero value is ready to use.
type Options struct {
	// Logger receives lifecycle lines (migrations, released leases). Nil
	// discards them.
	Logger *slog.Logger
	// MaxOpenConns bounds the connection pool; 0 means 4. Readers run in
	// parallel under WAL; writers take turns.
	MaxOpenConns int
	// BusyTimeout is how long a statement waits for another connection's
	// write lock before failing with SQLITE_BUSY; 0 means 5 seconds.
	BusyTimeout time.Duration
	// KeepLeases opens the database beside its owner: outbox leases are
	// left alone and the owner's lock is not taken. One-shot commands
	// (briefbot brief, feeds status) set it: they may run beside the bot,
	// whose leases are live, and releasing them would let a message in
	// flight be claimed and sent a second time. Without it, Open takes an
	// exclusive lock on path+".lock" and fails when another process holds it.
	KeepLeases bool
	// MustExist refuses to create a database: a one-shot command given a
	// mistyped path should say so, not report an empty new database.
	MustExist bool
}

// errLocked is why a second owner cannot open the database.
var errLocked = errors.New("locked")

// Store is the SQLite implementation of store.Store. It is safe for
// concurrent use by one process.
type Store struct {
	db  *sql.DB
	log *slog.Logger
	// writer admits one write transaction at a time. SQLite's busy handler
	// polls with sleeps, so writers competing inside SQLite can starve past
	// busy_timeout; queuing them here is fair and honours ctx. The busy
	// timeout still covers other programs opening the file (a backup).
	writer chan struct{}
	gate   store.Gate
	// lock is the owner's lock file, held until Close; nil beside an owner.
	lock *os.File
	// life ends when Close starts, ending every lead Lead handed out.
	life    context.Context
	endLife context.CancelFunc
	// stmts is the hot queries prepared at Open (see stmts.go).
	stmts map[string]*sql.Stmt
}

//go:embed migrations/*.sql
var migrationFS embed.FS

// Open opens the SQLite database at path, creating the file and its parent
// directory when missing, and migrates it to the current schema. Unless
// opt.KeepLeases is set, outbox leases left by an earlier process are
// released, so delivery resumes at once.
func Open(ctx context.Context, path string, opt Options) (*Store, error) {
	if path == "" {
		return nil, errors.New("open sqlite: empty path")
	}
	// The driver cuts the file name at the first '?'.
	if strings.ContainsRune(path, '?') {
		return nil, fmt.Errorf("open sqlite %s: path contains '?'", path)
	}
	if opt.MustExist {
		if _, err := os.Stat(path); err != nil {
			return nil, fmt.Errorf("open sqlite %s: no database there (start `briefbot run` with it first, or give the right -db): %w", path, err)
		}
	} else if dir := filepath.Dir(path); dir != "." {
		if err := os.MkdirAll(dir, 0o750); err != nil {
			return nil, fmt.Errorf("open sqlite %s: %w", path, err)
		}
	}
	var lock *os.File
	if !opt.KeepLeases {
		var err error
		lock, err = lockFile(path + ".lock")
		if errors.Is(err, errLocked) {
			return nil, fmt.Errorf("open sqlite %s: another briefbot is running on this database (it holds %s.lock); stop it first, or use PostgreSQL for several replicas", path, path)
		}
		if err != nil {
			return nil, fmt.Errorf("open sqlite %s: lock: %w", path, err)
		}
	}
	fail := func(err error) (*Store, error) {
		if lock != nil {
			lock.Close()
		}
		return nil, err
	}
	logger := opt.Logger
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	conns := opt.MaxOpenConns
	if conns <= 0 {
		conns = 4
	}
	db, err := sql.Open("sqlite", dsn(path, opt.BusyTimeout))
	if err != nil {
		return fail(fmt.Errorf("open sqlite %s: %w", path, err))
	}
	db.SetMaxOpenConns(conns)
	db.SetMaxIdleConns(conns)
	s := &Store{db: db, log: logger, writer: make(chan struct{}, 1), lock: lock}
	s.life, s.endLife = context.WithCancel(context.Background())

	applied, err := s.migrate(ctx)
	if err != nil {
		db.Close()
		return fail(fmt.Errorf("open sqlite %s: %w", path, err))
	}
	var released int64
	if !opt.KeepLeases {
		released, err = s.releaseLeases(ctx)
	}
	if err == nil {
		err = s.prepareHot(ctx)
	}
	if err != nil {
		db.Close()
		return fail(fmt.Errorf("open sqlite %s: %w", path, err))
	}
	logger.Info("store opened", "path", path, "migrations_applied", applied, "leases_released", released)
	return s, nil
}

// dsn puts every pragma in the connection string, so each connection the
// pool opens gets them, and makes BEGIN take the write lock at once
// (BEGIN IMMEDIATE): a transaction that reads and then writes cannot fail
// half-way with SQLITE_BUSY.
func dsn(path string, busy time.Duration) string {
	if busy <= 0 {
		busy = 5 * time.Second
	}
	if strings.HasPrefix(path, "file:") {
		path = "./" + path // a plain name, not an SQLite URI
	}
	q := url.Values{}
	q.Add("_pragma", "busy_timeout("+strconv.FormatInt(busy.Milliseconds(), 10)+")")
	q.Add("_pragma", "journal_mode(WAL)")
	q.Add("_pragma", "foreign_keys(1)")
	q.Add("_pragma", "synchronous(NORMAL)")
	q.Set("_txlock", "immediate")
	return path + "?" + q.Encode()
}

// releaseLeases forgets the leases of a previous process. One process owns
// a SQLite file, so a lease found at start-up belongs to nobody.
func (s *Store) releaseLeases(ctx context.Context) (int64, error) {
	var n int64
	err := s.tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx,
			`UPDATE messages SET lease_until = ?1 WHERE lease_until <> ?1`, micros(time.Time{}))
		if err != nil {
			return err
		}
		n, err = res.RowsAffected()
		if err != nil {
			return err
		}
		return releaseFeedLeases(ctx, tx)
	})
	if err != nil {
		return 0, fmt.Errorf("release leases: %w", err)
	}
	return n, nil
}

// Lead returns at once: a SQLite file has one owning process, which
// leads until release, the end of ctx, or Close.
func (s *Store) Lead(ctx context.Context) (context.Context, func(), error) {
	if err := ctx.Err(); err != nil {
		return nil, nil, fmt.Errorf("lead: %w", err)
	}
	if s.life.Err() != nil {
		return nil, nil, fmt.Errorf("lead: %w", store.ErrClosed)
	}
	lead, cancel := context.WithCancelCause(ctx)
	stop := context.AfterFunc(s.life, func() { cancel(fmt.Errorf("lead: %w", store.ErrClosed)) })
	return lead, func() {
		stop()
		cancel(errReleased)
	}, nil
}

// errReleased is the cause of a lead ended by its release.
var errReleased = errors.New("lead released")

// Close waits for calls in flight, then closes the database. Later calls
// fail. Closing twice is harmless.
func (s *Store) Close() error {
	s.endLife()
	if !s.gate.Close() {
		return nil
	}
	s.closeStmts()
	err := s.db.Close()
	if s.lock != nil {
		s.lock.Close() // releases the lock
	}
	if err != nil {
		return fmt.Errorf("close sqlite: %w", err)
	}
	return nil
}

// tx runs fn in a write transaction (BEGIN IMMEDIATE) and commits it.
func (s *Store) tx(ctx context.Context, fn func(tx *sql.Tx) error) error {
	if err := s.gate.Enter(); err != nil {
		return err
	}
	defer s.gate.Leave()
	select {
	case s.writer <- struct{}{}:
	case <-ctx.Done():
		return ctx.Err()
	}
	defer func() { <-s.writer }()
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return translate(err)
	}
	defer tx.Rollback()
	if err := fn(tx); err != nil {
		return translate(err)
	}
	return translate(tx.Commit())
}

// view runs fn in a read transaction: one consistent snapshot that does not
// block writers.
func (s *Store) view(ctx context.Context, fn func(tx *sql.Tx) error) error {
	if err := s.gate.Enter(); err != nil {
		return err
	}
	defer s.gate.Leave()
	tx, err := s.db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return translate(err)
	}
	defer tx.Rollback()
	if err := fn(tx); err != nil {
		return translate(err)
	}
	return translate(tx.Commit())
}

// translate turns driver errors callers branch on into brief sentinels,
// keeping the original in the chain.
func translate(err error) error {
	if err == nil {
		return nil
	}
	if e, ok := errors.AsType[*sqlite.Error](err); ok {
		switch e.Code() {
		case sqlite3.SQLITE_CONSTRAINT_UNIQUE, sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY:
			return fmt.Errorf("%w: %w", brief.ErrDuplicate, err)
		}
	}
	if errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("%w: %w", brief.ErrNotFound, err)
	}
	return err
}

// micros is how times are stored: unix microseconds in UTC. Anything finer
// is truncated.
func micros(t time.Time) int64 { return t.UnixMicro() }

// fromMicros reads a stored time back, in UTC.
func fromMicros(v int64) time.Time { return time.UnixMicro(v).UTC() }

// migrate applies the embedded migrations the database lacks, each in its
// own transaction together with its row in schema_migrations. BEGIN
// IMMEDIATE serialises two processes starting at once: the second sees the
// first's row and skips. A database from a newer binary is refused rather
// than written to.
func (s *Store) migrate(ctx context.Context) (int, error) {
	ms, err := store.LoadMigrations(migrationFS, "migrations")
	if err != nil {
		return 0, err
	}
	applied := 0
	for _, m := range ms {
		done := false
		err := s.tx(ctx, func(tx *sql.Tx) error {
			if _, err := tx.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
				version    INTEGER PRIMARY KEY,
				name       TEXT    NOT NULL,
				applied_at INTEGER NOT NULL
			) STRICT`); err != nil {
				return err
			}
			var newest int
			if err := tx.QueryRowContext(ctx,
				`SELECT COALESCE(MAX(version), 0) FROM schema_migrations`).Scan(&newest); err != nil {
				return err
			}
			if err := store.CheckSchemaVersion(newest, ms); err != nil {
				return err
			}
			if newest >= m.Version {
				done = true
				return nil
			}
			if _, err := tx.ExecContext(ctx, m.SQL); err != nil {
				return err
			}
			_, err := tx.ExecContext(ctx,
				`INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)`,
				m.Version, m.Name, micros(time.Now()))
			return err
		})
		if err != nil {
			return applied, fmt.Errorf("migrate %s: %w", m.Name, err)
		}
		if !done {
			applied++
		}
	}
	return applied, nil
}
