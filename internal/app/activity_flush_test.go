package app_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"sessionguard/internal/apitest"
	"sessionguard/internal/app"
	"sessionguard/internal/auth"
	"sessionguard/internal/store"
	"sessionguard/internal/testdb"
	"sessionguard/models"
)

// Activity a request noted in memory is stored when the App stops: by Run as it ends, and by
// Close when Run never ran.
func TestStoppingStoresNotedActivity(t *testing.T) {
	cases := []struct {
		name string
		stop func(t *testing.T, a *app.App)
	}{
		{"Run ends", func(t *testing.T, a *app.App) {
			ctx, cancel := context.WithCancel(context.Background())
			var wg sync.WaitGroup
			wg.Add(1)
			go func() { defer wg.Done(); a.Run(ctx, nil) }()
			cancel()
			wg.Wait()
		}},
		{"Close without Run", func(t *testing.T, a *app.App) {}},
	}
	testdb.Each(t, func(t *testing.T, url string) {
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				var clock apitest.Clock
				clock.Freeze()
				a, err := app.New(context.Background(), app.Config{DatabaseURL: url, Now: clock.Now,
					Passwords: apitest.FastPasswords, ReaperInterval: -1})
				if err != nil {
					t.Fatal(err)
				}
				ctx := context.Background()
				_, admin, err := a.Store.CreateAccount(ctx, store.NewAccount{AccountName: "Acme",
					AdminName: "Ada", AdminEmail: "ada-" + strings.ReplaceAll(tc.name, " ", "") + "@example.test", PasswordHash: "hash"})
				if err != nil {
					t.Fatal(err)
				}
				token, hash := auth.NewToken()
				s, err := a.Store.StartSession(ctx, admin, store.NewSession{TokenHash: hash, LoginIP: "192.0.2.1"})
				if err != nil {
					t.Fatal(err)
				}
				clock.Advance(models.ActivityWriteInterval)
				req := httptest.NewRequest(http.MethodPost, "/graphql", strings.NewReader(`{"query": "{ me { user { id } } }"}`))
				req.Header.Set("Content-Type", "application/json")
				req.Header.Set("Authorization", "Bearer "+token)
				rec := httptest.NewRecorder()
				a.Handler().ServeHTTP(rec, req)
				if rec.Code != http.StatusOK || strings.Contains(rec.Body.String(), "errors") {
					t.Fatalf("request answered %d %s", rec.Code, rec.Body)
				}
				seen := clock.Now().UTC().Truncate(time.Microsecond)

				tc.stop(t, a)
				if err := a.Close(); err != nil {
					t.Fatal(err)
				}
				check, err := store.Open(ctx, url, store.Options{})
				if err != nil {
					t.Fatal(err)
				}
				defer check.Close()
				var stored models.Session
				if err := check.Gorm().Where("id = ?", s.ID).Take(&stored).Error; err != nil {
					t.Fatal(err)
				}
				if !stored.LastActiveAt.Equal(seen) {
					t.Errorf("stored last_active_at %v, want the request's %v", stored.LastActiveAt, seen)
				}
			})
		}
	})
}
