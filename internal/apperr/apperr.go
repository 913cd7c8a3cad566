// Package apperr is the API's error vocabulary: every code a client can find in a GraphQL error's
// extensions.code (codes.go), and the error that carries one, so every layer can fail precisely
// and the API maps codes in one place. It imports nothing of the project: any package may use it.
package apperr

import (
	"errors"
	"fmt"
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

// CodeOf returns err's code: "" for nil, Internal when err is not an *Error.
func CodeOf(err error) Code {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return Internal
}
