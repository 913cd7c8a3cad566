package store

import (
	"context"
	"database/sql"
	"errors"
	"testing"

	"sessionguard/internal/testdb"
)

// The principal lookup runs whatever its request's context says while a slot is free, and a
// lookup that finds every slot taken (a database that stopped answering) gives up with its
// context instead of queueing behind them.
func TestPrincipalLookupRunsUncancelledWithinItsSlots(t *testing.T) {
	testdb.Each(t, func(t *testing.T, url string) {
		s, err := Open(context.Background(), url, Options{})
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		gone, cancel := context.WithCancel(context.Background())
		cancel() // the client went away
		unknown := make([]byte, 32)
		var id string

		if err := s.lookupPrincipal(gone, unknown, &id); !errors.Is(err, sql.ErrNoRows) {
			t.Fatalf("with a free slot: %v, want the query's own answer (no rows)", err)
		}
		if n := len(s.principalSlots); n != 0 {
			t.Fatalf("%d slots still taken after the lookup", n)
		}

		for range cap(s.principalSlots) { // every slot held by a lookup the database never answers
			s.principalSlots <- struct{}{}
		}
		if err := s.lookupPrincipal(gone, unknown, &id); !errors.Is(err, context.Canceled) {
			t.Fatalf("with every slot taken: %v, want the request's own cancellation", err)
		}
		if n := len(s.principalSlots); n != cap(s.principalSlots) {
			t.Fatalf("a lookup that never ran changed the slots taken: %d of %d", n, cap(s.principalSlots))
		}
	})
}
