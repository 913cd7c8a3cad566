package store

import (
	"context"
	"encoding/json"
	"fmt"
	"sync"
	"time"

	"sessionguard/models"
)

// API keys' last use, like sessions' activity (activity.go), is noted in memory and stored in
// batches: a script calling many times a second must not write a row per call. Unlike activity
// nothing depends on it but the list of keys, so the notes need no journal: a replica that
// crashes loses at most one interval of "last used" times, and the list shows this replica's
// notes before they are stored (overlay).

// DefaultAPIKeyUsageFlushInterval is how often each replica stores the last use it noted: one
// statement per replica per interval, whatever the traffic.
const DefaultAPIKeyUsageFlushInterval = 5 * time.Second

// keyUsage is the last use of each key that this replica noted and has not stored yet.
type keyUsage struct {
	mu    sync.Mutex
	notes map[string]keyUse
}

type keyUse struct {
	at time.Time
	ip string
}

// NoteAPIKeyUse records that key id was used at now from ip, for the next flush.
func (s *Store) NoteAPIKeyUse(id string, now time.Time, ip string) {
	u := &s.keyUse
	u.mu.Lock()
	defer u.mu.Unlock()
	if u.notes == nil {
		u.notes = map[string]keyUse{}
	}
	if prev, ok := u.notes[id]; !ok || now.After(prev.at) {
		u.notes[id] = keyUse{at: now, ip: ip}
	}
}

// overlay shows on k the use noted here and not stored yet, when it is newer than the stored one.
func (u *keyUsage) overlay(k *models.APIKey) {
	u.mu.Lock()
	n, ok := u.notes[k.ID]
	u.mu.Unlock()
	if ok && (k.LastUsedAt == nil || n.at.After(*k.LastUsedAt)) {
		k.LastUsedAt, k.LastUsedIP = &n.at, &n.ip
	}
}

// take empties the notes and returns them.
func (u *keyUsage) take() map[string]keyUse {
	u.mu.Lock()
	defer u.mu.Unlock()
	notes := u.notes
	u.notes = nil
	return notes
}

// restore puts back notes a failed flush took, unless a newer use was noted meanwhile.
func (s *Store) restoreKeyUse(notes map[string]keyUse) {
	for id, n := range notes {
		s.NoteAPIKeyUse(id, n.at, n.ip)
	}
}

// FlushAPIKeyUsage stores every noted use in one statement: last_used_at only moves forward.
func (s *Store) FlushAPIKeyUsage(ctx context.Context) error {
	notes := s.keyUse.take()
	if len(notes) == 0 {
		return nil
	}
	type use struct {
		ID string `json:"id"`
		T  string `json:"t"`
		IP string `json:"ip"`
	}
	batch := make([]use, 0, len(notes))
	for id, n := range notes {
		batch = append(batch, use{id, n.at.UTC().Format(s.batchTimeLayout()), n.ip})
	}
	encoded, _ := json.Marshal(batch) // plain strings: cannot fail
	query := `UPDATE api_keys k SET last_used_at = v.t, last_used_ip = v.ip
FROM json_to_recordset(?::json) AS v(id text, t timestamptz, ip text)
WHERE k.id = v.id AND (k.last_used_at IS NULL OR k.last_used_at < v.t)`
	if !s.postgres {
		query = `UPDATE api_keys SET last_used_at = v.t, last_used_ip = v.ip
FROM (SELECT value ->> '$.id' AS id, value ->> '$.t' AS t, value ->> '$.ip' AS ip FROM json_each(?)) v
WHERE api_keys.id = v.id AND (api_keys.last_used_at IS NULL OR api_keys.last_used_at < v.t)`
	}
	if err := s.db.WithContext(ctx).Exec(query, string(encoded)).Error; err != nil {
		s.restoreKeyUse(notes)
		return fmt.Errorf("store: unable to record API key use: %w", err)
	}
	return nil
}

// RunAPIKeyUsageFlusher stores noted use every interval until ctx ends, then once more.
func (s *Store) RunAPIKeyUsageFlusher(ctx context.Context, interval time.Duration) {
	ticker := time.NewTicker(interval)
	defer ticker.Stop()
	for {
		select {
		case <-ctx.Done():
			s.flushLogged(context.WithoutCancel(ctx), StopFlushTimeout, s.FlushAPIKeyUsage)
			return
		case <-ticker.C:
			s.flushLogged(ctx, models.ActivityFlushTimeout, s.FlushAPIKeyUsage)
		}
	}
}
