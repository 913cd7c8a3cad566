package events_test

import (
	"strings"
	"testing"
	"time"

	"sessionguard/internal/events"
	"sessionguard/models"
)

func TestEncodeDecodeRoundTrip(t *testing.T) {
	const id = "01a21cc8-3c4f-7a11-8d3e-5e2b6a9f0c17" // ids are UUIDs
	paris := time.FixedZone("CET", 3600)
	cases := []struct {
		name string
		in   events.Event
		want events.Event // in, unless set
	}{
		{name: "session started", in: events.Event{Kind: events.SessionStarted, AccountID: id, UserID: id, SessionID: id, OccurredAt: at}},
		{name: "session ended with a reason", in: events.Event{Kind: events.SessionEnded, AccountID: id, UserID: id, SessionID: id,
			Reason: models.EndIdleTimeout, OccurredAt: at}},
		{name: "every end reason survives", in: events.Event{Kind: events.SessionEnded, AccountID: id, UserID: id, SessionID: id,
			Reason: models.EndConcurrentLimit, OccurredAt: at}},
		{name: "policy updated", in: events.Event{Kind: events.PolicyUpdated, AccountID: id, PolicyVersion: 1 << 40, OccurredAt: at}},
		{name: "another time zone comes back as the same instant in UTC",
			in:   events.Event{Kind: events.SessionStarted, AccountID: id, OccurredAt: at.In(paris)},
			want: events.Event{Kind: events.SessionStarted, AccountID: id, OccurredAt: at}},
		{name: "nanoseconds are cut to the microsecond the database keeps",
			in:   events.Event{Kind: events.SessionStarted, AccountID: id, OccurredAt: at.Add(999 * time.Nanosecond)},
			want: events.Event{Kind: events.SessionStarted, AccountID: id, OccurredAt: at}},
		{name: "before 1970", in: events.Event{Kind: events.SessionStarted, AccountID: id, OccurredAt: time.Date(1969, 7, 20, 20, 17, 40, 123456000, time.UTC)}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			want := tc.want
			if want == (events.Event{}) {
				want = tc.in
			}
			payload := events.Encode(tc.in)
			// NOTIFY payloads must stay below 8000 bytes; ids and a kind need far less.
			if len(payload) > 512 {
				t.Errorf("payload is %d bytes: %s", len(payload), payload)
			}
			got, err := events.Decode(payload)
			if err != nil {
				t.Fatalf("Decode(%s): %v", payload, err)
			}
			if !got.OccurredAt.Equal(want.OccurredAt) || got.OccurredAt.Location() != time.UTC {
				t.Errorf("occurred at %v, want %v in UTC", got.OccurredAt, want.OccurredAt)
			}
			got.OccurredAt, want.OccurredAt = time.Time{}, time.Time{}
			if got != want {
				t.Errorf("decoded %+v, want %+v", got, want)
			}
			if again := events.Encode(mustDecode(t, payload)); again != payload {
				t.Errorf("re-encoding changed the payload:\n%s\n%s", payload, again)
			}
		})
	}
}

func mustDecode(t *testing.T, payload string) events.Event {
	t.Helper()
	e, err := events.Decode(payload)
	if err != nil {
		t.Fatal(err)
	}
	return e
}

func TestDecodeRejectsBadPayloads(t *testing.T) {
	for _, payload := range []string{"", "not json", "[1,2]", `{"k": 3}`, `{"t": "yesterday"}`, strings.Repeat("{", 100)} {
		t.Run(payload, func(t *testing.T) {
			if e, err := events.Decode(payload); err == nil {
				t.Errorf("Decode(%q) = %+v, want an error", payload, e)
			}
		})
	}
}
