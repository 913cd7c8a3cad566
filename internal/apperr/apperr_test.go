package apperr_test

import (
	"errors"
	"fmt"
	"testing"

	"sessionguard/internal/apperr"
)

func TestCodeOf(t *testing.T) {
	notFound := apperr.New(apperr.NotFound, "session %s not found", "s1")
	cases := []struct {
		name string
		err  error
		want apperr.Code
	}{
		{"no error", nil, ""},
		{"a coded error", notFound, apperr.NotFound},
		{"a wrapped coded error", fmt.Errorf("store: unable to end session: %w", notFound), apperr.NotFound},
		{"an error without a code is internal", errors.New("connection reset"), apperr.Internal},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := apperr.CodeOf(tc.err); got != tc.want {
				t.Errorf("CodeOf(%v) = %q, want %q", tc.err, got, tc.want)
			}
		})
	}
	if notFound.Error() != "session s1 not found" {
		t.Errorf("message %q, want the formatted one", notFound.Error())
	}
}
