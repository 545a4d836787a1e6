package sqlite

import (
	"context"
	"database/sql"
	"fmt"
)

// The statements every article, feed poll and outbox delivery runs are
// prepared once, when the store opens, instead of on each call: preparing
// (parsing and planning the SQL) cost about a tenth of the CPU of a first
// poll cycle. database/sql prepares a *sql.Stmt on each pooled connection
// the first time that connection runs it and keeps it there; Tx.StmtContext
// reuses the transaction's connection's copy.
//
// Only these statements are cached: they are prepared on the connection
// Open takes before anyone else can use the pool, so preparing never waits
// for a connection while a transaction holds another (with every
// connection held by a transaction that waits to prepare, the pool would
// deadlock). Any other query runs unprepared, as before.
var hotQueries = []string{
	qHasArticle, qInsertArticle, qInsertSource, qStoryOfDuplicate,
	qUpsertStory, qUpsertStoryTopic, qInsertMatch, qQueueAlerts,
	qSaveFeedState, qInsertMessage, qClaimDue, qMarkSent, qMarkProgress,
	qEnqueueAlertCount, qEnqueueAlertCarry,
}

// prepareHot prepares hotQueries; it runs once in Open, after migrating.
func (s *Store) prepareHot(ctx context.Context) error {
	s.stmts = make(map[string]*sql.Stmt, len(hotQueries))
	for _, q := range hotQueries {
		st, err := s.db.PrepareContext(ctx, q)
		if err != nil {
			s.closeStmts()
			return fmt.Errorf("prepare %.40q...: %w", q, err)
		}
		s.stmts[q] = st
	}
	return nil
}

func (s *Store) closeStmts() {
	for _, st := range s.stmts {
		st.Close()
	}
	s.stmts = nil
}

// stmt is the transaction's copy of a prepared hot query, or nil for any
// other query. The map is written only in Open, so reading it needs no lock.
func (s *Store) stmt(ctx context.Context, tx *sql.Tx, query string) *sql.Stmt {
	if st := s.stmts[query]; st != nil {
		return tx.StmtContext(ctx, st)
	}
	return nil
}

// exec runs query in tx, prepared when it is a hot query.
func (s *Store) exec(ctx context.Context, tx *sql.Tx, query string, args ...any) (sql.Result, error) {
	if st := s.stmt(ctx, tx, query); st != nil {
		return st.ExecContext(ctx, args...)
	}
	return tx.ExecContext(ctx, query, args...)
}

// queryRow runs query in tx, prepared when it is a hot query.
func (s *Store) queryRow(ctx context.Context, tx *sql.Tx, query string, args ...any) *sql.Row {
	if st := s.stmt(ctx, tx, query); st != nil {
		return st.QueryRowContext(ctx, args...)
	}
	return tx.QueryRowContext(ctx, query, args...)
}

// query runs query in tx, prepared when it is a hot query.
func (s *Store) query(ctx context.Context, tx *sql.Tx, query string, args ...any) (*sql.Rows, error) {
	if st := s.stmt(ctx, tx, query); st != nil {
		return st.QueryContext(ctx, args...)
	}
	return tx.QueryContext(ctx, query, args...)
}
