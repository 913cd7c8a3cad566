package app

import (
	"context"
	"log/slog"

	"sessionguard/internal/auth"
	"sessionguard/internal/events"
	"sessionguard/internal/observe"
)

// securityLog counts and logs, at info with their ids, the changes this replica commits
// (sessions started and ended, policies changed) and what logins come to. It hears changes as
// a Delivery after their commit, so it sees each exactly once, however it was made, and on the
// context of the request that made it: its lines carry that request's id.
type securityLog struct {
	metrics *observe.Metrics
	log     *slog.Logger
}

var (
	_ events.Delivery = securityLog{}
	_ auth.Observer   = securityLog{}
)

// BeforeCommit does nothing: the change may yet roll back.
func (securityLog) BeforeCommit(context.Context, events.Tx, []events.Event) error { return nil }

// AfterCommit counts and logs each committed change.
func (l securityLog) AfterCommit(ctx context.Context, evs []events.Event) {
	for _, ev := range evs {
		switch ev.Kind {
		case events.SessionStarted:
			l.metrics.SessionStarted()
			l.log.LogAttrs(ctx, slog.LevelInfo, "session started", slog.String("account_id", ev.AccountID),
				slog.String("user_id", ev.UserID), slog.String("session_id", ev.SessionID))
		case events.SessionEnded:
			l.metrics.SessionEnded(ev.Reason)
			l.log.LogAttrs(ctx, slog.LevelInfo, "session ended", slog.String("account_id", ev.AccountID),
				slog.String("user_id", ev.UserID), slog.String("session_id", ev.SessionID),
				slog.String("reason", string(ev.Reason)))
		case events.PolicyUpdated:
			l.log.LogAttrs(ctx, slog.LevelInfo, "session policy changed", slog.String("account_id", ev.AccountID),
				slog.Int64("policy_version", ev.PolicyVersion), slog.String("by_user_id", callerID(ctx)))
		}
	}
}

// LoginAttempted counts and logs a login: never the email or password tried, only the outcome,
// the client's address and, on success, the ids.
func (l securityLog) LoginAttempted(ctx context.Context, outcome auth.LoginOutcome, login auth.Login) {
	l.metrics.Login(outcome)
	attrs := []slog.Attr{slog.String("outcome", string(outcome)), clientIP(ctx)}
	if outcome == auth.LoginSucceeded {
		attrs = append(attrs, slog.String("account_id", login.User.AccountID),
			slog.String("user_id", login.User.ID), slog.String("session_id", login.Session.ID))
	}
	l.log.LogAttrs(ctx, slog.LevelInfo, "login", attrs...)
}

// Throttled counts and logs an attempt a login budget refused.
func (l securityLog) Throttled(ctx context.Context, attempt string) {
	l.metrics.Throttled(attempt)
	l.log.LogAttrs(ctx, slog.LevelInfo, "attempt throttled", slog.String("attempt", attempt), clientIP(ctx))
}

func clientIP(ctx context.Context) slog.Attr {
	ip := auth.RequestFrom(ctx).ClientIP
	if !ip.IsValid() {
		return slog.String("client_ip", "")
	}
	return slog.String("client_ip", ip.String())
}

// callerID is the user who made the request ctx belongs to, if any.
func callerID(ctx context.Context) string {
	if p := auth.RequestFrom(ctx).Principal; p != nil {
		return p.User.ID
	}
	return ""
}
