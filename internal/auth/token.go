package auth

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"strings"
)

// Prefixes let secret scanners and humans recognise a sessionguard session or device token.
const (
	tokenPrefix  = "sg_"
	devicePrefix = "sgd_"
)

// NewToken returns a fresh session token (256 random bits) and the hash the store keeps. The
// token itself is never stored: a stolen database cannot be replayed as sessions.
func NewToken() (token string, hash []byte) { return newSecret(tokenPrefix) }

// newDeviceToken returns a fresh trusted-device token and its hash, made like session tokens.
func newDeviceToken() (token string, hash []byte) { return newSecret(devicePrefix) }

func newSecret(prefix string) (token string, hash []byte) {
	var b [32]byte
	_, _ = rand.Read(b[:]) // crypto/rand.Read never fails on supported platforms
	token = prefix + base64.RawURLEncoding.EncodeToString(b[:])
	return token, HashToken(token)
}

// HashToken hashes a token for lookup. A fast hash is right here: the token has 256 bits of
// entropy, so unlike a password it cannot be guessed from its hash.
func HashToken(token string) []byte {
	sum := sha256.Sum256([]byte(token))
	return sum[:]
}

// wellFormed rejects strings that cannot be our session tokens before any database lookup.
func wellFormed(token string) bool { return hasShape(token, tokenPrefix) }

// wellFormedDevice is wellFormed for device tokens.
func wellFormedDevice(token string) bool { return hasShape(token, devicePrefix) }

func hasShape(token, prefix string) bool {
	return strings.HasPrefix(token, prefix) && len(token) == len(prefix)+43
}
