package app

import (
	"context"
	"log/slog"
	"time"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"

	"sessionguard/internal/auth"
	"sessionguard/internal/observe"
)

// maxLoggedNameLen bounds the client-chosen operation name in a log line.
const maxLoggedNameLen = 100

// operationObserver tells the access log which operation an HTTP request ran, and counts and
// times the operations sent over websockets, which have no HTTP request of their own.
type operationObserver struct {
	metrics *observe.Metrics
	log     *slog.Logger
	// knownName is the operation-name label of a known (trusted) document; nil, or false, labels
	// it observe.OtherName, since names chosen by clients would make the label's values
	// unbounded (trustedDocuments.knownName).
	knownName func(*graphql.OperationContext) (string, bool)
}

var (
	_ graphql.HandlerExtension     = operationObserver{}
	_ graphql.OperationInterceptor = operationObserver{}
)

func (operationObserver) ExtensionName() string                   { return "OperationObserver" }
func (operationObserver) Validate(graphql.ExecutableSchema) error { return nil }

func (o operationObserver) InterceptOperation(ctx context.Context, next graphql.OperationHandler) graphql.ResponseHandler {
	rc := graphql.GetOperationContext(ctx)
	op, label, name := o.describe(rc)
	if info := requestInfoFrom(ctx); info != nil { // over HTTP: the access log counts it
		info.op, info.label, info.name = op, label, name
		info.noteCaller(auth.RequestFrom(ctx))
		return next(ctx)
	}
	if op == observe.Subscription {
		o.metrics.Request(observe.Websocket, op, label, 0)
		o.metrics.SubscriptionStarted()
		context.AfterFunc(ctx, o.metrics.SubscriptionEnded) // the operation's context ends with it
		o.log.DebugContext(ctx, "websocket operation", "operation", op.String(), "operation_name", name)
		return next(ctx)
	}
	start := rc.Stats.OperationStart
	if start.IsZero() {
		start = time.Now()
	}
	responses := next(ctx)
	answered := false
	return func(ctx context.Context) *graphql.Response {
		resp := responses(ctx)
		if !answered { // a query or mutation answers once
			answered = true
			took := time.Since(start)
			o.metrics.Request(observe.Websocket, op, label, took)
			o.log.DebugContext(ctx, "websocket operation", "operation", op.String(), "operation_name", name,
				"duration_ms", float64(took.Microseconds())/1000)
		}
		return resp
	}
}

// describe is rc's operation type, its metric label and its name as the client gave it.
func (o operationObserver) describe(rc *graphql.OperationContext) (op observe.Operation, label, name string) {
	label = observe.OtherName
	if rc.Operation == nil {
		return observe.None, label, ""
	}
	switch rc.Operation.Operation {
	case ast.Query:
		op = observe.Query
	case ast.Mutation:
		op = observe.Mutation
	case ast.Subscription:
		op = observe.Subscription
	}
	if o.knownName != nil {
		if known, ok := o.knownName(rc); ok {
			label = known
		}
	}
	name = rc.Operation.Name
	if len(name) > maxLoggedNameLen {
		name = name[:maxLoggedNameLen]
	}
	return op, label, name
}
