package gqlws

import (
	"encoding/json"
	"strconv"
)

// The two subprotocols: graphql-ws's (the npm library's), and the legacy one of Apollo's
// subscriptions-transport-ws, which is confusingly named graphql-ws. A client that names
// neither gets the legacy one, as from gqlgen.
const (
	graphqlTransportWS = "graphql-transport-ws"
	legacyGraphqlWS    = "graphql-ws"
)

var subprotocols = []string{legacyGraphqlWS, graphqlTransportWS}

// protocol names the messages of one subprotocol; "" is a message the protocol does not have.
type protocol struct {
	// From the client.
	subscribe, stop, terminate string
	// To the client.
	next, connectionError, keepAlive string
	// ping and pong, both ways.
	ping, pong string
}

var (
	transportWS = protocol{subscribe: "subscribe", stop: "complete", next: "next", ping: "ping", pong: "pong"}
	legacyWS    = protocol{subscribe: "start", stop: "stop", terminate: "connection_terminate", next: "data",
		connectionError: "connection_error", keepAlive: "ka"}
)

// Messages both protocols share.
const (
	msgInit     = "connection_init"
	msgAck      = "connection_ack"
	msgError    = "error"
	msgComplete = "complete"
)

// Close codes, as gqlgen's transport sends them.
const (
	closeNormal        = 1000
	closeProtocolError = 1002
	// closeDuplicateID: graphql-transport-ws's "Subscriber for <id> already exists".
	closeDuplicateID = 4409
	// closeTooManyInits: graphql-transport-ws's answer to a second connection_init.
	closeTooManyInits = 4429
)

// incoming is a message from the client.
type incoming struct {
	Type    string          `json:"type"`
	ID      string          `json:"id,omitempty"`
	Payload json.RawMessage `json:"payload,omitempty"`
}

// appendHeader appends the start of a message to the client, up to where its payload goes:
// {"type":..,"id":.. (the id only if any).
func appendHeader(b []byte, typ, id string) []byte {
	b = append(b, `{"type":`...)
	b = strconv.AppendQuote(b, typ)
	if id != "" {
		b = append(b, `,"id":`...)
		b = appendJSONString(b, id)
	}
	return b
}

// appendJSONString appends s as a JSON string; ids come from clients, so they are escaped by
// encoding/json rather than strconv, whose escapes JSON does not all know.
func appendJSONString(b []byte, s string) []byte {
	q, _ := json.Marshal(s) // a string always marshals
	return append(b, q...)
}
