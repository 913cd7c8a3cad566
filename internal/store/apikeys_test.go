package store_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"sessionguard/internal/apperr"
	"sessionguard/internal/store"
	"sessionguard/internal/testdb"
	"sessionguard/models"
)

// apiKey creates a key of accountID with scopes and returns it with its token hash.
func (e *env) apiKey(accountID string, days *int, scopes ...models.APIScope) (models.APIKey, []byte) {
	e.t.Helper()
	hash := e.newToken()
	k, err := e.store.CreateAPIKey(e.ctx, store.NewAPIKey{
		AccountID: accountID, Input: models.NewAPIKeyInput{Name: fmt.Sprintf(" key %d ", e.unique()), Scopes: scopes, ExpiresInDays: days},
		Prefix: "sgk_abcd", TokenHash: hash,
	})
	if err != nil {
		e.t.Fatalf("CreateAPIKey: %v", err)
	}
	return k, hash
}

// keyOrigin is a request made with an API key, for the store's attribution.
type keyOrigin string

func (k keyOrigin) Origin() store.Origin { return store.Origin{APIKeyID: string(k), IP: "192.0.2.7"} }

// A key authenticates by its hash until it is revoked, on every replica at once (no cache), and
// its revocation is announced and audited once.
func TestAPIKeyAuthenticatesUntilRevoked(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, url string) {
		e := newEnv(t, url)
		acc, _ := e.account("A")
		other, _ := e.account("B")
		k, hash := e.apiKey(acc.ID, nil, models.ScopeSessionsRead, models.ScopeAuditRead, models.ScopeSessionsRead)
		if k.Name != strings.TrimSpace(k.Name) || k.ScopeNames != "SESSIONS_READ,AUDIT_READ" {
			t.Errorf("stored key %+v: want a trimmed name and the scopes once each, in the schema's order", k)
		}
		replica := e.open()
		got, err := replica.AuthenticateAPIKey(e.ctx, hash)
		if err != nil || got.ID != k.ID || got.AccountID != acc.ID {
			t.Fatalf("AuthenticateAPIKey = %+v, %v; want key %s", got, err, k.ID)
		}
		if _, err := e.store.RevokeAPIKey(e.ctx, other.ID, k.ID); apperr.CodeOf(err) != apperr.NotFound {
			t.Errorf("another account revoking the key: %v, want NOT_FOUND", err)
		}
		m := e.mark()
		revoked, err := e.store.RevokeAPIKey(e.ctx, acc.ID, k.ID)
		if err != nil || revoked.RevokedAt == nil {
			t.Fatalf("RevokeAPIKey = %+v, %v", revoked, err)
		}
		e.wantEvents(m, "API_KEY_REVOKED")
		_, err = replica.AuthenticateAPIKey(e.ctx, hash)
		if apperr.CodeOf(err) != apperr.Unauthenticated || !strings.Contains(err.Error(), "revoked") {
			t.Errorf("the other replica after revocation: %v, want UNAUTHENTICATED (revoked)", err)
		}
		again, err := e.store.RevokeAPIKey(e.ctx, acc.ID, k.ID)
		if err != nil || !again.RevokedAt.Equal(*revoked.RevokedAt) {
			t.Errorf("revoking again = %+v, %v; want it unchanged", again, err)
		}
		e.wantEvents(m, "API_KEY_REVOKED")
		page, err := e.store.ListAuditEvents(e.ctx, store.AuditQuery{AccountID: acc.ID, First: 10,
			Actions: []models.AuditAction{models.AuditAPIKeyCreated, models.AuditAPIKeyRevoked}})
		if err != nil || len(page.Items) != 2 {
			t.Fatalf("audit entries for the key: %d, %v; want created and revoked", len(page.Items), err)
		}
		for _, entry := range page.Items {
			if entry.Details == nil || !strings.Contains(*entry.Details, k.ID) || strings.Contains(*entry.Details, string(hash)) {
				t.Errorf("%s entry details %v: want the key's id and no secret", entry.Action, entry.Details)
			}
		}
	})
}

// A key stops at its expiry; expired and revoked keys do not count against the cap of live keys.
func TestAPIKeyExpiryAndCap(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, url string) {
		e := newEnv(t, url)
		acc, _ := e.account("A")
		short, hash := e.apiKey(acc.ID, new(1), models.ScopeUsersRead)
		e.clock.Advance(24*time.Hour + time.Second)
		if _, err := e.store.AuthenticateAPIKey(e.ctx, hash); apperr.CodeOf(err) != apperr.Unauthenticated ||
			!strings.Contains(err.Error(), "expired") {
			t.Errorf("an expired key: %v, want UNAUTHENTICATED (expired)", err)
		}
		var last models.APIKey
		for range models.MaxLiveAPIKeys {
			last, _ = e.apiKey(acc.ID, nil, models.ScopeUsersRead)
		}
		_, err := e.store.CreateAPIKey(e.ctx, store.NewAPIKey{AccountID: acc.ID, TokenHash: e.newToken(),
			Input: models.NewAPIKeyInput{Name: "one too many", Scopes: []models.APIScope{models.ScopeUsersRead}}})
		if apperr.CodeOf(err) != apperr.Forbidden {
			t.Fatalf("key %d: %v, want FORBIDDEN", models.MaxLiveAPIKeys+1, err)
		}
		if _, err := e.store.RevokeAPIKey(e.ctx, acc.ID, last.ID); err != nil {
			t.Fatal(err)
		}
		e.apiKey(acc.ID, nil, models.ScopeUsersRead) // room again
		page, err := e.store.ListAPIKeys(e.ctx, acc.ID, 100, nil)
		if err != nil || len(page.Items) != 100 || !page.HasNext {
			t.Fatalf("first page: %d keys, more %v, %v", len(page.Items), page.HasNext, err)
		}
		cursor := store.APIKeyCursor(&page.Items[99])
		rest, err := e.store.ListAPIKeys(e.ctx, acc.ID, 100, &cursor)
		if err != nil || len(rest.Items) != 2 || rest.HasNext || rest.Items[1].ID != short.ID {
			t.Errorf("second page: %d keys, more %v, %v; want the last two, the oldest last", len(rest.Items), rest.HasNext, err)
		}
	})
}

// Use is noted in memory, shown to this replica's lists at once, and stored in one statement
// per flush, never moving back.
func TestAPIKeyUseIsStoredInBatches(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, url string) {
		e := newEnv(t, url)
		acc, _ := e.account("A")
		k1, _ := e.apiKey(acc.ID, nil, models.ScopeUsersRead)
		k2, _ := e.apiKey(acc.ID, nil, models.ScopeUsersRead)
		replica := e.open()
		t1 := e.clock.Now()
		e.store.NoteAPIKeyUse(k1.ID, t1, "192.0.2.1")
		e.store.NoteAPIKeyUse(k1.ID, t1.Add(-time.Minute), "192.0.2.9") // older: ignored
		e.store.NoteAPIKeyUse(k2.ID, t1, "2001:db8::2")
		if k, _ := e.store.APIKeyInAccount(e.ctx, acc.ID, k1.ID); k.LastUsedAt == nil || *k.LastUsedIP != "192.0.2.1" {
			t.Errorf("the noting replica shows %+v, want the noted use", k)
		}
		if k, _ := replica.APIKeyInAccount(e.ctx, acc.ID, k1.ID); k.LastUsedAt != nil {
			t.Errorf("another replica shows a use before the flush: %+v", k)
		}
		if err := e.store.FlushAPIKeyUsage(e.ctx); err != nil {
			t.Fatal(err)
		}
		replica.NoteAPIKeyUse(k1.ID, t1.Add(-time.Hour), "192.0.2.3") // a stale note elsewhere
		if err := replica.FlushAPIKeyUsage(e.ctx); err != nil {
			t.Fatal(err)
		}
		for id, ip := range map[string]string{k1.ID: "192.0.2.1", k2.ID: "2001:db8::2"} {
			k, err := e.open().APIKeyInAccount(e.ctx, acc.ID, id)
			if err != nil || k.LastUsedAt == nil || !k.LastUsedAt.Equal(t1) || *k.LastUsedIP != ip {
				t.Errorf("stored use of %s: %v %v, %v; want %v from %s", id, k.LastUsedAt, k.LastUsedIP, err, t1, ip)
			}
		}
	})
}

// What a key's request ends is attributed to the key, in the session and its audit entry.
func TestAPIKeyAttribution(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, url string) {
		e := newEnv(t, url)
		acc, admin := e.account("A")
		k, _ := e.apiKey(acc.ID, nil, models.ScopeSessionsWrite)
		s, _ := e.login(admin)
		ctx := store.WithOrigin(context.Background(), keyOrigin(k.ID))
		ended, err := e.store.EndSession(ctx, s.ID, models.EndAdminLogout, new(""))
		if err != nil {
			t.Fatal(err)
		}
		stored := e.session(s.ID)
		for _, got := range []models.Session{ended, stored} {
			if got.EndedByID != nil || got.EndedByAPIKeyID == nil || *got.EndedByAPIKeyID != k.ID {
				t.Errorf("ended session: by user %v, by key %v; want by key %s only", deref(got.EndedByID), deref(got.EndedByAPIKeyID), k.ID)
			}
		}
		page, err := e.store.ListAuditEvents(e.ctx, store.AuditQuery{AccountID: acc.ID, First: 10,
			Actions: []models.AuditAction{models.AuditSessionsEnded}})
		if err != nil || len(page.Items) != 1 {
			t.Fatalf("SESSIONS_ENDED entries: %d, %v", len(page.Items), err)
		}
		if a := page.Items[0]; a.ActorUserID != nil || deref(a.ActorAPIKeyID) != k.ID || deref(a.IP) != "192.0.2.7" {
			t.Errorf("entry actor user %v, key %v, ip %v; want the key from its address", deref(a.ActorUserID), deref(a.ActorAPIKeyID), deref(a.IP))
		}
	})
}

// APIKeyNames names an account's own keys only: another account's key id is as unknown as one
// that never existed.
func TestAPIKeyNamesStayInTheirAccount(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, url string) {
		e := newEnv(t, url)
		acc, _ := e.account("A")
		other, _ := e.account("B")
		mine, _ := e.apiKey(acc.ID, nil, models.ScopeSessionsRead)
		theirs, _ := e.apiKey(other.ID, nil, models.ScopeSessionsRead)
		names, err := e.store.APIKeyNames(e.ctx, acc.ID, []string{mine.ID, theirs.ID, "missing"})
		if err != nil || len(names) != 1 || names[mine.ID] != mine.Name {
			t.Errorf("APIKeyNames = %v, %v; want only %s named %q", names, err, mine.ID, mine.Name)
		}
		if names, err := e.store.APIKeyNames(e.ctx, acc.ID, nil); err != nil || len(names) != 0 {
			t.Errorf("APIKeyNames of no ids = %v, %v; want none", names, err)
		}
	})
}
