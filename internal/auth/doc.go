// Package auth turns credentials into sessions and requests into principals: tokens, password
// hashing, login throttling and the HTTP middleware that authenticates every request.
//
// Sessions starts and ends the sessions of the request at hand, and is the one place that
// decides how a session ends: who may end which, with what reason, and what the request and its
// browser learn. It lives here rather than in a package of its own because ending is bound to
// the request as tightly as starting is: both change the principal this package attaches to
// the request and the session cookie it writes (as kratos's session manager issues and purges
// cookies in one place), and a login replaces the browser's session inside the same start.
package auth
