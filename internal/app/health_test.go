package app_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"sessionguard/internal/apitest"
	"sessionguard/internal/testdb"
	"sessionguard/migrations"
)

// Liveness says the process serves; readiness says it can serve: its database answers at the
// schema this build needs. Neither needs a session nor counts as one's activity.
func TestLivenessAndReadiness(t *testing.T) {
	testdb.Each(t, func(t *testing.T, dbURL string) {
		srv := apitest.Start(t, dbURL)
		dir := "sqlite"
		if strings.HasPrefix(dbURL, "postgres") {
			dir = "postgres"
		}
		latest, err := migrations.Latest(dir)
		if err != nil {
			t.Fatal(err)
		}
		probe := func(path string) (int, string) {
			status, h, body := srv.Raw(t, http.MethodGet, path, nil, "")
			if cc := h.Get("Cache-Control"); cc != "no-store" {
				t.Errorf("%s: Cache-Control %q, want no-store", path, cc)
			}
			return status, string(body)
		}
		expect := func(path string, wantStatus int, wantBody string) {
			t.Helper()
			if status, body := probe(path); status != wantStatus || body != wantBody+"\n" {
				t.Fatalf("GET %s: %d %q, want %d %q", path, status, body, wantStatus, wantBody)
			}
		}

		t.Run("both answer while all is well", func(t *testing.T) {
			expect("/healthz", http.StatusOK, "ok")
			expect("/readyz", http.StatusOK, "ready")
		})
		t.Run("a schema behind this build is not ready, and the process still lives", func(t *testing.T) {
			db := srv.Store().Gorm()
			if err := db.Exec("UPDATE goose_db_version SET is_applied = false WHERE version_id = ?", latest).Error; err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { db.Exec("UPDATE goose_db_version SET is_applied = true WHERE version_id = ?", latest) })
			var previous int64
			if err := db.Raw("SELECT max(version_id) FROM goose_db_version WHERE is_applied").Scan(&previous).Error; err != nil {
				t.Fatal(err)
			}
			expect("/readyz", http.StatusServiceUnavailable,
				fmt.Sprintf("not ready: database schema at version %d, this build needs %d", previous, latest))
			expect("/healthz", http.StatusOK, "ok")
		})
		t.Run("probes take no method but GET and HEAD", func(t *testing.T) {
			for _, path := range []string{"/healthz", "/readyz"} {
				if status, _, _ := srv.Raw(t, http.MethodPost, path, nil, ""); status != http.StatusMethodNotAllowed {
					t.Errorf("POST %s: %d, want 405", path, status)
				}
			}
		})
		t.Run("a database that does not answer is not ready, without its error", func(t *testing.T) {
			// Last: it closes the server's pool, as a lost database looks from here.
			sqlDB, err := srv.Store().Gorm().DB()
			if err != nil {
				t.Fatal(err)
			}
			sqlDB.Close()
			status, _, body := srv.Raw(t, http.MethodGet, "/readyz", nil, "")
			if status != http.StatusServiceUnavailable || string(body) != "not ready: database unavailable\n" {
				t.Fatalf("GET /readyz with the database closed: %d %q", status, body)
			}
			if status, _, _ := srv.Raw(t, http.MethodGet, "/healthz", nil, ""); status != http.StatusOK {
				t.Fatalf("GET /healthz with the database closed: %d, want 200", status)
			}
		})
	})
}
