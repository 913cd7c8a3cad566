package models

import (
	"fmt"
	"io"
	"slices"
	"strconv"
)

// Role is what a user may do in their account.
type Role string

const (
	RoleAdmin  Role = "ADMIN"
	RoleMember Role = "MEMBER"
)

// UserStatus tells whether a user may log in.
type UserStatus string

const (
	UserActive      UserStatus = "ACTIVE"
	UserDeactivated UserStatus = "DEACTIVATED"
)

// SessionStatus tells whether a session's token is still accepted.
type SessionStatus string

const (
	SessionActive     SessionStatus = "ACTIVE"
	SessionTerminated SessionStatus = "TERMINATED"
)

// SessionEndReason records why a session ended.
type SessionEndReason string

const (
	EndLogout          SessionEndReason = "LOGOUT"
	EndAdminLogout     SessionEndReason = "ADMIN_LOGOUT"
	EndTerminateAll    SessionEndReason = "TERMINATE_ALL"
	EndIdleTimeout     SessionEndReason = "IDLE_TIMEOUT"
	EndConcurrentLimit SessionEndReason = "CONCURRENT_LIMIT"
	EndUserDeactivated SessionEndReason = "USER_DEACTIVATED"
	EndRoleChanged     SessionEndReason = "ROLE_CHANGED"
	EndPasswordChanged SessionEndReason = "PASSWORD_CHANGED"
	EndMaxLifetime     SessionEndReason = "MAX_LIFETIME"
)

// SessionEndReasons lists every reason, in the schema's order.
var SessionEndReasons = []SessionEndReason{
	EndLogout, EndAdminLogout, EndTerminateAll, EndIdleTimeout, EndConcurrentLimit,
	EndUserDeactivated, EndRoleChanged, EndPasswordChanged, EndMaxLifetime,
}

// Text is the reason in words a person reads: the console shows it (Session.endReasonText), and
// a session's websockets are closed with it (code 4401). A reason this version does not know
// reads "session ended".
func (r SessionEndReason) Text() string {
	switch r {
	case EndLogout:
		return "logged out"
	case EndAdminLogout:
		return "logged out by an administrator"
	case EndTerminateAll:
		return "all sessions were terminated"
	case EndIdleTimeout:
		return "idle timeout"
	case EndConcurrentLimit:
		return "signed in on another device"
	case EndUserDeactivated:
		return "your account was deactivated"
	case EndRoleChanged:
		return "your role changed"
	case EndPasswordChanged:
		return "your password was changed"
	case EndMaxLifetime:
		return "the session reached its maximum lifetime"
	}
	return "session ended"
}

// LimitBehavior is what a login at the session limit does.
type LimitBehavior string

const (
	EvictOldest LimitBehavior = "EVICT_OLDEST"
	RejectNew   LimitBehavior = "REJECT_NEW"
)

// TimeUnit is the unit of an idle timeout.
type TimeUnit string

const (
	Minutes TimeUnit = "MINUTES"
	Hours   TimeUnit = "HOURS"
	Days    TimeUnit = "DAYS"
)

func (r Role) IsValid() bool             { return r == RoleAdmin || r == RoleMember }
func (s SessionStatus) IsValid() bool    { return s == SessionActive || s == SessionTerminated }
func (s UserStatus) IsValid() bool       { return s == UserActive || s == UserDeactivated }
func (b LimitBehavior) IsValid() bool    { return b == EvictOldest || b == RejectNew }
func (u TimeUnit) IsValid() bool         { return u == Minutes || u == Hours || u == Days }
func (r SessionEndReason) IsValid() bool { return slices.Contains(SessionEndReasons, r) }

// The GraphQL enums map onto these string types; gqlgen calls the methods below.

func (r Role) MarshalGQL(w io.Writer)             { writeEnum(w, string(r)) }
func (s SessionStatus) MarshalGQL(w io.Writer)    { writeEnum(w, string(s)) }
func (s UserStatus) MarshalGQL(w io.Writer)       { writeEnum(w, string(s)) }
func (r SessionEndReason) MarshalGQL(w io.Writer) { writeEnum(w, string(r)) }
func (b LimitBehavior) MarshalGQL(w io.Writer)    { writeEnum(w, string(b)) }
func (u TimeUnit) MarshalGQL(w io.Writer)         { writeEnum(w, string(u)) }

func (r *Role) UnmarshalGQL(v any) error             { return readEnum(v, r, "Role") }
func (s *SessionStatus) UnmarshalGQL(v any) error    { return readEnum(v, s, "SessionStatus") }
func (s *UserStatus) UnmarshalGQL(v any) error       { return readEnum(v, s, "UserStatus") }
func (r *SessionEndReason) UnmarshalGQL(v any) error { return readEnum(v, r, "SessionEndReason") }
func (b *LimitBehavior) UnmarshalGQL(v any) error    { return readEnum(v, b, "LimitBehavior") }
func (u *TimeUnit) UnmarshalGQL(v any) error         { return readEnum(v, u, "TimeUnit") }

type enum interface {
	~string
	IsValid() bool
}

func writeEnum(w io.Writer, s string) { _, _ = io.WriteString(w, strconv.Quote(s)) }

func readEnum[T enum](v any, dst *T, name string) error {
	s, ok := v.(string)
	if !ok {
		return fmt.Errorf("%s must be a string", name)
	}
	if !T(s).IsValid() {
		return fmt.Errorf("%q is not a valid %s", s, name)
	}
	*dst = T(s)
	return nil
}

// SessionEventType says whether a live session event is a start or an end.
type SessionEventType string

const (
	SessionEventStarted SessionEventType = "STARTED"
	SessionEventEnded   SessionEventType = "ENDED"
)

func (t SessionEventType) IsValid() bool {
	return t == SessionEventStarted || t == SessionEventEnded
}
func (t SessionEventType) MarshalGQL(w io.Writer)    { writeEnum(w, string(t)) }
func (t *SessionEventType) UnmarshalGQL(v any) error { return readEnum(v, t, "SessionEventType") }
