package store

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"hash/maphash"
	"log/slog"
	"math"
	"sync"
	"sync/atomic"
	"time"

	"sessionguard/models"
)

// Batched activity. With many sessions almost every request is the first of its session in
// ActivityWriteInterval, so coalescing alone left one UPDATE per request. Instead a request only
// notes "session X seen at t" in this replica's memory. Once a second the flusher appends every
// note taken since its last append to the activity journal, as one row (activity_journal.go),
// and stores in the sessions' rows, in one statement per batch, the notes that are due: those
// ActivityStoreDelay old, and those whose session would soon count as idle by its stored
// activity. A busy session's row is written about once a minute, not once per request.
//
// Why no session ends early (models.IdleGrace has the whole argument): another replica judges a
// session by its stored activity, and a note is stored before that stored activity could count
// as idle: at once when it would within a flush, else by the flusher ActivityDeferMargin ahead
// of that moment; this replica reads its notes before it ends a session as idle (Authenticate),
// and stores the due ones before it reaps (reaper) and all of them before a policy change and
// when it stops (App). A replica that dies leaves its notes in the journal, where any replica
// folds them into the rows once they are ActivityOrphanAge old, which is before they are due.
//
// A replica that crashes loses only the notes it took since its last append, those of at most
// its last ActivityFlushLag: the sessions they concern count from their last stored activity
// instead. A session that made other requests before those is not affected, the grace covers it.

const (
	// activityShards spreads the notes over this many locks, so that concurrent requests
	// rarely wait for one another.
	activityShards = 64
	// maxNotedActivity bounds the sessions with notes held in memory: reaching it stores them
	// all early, and a request that finds twice as many (the database cannot keep up) writes its
	// own at once. Notes live up to ActivityStoreDelay, one per session however busy.
	maxNotedActivity = 200_000
	// activityBatch bounds the rows one flush statement writes.
	activityBatch = 5_000
	// maxStoredPerFlush bounds the rows one periodic flush writes, so that it fits its timeout
	// however far behind it is; the rest wait for the next. Notes can wait: each is due well
	// before it matters (ActivityDeferMargin).
	maxStoredPerFlush = 4 * activityBatch
)

// activityNotes is the activity this replica's requests noted and has not stored yet.
type activityNotes struct {
	shards  [activityShards]activityShard
	noted   atomic.Int64  // notes in all shards' notes maps
	full    chan struct{} // told when noted reaches maxNotedActivity
	flushMu sync.Mutex    // one flush at a time
	// journaled is true while this replica may have rows in the journal: a flush then deletes
	// those whose notes are all stored. Guarded by flushMu.
	journaled bool
}

// activityNote is one session's activity that this replica noted and has not stored in its row.
type activityNote struct {
	account string
	latest  time.Time // the newest request
	first   time.Time // the oldest request not stored: journal rows from before it hold none of it
	stored  time.Time // the session's last_active_at as stored when the note began
	storeBy time.Time // store it in its row no later than this
	// inJournal is true once latest is in the journal: a flush appends only notes without it.
	inJournal bool
}

// activityShard holds the notes of the sessions whose ids hash to it.
type activityShard struct {
	mu       sync.Mutex
	notes    map[string]*activityNote // noted and not being stored
	flushing map[string]*activityNote // taken by the flush in progress, not yet stored
	// What a flush needs of the notes without reading each of them (a second's flush would
	// otherwise visit every note, 100,000 with as many busy sessions): the ids whose latest
	// activity is not in the journal (fresh; may repeat, or name notes gone since), and lower
	// bounds of the notes' storeBy, stored and first times (zero: no notes). A bound may be
	// lower than every note (notes left since it was set): it only makes a flush read the
	// shard's notes, which sets the bounds exactly again.
	fresh                        []string
	dueFloor, storedFloor, first time.Time
}

// noteBounds lowers the shard's bounds to include note. Called with the shard locked.
func (sh *activityShard) noteBounds(note *activityNote) {
	lower(&sh.dueFloor, note.storeBy)
	lower(&sh.storedFloor, note.stored)
	lower(&sh.first, note.first)
}

// lower moves *floor down to t, or sets it when zero (unset).
func lower(floor *time.Time, t time.Time) {
	if floor.IsZero() || t.Before(*floor) {
		*floor = t
	}
}

func newActivityNotes() *activityNotes {
	n := &activityNotes{full: make(chan struct{}, 1)}
	for i := range n.shards {
		n.shards[i].notes = map[string]*activityNote{}
	}
	return n
}

// activitySeed seeds the hash that spreads session ids over the shards.
var activitySeed = maphash.MakeSeed()

// shard picks id's shard.
func (n *activityNotes) shard(id string) *activityShard {
	return &n.shards[maphash.String(activitySeed, id)%activityShards]
}

// note records that session id of account, stored as active at stored, was active at t and must
// reach its row by storeBy. It returns false, noting nothing, when the notes are over twice
// their bound: the caller writes the activity itself.
func (n *activityNotes) note(id, account string, t, stored, storeBy time.Time) bool {
	sh := n.shard(id)
	sh.mu.Lock()
	if prev, ok := sh.notes[id]; ok {
		if t.After(prev.latest) {
			if prev.inJournal {
				sh.fresh = append(sh.fresh, id)
			}
			prev.latest, prev.inJournal = t, false
		}
		if storeBy.Before(prev.storeBy) {
			prev.storeBy = storeBy
			lower(&sh.dueFloor, storeBy)
		}
		sh.mu.Unlock()
		return true
	}
	if n.noted.Load() >= 2*maxNotedActivity {
		sh.mu.Unlock()
		return false
	}
	note := &activityNote{account: account, latest: t, first: t, stored: stored, storeBy: storeBy}
	sh.notes[id] = note
	sh.fresh = append(sh.fresh, id)
	sh.noteBounds(note)
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
	var newest time.Time
	noted, ok := sh.notes[id]
	if ok {
		newest = noted.latest
	}
	if f, fok := sh.flushing[id]; fok && (!ok || f.latest.After(newest)) {
		return f.latest, true
	}
	return newest, ok
}

// takenNotes is what one flush takes from the notes.
type takenNotes struct {
	ids   []string    // sessions to store in their rows now,
	times []time.Time // at these times
	// journal lists the notes kept in memory whose latest activity is not in the journal yet.
	journal []journalEntry
	// oldest is the oldest first request among the notes kept (zero when none is): this
	// replica's journal rows written before it hold only stored activity.
	oldest time.Time
}

// take moves up to limit of the notes mustStore picks to their shard's flushing map, and lists
// the other notes not yet in the journal, marking them as in it.
func (n *activityNotes) take(mustStore func(*activityNote) bool, limit int) takenNotes {
	return n.takeWhere(anyShard, mustStore, limit)
}

// anyShard reads every shard's notes.
func anyShard(dueFloor, storedFloor time.Time) bool { return true }

// takeWhere is take reading only the notes of the shards for which mayStore, given their
// bounds (activityShard), says one may have to be stored; of the others, it journals the fresh
// ones and keeps their notes unread.
func (n *activityNotes) takeWhere(mayStore func(dueFloor, storedFloor time.Time) bool,
	mustStore func(*activityNote) bool, limit int) takenNotes {
	var b takenNotes
	for i := range n.shards {
		sh := &n.shards[i]
		sh.mu.Lock()
		if len(sh.notes) == 0 {
			sh.fresh, sh.dueFloor, sh.storedFloor, sh.first = sh.fresh[:0], time.Time{}, time.Time{}, time.Time{}
		} else if len(b.ids) < limit && mayStore(sh.dueFloor, sh.storedFloor) {
			b.takeShard(sh, mustStore, limit)
			n.noted.Add(-int64(len(sh.flushing)))
		} else {
			b.journalFresh(sh)
		}
		sh.mu.Unlock()
	}
	return b
}

// takeShard is take for one shard, locked: it reads every note, and sets the shard's bounds
// to those of the notes it keeps.
func (b *takenNotes) takeShard(sh *activityShard, mustStore func(*activityNote) bool, limit int) {
	sh.flushing = map[string]*activityNote{}
	sh.fresh, sh.dueFloor, sh.storedFloor, sh.first = sh.fresh[:0], time.Time{}, time.Time{}, time.Time{}
	for id, note := range sh.notes {
		if len(b.ids) < limit && mustStore(note) {
			sh.flushing[id] = note
			delete(sh.notes, id)
			b.ids, b.times = append(b.ids, id), append(b.times, note.latest)
			continue
		}
		b.journal1(id, note)
		sh.noteBounds(note)
	}
	b.keepOldest(sh.first)
}

// journalFresh is take for one shard, locked, that needs none of its notes stored: it journals
// the fresh ones only, and keeps the shard's bounds.
func (b *takenNotes) journalFresh(sh *activityShard) {
	for _, id := range sh.fresh {
		if note, ok := sh.notes[id]; ok {
			b.journal1(id, note)
		}
	}
	sh.fresh = sh.fresh[:0]
	b.keepOldest(sh.first)
}

// journal1 lists note for the journal unless it is in it already, marking it as in it.
func (b *takenNotes) journal1(id string, note *activityNote) {
	if !note.inJournal {
		note.inJournal = true
		b.journal = append(b.journal, journalEntry{session: id, account: note.account, at: note.latest})
	}
}

// keepOldest lowers b.oldest to first, a kept note's first request (zero: none).
func (b *takenNotes) keepOldest(first time.Time) {
	if !first.IsZero() {
		lower(&b.oldest, first)
	}
}

// settle ends a flush. When it failed, the notes it took are noted again and those it appended
// count as not in the journal, so that a failed flush loses nothing; either way the flushing
// maps empty.
func (n *activityNotes) settle(b takenNotes, ok bool) {
	if !ok {
		for _, e := range b.journal {
			sh := n.shard(e.session)
			sh.mu.Lock()
			if note, found := sh.notes[e.session]; found && note.latest.Equal(e.at) && note.inJournal {
				note.inJournal = false
				sh.fresh = append(sh.fresh, e.session)
			}
			sh.mu.Unlock()
		}
	}
	for i := range n.shards {
		sh := &n.shards[i]
		sh.mu.Lock()
		if !ok {
			for id, f := range sh.flushing {
				note, found := sh.notes[id]
				if !found {
					f.inJournal = false
					sh.notes[id] = f
					sh.fresh = append(sh.fresh, id)
					sh.noteBounds(f)
					n.noted.Add(1)
					continue
				}
				if f.latest.After(note.latest) {
					if note.inJournal {
						sh.fresh = append(sh.fresh, id)
					}
					note.latest, note.inJournal = f.latest, false
				}
				if f.first.Before(note.first) {
					note.first, note.stored = f.first, f.stored
				}
				if f.storeBy.Before(note.storeBy) {
					note.storeBy = f.storeBy
				}
				sh.noteBounds(note)
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

// noteActivity records that sess (as stored, under policy) was active at now: in memory, to be
// stored by the flusher by ActivityStoreDelay or ActivityDeferMargin before its stored activity
// would count as idle, whichever comes first; or at once when it would count as idle before a
// flush is sure to have landed (another replica could end it meanwhile), when the store writes
// through, or when the notes are over their bound.
func (s *Store) noteActivity(ctx context.Context, stored models.Session, policy models.SessionPolicy, now time.Time) error {
	if s.activity != nil && policy.CheckValidity(&stored, now.Add(models.ActivityFlushLag)).Valid() &&
		s.activity.note(stored.ID, stored.AccountID, now, stored.LastActiveAt, storeBy(stored.LastActiveAt, policy, now)) {
		return nil
	}
	return s.recordActivity(ctx, stored.ID, now)
}

// storeBy is when a note taken at now, of a session whose stored activity is stored, must reach
// its row under policy: within ActivityStoreDelay, and ActivityDeferMargin before the stored
// activity would count as idle.
func storeBy(stored time.Time, policy models.SessionPolicy, now time.Time) time.Time {
	by := now.Add(models.ActivityStoreDelay)
	if limit := policy.IdleLimit(); limit > 0 {
		by = minTime(by, idleStoreBy(stored, limit))
	}
	return by
}

// idleStoreBy is when a note must be stored for a session whose stored activity is stored under
// an idle timeout of limit: ActivityDeferMargin before that activity would count as idle.
func idleStoreBy(stored time.Time, limit time.Duration) time.Time {
	return stored.Add(limit).Add(models.IdleGrace).Add(-models.ActivityDeferMargin)
}

func minTime(a, b time.Time) time.Time {
	if b.Before(a) {
		return b
	}
	return a
}

// FlushActivity stores every activity noted so far in the sessions' rows, in one statement per
// batch: the App calls it when it stops, tests to see what requests noted. Notes it could not
// store are kept for the next flush.
func (s *Store) FlushActivity(ctx context.Context) error {
	return s.flushActivity(ctx, anyShard, storeAll, math.MaxInt)
}

func storeAll(*activityNote) bool { return true }

// FlushDueActivity is one flush of the flusher's: it stores the notes that are due (see
// storeBy) within the next flush interval, or sooner because this replica has since seen a
// shorter idle timeout for their account, and appends the others to the journal if they are
// not in it yet. The reaper calls it before a pass.
func (s *Store) FlushDueActivity(ctx context.Context) error {
	horizon := s.Now().Add(models.ActivityFlushInterval)
	// One look at the policy cache per account, not per note: take calls this for every note.
	type seen struct {
		limit time.Duration
		ok    bool
	}
	limits := map[string]seen{}
	// A shard's notes are read only when one may be due: by its storeBy, or by the shortest idle
	// timeout any account has now (a shard's stored bound is its oldest stored activity).
	shortest := s.shortestCachedIdleLimit()
	mayStore := func(dueFloor, storedFloor time.Time) bool {
		return !dueFloor.After(horizon) || shortest > 0 && !idleStoreBy(storedFloor, shortest).After(horizon)
	}
	return s.flushActivity(ctx, mayStore, func(n *activityNote) bool {
		if !n.storeBy.After(horizon) {
			return true
		}
		l, looked := limits[n.account]
		if !looked {
			p, ok := s.cachedPolicy(n.account)
			// The note does not say whose role it is: the account's shortest timeout of any
			// role stores it soonest, never late.
			limit := p.ShortestIdleLimit()
			l = seen{limit, ok && limit > 0}
			limits[n.account] = l
		}
		return l.ok && !idleStoreBy(n.stored, l.limit).After(horizon)
	}, maxStoredPerFlush)
}

// journalActivity appends the notes not yet in the journal, storing nothing: cheap, so that a
// stopping replica keeps its last notes even if storing them all does not finish in time.
func (s *Store) journalActivity(ctx context.Context) error {
	noShard := func(time.Time, time.Time) bool { return false }
	return s.flushActivity(ctx, noShard, func(*activityNote) bool { return false }, 0)
}

// flushActivity takes the notes mustStore picks and stores them, appends the others to the
// journal, and deletes this replica's journal rows that hold only stored activity: all in one
// transaction, so that a note is always in its row, in the journal, or still in memory.
func (s *Store) flushActivity(ctx context.Context, mayStore func(dueFloor, storedFloor time.Time) bool,
	mustStore func(*activityNote) bool, limit int) error {
	if s.activity == nil {
		return nil
	}
	n := s.activity
	n.flushMu.Lock()
	defer n.flushMu.Unlock()
	b := n.takeWhere(mayStore, mustStore, limit)
	if len(b.ids) == 0 && len(b.journal) == 0 && !n.journaled {
		return nil
	}
	now := s.Now()
	err := s.inTx(ctx, func(t *txn) error {
		if err := t.appendJournal(now, b.journal); err != nil {
			return err
		}
		for i := 0; i < len(b.ids); i += activityBatch {
			j := min(i+activityBatch, len(b.ids))
			if err := t.storeActivity(b.ids[i:j], b.times[i:j]); err != nil {
				return err
			}
		}
		return t.dropJournal(b.oldest)
	})
	n.settle(b, err == nil)
	if err == nil {
		n.journaled = !b.oldest.IsZero()
	}
	return err
}

// RunActivityFlusher flushes noted activity every ActivityFlushInterval (FlushDueActivity), and
// early when the notes reach their bound (storing the most it may), folding in the journal rows
// of dead replicas as it goes, until ctx ends; then it journals what is new and stores it all.
func (s *Store) RunActivityFlusher(ctx context.Context) {
	if s.activity == nil {
		return
	}
	ticker := time.NewTicker(models.ActivityFlushInterval)
	defer ticker.Stop()
	for {
		flush := s.FlushDueActivity
		select {
		case <-ctx.Done():
			stopping := context.WithoutCancel(ctx)
			s.flushLogged(stopping, models.ActivityFlushTimeout, s.journalActivity)
			s.flushLogged(stopping, StopFlushTimeout, s.FlushActivity)
			return
		case <-ticker.C:
		case <-s.activity.full:
			flush = func(ctx context.Context) error {
				return s.flushActivity(ctx, anyShard, storeAll, maxStoredPerFlush)
			}
		}
		s.flushLogged(ctx, models.ActivityFlushTimeout, flush)
		s.flushLogged(ctx, models.ActivityFlushTimeout, s.FoldOrphanedActivity)
	}
}

// StopFlushTimeout bounds the flush that stores every note when a replica stops: up to a minute
// of a busy replica's notes, tens of thousands of rows, more than a periodic flush may take.
// Notes it does not store stay in the journal, for another replica to fold in.
const StopFlushTimeout = 10 * time.Second

// flushLogged runs one flush of the flusher's, bounded by timeout; a failure is logged and its
// notes wait for the next one (or, when stopping, in the journal).
func (s *Store) flushLogged(ctx context.Context, timeout time.Duration, flush func(context.Context) error) {
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	if err := flush(ctx); err != nil && !errors.Is(err, context.Canceled) {
		slog.Error("store: activity flush failed", "err", err)
	}
}

// storeActivity moves each session's last_active_at forward (never back, active sessions only)
// to its time, in one statement: the batch travels as one JSON array of {id, t} pairs.
func (t *txn) storeActivity(ids []string, times []time.Time) error {
	layout, query := t.store.batchTimeLayout(), `UPDATE sessions s SET last_active_at = v.t
FROM json_to_recordset(?::json) AS v(id text, t timestamptz)
WHERE s.id = v.id AND s.status = ? AND s.last_active_at < v.t`
	if !t.store.postgres {
		query = `UPDATE sessions SET last_active_at = v.t
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
		err = t.Exec(query, string(encoded), models.SessionActive).Error
	}
	if err != nil {
		return fmt.Errorf("store: unable to record activity: %w", err)
	}
	return nil
}

// batchTimeLayout is how a time travels in a JSON batch of updates: SQLite compares the stored
// times as text, so the batch's are written as its driver writes a time.Time.
func (s *Store) batchTimeLayout() string {
	if s.postgres {
		return time.RFC3339Nano
	}
	return "2006-01-02 15:04:05.999999999-07:00"
}
