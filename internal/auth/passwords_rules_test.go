package auth

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"unicode/utf8"

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

// The common-password check against the length check alone, the rule before it, in one run:
// what each password set pays for the list, before its ~30 ms argon2id hash.
//
//	go test -run '^$' -bench PasswordRules ./internal/auth
func BenchmarkPasswordRules(b *testing.B) {
	for _, password := range []string{"a-long-new-password", strings.Repeat("Ä", 256)} {
		b.Run(fmt.Sprintf("length only/%d chars", utf8.RuneCountInString(password)), func(b *testing.B) {
			for b.Loop() {
				if n := utf8.RuneCountInString(password); n < 8 || n > 256 {
					b.Fatal("refused")
				}
			}
		})
		b.Run(fmt.Sprintf("length and list/%d chars", utf8.RuneCountInString(password)), func(b *testing.B) {
			for b.Loop() {
				var errs models.FieldErrors
				checkPassword(&errs, "password", password)
				if len(errs) != 0 {
					b.Fatal(errs)
				}
			}
		})
	}
}
