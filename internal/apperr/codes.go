package apperr

// Code is a machine-readable error class, shown to clients as extensions.code.
type Code string

// Every code a client can find in extensions.code, and nowhere else: README.md ("Errors") lists
// each with its HTTP status, and TestREADMEListsEveryCode keeps the two in step. An error that
// carries no code reaches clients as Internal.
const (
	// Unauthenticated: no session token, an unknown one, or one whose session has ended.
	Unauthenticated Code = "UNAUTHENTICATED"
	// Forbidden: the caller's role or account may not do this (or sign-up is disabled), an API
	// key lacks the scope or asks what only people do, or a cookie-authenticated POST came from
	// a foreign Origin.
	Forbidden Code = "FORBIDDEN"
	// NotFound: no such user or session in the caller's account.
	NotFound Code = "NOT_FOUND"
	// BadUserInput: an argument breaks its rule; extensions.field names it.
	BadUserInput Code = "BAD_USER_INPUT"
	// InvalidCredentials: login with an unknown email or a wrong password.
	InvalidCredentials Code = "INVALID_CREDENTIALS"
	// RateLimited: a login, sign-up or email-taken budget is spent, password hashing is
	// saturated, a socket asks for more subscriptions than it may hold, or an API key is over
	// its rate.
	RateLimited Code = "RATE_LIMITED"
	// SessionLimitReached: a login over the concurrent session limit under REJECT_NEW.
	SessionLimitReached Code = "SESSION_LIMIT_REACHED"
	// ResyncRequired ends a sessionEvents stream whose delivery broke (the database connection
	// was lost): the subscriber refetches, then subscribes again.
	ResyncRequired Code = "RESYNC_REQUIRED"
	// SlowConsumer ends a sessionEvents stream whose subscriber fell too far behind.
	SlowConsumer Code = "SLOW_CONSUMER"
	// RequestCancelled: the request's context ended (client gone, or shutdown) before it finished.
	RequestCancelled Code = "REQUEST_CANCELLED"
	// Internal: anything unexpected; the cause is logged, not shown.
	Internal Code = "INTERNAL_SERVER_ERROR"

	// IntrospectionDisabled: __schema or __type from a caller the INTROSPECTION mode refuses.
	IntrospectionDisabled Code = "INTROSPECTION_DISABLED"
	// PersistedQueryInvalid: an automatic persisted query extension that does not decode, has an
	// unknown version, or a hash that does not match its document.
	PersistedQueryInvalid Code = "PERSISTED_QUERY_INVALID"
	// PersistedQueryNotFound (gqlgen's): a persisted query hash the server does not hold; the
	// client sends the document with it.
	PersistedQueryNotFound Code = "PERSISTED_QUERY_NOT_FOUND"
	// QueryTooLarge: too many bytes, tokens, operations, fragments, directives or variables.
	QueryTooLarge Code = "QUERY_TOO_LARGE"
	// QueryTooDeep: fields nested deeper than the depth limit.
	QueryTooDeep Code = "QUERY_TOO_DEEP"
	// ComplexityLimitExceeded: too many fields, aliases or nodes once fragments are expanded,
	// or over gqlgen's complexity limit; one code, since both price what the operation would do.
	ComplexityLimitExceeded Code = "COMPLEXITY_LIMIT_EXCEEDED"
	// IntrospectionLimitExceeded: too many __schema and __type fields in one operation.
	IntrospectionLimitExceeded Code = "INTROSPECTION_LIMIT_EXCEEDED"
	// TooManyCredentialAttempts: more than one login or signUp in one operation.
	TooManyCredentialAttempts Code = "TOO_MANY_CREDENTIAL_ATTEMPTS"
	// ParseFailed (gqlgen's): the document is not GraphQL.
	ParseFailed Code = "GRAPHQL_PARSE_FAILED"
	// ValidationFailed (gqlgen's): the document does not fit the schema, its variables do not
	// coerce, or its fragments spread each other in a cycle.
	ValidationFailed Code = "GRAPHQL_VALIDATION_FAILED"

	// BadRequest: a malformed HTTP request (body not one JSON object, parameters of wrong types).
	BadRequest Code = "BAD_REQUEST"
	// MethodNotAllowed: a method other than GET and POST, or a mutation over GET.
	MethodNotAllowed Code = "METHOD_NOT_ALLOWED"
	// NotAcceptable: Accept allows neither application/graphql-response+json nor application/json.
	NotAcceptable Code = "NOT_ACCEPTABLE"
	// UnsupportedMediaType: a POST whose Content-Type is not application/json.
	UnsupportedMediaType Code = "UNSUPPORTED_MEDIA_TYPE"
	// PayloadTooLarge: a request body over the size limit.
	PayloadTooLarge Code = "PAYLOAD_TOO_LARGE"
	// OperationNotSupported: a subscription over HTTP instead of a websocket.
	OperationNotSupported Code = "OPERATION_NOT_SUPPORTED"
)
