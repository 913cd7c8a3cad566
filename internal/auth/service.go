package auth

import (
	"context"
	"log/slog"
	"math/rand/v2"
	"time"

	"sessionguard/internal/apperr"
	"sessionguard/internal/store"
	"sessionguard/models"
)

// Service checks credentials: it logs users in, signs accounts up and creates users with their
// passwords. Sessions starts the sessions a login earns.
type Service struct {
	Store     *store.Store
	Passwords *Passwords
	Sessions  *Sessions
	Limits    Limits
	Observer  Observer // nil: nobody hears of logins
}

// loginWait bounds how long an attempt waits for attempts in flight (holding the last tokens of
// a budget) to settle: about the time of a few password checks.
const loginWait = 15 * time.Second

// checkPassword returns email's user if password is theirs and they may log in, else
// errInvalidCredentials. An unknown email, or a deactivated user's, costs a full password check
// too, so timing tells nothing; a deactivated user fails as a wrong password does, and is
// throttled like one.
func (s *Service) checkPassword(ctx context.Context, email, password string) (models.User, error) {
	user, err := s.Store.UserByEmail(ctx, email)
	if err != nil && apperr.CodeOf(err) != apperr.NotFound {
		return user, err
	}
	ok, err := s.Passwords.Verify(ctx, password, user.PasswordHash)
	if err != nil {
		return user, err
	}
	if !ok || !user.IsActive() {
		return user, errInvalidCredentials
	}
	return user, nil
}

// errInvalidCredentials is store.ErrUserDeactivated: a login that finds its user deactivated
// only once it starts the session (deactivated meanwhile) fails in the same words.
var errInvalidCredentials = store.ErrUserDeactivated

var errTooManyAttempts = apperr.New(apperr.RateLimited, "too many attempts: try again later")

// Login is a successful login: the token (shown once) and the session it opened.
type Login struct {
	Token   string
	Session models.Session
	User    models.User
}

// Login checks email and password and starts a session. Unknown emails and wrong passwords fail
// alike, in the same time; repeated failures are throttled (see Limits). A browser that arrives
// holding a session has it replaced (see Sessions.Start): every login issues a fresh token.
func (s *Service) Login(ctx context.Context, email, password string) (Login, error) {
	login, err := s.login(ctx, email, password)
	s.observeLogin(ctx, login, err)
	return login, err
}

func (s *Service) login(ctx context.Context, email, password string) (Login, error) {
	email = NormalizeEmail(email)
	done, err := s.Passwords.Admit()
	if err != nil {
		return Login{}, err
	}
	defer done()
	req := RequestFrom(ctx)
	device, err := s.trustedDevice(ctx, req, email)
	if err != nil {
		return Login{}, err
	}
	budgets := s.loginBudgets(req, email, device)
	if err := s.reserve(ctx, budgets); err != nil {
		return Login{}, err
	}
	user, err := s.checkPassword(ctx, email, password)
	// Only a wrong guess costs a try; a success, or our own failure, gives the tokens back.
	s.settle(ctx, budgets, err == errInvalidCredentials, failedLogin(err, user)...)
	if err != nil {
		return Login{}, err
	}
	login, err := s.Sessions.Start(ctx, user)
	if err != nil {
		return Login{}, err
	}
	s.trustDevice(ctx, req, user, device)
	return login, nil
}

// failedLogin is the audit entry of a wrong password for an existing user of an account (a
// deactivated user's too), written with the attempt's spent tokens; none for an unknown email,
// which the throttle counts per address and nobody is attributed.
func failedLogin(err error, user models.User) []models.AuditEvent {
	if err != errInvalidCredentials || user.ID == "" {
		return nil
	}
	return []models.AuditEvent{{AccountID: user.AccountID, Action: models.AuditLoginFailed, TargetUserID: &user.ID}}
}

// settle ends an attempt reserve started; spent keeps its tokens, else they are given back,
// with audit's entries.
func (s *Service) settle(ctx context.Context, budgets []store.LoginBudget, spent bool, audit ...models.AuditEvent) {
	if err := s.Store.SettleLogin(ctx, budgets, spent, audit...); err != nil {
		// The tokens stay claimed until the sweep frees them; the attempt itself is unaffected.
		slog.ErrorContext(ctx, "auth: unable to settle an attempt", "err", err)
	}
}

// reserve claims a token from every budget before the password is checked, so parallel guesses
// cannot all pass. When only attempts in flight hold the last tokens, it waits for them: they
// may succeed and give theirs back.
func (s *Service) reserve(ctx context.Context, budgets []store.LoginBudget) error {
	deadline := time.Now().Add(loginWait)
	for pause := 5 * time.Millisecond; ; pause = min(2*pause, 100*time.Millisecond) {
		outcome, err := s.Store.ReserveLogin(ctx, budgets)
		switch {
		case err != nil:
			return err
		case outcome == store.LoginReserved:
			return nil
		case outcome == store.LoginRefused || time.Now().After(deadline):
			s.observeThrottle(ctx, budgets)
			return errTooManyAttempts
		}
		// Jitter keeps waiting attempts from retrying in lockstep.
		timer := time.NewTimer(pause/2 + rand.N(pause))
		select {
		case <-ctx.Done():
			timer.Stop()
			return ctx.Err()
		case <-timer.C:
		}
	}
}

// SignUp creates an account with its administrator and logs them in, replacing the session the
// browser's cookie held as Login does. Every attempt that gets as far as creating the account
// spends from the client address's sign-up budget, successful or not ("email is already in use"
// tells as much as a login would).
func (s *Service) SignUp(ctx context.Context, accountName, name, email, password string) (Login, error) {
	email = NormalizeEmail(email)
	var errs models.FieldErrors
	checkName(&errs, "accountName", accountName)
	checkName(&errs, "name", name)
	checkEmail(&errs, "email", email)
	checkPassword(&errs, "password", password)
	if len(errs) > 0 {
		return Login{}, errs
	}
	done, err := s.Passwords.Admit()
	if err != nil {
		return Login{}, err
	}
	defer done()
	budgets := []store.LoginBudget{{Kind: "signup", Value: RequestFrom(ctx).ClientIP.String(), Limit: s.Limits.SignUpsPerAddress}}
	if err := s.reserve(ctx, budgets); err != nil {
		return Login{}, err
	}
	admin, err := s.createAccount(ctx, accountName, name, email, password)
	s.settle(ctx, budgets, err == nil || store.IsEmailTaken(err))
	if err != nil {
		return Login{}, err
	}
	return s.Sessions.Start(ctx, admin)
}

func (s *Service) createAccount(ctx context.Context, accountName, name, email, password string) (models.User, error) {
	hash, err := s.Passwords.Hash(ctx, password)
	if err != nil {
		return models.User{}, err
	}
	_, admin, err := s.Store.CreateAccount(ctx, store.NewAccount{
		AccountName: accountName, AdminName: name, AdminEmail: email, PasswordHash: hash,
	})
	return admin, err
}

// CreateUser adds a user with a hashed password to accountID. Emails are unique across accounts,
// so "is already in use" tells whether someone elsewhere has signed up with it: such answers
// spend from budgets per client address and per account, as failed logins do.
func (s *Service) CreateUser(ctx context.Context, accountID, name, email string, role models.Role, password string) (models.User, error) {
	email = NormalizeEmail(email)
	var errs models.FieldErrors
	checkName(&errs, "name", name)
	checkEmail(&errs, "email", email)
	checkPassword(&errs, "password", password)
	if len(errs) > 0 {
		return models.User{}, errs
	}
	done, err := s.Passwords.Admit()
	if err != nil {
		return models.User{}, err
	}
	defer done()
	budgets := []store.LoginBudget{
		{Kind: "discovery-address", Value: RequestFrom(ctx).ClientIP.String(), Limit: s.Limits.DiscoveriesPerAddress},
		{Kind: "discovery-account", Value: accountID, Limit: s.Limits.DiscoveriesPerAccount},
	}
	if err := s.reserve(ctx, budgets); err != nil {
		return models.User{}, err
	}
	user, err := s.createUser(ctx, accountID, name, email, role, password)
	s.settle(ctx, budgets, store.IsEmailTaken(err))
	return user, err
}

func (s *Service) createUser(ctx context.Context, accountID, name, email string, role models.Role, password string) (models.User, error) {
	hash, err := s.Passwords.Hash(ctx, password)
	if err != nil {
		return models.User{}, err
	}
	return s.Store.CreateUser(ctx, models.User{
		AccountID: accountID, Name: name, Email: email, Role: role, PasswordHash: hash,
	})
}
