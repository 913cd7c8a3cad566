package store

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"gorm.io/gorm"

	"sessionguard/internal/apperr"
	"sessionguard/internal/events"
	"sessionguard/models"
)

// NewAPIKey is a key to create: what the administrator asked for (validated) and the hash and
// prefix of the secret the caller made.
type NewAPIKey struct {
	AccountID string
	CreatedBy *string // nil: not a person (never today: keys cannot make keys)
	Input     models.NewAPIKeyInput
	Prefix    string
	TokenHash []byte
}

// CreateAPIKey stores a new key, at most models.MaxLiveAPIKeys live ones per account, and
// records its audit entry in the same transaction.
func (s *Store) CreateAPIKey(ctx context.Context, n NewAPIKey) (models.APIKey, error) {
	now := s.Now()
	k := models.APIKey{
		ID: newID(), AccountID: n.AccountID, Name: strings.TrimSpace(n.Input.Name), Prefix: n.Prefix,
		TokenHash: n.TokenHash, ScopeNames: models.JoinAPIScopes(n.Input.Scopes), CreatedAt: now,
		CreatedByID: n.CreatedBy,
	}
	if d := n.Input.ExpiresInDays; d != nil {
		k.ExpiresAt = new(now.AddDate(0, 0, *d))
	}
	err := s.inTx(ctx, func(t *txn) error {
		// The account's row lock makes concurrent creations count one after another.
		if err := t.forUpdate().Select("id").Where("id = ?", n.AccountID).Take(&models.Account{}).Error; err != nil {
			return fmt.Errorf("store: unable to lock account: %w", err)
		}
		var live int64
		err := t.Model(&models.APIKey{}).Where("account_id = ? AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > ?)",
			n.AccountID, now).Count(&live).Error
		if err != nil {
			return fmt.Errorf("store: unable to count API keys: %w", err)
		}
		if live >= models.MaxLiveAPIKeys {
			return apperr.New(apperr.Forbidden, "this account already has %d live API keys, the most it may hold: revoke one first", models.MaxLiveAPIKeys)
		}
		if err := t.Create(&k).Error; err != nil {
			return fmt.Errorf("store: unable to create API key: %w", err)
		}
		return t.audit(apiKeyEntry(models.AuditAPIKeyCreated, k))
	})
	return k, err
}

// apiKeyEntry is the audit entry of action on key k: its id, name and scopes, never its secret.
func apiKeyEntry(action models.AuditAction, k models.APIKey) models.AuditEvent {
	return models.AuditEvent{AccountID: k.AccountID, Action: action, Details: jsonText(map[string]any{
		"apiKeyId": k.ID, "name": k.Name, "prefix": k.Prefix, "scopes": k.Scopes(),
	})}
}

// APIKeyCursor marks k in the newest-first list of keys. Ids are UUIDv7, ordered by creation.
func APIKeyCursor(k *models.APIKey) Cursor { return Cursor{ID: k.ID} }

// ListAPIKeys returns one page of accountID's keys, newest first, revoked and expired ones
// included; the last use this replica noted and has not stored yet shows already.
func (s *Store) ListAPIKeys(ctx context.Context, accountID string, first int, after *Cursor) (Page[models.APIKey], error) {
	q := s.db.WithContext(ctx).Where("account_id = ?", accountID)
	if after != nil {
		q = q.Where("id < ?", after.ID)
	}
	var keys []models.APIKey
	if err := q.Order("id DESC").Limit(first + 1).Find(&keys).Error; err != nil {
		return Page[models.APIKey]{}, fmt.Errorf("store: unable to list API keys: %w", err)
	}
	var page Page[models.APIKey]
	page.Items, page.HasNext = trimPage(keys, first)
	for i := range page.Items {
		s.keyUse.overlay(&page.Items[i])
	}
	return page, nil
}

// APIKeyInAccount is accountID's key id; NOT_FOUND for any other.
func (s *Store) APIKeyInAccount(ctx context.Context, accountID, id string) (models.APIKey, error) {
	var k models.APIKey
	err := s.db.WithContext(ctx).Where("id = ? AND account_id = ?", id, accountID).Take(&k).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return k, apperr.New(apperr.NotFound, "API key %s not found", id)
	}
	if err != nil {
		return k, fmt.Errorf("store: unable to load API key: %w", err)
	}
	s.keyUse.overlay(&k)
	return k, nil
}

// APIKeyNames maps those of ids that are accountID's keys to their names, so that an export can
// name the key that acted. Ids of another account's keys are left out, as if unknown.
func (s *Store) APIKeyNames(ctx context.Context, accountID string, ids []string) (map[string]string, error) {
	names := make(map[string]string, len(ids))
	if len(ids) == 0 {
		return names, nil
	}
	var keys []models.APIKey
	err := s.db.WithContext(ctx).Select("id", "name").
		Where("account_id = ? AND id IN ?", accountID, ids).Find(&keys).Error
	if err != nil {
		return nil, fmt.Errorf("store: unable to load API key names: %w", err)
	}
	for _, k := range keys {
		names[k.ID] = k.Name
	}
	return names, nil
}

var errInvalidAPIKey = apperr.New(apperr.Unauthenticated, "invalid API key")

// AuthenticateAPIKey returns the live key whose secret hashes to tokenHash, read from the
// database on every request (its unique index): no cache could outlive a revocation on another
// replica. An unknown key is UNAUTHENTICATED, as is a revoked or expired one, saying which.
func (s *Store) AuthenticateAPIKey(ctx context.Context, tokenHash []byte) (models.APIKey, error) {
	var k models.APIKey
	err := s.db.WithContext(ctx).Where("token_hash = ?", tokenHash).Take(&k).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return k, errInvalidAPIKey
	}
	if err != nil {
		return k, fmt.Errorf("store: unable to authenticate API key: %w", err)
	}
	switch {
	case k.RevokedAt != nil:
		return k, apperr.New(apperr.Unauthenticated, "API key revoked")
	case !k.LiveAt(s.Now()):
		return k, apperr.New(apperr.Unauthenticated, "API key expired")
	}
	return k, nil
}

// RevokeAPIKey ends accountID's key id at once and for good: its audit entry and the event that
// closes its websockets on every replica are recorded with the change. A key revoked already is
// returned unchanged.
func (s *Store) RevokeAPIKey(ctx context.Context, accountID, id string) (models.APIKey, error) {
	var k models.APIKey
	err := s.inTx(ctx, func(t *txn) error {
		err := t.forUpdate().Where("id = ? AND account_id = ?", id, accountID).Take(&k).Error
		if errors.Is(err, gorm.ErrRecordNotFound) {
			return apperr.New(apperr.NotFound, "API key %s not found", id)
		}
		if err != nil {
			return fmt.Errorf("store: unable to lock API key: %w", err)
		}
		if k.RevokedAt != nil {
			return nil
		}
		now := t.store.Now()
		if err := t.Model(&k).Update("revoked_at", now).Error; err != nil {
			return fmt.Errorf("store: unable to revoke API key: %w", err)
		}
		k.RevokedAt = &now
		t.events = append(t.events, events.Event{Kind: events.APIKeyRevoked, AccountID: accountID, APIKeyID: id, OccurredAt: now})
		return t.audit(apiKeyEntry(models.AuditAPIKeyRevoked, k))
	})
	s.keyUse.overlay(&k)
	return k, err
}

// APIKeyLive reports whether key id is neither revoked nor expired at now (sockets recheck it
// after missing events).
func (s *Store) APIKeyLive(ctx context.Context, id string, now time.Time) (bool, error) {
	var k models.APIKey
	err := s.db.WithContext(ctx).Select("revoked_at", "expires_at").Where("id = ?", id).Take(&k).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("store: unable to check API key: %w", err)
	}
	return k.LiveAt(now), nil
}
