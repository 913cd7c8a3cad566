package main

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"sessionguard/internal/auth"
	"sessionguard/internal/store"
	"sessionguard/internal/testdb"
	"sessionguard/models"
)

// cheap keeps argon2id fast under -race; the tool itself hashes with the product's parameters.
var cheap = auth.PasswordParams{Memory: 64, Iterations: 1, Parallelism: 1, SaltLength: 16, KeyLength: 32}

// Every seeded token authenticates through the product's own lookup as an active session of a
// seeded user, users hold PerUser sessions each in accounts of UsersPerAccount, and each seeded
// email logs in with the password.
func TestSeededSessionsAuthenticate(t *testing.T) {
	testdb.Each(t, func(t *testing.T, url string) {
		ctx := context.Background()
		p := plan{Sessions: 25, PerUser: 4, UsersPerAccount: 3, Password: "bench-password", Params: cheap}
		out, err := seed(ctx, url, p)
		if err != nil {
			t.Fatal(err)
		}
		if len(out.Tokens) != 25 || len(out.Emails) != 7 {
			t.Fatalf("seeded %d tokens and %d emails, want 25 and 7", len(out.Tokens), len(out.Emails))
		}
		st, err := store.Open(ctx, url, store.Options{})
		if err != nil {
			t.Fatal(err)
		}
		defer st.Close()
		perUser, accounts := map[string]int{}, map[string]bool{}
		for _, token := range out.Tokens {
			pr, err := st.Check(ctx, auth.HashToken(token))
			if err != nil {
				t.Fatalf("token %s: %v", token, err)
			}
			if !pr.Session.IsActive() {
				t.Fatalf("token %s: session %s is %s", token, pr.Session.ID, pr.Session.Status)
			}
			perUser[pr.Session.UserID]++ // the principal holds ids, not emails
			accounts[pr.Session.AccountID] = true
		}
		for i, email := range out.Emails {
			want := 4
			if i == 6 {
				want = 1 // 25 sessions: the last user has what is left
			}
			var id string
			if err := st.Gorm().Model(&models.User{}).Where("email = ?", email).Pluck("id", &id).Error; err != nil {
				t.Fatal(err)
			}
			if perUser[id] != want {
				t.Errorf("%s has %d sessions, want %d", email, perUser[id], want)
			}
		}
		if len(accounts) != 3 {
			t.Errorf("sessions span %d accounts, want 3", len(accounts))
		}
		passwords, err := auth.NewPasswords(cheap, auth.HashLimits{})
		if err != nil {
			t.Fatal(err)
		}
		for _, email := range out.Emails {
			u, err := st.UserByEmail(ctx, email)
			if err != nil {
				t.Fatalf("%s: %v", email, err)
			}
			if ok, err := passwords.Verify(ctx, "bench-password", u.PasswordHash); err != nil || !ok {
				t.Errorf("%s: password verifies %v, %v", email, ok, err)
			}
		}
		var admins int64
		if err := st.Gorm().Model(&models.User{}).Where("role = ?", models.RoleAdmin).Count(&admins).Error; err != nil {
			t.Fatal(err)
		}
		if admins != 3 {
			t.Errorf("%d administrators, want one per account (3)", admins)
		}
	})
}

// The command writes one token a line and one email a line, on a database seeded twice.
func TestSeedCommandWritesTokensAndEmails(t *testing.T) {
	testdb.Each(t, func(t *testing.T, url string) {
		dir := t.TempDir()
		tokens, emails := filepath.Join(dir, "tokens"), filepath.Join(dir, "emails")
		for range 2 { // a second seed into the same database must not collide with the first
			args := []string{"-database-url=" + url, "-sessions=12", "-per-user=5", "-tokens=" + tokens, "-emails=" + emails}
			if err := run(context.Background(), args, io.Discard); err != nil {
				t.Fatal(err)
			}
		}
		for path, want := range map[string]int{tokens: 12, emails: 3} {
			b, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			if lines := strings.Fields(string(b)); len(lines) != want {
				t.Errorf("%s has %d lines, want %d", filepath.Base(path), len(lines), want)
			}
		}
	})
}
