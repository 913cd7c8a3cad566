package models

import "time"

// IdleGrace is how much longer than its timeout a session is given before it counts as idle: the
// most a session's stored last_active_at lags its true last request, so that no path, on any
// replica, ends a session before its timeout has fully passed since its last request. Timeouts
// are thus exact to within this grace, and never early. The lag has two parts:
//   - coalescing: a request within ActivityWriteInterval of the last recorded activity records
//     nothing, so the true last request may be up to that interval later;
//   - batching: a recorded request is first noted in its replica's memory and stored by the next
//     flush, at most ActivityFlushLag later. Until then other replicas see the older time. That is
//     safe because a request whose stored activity would count as idle before its note is flushed
//     writes at once instead (store.Authenticate), so another replica can never end the session
//     while the note waits; the replica holding the note reads it before it ends anything.
//
// A replica that crashes loses the notes of its last ActivityFlushLag: the session then counts
// from its last stored activity, as if those requests had not been made (documented in
// store/activity.go).
const IdleGrace = ActivityWriteInterval + ActivityFlushLag

// Validity is CheckValidity's verdict on a session: valid, or why not and since when.
type Validity struct {
	// Reason is why the session is not valid: the reason it ended with, or the reason it must
	// end with now. Empty while it is valid (or when an ended session recorded none).
	Reason SessionEndReason
	// Ended is true when the session had already ended; otherwise an invalid session is still
	// active and must be ended now, with Reason, as of At.
	Ended bool
	// At is when the session stopped being valid: when it ended, or the moment it broke the rule
	// (an idle session ends when it went idle, not when someone noticed).
	At time.Time
}

// Valid reports whether the session may still be used.
func (v Validity) Valid() bool { return !v.Ended && v.Reason == "" }

// CheckValidity decides whether s may be used under p at now and, when not, why. An ended session
// keeps the reason it ended with; an active one is held to each of p's rules in turn, so a new
// rule (an absolute lifetime, say) is one more case here and every path follows it: requests and
// websockets (store.Authenticate and Check), logins, and policy changes and their preview (through
// SplitIdle). The reaper's SQL takes the idle rule's bound from IdleCutoff.
func (p *SessionPolicy) CheckValidity(s *Session, now time.Time) Validity {
	if !s.IsActive() {
		return endedValidity(s)
	}
	if cutoff, ok := p.IdleCutoff(now); ok && !s.LastActiveAt.After(cutoff) {
		since, _ := p.IdleSince(s)
		return Validity{Reason: EndIdleTimeout, At: since}
	}
	return Validity{}
}

// endedValidity is the verdict on a session that has already ended: its own reason and time.
func endedValidity(s *Session) Validity {
	v := Validity{Ended: true}
	if s.EndReason != nil {
		v.Reason = *s.EndReason
	}
	if s.EndedAt != nil {
		v.At = *s.EndedAt
	}
	return v
}

// IdleCutoff returns the latest recorded activity that counts as idle at now under p (the idle
// sessions are those with last_active_at <= cutoff), and false when p has no idle timeout. It is
// the idle rule of CheckValidity in a form SQL can use.
func (p *SessionPolicy) IdleCutoff(now time.Time) (time.Time, bool) {
	limit := p.IdleLimit()
	if limit == 0 {
		return time.Time{}, false
	}
	// Two steps, not now.Add(-limit - IdleGrace): the sum of a huge limit and the grace would
	// overflow and wrap into the future, and every session would count as idle.
	return now.Add(-limit).Add(-IdleGrace), true
}

// IdleSince returns when s went (or will go) idle under p, and false when p has no idle timeout.
// It counts as idle IdleGrace later (see IdleCutoff), but ends as of this moment.
func (p *SessionPolicy) IdleSince(s *Session) (time.Time, bool) {
	limit := p.IdleLimit()
	if limit == 0 {
		return time.Time{}, false
	}
	return s.LastActiveAt.Add(limit), true
}

// SplitIdle separates the active sessions that CheckValidity ends as idle at now from the
// others, keeping their order.
func (p *SessionPolicy) SplitIdle(sessions []Session, now time.Time) (idle, live []Session) {
	for _, s := range sessions {
		if v := p.CheckValidity(&s, now); !v.Ended && v.Reason == EndIdleTimeout {
			idle = append(idle, s)
		} else {
			live = append(live, s)
		}
	}
	return idle, live
}
