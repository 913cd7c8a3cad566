package main

import (
	"os/exec"
	"testing"
)

// scripts/bench, which runs this tool, at least parses: it only runs for real on demand.
func TestBenchScriptParses(t *testing.T) {
	if out, err := exec.Command("bash", "-n", "../../../scripts/bench").CombinedOutput(); err != nil {
		t.Fatalf("bash -n scripts/bench: %v\n%s", err, out)
	}
}
