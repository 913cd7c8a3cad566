package models

import (
	"io"
	"slices"
	"strings"
	"time"
	"unicode/utf8"
)

// APIScope is one kind of operation an API key may perform.
type APIScope string

const (
	ScopeSessionsRead  APIScope = "SESSIONS_READ"
	ScopeSessionsWrite APIScope = "SESSIONS_WRITE"
	ScopePolicyRead    APIScope = "POLICY_READ"
	ScopePolicyWrite   APIScope = "POLICY_WRITE"
	ScopeUsersRead     APIScope = "USERS_READ"
	ScopeUsersWrite    APIScope = "USERS_WRITE"
	ScopeAuditRead     APIScope = "AUDIT_READ"
)

// APIScopes lists every scope, in the schema's order.
var APIScopes = []APIScope{
	ScopeSessionsRead, ScopeSessionsWrite, ScopePolicyRead, ScopePolicyWrite, ScopeUsersRead,
	ScopeUsersWrite, ScopeAuditRead,
}

func (s APIScope) IsValid() bool             { return slices.Contains(APIScopes, s) }
func (s APIScope) MarshalGQL(w io.Writer)    { writeEnum(w, string(s)) }
func (s *APIScope) UnmarshalGQL(v any) error { return readEnum(v, s, "ApiScope") }

// Limits on API keys.
const (
	// MaxLiveAPIKeys caps the keys of one account that are neither revoked nor expired: keys
	// are meant one per integration, and each is a standing credential to audit.
	MaxLiveAPIKeys = 100
	// MaxAPIKeyDays bounds expiresInDays (ten years).
	MaxAPIKeyDays = 3650
	// APIKeyPrefixLen is how much of a secret is kept in clear to recognise the key: "sgk_" and
	// four characters, 24 bits of the 256, too few to help a guess.
	APIKeyPrefixLen = 8
)

// APIKey is a scoped credential for a script or service of one account. It is never a session:
// it has no idle timeout, no place in the concurrent limit, and it ends only when it expires or
// is revoked. Only the hash of its secret is stored.
type APIKey struct {
	ID          string `gorm:"primaryKey"`
	AccountID   string
	Name        string
	Prefix      string
	TokenHash   []byte `json:"-"`
	ScopeNames  string `gorm:"column:scopes"` // comma-separated, in the schema's order (Scopes)
	CreatedAt   time.Time
	CreatedByID *string
	ExpiresAt   *time.Time
	RevokedAt   *time.Time
	LastUsedAt  *time.Time
	LastUsedIP  *string `gorm:"column:last_used_ip"`
}

// TableName is api_keys (GORM would say a_p_i_keys).
func (APIKey) TableName() string { return "api_keys" }

// Scopes lists what the key may do.
func (k *APIKey) Scopes() []APIScope { return splitNames[APIScope](k.ScopeNames) }

// Allows reports whether the key holds scope.
func (k *APIKey) Allows(scope APIScope) bool { return slices.Contains(k.Scopes(), scope) }

// LiveAt reports whether the key authenticates at now: not revoked, not expired.
func (k *APIKey) LiveAt(now time.Time) bool {
	return k.RevokedAt == nil && (k.ExpiresAt == nil || now.Before(*k.ExpiresAt))
}

// JoinAPIScopes is scopes as stored: in the schema's order, comma-separated.
func JoinAPIScopes(scopes []APIScope) string { return joinNames(APIScopes, scopes) }

// NewAPIKeyInput is what an administrator asks for when creating a key.
type NewAPIKeyInput struct {
	Name          string
	Scopes        []APIScope
	ExpiresInDays *int
}

// Check validates in, naming each bad field: a name of 1 to 100 characters (trimmed), at least
// one scope and none twice, and an expiry of 1 to MaxAPIKeyDays days when given.
func (in NewAPIKeyInput) Check() error {
	var errs FieldErrors
	if n := utf8.RuneCountInString(strings.TrimSpace(in.Name)); n < 1 || n > 100 {
		errs.Add("name", "must be 1 to 100 characters")
	}
	switch {
	case len(in.Scopes) == 0:
		errs.Add("scopes", "must name at least one scope")
	case len(JoinAPIScopes(in.Scopes)) != len(joinGiven(in.Scopes)):
		errs.Add("scopes", "must not name a scope twice")
	}
	if d := in.ExpiresInDays; d != nil && (*d < 1 || *d > MaxAPIKeyDays) {
		errs.Add("expiresInDays", "must be 1 to 3650 days")
	}
	return errs.OrNil()
}

// joinGiven is scopes joined as given, duplicates included (Check compares it with the set).
func joinGiven(scopes []APIScope) string {
	names := make([]string, len(scopes))
	for i, s := range scopes {
		names[i] = string(s)
	}
	return strings.Join(names, ",")
}

// splitNames reads a comma-separated list of enum values as stored.
func splitNames[T ~string](joined string) []T {
	var out []T
	for name := range strings.SplitSeq(joined, ",") {
		if name != "" {
			out = append(out, T(name))
		}
	}
	return out
}

// joinNames stores the values of all that given holds: deduplicated, in all's order (the
// schema's), comma-separated.
func joinNames[T ~string](all, given []T) string {
	var names []string
	for _, v := range all {
		if slices.Contains(given, v) {
			names = append(names, string(v))
		}
	}
	return strings.Join(names, ",")
}
