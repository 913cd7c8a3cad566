package store

import (
	"encoding/base64"
	"fmt"
	"strings"

	"sessionguard/models"
)

// MaxPageSize caps every list so one request cannot ask for the whole table.
const MaxPageSize = 100

// Page is one page of a keyset-paginated list.
type Page[T any] struct {
	Items      []T
	HasNext    bool
	TotalCount int64
	// Cursors, when set, mark Items in the list's order (lists whose cursor needs more than
	// the item holds fill it).
	Cursors []Cursor
}

// Cursor marks a row in a sorted list: its sort key and, to break ties, its id.
type Cursor struct {
	Key string
	ID  string
}

// Encode makes the cursor opaque to clients.
func (c Cursor) Encode() string {
	return base64.RawURLEncoding.EncodeToString([]byte(c.Key + "\x00" + c.ID))
}

// DecodeCursor reads a cursor from a client; field names the argument in the error.
func DecodeCursor(s, field string) (*Cursor, error) {
	raw, err := base64.RawURLEncoding.DecodeString(s)
	key, id, ok := strings.Cut(string(raw), "\x00")
	if err != nil || !ok || id == "" {
		return nil, models.FieldErrors{{Field: field, Message: "is not a valid cursor"}}
	}
	return &Cursor{Key: key, ID: id}, nil
}

// PageSize validates a requested page size: default 50, at most MaxPageSize.
func PageSize(first *int) (int, error) {
	if first == nil {
		return 50, nil
	}
	if *first < 0 || *first > MaxPageSize {
		return 0, models.FieldErrors{{Field: "first", Message: fmt.Sprintf("must be between 0 and %d", MaxPageSize)}}
	}
	return *first, nil
}

// trimPage drops the extra row fetched to learn whether another page follows.
func trimPage[T any](rows []T, size int) ([]T, bool) {
	if len(rows) > size {
		return rows[:size], true
	}
	return rows, false
}

// likePattern makes a case-insensitive substring pattern, escaping LIKE's wildcards.
func likePattern(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)
	return "%" + r.Replace(strings.ToLower(s)) + "%"
}
