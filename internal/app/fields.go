package app

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"

	"sessionguard/internal/auth"
	"sessionguard/internal/store"
	"sessionguard/models"
)

// publicFields need no session: they are how a caller gets one.
var publicFields = map[string]bool{"login": true, "signUp": true}

// guardFields refuses every root field but login and signUp without a valid session, refuses
// text arguments no database can store, and reports each invalid input field as its own error so
// a form can mark them all.
func guardFields(ctx context.Context, next graphql.Resolver) (any, error) {
	fc := graphql.GetFieldContext(ctx)
	if fc != nil && isRoot(fc.Object) && !publicFields[fc.Field.Name] && !strings.HasPrefix(fc.Field.Name, "__") {
		if _, err := auth.CallerFrom(ctx); err != nil {
			return nil, err
		}
	}
	var res any
	var err error
	if fc != nil && len(fc.Field.Arguments) > 0 {
		err = storableArguments(ctx, fc.Field.Arguments)
	}
	if err == nil {
		res, err = next(ctx)
	}
	if err != nil {
		err = reportEachField(ctx, err)
	}
	return res, err
}

// reportEachField adds each but the last of err's field errors to the response, and returns
// the last; err as it is if it holds fewer than two. Kept out of guardFields, which runs on every
// field: errors.As allocates the slice it fills, and only a failing field needs it.
func reportEachField(ctx context.Context, err error) error {
	var fields models.FieldErrors
	if !errors.As(err, &fields) || len(fields) < 2 {
		return err
	}
	for _, f := range fields[:len(fields)-1] {
		graphql.AddError(ctx, f)
	}
	return fields[len(fields)-1]
}

func isRoot(object string) bool {
	return object == "Query" || object == "Mutation" || object == "Subscription"
}

// storableArguments refuses text no database can store or search well, naming each field: NUL
// characters (valid GraphQL, but PostgreSQL text cannot hold them), invalid UTF-8 (a GET query's
// string literal carries raw bytes; PostgreSQL refuses them), text longer than its field's cap
// (SQLite refuses LIKE patterns over 50,000 bytes), and cursors hiding any of these. They would
// otherwise fail deep in a query as internal errors, differently on each engine.
func storableArguments(ctx context.Context, args ast.ArgumentList) error {
	var vars map[string]any
	if oc := graphql.GetOperationContext(ctx); oc != nil {
		vars = oc.Variables
	}
	var errs models.FieldErrors
	for _, arg := range args {
		v, err := arg.Value.Value(vars)
		if err != nil {
			continue // gqlgen reports malformed arguments itself
		}
		checkText(&errs, arg.Name, v)
	}
	if len(errs) > 0 {
		return errs
	}
	return nil
}

// textCaps bounds string arguments, in characters (Unicode code points), by field name; any other
// string gets maxText. Where the domain has a limit the cap is that limit (internal/auth checkName,
// checkEmail, checkPassword), so the two never disagree; the domain still checks the minimum and
// the form.
var textCaps = map[string]int{
	"name":        100, // display names
	"accountName": 100,
	"email":       254, // the longest address RFC 5321 allows
	"password":    256,
	"search":      254, // longer could match nothing: the longest searchable text is an email
	"id":          64,  // ids are 36-character UUIDs
	"userId":      64,
	"after":       maxText, // the cursors we issue are under 600 (a 100-character name and an id, in base64)

	// changePassword's and resetUserPassword's, as password's: each costs an argon2id hash and
	// a lookup in the common passwords, so hostile input must cost bounded CPU. No current
	// password can be longer than a password may be set.
	"currentPassword": 256,
	"newPassword":     256,
}

// maxText caps every other string argument.
const maxText = 1000

// cursorFields hold a cursor: base64 of text (a sort key and an id) that is checked too.
var cursorFields = map[string]bool{"after": true}

// checkText adds one error for each string under v, named by its innermost field, that is not
// storable text within its cap.
func checkText(errs *models.FieldErrors, field string, v any) {
	switch v := v.(type) {
	case string:
		if msg := textProblem(field, v); msg != "" {
			errs.Add(field, msg)
		}
	case map[string]any:
		for _, name := range slices.Sorted(maps.Keys(v)) {
			checkText(errs, name, v[name])
		}
	case []any:
		for _, inner := range v {
			checkText(errs, field, inner)
		}
	}
}

// textProblem says what is wrong with s as field, or "".
func textProblem(field, s string) string {
	limit, ok := textCaps[field]
	if !ok {
		limit = maxText
	}
	switch {
	case strings.IndexByte(s, 0) >= 0:
		return "must not contain NUL characters"
	case !utf8.ValidString(s):
		return "must be valid UTF-8 text"
	case len(s) > limit && utf8.RuneCountInString(s) > limit: // bytes ≥ characters: count only when needed
		return fmt.Sprintf("must be at most %d characters", limit)
	case cursorFields[field] && !storableCursor(s):
		return "is not a valid cursor"
	}
	return ""
}

// storableCursor reports whether the text a cursor decodes to is storable. A cursor that does not
// decode at all is left to the resolver, which refuses it with the same message.
func storableCursor(s string) bool {
	c, err := store.DecodeCursor(s, "")
	if err != nil {
		return true
	}
	// The key ends at the cursor's first NUL; the id may hold more.
	return utf8.ValidString(c.Key) && utf8.ValidString(c.ID) && strings.IndexByte(c.ID, 0) < 0
}
