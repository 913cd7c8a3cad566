package auth

import (
	"errors"
	"strings"
	"testing"

	"sessionguard/models"
)

// CheckNewCredentials, which the bootstrap and -demo administrator pass through, holds passwords
// to the rules the API does: length in characters, and none of the most common passwords.
func TestCheckNewCredentialsPasswordRules(t *testing.T) {
	cases := []struct {
		password, want string // want: the message, "" when accepted
	}{
		{"sessionguard-demo", ""}, // the -demo default must pass
		{"12345678", "is one of the most common passwords; choose another"},
		{"Password1", "is one of the most common passwords; choose another"},
		{"QWERTYUIOP", "is one of the most common passwords; choose another"},
		{"password1!", ""},
		{"1234567", "must be 8 to 256 characters"},
		{"1234", "must be 8 to 256 characters"}, // short and common: the length is what to fix
		{strings.Repeat("é", 256), ""},
		{strings.Repeat("é", 257), "must be 8 to 256 characters"},
	}
	for _, tc := range cases {
		err := CheckNewCredentials("ops@example.test", tc.password)
		var fe models.FieldErrors
		switch {
		case tc.want == "" && err != nil:
			t.Errorf("%.20q: %v, want it accepted", tc.password, err)
		case tc.want == "":
		case !errors.As(err, &fe) || len(fe) != 1 || fe[0].Field != "password" || fe[0].Message != tc.want:
			t.Errorf("%.20q: %v, want password %s", tc.password, err, tc.want)
		}
	}
}
