package apitest

import (
	"fmt"
	"sync/atomic"
	"testing"

	"gorm.io/gorm"
)

// QueryCounter counts the SQL statements a server's GORM connection runs, by kind.
type QueryCounter struct {
	Reads  atomic.Int64 // queries, rows and raw reads
	Writes atomic.Int64 // creates, updates, deletes and Exec
}

// CountQueries registers counting callbacks on the server's GORM connection. Start the server
// with NoReaper: then every statement counted was run for the test's requests (and registering
// callbacks while a worker queries would race).
func (s *Server) CountQueries(t testing.TB) *QueryCounter {
	t.Helper()
	c := &QueryCounter{}
	db := s.Store().Gorm()
	read := func(tx *gorm.DB) { c.Reads.Add(1) }
	write := func(tx *gorm.DB) { c.Writes.Add(1) }
	name := fmt.Sprintf("apitest:count:%p", c)
	regs := []error{
		db.Callback().Query().After("gorm:query").Register(name, read),
		db.Callback().Row().After("gorm:row").Register(name, read),
		db.Callback().Raw().After("gorm:raw").Register(name, write),
		db.Callback().Create().After("gorm:create").Register(name, write),
		db.Callback().Update().After("gorm:update").Register(name, write),
		db.Callback().Delete().After("gorm:delete").Register(name, write),
	}
	for _, err := range regs {
		if err != nil {
			t.Fatalf("apitest: unable to register query counter: %v", err)
		}
	}
	return c
}

// Reset zeroes the counts.
func (c *QueryCounter) Reset() { c.Reads.Store(0); c.Writes.Store(0) }
