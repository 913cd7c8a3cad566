package resolvers_test

import (
	"strconv"
	"testing"
	"time"

	"sessionguard/internal/apitest"
	"sessionguard/internal/live"
	"sessionguard/internal/testdb"
	"sessionguard/models"
)

// TestSessionEndReasonText: Session.endReasonText serves the words a session's websockets close
// with (the console shows them instead of keeping its own copy), for each way a request ends a
// session, and null while the session is active.
func TestSessionEndReasonText(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, url string) {
		srv := apitest.Start(t, url)
		acc := srv.SeedAccount(t)
		admin := srv.Login(t, acc.Admin)
		member := srv.AddUser(t, acc, models.RoleMember, "Mia Member")
		ended := map[models.SessionEndReason]string{} // reason → the session it ended

		evicted := srv.Login(t, member) // the default policy: one session per user
		srv.Clock.Advance(time.Second)
		byAdmin := srv.Login(t, member)
		ended[models.EndConcurrentLimit] = evicted.SessionID
		admin.Do(t, `mutation($id: ID!) { logoutSession(id: $id) { id } }`, map[string]any{"id": byAdmin.SessionID}).MustDecode(t, &struct{}{})
		ended[models.EndAdminLogout] = byAdmin.SessionID
		self := srv.Login(t, member)
		self.Do(t, `mutation { logout }`, nil).MustDecode(t, &struct{}{})
		ended[models.EndLogout] = self.SessionID
		all := srv.Login(t, member)
		admin.Do(t, `mutation($u: ID!) { terminateAllSessions(input: {userId: $u}) { terminatedCount } }`,
			map[string]any{"u": member.ID}).MustDecode(t, &struct{}{})
		ended[models.EndTerminateAll] = all.SessionID
		deactivated := srv.Login(t, member)
		apitest.DecodeUser(t, apitest.DeactivateUser(t, admin, member.ID))
		ended[models.EndUserDeactivated] = deactivated.SessionID
		apitest.DecodeUser(t, apitest.ReactivateUser(t, admin, member.ID))
		promoted := srv.Login(t, member)
		apitest.DecodeUser(t, apitest.UpdateUser(t, admin, member.ID, map[string]any{"role": "ADMIN"}))
		ended[models.EndRoleChanged] = promoted.SessionID

		words := map[models.SessionEndReason]string{
			models.EndConcurrentLimit: "signed in on another device",
			models.EndAdminLogout:     "logged out by an administrator",
			models.EndLogout:          "logged out",
			models.EndTerminateAll:    "all sessions were terminated",
			models.EndUserDeactivated: "your account was deactivated",
			models.EndRoleChanged:     "your role changed",
		}
		for reason, id := range ended {
			s := sessionReason(t, admin, id)
			if s.EndReason == nil || *s.EndReason != string(reason) || s.EndReasonText == nil || *s.EndReasonText != words[reason] {
				t.Errorf("session ended by %s: endReason %s endReasonText %s, want %q", reason, orNull(s.EndReason), orNull(s.EndReasonText), words[reason])
			}
			if closeReason := live.CloseReason(&reason); s.EndReasonText != nil && *s.EndReasonText != closeReason {
				t.Errorf("session ended by %s: endReasonText %q, but its sockets close with %q", reason, *s.EndReasonText, closeReason)
			}
		}
		if s := sessionReason(t, admin, admin.SessionID); s.EndReason != nil || s.EndReasonText != nil {
			t.Errorf("an active session: endReason %s endReasonText %s, want both null", orNull(s.EndReason), orNull(s.EndReasonText))
		}
	})
}

type endReasonFields struct {
	EndReason     *string
	EndReasonText *string
}

func sessionReason(t *testing.T, c *apitest.Client, id string) endReasonFields {
	t.Helper()
	var out struct{ Session *endReasonFields }
	c.Do(t, `query($id: ID!) { session(id: $id) { endReason endReasonText } }`, map[string]any{"id": id}).MustDecode(t, &out)
	if out.Session == nil {
		t.Fatalf("session %s not found", id)
	}
	return *out.Session
}

// orNull shows an optional field as the response had it.
func orNull(s *string) string {
	if s == nil {
		return "null"
	}
	return strconv.Quote(*s)
}
