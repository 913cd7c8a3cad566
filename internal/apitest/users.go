package apitest

import (
	"context"
	"testing"
	"time"

	"sessionguard/models"
)

// The user lifecycle operations; each selects UserFields, which UserData decodes.
const (
	UserFields = `id name role status deactivatedAt lastLoginAt activeSessionCount`
	// MutationUpdateUser changes a user's name and/or role.
	MutationUpdateUser = `mutation($id: ID!, $in: UpdateUserInput!) { updateUser(id: $id, input: $in) { ` + UserFields + ` } }`
	// MutationDeactivateUser deactivates a user.
	MutationDeactivateUser = `mutation($id: ID!) { deactivateUser(id: $id) { ` + UserFields + ` } }`
	// MutationReactivateUser reactivates a user.
	MutationReactivateUser = `mutation($id: ID!) { reactivateUser(id: $id) { ` + UserFields + ` } }`
)

// UserData is a User as the lifecycle mutations return it.
type UserData struct {
	ID                 string
	Name               string
	Role               string
	Status             string
	DeactivatedAt      *time.Time
	LastLoginAt        *time.Time
	ActiveSessionCount int
}

// UpdateUser sends updateUser for user id with input in.
func UpdateUser(t testing.TB, c *Client, id string, in map[string]any) Response {
	t.Helper()
	return c.Do(t, MutationUpdateUser, map[string]any{"id": id, "in": in})
}

// DeactivateUser sends deactivateUser for user id.
func DeactivateUser(t testing.TB, c *Client, id string) Response {
	t.Helper()
	return c.Do(t, MutationDeactivateUser, map[string]any{"id": id})
}

// ReactivateUser sends reactivateUser for user id.
func ReactivateUser(t testing.TB, c *Client, id string) Response {
	t.Helper()
	return c.Do(t, MutationReactivateUser, map[string]any{"id": id})
}

// DecodeUser decodes the one user a lifecycle mutation returned, failing the test on errors.
func DecodeUser(t testing.TB, res Response) UserData {
	t.Helper()
	var out map[string]UserData
	res.MustDecode(t, &out)
	for _, u := range out {
		return u
	}
	t.Fatalf("no user in %s", res.Data)
	return UserData{}
}

// StoredUser reads user id straight from the database.
func (s *Server) StoredUser(t testing.TB, id string) models.User {
	t.Helper()
	var u models.User
	if err := s.Store().Gorm().WithContext(context.Background()).Where("id = ?", id).Take(&u).Error; err != nil {
		t.Fatalf("unable to read user %s: %v", id, err)
	}
	return u
}
