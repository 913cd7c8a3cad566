package auth

import (
	"context"

	"sessionguard/internal/store"
	"sessionguard/models"
)

// errWrongCurrentPassword refuses a changePassword whose current password is wrong.
var errWrongCurrentPassword = models.FieldErrors{{Field: "currentPassword", Message: "is not your current password"}}

// checkNewPassword holds the newPassword of changePassword and resetUserPassword to the rules of
// every password set.
func checkNewPassword(password string) error {
	var errs models.FieldErrors
	checkPassword(&errs, "newPassword", password)
	return errs.OrNil()
}

// ChangePassword sets the caller's own password to next once current proves it is theirs and,
// with endOthers, ends their other active sessions with PASSWORD_CHANGED (see
// store.ChangeOwnPassword); the caller's session stays. The check is a login's: admitted under
// the bound on hashes in flight, and a wrong current password spends the budgets a failed login
// from this request would (the email's and the address's, or the trusted device's), so a stolen
// session cannot be used to guess the password faster than a login could.
func (s *Service) ChangePassword(ctx context.Context, current, next string, endOthers bool) error {
	p, err := PrincipalFrom(ctx)
	if err != nil {
		return err
	}
	if err := checkNewPassword(next); err != nil {
		return err // refused before spending anything: the current password is not checked
	}
	done, err := s.Passwords.Admit()
	if err != nil {
		return err
	}
	defer done()
	verified, err := s.verifyOwnPassword(ctx, p, current)
	if err != nil {
		return err
	}
	hash, err := s.Passwords.Hash(ctx, next)
	if err != nil {
		return err
	}
	_, err = s.Store.ChangeOwnPassword(ctx, store.OwnPasswordChange{
		AccountID: p.User.AccountID, UserID: p.User.ID, SessionID: p.Session.ID,
		VerifiedHash: verified, NewHash: hash, EndOthers: endOthers,
	})
	return err
}

// verifyOwnPassword checks password against p's user's stored hash, spending from the login
// budgets when it is wrong, and returns the hash it matched.
func (s *Service) verifyOwnPassword(ctx context.Context, p *store.Principal, password string) (string, error) {
	req := RequestFrom(ctx)
	// The whole row: the principal holds no email (store.Principal), and the budgets are the
	// email's, as a login's are.
	user, err := s.Store.UserInAccount(ctx, p.User.AccountID, p.User.ID)
	if err != nil {
		return "", err
	}
	device, err := s.trustedDevice(ctx, req, user.Email)
	if err != nil {
		return "", err
	}
	budgets := s.loginBudgets(req, user.Email, device)
	if err := s.reserve(ctx, budgets); err != nil {
		return "", err
	}
	ok, err := s.Passwords.Verify(ctx, password, user.PasswordHash)
	// As in Login: only a wrong guess costs a try; our own failure gives the tokens back.
	s.settle(ctx, budgets, err == nil && !ok)
	switch {
	case err != nil:
		return "", err
	case !ok:
		return "", errWrongCurrentPassword
	}
	return user.PasswordHash, nil
}

// ResetPassword sets next as the password of user id of the caller's account and ends all their
// active sessions with PASSWORD_CHANGED (administrators only; NOT_FOUND for another account's
// user). An administrator resetting their own password ends their own sessions too, the one
// making the request included: its cookie is cleared.
func (s *Service) ResetPassword(ctx context.Context, id, next string) (models.User, error) {
	p, err := RequireAdmin(ctx, models.ScopeUsersWrite)
	if err != nil {
		return models.User{}, err
	}
	if err := checkNewPassword(next); err != nil {
		return models.User{}, err
	}
	done, err := s.Passwords.Admit()
	if err != nil {
		return models.User{}, err
	}
	defer done()
	hash, err := s.Passwords.Hash(ctx, next)
	if err != nil {
		return models.User{}, err
	}
	reset, err := s.Store.ResetPassword(ctx, p.User.AccountID, p.User.ID, id, hash)
	if err != nil {
		return reset.User, err
	}
	s.Sessions.endedForCaller(ctx, p, reset.Ended)
	return reset.User, nil
}
