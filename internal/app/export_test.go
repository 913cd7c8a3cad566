package app_test

import (
	"encoding/csv"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"sessionguard/internal/apitest"
	"sessionguard/internal/testdb"
	"sessionguard/models"
)

// download fetches an export as c and parses it, failing unless it is a CSV attachment.
func download(t *testing.T, c *apitest.Client, path string) [][]string {
	t.Helper()
	res, body := c.Download(t, path)
	if res.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: %d %s", path, res.StatusCode, body)
	}
	if ct, cd := res.Header.Get("Content-Type"), res.Header.Get("Content-Disposition"); !strings.HasPrefix(ct, "text/csv") || !strings.HasPrefix(cd, "attachment") {
		t.Errorf("GET %s: Content-Type %q, Content-Disposition %q, want a CSV attachment", path, ct, cd)
	}
	rows, err := csv.NewReader(strings.NewReader(string(body))).ReadAll()
	if err != nil {
		t.Fatalf("GET %s: not CSV: %v\n%s", path, err, body)
	}
	return rows
}

// column returns the values of the named column, header excluded.
func column(t *testing.T, rows [][]string, name string) []string {
	t.Helper()
	i := slices.Index(rows[0], name)
	if i < 0 {
		t.Fatalf("no column %s in %v", name, rows[0])
	}
	var out []string
	for _, r := range rows[1:] {
		out = append(out, r[i])
	}
	return out
}

// The exports hold exactly what the API shows the caller, filtered the same way.
func TestExportsHoldWhatTheCallerMaySee(t *testing.T) {
	testdb.Each(t, func(t *testing.T, url string) {
		w := apitest.NewWorld(t, url)
		apitest.DeactivateUser(t, w.AdminA1, w.ColleagueA.ID)

		all := download(t, w.AdminA1, "/export/sessions.csv")
		if got, want := apitest.Sorted(column(t, all, "id")...), apitest.Sorted(w.SessionsOfA...); !slices.Equal(got, want) {
			t.Errorf("admin's sessions export lists %v, want account A's sessions %v", got, want)
		}
		active := download(t, w.AdminA1, "/export/sessions.csv?status=ACTIVE")
		for _, s := range column(t, active, "status") {
			if s != "ACTIVE" {
				t.Errorf("status=ACTIVE exported a %s session", s)
			}
		}
		if len(active) >= len(all) {
			t.Errorf("status=ACTIVE kept %d of %d rows; ColleagueA's sessions ended", len(active)-1, len(all)-1)
		}
		for _, u := range column(t, download(t, w.MemberA1, "/export/sessions.csv"), "user_id") {
			if u != w.MemberA.ID {
				t.Errorf("a member's export holds a session of %s", u)
			}
		}
		if rows := download(t, w.MemberA1, "/export/sessions.csv?userId="+w.AdminA.ID); len(rows) != 1 {
			t.Errorf("a member asking for the admin's sessions got %d rows, want none", len(rows)-1)
		}

		audit := download(t, w.AdminA1, "/export/audit.csv?actions=USER_DEACTIVATED&targetUserId="+w.ColleagueA.ID)
		if got := column(t, audit, "action"); !slices.Equal(got, []string{"USER_DEACTIVATED"}) {
			t.Errorf("filtered audit export holds %v, want the one deactivation", got)
		}
		if got := column(t, audit, "actor_name"); got[0] != w.AdminA.Name {
			t.Errorf("deactivated by %q, want %q", got[0], w.AdminA.Name)
		}
		for _, id := range column(t, download(t, w.AdminB1, "/export/audit.csv"), "target_user_id") {
			if id == w.ColleagueA.ID || id == w.MemberA.ID {
				t.Errorf("account B's export names account A's user %s", id)
			}
		}
	})
}

// What an API key did is exported with the key's id and name: the session it ended names it,
// and so does the audit entry of the ending.
func TestExportsNameTheAPIKeyThatActed(t *testing.T) {
	testdb.Each(t, func(t *testing.T, url string) {
		w := apitest.NewWorld(t, url)
		key := w.Srv.CreateAPIKey(t, w.AdminA1, models.ScopeSessionsWrite)
		key.MustDo(t, apitest.MutationLogoutSession, map[string]any{"id": w.MemberA1.SessionID})

		sessions := download(t, w.AdminA1, "/export/sessions.csv?status=TERMINATED&userId="+w.MemberA.ID)
		ids, keyIDs, keyNames := column(t, sessions, "id"), column(t, sessions, "ended_by_api_key_id"), column(t, sessions, "ended_by_api_key_name")
		i := slices.Index(ids, w.MemberA1.SessionID)
		if i < 0 {
			t.Fatalf("the session the key ended is not among the ended ones: %v", ids)
		}
		if keyIDs[i] != key.ID || keyNames[i] != "script" || column(t, sessions, "ended_by")[i] != "" {
			t.Errorf("the session ended by key %s is exported as ended by user %q, key %q named %q",
				key.ID, column(t, sessions, "ended_by")[i], keyIDs[i], keyNames[i])
		}

		audit := download(t, w.AdminA1, "/export/audit.csv?targetUserId="+w.MemberA.ID)
		actorKeys, actorKeyNames, actors := column(t, audit, "actor_api_key_id"), column(t, audit, "actor_api_key_name"), column(t, audit, "actor_id")
		j := slices.Index(actorKeys, key.ID)
		if j < 0 {
			t.Fatalf("no audit entry names key %s as its actor: %v", key.ID, actorKeys)
		}
		if actorKeyNames[j] != "script" || actors[j] != "" {
			t.Errorf("the key's entry: key name %q, user actor %q; want \"script\" and none", actorKeyNames[j], actors[j])
		}
		for k, id := range actorKeys {
			if id == "" && actorKeyNames[k] != "" {
				t.Errorf("row %d names key %q without its id", k, actorKeyNames[k])
			}
		}
	})
}

// A large export streams page after page; cells a spreadsheet would run are defused.
func TestExportStreamsEveryRowSafely(t *testing.T) {
	testdb.Each(t, func(t *testing.T, url string) {
		srv := apitest.Start(t, url, apitest.TrustLoopback)
		acc := srv.SeedAccount(t)
		admin := srv.Login(t, acc.Admin)
		evil := srv.AddUser(t, acc, models.RoleMember, "=HYPERLINK(\"http://evil.test\")")
		const extra = 1234 // over two of the export's pages
		rows := make([]models.AuditEvent, extra)
		for i := range rows {
			rows[i] = models.AuditEvent{
				ID: fmt.Sprintf("x%05d", i), AccountID: acc.ID, Action: models.AuditLoginFailed,
				OccurredAt: time.Date(2020, 1, 1, 0, 0, i, 0, time.UTC), TargetUserID: &evil.ID,
			}
		}
		if err := srv.Store().Gorm().CreateInBatches(rows, 200).Error; err != nil {
			t.Fatal(err)
		}
		got := download(t, admin, "/export/audit.csv?actions=LOGIN_FAILED")
		if len(got)-1 != extra {
			t.Fatalf("exported %d failed logins, want %d", len(got)-1, extra)
		}
		ids := column(t, got, "id")
		if ids[0] != fmt.Sprintf("x%05d", extra-1) || ids[extra-1] != "x00000" {
			t.Errorf("first %s and last %s, want newest first", ids[0], ids[extra-1])
		}
		if name := column(t, got, "target_user_name")[0]; name != "'"+evil.Name {
			t.Errorf("a name starting with = exported as %q, want it behind an apostrophe", name)
		}
	})
}

// Bad parameters and missing credentials are refused as the API refuses them.
func TestExportRefusals(t *testing.T) {
	testdb.Each(t, func(t *testing.T, url string) {
		w := apitest.NewWorld(t, url)
		for _, tc := range []struct {
			c      *apitest.Client
			path   string
			status int
			code   string
		}{
			{w.Srv.Client(), "/export/sessions.csv", http.StatusUnauthorized, "UNAUTHENTICATED"},
			{w.Srv.Client(), "/export/audit.csv", http.StatusUnauthorized, "UNAUTHENTICATED"},
			{w.AdminA1, "/export/sessions.csv?status=GONE", http.StatusBadRequest, "BAD_USER_INPUT"},
			{w.AdminA1, "/export/audit.csv?actions=LOGIN_SUCCEEDED,NOPE", http.StatusBadRequest, "BAD_USER_INPUT"},
			{w.AdminA1, "/export/audit.csv?from=yesterday", http.StatusBadRequest, "BAD_USER_INPUT"},
		} {
			res, body := tc.c.Download(t, tc.path)
			if res.StatusCode != tc.status || !strings.Contains(string(body), `"code":"`+tc.code+`"`) {
				t.Errorf("GET %s: %d %s, want %d with %s", tc.path, res.StatusCode, body, tc.status, tc.code)
			}
		}
	})
}
