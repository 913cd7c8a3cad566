package auth

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"sessionguard/internal/apperr"
	"sessionguard/internal/store"
	"sessionguard/internal/testdb"
	"sessionguard/models"
)

// A syntactically valid session token, for reading credentials without a store.
var shapedToken = tokenPrefix + strings.Repeat("A", 43)

// TestRequestCredentials: a bearer token wins over the cookie; an empty one hides it; upgrades
// and background requests are passive.
func TestRequestCredentials(t *testing.T) {
	tests := []struct {
		name   string
		header http.Header
		secure bool
		want   Credentials
	}{
		{"nothing", http.Header{}, false, Credentials{}},
		{"bearer", http.Header{"Authorization": {"Bearer " + shapedToken}}, false, Credentials{Token: shapedToken}},
		{"bearer in any case, padded", http.Header{"Authorization": {"bEARER  " + shapedToken + " "}}, false, Credentials{Token: shapedToken}},
		{"bearer beside a cookie", http.Header{"Authorization": {"Bearer b"}, "Cookie": {SessionCookie + "=c"}}, false, Credentials{Token: "b"}},
		{"empty bearer hides the cookie", http.Header{"Authorization": {"Bearer "}, "Cookie": {SessionCookie + "=c"}}, false, Credentials{}},
		{"other scheme falls back to the cookie", http.Header{"Authorization": {"Basic x"}, "Cookie": {SessionCookie + "=c"}}, false, Credentials{Token: "c", FromCookie: true}},
		{"plain cookie", http.Header{"Cookie": {SessionCookie + "=c"}}, false, Credentials{Token: "c", FromCookie: true}},
		{"plain cookie over TLS is not read", http.Header{"Cookie": {SessionCookie + "=c"}}, true, Credentials{}},
		{"__Host- cookie over TLS", http.Header{"Cookie": {SecureSessionCookie + "=c"}}, true, Credentials{Token: "c", FromCookie: true}},
		{"websocket upgrade is passive", http.Header{"Upgrade": {"websocket"}, "Cookie": {SessionCookie + "=c"}}, false, Credentials{Token: "c", FromCookie: true, Passive: true}},
		{"background request is passive", http.Header{BackgroundHeader: {"1"}, "Authorization": {"Bearer b"}}, false, Credentials{Token: "b", Passive: true}},
		{"background other than 1 is active", http.Header{BackgroundHeader: {"true"}, "Authorization": {"Bearer b"}}, false, Credentials{Token: "b"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := httptest.NewRequest(http.MethodPost, "/graphql", nil)
			r.Header = tt.header
			if got := requestCredentials(r, tt.secure); got != tt.want {
				t.Errorf("requestCredentials = %+v, want %+v", got, tt.want)
			}
		})
	}
}

// TestInitCredentials: connection_init carries "Bearer <token>" under either key, or nothing; a
// socket's credentials are always passive.
func TestInitCredentials(t *testing.T) {
	tests := []struct {
		name    string
		payload map[string]any
		want    Credentials
		wantErr bool
	}{
		{"no payload", nil, Credentials{}, false},
		{"no authorization", map[string]any{"other": "x"}, Credentials{}, false},
		{"empty authorization", map[string]any{"authorization": ""}, Credentials{}, false},
		{"not a string", map[string]any{"authorization": 42}, Credentials{}, false},
		{"bearer", map[string]any{"authorization": "Bearer " + shapedToken}, Credentials{Token: shapedToken, Passive: true}, false},
		{"capitalised key", map[string]any{"Authorization": "bearer " + shapedToken}, Credentials{Token: shapedToken, Passive: true}, false},
		{"lower-case key first", map[string]any{"authorization": "Bearer a", "Authorization": "Bearer b"}, Credentials{Token: "a", Passive: true}, false},
		{"other scheme", map[string]any{"authorization": "Basic " + shapedToken}, Credentials{}, true},
		{"bare token", map[string]any{"authorization": shapedToken}, Credentials{}, true},
		{"bearer without token", map[string]any{"authorization": "Bearer "}, Credentials{}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := InitCredentials(tt.payload)
			if (err != nil) != tt.wantErr || got != tt.want {
				t.Errorf("InitCredentials = %+v, %v; want %+v, error %v", got, err, tt.want, tt.wantErr)
			}
		})
	}
}

// TestAuthenticateRefusesMalformedTokensUnread: a token that cannot be ours is refused before
// any query; the nil store would panic if one were made.
func TestAuthenticateRefusesMalformedTokensUnread(t *testing.T) {
	for _, token := range []string{"", "not-a-token", shapedToken[:len(shapedToken)-1], "sgd_" + strings.Repeat("A", 43), shapedToken + "A"} {
		for _, passive := range []bool{false, true} {
			_, err := Authenticate(context.Background(), nil, Credentials{Token: token, Passive: passive})
			if apperr.CodeOf(err) != apperr.Unauthenticated || err.Error() != "invalid session token" {
				t.Errorf("Authenticate(%q, passive %v) = %v, want UNAUTHENTICATED invalid session token", token, passive, err)
			}
		}
	}
}

// TestAuthenticate: the one way from credentials to a principal, on every engine. Only an
// active request records activity.
func TestAuthenticate(t *testing.T) {
	testdb.Each(t, func(t *testing.T, url string) {
		ctx := context.Background()
		var mu sync.Mutex
		now := time.Date(2025, 3, 14, 9, 26, 53, 0, time.UTC)
		st, err := store.Open(ctx, url, store.Options{Now: func() time.Time { mu.Lock(); defer mu.Unlock(); return now }})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { _ = st.Close() })
		_, admin, err := st.CreateAccount(ctx, store.NewAccount{
			AccountName: "Acme", AdminName: "Ada", AdminEmail: "ada@example.com", PasswordHash: "x",
		})
		if err != nil {
			t.Fatal(err)
		}
		token, hash := NewToken()
		session, err := st.StartSession(ctx, admin, store.NewSession{TokenHash: hash, LoginIP: "192.0.2.1"})
		if err != nil {
			t.Fatal(err)
		}
		unknown, _ := NewToken()

		advance := func() time.Time {
			mu.Lock()
			defer mu.Unlock()
			now = now.Add(time.Minute)
			return now
		}
		lastActive := func() time.Time {
			s, err := st.SessionInAccount(ctx, admin.AccountID, session.ID)
			if err != nil {
				t.Fatal(err)
			}
			return s.LastActiveAt.UTC()
		}

		before := lastActive()
		advance()
		p, err := Authenticate(ctx, st, Credentials{Token: token, Passive: true})
		if err != nil || p.Session.ID != session.ID || p.User.ID != admin.ID {
			t.Fatalf("passive: principal %s/%s, %v; want session %s of %s", p.Session.ID, p.User.ID, err, session.ID, admin.ID)
		}
		if got := lastActive(); !got.Equal(before) {
			t.Errorf("passive: last active %v, want unchanged %v", got, before)
		}

		at := advance()
		p, err = Authenticate(ctx, st, Credentials{Token: token, FromCookie: true})
		if err != nil || p.Session.ID != session.ID {
			t.Fatalf("active: principal %s, %v; want session %s", p.Session.ID, err, session.ID)
		}
		if got := lastActive(); !got.Equal(at) {
			t.Errorf("active: last active %v, want %v", got, at)
		}

		if _, err := Authenticate(ctx, st, Credentials{Token: unknown}); apperr.CodeOf(err) != apperr.Unauthenticated {
			t.Errorf("unknown token: %v, want UNAUTHENTICATED", err)
		}
		if _, err := st.EndSession(ctx, session.ID, models.EndLogout, &admin.ID); err != nil {
			t.Fatal(err)
		}
		_, err = Authenticate(ctx, st, Credentials{Token: token, Passive: true})
		if apperr.CodeOf(err) != apperr.Unauthenticated || !strings.Contains(err.Error(), "session ended: LOGOUT") {
			t.Errorf("ended session: %v, want UNAUTHENTICATED session ended: LOGOUT", err)
		}
	})
}
