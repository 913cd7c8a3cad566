package gqlhttp

import (
	"net/http"

	"github.com/vektah/gqlparser/v2/gqlerror"

	"sessionguard/internal/apperr"
)

// defaultCodeStatus maps well-known error codes to the status used when a
// response without data is served as application/graphql-response+json.
// The spec asks for 400 on parse/validation failures and 401/403 when the
// client is not permitted; 400 is the fallback for everything else.
var defaultCodeStatus = map[string]int{
	string(apperr.ParseFailed):      http.StatusBadRequest,
	string(apperr.ValidationFailed): http.StatusBadRequest,
	string(apperr.BadRequest):       http.StatusBadRequest,
	string(apperr.Unauthenticated):  http.StatusUnauthorized,
	string(apperr.Forbidden):        http.StatusForbidden,
	string(apperr.Internal):         http.StatusInternalServerError,
}

// requestErrorStatus picks the status for a response that has no data entry
// and is served as application/graphql-response+json. The spec makes a 4xx
// or 5xx status a MUST there, so configured values outside that range are
// ignored. The first error carrying a known code decides.
func (t Transport) requestErrorStatus(errs gqlerror.List) int {
	for _, err := range errs {
		code, _ := err.Extensions["code"].(string)
		if code == "" {
			continue
		}
		if s, ok := t.CodeStatus[code]; ok && s >= 400 && s <= 599 {
			return s
		}
		if s, ok := defaultCodeStatus[code]; ok {
			return s
		}
	}
	return http.StatusBadRequest
}
