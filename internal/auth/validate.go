package auth

import (
	"net/mail"
	"strings"
	"unicode/utf8"

	"sessionguard/internal/auth/commonpasswords"
	"sessionguard/models"
)

// NormalizeEmail trims and lower-cases an email so one address is one login.
func NormalizeEmail(email string) string { return strings.ToLower(strings.TrimSpace(email)) }

func checkName(errs *models.FieldErrors, field, name string) {
	if n := utf8.RuneCountInString(strings.TrimSpace(name)); n < 1 || n > 100 {
		errs.Add(field, "must be 1 to 100 characters")
	}
}

func checkEmail(errs *models.FieldErrors, field, email string) {
	addr, err := mail.ParseAddress(email)
	if err != nil || addr.Address != email || len(email) > 254 {
		errs.Add(field, "must be a valid email address")
	}
}

// checkPassword holds every password that is set (sign-up, createUser, the bootstrap
// administrator, changePassword, resetUserPassword) to the same rules: 8 to 256 characters, and
// not one of the most common passwords, which attackers try first.
func checkPassword(errs *models.FieldErrors, field, password string) {
	if n := utf8.RuneCountInString(password); n < 8 || n > 256 {
		errs.Add(field, "must be 8 to 256 characters")
	} else if commonpasswords.Contains(password) {
		errs.Add(field, "is one of the most common passwords; choose another")
	}
}

// CheckNewCredentials validates an email (normalised) and password as signUp and createUser do,
// for accounts made outside the API (the bootstrap administrator), which must be able to log in.
func CheckNewCredentials(email, password string) error {
	var errs models.FieldErrors
	checkEmail(&errs, "email", email)
	checkPassword(&errs, "password", password)
	if len(errs) > 0 {
		return errs
	}
	return nil
}
