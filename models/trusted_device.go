package models

import "time"

// TrustedDevice is a browser that signed its user in successfully: it holds a device token (a
// cookie) whose hash is kept here. Login attempts that carry it are budgeted apart from
// everyone else's, so a stranger's failures against the user's email cannot lock them out
// (OWASP's device-cookie pattern).
type TrustedDevice struct {
	TokenHash []byte `gorm:"primaryKey"`
	UserID    string
	CreatedAt time.Time
	ExpiresAt time.Time
}

// Limits on trusted devices.
const (
	// TrustedDeviceLifetime is how long a device stays trusted after its last successful login.
	TrustedDeviceLifetime = 180 * 24 * time.Hour
	// MaxTrustedDevices bounds each user's devices: a script that logs in afresh every time
	// must not grow the table without end. The oldest go first.
	MaxTrustedDevices = 20
)
