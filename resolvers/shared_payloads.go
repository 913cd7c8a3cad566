package resolvers

import (
	"context"
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"time"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"

	"sessionguard/internal/store"
	"sessionguard/models"
)

// Shared sessionEvents (and auditEventAdded) payloads. One login reaching ten thousand subscribers of an account was
// ten thousand executions of the same selection on the same session, each leaving kilobytes of
// garbage: most of what a fan-out cost in memory. Subscribers whose payloads cannot differ now
// share one execution per event (gqlws.ReadyShared): those of one account, with the same role
// (and the same user, for members; the same key, for API keys), the same document, variables
// and operation name. The document must not read the viewer (viewerFields): those payloads
// differ for every subscriber and are each executed as before.

// viewerFields are the fields whose value depends on who asks rather than on the object: their
// resolvers read the request's own session or caller (auth.RequestFrom and the like). A field
// that does must be added here; TestViewerFieldsAreListed finds those that read it directly.
var viewerFields = map[string]bool{"Session.isCurrent": true}

// payloadKey names one shared payload: its class (payloadClass) and the value it shows.
type payloadKey struct {
	class [sha256.Size]byte
	value any // comparable
}

// payloadKeys returns the key of each payload of the subscription ctx belongs to, its value
// named by name, or nil when its payloads cannot be shared.
func payloadKeys[T any](ctx context.Context, p *store.Principal, name func(T) any) func(T) any {
	class, ok := payloadClass(ctx, p)
	if !ok {
		return nil
	}
	return func(v T) any { return payloadKey{class: class, value: name(v)} }
}

// sessionEventName names a sessionEvents value: a session starts once and ends once, so the
// session, the kind and the time name the event.
func sessionEventName(ev *models.SessionEvent) any {
	type name struct {
		session string
		kind    models.SessionEventType
		at      time.Time
	}
	return name{ev.Session.ID, ev.Type, ev.OccurredAt}
}

// auditEntryName names an auditEventAdded value: its entry.
func auditEntryName(e *models.AuditEvent) any { return e.ID }

// payloadClass digests everything but the event that a subscription's payloads depend on:
// the caller's account and rights, and what it asked. ok is false when the selection reads the
// viewer, or there is no operation to read.
func payloadClass(ctx context.Context, p *store.Principal) (class [sha256.Size]byte, ok bool) {
	rc := graphql.GetOperationContext(ctx)
	if rc == nil || rc.Operation == nil || readsViewer(rc.Operation.SelectionSet) {
		return class, false
	}
	vars, err := json.Marshal(rc.Variables) // map keys sorted: equal variables, equal bytes
	if err != nil {
		return class, false
	}
	who := string(p.User.Role)
	if !p.User.IsAdmin() {
		who += " " + p.User.ID
	}
	if p.APIKey != nil {
		who += " key " + p.APIKey.ID
	}
	h := sha256.New()
	for _, part := range []string{p.User.AccountID, who, rc.OperationName, rc.RawQuery, string(vars)} {
		fmt.Fprintf(h, "%d:%s,", len(part), part) // lengths first: no two lists digest alike
	}
	h.Sum(class[:0])
	return class, true
}

// readsViewer tells whether set selects a viewer field, directly or in fragments.
func readsViewer(set ast.SelectionSet) bool {
	for _, sel := range set {
		switch s := sel.(type) {
		case *ast.Field:
			if s.ObjectDefinition == nil || viewerFields[s.ObjectDefinition.Name+"."+s.Name] || readsViewer(s.SelectionSet) {
				return true // a field not validated against the schema is not understood: no sharing
			}
		case *ast.InlineFragment:
			if readsViewer(s.SelectionSet) {
				return true
			}
		case *ast.FragmentSpread:
			if s.Definition == nil || readsViewer(s.Definition.SelectionSet) {
				return true
			}
		}
	}
	return false
}
