/* eslint-disable */
/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';
/** What an API key may do. Every operation a key calls needs its scope; without it the answer is `FORBIDDEN` naming the missing scope. */
export type ApiScope =
  /** Read the audit log: `auditEvents`, `auditEventAdded`. */
  | 'AUDIT_READ'
  /** Read the session policy and retention: `sessionPolicy`, `sessionPolicyPreview`, `retentionSettings`, `sessionPolicyUpdated`. */
  | 'POLICY_READ'
  /** Change the session policy and retention: `updateSessionPolicy`, `updateRetentionSettings`. */
  | 'POLICY_WRITE'
  /** Read sessions: `sessions`, `session`, the `sessionEvents` subscription. */
  | 'SESSIONS_READ'
  /** End sessions: `logoutSession`, `terminateAllSessions`. */
  | 'SESSIONS_WRITE'
  /** Read users: `users`. */
  | 'USERS_READ'
  /** Change users: `createUser`, `updateUser`, `deactivateUser`, `reactivateUser`, `resetUserPassword`. */
  | 'USERS_WRITE';

/** What an audit entry records. */
export type AuditAction =
  /** An API key was created; `details` holds its id, name, prefix and scopes (never its secret). */
  | 'API_KEY_CREATED'
  /** An API key was revoked; `details` as for `API_KEY_CREATED`. */
  | 'API_KEY_REVOKED'
  /** A wrong password (or a deactivated user's login) for an existing user of the account. Unknown emails are not recorded here: the login throttle counts them per address. */
  | 'LOGIN_FAILED'
  /** A login the concurrent session limit refused (`REJECT_NEW`). */
  | 'LOGIN_REFUSED'
  /** A login started a session. */
  | 'LOGIN_SUCCEEDED'
  /** A user ended their own session: `logout`, `logoutSession` on their own, or a new login in the same browser. */
  | 'LOGOUT'
  /** A user changed their own password. */
  | 'PASSWORD_CHANGED'
  /** An administrator set a user's password. */
  | 'PASSWORD_RESET'
  /** The session policy changed; `details` holds its settings before and after. */
  | 'POLICY_UPDATED'
  /** How long the account keeps terminated sessions and audit entries changed; `details` holds both, before and after. */
  | 'RETENTION_UPDATED'
  /** Sessions ended in one action, with `endReason` and `endedSessionCount`: by an administrator, terminate all, the limit, the idle timeout, the lifetime, deactivation, a role or password change. */
  | 'SESSIONS_ENDED'
  /** A user was added. */
  | 'USER_CREATED'
  /** A user was deactivated. */
  | 'USER_DEACTIVATED'
  /** A deactivated user was reactivated. */
  | 'USER_REACTIVATED'
  /** A user's name or role changed; `details` names what changed. */
  | 'USER_UPDATED'
  /** A webhook endpoint was added; `details` holds its id, URL and events. */
  | 'WEBHOOK_CREATED'
  /** A webhook endpoint was deleted; `details` as for `WEBHOOK_CREATED`. */
  | 'WEBHOOK_DELETED';

/** Narrows `auditEvents`; all given conditions must hold. */
export type AuditEventFilter = {
  /** Only these actions. */
  actions?: Array<AuditAction> | null | undefined;
  /** Only what this user did. */
  actorId?: string | number | null | undefined;
  /** Only entries at or after this time. */
  from?: string | null | undefined;
  /** Only entries whose actor's request came from this address (exactly). */
  ip?: string | null | undefined;
  /** Only what concerned this user. */
  targetUserId?: string | number | null | undefined;
  /** Only entries before this time. */
  to?: string | null | undefined;
  /** Only entries this user took part in, as the actor or the target (a user's page links here). */
  userId?: string | number | null | undefined;
};

/** What `changePassword` needs. */
export type ChangePasswordInput = {
  /** The caller's password now. */
  currentPassword: string;
  /** End the caller's other active sessions with `PASSWORD_CHANGED` (default true); the session making the request stays. */
  endOtherSessions?: boolean | null | undefined;
  /** The new password: 8 to 256 characters, not one of the most common passwords. */
  newPassword: string;
};

/** A key to create. */
export type CreateApiKeyInput = {
  /** Days until it expires, 1 to 3650; null: it never expires (revoke it when done). */
  expiresInDays?: number | null | undefined;
  /** What it is for: 1 to 100 characters. */
  name: string;
  /** What it may do: at least one scope, none twice. */
  scopes: Array<ApiScope>;
};

/** A new user for `createUser`. */
export type CreateUserInput = {
  /** Email address; must not be in use by any user. */
  email: string;
  /** Display name, 1 to 100 characters. */
  name: string;
  /** Initial password: 8 to 256 characters, not one of the most common passwords. */
  password: string;
  /** What the user may do. */
  role: Role;
};

/** A new endpoint. */
export type CreateWebhookInput = {
  /** The events to receive; at least one. */
  events: Array<WebhookEvent>;
  /** An absolute `https://` URL, not at a private, loopback or link-local address (checked again at each delivery, after DNS). */
  url: string;
};

/** What happens when a user who is at the session limit logs in once more. */
export type LimitBehavior =
  /** Allow the login and end the user's oldest active session(s), with reason `CONCURRENT_LIMIT`. */
  | 'EVICT_OLDEST'
  /** Refuse the login with `SESSION_LIMIT_REACHED`. */
  | 'REJECT_NEW';

/** Credentials for `login`. */
export type LoginInput = {
  /** The user's email address (case-insensitive). */
  email: string;
  /** The user's password. */
  password: string;
};

/** Which way a list is sorted. */
export type OrderDirection =
  /** Smallest (earliest, A) first. */
  | 'ASC'
  /** Largest (latest, Z) first. */
  | 'DESC';

/** New retention settings; an omitted field keeps its value. */
export type RetentionSettingsInput = {
  /** Days an audit entry is kept: 30 to 3650. */
  auditEventsDays?: number | null | undefined;
  /** Days a terminated session is kept after it ended: 1 to 3650. */
  terminatedSessionsDays?: number | null | undefined;
};

/** What a user may do in their account. */
export type Role =
  /** Manages the account: its users, its session policy and every session. */
  | 'ADMIN'
  /** A team member: sees and ends only their own sessions. */
  | 'MEMBER';

/**
 * One role's overrides, as an administrator sets them: every field but `role` is optional, and
 * null (or omitted) inherits the account's value. The same bounds apply as to the account's fields,
 * and an invalid field fails with `BAD_USER_INPUT` naming it as `roleOverrides[i].field`. A value and
 * its unit are given together or not at all. `idleTimeoutEnabled: true` (or
 * `absoluteLifetimeEnabled: true`) without a value and unit of the role's own inherits the
 * account's timeout (lifetime), which must then exist (be configured, enabled or not); otherwise the
 * value and unit are required.
 */
export type RoleSessionPolicyInput = {
  /** End the role's sessions `absoluteLifetime` after their login (false: never). */
  absoluteLifetimeEnabled?: boolean | null | undefined;
  /** The unit of `absoluteLifetimeValue`; given with it. */
  absoluteLifetimeUnit?: TimeUnit | null | undefined;
  /** The role's absolute lifetime in `absoluteLifetimeUnit`s: at least 1, at most 90 days in all. */
  absoluteLifetimeValue?: number | null | undefined;
  /** End the role's sessions after the idle timeout (false: never, whatever the account says). */
  idleTimeoutEnabled?: boolean | null | undefined;
  /** The unit of `idleTimeoutValue`; given with it. */
  idleTimeoutUnit?: TimeUnit | null | undefined;
  /** The role's idle timeout in `idleTimeoutUnit`s: at least 1, at most 90 days in all. */
  idleTimeoutValue?: number | null | undefined;
  /** Allow up to `maxConcurrentSessions` active sessions per user of the role; false means one. */
  limitMultipleSessions?: boolean | null | undefined;
  /** Maximum active sessions per user of the role, 1 to 100. */
  maxConcurrentSessions?: number | null | undefined;
  /** The role these overrides are for; each role at most once per input. */
  role: Role;
  /** What a login at the role's limit does. */
  whenLimitReached?: LimitBehavior | null | undefined;
};

/** Why a session ended. */
export type SessionEndReason =
  /** An administrator logged this session out (`logoutSession` on another user's session). */
  | 'ADMIN_LOGOUT'
  /** Ended to respect the concurrent session limit: a newer login evicted it, or the limit was lowered with `endExcessSessions`. */
  | 'CONCURRENT_LIMIT'
  /** Nobody used the session for longer than the account's idle timeout. */
  | 'IDLE_TIMEOUT'
  /** The user logged out of this session (`logout`, or `logoutSession` on their own session). */
  | 'LOGOUT'
  /** The session reached the account's absolute lifetime (`SessionPolicy.absoluteLifetime`), counted from its login. */
  | 'MAX_LIFETIME'
  /** The user's password was changed (`changePassword`, which keeps the caller's own session) or reset by an administrator (`resetUserPassword`). */
  | 'PASSWORD_CHANGED'
  /** An administrator changed the session's user's role (`updateUser`): the user signs in again with the new rights. */
  | 'ROLE_CHANGED'
  /** Ended by `terminateAllSessions`. */
  | 'TERMINATE_ALL'
  /** An administrator deactivated the session's user (`deactivateUser`). */
  | 'USER_DEACTIVATED';

/** What happened to a session. */
export type SessionEventType =
  /** The session ended; `session.endReason` says why. */
  | 'ENDED'
  /** A user logged in: the session is new and active. */
  | 'STARTED';

/** Narrows `sessions`; all given conditions must hold. */
export type SessionFilter = {
  /** Case-insensitive substring of the user's name, email or role (`ADMIN`, `MEMBER`), the login IP or city, or the device. */
  search?: string | null | undefined;
  /** Only sessions with this status. */
  status?: SessionStatus | null | undefined;
  /** Only sessions of this user. */
  userId?: string | number | null | undefined;
};

/** How `sessions` is sorted. */
export type SessionOrder = {
  /** Which way. */
  direction: OrderDirection;
  /** The key to sort by. */
  field: SessionOrderField;
};

/** What `sessions` is sorted by; ties are broken by the session's id, in the same direction. */
export type SessionOrderField =
  /** When the session ended (`endedAt`); sessions still active sort as if they ended after every ended one. */
  | 'ENDED_AT'
  /** When the session was last used (`lastActiveAt`). */
  | 'LAST_ACTIVE_AT'
  /** When the session started (`loginAt`): the default. */
  | 'LOGIN_AT'
  /** The name of the session's user, in the database's collation. */
  | 'USER_NAME';

/**
 * A complete new session policy. Fields that are omitted keep their current value, except that
 * `maxConcurrentSessions` is required when `limitMultipleSessions` is true and `idleTimeoutValue`
 * and `idleTimeoutUnit` are required when `idleTimeoutEnabled` is true.
 */
export type SessionPolicyInput = {
  /** End sessions `absoluteLifetime` after their login. Omitted: unchanged. */
  absoluteLifetimeEnabled?: boolean | null | undefined;
  /** The unit of `absoluteLifetimeValue`. Omitted: unchanged. */
  absoluteLifetimeUnit?: TimeUnit | null | undefined;
  /** The absolute lifetime in `absoluteLifetimeUnit`s: at least 1, at most 90 days in all. Omitted: unchanged. */
  absoluteLifetimeValue?: number | null | undefined;
  /**
   * When the new limit is lower than some users' active sessions: true ends their oldest sessions
   * above the limit now (reason `CONCURRENT_LIMIT`); false (default) lets them run out.
   */
  endExcessSessions?: boolean | null | undefined;
  /** End sessions after the idle timeout. */
  idleTimeoutEnabled: boolean;
  /** The unit of `idleTimeoutValue`. */
  idleTimeoutUnit?: TimeUnit | null | undefined;
  /** The idle timeout in `idleTimeoutUnit`s: at least 1, at most 90 days in all. */
  idleTimeoutValue?: number | null | undefined;
  /** Allow up to `maxConcurrentSessions` active sessions per user; false means one. */
  limitMultipleSessions: boolean;
  /** Maximum active sessions per user, 1 to 100. */
  maxConcurrentSessions?: number | null | undefined;
  /**
   * Every role's overrides, replacing those stored: omitted keeps them, `[]` removes them all. A
   * role not listed obeys the account's policy.
   */
  roleOverrides?: Array<RoleSessionPolicyInput> | null | undefined;
  /** What a login at the limit does. */
  whenLimitReached?: LimitBehavior | null | undefined;
};

/** Whether a session can still be used. */
export type SessionStatus =
  /** The session's token is accepted. */
  | 'ACTIVE'
  /** The session has ended; its token is refused everywhere. */
  | 'TERMINATED';

/** Which sessions `terminateAllSessions` ends. */
export type TerminateAllSessionsInput = {
  /** Keep the session this request is authenticated with. Default true. */
  keepCurrent?: boolean | null | undefined;
  /** Only this user's sessions; omit for the whole account (admins) or for the caller's own (members). */
  userId?: string | number | null | undefined;
};

/** The unit of an idle timeout. */
export type TimeUnit =
  /** 24 hours. */
  | 'DAYS'
  /** 60 minutes. */
  | 'HOURS'
  /** 60 seconds. */
  | 'MINUTES';

/** What `updateUser` changes; an omitted field stays as it is. */
export type UpdateUserInput = {
  /** Display name, 1 to 100 characters once trimmed of surrounding spaces. */
  name?: string | null | undefined;
  /** What the user may do. A change ends all the user's active sessions with `ROLE_CHANGED`. */
  role?: Role | null | undefined;
};

/** Whether a user may log in. */
export type UserStatus =
  /** The user may log in. */
  | 'ACTIVE'
  /** An administrator deactivated the user (`deactivateUser`): their logins fail as a wrong password does, and none of their sessions is active. */
  | 'DEACTIVATED';

/** Where a delivery stands. */
export type WebhookDeliveryStatus =
  /** The endpoint answered 2xx. */
  | 'DELIVERED'
  /** Given up: a day of failed attempts (a test ping is tried once). */
  | 'FAILED'
  /** Not yet answered with 2xx: retried with exponential backoff (30 seconds doubling to an hour) until a day after the event. */
  | 'PENDING';

/** An event a webhook endpoint can receive. */
export type WebhookEvent =
  /** The account's session policy changed (`policy.version` in the payload). */
  | 'POLICY_UPDATED'
  /** A session ended, for any reason (`session.endReason` in the payload). */
  | 'SESSION_ENDED'
  /** A login started a session. */
  | 'SESSION_STARTED';

export type ApiKeysQueryVariables = Exact<{ [key: string]: never; }>;


export type ApiKeysQuery = { apiKeys: { nodes: Array<{ id: string, name: string, prefix: string, scopes: Array<ApiScope>, createdAt: string, expiresAt: string | null, lastUsedAt: string | null, lastUsedIp: string | null, revokedAt: string | null, active: boolean, createdBy: { id: string, name: string } | null }> } };

export type CreateApiKeyMutationVariables = Exact<{
  input: CreateApiKeyInput;
}>;


export type CreateApiKeyMutation = { createApiKey: { secret: string, apiKey: { id: string, name: string, prefix: string } } };

export type RevokeApiKeyMutationVariables = Exact<{
  id: string | number;
}>;


export type RevokeApiKeyMutation = { revokeApiKey: { id: string, revokedAt: string | null, active: boolean } };

export type WebhooksQueryVariables = Exact<{ [key: string]: never; }>;


export type WebhooksQuery = { webhooks: Array<{ id: string, url: string, events: Array<WebhookEvent>, createdAt: string, deliveries: Array<{ id: string, eventId: string, eventType: string, status: WebhookDeliveryStatus, attempts: number, createdAt: string, lastAttemptAt: string | null, lastStatusCode: number | null, lastError: string | null, deliveredAt: string | null, nextAttemptAt: string | null }> }> };

export type CreateWebhookMutationVariables = Exact<{
  input: CreateWebhookInput;
}>;


export type CreateWebhookMutation = { createWebhook: { secret: string, webhook: { id: string, url: string } } };

export type DeleteWebhookMutationVariables = Exact<{
  id: string | number;
}>;


export type DeleteWebhookMutation = { deleteWebhook: boolean };

export type TestWebhookMutationVariables = Exact<{
  id: string | number;
}>;


export type TestWebhookMutation = { testWebhook: boolean };

export type MeQueryVariables = Exact<{ [key: string]: never; }>;


export type MeQuery = { me: { user: { id: string, name: string, email: string, role: Role, account: { id: string, name: string } }, session: { id: string } } };

export type LoginMutationVariables = Exact<{
  input: LoginInput;
}>;


export type LoginMutation = { login: { user: { id: string, name: string, role: Role } } };

export type LogoutMutationVariables = Exact<{ [key: string]: never; }>;


export type LogoutMutation = { logout: boolean };

export type SessionRowFragment = { id: string, status: SessionStatus, loginIp: string, loginCity: string | null, loginCountry: string | null, userAgent: string | null, device: string | null, loginAt: string, lastActiveAt: string, endedAt: string | null, endReason: SessionEndReason | null, endReasonText: string | null, isCurrent: boolean, endedBy: { id: string, name: string } | null, user: { id: string, name: string, email: string, role: Role } };

export type SessionsQueryVariables = Exact<{
  filter?: SessionFilter | null | undefined;
  first?: number | null | undefined;
  after?: string | null | undefined;
  orderBy?: SessionOrder | null | undefined;
}>;


export type SessionsQuery = { sessions: { totalCount: number, pageInfo: { hasNextPage: boolean, hasPreviousPage: boolean, endCursor: string | null }, nodes: Array<{ id: string, status: SessionStatus, loginIp: string, loginCity: string | null, loginCountry: string | null, userAgent: string | null, device: string | null, loginAt: string, lastActiveAt: string, endedAt: string | null, endReason: SessionEndReason | null, endReasonText: string | null, isCurrent: boolean, endedBy: { id: string, name: string } | null, user: { id: string, name: string, email: string, role: Role } }> } };

export type UserSessionCountsQueryVariables = Exact<{
  userId: string | number;
}>;


export type UserSessionCountsQuery = { active: { totalCount: number }, ended: { totalCount: number }, latest: { nodes: Array<{ id: string, user: { id: string, name: string, email: string, role: Role } }> } };

export type MySessionsQueryVariables = Exact<{
  status?: SessionStatus | null | undefined;
  first?: number | null | undefined;
}>;


export type MySessionsQuery = { mySessions: { totalCount: number, nodes: Array<{ id: string, status: SessionStatus, loginIp: string, loginCity: string | null, loginCountry: string | null, userAgent: string | null, device: string | null, loginAt: string, lastActiveAt: string, endedAt: string | null, endReason: SessionEndReason | null, endReasonText: string | null, isCurrent: boolean, endedBy: { id: string, name: string } | null, user: { id: string, name: string, email: string, role: Role } }> } };

export type LogoutSessionMutationVariables = Exact<{
  id: string | number;
}>;


export type LogoutSessionMutation = { logoutSession: { id: string, status: SessionStatus, loginIp: string, loginCity: string | null, loginCountry: string | null, userAgent: string | null, device: string | null, loginAt: string, lastActiveAt: string, endedAt: string | null, endReason: SessionEndReason | null, endReasonText: string | null, isCurrent: boolean, endedBy: { id: string, name: string } | null, user: { id: string, name: string, email: string, role: Role } } };

export type TerminateAllMutationVariables = Exact<{
  input?: TerminateAllSessionsInput | null | undefined;
}>;


export type TerminateAllMutation = { terminateAllSessions: { terminatedCount: number } };

export type PolicyFieldsFragment = { limitMultipleSessions: boolean, maxConcurrentSessions: number, effectiveMaxConcurrentSessions: number, whenLimitReached: LimitBehavior, idleTimeoutEnabled: boolean, absoluteLifetimeEnabled: boolean, updatedAt: string | null, idleTimeout: { value: number, unit: TimeUnit } | null, absoluteLifetime: { value: number, unit: TimeUnit } | null, roleOverrides: Array<{ role: Role, limitMultipleSessions: boolean | null, maxConcurrentSessions: number | null, whenLimitReached: LimitBehavior | null, idleTimeoutEnabled: boolean | null, absoluteLifetimeEnabled: boolean | null, idleTimeout: { value: number, unit: TimeUnit } | null, absoluteLifetime: { value: number, unit: TimeUnit } | null }>, updatedBy: { id: string, name: string } | null };

export type SessionPolicyQueryVariables = Exact<{ [key: string]: never; }>;


export type SessionPolicyQuery = { sessionPolicy: { limitMultipleSessions: boolean, maxConcurrentSessions: number, effectiveMaxConcurrentSessions: number, whenLimitReached: LimitBehavior, idleTimeoutEnabled: boolean, absoluteLifetimeEnabled: boolean, updatedAt: string | null, idleTimeout: { value: number, unit: TimeUnit } | null, absoluteLifetime: { value: number, unit: TimeUnit } | null, roleOverrides: Array<{ role: Role, limitMultipleSessions: boolean | null, maxConcurrentSessions: number | null, whenLimitReached: LimitBehavior | null, idleTimeoutEnabled: boolean | null, absoluteLifetimeEnabled: boolean | null, idleTimeout: { value: number, unit: TimeUnit } | null, absoluteLifetime: { value: number, unit: TimeUnit } | null }>, updatedBy: { id: string, name: string } | null } };

export type PolicyPreviewQueryVariables = Exact<{
  input: SessionPolicyInput;
}>;


export type PolicyPreviewQuery = { sessionPolicyPreview: { sessionsToEnd: number, excessSessions: number, idleSessions: number, lifetimeSessions: number, usersAffected: number } };

export type UpdatePolicyMutationVariables = Exact<{
  input: SessionPolicyInput;
}>;


export type UpdatePolicyMutation = { updateSessionPolicy: { limitMultipleSessions: boolean, maxConcurrentSessions: number, effectiveMaxConcurrentSessions: number, whenLimitReached: LimitBehavior, idleTimeoutEnabled: boolean, absoluteLifetimeEnabled: boolean, updatedAt: string | null, idleTimeout: { value: number, unit: TimeUnit } | null, absoluteLifetime: { value: number, unit: TimeUnit } | null, roleOverrides: Array<{ role: Role, limitMultipleSessions: boolean | null, maxConcurrentSessions: number | null, whenLimitReached: LimitBehavior | null, idleTimeoutEnabled: boolean | null, absoluteLifetimeEnabled: boolean | null, idleTimeout: { value: number, unit: TimeUnit } | null, absoluteLifetime: { value: number, unit: TimeUnit } | null }>, updatedBy: { id: string, name: string } | null } };

export type SessionEventsSubscriptionVariables = Exact<{
  userId?: string | number | null | undefined;
}>;


export type SessionEventsSubscription = { sessionEvents: { type: SessionEventType, occurredAt: string, session: { id: string } } };

export type CurrentSessionEndedSubscriptionVariables = Exact<{ [key: string]: never; }>;


export type CurrentSessionEndedSubscription = { currentSessionEnded: { id: string, endReasonText: string | null } };

export type IdleReadQueryVariables = Exact<{ [key: string]: never; }>;


export type IdleReadQuery = { me: { session: { id: string, lastActiveAt: string, idleExpiresAt: string | null } } };

export type RecordActivityQueryVariables = Exact<{ [key: string]: never; }>;


export type RecordActivityQuery = { me: { session: { id: string, lastActiveAt: string, idleExpiresAt: string | null } } };

export type SessionPolicyUpdatedSubscriptionVariables = Exact<{ [key: string]: never; }>;


export type SessionPolicyUpdatedSubscription = { sessionPolicyUpdated: { limitMultipleSessions: boolean, maxConcurrentSessions: number, effectiveMaxConcurrentSessions: number, whenLimitReached: LimitBehavior, idleTimeoutEnabled: boolean, absoluteLifetimeEnabled: boolean, updatedAt: string | null, idleTimeout: { value: number, unit: TimeUnit } | null, absoluteLifetime: { value: number, unit: TimeUnit } | null, roleOverrides: Array<{ role: Role, limitMultipleSessions: boolean | null, maxConcurrentSessions: number | null, whenLimitReached: LimitBehavior | null, idleTimeoutEnabled: boolean | null, absoluteLifetimeEnabled: boolean | null, idleTimeout: { value: number, unit: TimeUnit } | null, absoluteLifetime: { value: number, unit: TimeUnit } | null }>, updatedBy: { id: string, name: string } | null } };

export type LifetimeReadQueryVariables = Exact<{ [key: string]: never; }>;


export type LifetimeReadQuery = { me: { session: { id: string, loginAt: string, expiresAt: string | null } } };

export type ChangePasswordMutationVariables = Exact<{
  input: ChangePasswordInput;
}>;


export type ChangePasswordMutation = { changePassword: boolean };

export type UserRowFragment = { id: string, name: string, email: string, role: Role, status: UserStatus, deactivatedAt: string | null, lastLoginAt: string | null, activeSessionCount: number };

export type UsersQueryVariables = Exact<{
  search?: string | null | undefined;
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type UsersQuery = { users: { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor: string | null }, nodes: Array<{ id: string, name: string, email: string, role: Role, status: UserStatus, deactivatedAt: string | null, lastLoginAt: string | null, activeSessionCount: number }> } };

export type CreateUserMutationVariables = Exact<{
  input: CreateUserInput;
}>;


export type CreateUserMutation = { createUser: { id: string, name: string, email: string, role: Role, status: UserStatus, deactivatedAt: string | null, lastLoginAt: string | null, activeSessionCount: number } };

export type UpdateUserMutationVariables = Exact<{
  id: string | number;
  input: UpdateUserInput;
}>;


export type UpdateUserMutation = { updateUser: { id: string, name: string, email: string, role: Role, status: UserStatus, deactivatedAt: string | null, lastLoginAt: string | null, activeSessionCount: number } };

export type DeactivateUserMutationVariables = Exact<{
  id: string | number;
}>;


export type DeactivateUserMutation = { deactivateUser: { id: string, name: string, email: string, role: Role, status: UserStatus, deactivatedAt: string | null, lastLoginAt: string | null, activeSessionCount: number } };

export type ReactivateUserMutationVariables = Exact<{
  id: string | number;
}>;


export type ReactivateUserMutation = { reactivateUser: { id: string, name: string, email: string, role: Role, status: UserStatus, deactivatedAt: string | null, lastLoginAt: string | null, activeSessionCount: number } };

export type ResetUserPasswordMutationVariables = Exact<{
  id: string | number;
  newPassword: string;
}>;


export type ResetUserPasswordMutation = { resetUserPassword: { id: string, name: string, email: string, role: Role, status: UserStatus, deactivatedAt: string | null, lastLoginAt: string | null, activeSessionCount: number } };

export type AuditRowFragment = { id: string, occurredAt: string, action: AuditAction, endReason: SessionEndReason | null, endReasonText: string | null, endedSessionCount: number | null, ip: string | null, city: string | null, device: string | null, actor: { id: string, name: string } | null, targetUser: { id: string, name: string } | null };

export type AuditEventsQueryVariables = Exact<{
  filter?: AuditEventFilter | null | undefined;
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type AuditEventsQuery = { auditEvents: { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor: string | null }, nodes: Array<{ id: string, occurredAt: string, action: AuditAction, endReason: SessionEndReason | null, endReasonText: string | null, endedSessionCount: number | null, ip: string | null, city: string | null, device: string | null, actor: { id: string, name: string } | null, targetUser: { id: string, name: string } | null }> } };

export type RetentionSettingsQueryVariables = Exact<{ [key: string]: never; }>;


export type RetentionSettingsQuery = { retentionSettings: { terminatedSessionsDays: number, auditEventsDays: number } };

export type UpdateRetentionSettingsMutationVariables = Exact<{
  input: RetentionSettingsInput;
}>;


export type UpdateRetentionSettingsMutation = { updateRetentionSettings: { terminatedSessionsDays: number, auditEventsDays: number } };

export type AuditEventAddedSubscriptionVariables = Exact<{ [key: string]: never; }>;


export type AuditEventAddedSubscription = { auditEventAdded: { id: string } };

export const SessionRowFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"SessionRow"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Session"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"loginIp"}},{"kind":"Field","name":{"kind":"Name","value":"loginCity"}},{"kind":"Field","name":{"kind":"Name","value":"loginCountry"}},{"kind":"Field","name":{"kind":"Name","value":"userAgent"}},{"kind":"Field","name":{"kind":"Name","value":"device"}},{"kind":"Field","name":{"kind":"Name","value":"loginAt"}},{"kind":"Field","name":{"kind":"Name","value":"lastActiveAt"}},{"kind":"Field","name":{"kind":"Name","value":"endedAt"}},{"kind":"Field","name":{"kind":"Name","value":"endReason"}},{"kind":"Field","name":{"kind":"Name","value":"endReasonText"}},{"kind":"Field","name":{"kind":"Name","value":"endedBy"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"isCurrent"}},{"kind":"Field","name":{"kind":"Name","value":"user"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"email"}},{"kind":"Field","name":{"kind":"Name","value":"role"}}]}}]}}]} as unknown as DocumentNode<SessionRowFragment, unknown>;
export const PolicyFieldsFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"PolicyFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"SessionPolicy"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"limitMultipleSessions"}},{"kind":"Field","name":{"kind":"Name","value":"maxConcurrentSessions"}},{"kind":"Field","name":{"kind":"Name","value":"effectiveMaxConcurrentSessions"}},{"kind":"Field","name":{"kind":"Name","value":"whenLimitReached"}},{"kind":"Field","name":{"kind":"Name","value":"idleTimeoutEnabled"}},{"kind":"Field","name":{"kind":"Name","value":"idleTimeout"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"value"}},{"kind":"Field","name":{"kind":"Name","value":"unit"}}]}},{"kind":"Field","name":{"kind":"Name","value":"absoluteLifetimeEnabled"}},{"kind":"Field","name":{"kind":"Name","value":"absoluteLifetime"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"value"}},{"kind":"Field","name":{"kind":"Name","value":"unit"}}]}},{"kind":"Field","name":{"kind":"Name","value":"roleOverrides"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"role"}},{"kind":"Field","name":{"kind":"Name","value":"limitMultipleSessions"}},{"kind":"Field","name":{"kind":"Name","value":"maxConcurrentSessions"}},{"kind":"Field","name":{"kind":"Name","value":"whenLimitReached"}},{"kind":"Field","name":{"kind":"Name","value":"idleTimeoutEnabled"}},{"kind":"Field","name":{"kind":"Name","value":"idleTimeout"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"value"}},{"kind":"Field","name":{"kind":"Name","value":"unit"}}]}},{"kind":"Field","name":{"kind":"Name","value":"absoluteLifetimeEnabled"}},{"kind":"Field","name":{"kind":"Name","value":"absoluteLifetime"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"value"}},{"kind":"Field","name":{"kind":"Name","value":"unit"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"updatedAt"}},{"kind":"Field","name":{"kind":"Name","value":"updatedBy"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}}]} as unknown as DocumentNode<PolicyFieldsFragment, unknown>;
export const UserRowFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"UserRow"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"User"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"email"}},{"kind":"Field","name":{"kind":"Name","value":"role"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"deactivatedAt"}},{"kind":"Field","name":{"kind":"Name","value":"lastLoginAt"}},{"kind":"Field","name":{"kind":"Name","value":"activeSessionCount"}}]}}]} as unknown as DocumentNode<UserRowFragment, unknown>;
export const AuditRowFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"AuditRow"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"AuditEvent"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"occurredAt"}},{"kind":"Field","name":{"kind":"Name","value":"action"}},{"kind":"Field","name":{"kind":"Name","value":"actor"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"targetUser"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"endReason"}},{"kind":"Field","name":{"kind":"Name","value":"endReasonText"}},{"kind":"Field","name":{"kind":"Name","value":"endedSessionCount"}},{"kind":"Field","name":{"kind":"Name","value":"ip"}},{"kind":"Field","name":{"kind":"Name","value":"city"}},{"kind":"Field","name":{"kind":"Name","value":"device"}}]}}]} as unknown as DocumentNode<AuditRowFragment, unknown>;
export const ApiKeysDocument = {"__meta__":{"hash":"sha256:6b020352bc98bfbadcb429c03456bebc0f5aee557f39228c3c5325202cd2d321"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ApiKeys"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"apiKeys"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"100"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"prefix"}},{"kind":"Field","name":{"kind":"Name","value":"scopes"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"expiresAt"}},{"kind":"Field","name":{"kind":"Name","value":"lastUsedAt"}},{"kind":"Field","name":{"kind":"Name","value":"lastUsedIp"}},{"kind":"Field","name":{"kind":"Name","value":"revokedAt"}},{"kind":"Field","name":{"kind":"Name","value":"active"}},{"kind":"Field","name":{"kind":"Name","value":"createdBy"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}}]}}]}}]} as unknown as DocumentNode<ApiKeysQuery, ApiKeysQueryVariables>;
export const CreateApiKeyDocument = {"__meta__":{"hash":"sha256:71f29289b3396c45639499d5e470d612c6788a00f4a3894a1fd80e3aad67224d"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"CreateApiKey"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"CreateApiKeyInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"createApiKey"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"secret"}},{"kind":"Field","name":{"kind":"Name","value":"apiKey"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"prefix"}}]}}]}}]}}]} as unknown as DocumentNode<CreateApiKeyMutation, CreateApiKeyMutationVariables>;
export const RevokeApiKeyDocument = {"__meta__":{"hash":"sha256:1c5ece83bfc4488cb9281a22eb8dbccfc20022e810a661fe00540b992c3c78cf"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"RevokeApiKey"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"revokeApiKey"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"revokedAt"}},{"kind":"Field","name":{"kind":"Name","value":"active"}}]}}]}}]} as unknown as DocumentNode<RevokeApiKeyMutation, RevokeApiKeyMutationVariables>;
export const WebhooksDocument = {"__meta__":{"hash":"sha256:792a92232a657215bb735bf5cafc2593de7c07ef0bef0b5f39c5279f2bf50533"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Webhooks"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"webhooks"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"url"}},{"kind":"Field","name":{"kind":"Name","value":"events"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"deliveries"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"10"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"eventId"}},{"kind":"Field","name":{"kind":"Name","value":"eventType"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"attempts"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"lastAttemptAt"}},{"kind":"Field","name":{"kind":"Name","value":"lastStatusCode"}},{"kind":"Field","name":{"kind":"Name","value":"lastError"}},{"kind":"Field","name":{"kind":"Name","value":"deliveredAt"}},{"kind":"Field","name":{"kind":"Name","value":"nextAttemptAt"}}]}}]}}]}}]} as unknown as DocumentNode<WebhooksQuery, WebhooksQueryVariables>;
export const CreateWebhookDocument = {"__meta__":{"hash":"sha256:4b7115a360bb13936232807bf22834267a18915527717da34ffad27784a58884"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"CreateWebhook"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"CreateWebhookInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"createWebhook"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"secret"}},{"kind":"Field","name":{"kind":"Name","value":"webhook"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"url"}}]}}]}}]}}]} as unknown as DocumentNode<CreateWebhookMutation, CreateWebhookMutationVariables>;
export const DeleteWebhookDocument = {"__meta__":{"hash":"sha256:2ea84e97b9e1fc90ac3b7194a2a2e7577ee5821dc5c1a8ffb8cba9e05241f262"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"DeleteWebhook"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"deleteWebhook"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}]}]}}]} as unknown as DocumentNode<DeleteWebhookMutation, DeleteWebhookMutationVariables>;
export const TestWebhookDocument = {"__meta__":{"hash":"sha256:2aff1a6e460f6a2517391e2356361f1d7b3df2c9b8a8c980bfad95e006a75605"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"TestWebhook"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"testWebhook"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}]}]}}]} as unknown as DocumentNode<TestWebhookMutation, TestWebhookMutationVariables>;
export const MeDocument = {"__meta__":{"hash":"sha256:85886a5df97c58725d607a1e2264635476c1223f97f636f9d509c23d3a0ccbd7"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Me"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"me"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"user"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"email"}},{"kind":"Field","name":{"kind":"Name","value":"role"}},{"kind":"Field","name":{"kind":"Name","value":"account"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"session"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}}]}}]}}]} as unknown as DocumentNode<MeQuery, MeQueryVariables>;
export const LoginDocument = {"__meta__":{"hash":"sha256:8759d8926aca70789c5a183b33866dab75b15fb4c34adb8922f358a2a342bed5"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"Login"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"LoginInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"login"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"user"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"role"}}]}}]}}]}}]} as unknown as DocumentNode<LoginMutation, LoginMutationVariables>;
export const LogoutDocument = {"__meta__":{"hash":"sha256:cb1d14c1cc99a25294cfa4376de2402364cb32e6c038a11fb36cf0ebb3a5ce91"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"Logout"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"logout"}}]}}]} as unknown as DocumentNode<LogoutMutation, LogoutMutationVariables>;
export const SessionsDocument = {"__meta__":{"hash":"sha256:4bbcee9b376aa40bd73f3ae685966479f376cbcd3a96f9dd6e9c15e5d68de935"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Sessions"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"filter"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"SessionFilter"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"orderBy"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"SessionOrder"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"sessions"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"Variable","name":{"kind":"Name","value":"filter"}}},{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}},{"kind":"Argument","name":{"kind":"Name","value":"orderBy"},"value":{"kind":"Variable","name":{"kind":"Name","value":"orderBy"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"hasPreviousPage"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}},{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"SessionRow"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"SessionRow"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Session"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"loginIp"}},{"kind":"Field","name":{"kind":"Name","value":"loginCity"}},{"kind":"Field","name":{"kind":"Name","value":"loginCountry"}},{"kind":"Field","name":{"kind":"Name","value":"userAgent"}},{"kind":"Field","name":{"kind":"Name","value":"device"}},{"kind":"Field","name":{"kind":"Name","value":"loginAt"}},{"kind":"Field","name":{"kind":"Name","value":"lastActiveAt"}},{"kind":"Field","name":{"kind":"Name","value":"endedAt"}},{"kind":"Field","name":{"kind":"Name","value":"endReason"}},{"kind":"Field","name":{"kind":"Name","value":"endReasonText"}},{"kind":"Field","name":{"kind":"Name","value":"endedBy"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"isCurrent"}},{"kind":"Field","name":{"kind":"Name","value":"user"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"email"}},{"kind":"Field","name":{"kind":"Name","value":"role"}}]}}]}}]} as unknown as DocumentNode<SessionsQuery, SessionsQueryVariables>;
export const UserSessionCountsDocument = {"__meta__":{"hash":"sha256:9980e15fc0168d3b313434479f5aca94bbac1538204ef31aa1307cafc64e80f9"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"UserSessionCounts"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"userId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","alias":{"kind":"Name","value":"active"},"name":{"kind":"Name","value":"sessions"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"ObjectValue","fields":[{"kind":"ObjectField","name":{"kind":"Name","value":"userId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"userId"}}},{"kind":"ObjectField","name":{"kind":"Name","value":"status"},"value":{"kind":"EnumValue","value":"ACTIVE"}}]}},{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"0"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}}]}},{"kind":"Field","alias":{"kind":"Name","value":"ended"},"name":{"kind":"Name","value":"sessions"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"ObjectValue","fields":[{"kind":"ObjectField","name":{"kind":"Name","value":"userId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"userId"}}},{"kind":"ObjectField","name":{"kind":"Name","value":"status"},"value":{"kind":"EnumValue","value":"TERMINATED"}}]}},{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"0"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}}]}},{"kind":"Field","alias":{"kind":"Name","value":"latest"},"name":{"kind":"Name","value":"sessions"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"ObjectValue","fields":[{"kind":"ObjectField","name":{"kind":"Name","value":"userId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"userId"}}}]}},{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"1"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"user"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"email"}},{"kind":"Field","name":{"kind":"Name","value":"role"}}]}}]}}]}}]}}]} as unknown as DocumentNode<UserSessionCountsQuery, UserSessionCountsQueryVariables>;
export const MySessionsDocument = {"__meta__":{"hash":"sha256:78c3498786a64ad1b32120f49fbca1d4a69ef60014db0adffcb842e7eba8aea9"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"MySessions"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"status"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"SessionStatus"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"mySessions"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"status"},"value":{"kind":"Variable","name":{"kind":"Name","value":"status"}}},{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"SessionRow"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"SessionRow"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Session"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"loginIp"}},{"kind":"Field","name":{"kind":"Name","value":"loginCity"}},{"kind":"Field","name":{"kind":"Name","value":"loginCountry"}},{"kind":"Field","name":{"kind":"Name","value":"userAgent"}},{"kind":"Field","name":{"kind":"Name","value":"device"}},{"kind":"Field","name":{"kind":"Name","value":"loginAt"}},{"kind":"Field","name":{"kind":"Name","value":"lastActiveAt"}},{"kind":"Field","name":{"kind":"Name","value":"endedAt"}},{"kind":"Field","name":{"kind":"Name","value":"endReason"}},{"kind":"Field","name":{"kind":"Name","value":"endReasonText"}},{"kind":"Field","name":{"kind":"Name","value":"endedBy"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"isCurrent"}},{"kind":"Field","name":{"kind":"Name","value":"user"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"email"}},{"kind":"Field","name":{"kind":"Name","value":"role"}}]}}]}}]} as unknown as DocumentNode<MySessionsQuery, MySessionsQueryVariables>;
export const LogoutSessionDocument = {"__meta__":{"hash":"sha256:854a7972edee441ac5c463a88b6a3e204c3900fb3d6614a55043702af43ac0a9"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"LogoutSession"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"logoutSession"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"SessionRow"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"SessionRow"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Session"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"loginIp"}},{"kind":"Field","name":{"kind":"Name","value":"loginCity"}},{"kind":"Field","name":{"kind":"Name","value":"loginCountry"}},{"kind":"Field","name":{"kind":"Name","value":"userAgent"}},{"kind":"Field","name":{"kind":"Name","value":"device"}},{"kind":"Field","name":{"kind":"Name","value":"loginAt"}},{"kind":"Field","name":{"kind":"Name","value":"lastActiveAt"}},{"kind":"Field","name":{"kind":"Name","value":"endedAt"}},{"kind":"Field","name":{"kind":"Name","value":"endReason"}},{"kind":"Field","name":{"kind":"Name","value":"endReasonText"}},{"kind":"Field","name":{"kind":"Name","value":"endedBy"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"isCurrent"}},{"kind":"Field","name":{"kind":"Name","value":"user"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"email"}},{"kind":"Field","name":{"kind":"Name","value":"role"}}]}}]}}]} as unknown as DocumentNode<LogoutSessionMutation, LogoutSessionMutationVariables>;
export const TerminateAllDocument = {"__meta__":{"hash":"sha256:a7658fe7cd559ad912871e6edd784cc5ea264f19e99b83b0b634eb7c839cda87"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"TerminateAll"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"TerminateAllSessionsInput"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"terminateAllSessions"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"terminatedCount"}}]}}]}}]} as unknown as DocumentNode<TerminateAllMutation, TerminateAllMutationVariables>;
export const SessionPolicyDocument = {"__meta__":{"hash":"sha256:bfb68c8deed3815524d5139b33208dbe2d8f395660c3b1a9f4c8de21a7c35863"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"SessionPolicy"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"sessionPolicy"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"PolicyFields"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"PolicyFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"SessionPolicy"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"limitMultipleSessions"}},{"kind":"Field","name":{"kind":"Name","value":"maxConcurrentSessions"}},{"kind":"Field","name":{"kind":"Name","value":"effectiveMaxConcurrentSessions"}},{"kind":"Field","name":{"kind":"Name","value":"whenLimitReached"}},{"kind":"Field","name":{"kind":"Name","value":"idleTimeoutEnabled"}},{"kind":"Field","name":{"kind":"Name","value":"idleTimeout"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"value"}},{"kind":"Field","name":{"kind":"Name","value":"unit"}}]}},{"kind":"Field","name":{"kind":"Name","value":"absoluteLifetimeEnabled"}},{"kind":"Field","name":{"kind":"Name","value":"absoluteLifetime"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"value"}},{"kind":"Field","name":{"kind":"Name","value":"unit"}}]}},{"kind":"Field","name":{"kind":"Name","value":"roleOverrides"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"role"}},{"kind":"Field","name":{"kind":"Name","value":"limitMultipleSessions"}},{"kind":"Field","name":{"kind":"Name","value":"maxConcurrentSessions"}},{"kind":"Field","name":{"kind":"Name","value":"whenLimitReached"}},{"kind":"Field","name":{"kind":"Name","value":"idleTimeoutEnabled"}},{"kind":"Field","name":{"kind":"Name","value":"idleTimeout"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"value"}},{"kind":"Field","name":{"kind":"Name","value":"unit"}}]}},{"kind":"Field","name":{"kind":"Name","value":"absoluteLifetimeEnabled"}},{"kind":"Field","name":{"kind":"Name","value":"absoluteLifetime"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"value"}},{"kind":"Field","name":{"kind":"Name","value":"unit"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"updatedAt"}},{"kind":"Field","name":{"kind":"Name","value":"updatedBy"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}}]} as unknown as DocumentNode<SessionPolicyQuery, SessionPolicyQueryVariables>;
export const PolicyPreviewDocument = {"__meta__":{"hash":"sha256:89973933995181b0af75a01020b91f1719b6912a9198d812e1e8665079a36bd3"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"PolicyPreview"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"SessionPolicyInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"sessionPolicyPreview"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"sessionsToEnd"}},{"kind":"Field","name":{"kind":"Name","value":"excessSessions"}},{"kind":"Field","name":{"kind":"Name","value":"idleSessions"}},{"kind":"Field","name":{"kind":"Name","value":"lifetimeSessions"}},{"kind":"Field","name":{"kind":"Name","value":"usersAffected"}}]}}]}}]} as unknown as DocumentNode<PolicyPreviewQuery, PolicyPreviewQueryVariables>;
export const UpdatePolicyDocument = {"__meta__":{"hash":"sha256:7c93da47c0a5039c9fa01798a78da2ee790ec05df0936acf074b540a209db180"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"UpdatePolicy"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"SessionPolicyInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"updateSessionPolicy"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"PolicyFields"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"PolicyFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"SessionPolicy"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"limitMultipleSessions"}},{"kind":"Field","name":{"kind":"Name","value":"maxConcurrentSessions"}},{"kind":"Field","name":{"kind":"Name","value":"effectiveMaxConcurrentSessions"}},{"kind":"Field","name":{"kind":"Name","value":"whenLimitReached"}},{"kind":"Field","name":{"kind":"Name","value":"idleTimeoutEnabled"}},{"kind":"Field","name":{"kind":"Name","value":"idleTimeout"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"value"}},{"kind":"Field","name":{"kind":"Name","value":"unit"}}]}},{"kind":"Field","name":{"kind":"Name","value":"absoluteLifetimeEnabled"}},{"kind":"Field","name":{"kind":"Name","value":"absoluteLifetime"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"value"}},{"kind":"Field","name":{"kind":"Name","value":"unit"}}]}},{"kind":"Field","name":{"kind":"Name","value":"roleOverrides"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"role"}},{"kind":"Field","name":{"kind":"Name","value":"limitMultipleSessions"}},{"kind":"Field","name":{"kind":"Name","value":"maxConcurrentSessions"}},{"kind":"Field","name":{"kind":"Name","value":"whenLimitReached"}},{"kind":"Field","name":{"kind":"Name","value":"idleTimeoutEnabled"}},{"kind":"Field","name":{"kind":"Name","value":"idleTimeout"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"value"}},{"kind":"Field","name":{"kind":"Name","value":"unit"}}]}},{"kind":"Field","name":{"kind":"Name","value":"absoluteLifetimeEnabled"}},{"kind":"Field","name":{"kind":"Name","value":"absoluteLifetime"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"value"}},{"kind":"Field","name":{"kind":"Name","value":"unit"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"updatedAt"}},{"kind":"Field","name":{"kind":"Name","value":"updatedBy"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}}]} as unknown as DocumentNode<UpdatePolicyMutation, UpdatePolicyMutationVariables>;
export const SessionEventsDocument = {"__meta__":{"hash":"sha256:7606cfc44eb82be4bb654105278903a4cc2cf585eef84b29f5fe517e4171fbd8"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"subscription","name":{"kind":"Name","value":"SessionEvents"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"userId"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"sessionEvents"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"userId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"userId"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"type"}},{"kind":"Field","name":{"kind":"Name","value":"occurredAt"}},{"kind":"Field","name":{"kind":"Name","value":"session"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}}]}}]}}]} as unknown as DocumentNode<SessionEventsSubscription, SessionEventsSubscriptionVariables>;
export const CurrentSessionEndedDocument = {"__meta__":{"hash":"sha256:f66592a9efb0b9cc47560b3ba1bfb1194a01a3e677e5508a43a38888ecac17b4"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"subscription","name":{"kind":"Name","value":"CurrentSessionEnded"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"currentSessionEnded"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"endReasonText"}}]}}]}}]} as unknown as DocumentNode<CurrentSessionEndedSubscription, CurrentSessionEndedSubscriptionVariables>;
export const IdleReadDocument = {"__meta__":{"hash":"sha256:0618c44870ba72c9abce38106d802cd186154747b977824a3a4ae7c9765d67a3"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"IdleRead"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"me"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"session"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"lastActiveAt"}},{"kind":"Field","name":{"kind":"Name","value":"idleExpiresAt"}}]}}]}}]}}]} as unknown as DocumentNode<IdleReadQuery, IdleReadQueryVariables>;
export const RecordActivityDocument = {"__meta__":{"hash":"sha256:ff7d1a9ccd07a0e714cc271061b2bf525688020863b985e06792dc8a9a3d3603"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"RecordActivity"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"me"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"session"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"lastActiveAt"}},{"kind":"Field","name":{"kind":"Name","value":"idleExpiresAt"}}]}}]}}]}}]} as unknown as DocumentNode<RecordActivityQuery, RecordActivityQueryVariables>;
export const SessionPolicyUpdatedDocument = {"__meta__":{"hash":"sha256:591e8d490254c60f2274dd24f6f429819bcf3903bd7e84a38fa03cf94b7089cb"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"subscription","name":{"kind":"Name","value":"SessionPolicyUpdated"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"sessionPolicyUpdated"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"PolicyFields"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"PolicyFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"SessionPolicy"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"limitMultipleSessions"}},{"kind":"Field","name":{"kind":"Name","value":"maxConcurrentSessions"}},{"kind":"Field","name":{"kind":"Name","value":"effectiveMaxConcurrentSessions"}},{"kind":"Field","name":{"kind":"Name","value":"whenLimitReached"}},{"kind":"Field","name":{"kind":"Name","value":"idleTimeoutEnabled"}},{"kind":"Field","name":{"kind":"Name","value":"idleTimeout"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"value"}},{"kind":"Field","name":{"kind":"Name","value":"unit"}}]}},{"kind":"Field","name":{"kind":"Name","value":"absoluteLifetimeEnabled"}},{"kind":"Field","name":{"kind":"Name","value":"absoluteLifetime"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"value"}},{"kind":"Field","name":{"kind":"Name","value":"unit"}}]}},{"kind":"Field","name":{"kind":"Name","value":"roleOverrides"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"role"}},{"kind":"Field","name":{"kind":"Name","value":"limitMultipleSessions"}},{"kind":"Field","name":{"kind":"Name","value":"maxConcurrentSessions"}},{"kind":"Field","name":{"kind":"Name","value":"whenLimitReached"}},{"kind":"Field","name":{"kind":"Name","value":"idleTimeoutEnabled"}},{"kind":"Field","name":{"kind":"Name","value":"idleTimeout"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"value"}},{"kind":"Field","name":{"kind":"Name","value":"unit"}}]}},{"kind":"Field","name":{"kind":"Name","value":"absoluteLifetimeEnabled"}},{"kind":"Field","name":{"kind":"Name","value":"absoluteLifetime"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"value"}},{"kind":"Field","name":{"kind":"Name","value":"unit"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"updatedAt"}},{"kind":"Field","name":{"kind":"Name","value":"updatedBy"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}}]} as unknown as DocumentNode<SessionPolicyUpdatedSubscription, SessionPolicyUpdatedSubscriptionVariables>;
export const LifetimeReadDocument = {"__meta__":{"hash":"sha256:38808f2731cc5b5dbaa1f39f8f8df1411cffc426fff380b78a3f2220e4114c77"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"LifetimeRead"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"me"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"session"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"loginAt"}},{"kind":"Field","name":{"kind":"Name","value":"expiresAt"}}]}}]}}]}}]} as unknown as DocumentNode<LifetimeReadQuery, LifetimeReadQueryVariables>;
export const ChangePasswordDocument = {"__meta__":{"hash":"sha256:b71997bdb2cee8b9b73900d61cd376d4d1ebc42c845f2e2ffc4970107955c2b1"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"ChangePassword"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ChangePasswordInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"changePassword"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}]}]}}]} as unknown as DocumentNode<ChangePasswordMutation, ChangePasswordMutationVariables>;
export const UsersDocument = {"__meta__":{"hash":"sha256:fffb3d65cb8e9fe7fbdc19bcf33449a3a5e9c3838756ee01891021424a5ca689"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Users"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"search"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"users"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"search"},"value":{"kind":"Variable","name":{"kind":"Name","value":"search"}}},{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}},{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"UserRow"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"UserRow"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"User"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"email"}},{"kind":"Field","name":{"kind":"Name","value":"role"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"deactivatedAt"}},{"kind":"Field","name":{"kind":"Name","value":"lastLoginAt"}},{"kind":"Field","name":{"kind":"Name","value":"activeSessionCount"}}]}}]} as unknown as DocumentNode<UsersQuery, UsersQueryVariables>;
export const CreateUserDocument = {"__meta__":{"hash":"sha256:16f040994a67b2459bea228b1ddcbabb488b96145de390f43f8d7f961cf6fed1"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"CreateUser"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"CreateUserInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"createUser"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"UserRow"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"UserRow"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"User"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"email"}},{"kind":"Field","name":{"kind":"Name","value":"role"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"deactivatedAt"}},{"kind":"Field","name":{"kind":"Name","value":"lastLoginAt"}},{"kind":"Field","name":{"kind":"Name","value":"activeSessionCount"}}]}}]} as unknown as DocumentNode<CreateUserMutation, CreateUserMutationVariables>;
export const UpdateUserDocument = {"__meta__":{"hash":"sha256:20ad09f7f994911c48c84f72d778d3b5cca0bd6f0635424298eed9168f0ec148"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"UpdateUser"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"UpdateUserInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"updateUser"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}},{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"UserRow"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"UserRow"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"User"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"email"}},{"kind":"Field","name":{"kind":"Name","value":"role"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"deactivatedAt"}},{"kind":"Field","name":{"kind":"Name","value":"lastLoginAt"}},{"kind":"Field","name":{"kind":"Name","value":"activeSessionCount"}}]}}]} as unknown as DocumentNode<UpdateUserMutation, UpdateUserMutationVariables>;
export const DeactivateUserDocument = {"__meta__":{"hash":"sha256:dea8d584465cb52479b64797445a405550ea07bf1baa14db3ad09b21a6e9b056"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"DeactivateUser"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"deactivateUser"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"UserRow"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"UserRow"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"User"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"email"}},{"kind":"Field","name":{"kind":"Name","value":"role"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"deactivatedAt"}},{"kind":"Field","name":{"kind":"Name","value":"lastLoginAt"}},{"kind":"Field","name":{"kind":"Name","value":"activeSessionCount"}}]}}]} as unknown as DocumentNode<DeactivateUserMutation, DeactivateUserMutationVariables>;
export const ReactivateUserDocument = {"__meta__":{"hash":"sha256:c275ae0c3a93cda5afeca7154ff38d483ee49c1b9e745e708253fd76b8f8b2a9"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"ReactivateUser"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"reactivateUser"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"UserRow"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"UserRow"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"User"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"email"}},{"kind":"Field","name":{"kind":"Name","value":"role"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"deactivatedAt"}},{"kind":"Field","name":{"kind":"Name","value":"lastLoginAt"}},{"kind":"Field","name":{"kind":"Name","value":"activeSessionCount"}}]}}]} as unknown as DocumentNode<ReactivateUserMutation, ReactivateUserMutationVariables>;
export const ResetUserPasswordDocument = {"__meta__":{"hash":"sha256:b5b314ce623b085db9f46f0802bbf35cdd1241844ccd9f44c8bb072b61d9c4de"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"ResetUserPassword"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"newPassword"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"resetUserPassword"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}},{"kind":"Argument","name":{"kind":"Name","value":"newPassword"},"value":{"kind":"Variable","name":{"kind":"Name","value":"newPassword"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"UserRow"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"UserRow"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"User"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"email"}},{"kind":"Field","name":{"kind":"Name","value":"role"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"deactivatedAt"}},{"kind":"Field","name":{"kind":"Name","value":"lastLoginAt"}},{"kind":"Field","name":{"kind":"Name","value":"activeSessionCount"}}]}}]} as unknown as DocumentNode<ResetUserPasswordMutation, ResetUserPasswordMutationVariables>;
export const AuditEventsDocument = {"__meta__":{"hash":"sha256:b1bc5d6ecfd917a7b1fe264eab32fabd5663da59d03ab894868b92d25a8ecd0f"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"AuditEvents"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"filter"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"AuditEventFilter"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"auditEvents"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"Variable","name":{"kind":"Name","value":"filter"}}},{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}},{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"AuditRow"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"AuditRow"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"AuditEvent"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"occurredAt"}},{"kind":"Field","name":{"kind":"Name","value":"action"}},{"kind":"Field","name":{"kind":"Name","value":"actor"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"targetUser"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"endReason"}},{"kind":"Field","name":{"kind":"Name","value":"endReasonText"}},{"kind":"Field","name":{"kind":"Name","value":"endedSessionCount"}},{"kind":"Field","name":{"kind":"Name","value":"ip"}},{"kind":"Field","name":{"kind":"Name","value":"city"}},{"kind":"Field","name":{"kind":"Name","value":"device"}}]}}]} as unknown as DocumentNode<AuditEventsQuery, AuditEventsQueryVariables>;
export const RetentionSettingsDocument = {"__meta__":{"hash":"sha256:997798f71896473760c9ff74215b169fd4a6caad163f2cab2dfe3573b25eed0f"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"RetentionSettings"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"retentionSettings"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"terminatedSessionsDays"}},{"kind":"Field","name":{"kind":"Name","value":"auditEventsDays"}}]}}]}}]} as unknown as DocumentNode<RetentionSettingsQuery, RetentionSettingsQueryVariables>;
export const UpdateRetentionSettingsDocument = {"__meta__":{"hash":"sha256:7f8a671b27ee67728b81c75992bb69f6670f3ddfc9975777dc08badde0184a19"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"UpdateRetentionSettings"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"RetentionSettingsInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"updateRetentionSettings"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"terminatedSessionsDays"}},{"kind":"Field","name":{"kind":"Name","value":"auditEventsDays"}}]}}]}}]} as unknown as DocumentNode<UpdateRetentionSettingsMutation, UpdateRetentionSettingsMutationVariables>;
export const AuditEventAddedDocument = {"__meta__":{"hash":"sha256:f28c8ff6185633304092ff3332b5ad51b39244a8c5f93622a4d9e0ca393228a6"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"subscription","name":{"kind":"Name","value":"AuditEventAdded"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"auditEventAdded"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}}]}}]} as unknown as DocumentNode<AuditEventAddedSubscription, AuditEventAddedSubscriptionVariables>;