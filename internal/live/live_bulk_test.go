package live_test

import (
	"crypto/rand"
	"encoding/json"
	"testing"
	"time"

	"github.com/google/uuid"

	"sessionguard/internal/apitest"
	"sessionguard/models"
)

// liveBulkSize is well over the hub's buffer: with one buffer place per event, ending this many
// sessions at once would drop every watcher with SLOW_CONSUMER.
const liveBulkSize = 3 * liveHubBuffer

// liveSeedSessions inserts n active sessions for u straight into the database.
func liveSeedSessions(t testing.TB, srv *apitest.Server, u apitest.User, n int) map[string]bool {
	t.Helper()
	now := srv.Clock.Now().UTC()
	rows := make([]models.Session, n)
	ids := make(map[string]bool, n)
	for i := range rows {
		rows[i] = models.Session{ID: uuid.Must(uuid.NewV7()).String(), AccountID: u.AccountID, UserID: u.ID,
			TokenHash: []byte(rand.Text()), Status: models.SessionActive, LoginIP: "192.0.2.1", LoginAt: now, LastActiveAt: now}
		ids[rows[i].ID] = true
	}
	if err := srv.Store().Gorm().CreateInBatches(rows, 200).Error; err != nil {
		t.Fatal(err)
	}
	return ids
}

// Ending hundreds of sessions in one action reaches every watcher whole: each ended session once,
// and no stream dropped for falling behind.
func TestLiveBulkEndReachesEveryWatcher(t *testing.T) {
	t.Parallel()
	apitest.EachProtocol(t, func(t *testing.T, proto, url string) {
		srv := apitest.StartLive(t, url)
		acc := srv.SeedAccount(t)
		admin := srv.Login(t, acc.Admin)
		apitest.SetPolicy(t, admin, apitest.LimitInput(5, models.EvictOldest))
		member := srv.AddUser(t, acc, models.RoleMember, "Mia Member")
		seeded := liveSeedSessions(t, srv, member, liveBulkSize)

		const light = `subscription($u: ID) { sessionEvents(userId: $u) { type session { id status endReason } } }`
		conn := srv.Dial(t, proto, admin.Token)
		watchers := map[string]*apitest.Stream{
			"an admin watching the account": apitest.Collect(srv.Subscribe(t, conn, light, nil)),
			"an admin watching the member":  apitest.Collect(srv.Subscribe(t, conn, light, map[string]any{"u": member.ID})),
		}
		var res struct{ TerminateAllSessions struct{ TerminatedCount int } }
		admin.Do(t, apitest.MutationTerminateAll, map[string]any{"in": map[string]any{"userId": member.ID}}).MustDecode(t, &res)
		if res.TerminateAllSessions.TerminatedCount != liveBulkSize {
			t.Fatalf("terminated %d, want %d", res.TerminateAllSessions.TerminatedCount, liveBulkSize)
		}

		for who, w := range watchers {
			got := w.WaitCount(liveBulkSize, apitest.Deadline(10*time.Second))
			seen := map[string]bool{}
			for _, r := range got {
				if len(r.Errors) > 0 {
					t.Fatalf("%s: the stream ended with %v after %d events", who, r.Codes(), len(seen))
				}
				var out struct {
					SessionEvents struct {
						Type    string
						Session struct{ ID, Status, EndReason string }
					}
				}
				if err := json.Unmarshal(r.Data, &out); err != nil {
					t.Fatal(err)
				}
				e := out.SessionEvents
				if e.Type != "ENDED" || e.Session.Status != "TERMINATED" || e.Session.EndReason != string(models.EndTerminateAll) || !seeded[e.Session.ID] {
					t.Fatalf("%s received %+v", who, e)
				}
				if seen[e.Session.ID] {
					t.Fatalf("%s received session %s twice", who, e.Session.ID)
				}
				seen[e.Session.ID] = true
			}
			if len(seen) != liveBulkSize {
				t.Errorf("%s received %d of %d ended sessions", who, len(seen), liveBulkSize)
			}
			if w.Ended() {
				t.Errorf("%s: the stream ended", who)
			}
		}
	})
}
