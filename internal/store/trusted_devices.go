package store

import (
	"context"
	"fmt"

	"gorm.io/gorm/clause"

	"sessionguard/models"
)

// IsTrustedDevice reports whether tokenHash is a live trusted device of the user who logs in with
// email (normalised). A device of another user, or an expired one, is not.
func (s *Store) IsTrustedDevice(ctx context.Context, tokenHash []byte, email string) (bool, error) {
	var n int64
	err := s.db.WithContext(ctx).Model(&models.TrustedDevice{}).
		Joins("JOIN users ON users.id = trusted_devices.user_id").
		Where("trusted_devices.token_hash = ? AND users.email = ? AND trusted_devices.expires_at > ?", tokenHash, email, s.Now()).
		Count(&n).Error
	if err != nil {
		return false, fmt.Errorf("store: unable to check a trusted device: %w", err)
	}
	return n > 0, nil
}

// TrustDevice records tokenHash as a device of userID for another TrustedDeviceLifetime (renewing
// it when it is one already) and forgets the user's oldest devices beyond MaxTrustedDevices.
func (s *Store) TrustDevice(ctx context.Context, userID string, tokenHash []byte) error {
	err := s.inTx(ctx, func(t *txn) error {
		now := s.Now()
		device := models.TrustedDevice{TokenHash: tokenHash, UserID: userID, CreatedAt: now, ExpiresAt: now.Add(models.TrustedDeviceLifetime)}
		renew := clause.OnConflict{
			Columns:   []clause.Column{{Name: "token_hash"}},
			DoUpdates: clause.AssignmentColumns([]string{"expires_at"}),
			// A token is random, so it never belongs to two users; if it ever did, keep the first.
			Where: clause.Where{Exprs: []clause.Expression{clause.Expr{SQL: "trusted_devices.user_id = excluded.user_id"}}},
		}
		if err := t.Clauses(renew).Create(&device).Error; err != nil {
			return err
		}
		newest := t.Model(&models.TrustedDevice{}).Select("token_hash").Where("user_id = ?", userID).
			Order("created_at DESC").Limit(models.MaxTrustedDevices)
		return t.Where("user_id = ? AND token_hash NOT IN (?)", userID, newest).Delete(&models.TrustedDevice{}).Error
	})
	if err != nil {
		return fmt.Errorf("store: unable to trust a device: %w", err)
	}
	return nil
}

// SweepTrustedDevices deletes up to limit expired devices and returns how many it deleted. It
// reads before it deletes: a pass that finds nothing writes nothing (on SQLite, it does not take
// the database's write lock every reaper interval).
func (s *Store) SweepTrustedDevices(ctx context.Context, limit int) (int64, error) {
	db := s.db.WithContext(ctx)
	var expired [][]byte
	if err := db.Model(&models.TrustedDevice{}).Where("expires_at <= ?", s.Now()).Limit(limit).Pluck("token_hash", &expired).Error; err != nil {
		return 0, fmt.Errorf("store: unable to find expired trusted devices: %w", err)
	}
	if len(expired) == 0 {
		return 0, nil
	}
	// Renewed since it was read, a device is kept: the condition is checked again.
	res := db.Where("token_hash IN ? AND expires_at <= ?", expired, s.Now()).Delete(&models.TrustedDevice{})
	if res.Error != nil {
		return 0, fmt.Errorf("store: unable to sweep trusted devices: %w", res.Error)
	}
	return res.RowsAffected, nil
}
