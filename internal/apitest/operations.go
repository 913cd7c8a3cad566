package apitest

// The operations API tests send, by what they do. Each decodes into the type named beside it.
const (
	// QueryMe is the cheapest authenticated query.
	QueryMe = `{ me { user { id } session { id } } }`
	// QueryMeFull selects what MeFull decodes.
	QueryMeFull = `{ me { user { id email role account { id name } } session { id isCurrent status } } }`
	// QuerySession reads one Session.
	QuerySession = `query($id: ID!) { session(id: $id) { ` + SessionFields + ` } }`
	// QueryPolicy reads the caller's account Policy.
	QueryPolicy = `{ sessionPolicy { ` + PolicyFields + ` } }`
	// QueryPolicyPreview asks what a policy input would end.
	QueryPolicyPreview = `query($in: SessionPolicyInput!) { sessionPolicyPreview(input: $in) {
  sessionsToEnd excessSessions idleSessions usersAffected } }`

	// MutationLogin logs in and selects the token and session id.
	MutationLogin = `mutation($e: String!, $p: String!) { login(input: {email: $e, password: $p}) {
  token session { id } } }`
	// MutationLoginFull logs in and selects everything LoginData decodes.
	MutationLoginFull = `mutation($e: String!, $p: String!) {
  login(input: {email: $e, password: $p}) {
    token
    session { id status isCurrent loginIp loginCity loginCountry userAgent device loginAt lastActiveAt user { id } }
    user { id email role }
  }
}`
	// MutationSignUp signs up and selects everything LoginData decodes.
	MutationSignUp = `mutation($a: String!, $n: String!, $e: String!, $p: String!) {
  signUp(input: {accountName: $a, name: $n, email: $e, password: $p}) {
    token
    session { id status isCurrent loginIp loginCity loginCountry userAgent device loginAt lastActiveAt user { id } }
    user { id email role account { id name } }
  }
}`
	// MutationCreateUser adds a user to the caller's account.
	MutationCreateUser = `mutation($n: String!, $e: String!, $r: Role!, $p: String!) {
  createUser(input: {name: $n, email: $e, role: $r, password: $p}) { id name email role account { id } activeSessionCount }
}`
	// MutationLogout ends the caller's own session.
	MutationLogout = `mutation { logout }`
	// MutationLogoutSession ends one session and returns it as a Session.
	MutationLogoutSession = `mutation($id: ID!) { logoutSession(id: $id) { ` + SessionFields + ` } }`
	// MutationTerminateAll ends many sessions at once.
	MutationTerminateAll = `mutation($in: TerminateAllSessionsInput) { terminateAllSessions(input: $in) { terminatedCount } }`
	// MutationUpdatePolicy replaces the caller's account policy and returns it as a Policy.
	MutationUpdatePolicy = `mutation($in: SessionPolicyInput!) { updateSessionPolicy(input: $in) { ` + PolicyFields + ` } }`

	// SubscriptionEvents streams SessionEvent payloads, of one user when $u is set.
	SubscriptionEvents = `subscription($u: ID) { sessionEvents(userId: $u) {
  type occurredAt session { id status endReason user { id name } } } }`
	// SubscriptionEnded delivers the caller's own session, as a Session, when it ends.
	SubscriptionEnded = `subscription { currentSessionEnded { id status endReason endedAt user { id name } } }`
	// SubscriptionPolicy streams the account's Policy on every change.
	SubscriptionPolicy = `subscription { sessionPolicyUpdated {
  limitMultipleSessions maxConcurrentSessions whenLimitReached idleTimeoutEnabled
  idleTimeout { value unit } updatedBy { id name } } }`
)

// SessionFields selects everything Session decodes.
const SessionFields = `id status loginIp loginAt lastActiveAt endedAt endReason isCurrent
  user { id } endedBy { id }`

// PolicyFields selects everything Policy decodes.
const PolicyFields = `limitMultipleSessions maxConcurrentSessions effectiveMaxConcurrentSessions
  whenLimitReached idleTimeoutEnabled idleTimeout { value unit } updatedAt updatedBy { id }`
