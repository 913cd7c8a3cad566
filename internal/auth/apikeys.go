package auth

import (
	"context"
	"net/http"
	"strconv"
	"sync"
	"time"

	"golang.org/x/time/rate"

	"sessionguard/internal/apperr"
	"sessionguard/internal/gqlhttp"
	"sessionguard/internal/store"
	"sessionguard/models"
)

// API keys: scoped credentials for scripts and services, sent as "Authorization: Bearer sgk_…".
// A key is never a session: the middleware looks it up by its hash on every request (no cache
// could outlive a revocation), it never rides on a cookie, and what it may do is bounded by its
// scopes (Require), never by a role.

// keyPrefix lets secret scanners and humans recognise a sessionguard API key.
const keyPrefix = "sgk_"

// NewAPIKeySecret returns a fresh API key secret (256 random bits), the prefix shown to
// recognise it, and the hash the store keeps.
func NewAPIKeySecret() (secret, prefix string, hash []byte) {
	secret, hash = newSecret(keyPrefix)
	return secret, secret[:models.APIKeyPrefixLen], hash
}

// wellFormedKey rejects strings that cannot be our API keys before any database lookup.
func wellFormedKey(token string) bool { return hasShape(token, keyPrefix) }

// authenticateKey is Authenticate for an API key: the principal acts for the key's account.
func authenticateKey(ctx context.Context, s *store.Store, secret string) (store.Principal, error) {
	k, err := s.AuthenticateAPIKey(ctx, HashToken(secret))
	if err != nil {
		return store.Principal{}, err
	}
	return store.Principal{
		APIKey: &k,
		User:   models.User{AccountID: k.AccountID, Role: models.RoleAdmin, Status: models.UserActive},
	}, nil
}

var errPeopleOnly = apperr.New(apperr.Forbidden,
	"API keys cannot do this: it is for people signed in with a session (use `viewer` to see what a key is)")

// CallerFrom returns the caller, a person or an API key, or UNAUTHENTICATED.
func CallerFrom(ctx context.Context) (*store.Principal, error) {
	if p := RequestFrom(ctx).Principal; p != nil && p.APIKey != nil {
		return p, nil
	}
	return PrincipalFrom(ctx)
}

// Require returns the caller if they may do what scope names: any signed-in person (what they
// then see or change is bounded by their role, as ever), or an API key holding scope; else
// FORBIDDEN naming the missing scope.
func Require(ctx context.Context, scope models.APIScope) (*store.Principal, error) {
	p, err := CallerFrom(ctx)
	if err != nil || p.APIKey == nil {
		return p, err
	}
	return p, keyAllows(p.APIKey, scope)
}

// RequireAdmin is Require for what only administrators do: people must administer their
// account, keys must hold scope.
func RequireAdmin(ctx context.Context, scope models.APIScope) (*store.Principal, error) {
	p, err := CallerFrom(ctx)
	if err != nil {
		return nil, err
	}
	if p.APIKey != nil {
		return p, keyAllows(p.APIKey, scope)
	}
	return AdminFrom(ctx)
}

func keyAllows(k *models.APIKey, scope models.APIScope) error {
	if !k.Allows(scope) {
		return apperr.New(apperr.Forbidden, "this API key lacks the %s scope", scope)
	}
	return nil
}

// KeyRate is each API key's request budget on one replica: Burst requests at once, then one
// every Every (settings API_KEY_RATE_BURST, API_KEY_RATE_PER_SECOND).
type KeyRate struct {
	PerSecond float64
	Burst     int
}

// DefaultKeyRate: 20 requests a second per key and replica, bursts of 40.
var DefaultKeyRate = KeyRate{PerSecond: 20, Burst: 40}

// KeyLimiter holds a token bucket per API key, in this replica's memory: N replicas allow a key
// N times the rate, a price paid for a check that costs no database round trip.
type KeyLimiter struct {
	rate    KeyRate
	mu      sync.Mutex
	buckets map[string]*rate.Limiter
}

// NewKeyLimiter limits each key to r; a zero r is DefaultKeyRate.
func NewKeyLimiter(r KeyRate) *KeyLimiter {
	if r == (KeyRate{}) {
		r = DefaultKeyRate
	}
	return &KeyLimiter{rate: r, buckets: map[string]*rate.Limiter{}}
}

// allow spends one request of key id's budget at now, or says how long to wait for one.
func (l *KeyLimiter) allow(id string, now time.Time) (ok bool, retryAfter time.Duration) {
	l.mu.Lock()
	b, found := l.buckets[id]
	if !found {
		b = rate.NewLimiter(rate.Limit(l.rate.PerSecond), l.rate.Burst)
		l.buckets[id] = b
	}
	l.mu.Unlock()
	r := b.ReserveN(now, 1)
	if d := r.DelayFrom(now); d > 0 {
		r.CancelAt(now)
		return false, d
	}
	return true, 0
}

// admitKey notes the use of the request's API key (stored in batches) and spends one request of
// its budget. Over budget it answers RATE_LIMITED (429, with Retry-After in whole seconds) and
// returns false: the operation does not run.
func (m *Middleware) admitKey(w http.ResponseWriter, r *http.Request, req *Request) bool {
	k := req.Principal.APIKey
	now := m.Store.Now()
	ip := ""
	if req.ClientIP.IsValid() {
		ip = req.ClientIP.String()
	}
	m.Store.NoteAPIKeyUse(k.ID, now, ip)
	if m.KeyLimiter == nil {
		return true
	}
	ok, wait := m.KeyLimiter.allow(k.ID, now)
	if ok {
		return true
	}
	secs := int((wait + time.Second - 1) / time.Second)
	w.Header().Set("Retry-After", strconv.Itoa(secs))
	gqlhttp.WriteRequestError(w, r, http.StatusTooManyRequests, string(apperr.RateLimited),
		"this API key sent too many requests: retry in "+strconv.Itoa(secs)+"s")
	return false
}

// PeopleOnly refuses an API key for what only a person does even without a session (logging
// in, signing up): a key sent along would otherwise be silently ignored.
func PeopleOnly(ctx context.Context) error {
	if p := RequestFrom(ctx).Principal; p != nil && p.APIKey != nil {
		return errPeopleOnly
	}
	return nil
}
