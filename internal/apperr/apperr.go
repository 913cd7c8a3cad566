// Package apperr gives domain errors the code a client sees in a GraphQL error's
// extensions.code, so every layer can fail precisely and the API maps codes in one place.
package apperr

import (
	"errors"
	"fmt"
)

// Code is a machine-readable error class, shown to clients as extensions.code.
type Code string

const (
	Unauthenticated     Code = "UNAUTHENTICATED"
	Forbidden           Code = "FORBIDDEN"
	NotFound            Code = "NOT_FOUND"
	BadUserInput        Code = "BAD_USER_INPUT"
	InvalidCredentials  Code = "INVALID_CREDENTIALS"
	RateLimited         Code = "RATE_LIMITED"
	SessionLimitReached Code = "SESSION_LIMIT_REACHED"
	// ResyncRequired and SlowConsumer end a live stream whose subscriber must refetch.
	ResyncRequired Code = "RESYNC_REQUIRED"
	SlowConsumer   Code = "SLOW_CONSUMER"
)

// Error is a failure a client may see and act on.
type Error struct {
	Code    Code
	Message string
}

func (e *Error) Error() string { return e.Message }

// New returns an error with code and a message for the client.
func New(code Code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// CodeOf returns err's code, or "" when err is not an *Error.
func CodeOf(err error) Code {
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return ""
}
