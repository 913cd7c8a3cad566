package store

import (
	"context"
	"fmt"

	"gorm.io/gorm"

	"sessionguard/internal/events"
	"sessionguard/models"
)

// Policy returns accountID's session policy.
func (s *Store) Policy(ctx context.Context, accountID string) (models.SessionPolicy, error) {
	var p models.SessionPolicy
	if err := s.db.WithContext(ctx).Where("account_id = ?", accountID).Take(&p).Error; err != nil {
		return p, fmt.Errorf("store: unable to load policy: %w", err)
	}
	return p, withOverrides(s.db.WithContext(ctx), &p)
}

// PoliciesByAccountIDs loads policies in the order of accountIDs (nil where missing).
func (s *Store) PoliciesByAccountIDs(ctx context.Context, accountIDs []string) ([]*models.SessionPolicy, error) {
	var rows []*models.SessionPolicy
	if err := s.db.WithContext(ctx).Where("account_id IN ?", accountIDs).Find(&rows).Error; err != nil {
		return nil, fmt.Errorf("store: unable to load policies: %w", err)
	}
	if err := withOverrides(s.db.WithContext(ctx), rows...); err != nil {
		return nil, err
	}
	return inKeyOrder(accountIDs, rows, func(p *models.SessionPolicy) string { return p.AccountID }), nil
}

func (t *txn) policy(accountID string) (models.SessionPolicy, error) {
	var p models.SessionPolicy
	if err := t.Where("account_id = ?", accountID).Take(&p).Error; err != nil {
		return p, fmt.Errorf("store: unable to load policy: %w", err)
	}
	return p, withOverrides(t.DB, &p)
}

// PreviewPolicy computes what change would end now, changing nothing.
func (s *Store) PreviewPolicy(ctx context.Context, accountID string, change models.PolicyChange) (models.Impact, error) {
	// A new timeout judges the activity every replica noted too (see activity.go).
	if err := s.storeAllActivity(ctx, accountID); err != nil {
		return models.Impact{}, err
	}
	current, err := s.Policy(ctx, accountID)
	if err != nil {
		return models.Impact{}, err
	}
	next, err := change.Apply(current)
	if err != nil {
		return models.Impact{}, err
	}
	db := s.db.WithContext(ctx)
	active, err := activeSessions(db, accountID)
	if err != nil {
		return models.Impact{}, err
	}
	roles, err := userRoles(db, next, usersOf(active))
	if err != nil {
		return models.Impact{}, err
	}
	// Excess sessions count even without EndExcessSessions: the preview tells the admin what
	// choosing to end them would end.
	return next.ImpactOn(active, roles, s.Now()), nil
}

// UpdatePolicy replaces accountID's policy by change on behalf of actorID, with its role overrides
// when the change gives them (in the same transaction, under the same new version). Each session
// is judged by its user's role's policy (SessionPolicy.ForRole): those already idle under the new
// timeout end at once (IDLE_TIMEOUT), and so do those older than the new absolute lifetime
// (MAX_LIFETIME), each as of the moment it broke the rule; with EndExcessSessions, so do each
// user's oldest sessions above the new limit (CONCURRENT_LIMIT).
func (s *Store) UpdatePolicy(ctx context.Context, accountID, actorID string, change models.PolicyChange) (models.SessionPolicy, error) {
	// A new timeout judges the activity every replica noted too (see activity.go).
	if err := s.storeAllActivity(ctx, accountID); err != nil {
		return models.SessionPolicy{}, err
	}
	var next models.SessionPolicy
	err := s.inTx(ctx, func(t *txn) error {
		var current models.SessionPolicy
		if err := t.forUpdate().Where("account_id = ?", accountID).Take(&current).Error; err != nil {
			return fmt.Errorf("store: unable to lock policy: %w", err)
		}
		if err := withOverrides(t.DB, &current); err != nil {
			return err
		}
		var err error
		if next, err = change.Apply(current); err != nil {
			return err
		}
		now := s.Now()
		next.Version = current.Version + 1
		next.UpdatedAt, next.UpdatedByID = &now, actorRef(&actorID)
		if err := t.Save(&next).Error; err != nil {
			return fmt.Errorf("store: unable to save policy: %w", err)
		}
		if change.RoleOverrides != nil {
			if err := t.saveOverrides(accountID, next.RoleOverrides); err != nil {
				return err
			}
		}
		t.events = append(t.events, events.Event{
			Kind: events.PolicyUpdated, AccountID: accountID, PolicyVersion: next.Version, OccurredAt: now,
		})
		if err := t.audit(policyEntry(current, next)); err != nil {
			return err
		}
		active, err := activeSessions(t.forUpdate(), accountID)
		if err != nil {
			return err
		}
		// Each user's role as stored: a role change commits under the user's lock, before or after.
		roles, err := userRoles(t.DB, next, usersOf(active))
		if err != nil {
			return err
		}
		impact := next.ImpactOn(active, roles, now)
		if _, err := t.endAsJudged(next, roles, now, models.Verdicts{Idle: impact.Idle, Lifetime: impact.Lifetime}); err != nil {
			return err
		}
		if change.EndExcessSessions {
			_, err = t.endSessions(impact.Excess, t.endedNow(models.EndConcurrentLimit, nil))
		}
		return err
	})
	if err == nil {
		s.forgetPolicy(accountID) // this replica's next request sees the change (policy_cache.go)
	}
	return next, err
}

// activeSessions loads an account's active sessions grouped by user, oldest login first.
func activeSessions(db *gorm.DB, accountID string) ([]models.Session, error) {
	var active []models.Session
	err := db.Where("account_id = ? AND status = ?", accountID, models.SessionActive).
		Order("user_id ASC, login_at ASC, id ASC").Find(&active).Error
	if err != nil {
		return nil, fmt.Errorf("store: unable to load active sessions: %w", err)
	}
	return active, nil
}
