import { graphql } from './gql';

// Every GraphQL operation the console sends. Types come from GraphQL Code Generator (src/gql/).

export const MeQuery = graphql(`
  query Me {
    me {
      user { id name email role account { id name } }
      session { id }
    }
  }
`);

export const LoginMutation = graphql(`
  mutation Login($input: LoginInput!) {
    login(input: $input) {
      user { id name role }
    }
  }
`);

export const LogoutMutation = graphql(`
  mutation Logout {
    logout
  }
`);

export const SessionRowFields = graphql(`
  fragment SessionRow on Session {
    id
    status
    loginIp
    loginCity
    loginCountry
    userAgent
    device
    loginAt
    lastActiveAt
    endedAt
    endReason
    endReasonText
    endedBy { id name }
    isCurrent
    user { id name email role }
  }
`);

export const SessionsQuery = graphql(`
  query Sessions($filter: SessionFilter, $first: Int, $after: String, $orderBy: SessionOrder) {
    sessions(filter: $filter, first: $first, after: $after, orderBy: $orderBy) {
      totalCount
      pageInfo { hasNextPage hasPreviousPage endCursor }
      nodes { ...SessionRow }
    }
  }
`);

// A user's page: their counts, and who they are (from their latest session, the API has no
// single-user query; a user who never signed in is named by the link that led there).
export const UserSessionCountsQuery = graphql(`
  query UserSessionCounts($userId: ID!) {
    active: sessions(filter: { userId: $userId, status: ACTIVE }, first: 0) { totalCount }
    ended: sessions(filter: { userId: $userId, status: TERMINATED }, first: 0) { totalCount }
    latest: sessions(filter: { userId: $userId }, first: 1) { nodes { id user { id name email role } } }
  }
`);

export const MySessionsQuery = graphql(`
  query MySessions($status: SessionStatus, $first: Int) {
    mySessions(status: $status, first: $first) {
      totalCount
      nodes { ...SessionRow }
    }
  }
`);

export const LogoutSessionMutation = graphql(`
  mutation LogoutSession($id: ID!) {
    logoutSession(id: $id) { ...SessionRow }
  }
`);

export const TerminateAllMutation = graphql(`
  mutation TerminateAll($input: TerminateAllSessionsInput) {
    terminateAllSessions(input: $input) { terminatedCount }
  }
`);

export const SessionPolicyFields = graphql(`
  fragment PolicyFields on SessionPolicy {
    limitMultipleSessions
    maxConcurrentSessions
    effectiveMaxConcurrentSessions
    whenLimitReached
    idleTimeoutEnabled
    idleTimeout { value unit }
    absoluteLifetimeEnabled
    absoluteLifetime { value unit }
    roleOverrides {
      role
      limitMultipleSessions
      maxConcurrentSessions
      whenLimitReached
      idleTimeoutEnabled
      idleTimeout { value unit }
      absoluteLifetimeEnabled
      absoluteLifetime { value unit }
    }
    updatedAt
    updatedBy { id name }
  }
`);

export const SessionPolicyQuery = graphql(`
  query SessionPolicy {
    sessionPolicy { ...PolicyFields }
  }
`);

export const PolicyPreviewQuery = graphql(`
  query PolicyPreview($input: SessionPolicyInput!) {
    sessionPolicyPreview(input: $input) {
      sessionsToEnd
      excessSessions
      idleSessions
      lifetimeSessions
      usersAffected
    }
  }
`);

export const UpdatePolicyMutation = graphql(`
  mutation UpdatePolicy($input: SessionPolicyInput!) {
    updateSessionPolicy(input: $input) { ...PolicyFields }
  }
`);

// Only a signal to refetch (the document cache keeps no entities): the least that names the
// change. Nothing that depends on the viewer (isCurrent), so every administrator's console
// shares one execution of each event on the server.
export const SessionEventsSubscription = graphql(`
  subscription SessionEvents($userId: ID) {
    sessionEvents(userId: $userId) {
      type
      occurredAt
      session { id }
    }
  }
`);

export const CurrentSessionEndedSubscription = graphql(`
  subscription CurrentSessionEnded {
    currentSessionEnded { id endReasonText }
  }
`);

// The idle countdown: lastActiveAt and idleExpiresAt of the current session. IdleRead is sent as
// a background request (not activity); RecordActivity without the header (real user activity).
export const IdleReadQuery = graphql(`
  query IdleRead {
    me { session { id lastActiveAt idleExpiresAt } }
  }
`);

export const RecordActivityQuery = graphql(`
  query RecordActivity {
    me { session { id lastActiveAt idleExpiresAt } }
  }
`);

export const SessionPolicyUpdatedSubscription = graphql(`
  subscription SessionPolicyUpdated {
    sessionPolicyUpdated { ...PolicyFields }
  }
`);

// The absolute lifetime: when the current session ends however active it is (MAX_LIFETIME). It
// moves only with the policy, so it is read on sign-in, after sessionPolicyUpdated and after a
// reconnect, always as a background request.
export const LifetimeReadQuery = graphql(`
  query LifetimeRead {
    me { session { id loginAt expiresAt } }
  }
`);

export const ChangePasswordMutation = graphql(`
  mutation ChangePassword($input: ChangePasswordInput!) {
    changePassword(input: $input)
  }
`);

export const UserRowFields = graphql(`
  fragment UserRow on User {
    id
    name
    email
    role
    status
    deactivatedAt
    lastLoginAt
    activeSessionCount
  }
`);

export const UsersQuery = graphql(`
  query Users($search: String, $first: Int, $after: String) {
    users(search: $search, first: $first, after: $after) {
      totalCount
      pageInfo { hasNextPage endCursor }
      nodes { ...UserRow }
    }
  }
`);

export const CreateUserMutation = graphql(`
  mutation CreateUser($input: CreateUserInput!) {
    createUser(input: $input) { ...UserRow }
  }
`);

export const UpdateUserMutation = graphql(`
  mutation UpdateUser($id: ID!, $input: UpdateUserInput!) {
    updateUser(id: $id, input: $input) { ...UserRow }
  }
`);

export const DeactivateUserMutation = graphql(`
  mutation DeactivateUser($id: ID!) {
    deactivateUser(id: $id) { ...UserRow }
  }
`);

export const ReactivateUserMutation = graphql(`
  mutation ReactivateUser($id: ID!) {
    reactivateUser(id: $id) { ...UserRow }
  }
`);

export const ResetUserPasswordMutation = graphql(`
  mutation ResetUserPassword($id: ID!, $newPassword: String!) {
    resetUserPassword(id: $id, newPassword: $newPassword) { ...UserRow }
  }
`);

export const AuditRowFragment = graphql(`
  fragment AuditRow on AuditEvent {
    id
    occurredAt
    action
    actor { id name }
    targetUser { id name }
    endReason
    endReasonText
    endedSessionCount
    ip
    city
    device
  }
`);

export const AuditEventsQuery = graphql(`
  query AuditEvents($filter: AuditEventFilter, $first: Int, $after: String) {
    auditEvents(filter: $filter, first: $first, after: $after) {
      totalCount
      pageInfo { hasNextPage endCursor }
      nodes { ...AuditRow }
    }
  }
`);

export const RetentionSettingsQuery = graphql(`
  query RetentionSettings {
    retentionSettings { terminatedSessionsDays auditEventsDays }
  }
`);

export const UpdateRetentionSettingsMutation = graphql(`
  mutation UpdateRetentionSettings($input: RetentionSettingsInput!) {
    updateRetentionSettings(input: $input) { terminatedSessionsDays auditEventsDays }
  }
`);

export const AuditEventAddedSubscription = graphql(`
  subscription AuditEventAdded {
    auditEventAdded { id }
  }
`);
