package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"time"

	"github.com/google/uuid"
	"gorm.io/gorm"

	"sessionguard/internal/auth"
	"sessionguard/internal/store"
	"sessionguard/models"
)

// plan is what to seed.
type plan struct {
	Sessions        int
	PerUser         int // sessions per user
	UsersPerAccount int
	Password        string
	Params          auth.PasswordParams // zero: auth.DefaultPasswordParams, what the product logs in with
}

// seeded is what a seed made: the tokens of its sessions and its users' emails.
type seeded struct {
	Tokens, Emails []string
}

// batchSize keeps each INSERT under both engines' bound-parameter limits (15 columns a session).
const batchSize = 1000

// seed opens the database through the product's store (which migrates it as the server does) and
// inserts p.Sessions active sessions, with the tokens hashed as the product hashes them, in one
// transaction. Every session was active just now, as if each user had just made a request.
func seed(ctx context.Context, databaseURL string, p plan) (seeded, error) {
	if p.Sessions <= 0 || p.PerUser <= 0 || p.UsersPerAccount <= 0 {
		return seeded{}, fmt.Errorf("seed: sessions, per-user and users-per-account must be positive")
	}
	if p.Params == (auth.PasswordParams{}) {
		p.Params = auth.DefaultPasswordParams
	}
	passwords, err := auth.NewPasswords(p.Params, auth.HashLimits{})
	if err != nil {
		return seeded{}, err
	}
	hash, err := passwords.Hash(ctx, p.Password) // one hash for all: each login still costs a full check
	if err != nil {
		return seeded{}, err
	}
	st, err := store.Open(ctx, databaseURL, store.Options{MaxOpenConns: 2})
	if err != nil {
		return seeded{}, err
	}
	defer st.Close()

	rows, out := build(p, hash, st.Now())
	err = st.Gorm().WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		for _, batch := range []any{rows.accounts, rows.policies, rows.users, rows.sessions} {
			if err := tx.CreateInBatches(batch, batchSize).Error; err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return seeded{}, fmt.Errorf("seed: unable to insert: %w", err)
	}
	return out, nil
}

// tables are the rows seed inserts, table by table in the order foreign keys need.
type tables struct {
	accounts []models.Account
	policies []models.SessionPolicy
	users    []models.User
	sessions []models.Session
}

// build makes the rows of plan p: users with passwordHash, sessions with fresh tokens.
func build(p plan, passwordHash string, now time.Time) (tables, seeded) {
	run := randomHex(4) // emails are unique across the database: a second seed must not collide
	nUsers := (p.Sessions + p.PerUser - 1) / p.PerUser
	var t tables
	var out seeded
	for u := range nUsers {
		if u%p.UsersPerAccount == 0 {
			a := models.Account{ID: newID(), Name: fmt.Sprintf("Bench %s %d", run, u/p.UsersPerAccount), CreatedAt: now}
			t.accounts = append(t.accounts, a)
			t.policies = append(t.policies, models.DefaultPolicy(a.ID))
		}
		role := models.RoleMember
		if u%p.UsersPerAccount == 0 {
			role = models.RoleAdmin
		}
		email := fmt.Sprintf("bench-%s-%d@example.test", run, u)
		t.users = append(t.users, models.User{ID: newID(), AccountID: t.accounts[len(t.accounts)-1].ID,
			Name: fmt.Sprintf("Bench user %d", u), Email: email, Role: role, PasswordHash: passwordHash, CreatedAt: now})
		out.Emails = append(out.Emails, email)
	}
	agent, device := "wrk", "Other"
	for i := range p.Sessions {
		user := t.users[i/p.PerUser]
		token, hash := auth.NewToken()
		loginAt := now.Add(-time.Duration(p.Sessions-i) * time.Millisecond) // distinct, oldest first
		t.sessions = append(t.sessions, models.Session{ID: newID(), AccountID: user.AccountID, UserID: user.ID,
			TokenHash: hash, Status: models.SessionActive, LoginIP: fmt.Sprintf("10.%d.%d.%d", i>>16&255, i>>8&255, i&255),
			UserAgent: &agent, Device: &device, LoginAt: loginAt, LastActiveAt: now, IdleProbeAt: now})
		out.Tokens = append(out.Tokens, token)
	}
	return t, out
}

func newID() string { return uuid.Must(uuid.NewV7()).String() }

func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b) // crypto/rand.Read never fails on supported platforms
	return hex.EncodeToString(b)
}
