package auth

import (
	"context"
	"log/slog"

	"sessionguard/internal/store"
	"sessionguard/models"
)

// deviceCookieMaxAge matches how long the server trusts a device after a successful login.
const deviceCookieMaxAge = models.TrustedDeviceLifetime

// trustedDevice returns the request's device token when it proves an earlier successful login
// of email's user on this browser, else "". Such attempts spend their device's budget instead of
// the email's and the address's, so strangers cannot lock the user out by failing against them.
func (s *Service) trustedDevice(ctx context.Context, req *Request, email string) (string, error) {
	token := req.deviceToken()
	if !wellFormedDevice(token) {
		return "", nil
	}
	ok, err := s.Store.IsTrustedDevice(ctx, HashToken(token), email)
	if err != nil || !ok {
		return "", err
	}
	return token, nil
}

// loginBudgets are the budgets an attempt spends from: its trusted device's own, or else the
// email's and the client address's, which everyone else shares.
func (s *Service) loginBudgets(req *Request, email, device string) []store.LoginBudget {
	if device != "" {
		return []store.LoginBudget{{Kind: "device", Value: device, Limit: s.Limits.PerDevice}}
	}
	return []store.LoginBudget{
		{Kind: "email", Value: email, Limit: s.Limits.PerEmail},
		{Kind: "address", Value: req.ClientIP.String(), Limit: s.Limits.PerAddress},
	}
}

// trustDevice remembers the browser after user's successful login: it renews the device the
// request proved, or hands out a new one. Failing here never fails the login: the browser is
// only budgeted with everyone else until its next success.
func (s *Service) trustDevice(ctx context.Context, req *Request, user models.User, device string) {
	var hash []byte
	if device == "" {
		device, hash = newDeviceToken()
	} else {
		hash = HashToken(device)
	}
	if err := s.Store.TrustDevice(ctx, user.ID, hash); err != nil {
		slog.ErrorContext(ctx, "auth: unable to trust a device", "err", err)
		return
	}
	req.setDeviceCookie(device)
}
