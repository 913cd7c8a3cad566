package store

import (
	"fmt"
	"slices"

	"gorm.io/gorm"

	"sessionguard/models"
)

// withOverrides loads the role overrides of policies (role_session_policies) into them, in one
// query however many policies.
func withOverrides(db *gorm.DB, policies ...*models.SessionPolicy) error {
	if len(policies) == 0 {
		return nil
	}
	ids := make([]string, 0, len(policies))
	byAccount := make(map[string]*models.SessionPolicy, len(policies))
	for _, p := range policies {
		if p == nil {
			continue
		}
		ids = append(ids, p.AccountID)
		byAccount[p.AccountID] = p
		p.RoleOverrides = nil
	}
	var rows []models.RoleSessionPolicy
	if err := db.Where("account_id IN ?", ids).Order("account_id, role").Find(&rows).Error; err != nil {
		return fmt.Errorf("store: unable to load role policies: %w", err)
	}
	for _, o := range rows {
		if p := byAccount[o.AccountID]; p != nil {
			p.RoleOverrides = append(p.RoleOverrides, o)
		}
	}
	return nil
}

// saveOverrides replaces accountID's role overrides by overrides, in the policy's transaction.
func (t *txn) saveOverrides(accountID string, overrides []models.RoleSessionPolicy) error {
	if err := t.Where("account_id = ?", accountID).Delete(&models.RoleSessionPolicy{}).Error; err != nil {
		return fmt.Errorf("store: unable to replace role policies: %w", err)
	}
	if len(overrides) == 0 {
		return nil
	}
	if err := t.Create(&overrides).Error; err != nil {
		return fmt.Errorf("store: unable to save role policies: %w", err)
	}
	return nil
}

// userRoles maps the users of accountID to their roles as stored: whose role's overrides each of
// their sessions obeys. Nil when policy has no overrides, so that nothing is read for nothing
// (ForRole of a user a nil map lacks is the account's policy).
func userRoles(db *gorm.DB, policy models.SessionPolicy, userIDs []string) (map[string]models.Role, error) {
	if len(policy.RoleOverrides) == 0 || len(userIDs) == 0 {
		return nil, nil
	}
	roles := make(map[string]models.Role, len(userIDs))
	for chunk := range slices.Chunk(userIDs, endBatch) {
		var rows []struct {
			ID   string
			Role models.Role
		}
		if err := db.Table("users").Select("id", "role").Where("id IN ?", chunk).Find(&rows).Error; err != nil {
			return nil, fmt.Errorf("store: unable to load roles: %w", err)
		}
		for _, r := range rows {
			roles[r.ID] = r.Role
		}
	}
	return roles, nil
}

// usersOf lists the distinct users of sessions, in their order.
func usersOf(sessions []models.Session) []string {
	var ids []string
	seen := map[string]bool{}
	for _, s := range sessions {
		if !seen[s.UserID] {
			seen[s.UserID] = true
			ids = append(ids, s.UserID)
		}
	}
	return ids
}

// userPolicy returns the policy userID's sessions obey now: accountID's, with the overrides of
// the user's role as stored.
func (t *txn) userPolicy(accountID, userID string) (models.SessionPolicy, error) {
	policy, err := t.policy(accountID)
	if err != nil || len(policy.RoleOverrides) == 0 {
		return policy, err
	}
	var role models.Role
	if err := t.Table("users").Select("role").Where("id = ?", userID).Scan(&role).Error; err != nil {
		return policy, fmt.Errorf("store: unable to load role: %w", err)
	}
	return policy.ForRole(role), nil
}
