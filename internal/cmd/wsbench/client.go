package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"time"

	"github.com/gorilla/websocket"
)

// message is one graphql-transport-ws message.
type message struct {
	Type    string          `json:"type"`
	ID      string          `json:"id,omitempty"`
	Payload json.RawMessage `json:"payload,omitempty"`
}

var dialer = websocket.Dialer{
	Subprotocols:     []string{"graphql-transport-ws"},
	HandshakeTimeout: 30 * time.Second,
	ReadBufferSize:   1024,
	WriteBufferSize:  1024,
}

// dial opens a graphql-transport-ws connection authenticated by token and subscribes to query.
func dial(ctx context.Context, addr, token, query string) (*websocket.Conn, error) {
	ws, _, err := dialer.DialContext(ctx, "ws://"+addr+"/graphql", nil)
	if err != nil {
		return nil, fmt.Errorf("wsbench: unable to dial: %w", err)
	}
	init, _ := json.Marshal(map[string]string{"authorization": "Bearer " + token})
	if err := ws.WriteJSON(message{Type: "connection_init", Payload: init}); err != nil {
		ws.Close()
		return nil, fmt.Errorf("wsbench: unable to init: %w", err)
	}
	_ = ws.SetReadDeadline(time.Now().Add(30 * time.Second))
	var ack message
	if err := ws.ReadJSON(&ack); err != nil || ack.Type != "connection_ack" {
		ws.Close()
		return nil, fmt.Errorf("wsbench: no connection_ack (%s): %v", ack.Type, err)
	}
	_ = ws.SetReadDeadline(time.Time{})
	payload, _ := json.Marshal(map[string]string{"query": query})
	if err := ws.WriteJSON(message{ID: "1", Type: "subscribe", Payload: payload}); err != nil {
		ws.Close()
		return nil, fmt.Errorf("wsbench: unable to subscribe: %w", err)
	}
	return ws, nil
}

// read hands each message but pings to onMessage, answering pings (the server closes a socket
// that stops answering), until the connection fails; it returns that error.
func read(ws *websocket.Conn, onMessage func(message)) error {
	for {
		var m message
		if err := ws.ReadJSON(&m); err != nil {
			return err
		}
		if m.Type == "ping" {
			if err := ws.WriteJSON(message{Type: "pong"}); err != nil {
				return err
			}
			continue
		}
		onMessage(m)
	}
}

// post sends a GraphQL request over HTTP with an optional bearer token and fails on any error.
func post(ctx context.Context, addr, token, query string, vars map[string]any) (json.RawMessage, error) {
	body, _ := json.Marshal(map[string]any{"query": query, "variables": vars})
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, "http://"+addr+"/graphql", bytes.NewReader(body))
	if err != nil {
		return nil, err
	}
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		return nil, fmt.Errorf("wsbench: request failed: %w", err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		return nil, fmt.Errorf("wsbench: unable to read answer: %w", err)
	}
	var out struct {
		Data   json.RawMessage `json:"data"`
		Errors []any           `json:"errors"`
	}
	if err := json.Unmarshal(b, &out); err != nil || len(out.Errors) > 0 {
		return nil, fmt.Errorf("wsbench: request failed: %s", b)
	}
	return out.Data, nil
}
