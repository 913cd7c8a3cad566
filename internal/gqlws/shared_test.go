package gqlws_test

import (
	"fmt"
	"strings"
	"testing"
)

// Values signalled under one key are executed once for all the operations that write them,
// each operation writing the payload with its own id, in the order its values came; values
// without a key, and values whose execution failed, are executed by each operation.
func TestSharedPayloads(t *testing.T) {
	ts := startServer(t, nil)
	var clients []*client
	for i := range 4 {
		c := ts.connect(t, protocols[i%2])
		c.subscribe(fmt.Sprint("op", i), `subscription { shared }`)
		clients = append(clients, c)
		<-ts.feed.added
	}
	// Each client reads the payloads want, in order.
	expect := func(want ...string) {
		t.Helper()
		for i, c := range clients {
			for _, w := range want {
				m := c.expect(c.data(), fmt.Sprint("op", i))
				if string(m.Payload) != w {
					t.Fatalf("client %d: payload %s, want %s", i, m.Payload, w)
				}
			}
		}
	}
	executed := func(want int64) {
		t.Helper()
		if got := ts.feed.executed.Swap(0); got != want {
			t.Fatalf("executed %d values, want %d", got, want)
		}
	}

	ts.feed.send("a")
	expect(`{"data":{"v":"a"}}`)
	executed(1)

	ts.feed.send("solo") // no key: each executes its own
	expect(`{"data":{"v":"solo"}}`)
	executed(4)

	ts.feed.send("err") // a failed execution is not shared: each executes its own
	expect(`{"errors":[{"message":"cannot show err"}],"data":null}`)
	executed(4)

	// Several values in a row, keyed and not, reach every operation in order.
	for _, v := range []string{"b", "solo2", "c"} {
		ts.feed.send(v)
	}
	expect(`{"data":{"v":"b"}}`, `{"data":{"v":"solo2"}}`, `{"data":{"v":"c"}}`)
	executed(1 + 4 + 1)

	ts.feed.close()
	for i, c := range clients {
		c.expect("complete", fmt.Sprint("op", i))
	}
}

// A payload is shared only under its own key: many values in a row, each under a key of its
// own, reach two operations each as itself, executed once.
func TestSharedPayloadsNeverMixKeys(t *testing.T) {
	ts := startServer(t, nil)
	a := ts.connect(t, transportWS)
	a.subscribe("1", `subscription { shared }`)
	<-ts.feed.added
	b := ts.connect(t, transportWS)
	b.subscribe("2", `subscription { shared }`)
	<-ts.feed.added
	for i := range 50 {
		ts.feed.send(fmt.Sprint("v", i))
	}
	for i := range 50 {
		for _, c := range []*client{a, b} {
			m := c.next()
			if want := fmt.Sprintf(`{"data":{"v":"v%d"}}`, i); string(m.Payload) != want || !strings.HasPrefix(m.Type, "next") {
				t.Fatalf("message %d: %s %s, want next %s", i, m.Type, m.Payload, want)
			}
		}
	}
	if got := ts.feed.executed.Load(); got != 50 {
		t.Fatalf("executed %d values for 2 operations × 50 values under 50 keys, want 50", got)
	}
}
