package apitest

import (
	"strings"
	"testing"
)

// The password operations. MutationResetUserPassword selects UserFields, which DecodeUser decodes.
const (
	// MutationChangePassword changes the caller's own password.
	MutationChangePassword = `mutation($in: ChangePasswordInput!) { changePassword(input: $in) }`
	// MutationResetUserPassword sets a user's password.
	MutationResetUserPassword = `mutation($id: ID!, $p: String!) { resetUserPassword(id: $id, newPassword: $p) { ` + UserFields + ` } }`
)

// ChangePassword sends changePassword as c; endOthers nil leaves endOtherSessions out.
func ChangePassword(t testing.TB, c *Client, current, next string, endOthers *bool) Response {
	t.Helper()
	in := map[string]any{"currentPassword": current, "newPassword": next}
	if endOthers != nil {
		in["endOtherSessions"] = *endOthers
	}
	return c.Do(t, MutationChangePassword, map[string]any{"in": in})
}

// MustChangePassword changes c's user's password from u.Password to next, failing the test on
// any error, and returns u knowing the new password.
func MustChangePassword(t testing.TB, c *Client, u User, next string, endOthers *bool) User {
	t.Helper()
	var out struct{ ChangePassword bool }
	ChangePassword(t, c, u.Password, next, endOthers).MustDecode(t, &out)
	if !out.ChangePassword {
		t.Fatal("changePassword answered false")
	}
	u.Password = next
	return u
}

// ResetUserPassword sends resetUserPassword for user id as c.
func ResetUserPassword(t testing.TB, c *Client, id, next string) Response {
	t.Helper()
	return c.Do(t, MutationResetUserPassword, map[string]any{"id": id, "p": next})
}

// AssertBadField checks that res is one BAD_USER_INPUT naming field, whose message contains
// words (when not "").
func AssertBadField(t testing.TB, res Response, field, words string) {
	t.Helper()
	AssertCode(t, res, "BAD_USER_INPUT")
	if got := res.Fields(); len(got) != 1 || got[0] != field {
		t.Errorf("fields %v, want [%s] (%s)", got, field, res.Body)
	}
	if len(res.Errors) > 0 && !strings.Contains(res.Errors[0].Message, words) {
		t.Errorf("message %q, want it to say %q", res.Errors[0].Message, words)
	}
}

// AssertPasswordIs checks that u's password is now password: u.Password, the old one, no longer
// logs in, and password does. It returns u knowing the new password.
func (s *Server) AssertPasswordIs(t testing.TB, u User, password string) User {
	t.Helper()
	s.AssertLogin(t, u, "INVALID_CREDENTIALS", "the old password")
	u.Password = password
	s.AssertLogin(t, u, "", "the new password")
	return u
}

// AssertLogin checks whether u (with u.Password) can log in: the answer is wantCode, "" for a
// success. A failed attempt spends from u's login budgets, as any does.
func (s *Server) AssertLogin(t testing.TB, u User, wantCode, who string) {
	t.Helper()
	if res, _ := s.TryLogin(t, u); res.Code() != wantCode {
		t.Errorf("%s: login answered %q (%s), want %q", who, res.Code(), res.Body, wantCode)
	}
}
