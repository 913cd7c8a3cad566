package gqlhttp_test

import (
	"context"
	"net/http"
	"testing"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/handler"
	"github.com/99designs/gqlgen/graphql/handler/extension"
	"github.com/99designs/gqlgen/graphql/handler/lru"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"sessionguard/internal/gqlhttp"
)

// TestRequestErrors: parse and validation failures carry no data entry and
// are 400 as application/graphql-response+json but 200 as application/json.
func TestRequestErrors(t *testing.T) {
	reqErr := func(name, body, code string) []tcase {
		return both(tcase{name: name, body: body},
			requestError(http.StatusBadRequest, ctGR, code),
			requestError(http.StatusOK, ctJSON, code))
	}
	run(t, flatten(
		reqErr("parse failure", `{"query":"{"}`, "GRAPHQL_PARSE_FAILED"),
		reqErr("validation failure", `{"query":"{ nope }"}`, "GRAPHQL_VALIDATION_FAILED"),
		reqErr("unknown operationName", `{"query":"{ name }","operationName":"X"}`, "GRAPHQL_VALIDATION_FAILED"),
		reqErr("variable coercion failure", `{"query":"query($id: Int!) { find(id: $id) }","variables":{"id":"x"}}`,
			"GRAPHQL_VALIDATION_FAILED"),
		reqErr("subscription", `{"query":"subscription { tick }"}`, "OPERATION_NOT_SUPPORTED"),
	))
}

// TestExecution: any response with a data entry is 200, including data: null
// caused by a failing non-null field.
func TestExecution(t *testing.T) {
	okWith := func(ct, data string, errs bool) want {
		return want{status: http.StatusOK, contentType: ct, data: data, errs: errs, executed: 1}
	}
	run(t, flatten(
		both(tcase{name: "query", body: `{"query":"{ name }"}`},
			okWith(ctGR, `{"name":"test"}`, false), okWith(ctJSON, `{"name":"test"}`, false)),
		both(tcase{name: "mutation over POST", body: `{"query":"mutation { rename(name: \"x\") }"}`},
			okWith(ctGR, `{"rename":"ok"}`, false), okWith(ctJSON, `{"rename":"ok"}`, false)),
		both(tcase{name: "field error nulls data", body: `{"query":"{ fail }"}`},
			okWith(ctGR, `null`, true), okWith(ctJSON, `null`, true)),
	))
}

// reject is operation middleware that refuses to execute, the way an auth
// or rate-limit layer of the server would.
func reject(code string) func(*handler.Server) {
	return func(srv *handler.Server) {
		srv.AroundOperations(func(ctx context.Context, next graphql.OperationHandler) graphql.ResponseHandler {
			return graphql.OneShot(&graphql.Response{Errors: gqlerror.List{{
				Message:    "rejected",
				Extensions: map[string]any{"code": code},
			}}})
		})
	}
}

// TestMiddlewareErrors: errors raised before execution by extensions or
// operation middleware keep their code; without data they need a 4xx/5xx
// status as application/graphql-response+json and 200 as application/json.
func TestMiddlewareErrors(t *testing.T) {
	const query = `{"query":"{ name }"}`
	mw := func(name string, status int, code string, tr gqlhttp.Transport, setup func(*handler.Server)) []tcase {
		return both(tcase{name: name, body: query, tr: tr, setup: setup},
			requestError(status, ctGR, code), requestError(http.StatusOK, ctJSON, code))
	}
	complexity := func(srv *handler.Server) { srv.Use(extension.FixedComplexityLimit(1)) }
	apq := func(srv *handler.Server) {
		srv.Use(extension.AutomaticPersistedQuery{Cache: lru.New[string](10)})
	}
	rateLimited := gqlhttp.Transport{CodeStatus: map[string]int{"RATE_LIMITED": http.StatusTooManyRequests}}
	invalid := gqlhttp.Transport{CodeStatus: map[string]int{"RATE_LIMITED": http.StatusOK}}
	run(t, flatten(
		mw("forbidden", http.StatusForbidden, "FORBIDDEN", gqlhttp.Transport{}, reject("FORBIDDEN")),
		mw("unauthenticated", http.StatusUnauthorized, "UNAUTHENTICATED", gqlhttp.Transport{}, reject("UNAUTHENTICATED")),
		mw("unknown code", http.StatusBadRequest, "SOMETHING", gqlhttp.Transport{}, reject("SOMETHING")),
		mw("configured code", http.StatusTooManyRequests, "RATE_LIMITED", rateLimited, reject("RATE_LIMITED")),
		mw("2xx mapping ignored", http.StatusBadRequest, "RATE_LIMITED", invalid, reject("RATE_LIMITED")),
		mw("complexity limit", http.StatusBadRequest, "COMPLEXITY_LIMIT_EXCEEDED", gqlhttp.Transport{}, complexity),
		both(tcase{name: "persisted query without document", setup: apq,
			body: `{"extensions":{"persistedQuery":{"version":1,"sha256Hash":"abc"}}}`},
			requestError(http.StatusBadRequest, ctGR, "PERSISTED_QUERY_NOT_FOUND"),
			requestError(http.StatusOK, ctJSON, "PERSISTED_QUERY_NOT_FOUND")),
	))
}
