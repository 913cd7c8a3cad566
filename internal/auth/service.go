package auth

import (
	"context"
	"time"

	"sessionguard/internal/apperr"
	"sessionguard/internal/clientinfo"
	"sessionguard/internal/store"
	"sessionguard/models"
)

// Service logs users in and out.
type Service struct {
	Store     *store.Store
	Passwords *Passwords
	Geo       *clientinfo.GeoDB // nil: no city or country for logins
	ByEmail   *Throttle
	ByAddress *Throttle
	Now       func() time.Time
}

// NewThrottles returns the production limits on failed logins: 5 per email, then one a minute;
// 50 per address (an office behind one NAT mistypes too), then one every 6 seconds.
func NewThrottles() (byEmail, byAddress *Throttle) {
	return NewThrottle(5, time.Minute, 100_000), NewThrottle(50, 6*time.Second, 100_000)
}

// checkPassword returns email's user if password is theirs, else errInvalidCredentials. An
// unknown email costs a full password check too, so timing tells nothing.
func (s *Service) checkPassword(ctx context.Context, email, password string) (models.User, error) {
	user, err := s.Store.UserByEmail(ctx, email)
	if err != nil && apperr.CodeOf(err) != apperr.NotFound {
		return user, err
	}
	ok, err := s.Passwords.Verify(ctx, password, user.PasswordHash)
	if err != nil {
		return user, err
	}
	if !ok {
		return user, errInvalidCredentials
	}
	return user, nil
}

var errInvalidCredentials = apperr.New(apperr.InvalidCredentials, "invalid email or password")

var errRateLimited = apperr.New(apperr.RateLimited, "too many failed logins: try again later")

// Login is a successful login: the token (shown once) and the session it opened.
type Login struct {
	Token   string
	Session models.Session
	User    models.User
}

// Login checks email and password and starts a session. Unknown emails and wrong passwords fail
// alike, in the same time; repeated failures are throttled per email and per address.
func (s *Service) Login(ctx context.Context, email, password string) (Login, error) {
	req := RequestFrom(ctx)
	email = NormalizeEmail(email)
	addr := req.ClientIP.String()
	now := s.Now()
	byEmail, ok := s.ByEmail.Reserve(email, now)
	if !ok {
		return Login{}, errRateLimited
	}
	byAddress, ok := s.ByAddress.Reserve(addr, now)
	if !ok {
		byEmail.Refund() // this attempt never ran; don't charge the email for it
		return Login{}, errRateLimited
	}
	user, err := s.checkPassword(ctx, email, password)
	if err == errInvalidCredentials {
		byEmail.Failed()
		byAddress.Failed()
	} else {
		// Success, or our own failure rather than a guess: either way it costs no try.
		byEmail.Refund()
		byAddress.Refund()
	}
	if err != nil {
		return Login{}, err
	}
	return s.start(ctx, user)
}

// SignUp creates an account with its administrator and logs them in.
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
	hash, err := s.Passwords.Hash(ctx, password)
	if err != nil {
		return Login{}, err
	}
	_, admin, err := s.Store.CreateAccount(ctx, store.NewAccount{
		AccountName: accountName, AdminName: name, AdminEmail: email, PasswordHash: hash,
	})
	if err != nil {
		return Login{}, err
	}
	return s.start(ctx, admin)
}

// CreateUser adds a user with a hashed password to accountID.
func (s *Service) CreateUser(ctx context.Context, accountID, name, email string, role models.Role, password string) (models.User, error) {
	email = NormalizeEmail(email)
	var errs models.FieldErrors
	checkName(&errs, "name", name)
	checkEmail(&errs, "email", email)
	checkPassword(&errs, "password", password)
	if len(errs) > 0 {
		return models.User{}, errs
	}
	hash, err := s.Passwords.Hash(ctx, password)
	if err != nil {
		return models.User{}, err
	}
	return s.Store.CreateUser(ctx, models.User{
		AccountID: accountID, Name: name, Email: email, Role: role, PasswordHash: hash,
	})
}

// start opens a session for user from the current request and hands out its token.
func (s *Service) start(ctx context.Context, user models.User) (Login, error) {
	req := RequestFrom(ctx)
	token, hash := NewToken()
	city, country := s.Geo.Lookup(req.ClientIP)
	n := store.NewSession{
		TokenHash: hash, LoginIP: req.ClientIP.String(), LoginCity: city, LoginCountry: country,
	}
	if req.UserAgent != "" {
		ua, device := req.UserAgent, clientinfo.Device(req.UserAgent)
		n.UserAgent = &ua
		if device != "" && device != clientinfo.UnknownDevice {
			n.Device = &device
		}
	}
	session, err := s.Store.StartSession(ctx, user, n)
	if err != nil {
		return Login{}, err
	}
	req.setSessionCookie(token)
	// The rest of this request acts as the new session, so its payload reads isCurrent: true.
	req.Principal, req.AuthErr = &store.Principal{Session: session, User: user}, nil
	req.SessionID = session.ID
	return Login{Token: token, Session: session, User: user}, nil
}

// Logout ends the caller's session and clears the cookie.
func (s *Service) Logout(ctx context.Context, p *store.Principal) error {
	if _, err := s.Store.EndSession(ctx, p.Session.ID, models.EndLogout, &p.User.ID); err != nil {
		return err
	}
	RequestFrom(ctx).clearSessionCookie()
	SessionEnded(ctx, p.Session.ID, models.EndLogout)
	return nil
}
