package commonpasswords

import (
	"regexp"
	"strconv"
	"strings"
	"testing"
)

func TestContains(t *testing.T) {
	cases := []struct {
		password string
		want     bool
	}{
		{"123456", true},   // the list's first entry
		{"password", true}, // its third
		{"PassWord", true}, // case does not matter
		{"PASSWORD1", true},
		{"sss", true}, // its last entry: the whole file is read
		{"qwertyuiop", true},
		{"password ", false}, // a different password, however close
		{"correct horse battery staple", false},
		{"sessionguard-demo", false},
		{"", false}, // the list's empty line is no password
		{"#!comment: This list has been compiled by Solar Designer of Openwall Project", false},
		{"#!comment:", false},
	}
	for _, tc := range cases {
		if got := Contains(tc.password); got != tc.want {
			t.Errorf("Contains(%q) = %v, want %v", tc.password, got, tc.want)
		}
	}
}

// TestEveryEntryIsLoaded: the header states how many entries the list has; each of them (but
// the empty one) is a common password, and no header line is.
func TestEveryEntryIsLoaded(t *testing.T) {
	m := regexp.MustCompile(`\((\d+) entries\)`).FindStringSubmatch(list)
	if m == nil {
		t.Fatal("the list's header no longer states its number of entries")
	}
	stated, _ := strconv.Atoi(m[1])
	var entries, comments int
	for line := range strings.Lines(list) {
		line = strings.TrimSuffix(line, "\n")
		if strings.HasPrefix(line, commentPrefix) {
			comments++
			if Contains(line) {
				t.Errorf("header line %q counts as a password", line)
			}
			continue
		}
		entries++
		if line != "" && !Contains(line) {
			t.Errorf("entry %q is not found", line)
		}
	}
	if entries != stated {
		t.Errorf("read %d entries, the header states %d", entries, stated)
	}
	if comments == 0 || !strings.Contains(list, "public domain") {
		t.Error("the header stating the list's source and licence is gone")
	}
	// Entries differing only in case are one password.
	if len(common) >= entries || len(common) < entries*9/10 {
		t.Errorf("%d distinct lower-cased passwords from %d entries", len(common), entries)
	}
}

func BenchmarkContains(b *testing.B) {
	long := strings.Repeat("Ab1", 85) // the longest password anyone may set: 255 characters
	for b.Loop() {
		Contains(long)
	}
}
