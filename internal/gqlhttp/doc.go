// Package gqlhttp provides a gqlgen transport that serves /graphql according
// to the GraphQL over HTTP specification
// (https://graphql.github.io/graphql-over-http/draft/).
//
// gqlgen's built-in transport.GET and transport.POST answer most request
// errors with 200 or 422, always emit "data": null (even when the request
// never executed), execute nothing useful for unsupported media types and do
// not negotiate the response media type with q-values. Standard clients rely
// on those details, so this package replaces both with a single [Transport]
// that owns every plain HTTP request reaching the GraphQL endpoint:
//
//   - GET executes queries from the URL (query, operationName, variables,
//     extensions); a mutation over GET is answered 405 with "Allow: POST"
//     and is never executed.
//   - POST executes a JSON body; any other Content-Type is answered 415. There
//     is deliberately no form or multipart support: those are the content
//     types a cross-site HTML form can send without a CORS preflight.
//   - Every other method is answered 405 with "Allow: GET, POST".
//
// The response media type is application/graphql-response+json when the
// client asks for it and application/json otherwise; see [Transport] for the
// exact status code rules.
//
// Wiring: gqlgen uses the first transport whose Supports matches, and this
// one claims every request that is not a websocket upgrade, so add it after
// any websocket or SSE transport. Do not add transport.GET, transport.POST
// or transport.MultipartForm. OPTIONS (CORS preflight) is expected to be
// answered by CORS middleware in front of the handler; if it gets here it is
// a 405 like any other method.
//
//	srv := handler.New(es)
//	srv.AddTransport(transport.Websocket{})   // optional, must come first
//	srv.AddTransport(gqlhttp.Transport{})
//	http.Handle("/graphql", srv)
package gqlhttp
