package models

import "time"

// Account is a customer: a company or team whose users log in.
type Account struct {
	ID        string `gorm:"primaryKey"`
	Name      string
	CreatedAt time.Time
	Retention
}

// Retention is how long an account keeps what it no longer uses: terminated sessions and audit
// entries older than this are deleted (store.PurgeExpired).
type Retention struct {
	SessionRetentionDays int `gorm:"default:90" json:"terminatedSessionsDays"`
	AuditRetentionDays   int `gorm:"default:365" json:"auditEventsDays"`
}

// The bounds of Retention, in days: at least a day of terminated sessions (the console shows
// them), at least 30 days of audit log (a month's review), at most ten years of either.
const (
	MinSessionRetentionDays = 1
	MinAuditRetentionDays   = 30
	MaxRetentionDays        = 3650
	DefaultSessionRetention = 90
	DefaultAuditRetention   = 365
)

// User is a person who logs in to exactly one account.
type User struct {
	ID           string `gorm:"primaryKey"`
	AccountID    string
	Name         string
	Email        string // lower-case; unique across all accounts, since login takes no account name
	Role         Role
	PasswordHash string `json:"-"`
	CreatedAt    time.Time
	// Status is DEACTIVATED once an administrator offboarded the user: they cannot log in, and
	// none of their sessions is active. A row inserted without one is ACTIVE.
	Status        UserStatus `gorm:"default:ACTIVE"`
	DeactivatedAt *time.Time // when, while deactivated; nil while active
	LastLoginAt   *time.Time // their latest login (or sign-up); nil before the first
}

// IsAdmin reports whether the user manages their account.
func (u *User) IsAdmin() bool { return u.Role == RoleAdmin }

// IsActive reports whether the user may log in.
func (u *User) IsActive() bool { return u.Status != UserDeactivated }
