package app

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"strings"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"sessionguard/internal/apperr"
	"sessionguard/internal/auth"
	"sessionguard/models"
)

// codeStatus adds to gqlhttp's defaults (parse and validation 400, UNAUTHENTICATED 401,
// FORBIDDEN 403) the status of a request refused before its operation runs, as
// application/graphql-response+json. No such refusal is RATE_LIMITED today (rate limits answer
// from resolvers, with data); one that is gets the status a client retries on.
var codeStatus = map[string]int{string(apperr.RateLimited): http.StatusTooManyRequests}

// presentError gives every error a client sees an extensions.code: domain codes from apperr,
// BAD_USER_INPUT naming the field for invalid input, and INTERNAL_SERVER_ERROR (with the cause
// logged, not shown) for everything unexpected. Callers without a session get no "Did you
// mean" suggestions.
func presentError(ctx context.Context, err error) *gqlerror.Error {
	gqlErr := graphql.DefaultErrorPresenter(ctx, err)
	var coded *apperr.Error
	var field models.FieldError
	var fields models.FieldErrors
	switch {
	case errors.As(err, &coded):
		gqlErr.Message = coded.Message
		setCode(gqlErr, coded.Code)
	case errors.As(err, &field):
		presentField(gqlErr, field)
	case errors.As(err, &fields) && len(fields) > 0:
		presentField(gqlErr, fields[0])
	case errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded):
		gqlErr.Message = "request cancelled"
		setCode(gqlErr, apperr.RequestCancelled)
	case hasCode(gqlErr):
		// gqlgen's own errors (validation, parsing) already carry one.
	default:
		slog.ErrorContext(ctx, "internal error", "path", gqlErr.Path.String(), "err", err)
		gqlErr.Message = "internal server error"
		setCode(gqlErr, apperr.Internal)
	}
	if auth.RequestFrom(ctx).Principal == nil {
		gqlErr.Message = withoutSuggestion(gqlErr.Message)
	}
	return gqlErr
}

// withoutSuggestion drops the "Did you mean ...?" that gqlparser's validation appends to a
// message, which names fields, arguments, types and enum values the caller did not ask for: the
// schema is for callers with a session (gqlgen's SetDisableSuggestion would hide it from
// everyone). Every shape gqlparser v2.5 produces is that suffix: ` Did you mean "a", "b", or
// "c"?`, ` Did you mean the enum value "A"?`, ` Did you mean to use an inline fragment on "T"?`
// and ` Did you mean "f { ... }"?`. The suffix is the message's last "Did you mean": only schema
// names follow it, while a value the caller typed, quoted earlier in the message, may hold one.
func withoutSuggestion(msg string) string {
	if !strings.HasSuffix(msg, "?") {
		return msg
	}
	if i := strings.LastIndex(msg, " Did you mean "); i >= 0 {
		return msg[:i]
	}
	return msg
}

func presentField(e *gqlerror.Error, f models.FieldError) {
	e.Message = f.Error()
	setCode(e, apperr.BadUserInput)
	e.Extensions["field"] = f.Field
}

func setCode(e *gqlerror.Error, code apperr.Code) {
	if e.Extensions == nil {
		e.Extensions = map[string]any{}
	}
	e.Extensions["code"] = string(code) // a string, as gqlgen's own codes: readers assert on it
}

func hasCode(e *gqlerror.Error) bool {
	_, ok := e.Extensions["code"]
	return ok
}
