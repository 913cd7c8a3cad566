package apitest

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"
)

// Client sends GraphQL requests, authenticated by bearer token when Token is set.
type Client struct {
	base      string // the server's URL, http:// or https://
	HTTP      *http.Client
	Token     string
	SessionID string
	Header    http.Header
}

// Client returns an anonymous client.
func (s *Server) Client() *Client {
	return &Client{base: s.URL, HTTP: s.Server.Client(), Header: http.Header{}}
}

// TLSClient returns an anonymous client that reaches the same handler over TLS, through a second
// listener closed with the test: for what changes when a request arrives by HTTPS directly.
func (s *Server) TLSClient(t testing.TB) *Client {
	t.Helper()
	ts := httptest.NewTLSServer(s.App.Handler())
	t.Cleanup(ts.Close)
	return &Client{base: ts.URL, HTTP: ts.Client(), Header: http.Header{}}
}

// Error is one GraphQL error.
type Error struct {
	Message    string         `json:"message"`
	Path       []any          `json:"path"`
	Extensions map[string]any `json:"extensions"`
}

// Response is a decoded GraphQL response.
type Response struct {
	Status  int
	Header  http.Header
	Data    json.RawMessage
	HasData bool
	Errors  []Error
	Body    []byte
}

// Code is the first error's extensions.code, or "".
func (r Response) Code() string {
	if len(r.Errors) == 0 {
		return ""
	}
	code, _ := r.Errors[0].Extensions["code"].(string)
	return code
}

// Codes lists every error's code.
func (r Response) Codes() []string {
	out := make([]string, len(r.Errors))
	for i, e := range r.Errors {
		out[i], _ = e.Extensions["code"].(string)
	}
	return out
}

// MustDecode fails the test on errors, else decodes data into v.
func (r Response) MustDecode(t testing.TB, v any) {
	t.Helper()
	if len(r.Errors) > 0 || r.Status != http.StatusOK {
		t.Fatalf("unexpected errors (status %d): %s", r.Status, r.Body)
	}
	if err := json.Unmarshal(r.Data, v); err != nil {
		t.Fatalf("unable to decode %s: %v", r.Data, err)
	}
}

// Do posts query with vars to /graphql.
func (c *Client) Do(t testing.TB, query string, vars map[string]any) Response {
	t.Helper()
	body, _ := json.Marshal(map[string]any{"query": query, "variables": vars})
	req, err := http.NewRequest(http.MethodPost, c.base+"/graphql", bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	c.authorize(req)
	return c.Send(t, req)
}

// Send performs req and decodes the GraphQL response.
func (c *Client) Send(t testing.TB, req *http.Request) Response {
	t.Helper()
	resp, raw := roundTrip(t, c.HTTP, req)
	out := Response{Status: resp.StatusCode, Header: resp.Header, Body: raw}
	var envelope map[string]json.RawMessage
	if err := json.Unmarshal(raw, &envelope); err != nil {
		t.Fatalf("response is not JSON (status %d): %s", resp.StatusCode, raw)
	}
	out.Data, out.HasData = envelope["data"]
	if e, ok := envelope["errors"]; ok {
		if err := json.Unmarshal(e, &out.Errors); err != nil {
			t.Fatalf("bad errors entry: %s", e)
		}
	}
	return out
}

// roundTrip performs req with hc and reads the whole body, failing the test if either fails.
func roundTrip(t testing.TB, hc *http.Client, req *http.Request) (*http.Response, []byte) {
	t.Helper()
	resp, err := hc.Do(req)
	if err != nil {
		t.Fatalf("request failed: %v", err)
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp, raw
}

// Download GETs path with the client's credentials and returns the answer and its whole body,
// whatever its type: for the endpoints that are not GraphQL (exports).
func (c *Client) Download(t testing.TB, path string) (*http.Response, []byte) {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, c.base+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	c.authorize(req)
	return roundTrip(t, c.HTTP, req)
}

// authorize gives req the client's headers and bearer token.
func (c *Client) authorize(req *http.Request) {
	for k, v := range c.Header {
		req.Header[k] = v
	}
	if c.Token != "" {
		req.Header.Set("Authorization", "Bearer "+c.Token)
	}
}
