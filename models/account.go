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
}

// IsAdmin reports whether the user manages their account.
func (u *User) IsAdmin() bool { return u.Role == RoleAdmin }
