// Package auth turns credentials into sessions and requests into principals: tokens, password
// hashing, login throttling and the HTTP middleware that authenticates every request.
package auth

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"strings"
)

// tokenPrefix lets secret scanners and humans recognise a sessionguard token.
const tokenPrefix = "sg_"

// NewToken returns a fresh session token (256 random bits) and the hash the store keeps. The
// token itself is never stored: a stolen database cannot be replayed as sessions.
func NewToken() (token string, hash []byte) {
	var b [32]byte
	_, _ = rand.Read(b[:]) // crypto/rand.Read never fails on supported platforms
	token = tokenPrefix + base64.RawURLEncoding.EncodeToString(b[:])
	return token, HashToken(token)
}

// HashToken hashes a token for lookup. A fast hash is right here: the token has 256 bits of
// entropy, so unlike a password it cannot be guessed from its hash.
func HashToken(token string) []byte {
	sum := sha256.Sum256([]byte(token))
	return sum[:]
}

// wellFormed rejects strings that cannot be our tokens before any database lookup.
func wellFormed(token string) bool {
	return strings.HasPrefix(token, tokenPrefix) && len(token) == len(tokenPrefix)+43
}
