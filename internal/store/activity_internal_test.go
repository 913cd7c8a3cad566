package store

import (
	"fmt"
	"math"
	"slices"
	"testing"
	"time"
)

// The notes are bounded: reaching the bound asks for an early flush, and past twice the bound a
// request writes its own activity instead of noting it. Nothing is dropped.
func TestActivityNotesAreBounded(t *testing.T) {
	n := newActivityNotes()
	at := time.Date(2025, 3, 14, 9, 26, 53, 0, time.UTC)
	note := func(id string, t time.Time) bool { return n.note(id, "acc", t, at, t.Add(time.Minute)) }
	for i := range maxNotedActivity - 1 {
		if !note(fmt.Sprint("s", i), at) {
			t.Fatalf("note %d refused below the bound", i)
		}
	}
	select {
	case <-n.full:
		t.Fatal("early flush asked for below the bound")
	default:
	}
	note("at-the-bound", at)
	select {
	case <-n.full:
	default:
		t.Fatal("no early flush asked for at the bound")
	}
	for i := maxNotedActivity; i < 2*maxNotedActivity; i++ {
		note(fmt.Sprint("s", i), at)
	}
	if note("one-too-many", at) {
		t.Error("a note past twice the bound was kept: the caller must write it itself")
	}
	if !note("s1", at.Add(time.Second)) {
		t.Error("a newer note of a session already noted was refused")
	}
	if got, _ := n.latest("s1"); !got.Equal(at.Add(time.Second)) {
		t.Errorf("latest %v, want the newer note", got)
	}
	b := n.take(storeAll, math.MaxInt)
	if len(b.ids) != 2*maxNotedActivity || n.noted.Load() != 0 {
		t.Errorf("took %d notes, %d left; want %d, 0", len(b.ids), n.noted.Load(), 2*maxNotedActivity)
	}
	if _, ok := n.latest("s1"); !ok {
		t.Error("a note being flushed is no longer seen")
	}
	n.settle(b, false)
	if n.noted.Load() != 2*maxNotedActivity {
		t.Errorf("%d notes after a failed flush, want all %d back", n.noted.Load(), 2*maxNotedActivity)
	}
}

// A flush takes the notes it must store and lists the others for the journal, once each: a note
// already in the journal is listed again only when a newer request moved it. A failed flush
// puts everything back as it was.
func TestActivityNotesTakeDueAndJournalTheRest(t *testing.T) {
	n := newActivityNotes()
	at := time.Date(2025, 3, 14, 9, 26, 53, 0, time.UTC)
	n.note("due", "acc", at, at.Add(-time.Hour), at)
	n.note("later", "acc", at.Add(time.Second), at.Add(-time.Hour), at.Add(time.Minute))
	due := func(x *activityNote) bool { return !x.storeBy.After(at) }

	b := n.take(due, 10)
	if len(b.ids) != 1 || b.ids[0] != "due" || !b.times[0].Equal(at) {
		t.Fatalf("stored %v %v, want due at %v", b.ids, b.times, at)
	}
	if len(b.journal) != 1 || b.journal[0] != (journalEntry{"later", "acc", at.Add(time.Second)}) {
		t.Fatalf("journal %+v, want later's note", b.journal)
	}
	if !b.oldest.Equal(at.Add(time.Second)) {
		t.Errorf("oldest %v, want later's first request %v", b.oldest, at.Add(time.Second))
	}
	n.settle(b, true)

	if again := n.take(due, 10); len(again.ids) != 0 || len(again.journal) != 0 {
		t.Errorf("a second flush took %v and journaled %+v: nothing changed since", again.ids, again.journal)
	} else {
		n.settle(again, true)
	}
	n.note("later", "acc", at.Add(2*time.Second), at.Add(-time.Hour), at.Add(2*time.Minute))
	b = n.take(due, 10)
	if len(b.journal) != 1 || !b.journal[0].at.Equal(at.Add(2*time.Second)) {
		t.Fatalf("journal %+v after a newer request, want it", b.journal)
	}
	if !b.oldest.Equal(at.Add(time.Second)) {
		t.Errorf("oldest %v, want the note's first request %v still", b.oldest, at.Add(time.Second))
	}
	n.settle(b, false)
	if b = n.take(due, 10); len(b.journal) != 1 {
		t.Errorf("after a failed flush the note is journaled again: %+v", b.journal)
	}
	n.settle(b, true)
}

// A flush reads a shard's notes only when its bounds say one may be due; otherwise it journals
// the shard's fresh notes alone, and its oldest first request is still kept.
func TestActivityNotesSkipShardsWithNothingDue(t *testing.T) {
	n := newActivityNotes()
	at := time.Date(2025, 3, 14, 9, 26, 53, 0, time.UTC)
	stored := at.Add(-time.Hour)
	n.note("a", "acc", at, stored, at.Add(time.Minute))
	n.note("b", "acc", at.Add(time.Second), stored.Add(time.Minute), at.Add(2*time.Minute))
	var dueFloors, storedFloors []time.Time
	never := func(due, stored time.Time) bool {
		dueFloors, storedFloors = append(dueFloors, due), append(storedFloors, stored)
		return false
	}
	storeEvery := func(*activityNote) bool { return true }

	b := n.takeWhere(never, storeEvery, 10)
	if len(b.ids) != 0 || len(b.journal) != 2 || !b.oldest.Equal(at) {
		t.Fatalf("stored %v, journaled %+v, oldest %v: want nothing stored, both journaled, oldest %v",
			b.ids, b.journal, b.oldest, at)
	}
	// Only the shards holding a or b are asked, with their notes' bounds (both, if one shard).
	if len(dueFloors) == 0 || len(dueFloors) > 2 || !earliest(dueFloors).Equal(at.Add(time.Minute)) ||
		!earliest(storedFloors).Equal(stored) {
		t.Errorf("shards asked with storeBy bounds %v and stored bounds %v, want the notes' (lowest %v, %v)",
			dueFloors, storedFloors, at.Add(time.Minute), stored)
	}
	n.settle(b, true)
	if b = n.takeWhere(never, storeEvery, 10); len(b.journal) != 0 || !b.oldest.Equal(at) {
		t.Errorf("journaled %+v, oldest %v: want nothing new, oldest still %v", b.journal, b.oldest, at)
	}
	n.settle(b, true)

	n.note("a", "acc", at.Add(3*time.Second), stored, at.Add(time.Minute))
	b = n.takeWhere(never, storeEvery, 10)
	if len(b.journal) != 1 || b.journal[0] != (journalEntry{"a", "acc", at.Add(3 * time.Second)}) {
		t.Fatalf("journal %+v after a newer request of a, want it alone", b.journal)
	}
	n.settle(b, false)
	if b = n.takeWhere(never, storeEvery, 10); len(b.journal) != 1 {
		t.Errorf("after a failed flush the note is journaled again: %+v", b.journal)
	}
	n.settle(b, true)

	dueByNow := func(due, _ time.Time) bool { return !due.After(at.Add(time.Minute)) }
	b = n.takeWhere(dueByNow, func(x *activityNote) bool { return !x.storeBy.After(at.Add(time.Minute)) }, 10)
	if len(b.ids) != 1 || b.ids[0] != "a" || !b.oldest.Equal(at.Add(time.Second)) {
		t.Errorf("stored %v, oldest %v: want a stored, b's first request %v oldest", b.ids, b.oldest, at.Add(time.Second))
	}
	n.settle(b, true)
}

func earliest(ts []time.Time) time.Time { return slices.MinFunc(ts, time.Time.Compare) }

// The journal's encoding reads back what it wrote, and refuses a truncated row.
func TestJournalEncodingRoundTrips(t *testing.T) {
	at := time.Date(2025, 3, 14, 9, 26, 53, 123456789, time.UTC)
	entries := []journalEntry{{"s-1", "acc-1", at}, {"", "", time.Unix(0, 0).UTC()}, {"s-ü", "a", at.Add(-time.Hour)}}
	b := encodeJournal(entries)
	got, err := decodeJournal(b)
	if err != nil || len(got) != len(entries) {
		t.Fatalf("decoded %+v, %v", got, err)
	}
	for i := range entries {
		if got[i] != entries[i] {
			t.Errorf("entry %d: %+v, want %+v", i, got[i], entries[i])
		}
	}
	if _, err := decodeJournal(b[:len(b)-3]); err == nil {
		t.Error("a truncated row decoded")
	}
}
