// Package app_test tests the wiring the composition root owns: HTTP headers and the GraphQL
// transports, cost and size limits, introspection, persisted queries, the console's routes,
// client details from the request, and a fuzz target over the whole handler. What the API
// answers is tested where it is decided: queries and mutations in resolvers, subscriptions in
// internal/live.
package app_test
