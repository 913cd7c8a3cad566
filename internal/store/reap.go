package store

import (
	"context"
	"fmt"
	"time"

	"gorm.io/gorm"

	"sessionguard/models"
)

// ReapIdle ends the sessions their policy no longer allows (SessionPolicy.CheckValidity, with
// each user's role's overrides: SessionPolicy.ForRole):
// those idle beyond the timeout with IDLE_TIMEOUT, those past the absolute lifetime with
// MAX_LIFETIME, each as of the moment it broke the rule. It reads at most batch candidates per
// statement and returns how many sessions it ended. It stops between batches when ctx ends.
//
// The reaper's index is the partial index on active sessions' (account_id, idle_probe_at), not
// last_active_at: activity writes would otherwise move an index entry on every busy session
// once a second, and on PostgreSQL make each of them a new row version in every index (see
// migration 00005_idle_probe). idle_probe_at is a lower bound of last_active_at, so the
// sessions it selects (probed at or before the cut-off) include every idle one; a selected
// session that is not idle after all has its probe moved up to its last_active_at, which takes
// it out of the index's range until it could next go idle: a session is probed about once per
// timeout, not once per write. Sessions past their lifetime are found by login_at, which never
// changes, on the partial index of active sessions' (account_id, login_at) (migration
// 00007_absolute_lifetime): every candidate is past its lifetime, so none is read twice. Each
// account with a timeout or a lifetime costs one index probe per rule, so a pass that finds
// nothing costs next to nothing however many sessions exist. On PostgreSQL, FOR UPDATE SKIP
// LOCKED lets every replica reap at once with no leader: a session is ended, and announced, by
// exactly one of them.
//
// A batch costs one SELECT, one UPDATE per endsPerUpdate sessions it ends (see endSessions) and
// at most one for those it probes, and most of ending is index upkeep: an ended session's new
// row version enters every index of sessions (at 100,000 idle, 38 buffer accesses per session
// ended, all statements included). Right after a bulk load the same work was dearer (issue 9:
// 70 s for 100,000 idle sessions in a first run, 11 s in later ones), most of it through a plan:
// without statistics, the UPDATE ending a batch scanned every active session (see endSessions).
// What remains: the load's WAL forces checkpoints, and the first change to a page after a
// checkpoint logs the whole page: 500 sessions ended on pages not yet logged wrote 449 full-page
// images, 3.2 MB of WAL and took 49 ms, against 0.6 MB and 19 ms once logged. Reading freshly
// loaded rows also sets their hint bits, dirtying every page, and the checkpointer and
// autovacuum of the loaded table compete for the same two cores and disk. After loading
// sessions in bulk, run VACUUM (ANALYZE) sessions before timing the reaper.
func (s *Store) ReapIdle(ctx context.Context, batch int) (int, error) {
	if batch < 1 {
		return 0, fmt.Errorf("store: reap batch must be positive, got %d", batch)
	}
	var policies []*models.SessionPolicy
	err := s.db.WithContext(ctx).Where(`idle_timeout_enabled = ? OR absolute_lifetime_enabled = ? OR account_id IN
  (SELECT account_id FROM role_session_policies WHERE idle_timeout_enabled = ? OR absolute_lifetime_enabled = ?)`,
		true, true, true, true).Find(&policies).Error
	if err == nil {
		err = withOverrides(s.db.WithContext(ctx), policies...)
	}
	if err != nil {
		return 0, fmt.Errorf("store: unable to load the policies that end sessions: %w", err)
	}
	total := 0
	for _, p := range policies {
		if !p.EndsByTime() {
			continue // every role's overrides turned the account's rules off
		}
		if probe, err := s.anyToProbe(ctx, *p); err != nil || !probe {
			if err != nil {
				return total, err
			}
			continue
		}
		for ctx.Err() == nil {
			more, ended, err := s.reapAccount(ctx, p.AccountID, batch)
			total += ended
			if err != nil {
				return total, err
			}
			if !more {
				break
			}
		}
	}
	return total, nil
}

// anyToProbe asks, outside any transaction, whether an account has a session that could be
// invalid under policy (probed at or before the idle cut-off, or logged in at or before the
// lifetime's): most passes find none, and then cost one index probe per rule and account, not a
// transaction (on SQLite, the write lock). A policy changed since it was read only moves work to
// the next pass: reapAccount reads it again before ending anything.
func (s *Store) anyToProbe(ctx context.Context, policy models.SessionPolicy) (bool, error) {
	now := s.Now()
	for _, q := range candidateQueries(s.db.WithContext(ctx).Model(&models.Session{}), policy, now) {
		var ids []string
		if err := q.Limit(1).Pluck("id", &ids).Error; err != nil {
			return false, fmt.Errorf("store: unable to probe for sessions to end: %w", err)
		}
		if len(ids) > 0 {
			return true, nil
		}
	}
	return false, nil
}

// reapAccount reads one batch of an account's candidates for each of its rules: it ends the
// invalid ones and moves the others' idle probe up to their last activity. It returns whether a
// rule filled its batch (there may be more), and how many sessions it ended.
func (s *Store) reapAccount(ctx context.Context, accountID string, batch int) (more bool, ended int, err error) {
	err = s.inTx(ctx, func(t *txn) error {
		// Read the policy again inside the transaction: it may have changed since the pass began.
		policy, err := t.policy(accountID)
		if err != nil {
			return err
		}
		now := s.Now()
		var candidates []models.Session
		seen := map[string]bool{}
		for _, q := range candidateQueries(t.DB, policy, now) {
			q = q.Limit(batch)
			if s.postgres {
				q = q.Clauses(skipLocked)
			}
			var found []models.Session
			if err := q.Find(&found).Error; err != nil {
				return fmt.Errorf("store: unable to find sessions to end: %w", err)
			}
			more = more || len(found) == batch
			for _, c := range found {
				if !seen[c.ID] { // idle and past its lifetime: a candidate of both rules
					seen[c.ID] = true
					candidates = append(candidates, c)
				}
			}
		}
		roles, err := userRoles(t.DB, policy, usersOf(candidates))
		if err != nil {
			return err
		}
		verdicts := policy.JudgeByRole(candidates, roles, now)
		if err := t.moveProbes(verdicts.Live); err != nil {
			return err
		}
		ended, err = t.endAsJudged(policy, roles, now, verdicts)
		return err
	})
	return more, ended, err
}

// candidateQueries returns, for each rule of policy in force at now, the queries of an account's
// active sessions that may break it, oldest first: the idle rule's (sessionsToProbe) and the
// lifetime's (sessionsPastLifetime). None when the policy ends no session by time.
//
// Each role may have its own cut-off (SessionPolicy.ForRole). Roles that share one share a
// query; while every role shares it (no override of that rule) the query is the account's, as
// if roles did not exist. Otherwise each query keeps to its roles' users (ofRoles), and is still
// driven by the same index range: it reads, besides its candidates, the sessions of other roles
// in that range, that is those of roles with a longer timeout (lifetime) that have passed this
// one's but not their own. A pass is thus a few statements per account, never one per session.
func candidateQueries(db *gorm.DB, policy models.SessionPolicy, now time.Time) []*gorm.DB {
	var queries []*gorm.DB
	add := func(cutoffOf func(*models.SessionPolicy, time.Time) (time.Time, bool),
		query func(*gorm.DB, string, time.Time) *gorm.DB) {
		for _, g := range groupByCutoff(policy, now, cutoffOf) {
			q := query(db.Session(&gorm.Session{}), policy.AccountID, g.cutoff)
			if len(g.roles) < len(models.Roles) {
				q = ofRoles(q, policy.AccountID, g.roles)
			}
			queries = append(queries, q)
		}
	}
	add((*models.SessionPolicy).IdleCutoff, sessionsToProbe)
	add((*models.SessionPolicy).LifetimeCutoff, sessionsPastLifetime)
	return queries
}

// roleCutoff is one cut-off of a rule and the roles whose sessions it applies to.
type roleCutoff struct {
	cutoff time.Time
	roles  []models.Role
}

// groupByCutoff groups the roles by their cut-off of one rule at now (cutoffOf: IdleCutoff or
// LifetimeCutoff), leaving out the roles the rule is off for.
func groupByCutoff(policy models.SessionPolicy, now time.Time,
	cutoffOf func(*models.SessionPolicy, time.Time) (time.Time, bool)) []roleCutoff {
	var groups []roleCutoff
next:
	for _, role := range models.Roles {
		rp := policy.ForRole(role)
		cutoff, ok := cutoffOf(&rp, now)
		if !ok {
			continue
		}
		for i := range groups {
			if groups[i].cutoff.Equal(cutoff) {
				groups[i].roles = append(groups[i].roles, role)
				continue next
			}
		}
		groups = append(groups, roleCutoff{cutoff: cutoff, roles: []models.Role{role}})
	}
	return groups
}

// ofRoles keeps q to the sessions of accountID's users with one of roles (index
// users_account_role).
func ofRoles(q *gorm.DB, accountID string, roles []models.Role) *gorm.DB {
	return q.Where("user_id IN (SELECT id FROM users WHERE account_id = ? AND role IN ?)", accountID, roles)
}

// moveProbes moves each session's idle_probe_at up to its last_active_at as read under the lock,
// in one statement: the sessions leave the reaper's range until they could next go idle.
func (t *txn) moveProbes(awake []models.Session) error {
	if len(awake) == 0 {
		return nil
	}
	ids := make([]string, len(awake))
	for i := range awake {
		ids[i] = awake[i].ID
	}
	err := t.Model(&models.Session{}).Where("id IN ?", ids).
		Update("idle_probe_at", gorm.Expr("last_active_at")).Error
	if err != nil {
		return fmt.Errorf("store: unable to move idle probes: %w", err)
	}
	return nil
}

// sessionsToProbe selects an account's active sessions probed at or before cutoff (from
// SessionPolicy.IdleCutoff, the idle rule of CheckValidity as SQL): every session idle at cutoff
// is among them, since idle_probe_at never passes last_active_at. Oldest probe first: the order
// keeps the query on the partial index. The status is a literal, not a parameter: a generic plan
// can only use that index (WHERE status = 'ACTIVE') if it sees it.
func sessionsToProbe(db *gorm.DB, accountID string, cutoff time.Time) *gorm.DB {
	return db.Where("account_id = ? AND status = 'ACTIVE' AND idle_probe_at <= ?", accountID, cutoff).
		Order("idle_probe_at ASC")
}

// sessionsPastLifetime selects an account's active sessions logged in at or before cutoff (from
// SessionPolicy.LifetimeCutoff, the lifetime rule of CheckValidity as SQL): every one of them is
// past its lifetime. Oldest login first: the order keeps the query on the partial index
// sessions_active_login. The status is a literal for the same reason as in sessionsToProbe.
func sessionsPastLifetime(db *gorm.DB, accountID string, cutoff time.Time) *gorm.DB {
	return db.Where("account_id = ? AND status = 'ACTIVE' AND login_at <= ?", accountID, cutoff).
		Order("login_at ASC")
}
