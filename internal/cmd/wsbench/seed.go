package main

import (
	"context"
	"fmt"

	"sessionguard/internal/auth"
	"sessionguard/internal/store"
	"sessionguard/models"
)

// seeder creates users and sessions straight in the database: logging thousands of sessions in
// through the API would spend minutes hashing passwords and run into the login budgets.
type seeder struct {
	st    *store.Store
	admin models.User // the bootstrap administrator
	seq   int
}

func openSeeder(ctx context.Context, databaseURL string) (*seeder, error) {
	st, err := store.Open(ctx, databaseURL, store.Options{MaxOpenConns: 2})
	if err != nil {
		return nil, fmt.Errorf("wsbench: unable to open the store: %w", err)
	}
	admin, err := st.UserByEmail(ctx, adminEmail)
	if err != nil {
		st.Close()
		return nil, fmt.Errorf("wsbench: bootstrap administrator not found: %w", err)
	}
	return &seeder{st: st, admin: admin}, nil
}

func (s *seeder) close() { _ = s.st.Close() }

// user adds a user with role to the administrator's account.
func (s *seeder) user(ctx context.Context, role models.Role) (models.User, error) {
	s.seq++
	u, err := s.st.CreateUser(ctx, models.User{
		AccountID: s.admin.AccountID, Name: fmt.Sprintf("Bench %d", s.seq), Role: role,
		Email: fmt.Sprintf("bench%d@example.test", s.seq), PasswordHash: "unusable",
	})
	if err != nil {
		return u, fmt.Errorf("wsbench: unable to add user: %w", err)
	}
	return u, nil
}

// session starts a session for u and returns its bearer token and id.
func (s *seeder) session(ctx context.Context, u models.User) (token, id string, err error) {
	token, hash := auth.NewToken()
	created, err := s.st.StartSession(ctx, u, store.NewSession{TokenHash: hash, LoginIP: "127.0.0.1"})
	if err != nil {
		return "", "", fmt.Errorf("wsbench: unable to start session: %w", err)
	}
	return token, created.ID, nil
}
