package auth

import (
	"context"
	"errors"
	"strings"

	"sessionguard/internal/store"
)

// LoginOutcome is what a login attempt came to.
type LoginOutcome string

const (
	LoginSucceeded LoginOutcome = "success"
	LoginRefused   LoginOutcome = "invalid_credentials" // unknown email, wrong password, deactivated user
	LoginThrottled LoginOutcome = "throttled"           // refused by a login budget
	LoginFailed    LoginOutcome = "error"               // our failure, or the client left
)

// LoginOutcomes lists every outcome.
var LoginOutcomes = []LoginOutcome{LoginSucceeded, LoginRefused, LoginThrottled, LoginFailed}

// Observer hears what logins and budgeted attempts come to, for metrics and the security log.
// It must return at once.
type Observer interface {
	// LoginAttempted is told the outcome of each Login; login is the success's session.
	LoginAttempted(ctx context.Context, outcome LoginOutcome, login Login)
	// Throttled is told of each attempt a budget refused: a login, a signup or a create_user.
	Throttled(ctx context.Context, attempt string)
}

// loginOutcome classifies what Login returned.
func loginOutcome(err error) LoginOutcome {
	switch {
	case err == nil:
		return LoginSucceeded
	case errors.Is(err, errInvalidCredentials):
		return LoginRefused
	case err == errTooManyAttempts:
		return LoginThrottled
	default:
		return LoginFailed
	}
}

// attemptOf names what the budgets guard, by the kind of the first.
func attemptOf(budgets []store.LoginBudget) string {
	switch {
	case len(budgets) == 0:
		return "other"
	case budgets[0].Kind == "signup":
		return "signup"
	case strings.HasPrefix(budgets[0].Kind, "discovery"):
		return "create_user"
	default:
		return "login"
	}
}

func (s *Service) observeLogin(ctx context.Context, login Login, err error) {
	if s.Observer != nil {
		s.Observer.LoginAttempted(ctx, loginOutcome(err), login)
	}
}

func (s *Service) observeThrottle(ctx context.Context, budgets []store.LoginBudget) {
	if s.Observer != nil {
		s.Observer.Throttled(ctx, attemptOf(budgets))
	}
}
