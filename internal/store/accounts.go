package store

import (
	"context"
	"errors"
	"fmt"
	"slices"

	"sessionguard/models"
)

// NewAccount is an account with its first administrator.
type NewAccount struct {
	AccountName  string
	AdminName    string
	AdminEmail   string // already normalised by the caller
	PasswordHash string
}

// CreateAccount creates an account, its administrator and its default session policy.
func (s *Store) CreateAccount(ctx context.Context, n NewAccount) (models.Account, models.User, error) {
	var account models.Account
	var admin models.User
	err := s.inTx(ctx, func(t *txn) error {
		var err error
		account, admin, err = t.createAccount(n)
		return err
	})
	return account, admin, err
}

// Bootstrap creates the account n when the database has no account yet, exactly once even when
// several replicas start together on an empty database. It reports whether it created it.
func (s *Store) Bootstrap(ctx context.Context, n NewAccount) (bool, error) {
	created := false
	err := s.inTx(ctx, func(t *txn) error {
		if s.postgres {
			// Serialises concurrent bootstraps; released at commit. The key is arbitrary but fixed.
			if err := t.Exec("SELECT pg_advisory_xact_lock(7355608001)").Error; err != nil {
				return fmt.Errorf("store: unable to lock bootstrap: %w", err)
			}
		}
		var count int64
		if err := t.Model(&models.Account{}).Count(&count).Error; err != nil {
			return fmt.Errorf("store: unable to count accounts: %w", err)
		}
		if count > 0 {
			return nil
		}
		created = true
		_, _, err := t.createAccount(n)
		return err
	})
	return created, err
}

func (t *txn) createAccount(n NewAccount) (models.Account, models.User, error) {
	now := t.store.Now()
	account := models.Account{ID: newID(), Name: n.AccountName, CreatedAt: now}
	if err := t.Create(&account).Error; err != nil {
		return account, models.User{}, fmt.Errorf("store: unable to create account: %w", err)
	}
	policy := models.DefaultPolicy(account.ID)
	if err := t.Create(&policy).Error; err != nil {
		return account, models.User{}, fmt.Errorf("store: unable to create policy: %w", err)
	}
	admin, err := t.createUser(models.User{
		AccountID: account.ID, Name: n.AdminName, Email: n.AdminEmail,
		Role: models.RoleAdmin, PasswordHash: n.PasswordHash,
	})
	return account, admin, err
}

// AccountsByIDs loads accounts in the order of ids (nil where missing), for dataloaders.
func (s *Store) AccountsByIDs(ctx context.Context, ids []string) ([]*models.Account, error) {
	var rows []*models.Account
	if err := s.db.WithContext(ctx).Where("id IN ?", ids).Find(&rows).Error; err != nil {
		return nil, fmt.Errorf("store: unable to load accounts: %w", err)
	}
	return inKeyOrder(ids, rows, func(a *models.Account) string { return a.ID }), nil
}

// inKeyOrder arranges rows to follow keys, as dataloaders require; a missing key gets nil.
func inKeyOrder[T any](keys []string, rows []*T, key func(*T) string) []*T {
	byKey := make(map[string]*T, len(rows))
	for _, r := range rows {
		byKey[key(r)] = r
	}
	out := make([]*T, len(keys))
	for i, k := range keys {
		out[i] = byKey[k]
	}
	return out
}

const emailTakenMessage = "is already in use"

func emailTaken() error { return models.FieldErrors{{Field: "email", Message: emailTakenMessage}} }

// IsEmailTaken reports whether err says another user already has the email: an answer that
// tells whether an address is registered, which callers budget.
func IsEmailTaken(err error) bool {
	var fields models.FieldErrors
	return errors.As(err, &fields) && slices.ContainsFunc(fields, func(f models.FieldError) bool {
		return f.Field == "email" && f.Message == emailTakenMessage
	})
}
