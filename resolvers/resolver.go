// Package resolvers is the GraphQL layer: each resolver authorises the caller, calls the store
// or auth service, and leaves error codes to the error presenter. Rules live below, not here.
package resolvers

import (
	"golang.org/x/sync/singleflight"

	"sessionguard/internal/auth"
	"sessionguard/internal/events"
	"sessionguard/internal/store"
	"sessionguard/internal/webhooks"
)

// Resolver holds what every resolver needs.
type Resolver struct {
	Store *store.Store
	Auth  *auth.Service
	// Hub delivers this process's live events to subscriptions.
	Hub *events.Hub
	// AllowSignUp enables the signUp mutation.
	AllowSignUp bool
	// Webhooks manages the account's webhook endpoints.
	Webhooks *webhooks.Service

	loads      sharedLoads        // sessionEvents' sessions, one load per event for all subscribers
	auditLoads singleflight.Group // auditEventAdded's entries, one load per delivery and scope
}
