package store_test

import (
	"fmt"
	"os"
	"testing"
	"time"

	"sessionguard/internal/store"
	"sessionguard/internal/testdb"
	"sessionguard/models"
)

// Benchmarks of lists and the reaper at the sizes of issue 9. By default they run at small sizes
// on both engines, fast enough for -benchtime=1x in CI; SG_BENCH_SCALE=full runs the sizes
// (1,000,000 sessions, 100,000 going idle at once) on PostgreSQL only: seeding SQLite with a
// million rows through the driver takes minutes, and SQLite deployments are small.
//
//	SG_BENCH_SCALE=full TEST_DATABASE_URL=... go test -run '^$' -bench 'SessionList|SessionSearch|Reap' -benchtime=1x ./internal/store/
//
// Each reports ns/op plus a named metric (ms/page, ms/search, ms/pass, s/100k-idle) and the rows.

// benchScale gives the sessions in the account and the sessions going idle at once.
func benchScale() (rows, idle int, full bool) {
	if os.Getenv("SG_BENCH_SCALE") == "full" {
		return 1_000_000, 100_000, true
	}
	return 20_000, 2_000, false
}

// benchEngines are the engines a benchmark runs on at the current scale.
func benchEngines(b *testing.B) []testdb.Engine {
	_, _, full := benchScale()
	var out []testdb.Engine
	for _, engine := range testdb.Engines(b) {
		if full && engine.Name != "postgres" {
			continue
		}
		out = append(out, engine)
	}
	if len(out) == 0 {
		b.Skip("SG_BENCH_SCALE=full needs PostgreSQL: set TEST_DATABASE_URL")
	}
	return out
}

// benchCities are the login cities of seeded sessions, in turn.
var benchCities = []string{"Lisbon", "Berlin", "Nairobi", "Osaka", "Lima", "Oslo", "Perth", "Quito"}

// seedAccount creates an account with rows sessions spread over rows/1000 users (at least 10):
// session i logged in i seconds before the clock from 10.(i>>16).(i>>8).(i) in benchCities[i%8];
// one in ten is active and was last active now, the rest ended. The tables are analysed after
// the load, as the migration and an operator's bulk import would leave them.
func (e *env) seedAccount(rows int) models.Account {
	e.t.Helper()
	acc, _ := e.account("Scale")
	users := max(rows/1000, 10)
	now := e.clock.Now()
	if e.store.Postgres() {
		e.exec(`INSERT INTO users (id, account_id, name, email, role, password_hash, created_at)
SELECT ? || g, ?, 'User ' || g, 'user' || g || '@' || ? || '.example.com', 'MEMBER', 'hash', ?
FROM generate_series(1, ?) AS g`, acc.ID+"-u", acc.ID, acc.ID, now, users)
		e.exec(`INSERT INTO sessions (id, account_id, user_id, token_hash, status, login_ip, login_city,
  login_at, last_active_at, idle_probe_at, ended_at, end_reason)
SELECT ? || lpad(g::text, 8, '0'), ?, ? || (g % ? + 1), decode(md5(? || g), 'hex'),
  CASE WHEN g % 10 = 0 THEN 'ACTIVE' ELSE 'TERMINATED' END,
  '10.' || (g >> 16) % 256 || '.' || (g >> 8) % 256 || '.' || g % 256,
  (ARRAY['Lisbon','Berlin','Nairobi','Osaka','Lima','Oslo','Perth','Quito'])[g % 8 + 1],
  ?::timestamptz - g * interval '1 second', ?, ?,
  CASE WHEN g % 10 = 0 THEN NULL ELSE ?::timestamptz END, CASE WHEN g % 10 = 0 THEN NULL ELSE 'LOGOUT' END
FROM generate_series(1, ?) AS g`, acc.ID+"-s", acc.ID, acc.ID+"-u", users, acc.ID, now, now, now, now, rows)
		e.exec(`ANALYZE users`)
		e.exec(`ANALYZE sessions`)
		return acc
	}
	us := make([]models.User, users)
	for i := range us {
		us[i] = models.User{ID: fmt.Sprintf("%s-u%d", acc.ID, i+1), AccountID: acc.ID, Name: fmt.Sprintf("User %d", i+1),
			Email: fmt.Sprintf("user%d@%s.example.com", i+1, acc.ID), Role: models.RoleMember, PasswordHash: "hash", CreatedAt: now}
	}
	if err := e.store.Gorm().CreateInBatches(us, 200).Error; err != nil {
		e.t.Fatal(err)
	}
	ss := make([]models.Session, rows)
	for j := range ss {
		g := j + 1
		s := models.Session{ID: fmt.Sprintf("%s-s%08d", acc.ID, g), AccountID: acc.ID, UserID: fmt.Sprintf("%s-u%d", acc.ID, g%users+1),
			TokenHash: e.newToken(), Status: models.SessionActive, LoginIP: fmt.Sprintf("10.%d.%d.%d", g>>16%256, g>>8%256, g%256),
			LoginCity: &benchCities[g%8], LoginAt: now.Add(-time.Duration(g) * time.Second), LastActiveAt: now,
			IdleProbeAt: now}
		if g%10 != 0 {
			reason := models.EndLogout
			s.Status, s.EndedAt, s.EndReason = models.SessionTerminated, &now, &reason
		}
		ss[j] = s
	}
	if err := e.store.Gorm().CreateInBatches(ss, 200).Error; err != nil {
		e.t.Fatal(err)
	}
	e.exec(`ANALYZE`)
	return acc
}

// exec runs one statement, failing the benchmark on error.
func (e *env) exec(sql string, args ...any) {
	e.t.Helper()
	if err := e.store.Gorm().WithContext(e.ctx).Exec(sql, args...).Error; err != nil {
		e.t.Fatalf("%s: %v", sql, err)
	}
}

// listPage lists one page of 20 of acc's sessions after cursor, the way `sessions(first: 20)`
// does when totalCount is not selected.
func (e *env) listPage(b *testing.B, acc models.Account, search string, after *store.Cursor) store.Page[models.Session] {
	page, err := e.store.ListSessions(e.ctx, store.SessionQuery{AccountID: acc.ID, Search: search, First: 20, After: after, SkipTotal: true})
	if err != nil {
		b.Fatal(err)
	}
	return page
}

// reportMs reports the mean time of one op under unit, for scripts to read.
func reportMs(b *testing.B, unit string) {
	b.ReportMetric(float64(b.Elapsed().Microseconds())/1000/float64(b.N), unit)
}

// onScaleAccount runs fn on every engine with an account of the scale's sessions (seedAccount),
// then reports the mean op in unit ("": fn reports its own, from sub-benchmarks) and the rows.
func onScaleAccount(b *testing.B, unit string, fn func(b *testing.B, e *env, acc models.Account)) {
	rows, _, _ := benchScale()
	for _, engine := range benchEngines(b) {
		b.Run(engine.Name, func(b *testing.B) {
			e := newEnv(b, engine.New(b))
			fn(b, e, e.seedAccount(rows))
			if unit != "" {
				reportMs(b, unit)
				b.ReportMetric(float64(rows), "rows")
			}
		})
	}
}

func BenchmarkSessionListFirstPage(b *testing.B) {
	onScaleAccount(b, "ms/page", func(b *testing.B, e *env, acc models.Account) {
		for b.Loop() {
			if p := e.listPage(b, acc, "", nil); len(p.Items) != 20 {
				b.Fatalf("first page has %d sessions, want 20", len(p.Items))
			}
		}
	})
}

// Page 1,000 (at the small scale, the last full page) by cursor.
func BenchmarkSessionListDeepPage(b *testing.B) {
	rows, _, _ := benchScale()
	page := min(1000, rows/20)
	onScaleAccount(b, "ms/page", func(b *testing.B, e *env, acc models.Account) {
		// The cursor ending the page before, found directly: walking there page by page is what
		// is measured.
		var last models.Session
		err := e.store.Gorm().WithContext(e.ctx).Where("account_id = ?", acc.ID).
			Order("login_at DESC, id DESC").Offset(20*(page-1) - 1).Limit(1).Take(&last).Error
		if err != nil {
			b.Fatal(err)
		}
		cursor := store.SessionCursor(&last)
		for b.Loop() {
			if p := e.listPage(b, acc, "", &cursor); len(p.Items) != 20 {
				b.Fatalf("page %d has %d sessions, want 20", page, len(p.Items))
			}
		}
		b.ReportMetric(float64(page), "page")
	})
}

// A selective search (an address, as in the issue: 111 of a million match), a broad one (a city,
// one session in eight) and one by user name (one in nine), first page of each.
func BenchmarkSessionSearch(b *testing.B) {
	rows, _, _ := benchScale()
	onScaleAccount(b, "", func(b *testing.B, e *env, acc models.Account) {
		for _, search := range []string{"10.0.7.1", "lisbon", "user 7"} {
			b.Run("q="+search, func(b *testing.B) {
				for b.Loop() {
					if p := e.listPage(b, acc, search, nil); len(p.Items) == 0 {
						b.Fatalf("search %q found nothing", search)
					}
				}
				reportMs(b, "ms/search")
				b.ReportMetric(float64(rows), "rows")
			})
		}
	})
}

// One reaper pass over an account with nothing to end: with an idle timeout ("idle"), then with
// an absolute lifetime of 90 days as well ("idle+lifetime": one index probe more, past the
// account's ended sessions, which logged in earlier than its active ones).
func BenchmarkReapEmptyPass(b *testing.B) {
	rows, _, _ := benchScale()
	onScaleAccount(b, "", func(b *testing.B, e *env, acc models.Account) {
		e.idleAfter(acc, time.Hour)
		for _, lifetime := range []bool{false, true} {
			name := "idle"
			if lifetime {
				name = "idle+lifetime"
				e.lifetimeDays(acc, 90)
			}
			b.Run(name, func(b *testing.B) {
				for b.Loop() {
					if n, err := e.store.ReapIdle(e.ctx, 500); err != nil || n != 0 {
						b.Fatalf("ReapIdle: %d, %v; want nothing ended", n, err)
					}
				}
				reportMs(b, "ms/pass")
				b.ReportMetric(float64(rows), "rows")
			})
		}
	})
}

// The time to end sessions that all went idle within one second: a fresh set each op, each
// session announced once. "fresh" reaps right after the load, as the first run did;
// "vacuumed" runs VACUUM (ANALYZE) between the load and the reaper, as an operator should after a
// bulk load (hint bits set, statistics current; on SQLite, ANALYZE). s/first-op is the first op.
func BenchmarkReap100kIdle(b *testing.B) {
	_, idle, _ := benchScale()
	for _, engine := range benchEngines(b) {
		for _, settle := range []bool{false, true} {
			name := engine.Name + "/fresh"
			if settle {
				name = engine.Name + "/vacuumed"
			}
			b.Run(name, func(b *testing.B) {
				e := newEnv(b, engine.New(b))
				acc, _ := e.account("Idle")
				e.idleAfter(acc, time.Minute)
				u := e.user(acc.ID, "Mia")
				var first time.Duration
				for b.Loop() {
					b.StopTimer()
					e.seedIdle(u, idle)
					if settle {
						e.settleLoad()
					}
					e.clock.Advance(time.Hour)
					m := e.mark()
					b.StartTimer()
					began := time.Now()
					e.reapAll(b, idle)
					if first == 0 {
						first = time.Since(began)
					}
					b.StopTimer()
					if got := len(e.since(m)); got != idle {
						b.Fatalf("%d events, want one for each of %d sessions", got, idle)
					}
					b.StartTimer()
				}
				b.ReportMetric(b.Elapsed().Seconds()/float64(b.N), "s/op-idle")
				b.ReportMetric(first.Seconds(), "s/first-op")
				b.ReportMetric(float64(idle), "idle")
			})
		}
	}
}

// reapAll runs reaper passes until one ends nothing, and fails unless they ended want.
func (e *env) reapAll(b *testing.B, want int) {
	total := 0
	for {
		n, err := e.store.ReapIdle(e.ctx, 500)
		if err != nil {
			b.Fatal(err)
		}
		if total += n; n == 0 {
			break
		}
	}
	if total != want {
		b.Fatalf("ended %d, want %d", total, want)
	}
}

// settleLoad leaves freshly loaded sessions as a running database has them: hint bits set and
// statistics current.
func (e *env) settleLoad() {
	if !e.store.Postgres() {
		e.exec("ANALYZE")
		return
	}
	e.exec("VACUUM (ANALYZE) sessions")
}

// idleAfter turns on acc's idle timeout of d.
func (e *env) idleAfter(acc models.Account, d time.Duration) {
	e.t.Helper()
	minutes, unit, on := int(d/time.Minute), models.Minutes, true
	err := e.store.Gorm().WithContext(e.ctx).Model(&models.SessionPolicy{}).Where("account_id = ?", acc.ID).
		Updates(map[string]any{"idle_timeout_enabled": on, "idle_timeout_value": minutes, "idle_timeout_unit": unit}).Error
	if err != nil {
		e.t.Fatal(err)
	}
}

// lifetimeDays turns on acc's absolute lifetime of days.
func (e *env) lifetimeDays(acc models.Account, days int) {
	e.t.Helper()
	err := e.store.Gorm().WithContext(e.ctx).Model(&models.SessionPolicy{}).Where("account_id = ?", acc.ID).
		Updates(map[string]any{"absolute_lifetime_enabled": true, "absolute_lifetime_value": days, "absolute_lifetime_unit": models.Days}).Error
	if err != nil {
		e.t.Fatal(err)
	}
}

// seedIdle inserts n active sessions of u last active within the second before the clock, a
// microsecond apart, as if n clients all stopped at once.
func (e *env) seedIdle(u models.User, n int) {
	e.t.Helper()
	now := e.clock.Now()
	tag := fmt.Sprintf("idle-%d-", e.unique())
	if e.store.Postgres() {
		e.exec(`INSERT INTO sessions (id, account_id, user_id, token_hash, status, login_ip, login_at, last_active_at, idle_probe_at)
SELECT ? || g, ?, ?, decode(md5(? || g), 'hex'), 'ACTIVE', '192.0.2.1', ?, ?::timestamptz - g * interval '1 microsecond',
  ?::timestamptz - g * interval '1 microsecond'
FROM generate_series(1, ?) AS g`, tag, u.AccountID, u.ID, tag, now, now, now, n)
		return
	}
	rows := make([]models.Session, n)
	for i := range rows {
		rows[i] = models.Session{ID: fmt.Sprintf("%s%d", tag, i), AccountID: u.AccountID, UserID: u.ID, TokenHash: e.newToken(),
			Status: models.SessionActive, LoginIP: "192.0.2.1", LoginAt: now, LastActiveAt: now.Add(-time.Duration(i) * time.Microsecond),
			IdleProbeAt: now.Add(-time.Duration(i) * time.Microsecond)}
	}
	if err := e.store.Gorm().CreateInBatches(rows, 200).Error; err != nil {
		e.t.Fatal(err)
	}
}
