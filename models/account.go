package models

import "time"

// Account is a customer: a company or team whose users log in.
type Account struct {
	ID        string `gorm:"primaryKey"`
	Name      string
	CreatedAt time.Time
}

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
