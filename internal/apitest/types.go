package apitest

import "time"

// Session is a Session as the API returns it; times decode only if they are RFC 3339.
type Session struct {
	ID           string
	Status       string
	LoginIP      string `json:"loginIp"`
	LoginAt      time.Time
	LastActiveAt time.Time
	EndedAt      *time.Time
	EndReason    *string
	IsCurrent    bool
	User         struct{ ID, Name string }
	EndedBy      *struct{ ID string }
}

// EndedByID is the id of who ended the session, or "".
func (s Session) EndedByID() string {
	if s.EndedBy == nil {
		return ""
	}
	return s.EndedBy.ID
}

// Reason is the end reason, or "".
func (s Session) Reason() string {
	if s.EndReason == nil {
		return ""
	}
	return *s.EndReason
}

// Policy is a SessionPolicy as the API returns it.
type Policy struct {
	LimitMultipleSessions          bool
	MaxConcurrentSessions          int
	EffectiveMaxConcurrentSessions int
	WhenLimitReached               string
	IdleTimeoutEnabled             bool
	IdleTimeout                    *struct {
		Value int
		Unit  string
	}
	UpdatedAt *time.Time
	UpdatedBy *struct{ ID, Name string }
}

// SessionEvent is one sessionEvents payload.
type SessionEvent struct {
	Type       string
	OccurredAt time.Time
	Session    Session
}

// LoginSession is a Session as login and signUp return it, its times as the API spells them.
type LoginSession struct {
	ID           string
	Status       string
	IsCurrent    bool
	LoginIP      string
	LoginCity    *string
	LoginCountry *string
	UserAgent    *string
	Device       *string
	LoginAt      string
	LastActiveAt string
	EndReason    *string
	User         struct{ ID string }
}

// LoginUser is a User as login, signUp and me return it.
type LoginUser struct {
	ID      string
	Email   string
	Role    string
	Account struct{ ID, Name string }
}

// LoginData decodes MutationLoginFull and MutationSignUp.
type LoginData struct {
	Token   string
	Session LoginSession
	User    LoginUser
}

// MeFull decodes QueryMeFull.
type MeFull struct {
	Me struct {
		User    LoginUser
		Session LoginSession
	}
}

// Str dereferences a nullable string for messages ("<null>" for nil).
func Str(s *string) string {
	if s == nil {
		return "<null>"
	}
	return *s
}
