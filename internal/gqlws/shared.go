package gqlws

import (
	"context"
	"encoding/json"
	"sync"
	"time"

	"github.com/99designs/gqlgen/graphql"
)

// Shared payloads: one event reaching ten thousand subscribers that selected the same fields,
// with the same rights, would otherwise be executed ten thousand times, each execution making
// kilobytes of garbage (most of the memory a fan-out costs). A resolver that knows when two of
// its values would read alike signals them under one key (ReadyShared); the first operation to
// write a keyed value executes it and keeps the payload, and every other operation signalled
// under that key writes the same payload with its own id, taking its value off its channel
// unread.
//
// The first to write, not the first to signal, executes: whoever waits for a payload waits for
// an execution under way on another goroutine, never for a socket or a goroutine yet to run,
// so a slow client delays no one and the wait cannot go round in a circle.

// sharedTTL is how long a payload is kept after it was made: long enough for every subscriber
// of one delivery to write it, short enough that the table stays small. A later value under an
// expired key is executed again, as if never shared.
const sharedTTL = 5 * time.Second

// sharedPayloads is a Transport's table of payloads by key. The zero value is ready to use.
type sharedPayloads struct {
	mu      sync.Mutex
	entries map[any]*sharedPayload
	swept   time.Time
}

// sharedPayload is one key's payload; done is closed once the execution is over, after which
// payload is the message payload to write, or nil when the execution could not be shared (it
// failed, or the stream ended): each operation then executes its own value.
type sharedPayload struct {
	done    chan struct{}
	made    time.Time
	payload []byte
}

// claim returns key's entry, and lead when the caller made it: the caller must then execute
// and settle it.
func (t *sharedPayloads) claim(key any) (e *sharedPayload, lead bool) {
	now := time.Now()
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.entries == nil {
		t.entries = map[any]*sharedPayload{}
	}
	if now.Sub(t.swept) > time.Second {
		t.swept = now
		for k, e := range t.entries {
			if now.Sub(e.made) > sharedTTL {
				delete(t.entries, k)
			}
		}
	}
	if e, ok := t.entries[key]; ok && now.Sub(e.made) <= sharedTTL {
		return e, false
	}
	e = &sharedPayload{done: make(chan struct{}), made: now}
	t.entries[key] = e
	return e, true
}

// settle records what the leader's execution made: resp's payload when it can stand for every
// operation under the key (a result without errors, which could be particular to one).
func (e *sharedPayload) settle(resp *graphql.Response) {
	defer close(e.done)
	if resp == nil || len(resp.Errors) > 0 {
		return
	}
	b, err := json.Marshal(resp)
	if err != nil {
		panic(err) // as gqlgen: a response always marshals
	}
	e.payload = b
}

// wait returns the payload once the leader settled it; nil when it could not be shared, or when
// ctx ended first.
func (e *sharedPayload) wait(ctx context.Context) []byte {
	select {
	case <-e.done:
		return e.payload
	case <-ctx.Done():
		return nil
	}
}

// writeKeyed writes the stream's next result, a value signalled under key: the payload another
// operation made under it, or this operation's own execution, then shared. false at the end of
// the stream.
func (o *operation) writeKeyed(key any) bool {
	e, lead := o.c.t.payloads.claim(key)
	if !lead {
		if payload := e.wait(o.ctx); payload != nil {
			o.take() // the value this payload stands for
			o.c.write(o.c.proto.next, o.id, payload)
			return true
		}
		return o.writeNext()
	}
	resp := o.next()
	e.settle(resp)
	if resp == nil {
		return false
	}
	if e.payload == nil {
		o.send(resp)
	} else {
		o.c.write(o.c.proto.next, o.id, e.payload)
	}
	return true
}

// writeNext executes and writes the stream's next result; false at its end.
func (o *operation) writeNext() bool {
	resp := o.next()
	if resp == nil {
		return false
	}
	o.send(resp)
	return true
}

// ReadyShared is Ready for a resolver whose values may read alike in many operations: ready
// signals each value with a key (comparable; nil for a value to execute as usual, and for the
// channel's close), and operations that signal values under one key, within a few seconds,
// write the payload the first of them executed. A key must therefore stand for everything the
// payload depends on: the value, the document, its variables and operation name, and the
// caller's rights and identity, unless the selection reads none of them. take must receive
// one value from the channel: it is called instead of executing a value whose payload was
// shared. ok is false off this transport.
func ReadyShared(ctx context.Context, take func()) (ready func(key any), ok bool) {
	o, ok := ctx.Value(operationKey{}).(*operation)
	if !ok {
		return nil, false
	}
	o.mu.Lock()
	o.signals = true
	o.take = take
	o.mu.Unlock()
	return o.signalKeyed, true
}
