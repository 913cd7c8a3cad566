package main

import (
	"context"
	"errors"
	"fmt"
	"log"
	"time"

	"github.com/gorilla/websocket"

	"sessionguard/models"
)

const (
	subscriptionEnded = `subscription { currentSessionEnded { id status endReason endedAt } }`
	mutationLogout    = `mutation($id: ID!) { logoutSession(id: $id) { id } }`
	// settle is how long a new subscription is given to register on its server before the
	// session ends; it is not measured.
	settle = 100 * time.Millisecond
)

// revocation starts replicas A and B, then, rounds times, ends on A a session whose socket is
// subscribed to currentSessionEnded on B, and times A's answer to B's close frame.
func revocation(ctx context.Context, bin, databaseURL string, rounds int) (string, error) {
	replicas, stop, err := startServers(ctx, bin, databaseURL, 2)
	if err != nil {
		return "", err
	}
	defer stop()
	a, b := replicas[0], replicas[1]
	sd, err := openSeeder(ctx, databaseURL)
	if err != nil {
		return "", err
	}
	defer sd.close()
	adminToken, _, err := sd.session(ctx, sd.admin)
	if err != nil {
		return "", err
	}
	member, err := sd.user(ctx, models.RoleMember)
	if err != nil {
		return "", err
	}

	latencies := make([]time.Duration, 0, rounds)
	orderOK := true
	for i := 0; i < rounds; i++ {
		r, err := revokeOnce(ctx, a, b, sd, adminToken, member)
		if err != nil {
			return "", fmt.Errorf("round %d: %w", i+1, err)
		}
		if !r.inOrder() {
			orderOK = false
			log.Printf("round %d: payload at %v, close %d at %v", i+1, r.payload, r.code, r.closed)
		}
		latencies = append(latencies, r.closed.Sub(r.answered))
	}
	return fmt.Sprintf("revocation rounds=%d p50_ms=%.1f p99_ms=%.1f order_ok=%t", rounds,
		ms(percentile(latencies, 50)), ms(percentile(latencies, 99)), orderOK), nil
}

// revoked is what one round saw, in the client's clock.
type revoked struct {
	answered time.Time // A answered logoutSession
	payload  time.Time // B's socket received currentSessionEnded; zero if never
	closed   time.Time // B's socket received the close frame
	code     int
}

// inOrder: the payload came, then the close frame with the session-ended code.
func (r revoked) inOrder() bool {
	return !r.payload.IsZero() && !r.payload.After(r.closed) && r.code == 4401
}

func revokeOnce(ctx context.Context, a, b *server, sd *seeder, adminToken string, member models.User) (revoked, error) {
	token, id, err := sd.session(ctx, member)
	if err != nil {
		return revoked{}, err
	}
	ws, err := dial(ctx, b.addr, token, subscriptionEnded)
	if err != nil {
		return revoked{}, err
	}
	defer ws.Close()
	seen := make(chan revoked, 1)
	go func() {
		var r revoked
		err := read(ws, func(m message) {
			if m.Type == "next" && r.payload.IsZero() {
				r.payload = time.Now()
			}
		})
		r.closed = time.Now()
		if ce := (*websocket.CloseError)(nil); errors.As(err, &ce) {
			r.code = ce.Code
		}
		seen <- r
	}()
	time.Sleep(settle)
	if _, err := post(ctx, a.addr, adminToken, mutationLogout, map[string]any{"id": id}); err != nil {
		return revoked{}, err
	}
	answered := time.Now()
	select {
	case r := <-seen:
		r.answered = answered
		return r, nil
	case <-time.After(10 * time.Second):
		return revoked{}, errors.New("wsbench: the socket on B stayed open 10 s after the logout")
	}
}
