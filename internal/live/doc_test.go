// Package live_test tests live updates end to end: subscriptions over real websockets, in both
// protocols and on both database engines. Who may open a socket and how it is refused, what each
// subscription delivers and when, that revocation closes a session's sockets with a reason, the
// per-session limits, slow consumers and goroutine leaks.
//
// They live beside the socket registry and connection_init they exercise (with the subscription
// resolvers and the event hub), not in internal/app, the composition root, which only wires them;
// queries and mutations are tested in resolvers. The helpers are internal/apitest's, and
// internal/wstest's where a test needs the socket itself.
package live_test
