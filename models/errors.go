package models

import "strings"

// FieldError is invalid input in one named input field.
type FieldError struct {
	Field   string
	Message string
}

func (e FieldError) Error() string { return e.Field + " " + e.Message }

// FieldErrors collects every invalid field of one input.
type FieldErrors []FieldError

// Add records that field is invalid.
func (e *FieldErrors) Add(field, message string) { *e = append(*e, FieldError{field, message}) }

func (e FieldErrors) Error() string {
	parts := make([]string, len(e))
	for i, fe := range e {
		parts[i] = fe.Error()
	}
	return strings.Join(parts, "; ")
}

// OrNil returns e as an error, or nil when it holds nothing.
func (e FieldErrors) OrNil() error {
	if len(e) == 0 {
		return nil
	}
	return e
}
