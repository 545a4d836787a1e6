package postgres

import (
	"context"
	"embed"
	"errors"
	"fmt"
	"hash/fnv"
	"log/slog"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"

	"briefbot/brief"
	"briefbot/store"
)

var _ store.Store = (*Store)(nil)

// Options configures Open. The zero value is ready to use.
type Options struct {
	// Logger receives lifecycle lines (migrations, leadership). Nil
	// discards them.
	Logger *slog.Logger
	// MaxConns bounds the connection pool; 0 keeps pgxpool's default
	// (the larger of 4 and the number of CPUs). Lead holds one connection
	// for as long as it leads.
	MaxConns int32
	// LeadRetry is how often Lead tries again for the leader lock; 0 means
	// 3 seconds.
	LeadRetry time.Duration
	// StatementTimeout ends, server-side, a statement that runs longer
	// (PostgreSQL's statement_timeout), so a stuck query or lock wait
	// frees its connection; 0 sets none. Migrations run without it: an
	// index built on a large table may take longer.
	StatementTimeout time.Duration
	// LeadCheck is how often the leader pings the connection holding its
	// lock, and how long a replica that took the lock waits before it
	// leads; 0 means 2 seconds. A connection the server closes is found at
	// once; one that went silent within LeadCheck plus the ping's timeout
	// (the larger of LeadCheck and 5 seconds).
	LeadCheck time.Duration
}

// Store is the PostgreSQL implementation of store.Store. Several processes
// may share one database; each opens its own Store.
type Store struct {
	pool      *pgxpool.Pool
	log       *slog.Logger
	leadRetry time.Duration
	leadCheck time.Duration
	// Advisory lock keys, derived from the schema so two deployments in
	// one database (or parallel tests) do not contend.
	leadKey, migrateKey, claimKey int64

	gate store.Gate
	// closing ends Lead's waiting when the store closes; leaders holds the
	// release functions of the leases Lead handed out, which Close calls
	// so the pool can close.
	closing chan struct{}
	mu      sync.Mutex
	leaders map[int]func()
	nextID  int
	// watchers are the goroutines watching the leader lock's connection.
	watchers sync.WaitGroup
}

//go:embed migrations/*.sql
var migrationFS embed.FS

// Open connects to the database dsn names (a URL or key=value string that
// pgx accepts; search_path in it selects the schema) and migrates it to the
// current schema.
func Open(ctx context.Context, dsn string, opt Options) (*Store, error) {
	cfg, err := pgxpool.ParseConfig(dsn)
	if err != nil {
		// pgx redacts the password in its message.
		return nil, fmt.Errorf("open postgres: %w", err)
	}
	if opt.MaxConns > 0 {
		cfg.MaxConns = opt.MaxConns
	}
	if opt.StatementTimeout > 0 {
		cfg.ConnConfig.RuntimeParams["statement_timeout"] = fmt.Sprint(opt.StatementTimeout.Milliseconds())
	}
	target := cfg.ConnConfig.Host + "/" + cfg.ConnConfig.Database
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("open postgres %s: %w", target, err)
	}
	logger := opt.Logger
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	s := &Store{
		pool:      pool,
		log:       logger,
		leadRetry: opt.LeadRetry,
		leadCheck: opt.LeadCheck,
		closing:   make(chan struct{}),
		leaders:   map[int]func(){},
	}
	if s.leadRetry <= 0 {
		s.leadRetry = 3 * time.Second
	}
	if s.leadCheck <= 0 {
		s.leadCheck = 2 * time.Second
	}
	var schema *string
	if err := pool.QueryRow(ctx, `SELECT current_schema()`).Scan(&schema); err != nil {
		pool.Close()
		return nil, fmt.Errorf("open postgres %s: %w", target, err)
	}
	if schema == nil {
		pool.Close()
		return nil, fmt.Errorf("open postgres %s: no schema of the search_path exists", target)
	}
	s.leadKey, s.migrateKey, s.claimKey = lockKey("lead", *schema), lockKey("migrate", *schema), lockKey("claim", *schema)
	applied, err := s.migrate(ctx)
	if err != nil {
		pool.Close()
		return nil, fmt.Errorf("open postgres %s: %w", target, err)
	}
	logger.Info("store opened", "database", target, "schema", *schema, "migrations_applied", applied)
	return s, nil
}

// lockKey is the advisory lock key for one purpose in one schema.
func lockKey(purpose, schema string) int64 {
	h := fnv.New64a()
	h.Write([]byte("briefbot:" + purpose + ":" + schema))
	return int64(h.Sum64())
}

// Lead blocks until this process holds the schema's leader lock (a
// session-level advisory lock on a connection kept for the purpose), trying
// again every LeadRetry, or until ctx ends or the store closes.
//
// The lock lives as long as that connection, so Lead watches it: it waits
// on the connection for the server's word (a terminated backend or a
// server shutting down sends one and closes it), and pings it every
// LeadCheck to find a connection that went silent. When the connection
// breaks, the lock is gone and another replica may take it: the returned
// lead ends at once, with the cause. A replica that takes the lock waits
// LeadCheck before it leads, time for a leader whose connection broke to
// notice and stop, so two replicas do not do the leader's work at once.
//
// release unlocks and returns the connection, or closes it when it broke;
// calling it again does nothing.
func (s *Store) Lead(ctx context.Context) (context.Context, func(), error) {
	for {
		conn, err := s.takeLock(ctx)
		if err != nil {
			return nil, nil, err
		}
		lead, release := s.watchLead(ctx, conn)
		settle := time.NewTimer(s.leadCheck)
		select {
		case <-settle.C:
			s.log.Info("took the lead")
			return lead, release, nil
		case <-lead.Done():
			settle.Stop()
			release()
			if ctx.Err() != nil {
				return nil, nil, fmt.Errorf("lead: %w", ctx.Err())
			}
			select {
			case <-s.closing:
				return nil, nil, fmt.Errorf("lead: %w", store.ErrClosed)
			default:
			}
			// Lost before it began: wait for the lock again.
		}
	}
}

// takeLock returns a connection holding the leader lock, waiting for it
// as Lead describes.
func (s *Store) takeLock(ctx context.Context) (*pgxpool.Conn, error) {
	if err := s.gate.Enter(); err != nil {
		return nil, fmt.Errorf("lead: %w", err)
	}
	defer s.gate.Leave()
	ticker := time.NewTicker(s.leadRetry)
	defer ticker.Stop()
	// A database that is briefly unreachable (a failover, a restart) is
	// waited out like another replica's lead: the replica keeps serving
	// chats meanwhile and takes the lead when it can.
	var conn *pgxpool.Conn
	for {
		if conn == nil {
			c, err := s.pool.Acquire(ctx)
			if err != nil && ctx.Err() == nil {
				s.log.Warn("cannot reach the database to take the lead; retrying", "error", err, "duration", s.leadRetry)
			}
			conn = c
		}
		if conn != nil {
			var ok bool
			err := conn.QueryRow(ctx, `SELECT pg_try_advisory_lock($1)`, s.leadKey).Scan(&ok)
			switch {
			case err == nil && ok:
				return conn, nil
			case err != nil:
				if ctx.Err() == nil {
					s.log.Warn("cannot take the lead; retrying", "error", err, "duration", s.leadRetry)
				}
				conn.Release()
				conn = nil
			default:
				s.log.Debug("another replica leads; waiting", "duration", s.leadRetry)
			}
		}
		select {
		case <-ticker.C:
		case <-ctx.Done():
			if conn != nil {
				conn.Release()
			}
			return nil, fmt.Errorf("lead: %w", ctx.Err())
		case <-s.closing:
			if conn != nil {
				conn.Release()
			}
			return nil, fmt.Errorf("lead: %w", store.ErrClosed)
		}
	}
}

// watchLead starts the watch over a connection holding the leader lock and
// returns the lead it guards and its release, which Close also calls.
func (s *Store) watchLead(ctx context.Context, conn *pgxpool.Conn) (context.Context, func()) {
	lead, cancel := context.WithCancelCause(ctx)
	// Under mu, Close either sees this lead among the leaders, or it had
	// begun and the lock is given back here.
	s.mu.Lock()
	defer s.mu.Unlock()
	select {
	case <-s.closing:
		cancel(store.ErrClosed)
		s.unlock(conn)
		return lead, func() {}
	default:
	}
	done := make(chan struct{})
	s.watchers.Go(func() {
		defer close(done)
		err := s.holdLock(lead, conn)
		if err == nil {
			s.unlock(conn)
			return
		}
		cancel(err)
		s.log.Warn("lost the lead: the connection holding the leader lock broke; another replica may lead now", "error", err)
		closeCtx, stop := context.WithTimeout(context.Background(), time.Second)
		defer stop()
		conn.Conn().Close(closeCtx)
		conn.Release()
	})
	var once sync.Once
	id := s.nextID
	s.nextID++
	release := func() {
		once.Do(func() {
			cancel(errReleased)
			<-done
			s.mu.Lock()
			delete(s.leaders, id)
			s.mu.Unlock()
		})
	}
	s.leaders[id] = release
	return lead, release
}

// unlock gives the leader lock back and returns its connection.
func (s *Store) unlock(conn *pgxpool.Conn) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if _, err := conn.Exec(ctx, `SELECT pg_advisory_unlock($1)`, s.leadKey); err != nil {
		// Ending the session is the other way to let go.
		s.log.Warn("unlock leader lock; closing its connection", "error", err)
		conn.Conn().Close(ctx)
	}
	conn.Release()
}

// holdLock watches the connection holding the leader lock until lead ends
// (nil) or the connection breaks (the error saying how). Nothing else uses
// the connection meanwhile. The server tells a session it ends
// (pg_terminate_backend, shutdown) before closing it, and the wait on the
// connection reads that at once; a connection that went silent (a network
// cut) is found by the ping every LeadCheck.
func (s *Store) holdLock(lead context.Context, conn *pgxpool.Conn) error {
	pc := conn.Conn().PgConn()
	for {
		wait, cancel := context.WithTimeout(lead, s.leadCheck)
		err := pc.WaitForNotification(wait)
		cancel()
		if lead.Err() != nil {
			return nil
		}
		if err != nil && !errors.Is(err, context.DeadlineExceeded) {
			return fmt.Errorf("leader lock lost: %w", err)
		}
		// A slow answer is not a lost lock: the ping gets time enough that
		// a busy server or host does not make the leader step down.
		ping, cancel := context.WithTimeout(context.WithoutCancel(lead), max(s.leadCheck, pingTimeout))
		err = pc.Ping(ping)
		cancel()
		if err != nil {
			return fmt.Errorf("leader lock lost: ping its connection: %w", err)
		}
	}
}

// errReleased is the cause of a lead ended by its release.
var errReleased = errors.New("lead released")

// pingTimeout is the least time the leader's ping is given.
const pingTimeout = 5 * time.Second

// Close waits for calls in flight, gives up leadership, and closes the
// pool. Later calls fail; a second Close does nothing.
func (s *Store) Close() error {
	s.mu.Lock()
	select {
	case <-s.closing:
		s.mu.Unlock()
		return nil
	default:
		close(s.closing)
	}
	s.mu.Unlock()
	s.gate.Close()
	s.mu.Lock()
	releases := make([]func(), 0, len(s.leaders))
	for _, r := range s.leaders {
		releases = append(releases, r)
	}
	s.mu.Unlock()
	for _, r := range releases {
		r()
	}
	s.watchers.Wait()
	s.pool.Close()
	return nil
}

// tx runs fn in a transaction and commits it.
func (s *Store) tx(ctx context.Context, fn func(tx pgx.Tx) error) error {
	if err := s.gate.Enter(); err != nil {
		return err
	}
	defer s.gate.Leave()
	tx, err := s.pool.Begin(ctx)
	if err != nil {
		return translate(err)
	}
	defer tx.Rollback(context.WithoutCancel(ctx))
	if err := fn(tx); err != nil {
		return translate(err)
	}
	return translate(tx.Commit(ctx))
}

// view runs fn in a read-only REPEATABLE READ transaction: one snapshot for
// queries that read more than once.
func (s *Store) view(ctx context.Context, fn func(tx pgx.Tx) error) error {
	if err := s.gate.Enter(); err != nil {
		return err
	}
	defer s.gate.Leave()
	tx, err := s.pool.BeginTx(ctx, pgx.TxOptions{IsoLevel: pgx.RepeatableRead, AccessMode: pgx.ReadOnly})
	if err != nil {
		return translate(err)
	}
	defer tx.Rollback(context.WithoutCancel(ctx))
	if err := fn(tx); err != nil {
		return translate(err)
	}
	return translate(tx.Commit(ctx))
}

// translate turns driver errors callers branch on into brief sentinels,
// keeping the original in the chain.
func translate(err error) error {
	if err == nil {
		return nil
	}
	if e, ok := errors.AsType[*pgconn.PgError](err); ok && e.Code == "23505" { // unique_violation
		return fmt.Errorf("%w: %w", brief.ErrDuplicate, err)
	}
	if errors.Is(err, pgx.ErrNoRows) {
		return fmt.Errorf("%w: %w", brief.ErrNotFound, err)
	}
	return err
}

// utc returns a stored time in UTC; pgx reads timestamptz in time.Local.
func utc(t time.Time) time.Time { return t.UTC() }

// never is the stored "no time": no lease, not muted, not sent.
var never = time.Time{}

// migrate applies the embedded migrations the schema lacks, each in its own
// transaction together with its row in schema_migrations, under a
// session advisory lock so replicas starting together migrate one at a
// time. A schema migrated by a newer binary is refused rather than
// written to.
func (s *Store) migrate(ctx context.Context) (applied int, err error) {
	ms, err := store.LoadMigrations(migrationFS, "migrations")
	if err != nil {
		return 0, err
	}
	conn, err := s.pool.Acquire(ctx)
	if err != nil {
		return 0, err
	}
	defer conn.Release()
	// Without the pool's statement timeout while migrating; RESET gives
	// the session its own back before the pool reuses it.
	if _, err := conn.Exec(ctx, `SET statement_timeout = 0`); err != nil {
		return 0, err
	}
	defer func() {
		resetCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
		defer cancel()
		if _, rerr := conn.Exec(resetCtx, `RESET statement_timeout`); rerr != nil {
			conn.Conn().Close(resetCtx)
		}
	}()
	if _, err := conn.Exec(ctx, `SELECT pg_advisory_lock($1)`, s.migrateKey); err != nil {
		return 0, fmt.Errorf("migration lock: %w", err)
	}
	defer func() {
		unlockCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
		defer cancel()
		if _, uerr := conn.Exec(unlockCtx, `SELECT pg_advisory_unlock($1)`, s.migrateKey); uerr != nil {
			// Ending the session releases the lock too.
			conn.Conn().Close(unlockCtx)
		}
	}()
	if _, err := conn.Exec(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
		version    integer PRIMARY KEY,
		name       text        NOT NULL,
		applied_at timestamptz NOT NULL
	)`); err != nil {
		return 0, err
	}
	var newest int
	if err := conn.QueryRow(ctx, `SELECT COALESCE(MAX(version), 0) FROM schema_migrations`).Scan(&newest); err != nil {
		return 0, err
	}
	if err := store.CheckSchemaVersion(newest, ms); err != nil {
		return 0, err
	}
	for _, m := range ms[newest:] {
		err := pgx.BeginFunc(ctx, conn, func(tx pgx.Tx) error {
			if _, err := tx.Exec(ctx, m.SQL); err != nil {
				return err
			}
			_, err := tx.Exec(ctx, `INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)`,
				m.Version, m.Name, time.Now().UTC())
			return err
		})
		if err != nil {
			return applied, fmt.Errorf("migrate %s: %w", m.Name, err)
		}
		applied++
	}
	return applied, nil
}

// collect reads every row, like pgx.CollectRows, but returns nil rather
// than an empty slice when there are none, as the SQLite backend does.
func collect[T any](rows pgx.Rows, fn pgx.RowToFunc[T]) ([]T, error) {
	out, err := pgx.CollectRows(rows, fn)
	if len(out) == 0 {
		out = nil
	}
	return out, err
}
