package contract_test

import (
	"os"
	"strings"
	"testing"

	"sessionguard/internal/contract"
)

// The committed graph/schema.graphql is the schema this code serves: a schema change without the
// printed file updated fails here, before the breaking-change check compares the file with its base.
func TestCommittedSchemaIsCurrent(t *testing.T) {
	committed, err := os.ReadFile("../../graph/schema.graphql")
	if err != nil {
		t.Fatalf("graph/schema.graphql is missing (%v); create it with: %s", err, contract.Command)
	}
	current := contract.SDL()
	if string(committed) == current {
		return
	}
	got, want := strings.Split(string(committed), "\n"), strings.Split(current, "\n")
	line := 0
	for line < len(got) && line < len(want) && got[line] == want[line] {
		line++
	}
	at := func(lines []string) string {
		if line < len(lines) {
			return lines[line]
		}
		return "(end of file)"
	}
	t.Fatalf("graph/schema.graphql is not the current schema; run: %s\nfirst difference at line %d:\n  committed: %s\n  current:   %s",
		contract.Command, line+1, at(got), at(want))
}

// The printed schema holds every root type and a known field, described.
func TestSDLPrintsTheWholeSchema(t *testing.T) {
	sdl := contract.SDL()
	for _, want := range []string{"type Query {", "type Mutation {", "type Subscription {", "  me: Viewer!", `"""`} {
		if !strings.Contains(sdl, want) {
			t.Errorf("the printed schema lacks %q", want)
		}
	}
}
