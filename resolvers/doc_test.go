// Package resolvers_test tests the GraphQL API's queries and mutations (sessions and their
// listing, the session policy, logging in, signing up and out, cookies, login budgets, input
// rules) through the real HTTP handler on both database engines, with internal/apitest as their
// one helper vocabulary.
//
// They live here, in the package named for what they test, and not in internal/app: what they
// pin down is what the resolvers and the domain beneath them answer, not how the composition
// root wires the server, which internal/app tests itself (headers, transports, cost limits,
// introspection, persisted queries, the console, a fuzz target over the handler). Subscriptions
// are tested in internal/live. An external test package may import apitest → app → resolvers.
package resolvers_test
