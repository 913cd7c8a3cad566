package gqlws

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"sync"
	"time"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/errcode"
	"github.com/vektah/gqlparser/v2/gqlerror"
)

// operation is one subscribe (start) message's execution.
//
// A query or mutation, or a subscription whose resolver does not signal (see Ready), runs on a
// goroutine of its own until its last result, as in gqlgen's transport. A subscription that
// signals has none while idle: each signal counts one value waiting on its channel (or the
// channel's close), and whoever signals writes what waits, unless another goroutine is already
// at it, which then writes it too.
type operation struct {
	c      *conn
	id     string
	ctx    context.Context // the client's complete (stop), or the connection's end, cancels it
	cancel context.CancelFunc

	mu        sync.Mutex
	responses graphql.ResponseHandler // nil until dispatched
	respCtx   context.Context         // the context responses runs with
	rc        *graphql.OperationContext
	signals   bool              // the resolver signals its values (Ready)
	pending   int               // values (or the close) signalled and not yet taken
	take      func()            // receives a value whose payload was shared (ReadyShared)
	keys      []any             // with take: each pending signal's key, in order (nil: none)
	writing   bool              // a goroutine is taking and writing them
	ended     bool              // finished: nothing more is written
	errs      []*gqlerror.Error // AddSubscriptionError's, sent instead of complete
}

type operationKey struct{}

func newOperation(c *conn, id string) *operation {
	o := &operation{c: c, id: id}
	o.ctx, o.cancel = context.WithCancel(context.WithValue(c.opCtx, operationKey{}, o))
	context.AfterFunc(o.ctx, o.wake)
	return o
}

// start executes the operation up to its first result; it runs on the connection's starter,
// so that operations start in the order they came (a client may count on a subscription being
// under way once a later one answered). What follows runs elsewhere: a signalling
// subscription's results on the goroutines that signal them, anything else's on a goroutine of
// its own.
func (o *operation) start(payload json.RawMessage, read time.Time) {
	ctx := graphql.StartOperationTrace(o.ctx)
	params := &graphql.RawParams{}
	dec := json.NewDecoder(bytes.NewReader(payload))
	dec.UseNumber() // as gqlgen: integers in variables stay exact
	if err := dec.Decode(params); err != nil {
		o.sendErrors(&gqlerror.Error{Message: "invalid json"})
		o.finish()
		return
	}
	params.ReadTime = graphql.TraceTiming{Start: read, End: graphql.Now()}
	exec := o.c.exec
	rc, errs := exec.CreateOperationContext(ctx, params)
	if errs != nil {
		resp := exec.DispatchError(graphql.WithOperationContext(ctx, rc), errs)
		if errcode.GetErrorKind(errs) == errcode.KindProtocol {
			o.sendErrors(resp.Errors...)
		} else {
			o.send(&graphql.Response{Errors: errs})
		}
		o.finish()
		return
	}
	ctx = graphql.WithOperationContext(ctx, rc)
	o.rc = rc
	var responses graphql.ResponseHandler
	if !o.recovering(func() { responses, ctx = exec.DispatchOperation(ctx, rc) }) {
		o.finish()
		return
	}

	o.mu.Lock()
	o.responses, o.respCtx = responses, ctx
	if o.signals {
		if o.pending == 0 && o.ctx.Err() == nil {
			o.mu.Unlock()
			return // idle: the next signal, or the end, writes
		}
		o.writing = true
		o.mu.Unlock()
		o.write()
		return
	}
	o.mu.Unlock()
	go o.stream()
}

// stream writes the results of an operation that does not signal, waiting for each.
func (o *operation) stream() {
	for o.writeNext() {
	}
	o.finish()
}

// signal counts one value put on the subscription's channel, or its close, and writes it
// unless another goroutine is writing.
func (o *operation) signal() { o.turn(true, nil) }

// signalKeyed is signal for a value that may share its payload under key (ReadyShared).
func (o *operation) signalKeyed(key any) { o.turn(true, key) }

// wake finishes a signalling subscription once its context ends, unless another goroutine is
// writing, which then finishes it.
func (o *operation) wake() { o.turn(false, nil) }

// turn counts a signalled value (if value) with its key, then writes unless another goroutine
// is writing.
func (o *operation) turn(value bool, key any) {
	o.mu.Lock()
	if o.ended || !o.signals {
		o.mu.Unlock()
		return
	}
	if value {
		o.pending++
		if o.take != nil {
			o.keys = append(o.keys, key)
		}
	}
	if o.writing || o.responses == nil {
		o.mu.Unlock()
		return
	}
	o.writing = true
	o.mu.Unlock()
	o.write()
}

// write takes and writes what was signalled, and finishes the operation at the end of its
// stream or of its context. Only the goroutine that set writing calls it.
func (o *operation) write() {
	for {
		o.mu.Lock()
		if o.ctx.Err() == nil && o.pending == 0 {
			o.writing = false
			o.mu.Unlock()
			return
		}
		var key any
		if o.pending > 0 {
			o.pending--
			if n := len(o.keys); n > 0 { // rarely more than one: shifted in place, not reallocated
				key = o.keys[0]
				copy(o.keys, o.keys[1:])
				o.keys[n-1] = nil
				o.keys = o.keys[:n-1]
			}
		}
		o.mu.Unlock()
		// A value waits (or the close): neither blocks. Once the context ended, the stream
		// only ends: nothing is shared.
		var more bool
		if key != nil && o.ctx.Err() == nil {
			more = o.writeKeyed(key)
		} else {
			more = o.writeNext()
		}
		if !more {
			o.finish()
			return
		}
	}
}

// next is the stream's next result, nil at its end; a panic is sent as an error and ends it.
func (o *operation) next() (resp *graphql.Response) {
	o.recovering(func() { resp = o.responses(o.respCtx) })
	return resp
}

// recovering runs fn, sending a panic as an error as gqlgen's transport does; false on panic.
func (o *operation) recovering(fn func()) (ok bool) {
	defer func() {
		r := recover()
		if r == nil {
			return
		}
		ok = false
		var err error
		if o.rc != nil {
			err = o.rc.Recover(o.ctx, r)
		}
		var gqlErr *gqlerror.Error
		if !errors.As(err, &gqlErr) {
			gqlErr = &gqlerror.Error{Message: "internal system error"}
			if err != nil {
				gqlErr.Message = err.Error()
			}
		}
		o.sendErrors(gqlErr)
	}()
	fn()
	return true
}

// finish ends the operation: its subscription errors, or complete while the connection lasts,
// unless the client stopped it; then its context ends, which tells the resolver that all it
// sent was written. The id is free before the last message goes: a client reuses it only once
// that message came.
func (o *operation) finish() {
	o.mu.Lock()
	o.ended = true
	errs := o.errs
	o.mu.Unlock()
	if o.c.remove(o) {
		if len(errs) > 0 {
			o.sendErrors(errs...)
		} else if o.c.ctx.Err() == nil {
			o.c.write(msgComplete, o.id, nil)
		}
	}
	o.cancel()
}

func (o *operation) send(resp *graphql.Response) { o.c.writeJSON(o.c.proto.next, o.id, resp) }

func (o *operation) sendErrors(errs ...*gqlerror.Error) { o.c.writeJSON(msgError, o.id, errs) }

// Ready is for subscription resolvers: called before the resolver returns its channel, it
// returns the func to call after each value put on the channel and after closing it. The
// transport then keeps no goroutine waiting on the channel: the goroutine that calls ready
// writes the value, or the end of the stream, to the socket before ready returns (unless
// another is already writing, which then does). It must be called exactly once per value and
// once for the close. ok is false off this transport: the channel is read as usual.
func Ready(ctx context.Context) (ready func(), ok bool) {
	o, ok := ctx.Value(operationKey{}).(*operation)
	if !ok {
		return nil, false
	}
	o.mu.Lock()
	o.signals = true
	o.mu.Unlock()
	return o.signal, true
}

// AddSubscriptionError makes the subscription whose context is ctx end with errs instead of
// complete, once its channel closes; gqlgen's transport.AddSubscriptionError for this transport.
func AddSubscriptionError(ctx context.Context, errs ...*gqlerror.Error) {
	if o, ok := ctx.Value(operationKey{}).(*operation); ok {
		o.mu.Lock()
		o.errs = append(o.errs, errs...)
		o.mu.Unlock()
	}
}
