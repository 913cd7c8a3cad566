/* eslint-disable */
import * as types from './graphql';
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';

/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "\n  query ApiKeys {\n    apiKeys(first: 100) {\n      nodes { id name prefix scopes createdAt expiresAt lastUsedAt lastUsedIp revokedAt active createdBy { id name } }\n    }\n  }\n": typeof types.ApiKeysDocument,
    "\n  mutation CreateApiKey($input: CreateApiKeyInput!) {\n    createApiKey(input: $input) { secret apiKey { id name prefix } }\n  }\n": typeof types.CreateApiKeyDocument,
    "\n  mutation RevokeApiKey($id: ID!) {\n    revokeApiKey(id: $id) { id revokedAt active }\n  }\n": typeof types.RevokeApiKeyDocument,
    "\n  query Webhooks {\n    webhooks {\n      id url events createdAt\n      deliveries(first: 10) { id eventId eventType status attempts createdAt lastAttemptAt lastStatusCode lastError deliveredAt nextAttemptAt }\n    }\n  }\n": typeof types.WebhooksDocument,
    "\n  mutation CreateWebhook($input: CreateWebhookInput!) {\n    createWebhook(input: $input) { secret webhook { id url } }\n  }\n": typeof types.CreateWebhookDocument,
    "\n  mutation DeleteWebhook($id: ID!) {\n    deleteWebhook(id: $id)\n  }\n": typeof types.DeleteWebhookDocument,
    "\n  mutation TestWebhook($id: ID!) {\n    testWebhook(id: $id)\n  }\n": typeof types.TestWebhookDocument,
    "\n  query Me {\n    me {\n      user { id name email role account { id name } }\n      session { id }\n    }\n  }\n": typeof types.MeDocument,
    "\n  mutation Login($input: LoginInput!) {\n    login(input: $input) {\n      user { id name role }\n    }\n  }\n": typeof types.LoginDocument,
    "\n  mutation Logout {\n    logout\n  }\n": typeof types.LogoutDocument,
    "\n  fragment SessionRow on Session {\n    id\n    status\n    loginIp\n    loginCity\n    loginCountry\n    userAgent\n    device\n    loginAt\n    lastActiveAt\n    endedAt\n    endReason\n    endReasonText\n    endedBy { id name }\n    isCurrent\n    user { id name email role }\n  }\n": typeof types.SessionRowFragmentDoc,
    "\n  query Sessions($filter: SessionFilter, $first: Int, $after: String, $orderBy: SessionOrder) {\n    sessions(filter: $filter, first: $first, after: $after, orderBy: $orderBy) {\n      totalCount\n      pageInfo { hasNextPage hasPreviousPage endCursor }\n      nodes { ...SessionRow }\n    }\n  }\n": typeof types.SessionsDocument,
    "\n  query UserSessionCounts($userId: ID!) {\n    active: sessions(filter: { userId: $userId, status: ACTIVE }, first: 0) { totalCount }\n    ended: sessions(filter: { userId: $userId, status: TERMINATED }, first: 0) { totalCount }\n    latest: sessions(filter: { userId: $userId }, first: 1) { nodes { id user { id name email role } } }\n  }\n": typeof types.UserSessionCountsDocument,
    "\n  query MySessions($status: SessionStatus, $first: Int) {\n    mySessions(status: $status, first: $first) {\n      totalCount\n      nodes { ...SessionRow }\n    }\n  }\n": typeof types.MySessionsDocument,
    "\n  mutation LogoutSession($id: ID!) {\n    logoutSession(id: $id) { ...SessionRow }\n  }\n": typeof types.LogoutSessionDocument,
    "\n  mutation TerminateAll($input: TerminateAllSessionsInput) {\n    terminateAllSessions(input: $input) { terminatedCount }\n  }\n": typeof types.TerminateAllDocument,
    "\n  fragment PolicyFields on SessionPolicy {\n    limitMultipleSessions\n    maxConcurrentSessions\n    effectiveMaxConcurrentSessions\n    whenLimitReached\n    idleTimeoutEnabled\n    idleTimeout { value unit }\n    absoluteLifetimeEnabled\n    absoluteLifetime { value unit }\n    roleOverrides {\n      role\n      limitMultipleSessions\n      maxConcurrentSessions\n      whenLimitReached\n      idleTimeoutEnabled\n      idleTimeout { value unit }\n      absoluteLifetimeEnabled\n      absoluteLifetime { value unit }\n    }\n    updatedAt\n    updatedBy { id name }\n  }\n": typeof types.PolicyFieldsFragmentDoc,
    "\n  query SessionPolicy {\n    sessionPolicy { ...PolicyFields }\n  }\n": typeof types.SessionPolicyDocument,
    "\n  query PolicyPreview($input: SessionPolicyInput!) {\n    sessionPolicyPreview(input: $input) {\n      sessionsToEnd\n      excessSessions\n      idleSessions\n      lifetimeSessions\n      usersAffected\n    }\n  }\n": typeof types.PolicyPreviewDocument,
    "\n  mutation UpdatePolicy($input: SessionPolicyInput!) {\n    updateSessionPolicy(input: $input) { ...PolicyFields }\n  }\n": typeof types.UpdatePolicyDocument,
    "\n  subscription SessionEvents($userId: ID) {\n    sessionEvents(userId: $userId) {\n      type\n      occurredAt\n      session { id }\n    }\n  }\n": typeof types.SessionEventsDocument,
    "\n  subscription CurrentSessionEnded {\n    currentSessionEnded { id endReasonText }\n  }\n": typeof types.CurrentSessionEndedDocument,
    "\n  query IdleRead {\n    me { session { id lastActiveAt idleExpiresAt } }\n  }\n": typeof types.IdleReadDocument,
    "\n  query RecordActivity {\n    me { session { id lastActiveAt idleExpiresAt } }\n  }\n": typeof types.RecordActivityDocument,
    "\n  subscription SessionPolicyUpdated {\n    sessionPolicyUpdated { ...PolicyFields }\n  }\n": typeof types.SessionPolicyUpdatedDocument,
    "\n  query LifetimeRead {\n    me { session { id loginAt expiresAt } }\n  }\n": typeof types.LifetimeReadDocument,
    "\n  mutation ChangePassword($input: ChangePasswordInput!) {\n    changePassword(input: $input)\n  }\n": typeof types.ChangePasswordDocument,
    "\n  fragment UserRow on User {\n    id\n    name\n    email\n    role\n    status\n    deactivatedAt\n    lastLoginAt\n    activeSessionCount\n  }\n": typeof types.UserRowFragmentDoc,
    "\n  query Users($search: String, $first: Int, $after: String) {\n    users(search: $search, first: $first, after: $after) {\n      totalCount\n      pageInfo { hasNextPage endCursor }\n      nodes { ...UserRow }\n    }\n  }\n": typeof types.UsersDocument,
    "\n  mutation CreateUser($input: CreateUserInput!) {\n    createUser(input: $input) { ...UserRow }\n  }\n": typeof types.CreateUserDocument,
    "\n  mutation UpdateUser($id: ID!, $input: UpdateUserInput!) {\n    updateUser(id: $id, input: $input) { ...UserRow }\n  }\n": typeof types.UpdateUserDocument,
    "\n  mutation DeactivateUser($id: ID!) {\n    deactivateUser(id: $id) { ...UserRow }\n  }\n": typeof types.DeactivateUserDocument,
    "\n  mutation ReactivateUser($id: ID!) {\n    reactivateUser(id: $id) { ...UserRow }\n  }\n": typeof types.ReactivateUserDocument,
    "\n  mutation ResetUserPassword($id: ID!, $newPassword: String!) {\n    resetUserPassword(id: $id, newPassword: $newPassword) { ...UserRow }\n  }\n": typeof types.ResetUserPasswordDocument,
    "\n  fragment AuditRow on AuditEvent {\n    id\n    occurredAt\n    action\n    actor { id name }\n    targetUser { id name }\n    endReason\n    endReasonText\n    endedSessionCount\n    ip\n    city\n    device\n  }\n": typeof types.AuditRowFragmentDoc,
    "\n  query AuditEvents($filter: AuditEventFilter, $first: Int, $after: String) {\n    auditEvents(filter: $filter, first: $first, after: $after) {\n      totalCount\n      pageInfo { hasNextPage endCursor }\n      nodes { ...AuditRow }\n    }\n  }\n": typeof types.AuditEventsDocument,
    "\n  query RetentionSettings {\n    retentionSettings { terminatedSessionsDays auditEventsDays }\n  }\n": typeof types.RetentionSettingsDocument,
    "\n  mutation UpdateRetentionSettings($input: RetentionSettingsInput!) {\n    updateRetentionSettings(input: $input) { terminatedSessionsDays auditEventsDays }\n  }\n": typeof types.UpdateRetentionSettingsDocument,
    "\n  subscription AuditEventAdded {\n    auditEventAdded { id }\n  }\n": typeof types.AuditEventAddedDocument,
};
const documents: Documents = {
    "\n  query ApiKeys {\n    apiKeys(first: 100) {\n      nodes { id name prefix scopes createdAt expiresAt lastUsedAt lastUsedIp revokedAt active createdBy { id name } }\n    }\n  }\n": types.ApiKeysDocument,
    "\n  mutation CreateApiKey($input: CreateApiKeyInput!) {\n    createApiKey(input: $input) { secret apiKey { id name prefix } }\n  }\n": types.CreateApiKeyDocument,
    "\n  mutation RevokeApiKey($id: ID!) {\n    revokeApiKey(id: $id) { id revokedAt active }\n  }\n": types.RevokeApiKeyDocument,
    "\n  query Webhooks {\n    webhooks {\n      id url events createdAt\n      deliveries(first: 10) { id eventId eventType status attempts createdAt lastAttemptAt lastStatusCode lastError deliveredAt nextAttemptAt }\n    }\n  }\n": types.WebhooksDocument,
    "\n  mutation CreateWebhook($input: CreateWebhookInput!) {\n    createWebhook(input: $input) { secret webhook { id url } }\n  }\n": types.CreateWebhookDocument,
    "\n  mutation DeleteWebhook($id: ID!) {\n    deleteWebhook(id: $id)\n  }\n": types.DeleteWebhookDocument,
    "\n  mutation TestWebhook($id: ID!) {\n    testWebhook(id: $id)\n  }\n": types.TestWebhookDocument,
    "\n  query Me {\n    me {\n      user { id name email role account { id name } }\n      session { id }\n    }\n  }\n": types.MeDocument,
    "\n  mutation Login($input: LoginInput!) {\n    login(input: $input) {\n      user { id name role }\n    }\n  }\n": types.LoginDocument,
    "\n  mutation Logout {\n    logout\n  }\n": types.LogoutDocument,
    "\n  fragment SessionRow on Session {\n    id\n    status\n    loginIp\n    loginCity\n    loginCountry\n    userAgent\n    device\n    loginAt\n    lastActiveAt\n    endedAt\n    endReason\n    endReasonText\n    endedBy { id name }\n    isCurrent\n    user { id name email role }\n  }\n": types.SessionRowFragmentDoc,
    "\n  query Sessions($filter: SessionFilter, $first: Int, $after: String, $orderBy: SessionOrder) {\n    sessions(filter: $filter, first: $first, after: $after, orderBy: $orderBy) {\n      totalCount\n      pageInfo { hasNextPage hasPreviousPage endCursor }\n      nodes { ...SessionRow }\n    }\n  }\n": types.SessionsDocument,
    "\n  query UserSessionCounts($userId: ID!) {\n    active: sessions(filter: { userId: $userId, status: ACTIVE }, first: 0) { totalCount }\n    ended: sessions(filter: { userId: $userId, status: TERMINATED }, first: 0) { totalCount }\n    latest: sessions(filter: { userId: $userId }, first: 1) { nodes { id user { id name email role } } }\n  }\n": types.UserSessionCountsDocument,
    "\n  query MySessions($status: SessionStatus, $first: Int) {\n    mySessions(status: $status, first: $first) {\n      totalCount\n      nodes { ...SessionRow }\n    }\n  }\n": types.MySessionsDocument,
    "\n  mutation LogoutSession($id: ID!) {\n    logoutSession(id: $id) { ...SessionRow }\n  }\n": types.LogoutSessionDocument,
    "\n  mutation TerminateAll($input: TerminateAllSessionsInput) {\n    terminateAllSessions(input: $input) { terminatedCount }\n  }\n": types.TerminateAllDocument,
    "\n  fragment PolicyFields on SessionPolicy {\n    limitMultipleSessions\n    maxConcurrentSessions\n    effectiveMaxConcurrentSessions\n    whenLimitReached\n    idleTimeoutEnabled\n    idleTimeout { value unit }\n    absoluteLifetimeEnabled\n    absoluteLifetime { value unit }\n    roleOverrides {\n      role\n      limitMultipleSessions\n      maxConcurrentSessions\n      whenLimitReached\n      idleTimeoutEnabled\n      idleTimeout { value unit }\n      absoluteLifetimeEnabled\n      absoluteLifetime { value unit }\n    }\n    updatedAt\n    updatedBy { id name }\n  }\n": types.PolicyFieldsFragmentDoc,
    "\n  query SessionPolicy {\n    sessionPolicy { ...PolicyFields }\n  }\n": types.SessionPolicyDocument,
    "\n  query PolicyPreview($input: SessionPolicyInput!) {\n    sessionPolicyPreview(input: $input) {\n      sessionsToEnd\n      excessSessions\n      idleSessions\n      lifetimeSessions\n      usersAffected\n    }\n  }\n": types.PolicyPreviewDocument,
    "\n  mutation UpdatePolicy($input: SessionPolicyInput!) {\n    updateSessionPolicy(input: $input) { ...PolicyFields }\n  }\n": types.UpdatePolicyDocument,
    "\n  subscription SessionEvents($userId: ID) {\n    sessionEvents(userId: $userId) {\n      type\n      occurredAt\n      session { id }\n    }\n  }\n": types.SessionEventsDocument,
    "\n  subscription CurrentSessionEnded {\n    currentSessionEnded { id endReasonText }\n  }\n": types.CurrentSessionEndedDocument,
    "\n  query IdleRead {\n    me { session { id lastActiveAt idleExpiresAt } }\n  }\n": types.IdleReadDocument,
    "\n  query RecordActivity {\n    me { session { id lastActiveAt idleExpiresAt } }\n  }\n": types.RecordActivityDocument,
    "\n  subscription SessionPolicyUpdated {\n    sessionPolicyUpdated { ...PolicyFields }\n  }\n": types.SessionPolicyUpdatedDocument,
    "\n  query LifetimeRead {\n    me { session { id loginAt expiresAt } }\n  }\n": types.LifetimeReadDocument,
    "\n  mutation ChangePassword($input: ChangePasswordInput!) {\n    changePassword(input: $input)\n  }\n": types.ChangePasswordDocument,
    "\n  fragment UserRow on User {\n    id\n    name\n    email\n    role\n    status\n    deactivatedAt\n    lastLoginAt\n    activeSessionCount\n  }\n": types.UserRowFragmentDoc,
    "\n  query Users($search: String, $first: Int, $after: String) {\n    users(search: $search, first: $first, after: $after) {\n      totalCount\n      pageInfo { hasNextPage endCursor }\n      nodes { ...UserRow }\n    }\n  }\n": types.UsersDocument,
    "\n  mutation CreateUser($input: CreateUserInput!) {\n    createUser(input: $input) { ...UserRow }\n  }\n": types.CreateUserDocument,
    "\n  mutation UpdateUser($id: ID!, $input: UpdateUserInput!) {\n    updateUser(id: $id, input: $input) { ...UserRow }\n  }\n": types.UpdateUserDocument,
    "\n  mutation DeactivateUser($id: ID!) {\n    deactivateUser(id: $id) { ...UserRow }\n  }\n": types.DeactivateUserDocument,
    "\n  mutation ReactivateUser($id: ID!) {\n    reactivateUser(id: $id) { ...UserRow }\n  }\n": types.ReactivateUserDocument,
    "\n  mutation ResetUserPassword($id: ID!, $newPassword: String!) {\n    resetUserPassword(id: $id, newPassword: $newPassword) { ...UserRow }\n  }\n": types.ResetUserPasswordDocument,
    "\n  fragment AuditRow on AuditEvent {\n    id\n    occurredAt\n    action\n    actor { id name }\n    targetUser { id name }\n    endReason\n    endReasonText\n    endedSessionCount\n    ip\n    city\n    device\n  }\n": types.AuditRowFragmentDoc,
    "\n  query AuditEvents($filter: AuditEventFilter, $first: Int, $after: String) {\n    auditEvents(filter: $filter, first: $first, after: $after) {\n      totalCount\n      pageInfo { hasNextPage endCursor }\n      nodes { ...AuditRow }\n    }\n  }\n": types.AuditEventsDocument,
    "\n  query RetentionSettings {\n    retentionSettings { terminatedSessionsDays auditEventsDays }\n  }\n": types.RetentionSettingsDocument,
    "\n  mutation UpdateRetentionSettings($input: RetentionSettingsInput!) {\n    updateRetentionSettings(input: $input) { terminatedSessionsDays auditEventsDays }\n  }\n": types.UpdateRetentionSettingsDocument,
    "\n  subscription AuditEventAdded {\n    auditEventAdded { id }\n  }\n": types.AuditEventAddedDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 *
 *
 * @example
 * ```ts
 * const query = graphql(`query GetUser($id: ID!) { user(id: $id) { name } }`);
 * ```
 *
 * The query argument is unknown!
 * Please regenerate the types.
 */
export function graphql(source: string): unknown;

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ApiKeys {\n    apiKeys(first: 100) {\n      nodes { id name prefix scopes createdAt expiresAt lastUsedAt lastUsedIp revokedAt active createdBy { id name } }\n    }\n  }\n"): (typeof documents)["\n  query ApiKeys {\n    apiKeys(first: 100) {\n      nodes { id name prefix scopes createdAt expiresAt lastUsedAt lastUsedIp revokedAt active createdBy { id name } }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateApiKey($input: CreateApiKeyInput!) {\n    createApiKey(input: $input) { secret apiKey { id name prefix } }\n  }\n"): (typeof documents)["\n  mutation CreateApiKey($input: CreateApiKeyInput!) {\n    createApiKey(input: $input) { secret apiKey { id name prefix } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RevokeApiKey($id: ID!) {\n    revokeApiKey(id: $id) { id revokedAt active }\n  }\n"): (typeof documents)["\n  mutation RevokeApiKey($id: ID!) {\n    revokeApiKey(id: $id) { id revokedAt active }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Webhooks {\n    webhooks {\n      id url events createdAt\n      deliveries(first: 10) { id eventId eventType status attempts createdAt lastAttemptAt lastStatusCode lastError deliveredAt nextAttemptAt }\n    }\n  }\n"): (typeof documents)["\n  query Webhooks {\n    webhooks {\n      id url events createdAt\n      deliveries(first: 10) { id eventId eventType status attempts createdAt lastAttemptAt lastStatusCode lastError deliveredAt nextAttemptAt }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateWebhook($input: CreateWebhookInput!) {\n    createWebhook(input: $input) { secret webhook { id url } }\n  }\n"): (typeof documents)["\n  mutation CreateWebhook($input: CreateWebhookInput!) {\n    createWebhook(input: $input) { secret webhook { id url } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DeleteWebhook($id: ID!) {\n    deleteWebhook(id: $id)\n  }\n"): (typeof documents)["\n  mutation DeleteWebhook($id: ID!) {\n    deleteWebhook(id: $id)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation TestWebhook($id: ID!) {\n    testWebhook(id: $id)\n  }\n"): (typeof documents)["\n  mutation TestWebhook($id: ID!) {\n    testWebhook(id: $id)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Me {\n    me {\n      user { id name email role account { id name } }\n      session { id }\n    }\n  }\n"): (typeof documents)["\n  query Me {\n    me {\n      user { id name email role account { id name } }\n      session { id }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation Login($input: LoginInput!) {\n    login(input: $input) {\n      user { id name role }\n    }\n  }\n"): (typeof documents)["\n  mutation Login($input: LoginInput!) {\n    login(input: $input) {\n      user { id name role }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation Logout {\n    logout\n  }\n"): (typeof documents)["\n  mutation Logout {\n    logout\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment SessionRow on Session {\n    id\n    status\n    loginIp\n    loginCity\n    loginCountry\n    userAgent\n    device\n    loginAt\n    lastActiveAt\n    endedAt\n    endReason\n    endReasonText\n    endedBy { id name }\n    isCurrent\n    user { id name email role }\n  }\n"): (typeof documents)["\n  fragment SessionRow on Session {\n    id\n    status\n    loginIp\n    loginCity\n    loginCountry\n    userAgent\n    device\n    loginAt\n    lastActiveAt\n    endedAt\n    endReason\n    endReasonText\n    endedBy { id name }\n    isCurrent\n    user { id name email role }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Sessions($filter: SessionFilter, $first: Int, $after: String, $orderBy: SessionOrder) {\n    sessions(filter: $filter, first: $first, after: $after, orderBy: $orderBy) {\n      totalCount\n      pageInfo { hasNextPage hasPreviousPage endCursor }\n      nodes { ...SessionRow }\n    }\n  }\n"): (typeof documents)["\n  query Sessions($filter: SessionFilter, $first: Int, $after: String, $orderBy: SessionOrder) {\n    sessions(filter: $filter, first: $first, after: $after, orderBy: $orderBy) {\n      totalCount\n      pageInfo { hasNextPage hasPreviousPage endCursor }\n      nodes { ...SessionRow }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query UserSessionCounts($userId: ID!) {\n    active: sessions(filter: { userId: $userId, status: ACTIVE }, first: 0) { totalCount }\n    ended: sessions(filter: { userId: $userId, status: TERMINATED }, first: 0) { totalCount }\n    latest: sessions(filter: { userId: $userId }, first: 1) { nodes { id user { id name email role } } }\n  }\n"): (typeof documents)["\n  query UserSessionCounts($userId: ID!) {\n    active: sessions(filter: { userId: $userId, status: ACTIVE }, first: 0) { totalCount }\n    ended: sessions(filter: { userId: $userId, status: TERMINATED }, first: 0) { totalCount }\n    latest: sessions(filter: { userId: $userId }, first: 1) { nodes { id user { id name email role } } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query MySessions($status: SessionStatus, $first: Int) {\n    mySessions(status: $status, first: $first) {\n      totalCount\n      nodes { ...SessionRow }\n    }\n  }\n"): (typeof documents)["\n  query MySessions($status: SessionStatus, $first: Int) {\n    mySessions(status: $status, first: $first) {\n      totalCount\n      nodes { ...SessionRow }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation LogoutSession($id: ID!) {\n    logoutSession(id: $id) { ...SessionRow }\n  }\n"): (typeof documents)["\n  mutation LogoutSession($id: ID!) {\n    logoutSession(id: $id) { ...SessionRow }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation TerminateAll($input: TerminateAllSessionsInput) {\n    terminateAllSessions(input: $input) { terminatedCount }\n  }\n"): (typeof documents)["\n  mutation TerminateAll($input: TerminateAllSessionsInput) {\n    terminateAllSessions(input: $input) { terminatedCount }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment PolicyFields on SessionPolicy {\n    limitMultipleSessions\n    maxConcurrentSessions\n    effectiveMaxConcurrentSessions\n    whenLimitReached\n    idleTimeoutEnabled\n    idleTimeout { value unit }\n    absoluteLifetimeEnabled\n    absoluteLifetime { value unit }\n    roleOverrides {\n      role\n      limitMultipleSessions\n      maxConcurrentSessions\n      whenLimitReached\n      idleTimeoutEnabled\n      idleTimeout { value unit }\n      absoluteLifetimeEnabled\n      absoluteLifetime { value unit }\n    }\n    updatedAt\n    updatedBy { id name }\n  }\n"): (typeof documents)["\n  fragment PolicyFields on SessionPolicy {\n    limitMultipleSessions\n    maxConcurrentSessions\n    effectiveMaxConcurrentSessions\n    whenLimitReached\n    idleTimeoutEnabled\n    idleTimeout { value unit }\n    absoluteLifetimeEnabled\n    absoluteLifetime { value unit }\n    roleOverrides {\n      role\n      limitMultipleSessions\n      maxConcurrentSessions\n      whenLimitReached\n      idleTimeoutEnabled\n      idleTimeout { value unit }\n      absoluteLifetimeEnabled\n      absoluteLifetime { value unit }\n    }\n    updatedAt\n    updatedBy { id name }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query SessionPolicy {\n    sessionPolicy { ...PolicyFields }\n  }\n"): (typeof documents)["\n  query SessionPolicy {\n    sessionPolicy { ...PolicyFields }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query PolicyPreview($input: SessionPolicyInput!) {\n    sessionPolicyPreview(input: $input) {\n      sessionsToEnd\n      excessSessions\n      idleSessions\n      lifetimeSessions\n      usersAffected\n    }\n  }\n"): (typeof documents)["\n  query PolicyPreview($input: SessionPolicyInput!) {\n    sessionPolicyPreview(input: $input) {\n      sessionsToEnd\n      excessSessions\n      idleSessions\n      lifetimeSessions\n      usersAffected\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpdatePolicy($input: SessionPolicyInput!) {\n    updateSessionPolicy(input: $input) { ...PolicyFields }\n  }\n"): (typeof documents)["\n  mutation UpdatePolicy($input: SessionPolicyInput!) {\n    updateSessionPolicy(input: $input) { ...PolicyFields }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription SessionEvents($userId: ID) {\n    sessionEvents(userId: $userId) {\n      type\n      occurredAt\n      session { id }\n    }\n  }\n"): (typeof documents)["\n  subscription SessionEvents($userId: ID) {\n    sessionEvents(userId: $userId) {\n      type\n      occurredAt\n      session { id }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription CurrentSessionEnded {\n    currentSessionEnded { id endReasonText }\n  }\n"): (typeof documents)["\n  subscription CurrentSessionEnded {\n    currentSessionEnded { id endReasonText }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query IdleRead {\n    me { session { id lastActiveAt idleExpiresAt } }\n  }\n"): (typeof documents)["\n  query IdleRead {\n    me { session { id lastActiveAt idleExpiresAt } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query RecordActivity {\n    me { session { id lastActiveAt idleExpiresAt } }\n  }\n"): (typeof documents)["\n  query RecordActivity {\n    me { session { id lastActiveAt idleExpiresAt } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription SessionPolicyUpdated {\n    sessionPolicyUpdated { ...PolicyFields }\n  }\n"): (typeof documents)["\n  subscription SessionPolicyUpdated {\n    sessionPolicyUpdated { ...PolicyFields }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query LifetimeRead {\n    me { session { id loginAt expiresAt } }\n  }\n"): (typeof documents)["\n  query LifetimeRead {\n    me { session { id loginAt expiresAt } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ChangePassword($input: ChangePasswordInput!) {\n    changePassword(input: $input)\n  }\n"): (typeof documents)["\n  mutation ChangePassword($input: ChangePasswordInput!) {\n    changePassword(input: $input)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment UserRow on User {\n    id\n    name\n    email\n    role\n    status\n    deactivatedAt\n    lastLoginAt\n    activeSessionCount\n  }\n"): (typeof documents)["\n  fragment UserRow on User {\n    id\n    name\n    email\n    role\n    status\n    deactivatedAt\n    lastLoginAt\n    activeSessionCount\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Users($search: String, $first: Int, $after: String) {\n    users(search: $search, first: $first, after: $after) {\n      totalCount\n      pageInfo { hasNextPage endCursor }\n      nodes { ...UserRow }\n    }\n  }\n"): (typeof documents)["\n  query Users($search: String, $first: Int, $after: String) {\n    users(search: $search, first: $first, after: $after) {\n      totalCount\n      pageInfo { hasNextPage endCursor }\n      nodes { ...UserRow }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateUser($input: CreateUserInput!) {\n    createUser(input: $input) { ...UserRow }\n  }\n"): (typeof documents)["\n  mutation CreateUser($input: CreateUserInput!) {\n    createUser(input: $input) { ...UserRow }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpdateUser($id: ID!, $input: UpdateUserInput!) {\n    updateUser(id: $id, input: $input) { ...UserRow }\n  }\n"): (typeof documents)["\n  mutation UpdateUser($id: ID!, $input: UpdateUserInput!) {\n    updateUser(id: $id, input: $input) { ...UserRow }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DeactivateUser($id: ID!) {\n    deactivateUser(id: $id) { ...UserRow }\n  }\n"): (typeof documents)["\n  mutation DeactivateUser($id: ID!) {\n    deactivateUser(id: $id) { ...UserRow }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ReactivateUser($id: ID!) {\n    reactivateUser(id: $id) { ...UserRow }\n  }\n"): (typeof documents)["\n  mutation ReactivateUser($id: ID!) {\n    reactivateUser(id: $id) { ...UserRow }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ResetUserPassword($id: ID!, $newPassword: String!) {\n    resetUserPassword(id: $id, newPassword: $newPassword) { ...UserRow }\n  }\n"): (typeof documents)["\n  mutation ResetUserPassword($id: ID!, $newPassword: String!) {\n    resetUserPassword(id: $id, newPassword: $newPassword) { ...UserRow }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment AuditRow on AuditEvent {\n    id\n    occurredAt\n    action\n    actor { id name }\n    targetUser { id name }\n    endReason\n    endReasonText\n    endedSessionCount\n    ip\n    city\n    device\n  }\n"): (typeof documents)["\n  fragment AuditRow on AuditEvent {\n    id\n    occurredAt\n    action\n    actor { id name }\n    targetUser { id name }\n    endReason\n    endReasonText\n    endedSessionCount\n    ip\n    city\n    device\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AuditEvents($filter: AuditEventFilter, $first: Int, $after: String) {\n    auditEvents(filter: $filter, first: $first, after: $after) {\n      totalCount\n      pageInfo { hasNextPage endCursor }\n      nodes { ...AuditRow }\n    }\n  }\n"): (typeof documents)["\n  query AuditEvents($filter: AuditEventFilter, $first: Int, $after: String) {\n    auditEvents(filter: $filter, first: $first, after: $after) {\n      totalCount\n      pageInfo { hasNextPage endCursor }\n      nodes { ...AuditRow }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query RetentionSettings {\n    retentionSettings { terminatedSessionsDays auditEventsDays }\n  }\n"): (typeof documents)["\n  query RetentionSettings {\n    retentionSettings { terminatedSessionsDays auditEventsDays }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpdateRetentionSettings($input: RetentionSettingsInput!) {\n    updateRetentionSettings(input: $input) { terminatedSessionsDays auditEventsDays }\n  }\n"): (typeof documents)["\n  mutation UpdateRetentionSettings($input: RetentionSettingsInput!) {\n    updateRetentionSettings(input: $input) { terminatedSessionsDays auditEventsDays }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription AuditEventAdded {\n    auditEventAdded { id }\n  }\n"): (typeof documents)["\n  subscription AuditEventAdded {\n    auditEventAdded { id }\n  }\n"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;