package store_test

import (
	"database/sql"
	"errors"
	"path/filepath"
	"testing"
	"time"

	"gorm.io/gorm"

	"sessionguard/internal/testdb"
	"sessionguard/models"
)

// Files written by earlier builds (on github.com/glebarez/go-sqlite) hold every time as this
// text, in UTC. New rows must be written byte for byte the same: SQLite compares and sorts the
// text, so a row in another format would compare wrongly against the old ones.
const earlierTimeText = "2006-01-02 15:04:05.999999999-07:00"

// rawSQLite opens path with the bare driver, without the store's DSN: it reads what is stored.
func rawSQLite(t *testing.T, path string) *sql.DB {
	t.Helper()
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func TestSQLiteStoresValuesAsEarlierBuilds(t *testing.T) {
	path := filepath.Join(t.TempDir(), "format.db")
	e := newEnv(t, path)
	acc, admin := e.account("Format")
	fractional, _ := e.login(admin) // at start, which has microseconds
	e.clock.Advance(time.Second - 589793*time.Microsecond)
	whole, _ := e.login(admin)
	e.limitTo(acc.ID, admin.ID, 3, models.EvictOldest)
	raw := rawSQLite(t, path)

	for _, tc := range []struct {
		name, query, id string
		wantType, want  string
	}{
		{"fraction of a second", "SELECT typeof(login_at), CAST(login_at AS TEXT) FROM sessions WHERE id = ?",
			fractional.ID, "text", "2025-03-14 09:26:53.589793+00:00"},
		{"whole second", "SELECT typeof(last_active_at), CAST(last_active_at AS TEXT) FROM sessions WHERE id = ?",
			whole.ID, "text", "2025-03-14 09:26:54+00:00"},
		{"NULL time", "SELECT typeof(ended_at), coalesce(CAST(ended_at AS TEXT), 'NULL') FROM sessions WHERE id = ?",
			whole.ID, "null", "NULL"},
		{"text id", "SELECT typeof(id), id FROM sessions WHERE id = ?", whole.ID, "text", whole.ID},
		{"boolean", "SELECT typeof(limit_multiple_sessions), CAST(limit_multiple_sessions AS TEXT) FROM session_policies WHERE account_id = ?",
			acc.ID, "integer", "1"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var typ, text string
			if err := raw.QueryRow(tc.query, tc.id).Scan(&typ, &text); err != nil {
				t.Fatal(err)
			}
			if typ != tc.wantType || text != tc.want {
				t.Errorf("stored %s %q, want %s %q", typ, text, tc.wantType, tc.want)
			}
		})
	}
	if got := start.Format(earlierTimeText); got != "2025-03-14 09:26:53.589793+00:00" {
		t.Errorf("the earlier format renders start as %q", got)
	}

	// Read back through the store: the same instant, in UTC, as written.
	if got := e.session(fractional.ID).LoginAt; got != start {
		t.Errorf("login_at read back as %v (%v), want %v", got, got.Location(), start)
	}
}

func TestSQLiteComparesTimesInSQL(t *testing.T) {
	path := filepath.Join(t.TempDir(), "compare.db")
	e := newEnv(t, path)
	_, admin := e.account("Compare")
	// Whole seconds print shorter than fractions: "…:54+00:00" must still sort between
	// "…:53.589793+00:00" and "…:54.000001+00:00".
	a, _ := e.login(admin)
	e.clock.Advance(time.Second - 589793*time.Microsecond)
	b, _ := e.login(admin)
	e.clock.Advance(time.Microsecond)
	c, _ := e.login(admin)
	wholeSecond := start.Add(time.Second - 589793*time.Microsecond)

	var ids []string
	err := e.store.Gorm().Model(&models.Session{}).Where("last_active_at >= ?", wholeSecond).
		Order("last_active_at DESC").Pluck("id", &ids).Error
	if err != nil {
		t.Fatal(err)
	}
	if len(ids) != 2 || ids[0] != c.ID || ids[1] != b.ID {
		t.Errorf("sessions at or after %v, newest first: %v, want [%s %s]", wholeSecond, ids, c.ID, b.ID)
	}

	rows, err := rawSQLite(t, path).Query("SELECT id FROM sessions ORDER BY last_active_at")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	ids = ids[:0]
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, id)
	}
	if len(ids) != 3 || ids[0] != a.ID || ids[1] != b.ID || ids[2] != c.ID {
		t.Errorf("ORDER BY last_active_at: %v, want [%s %s %s]", ids, a.ID, b.ID, c.ID)
	}
}

// A unique index violation reaches the store as gorm.ErrDuplicatedKey (isDuplicate), which the
// store turns into EMAIL_TAKEN when a concurrent sign-up wins the race.
func TestDuplicateKeyIsTranslated(t *testing.T) {
	testdb.Each(t, func(t *testing.T, url string) {
		e := newEnv(t, url)
		acc, admin := e.account("Duplicate")
		twin := models.User{ID: "twin-" + admin.ID, AccountID: acc.ID, Name: "Twin", Email: admin.Email,
			Role: models.RoleMember, PasswordHash: "hash", CreatedAt: e.store.Now()}
		if err := e.store.Gorm().Create(&twin).Error; !errors.Is(err, gorm.ErrDuplicatedKey) {
			t.Errorf("inserting a second user with email %s: %v, want gorm.ErrDuplicatedKey", admin.Email, err)
		}
	})
}
