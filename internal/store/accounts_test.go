package store_test

import (
	"fmt"
	"slices"
	"sync/atomic"
	"testing"

	"sessionguard/internal/store"
	"sessionguard/internal/testdb"
	"sessionguard/models"
)

func TestCreateAccount(t *testing.T) {
	testdb.Each(t, func(t *testing.T, url string) {
		e := newEnv(t, url)
		acc, admin, err := e.store.CreateAccount(e.ctx, store.NewAccount{
			AccountName: "Acme", AdminName: "Ada Admin", AdminEmail: "ada@acme.test", PasswordHash: "argon2id$x",
		})
		if err != nil {
			t.Fatal(err)
		}
		if acc.ID == "" || acc.Name != "Acme" || !acc.CreatedAt.Equal(start) {
			t.Errorf("account: %+v", acc)
		}
		if admin.ID == "" || admin.AccountID != acc.ID || admin.Role != models.RoleAdmin || !admin.IsAdmin() ||
			admin.Email != "ada@acme.test" || admin.Name != "Ada Admin" || admin.PasswordHash != "argon2id$x" {
			t.Errorf("admin: %+v", admin)
		}
		stored, err := e.store.UserByEmail(e.ctx, "ada@acme.test")
		if err != nil || stored.ID != admin.ID || stored.PasswordHash != "argon2id$x" {
			t.Errorf("UserByEmail: %+v, %v", stored, err)
		}

		p, err := e.store.Policy(e.ctx, acc.ID)
		if err != nil {
			t.Fatal(err)
		}
		if p.LimitMultipleSessions || p.EffectiveMaxConcurrentSessions() != 1 || p.WhenLimitReached != models.EvictOldest ||
			p.IdleTimeoutEnabled || p.IdleLimit() != 0 || p.IdleTimeout() != nil || p.Version != 1 ||
			p.UpdatedAt != nil || p.UpdatedByID != nil {
			t.Errorf("default policy: %+v", p)
		}

		accs, err := e.store.AccountsByIDs(e.ctx, []string{"missing", acc.ID})
		if err != nil || len(accs) != 2 || accs[0] != nil || accs[1] == nil || accs[1].Name != "Acme" {
			t.Errorf("AccountsByIDs: %v, %v", accs, err)
		}
	})
}

func TestCreateAccountWithATakenEmailCreatesNothing(t *testing.T) {
	testdb.Each(t, func(t *testing.T, url string) {
		e := newEnv(t, url)
		_, admin := e.account("First")
		_, _, err := e.store.CreateAccount(e.ctx, store.NewAccount{
			AccountName: "Second", AdminName: "Copy", AdminEmail: admin.Email, PasswordHash: "h",
		})
		if got := fieldsOf(t, err); !slices.Equal(got, []string{"email"}) {
			t.Errorf("fields: got %v, want [email]", got)
		}
		var n int64
		if err := e.store.Gorm().Model(&models.Account{}).Count(&n).Error; err != nil || n != 1 {
			t.Errorf("accounts: got %d (%v), want 1: the failed account must roll back", n, err)
		}
	})
}

func TestCreateUser(t *testing.T) {
	testdb.Each(t, func(t *testing.T, url string) {
		e := newEnv(t, url)
		acc, admin := e.account("Acme")
		other, _ := e.account("Other")
		e.userWithEmail(acc.ID, "Taken", "taken@example.com")

		cases := []struct {
			name       string
			user       models.User
			wantFields []string
		}{
			{"new email", models.User{AccountID: acc.ID, Name: "New", Email: "new@example.com", Role: models.RoleMember}, nil},
			{"email of a member", models.User{AccountID: acc.ID, Name: "Dup", Email: "taken@example.com", Role: models.RoleMember}, []string{"email"}},
			{"email of the admin", models.User{AccountID: acc.ID, Name: "Dup", Email: admin.Email, Role: models.RoleAdmin}, []string{"email"}},
			{"email taken in another account", models.User{AccountID: other.ID, Name: "Dup", Email: "taken@example.com", Role: models.RoleMember}, []string{"email"}},
		}
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				e := e.with(t)
				tc.user.PasswordHash = "h"
				u, err := e.store.CreateUser(e.ctx, tc.user)
				if tc.wantFields != nil {
					if got := fieldsOf(t, err); !slices.Equal(got, tc.wantFields) {
						t.Errorf("fields: got %v, want %v", got, tc.wantFields)
					}
					return
				}
				if err != nil {
					t.Fatal(err)
				}
				if u.ID == "" || !u.CreatedAt.Equal(start) {
					t.Errorf("created user: %+v", u)
				}
				got, err := e.store.UserInAccount(e.ctx, tc.user.AccountID, u.ID)
				if err != nil || got.Email != tc.user.Email || got.Role != tc.user.Role {
					t.Errorf("UserInAccount: %+v, %v", got, err)
				}
			})
		}
		var n int64
		if err := e.store.Gorm().Model(&models.User{}).Where("email = ?", "taken@example.com").Count(&n).Error; err != nil || n != 1 {
			t.Errorf("users with the taken email: %d (%v), want 1", n, err)
		}
	})
}

func TestUserLookupsStayInTheirAccount(t *testing.T) {
	testdb.Each(t, func(t *testing.T, url string) {
		e := newEnv(t, url)
		acc, _ := e.account("Acme")
		other, _ := e.account("Other")
		u := e.user(acc.ID, "Mia")
		if _, err := e.store.UserInAccount(e.ctx, other.ID, u.ID); err == nil {
			t.Error("UserInAccount found a user of another account")
		} else {
			wantCode(t, err, "NOT_FOUND")
		}
		_, err := e.store.UserByEmail(e.ctx, "nobody@example.com")
		wantCode(t, err, "NOT_FOUND")
		users, err := e.store.UsersByIDs(e.ctx, []string{u.ID, "missing", u.ID})
		if err != nil || len(users) != 3 || users[0] == nil || users[1] != nil || users[2] == nil || users[2].ID != u.ID {
			t.Errorf("UsersByIDs must follow the keys: %v, %v", users, err)
		}
	})
}

func TestConcurrentCreateUserWithOneEmail(t *testing.T) {
	testdb.Each(t, func(t *testing.T, url string) {
		e := newEnv(t, url)
		acc, _ := e.account("Acme")
		const n = 10
		errs := make([]error, n)
		parallel(n, func(i int) {
			_, errs[i] = e.store.CreateUser(e.ctx, models.User{
				AccountID: acc.ID, Name: fmt.Sprintf("Racer %d", i), Email: "race@example.com",
				Role: models.RoleMember, PasswordHash: "h",
			})
		})
		ok := 0
		for _, err := range errs {
			if err == nil {
				ok++
				continue
			}
			if got := fieldsOf(t, err); !slices.Equal(got, []string{"email"}) {
				t.Errorf("losing create: fields %v, want [email]", got)
			}
		}
		if ok != 1 {
			t.Errorf("creates that succeeded: got %d, want exactly 1", ok)
		}
		var count int64
		if err := e.store.Gorm().Model(&models.User{}).Where("email = ?", "race@example.com").Count(&count).Error; err != nil || count != 1 {
			t.Errorf("users stored: %d (%v), want 1", count, err)
		}
	})
}

// Two creates of one email where the second checks the email before the first inserts: the
// unique index, not the check, must decide, and the loser still gets a FieldErrors on "email".
func TestCreateUserLosingTheRaceAfterItsCheck(t *testing.T) {
	testdb.Each(t, func(t *testing.T, url string) {
		e := newEnv(t, url)
		acc, _ := e.account("Acme")
		newUser := func(name string) models.User {
			return models.User{AccountID: acc.ID, Name: name, Email: "race@example.com", Role: models.RoleMember, PasswordHash: "h"}
		}
		var innerErr error
		done := make(chan struct{})
		// createUser reads the clock between its email check and its insert; the rival runs there.
		e.clock.onNextRead(func() {
			go func() {
				defer close(done)
				_, innerErr = e.store.CreateUser(e.ctx, newUser("Rival"))
			}()
			if e.store.Postgres() {
				<-done // SQLite holds its write lock here, so the rival can only run afterwards
			}
		})
		_, outerErr := e.store.CreateUser(e.ctx, newUser("Checker"))
		<-done
		var failed []error
		for _, err := range []error{outerErr, innerErr} {
			if err != nil {
				failed = append(failed, err)
			}
		}
		if len(failed) != 1 {
			t.Fatalf("errors: outer %v, inner %v; want exactly one", outerErr, innerErr)
		}
		if got := fieldsOf(t, failed[0]); !slices.Equal(got, []string{"email"}) {
			t.Errorf("fields: got %v, want [email]", got)
		}
	})
}

func TestBootstrap(t *testing.T) {
	testdb.Each(t, func(t *testing.T, url string) {
		e := newEnv(t, url)
		// Several replicas (stores with pools of their own) start together on an empty database.
		replicas := []*store.Store{e.store, e.open(), e.open(), e.open()}
		const n = 20
		var createdCalls atomic.Int64
		errs := make([]error, n)
		parallel(n, func(i int) {
			created, err := replicas[i%len(replicas)].Bootstrap(e.ctx, store.NewAccount{
				AccountName: "Demo", AdminName: "Demo Admin", AdminEmail: "demo@example.com", PasswordHash: "h",
			})
			errs[i] = err
			if created {
				createdCalls.Add(1)
			}
		})
		for i, err := range errs {
			if err != nil {
				t.Errorf("bootstrap %d: %v", i, err)
			}
		}
		if got := createdCalls.Load(); got != 1 {
			t.Errorf("calls reporting created: got %d, want 1", got)
		}
		var accounts, users, policies int64
		db := e.store.Gorm()
		db.Model(&models.Account{}).Count(&accounts)
		db.Model(&models.User{}).Count(&users)
		db.Model(&models.SessionPolicy{}).Count(&policies)
		if accounts != 1 || users != 1 || policies != 1 {
			t.Errorf("got %d accounts, %d users, %d policies; want 1 each", accounts, users, policies)
		}

		// Later starts find the account and create nothing.
		created, err := e.store.Bootstrap(e.ctx, store.NewAccount{AccountName: "Again", AdminEmail: "again@example.com"})
		if err != nil || created {
			t.Errorf("second bootstrap: created %v, err %v; want false, nil", created, err)
		}
	})
}

func TestBootstrapDoesNothingWhenAnAccountExists(t *testing.T) {
	testdb.Each(t, func(t *testing.T, url string) {
		e := newEnv(t, url)
		e.account("Existing")
		created, err := e.store.Bootstrap(e.ctx, store.NewAccount{AccountName: "Demo", AdminEmail: "demo@example.com"})
		if err != nil || created {
			t.Fatalf("created %v, err %v; want false, nil", created, err)
		}
		if _, err := e.store.UserByEmail(e.ctx, "demo@example.com"); err == nil {
			t.Error("bootstrap created its admin although an account existed")
		}
	})
}
