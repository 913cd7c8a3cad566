// Package store is the only code that reaches the database: queries and transactions, one file
// per aggregate, on PostgreSQL in production and SQLite as the embedded default.
package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/libtnb/sqlite"
	"gorm.io/driver/postgres"
	"gorm.io/gorm"
	"gorm.io/gorm/logger"

	"sessionguard/internal/events"
)

// Options tune a Store; the zero value is fine for production.
type Options struct {
	// Now is the clock; tests move it instead of sleeping.
	Now func() time.Time
	// Delivery carries the events each transaction records. Default: events.Discard.
	Delivery events.Delivery
	// MaxOpenConns caps the connection pool. Default 32.
	MaxOpenConns int
	// BatchActivity notes request activity in memory, to be written in batches by
	// RunActivityFlusher (and FlushActivity), instead of one write per request. Off: each
	// recorded request writes at once.
	BatchActivity bool
}

// Store reads and changes accounts, users, policies and sessions.
type Store struct {
	db        *gorm.DB
	sqlDB     *sql.DB
	principal *sql.Stmt // principalQuery
	// principalSlots: the principal lookups running uncancelled (lookupPrincipal).
	principalSlots principalSlots
	policyStmt     *sql.Stmt // policyQuery
	policies       policyCache
	postgres       bool
	delivery       events.Delivery
	clock          func() time.Time
	activity       *activityNotes // nil: activity is written through
	replica        string         // names this process's activity journal rows
	totals         totalCache     // large list totals, see countTotal
	keyUse         keyUsage       // API keys' last use, noted for the next flush (apikey_usage.go)
	// schemaVersion is the newest migration this build ships: Ready wants the database at it.
	schemaVersion int64
}

// IsPostgres reports whether url names a PostgreSQL database rather than a SQLite file.
func IsPostgres(url string) bool {
	return strings.HasPrefix(url, "postgres://") || strings.HasPrefix(url, "postgresql://")
}

// Open connects to databaseURL (a postgres:// URL or a SQLite file path) and migrates it.
func Open(ctx context.Context, databaseURL string, opts Options) (*Store, error) {
	s := &Store{postgres: IsPostgres(databaseURL), delivery: opts.Delivery, clock: opts.Now, replica: newReplicaID()}
	if s.delivery == nil {
		s.delivery = events.Discard{}
	}
	if s.clock == nil {
		s.clock = time.Now
	}
	if opts.BatchActivity {
		s.activity = newActivityNotes()
	}
	cfg := &gorm.Config{
		TranslateError:         true,
		SkipDefaultTransaction: true, // single statements need no transaction of their own
		Logger:                 logger.Default.LogMode(logger.Silent),
		NowFunc:                s.Now,
	}
	var dialector gorm.Dialector
	if s.postgres {
		dialector = postgres.Open(databaseURL)
	} else {
		dsn, err := sqliteDSN(databaseURL)
		if err != nil {
			return nil, err
		}
		dialector = sqlite.Open(dsn)
	}
	db, err := gorm.Open(dialector, cfg)
	if err != nil {
		return nil, fmt.Errorf("store: unable to open database: %w", err)
	}
	s.db = db
	sqlDB, err := db.DB()
	if err != nil {
		return nil, fmt.Errorf("store: unable to reach connection pool: %w", err)
	}
	s.sqlDB = sqlDB
	// Idle connections are kept up to the cap: database/sql's default keeps 2, so under load
	// every other request would open a connection (on SQLite, also reparse the schema).
	max := opts.MaxOpenConns
	if max == 0 {
		max = 32
	}
	sqlDB.SetMaxOpenConns(max)
	s.principalSlots = make(principalSlots, max)
	sqlDB.SetMaxIdleConns(max)
	sqlDB.SetConnMaxIdleTime(5 * time.Minute)
	if err := migrate(ctx, sqlDB, s.postgres); err != nil {
		sqlDB.Close()
		return nil, err
	}
	if s.schemaVersion, err = neededSchemaVersion(s.postgres); err != nil {
		sqlDB.Close()
		return nil, err
	}
	// Prepared once per connection and kept: parsing it cost SQLite more than running it.
	if s.principal, err = sqlDB.PrepareContext(ctx, principalQuery); err != nil {
		sqlDB.Close()
		return nil, fmt.Errorf("store: unable to prepare the session lookup: %w", err)
	}
	if s.policyStmt, err = sqlDB.PrepareContext(ctx, policyQuery); err != nil {
		s.principal.Close()
		sqlDB.Close()
		return nil, fmt.Errorf("store: unable to prepare the policy lookup: %w", err)
	}
	return s, nil
}

// SQLiteCacheKiB is each SQLite connection's page cache, in KiB (why: sqliteDSN).
const SQLiteCacheKiB = 256

// sqliteDSN turns a file path into a DSN: WAL so readers never wait for the writer, a busy
// timeout so writers queue instead of failing, and immediate transactions so two writers never
// fail upgrading a read snapshot (SQLITE_BUSY_SNAPSHOT). _timezone=UTC reads times back in UTC
// and writes them as UTC text, so the text sorts and compares as time.
//
// The dialector adds _time_format=sqlite ("2006-01-02 15:04:05.999999999-07:00", the text files
// written by earlier builds hold), _texttotime=1 and _inttotime=1. Its init turns on, for the
// whole process, modernc.org/sqlite's StrictPragmas (each _pragma must be one statement: ours
// are), OFD locks on Linux (other processes' POSIX locks still conflict with them; an unrelated
// close of the file no longer drops them) and fdatasync, which SQLite's Linux builds use anyway:
// a commit is on disk when it returns, as with synchronous(FULL) before.
//
// cache_size: a page cache of SQLiteCacheKiB a connection rather than SQLite's 2 MiB. Any commit
// (the activity flush and journal write a few a second) empties the cache of every connection
// at its next read, and every page read back then is a fresh allocation that modernc.org's
// allocator serves and later frees with mmap and madvise. With 100,000 sessions requested at
// random, refilling 32 caches of 2 MiB cost more than the requests themselves: 190 µs of CPU a
// request against 95 with this cache (scripts/bench's SQLite row, 2026-12-05). A lookup among
// that many sessions reads leaf pages that no cache of either size holds; the OS serves them.
func sqliteDSN(path string) (string, error) {
	file, query, _ := strings.Cut(path, "?")
	if dir := filepath.Dir(file); dir != "" {
		if err := os.MkdirAll(dir, 0o700); err != nil {
			return "", fmt.Errorf("store: unable to create %s: %w", dir, err)
		}
	}
	params := "_pragma=journal_mode(WAL)&_pragma=busy_timeout(20000)&_pragma=foreign_keys(1)" +
		"&_pragma=synchronous(FULL)&_pragma=cache_size(-" + strconv.Itoa(SQLiteCacheKiB) + ")" +
		"&_txlock=immediate&_timezone=UTC"
	if query != "" {
		params += "&" + query
	}
	return file + "?" + params, nil
}

// Close releases the connection pool.
func (s *Store) Close() error {
	return errors.Join(s.principal.Close(), s.policyStmt.Close(), s.sqlDB.Close())
}

// Gorm exposes the connection for tests and maintenance tools.
func (s *Store) Gorm() *gorm.DB { return s.db }

// Postgres reports whether the store runs on PostgreSQL.
func (s *Store) Postgres() bool { return s.postgres }

// Now is the store's clock in UTC, at the microsecond precision PostgreSQL keeps, so a time read
// back equals the time written (cursors compare them exactly).
func (s *Store) Now() time.Time { return s.clock().UTC().Truncate(time.Microsecond) }

func newID() string { return uuid.Must(uuid.NewV7()).String() }

// txn is a transaction that also collects the events of the changes it makes.
type txn struct {
	*gorm.DB
	store  *Store
	events []events.Event
	// ctx is the transaction's context: where its change comes from, for its audit entries.
	ctx         context.Context
	knownOrigin Origin
	originKnown bool
}

// inTx runs fn in a transaction and hands the events it recorded to the delivery twice: inside
// the transaction, then once it has committed. Events of a transaction that rolls back are never
// delivered. The webhook deliveries they call for are queued in the same transaction.
func (s *Store) inTx(ctx context.Context, fn func(t *txn) error) error {
	t := &txn{store: s, ctx: ctx}
	err := s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		t.DB = tx
		if err := fn(t); err != nil || len(t.events) == 0 {
			return err
		}
		if err := t.enqueueWebhooks(); err != nil {
			return err
		}
		// The *sql.Tx under GORM: the delivery writes in the database's own placeholders.
		if err := s.delivery.BeforeCommit(ctx, tx.Statement.ConnPool, t.events); err != nil {
			return fmt.Errorf("store: unable to announce change: %w", err)
		}
		return nil
	})
	if err != nil {
		return err
	}
	if len(t.events) > 0 {
		s.delivery.AfterCommit(ctx, t.events)
	}
	return nil
}

func isDuplicate(err error) bool { return errors.Is(err, gorm.ErrDuplicatedKey) }
