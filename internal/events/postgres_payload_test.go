package events_test

import (
	"fmt"
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
			payloads := events.Encode([]events.Event{tc.in})
			// NOTIFY payloads must stay below 8000 bytes; ids and a kind need far less.
			if len(payloads) != 1 || len(payloads[0]) > 512 {
				t.Fatalf("payloads %q, want one of at most 512 bytes", payloads)
			}
			got := mustDecode(t, payloads[0])
			if len(got) != 1 {
				t.Fatalf("decoded %d events, want 1", len(got))
			}
			if !got[0].OccurredAt.Equal(want.OccurredAt) || got[0].OccurredAt.Location() != time.UTC {
				t.Errorf("occurred at %v, want %v in UTC", got[0].OccurredAt, want.OccurredAt)
			}
			got[0].OccurredAt, want.OccurredAt = time.Time{}, time.Time{}
			if got[0] != want {
				t.Errorf("decoded %+v, want %+v", got[0], want)
			}
			if again := events.Encode(mustDecode(t, payloads[0])); len(again) != 1 || again[0] != payloads[0] {
				t.Errorf("re-encoding changed the payload:\n%s\n%q", payloads[0], again)
			}
		})
	}
}

// A big transaction's events are split over payloads that each fit NOTIFY, and come back whole
// and in order.
func TestEncodeSplitsLargeBatches(t *testing.T) {
	const id = "01a21cc8-3c4f-7a11-8d3e-5e2b6a9f0c17"
	for _, n := range []int{0, 1, 39, 40, 1000} {
		t.Run(fmt.Sprint(n), func(t *testing.T) {
			in := make([]events.Event, n)
			for i := range in {
				in[i] = events.Event{Kind: events.SessionEnded, AccountID: id, UserID: id,
					SessionID: fmt.Sprintf("%s-%04d", id[:31], i), Reason: models.EndTerminateAll, OccurredAt: at}
			}
			payloads := events.Encode(in)
			var out []events.Event
			for _, p := range payloads {
				if len(p) > events.MaxPayload {
					t.Errorf("payload of %d bytes, more than %d", len(p), events.MaxPayload)
				}
				out = append(out, mustDecode(t, p)...)
			}
			if len(out) != n {
				t.Fatalf("%d payloads carried %d events, want %d", len(payloads), len(out), n)
			}
			for i := range out {
				if out[i].SessionID != in[i].SessionID {
					t.Fatalf("event %d is %s, want %s: order lost", i, out[i].SessionID, in[i].SessionID)
				}
			}
			// Payloads are full but for the last: a thousand events take a few dozen notifications.
			if min := (n*200 + events.MaxPayload - 1) / events.MaxPayload; n > 0 && len(payloads) > 2*min {
				t.Errorf("%d events took %d payloads, want about %d", n, len(payloads), min)
			}
		})
	}
}

func mustDecode(t *testing.T, payload string) []events.Event {
	t.Helper()
	evs, err := events.Decode(payload)
	if err != nil {
		t.Fatal(err)
	}
	return evs
}

func TestDecodeRejectsBadPayloads(t *testing.T) {
	for _, payload := range []string{"", "not json", "[1,2]", `[{"k": 3}]`, `[{"t": "yesterday"}]`, `{"k": "SESSION_STARTED"}`, strings.Repeat("[", 100)} {
		t.Run(payload, func(t *testing.T) {
			if e, err := events.Decode(payload); err == nil {
				t.Errorf("Decode(%q) = %+v, want an error", payload, e)
			}
		})
	}
}
