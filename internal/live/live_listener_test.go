package live_test

import (
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"sessionguard/internal/apitest"
	"sessionguard/internal/testdb"
	"sessionguard/internal/wstest"
	"sessionguard/models"
)

// When the PostgreSQL listener's connection dies, notifications sent meanwhile are lost (NOTIFY
// has no replay): the listener reconnects, and every sessionEvents subscription ends with
// RESYNC_REQUIRED so its client refetches; a new subscription hears changes again. End to end:
// the real listener, its backend killed by PostgreSQL itself, a real socket.
func TestLiveResyncAfterTheListenerConnectionDies(t *testing.T) {
	t.Parallel()
	for _, engine := range testdb.Engines(t) {
		if engine.Name != "postgres" {
			continue // SQLite delivers in process: there is no connection to lose
		}
		// The application name tells this server's connections from the other tests'.
		appName := fmt.Sprintf("sgresync%d", time.Now().UnixNano())
		url := engine.New(t) + "&application_name=" + appName
		srv := apitest.StartLive(t, url)
		acc := srv.SeedAccount(t)
		admin := srv.Login(t, acc.Admin)
		ws := srv.Dial(t, wstest.TransportWS, admin.Token)
		before := srv.Subscribe(t, ws, apitest.SubscriptionEvents, nil)

		pg, err := pgx.Connect(context.Background(), url)
		if err != nil {
			t.Fatal(err)
		}
		defer pg.Close(context.Background())
		listener := func() []int {
			rows, err := pg.Query(context.Background(),
				"SELECT pid FROM pg_stat_activity WHERE application_name = $1 AND query LIKE 'LISTEN %'", appName)
			if err != nil {
				t.Fatal(err)
			}
			pids, err := pgx.CollectRows(rows, pgx.RowTo[int])
			if err != nil {
				t.Fatal(err)
			}
			return pids
		}
		pids := listener()
		if len(pids) != 1 {
			t.Fatalf("%d listener connections, want 1", len(pids))
		}
		var killed bool
		if err := pg.QueryRow(context.Background(), "SELECT pg_terminate_backend($1)", pids[0]).Scan(&killed); err != nil || !killed {
			t.Fatalf("pg_terminate_backend(%d): %v %v", pids[0], killed, err)
		}

		res, ok := wstest.Next(t, before, apitest.Wait)
		if !ok || !slices.Contains(res.Codes(), "RESYNC_REQUIRED") {
			t.Fatalf("sessionEvents after the listener's connection died: %s %+v, want RESYNC_REQUIRED", res.Data, res.Errors)
		}
		if !ws.IsOpen() {
			t.Fatal("the listener's reconnect closed the socket")
		}
		if now := listener(); len(now) != 1 || now[0] == pids[0] {
			t.Fatalf("listener backends %v after killing %d, want one new one", now, pids[0])
		}

		// The new listener delivers: a new subscription hears a login made now.
		after := apitest.Collect(srv.Subscribe(t, ws, apitest.SubscriptionEvents, nil))
		member := srv.Login(t, srv.AddUser(t, acc, models.RoleMember, "Mia Member"))
		apitest.CheckEvents(t, "the subscription after the reconnect", after.WaitCount(1, apitest.Wait),
			[]apitest.WantEvent{apitest.Started(member.SessionID)})
	}
}
