package apitest

import (
	"testing"
	"time"

	"sessionguard/models"
)

// World is two accounts with admins and members, each holding sessions:
//
//	account A: AdminA (sessions AdminA1, AdminA2), MemberA (MemberA1, MemberA2), ColleagueA (ColleagueA1)
//	account B: AdminB (AdminB1), MemberB (MemberB1)
//
// Both accounts allow five sessions per user and no idle timeout. Logins are a second apart, in
// the order listed; each client's SessionID is its session.
type World struct {
	Srv                                  *Server
	A, B                                 Account
	AdminA, MemberA, ColleagueA          User
	AdminB, MemberB                      User
	AdminA1, AdminA2, MemberA1, MemberA2 *Client
	ColleagueA1, AdminB1, MemberB1       *Client
	LoginOrder                           []*Client
	UserOf                               map[string]string // session id → user id
	SessionsOfA, SessionsOfB             []string
}

// NewWorld builds a World on a fresh server.
func NewWorld(t *testing.T, url string) *World {
	t.Helper()
	return AddWorld(t, Start(t, url, TrustLoopback))
}

// AddWorld builds another World, with accounts of its own, on srv (started with TrustLoopback).
// Worlds on one server never see each other, so tests share a server to save its start-up.
func AddWorld(t *testing.T, srv *Server) *World {
	t.Helper()
	w := &World{Srv: srv, UserOf: map[string]string{}}
	w.A, w.B = srv.SeedAccount(t), srv.SeedAccount(t)
	w.AdminA, w.AdminB = w.A.Admin, w.B.Admin
	w.MemberA = srv.AddUser(t, w.A, models.RoleMember, "Mia Member")
	w.ColleagueA = srv.AddUser(t, w.A, models.RoleMember, "Carl Colleague")
	w.MemberB = srv.AddUser(t, w.B, models.RoleMember, "Bea Other")
	login := func(u User, ip string) *Client {
		srv.Clock.Advance(time.Second)
		c := srv.LoginFrom(t, u, ip)
		w.LoginOrder = append(w.LoginOrder, c)
		w.UserOf[c.SessionID] = u.ID
		return c
	}
	w.AdminA1 = login(w.AdminA, "10.0.0.1")
	SetPolicy(t, w.AdminA1, LimitInput(5, models.EvictOldest))
	w.AdminB1 = login(w.AdminB, "10.0.1.1")
	SetPolicy(t, w.AdminB1, LimitInput(5, models.EvictOldest))
	w.AdminA2 = login(w.AdminA, "10.0.0.2")
	w.MemberA1 = login(w.MemberA, "10.0.0.3")
	w.MemberA2 = login(w.MemberA, "10.0.0.4")
	w.ColleagueA1 = login(w.ColleagueA, "10.0.0.5")
	w.MemberB1 = login(w.MemberB, "10.0.1.2")
	w.SessionsOfA = []string{w.AdminA1.SessionID, w.AdminA2.SessionID, w.MemberA1.SessionID,
		w.MemberA2.SessionID, w.ColleagueA1.SessionID}
	w.SessionsOfB = []string{w.AdminB1.SessionID, w.MemberB1.SessionID}
	return w
}

// Clients lists every client of the world with a name for messages.
func (w *World) Clients() map[string]*Client {
	return map[string]*Client{
		"adminA1": w.AdminA1, "adminA2": w.AdminA2, "memberA1": w.MemberA1, "memberA2": w.MemberA2,
		"colleagueA1": w.ColleagueA1, "adminB1": w.AdminB1, "memberB1": w.MemberB1,
	}
}
