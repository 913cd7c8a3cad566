package wsgorilla_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/99designs/gqlgen/graphql/handler/transport"
	"github.com/gorilla/websocket"

	"sessionguard/internal/wsgorilla"
)

type message struct {
	Type string `json:"type"`
}

// serve accepts websockets with impl and reads them as gqlgen does: a pong clears the read
// deadline. ended receives each connection's read error.
func serve(t *testing.T, impl wsgorilla.Implementation) (url string, ended <-chan error) {
	t.Helper()
	errs := make(chan error, 1)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		c, err := impl.Accept(w, r, transport.WebsocketAcceptOptions{Subprotocols: []string{"graphql-transport-ws", "graphql-ws"}})
		if err != nil {
			return
		}
		conn := c.(*wsgorilla.Conn)
		defer conn.Close()
		conn.StartPings()
		for {
			_, rd, err := conn.NextReader()
			if err != nil {
				errs <- err
				return
			}
			var m message
			if err := json.NewDecoder(rd).Decode(&m); err == nil && m.Type == "pong" {
				_ = conn.SetReadDeadline(time.Time{})
			}
		}
	}))
	t.Cleanup(srv.Close)
	return "ws" + strings.TrimPrefix(srv.URL, "http"), errs
}

func dial(t *testing.T, url, protocol string) *websocket.Conn {
	t.Helper()
	ws, _, err := (&websocket.Dialer{Subprotocols: []string{protocol}}).Dial(url, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ws.Close() })
	return ws
}

func pingers(every time.Duration) wsgorilla.Implementation {
	return wsgorilla.Implementation{
		Ping:      &wsgorilla.Pinger{Every: every, Message: message{Type: "ping"}, AwaitReply: true},
		KeepAlive: &wsgorilla.Pinger{Every: every, Message: message{Type: "ka"}},
	}
}

// A peer that answers its pings stays connected however quiet it is otherwise, and one that
// does not is closed.
func TestPingerKeepsLivePeersAndClosesDeadOnes(t *testing.T) {
	const every = 40 * time.Millisecond
	url, ended := serve(t, pingers(every))

	live := dial(t, url, "graphql-transport-ws")
	for range 10 { // 10 pings: 5 times the time a silent peer has to answer
		var m message
		if err := live.ReadJSON(&m); err != nil {
			t.Fatalf("a peer answering its pings lost its connection: %v", err)
		}
		if m.Type != "ping" {
			t.Fatalf("got %q, want ping", m.Type)
		}
		if err := live.WriteJSON(message{Type: "pong"}); err != nil {
			t.Fatal(err)
		}
	}
	select {
	case err := <-ended:
		t.Fatalf("the server ended a peer answering its pings: %v", err)
	default:
	}
	live.Close()
	<-ended

	dead := dial(t, url, "graphql-transport-ws") // reads, so gets the pings, but never answers
	for {
		var m message
		if err := dead.ReadJSON(&m); err != nil {
			break // closed by the server
		}
	}
	if err := <-ended; err == nil || !strings.Contains(err.Error(), "timeout") {
		t.Errorf("the silent peer's connection ended with %v, want a read timeout", err)
	}
}

// The legacy protocol gets keep-alives, which nobody answers: its quiet peers are not closed.
func TestPingerKeepsLegacyPeersAlive(t *testing.T) {
	const every = 40 * time.Millisecond
	url, ended := serve(t, pingers(every))
	ws := dial(t, url, "graphql-ws")
	for range 10 {
		var m message
		if err := ws.ReadJSON(&m); err != nil {
			t.Fatalf("a legacy peer lost its connection: %v", err)
		}
		if m.Type != "ka" {
			t.Fatalf("got %q, want ka", m.Type)
		}
	}
	select {
	case err := <-ended:
		t.Fatalf("the server ended a legacy peer: %v", err)
	default:
	}
}
