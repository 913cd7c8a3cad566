package app

import (
	"context"
	"fmt"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/handler/extension"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"sessionguard/internal/apperr"
)

// persistedQueries is gqlgen's automatic persisted queries (APQ) with two guards. A document
// longer than maxBytes is refused before APQ stores it: APQ runs before costCheck, and would
// otherwise keep whatever text anyone sends. APQ's own refusals carry no code, which would make
// a client's mistake look like our internal error; here they get one.
type persistedQueries struct {
	extension.AutomaticPersistedQuery
	maxBytes int
}

var _ graphql.OperationParameterMutator = persistedQueries{}

func (p persistedQueries) MutateOperationParameters(ctx context.Context, raw *graphql.RawParams) *gqlerror.Error {
	if len(raw.Query) > p.maxBytes {
		return &gqlerror.Error{
			Message:    fmt.Sprintf("the document is longer than %d bytes", p.maxBytes),
			Extensions: map[string]any{"code": string(apperr.QueryTooLarge), "maxBytes": p.maxBytes},
		}
	}
	err := p.AutomaticPersistedQuery.MutateOperationParameters(ctx, raw)
	if err != nil && !hasCode(err) {
		setCode(err, apperr.PersistedQueryInvalid)
	}
	return err
}
