package apitest

import (
	"testing"

	"sessionguard/models"
)

// MutationCreateAPIKey creates an API key and returns it with its secret.
const MutationCreateAPIKey = `mutation($in: CreateApiKeyInput!) { createApiKey(input: $in) {
  secret apiKey { id name prefix scopes expiresAt createdBy { id } } } }`

// APIKey is a key createApiKey made: its id, and a client that sends its secret.
type APIKey struct {
	ID     string
	Secret string
	*Client
}

// CreateAPIKey has admin create a key holding scopes, and returns it.
func (s *Server) CreateAPIKey(t testing.TB, admin *Client, scopes ...models.APIScope) APIKey {
	t.Helper()
	var out struct {
		CreateAPIKey struct {
			Secret string
			APIKey struct{ ID string }
		} `json:"createApiKey"`
	}
	admin.Do(t, MutationCreateAPIKey, map[string]any{"in": map[string]any{"name": "script", "scopes": scopes}}).MustDecode(t, &out)
	return APIKey{ID: out.CreateAPIKey.APIKey.ID, Secret: out.CreateAPIKey.Secret, Client: s.Bearer(out.CreateAPIKey.Secret)}
}
