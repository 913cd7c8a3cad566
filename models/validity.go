package models

import "time"

// IdleGrace is how much longer than its timeout a session is given before it counts as idle: the
// most a session's stored last_active_at lags its true last request, so that no path, on any
// replica, ends a session before its timeout has fully passed since its last request. Timeouts
// are thus exact to within this grace, and never early. The lag has two parts:
//   - coalescing: a request within ActivityWriteInterval of the last recorded activity records
//     nothing, so the true last request may be up to that interval later;
//   - batching: a recorded request is first noted in its replica's memory, and reaches the
//     session's row within ActivityStoreDelay. Until then other replicas see the older time. That
//     is safe because the note is stored before that older time could count as idle: at once
//     when it would within ActivityFlushLag (store.Authenticate), else by the flusher
//     ActivityDeferMargin ahead; so another replica never ends the session while the note waits,
//     and the replica holding the note reads it before it ends anything.
//
// Meanwhile the note is in the replica's activity journal within ActivityFlushLag; a replica
// that dies leaves it there, and another folds it in before it could matter (see
// ActivityDeferMargin). A replica that crashes thus loses only the notes of its last
// ActivityFlushLag: the session then counts from its last stored activity, as if those requests
// had not been made (documented in store/activity.go).
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
// keeps the reason it ended with; an active one is held to each of p's rules, so a new rule is
// one more case here and every path follows it: requests and websockets (store.Authenticate and
// Check), logins, policy changes and their preview, and the reaper (through Judge). The
// reaper's SQL takes each rule's bound from IdleCutoff and LifetimeCutoff.
//
// p is the policy in force for s: its account's with its user's role's overrides (ForRole). Pass the
// effective one. When s broke more than one rule, the earlier moment wins, with its reason: a session
// idle since 10:00 whose lifetime ran out at 11:00 ended at 10:00, idle. On a tie the lifetime
// wins: its moment is exact, where the idle one is known only to within IdleGrace.
func (p *SessionPolicy) CheckValidity(s *Session, now time.Time) Validity {
	if !s.IsActive() {
		return endedValidity(s)
	}
	var v Validity
	if cutoff, ok := p.LifetimeCutoff(now); ok && !s.LoginAt.After(cutoff) {
		end, _ := p.LifetimeEnd(s)
		v = Validity{Reason: EndMaxLifetime, At: end}
	}
	if cutoff, ok := p.IdleCutoff(now); ok && !s.LastActiveAt.After(cutoff) {
		if since, _ := p.IdleSince(s); v.Reason == "" || since.Before(v.At) {
			v = Validity{Reason: EndIdleTimeout, At: since}
		}
	}
	return v
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

// Verdicts sorts active sessions by what CheckValidity says of them at one moment, each group in
// the order given.
type Verdicts struct {
	Idle     []Session // must end with IDLE_TIMEOUT
	Lifetime []Session // must end with MAX_LIFETIME
	Live     []Session // still valid (or already ended: nothing to end)
}

// Judge sorts active sessions by CheckValidity's verdict at now.
func (p *SessionPolicy) Judge(sessions []Session, now time.Time) Verdicts {
	var v Verdicts
	for _, s := range sessions {
		switch verdict := p.CheckValidity(&s, now); {
		case verdict.Ended || verdict.Valid():
			v.Live = append(v.Live, s)
		case verdict.Reason == EndIdleTimeout:
			v.Idle = append(v.Idle, s)
		case verdict.Reason == EndMaxLifetime:
			v.Lifetime = append(v.Lifetime, s)
		}
	}
	return v
}
