package store

import (
	"context"
	"crypto/rand"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"math"
	"time"

	"sessionguard/models"
)

// The activity journal: what each replica noted and has not stored in the sessions' rows yet,
// appended once a second as one row (see activity.go). A replica deletes its own rows once
// their notes are stored; rows older than models.ActivityOrphanAge are a dead replica's, folded
// into the rows by whichever replica finds them first; a policy change folds in every row of
// its account first, so that a shorter timeout judges what every replica has seen.

// journalEntry is one session's latest noted request.
type journalEntry struct {
	session, account string
	at               time.Time
}

// journalRow is one stored row of the journal.
type journalRow struct {
	ID      int64
	Entries []byte
}

// foldBatch bounds the rows one fold reads and deletes at a time.
const foldBatch = 50

// newReplicaID names this process's journal rows.
func newReplicaID() string {
	b := make([]byte, 8)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// appendJournal adds entries as one row written at now.
func (t *txn) appendJournal(now time.Time, entries []journalEntry) error {
	if len(entries) == 0 {
		return nil
	}
	err := t.Exec("INSERT INTO activity_journal (replica, written_at, entries) VALUES (?, ?, ?)",
		t.store.replica, now, encodeJournal(entries)).Error
	if err != nil {
		return fmt.Errorf("store: unable to append to the activity journal: %w", err)
	}
	return nil
}

// dropJournal deletes this replica's rows written before oldest, the first request of its
// oldest note kept in memory: they hold only stored activity. A zero oldest deletes them all.
func (t *txn) dropJournal(oldest time.Time) error {
	q := t.Where("replica = ?", t.store.replica)
	if !oldest.IsZero() {
		q = q.Where("written_at < ?", oldest)
	}
	if err := q.Delete(&activityJournal{}).Error; err != nil {
		return fmt.Errorf("store: unable to trim the activity journal: %w", err)
	}
	return nil
}

// activityJournal maps the table for deletes.
type activityJournal struct{ ID int64 }

func (activityJournal) TableName() string { return "activity_journal" }

// FoldOrphanedActivity stores the activity in journal rows older than models.ActivityOrphanAge,
// which only a replica that died leaves, and deletes them. When there are none it costs one
// index probe. Several replicas may run it at once: on PostgreSQL each takes rows the others
// have not locked, and storing activity twice changes nothing.
func (s *Store) FoldOrphanedActivity(ctx context.Context) error {
	cutoff := s.Now().Add(-models.ActivityOrphanAge)
	var any []int64
	err := s.db.WithContext(ctx).Model(&activityJournal{}).Where("written_at < ?", cutoff).Limit(1).Pluck("id", &any).Error
	if err != nil || len(any) == 0 {
		return err
	}
	for {
		folded := 0
		err := s.inTx(ctx, func(t *txn) error {
			var rows []journalRow
			q := t.Table("activity_journal").Select("id, entries").Where("written_at < ?", cutoff).Order("id").Limit(foldBatch)
			if s.postgres {
				q = q.Clauses(skipLocked)
			}
			if err := q.Find(&rows).Error; err != nil {
				return fmt.Errorf("store: unable to read orphaned activity: %w", err)
			}
			folded = len(rows)
			return t.foldRows(rows, "", true)
		})
		if err != nil || folded < foldBatch {
			return err
		}
	}
}

// storeAllActivity stores the activity of accountID's sessions that any replica noted, as far as
// it is known: this replica's notes, and the journal rows of every replica (all but the last
// second of theirs).
func (s *Store) storeAllActivity(ctx context.Context, accountID string) error {
	ofAccount := func(n *activityNote) bool { return n.account == accountID }
	if err := s.flushActivity(ctx, anyShard, ofAccount, math.MaxInt); err != nil {
		return err
	}
	return s.foldJournal(ctx, accountID)
}

// foldJournal stores the activity of accountID in every journal row, of every replica, in the
// sessions' rows: before a policy change judges them. Rows stay for their replicas to delete.
func (s *Store) foldJournal(ctx context.Context, accountID string) error {
	return s.inTx(ctx, func(t *txn) error {
		var rows []journalRow
		if err := t.Table("activity_journal").Select("id, entries").Order("id").Find(&rows).Error; err != nil {
			return fmt.Errorf("store: unable to read the activity journal: %w", err)
		}
		return t.foldRows(rows, accountID, false)
	})
}

// foldRows stores the entries of rows (of accountID only, unless it is empty), and deletes the
// rows when told to.
func (t *txn) foldRows(rows []journalRow, accountID string, delete bool) error {
	var ids []string
	var times []time.Time
	var rowIDs []int64
	for _, r := range rows {
		entries, err := decodeJournal(r.Entries)
		if err != nil {
			// Skipped, not fatal: a row no version can read would otherwise stop every fold
			// behind it, and the orphans it holds back could then let sessions end early.
			slog.Error("store: skipping an unreadable activity journal row", "id", r.ID, "err", err)
		}
		for _, e := range entries {
			if accountID == "" || e.account == accountID {
				ids, times = append(ids, e.session), append(times, e.at)
			}
		}
		rowIDs = append(rowIDs, r.ID)
	}
	for i := 0; i < len(ids); i += activityBatch {
		j := min(i+activityBatch, len(ids))
		if err := t.storeActivity(ids[i:j], times[i:j]); err != nil {
			return err
		}
	}
	if delete && len(rowIDs) > 0 {
		if err := t.Where("id IN ?", rowIDs).Delete(&activityJournal{}).Error; err != nil {
			return fmt.Errorf("store: unable to delete folded activity: %w", err)
		}
	}
	return nil
}

// encodeJournal packs entries: for each, the session id and account id, each prefixed by its
// length, then the time in Unix nanoseconds, all as varints. Compact (about 90 bytes an entry)
// and about 50 ns an entry, where JSON cost a microsecond.
func encodeJournal(entries []journalEntry) []byte {
	buf := make([]byte, 0, len(entries)*96)
	for _, e := range entries {
		buf = binary.AppendUvarint(buf, uint64(len(e.session)))
		buf = append(buf, e.session...)
		buf = binary.AppendUvarint(buf, uint64(len(e.account)))
		buf = append(buf, e.account...)
		buf = binary.AppendVarint(buf, e.at.UnixNano())
	}
	return buf
}

var errCorruptJournal = errors.New("corrupt entry")

// decodeJournal unpacks what encodeJournal packed.
func decodeJournal(b []byte) ([]journalEntry, error) {
	var entries []journalEntry
	str := func() (string, bool) {
		n, k := binary.Uvarint(b)
		if k <= 0 || n > uint64(len(b)-k) {
			return "", false
		}
		v := string(b[k : k+int(n)])
		b = b[k+int(n):]
		return v, true
	}
	for len(b) > 0 {
		session, ok1 := str()
		account, ok2 := str()
		if !ok1 || !ok2 {
			return nil, errCorruptJournal
		}
		nanos, k := binary.Varint(b)
		if k <= 0 {
			return nil, errCorruptJournal
		}
		b = b[k:]
		entries = append(entries, journalEntry{session: session, account: account, at: time.Unix(0, nanos).UTC()})
	}
	return entries, nil
}
