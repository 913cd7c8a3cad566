package store

import (
	"fmt"
	"testing"
	"time"
)

// The notes are bounded: reaching the bound asks for an early flush, and past twice the bound a
// request writes its own activity instead of noting it. Nothing is dropped.
func TestActivityNotesAreBounded(t *testing.T) {
	n := newActivityNotes()
	at := time.Date(2025, 3, 14, 9, 26, 53, 0, time.UTC)
	for i := range maxNotedActivity - 1 {
		if !n.note(fmt.Sprint("s", i), at) {
			t.Fatalf("note %d refused below the bound", i)
		}
	}
	select {
	case <-n.full:
		t.Fatal("early flush asked for below the bound")
	default:
	}
	n.note("at-the-bound", at)
	select {
	case <-n.full:
	default:
		t.Fatal("no early flush asked for at the bound")
	}
	for i := maxNotedActivity; i < 2*maxNotedActivity; i++ {
		n.note(fmt.Sprint("s", i), at)
	}
	if n.note("one-too-many", at) {
		t.Error("a note past twice the bound was kept: the caller must write it itself")
	}
	if !n.note("s1", at.Add(time.Second)) {
		t.Error("a newer note of a session already noted was refused")
	}
	if got, _ := n.latest("s1"); !got.Equal(at.Add(time.Second)) {
		t.Errorf("latest %v, want the newer note", got)
	}
	ids, _ := n.take()
	if len(ids) != 2*maxNotedActivity || n.noted.Load() != 0 {
		t.Errorf("took %d notes, %d left; want %d, 0", len(ids), n.noted.Load(), 2*maxNotedActivity)
	}
	if _, ok := n.latest("s1"); !ok {
		t.Error("a note being flushed is no longer seen")
	}
	n.settle(false)
	if n.noted.Load() != 2*maxNotedActivity {
		t.Errorf("%d notes after a failed flush, want all %d back", n.noted.Load(), 2*maxNotedActivity)
	}
}
