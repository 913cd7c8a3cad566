package app_test

import (
	"net/http"
	"strings"
	"testing"

	"sessionguard/internal/apitest"
	"sessionguard/internal/observe"
	"sessionguard/internal/testdb"
	"sessionguard/models"
)

// An API key's request is logged with the key's id, never its secret.
func TestAccessLogNamesTheAPIKey(t *testing.T) {
	srv, logs := observed(t, testdb.Engines(t)[0].New(t), apitest.TrustLoopback)
	acc := srv.SeedAccount(t)
	key := srv.CreateAPIKey(t, srv.Login(t, acc.Admin), models.ScopeSessionsRead)
	header := http.Header{"Content-Type": {"application/json"}, "Authorization": {"Bearer " + key.Secret},
		observe.RequestIDHeader: {"key-1"}}
	if status, _, body := srv.Raw(t, http.MethodPost, "/graphql", header, apitest.GraphQLBody(t, `{ sessions { totalCount } }`, nil)); status != http.StatusOK {
		t.Fatalf("the key's request: %d %s", status, body)
	}
	var access map[string]any
	for _, l := range logs.lines(t) {
		if l["request_id"] == "key-1" && l["msg"] == "request" {
			access = l
		}
	}
	if access == nil || access["api_key_id"] != key.ID || access["account_id"] != acc.ID || access["user_id"] != "" {
		t.Errorf("access line %v, want the key's id and account, no user", access)
	}
	if strings.Contains(logs.String(), key.Secret) {
		t.Error("the log holds the key's secret")
	}
}
