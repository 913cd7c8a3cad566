// Package commonpasswords knows the passwords people choose most often, so that none of them can
// be set: they are the first guesses of every attacker, and the throttle on logins only slows
// guessing, it cannot make a password from the top of such a list safe (NIST SP 800-63B 5.1.1.2,
// OWASP ASVS 2.1.7).
//
// The list is Openwall's password.lst (Solar Designer, 1996-2011, public domain), as Debian's
// john-data package ships it in /usr/share/john/password.lst: 3,546 passwords, most common first.
// It is embedded, so the binary needs no file at run time.
package commonpasswords

import (
	_ "embed"
	"strings"
)

//go:embed password.lst
var list string

// commentPrefix starts the list's header lines (its source and licence), which are no passwords.
const commentPrefix = "#!comment:"

// common holds every password of the list, lower-cased.
var common = parse(list)

// parse reads one password a line, skipping the header and the empty line.
func parse(text string) map[string]struct{} {
	set := make(map[string]struct{}, strings.Count(text, "\n"))
	for line := range strings.Lines(text) {
		line = strings.TrimSuffix(line, "\n")
		if line == "" || strings.HasPrefix(line, commentPrefix) {
			continue
		}
		set[strings.ToLower(line)] = struct{}{}
	}
	return set
}

// Contains reports whether password is on the list, ignoring case: "PassWord1" is as easily
// guessed as "password1".
func Contains(password string) bool {
	_, ok := common[strings.ToLower(password)]
	return ok
}
