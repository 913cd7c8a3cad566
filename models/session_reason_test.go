package models_test

import (
	"slices"
	"testing"

	"sessionguard/models"
)

// TestEndReasonText: each reason reads as the README documents the websocket close reason (code
// 4401), and the console shows the same words through Session.endReasonText.
func TestEndReasonText(t *testing.T) {
	type textCase struct {
		reason models.SessionEndReason
		want   string
	}
	cases := []textCase{
		{models.EndLogout, "logged out"},
		{models.EndAdminLogout, "logged out by an administrator"},
		{models.EndTerminateAll, "all sessions were terminated"},
		{models.EndIdleTimeout, "idle timeout"},
		{models.EndConcurrentLimit, "signed in on another device"},
		{models.EndUserDeactivated, "your account was deactivated"},
		{models.EndRoleChanged, "your role changed"},
		{models.EndPasswordChanged, "your password was changed"},
		{models.EndMaxLifetime, "the session reached its maximum lifetime"},
		{"SOMETHING_NEWER", "session ended"},
	}
	for _, r := range models.SessionEndReasons {
		if !slices.ContainsFunc(cases, func(c textCase) bool { return c.reason == r }) {
			t.Errorf("reason %s has no case: every reason needs words of its own", r)
		}
	}
	for _, tc := range cases {
		t.Run(string(tc.reason), func(t *testing.T) {
			if got := tc.reason.Text(); got != tc.want {
				t.Errorf("Text() = %q, want %q", got, tc.want)
			}
			s := models.Session{Status: models.SessionTerminated, EndReason: &tc.reason}
			if got := s.EndReasonText(); got == nil || *got != tc.want {
				t.Errorf("EndReasonText() = %v, want %q", got, tc.want)
			}
		})
	}
	active := models.Session{Status: models.SessionActive}
	if got := active.EndReasonText(); got != nil {
		t.Errorf("an active session's EndReasonText() = %q, want nil", *got)
	}
}
