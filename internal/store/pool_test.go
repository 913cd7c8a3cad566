package store_test

import (
	"database/sql"
	"testing"

	"sessionguard/internal/testdb"
)

// Connections that served a burst of concurrent requests stay pooled for the next one: none is
// closed for lack of idle room (the database/sql default keeps only 2), which on SQLite meant
// reopening the file and reparsing the schema on most requests under load.
func TestPoolKeepsConnectionsAfterABurst(t *testing.T) {
	testdb.Each(t, func(t *testing.T, url string) {
		e := newEnv(t, url)
		db, err := e.store.Gorm().DB()
		if err != nil {
			t.Fatal(err)
		}
		const burst = 16 // concurrent requests, each holding a connection
		conns := make([]*sql.Conn, burst)
		for i := range conns {
			if conns[i], err = db.Conn(e.ctx); err != nil {
				t.Fatal(err)
			}
			if err := conns[i].PingContext(e.ctx); err != nil {
				t.Fatal(err)
			}
		}
		for _, c := range conns {
			c.Close()
		}
		st := db.Stats()
		if st.MaxIdleClosed != 0 || st.Idle < burst {
			t.Errorf("after a burst of %d: %d idle, %d closed for lack of idle room: the pool churns",
				burst, st.Idle, st.MaxIdleClosed)
		}
	})
}
