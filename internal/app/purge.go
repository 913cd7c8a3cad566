package app

import (
	"context"
	"time"
)

// purgeExpired deletes, every PurgeInterval until ctx ends, what accounts' retention no longer
// keeps; the first pass runs at once, so a replica that restarts often still purges.
func (a *App) purgeExpired(ctx context.Context) {
	t := time.NewTicker(a.cfg.PurgeInterval)
	defer t.Stop()
	for {
		purged, err := a.Store.PurgeExpired(ctx)
		switch {
		case err != nil && ctx.Err() == nil:
			a.log.ErrorContext(ctx, "purge failed", "err", err)
		case purged.Sessions+purged.AuditEvents > 0:
			a.log.InfoContext(ctx, "purged", "sessions", purged.Sessions, "audit_events", purged.AuditEvents)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
