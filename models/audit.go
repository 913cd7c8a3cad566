package models

import (
	"io"
	"slices"
	"time"
)

// AuditAction is what an audit entry records.
type AuditAction string

const (
	AuditLoginSucceeded   AuditAction = "LOGIN_SUCCEEDED"
	AuditLoginFailed      AuditAction = "LOGIN_FAILED"
	AuditLoginRefused     AuditAction = "LOGIN_REFUSED"
	AuditLogout           AuditAction = "LOGOUT"
	AuditSessionsEnded    AuditAction = "SESSIONS_ENDED"
	AuditPolicyUpdated    AuditAction = "POLICY_UPDATED"
	AuditUserCreated      AuditAction = "USER_CREATED"
	AuditUserUpdated      AuditAction = "USER_UPDATED"
	AuditUserDeactivated  AuditAction = "USER_DEACTIVATED"
	AuditUserReactivated  AuditAction = "USER_REACTIVATED"
	AuditPasswordChanged  AuditAction = "PASSWORD_CHANGED"
	AuditPasswordReset    AuditAction = "PASSWORD_RESET"
	AuditRetentionUpdated AuditAction = "RETENTION_UPDATED"
	AuditAPIKeyCreated    AuditAction = "API_KEY_CREATED"
	AuditAPIKeyRevoked    AuditAction = "API_KEY_REVOKED"
	AuditWebhookCreated   AuditAction = "WEBHOOK_CREATED"
	AuditWebhookDeleted   AuditAction = "WEBHOOK_DELETED"
)

// AuditActions lists every action, in the schema's order.
var AuditActions = []AuditAction{
	AuditLoginSucceeded, AuditLoginFailed, AuditLoginRefused, AuditLogout, AuditSessionsEnded,
	AuditPolicyUpdated, AuditUserCreated, AuditUserUpdated, AuditUserDeactivated,
	AuditUserReactivated, AuditPasswordChanged, AuditPasswordReset, AuditRetentionUpdated,
	AuditAPIKeyCreated, AuditAPIKeyRevoked, AuditWebhookCreated, AuditWebhookDeleted,
}

func (a AuditAction) IsValid() bool             { return slices.Contains(AuditActions, a) }
func (a AuditAction) MarshalGQL(w io.Writer)    { writeEnum(w, string(a)) }
func (a *AuditAction) UnmarshalGQL(v any) error { return readEnum(v, a, "AuditAction") }

// MaxAuditedSessionIDs caps the ids one entry lists: ending a whole large account is one entry
// with its exact count, not a row of megabytes. The first ones ended are listed.
const MaxAuditedSessionIDs = 1000

// EndReasonText is why the entry's sessions ended, in words (SessionEndReason.Text); nil when
// none did.
func (e *AuditEvent) EndReasonText() *string {
	if e.EndReason == nil {
		return nil
	}
	return new(e.EndReason.Text())
}

// AuditEvent is one entry of an account's audit log: who did what, to whom, when and from where.
// Entries are written in the transaction of the change they describe and never change after.
type AuditEvent struct {
	ID         string `gorm:"primaryKey"`
	AccountID  string
	OccurredAt time.Time
	Action     AuditAction
	// ActorUserID and ActorSessionID are who acted; nil for the system (the reaper, a login
	// ending older sessions at the limit counts as the user's) and for failed logins.
	ActorUserID    *string
	ActorSessionID *string
	// ActorAPIKeyID is the API key that acted (then ActorUserID is nil).
	ActorAPIKeyID *string `gorm:"column:actor_api_key_id"`
	TargetUserID  *string
	// EndReason, EndedSessionCount and EndedSessionIDs describe SESSIONS_ENDED and LOGOUT
	// entries; EndedSessionIDs is a JSON array of at most MaxAuditedSessionIDs ids.
	EndReason         *SessionEndReason
	EndedSessionCount *int
	EndedSessionIDs   *string
	// IP, City and Device are where the actor's request came from; nil for the system.
	IP     *string
	City   *string
	Device *string
	// Details is a small JSON object, e.g. a policy before and after its change.
	Details *string
}
