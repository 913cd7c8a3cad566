package wsgorilla

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/99designs/gqlgen/graphql/handler/transport"
	"github.com/gorilla/websocket"
)

// A connection closed before its pings start is never pinged (revocation may close a socket
// while InitFunc is still accepting it), and one closed later is let go: the pinger keeps
// nothing of closed connections.
func TestPingerKeepsNoClosedConnection(t *testing.T) {
	ping := &Pinger{Every: time.Hour, Message: map[string]string{"type": "ping"}, AwaitReply: true}
	impl := Implementation{Ping: ping}
	var closeFirst atomic.Bool
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		c, err := impl.Accept(w, r, transport.WebsocketAcceptOptions{Subprotocols: []string{graphqlTransportWS}})
		if err != nil {
			return
		}
		conn := c.(*Conn)
		if closeFirst.Load() {
			conn.CloseWith(4401, "session ended")
			conn.StartPings()
			return
		}
		conn.StartPings()
		conn.CloseWith(4401, "session ended")
	}))
	defer srv.Close()
	for _, first := range []bool{true, false} {
		closeFirst.Store(first)
		ws, _, err := (&websocket.Dialer{Subprotocols: []string{graphqlTransportWS}}).Dial("ws"+strings.TrimPrefix(srv.URL, "http"), nil)
		if err != nil {
			t.Fatal(err)
		}
		if _, _, err := ws.ReadMessage(); !websocket.IsCloseError(err, 4401) {
			t.Fatalf("got %v, want the close frame", err)
		}
		ws.Close()
		ping.mu.Lock()
		n := ping.count
		ping.mu.Unlock()
		if n != 0 {
			t.Errorf("closed first %v: the pinger holds %d connections, want 0", first, n)
		}
	}
}
