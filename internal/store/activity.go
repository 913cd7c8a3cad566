package store

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"hash/maphash"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"sessionguard/models"
)

// Batched activity. With many sessions almost every request is the first of its session in
// ActivityWriteInterval, so coalescing alone left one UPDATE per request. Instead a request only
// notes "session X seen at t" in this replica's memory, and a flusher writes every note in one
// statement per batch each ActivityFlushInterval: writes per replica per second, not per request.
//
// Why no session ends early (models.IdleGrace has the whole argument): a note is stored at most
// ActivityFlushLag after it was taken, and the grace covers that lag; a request whose stored
// activity would count as idle within that lag writes at once, so other replicas never end a
// session while its note waits; this replica reads its notes before it ends a session as idle
// (Authenticate) and flushes before it reaps (reaper) and when it stops (App).
//
// A replica that crashes loses its unflushed notes, those of at most its last ActivityFlushLag:
// the sessions they concern count from their last stored activity instead. That is the price of
// not writing on every request; a session that made other requests in the ActivityWriteInterval
// before those is not affected, the grace covers it.

const (
	// activityShards spreads the notes over this many locks, so that concurrent requests
	// rarely wait for one another.
	activityShards = 64
	// maxNotedActivity bounds the notes kept between flushes: reaching it flushes early, and a
	// request that finds twice as many (the database cannot keep up) writes its own at once.
	maxNotedActivity = 50_000
	// activityBatch bounds the rows one flush statement writes.
	activityBatch = 5_000
)

// activityNotes is the activity this replica's requests noted and has not stored yet.
type activityNotes struct {
	shards  [activityShards]activityShard
	noted   atomic.Int64  // notes in all shards' seen maps
	full    chan struct{} // told when noted reaches maxNotedActivity
	flushMu sync.Mutex    // one flush at a time
}

// activityShard holds the notes of the sessions whose ids hash to it.
type activityShard struct {
	mu       sync.Mutex
	seen     map[string]time.Time // noted since the last flush began
	flushing map[string]time.Time // taken by the flush in progress, not yet stored
}

func newActivityNotes() *activityNotes {
	n := &activityNotes{full: make(chan struct{}, 1)}
	for i := range n.shards {
		n.shards[i].seen = map[string]time.Time{}
	}
	return n
}

// activitySeed seeds the hash that spreads session ids over the shards.
var activitySeed = maphash.MakeSeed()

// shard picks id's shard.
func (n *activityNotes) shard(id string) *activityShard {
	return &n.shards[maphash.String(activitySeed, id)%activityShards]
}

// note records that session id was active at t. It returns false, noting nothing, when the
// buffer is over twice its bound: the caller writes the activity itself.
func (n *activityNotes) note(id string, t time.Time) bool {
	sh := n.shard(id)
	sh.mu.Lock()
	if prev, ok := sh.seen[id]; ok {
		if t.After(prev) {
			sh.seen[id] = t
		}
		sh.mu.Unlock()
		return true
	}
	if n.noted.Load() >= 2*maxNotedActivity {
		sh.mu.Unlock()
		return false
	}
	sh.seen[id] = t
	count := n.noted.Add(1)
	sh.mu.Unlock()
	if count >= maxNotedActivity {
		select {
		case n.full <- struct{}{}:
		default:
		}
	}
	return true
}

// latest returns the newest activity noted for session id and not yet stored.
func (n *activityNotes) latest(id string) (time.Time, bool) {
	sh := n.shard(id)
	sh.mu.Lock()
	defer sh.mu.Unlock()
	seen, ok := sh.seen[id]
	if f, fok := sh.flushing[id]; fok && (!ok || f.After(seen)) {
		return f, true
	}
	return seen, ok
}

// take moves every note to its shard's flushing map and returns them.
func (n *activityNotes) take() (ids []string, times []time.Time) {
	for i := range n.shards {
		sh := &n.shards[i]
		sh.mu.Lock()
		sh.flushing, sh.seen = sh.seen, make(map[string]time.Time, len(sh.seen))
		n.noted.Add(-int64(len(sh.flushing)))
		for id, t := range sh.flushing {
			ids, times = append(ids, id), append(times, t)
		}
		sh.mu.Unlock()
	}
	return ids, times
}

// settle ends a flush: the notes it took are dropped when stored, or noted again when not, so
// that a failed flush loses nothing.
func (n *activityNotes) settle(stored bool) {
	for i := range n.shards {
		sh := &n.shards[i]
		sh.mu.Lock()
		if !stored {
			for id, t := range sh.flushing {
				if prev, ok := sh.seen[id]; !ok {
					sh.seen[id] = t
					n.noted.Add(1)
				} else if t.After(prev) {
					sh.seen[id] = t
				}
			}
		}
		sh.flushing = nil
		sh.mu.Unlock()
	}
}

// withNotedActivity moves sess.LastActiveAt to the activity this replica noted for it and has
// not stored yet, if newer: what the database will hold once the notes are flushed.
func (s *Store) withNotedActivity(sess *models.Session) {
	if s.activity == nil {
		return
	}
	if t, ok := s.activity.latest(sess.ID); ok && t.After(sess.LastActiveAt) {
		sess.LastActiveAt = t
	}
}

// noteActivity records that sess (as stored, under policy) was active at now: in memory for the
// next flush, or at once when its stored activity would count as idle before that flush is
// sure to have landed (another replica could end it meanwhile), when the store writes
// through, or when the notes are over their bound.
func (s *Store) noteActivity(ctx context.Context, stored models.Session, policy models.SessionPolicy, now time.Time) error {
	if s.activity != nil && policy.CheckValidity(&stored, now.Add(models.ActivityFlushLag)).Valid() &&
		s.activity.note(stored.ID, now) {
		return nil
	}
	return s.recordActivity(ctx, stored.ID, now)
}

// FlushActivity stores every activity noted so far, in one statement per batch. The reaper
// calls it before a pass and the App when it stops; tests call it to see what requests noted.
// Notes it could not store are kept for the next flush.
func (s *Store) FlushActivity(ctx context.Context) error {
	if s.activity == nil {
		return nil
	}
	s.activity.flushMu.Lock()
	defer s.activity.flushMu.Unlock()
	ids, times := s.activity.take()
	var err error
	for i := 0; i < len(ids) && err == nil; i += activityBatch {
		j := min(i+activityBatch, len(ids))
		err = s.storeActivity(ctx, ids[i:j], times[i:j])
	}
	s.activity.settle(err == nil)
	return err
}

// RunActivityFlusher flushes noted activity every ActivityFlushInterval, and early when the notes
// reach their bound, until ctx ends; then it flushes a last time.
func (s *Store) RunActivityFlusher(ctx context.Context) {
	if s.activity == nil {
		return
	}
	ticker := time.NewTicker(models.ActivityFlushInterval)
	defer ticker.Stop()
	for {
		select {
		case <-ctx.Done():
			s.flushLogged(context.WithoutCancel(ctx))
			return
		case <-ticker.C:
		case <-s.activity.full:
		}
		s.flushLogged(ctx)
	}
}

// flushLogged is one flush of the flusher's, bounded by ActivityFlushTimeout; a failure is
// logged and its notes wait for the next one.
func (s *Store) flushLogged(ctx context.Context) {
	ctx, cancel := context.WithTimeout(ctx, models.ActivityFlushTimeout)
	defer cancel()
	if err := s.FlushActivity(ctx); err != nil && !errors.Is(err, context.Canceled) {
		slog.Error("store: activity flush failed", "err", err)
	}
}

// storeActivity moves each session's last_active_at forward (never back, active sessions only)
// to its time, in one statement: the batch travels as one JSON array of {id, t} pairs.
func (s *Store) storeActivity(ctx context.Context, ids []string, times []time.Time) error {
	layout, query := time.RFC3339Nano, `UPDATE sessions s SET last_active_at = v.t
FROM json_to_recordset(?::json) AS v(id text, t timestamptz)
WHERE s.id = v.id AND s.status = ? AND s.last_active_at < v.t`
	if !s.postgres {
		// SQLite compares the stored times as text: the batch's are written as its driver
		// writes a time.Time.
		layout, query = "2006-01-02 15:04:05.999999999-07:00", `UPDATE sessions SET last_active_at = v.t
FROM (SELECT value ->> '$.id' AS id, value ->> '$.t' AS t FROM json_each(?)) v
WHERE sessions.id = v.id AND sessions.status = ? AND sessions.last_active_at < v.t`
	}
	type seen struct {
		ID string `json:"id"`
		T  string `json:"t"`
	}
	batch := make([]seen, len(ids))
	for i := range ids {
		batch[i] = seen{ids[i], times[i].UTC().Format(layout)}
	}
	encoded, err := json.Marshal(batch)
	if err == nil {
		err = s.db.WithContext(ctx).Exec(query, string(encoded), models.SessionActive).Error
	}
	if err != nil {
		return fmt.Errorf("store: unable to record activity: %w", err)
	}
	return nil
}
