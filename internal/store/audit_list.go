package store

import (
	"context"
	"fmt"
	"time"

	"gorm.io/gorm"

	"sessionguard/models"
)

// AuditQuery selects a page of an account's audit log, newest first.
type AuditQuery struct {
	AccountID string
	// InvolvingUserID, when set, keeps only the entries where that user acted or was acted on:
	// what a member may see of the log.
	InvolvingUserID *string
	// UserID, when set, keeps only the entries that user took part in, like InvolvingUserID: a
	// filter the caller chose, on top of their scope.
	UserID       *string
	Actions      []models.AuditAction
	ActorID      *string
	TargetUserID *string
	From, To     *time.Time // occurred at or after From, before To
	IP           string     // the actor's address, exactly
	First        int
	After        *Cursor
	SkipTotal    bool // see SessionQuery.SkipTotal
}

// AuditScope is the part of the audit log p may read: their account's, and only the entries
// they took part in unless they administer it. Every way of reading the log starts from it.
func AuditScope(p *Principal) AuditQuery {
	q := AuditQuery{AccountID: p.User.AccountID}
	if !p.User.IsAdmin() {
		q.InvolvingUserID = &p.User.ID
	}
	return q
}

// AuditCursor marks e in an audit list.
func AuditCursor(e *models.AuditEvent) Cursor {
	return Cursor{Key: e.OccurredAt.UTC().Format(time.RFC3339Nano), ID: e.ID}
}

// ListAuditEvents returns one page of audit entries, whether more follow, and how many match.
// Pages are keyset-based on (occurred_at, id), like session lists.
func (s *Store) ListAuditEvents(ctx context.Context, q AuditQuery) (Page[models.AuditEvent], error) {
	var page Page[models.AuditEvent]
	list := scoped(s.db.WithContext(ctx).Model(&models.AuditEvent{}), q)
	if q.UserID != nil {
		list = list.Where("(actor_user_id = ? OR target_user_id = ?)", *q.UserID, *q.UserID)
	}
	if len(q.Actions) > 0 {
		list = list.Where("action IN ?", q.Actions)
	}
	if q.ActorID != nil {
		list = list.Where("actor_user_id = ?", *q.ActorID)
	}
	if q.TargetUserID != nil {
		list = list.Where("target_user_id = ?", *q.TargetUserID)
	}
	if q.From != nil {
		list = list.Where("occurred_at >= ?", q.From.UTC())
	}
	if q.To != nil {
		list = list.Where("occurred_at < ?", q.To.UTC())
	}
	if q.IP != "" {
		list = list.Where("ip = ?", q.IP)
	}
	list = list.Session(&gorm.Session{}) // each condition below makes a query of its own
	if !q.SkipTotal {
		if err := list.Count(&page.TotalCount).Error; err != nil {
			return page, fmt.Errorf("store: unable to count audit entries: %w", err)
		}
	}
	if q.After != nil {
		after, err := time.Parse(time.RFC3339Nano, q.After.Key)
		if err != nil {
			return page, models.FieldErrors{{Field: "after", Message: "is not a valid cursor"}}
		}
		list = list.Where("(occurred_at, id) < (?, ?)", after, q.After.ID)
	}
	var rows []models.AuditEvent
	err := list.Order("occurred_at DESC, id DESC").Limit(q.First + 1).Find(&rows).Error
	if err != nil {
		return page, fmt.Errorf("store: unable to list audit entries: %w", err)
	}
	page.Items, page.HasNext = trimPage(rows, q.First)
	return page, nil
}

// AuditEventsByIDs returns the entries among ids that scope may read, oldest first (ids of
// other accounts, or out of scope, are left out).
func (s *Store) AuditEventsByIDs(ctx context.Context, scope AuditQuery, ids []string) ([]models.AuditEvent, error) {
	list := scoped(s.db.WithContext(ctx), scope).Where("id IN ?", ids)
	var entries []models.AuditEvent
	if err := list.Order("occurred_at, id").Find(&entries).Error; err != nil {
		return nil, fmt.Errorf("store: unable to load audit entries: %w", err)
	}
	return entries, nil
}

// scoped narrows db's audit entries to q's scope: its account, and the entries its user took
// part in when it has one.
func scoped(db *gorm.DB, q AuditQuery) *gorm.DB {
	db = db.Where("account_id = ?", q.AccountID)
	if q.InvolvingUserID != nil {
		db = db.Where("(actor_user_id = ? OR target_user_id = ?)", *q.InvolvingUserID, *q.InvolvingUserID)
	}
	return db
}
