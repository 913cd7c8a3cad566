package app

import (
	"context"
	"encoding/csv"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"time"

	"sessionguard/internal/apperr"
	"sessionguard/internal/auth"
	"sessionguard/internal/gqlhttp"
	"sessionguard/internal/store"
	"sessionguard/models"
)

// exportPage is how many rows an export reads at a time: it writes each page before reading the
// next, so an export of a million rows holds one page in memory.
const exportPage = 500

// exportHandler serves GET /export/sessions.csv and /export/audit.csv: the rows the caller may
// read, filtered by query parameters named as the API's filters, as CSV with a header row. It is
// authorised exactly as the API (cookie or bearer token, through the auth middleware); being a
// GET that changes nothing, a cross-site request can only start a download the other site never
// sees.
type exportHandler struct {
	store *store.Store
}

func (h exportHandler) sessions(w http.ResponseWriter, r *http.Request) {
	p, q, ok := h.begin(w, r)
	if !ok {
		return
	}
	sq := store.SessionScope(p, optional(q, "userId"))
	sq.Search, sq.SkipTotal, sq.First = q.Get("search"), true, exportPage
	if s := q.Get("status"); s != "" {
		status := models.SessionStatus(s)
		if !status.IsValid() {
			badParameter(w, r, "status", "must be ACTIVE or TERMINATED")
			return
		}
		sq.Status = &status
	}
	out := startCSV(w, "sessions.csv", "id", "user_id", "user_name", "user_email", "role", "status",
		"login_at", "last_active_at", "ended_at", "end_reason", "ended_by", "login_ip", "login_city",
		"login_country", "device", "user_agent", "ended_by_api_key_id", "ended_by_api_key_name")
	for {
		page, err := h.store.ListSessions(r.Context(), sq)
		if err != nil {
			h.abort(r.Context(), out, err)
			return
		}
		names, err := namesOf(r.Context(), h.store, p.User.AccountID, page.Items,
			func(s models.Session) []*string { return []*string{&s.UserID, s.EndedByID} },
			func(s models.Session) []*string { return []*string{s.EndedByAPIKeyID} })
		if err != nil {
			h.abort(r.Context(), out, err)
			return
		}
		for _, s := range page.Items {
			u := names.users[s.UserID]
			out.row(s.ID, s.UserID, u.Name, u.Email, string(u.Role), string(s.Status), stamp(&s.LoginAt),
				stamp(&s.LastActiveAt), stamp(s.EndedAt), text(s.EndReason), names.user(s.EndedByID),
				s.LoginIP, text(s.LoginCity), text(s.LoginCountry), text(s.Device), text(s.UserAgent),
				text(s.EndedByAPIKeyID), names.key(s.EndedByAPIKeyID))
		}
		if !out.flush() || !page.HasNext {
			return
		}
		c := store.SessionCursor(&page.Items[len(page.Items)-1])
		sq.After = &c
	}
}

func (h exportHandler) audit(w http.ResponseWriter, r *http.Request) {
	p, q, ok := h.begin(w, r)
	if !ok {
		return
	}
	aq := store.AuditScope(p)
	aq.UserID, aq.ActorID, aq.TargetUserID = optional(q, "userId"), optional(q, "actorId"), optional(q, "targetUserId")
	aq.IP = q.Get("ip")
	aq.SkipTotal, aq.First = true, exportPage
	for _, list := range q["actions"] {
		for _, a := range strings.Split(list, ",") {
			action := models.AuditAction(strings.TrimSpace(a))
			if !action.IsValid() {
				badParameter(w, r, "actions", fmt.Sprintf("%q is not an audit action", a))
				return
			}
			aq.Actions = append(aq.Actions, action)
		}
	}
	var err error
	if aq.From, err = timeParameter(q, "from"); err != nil {
		badParameter(w, r, "from", err.Error())
		return
	}
	if aq.To, err = timeParameter(q, "to"); err != nil {
		badParameter(w, r, "to", err.Error())
		return
	}
	out := startCSV(w, "audit.csv", "id", "occurred_at", "action", "actor_id", "actor_name",
		"actor_session_id", "target_user_id", "target_user_name", "end_reason", "ended_session_count",
		"ip", "city", "device", "details", "actor_api_key_id", "actor_api_key_name")
	for {
		page, err := h.store.ListAuditEvents(r.Context(), aq)
		if err != nil {
			h.abort(r.Context(), out, err)
			return
		}
		names, err := namesOf(r.Context(), h.store, p.User.AccountID, page.Items,
			func(e models.AuditEvent) []*string { return []*string{e.ActorUserID, e.TargetUserID} },
			func(e models.AuditEvent) []*string { return []*string{e.ActorAPIKeyID} })
		if err != nil {
			h.abort(r.Context(), out, err)
			return
		}
		for _, e := range page.Items {
			count := ""
			if e.EndedSessionCount != nil {
				count = fmt.Sprint(*e.EndedSessionCount)
			}
			out.row(e.ID, stamp(&e.OccurredAt), string(e.Action), text(e.ActorUserID), names.user(e.ActorUserID),
				text(e.ActorSessionID), text(e.TargetUserID), names.user(e.TargetUserID), text(e.EndReason),
				count, text(e.IP), text(e.City), text(e.Device), text(e.Details),
				text(e.ActorAPIKeyID), names.key(e.ActorAPIKeyID))
		}
		if !out.flush() || !page.HasNext {
			return
		}
		c := store.AuditCursor(&page.Items[len(page.Items)-1])
		aq.After = &c
	}
}

// begin authorises an export: the caller, and the query parameters. A caller without a valid
// session is answered UNAUTHENTICATED, as the API would.
func (h exportHandler) begin(w http.ResponseWriter, r *http.Request) (*store.Principal, url.Values, bool) {
	p, err := auth.PrincipalFrom(r.Context())
	if err != nil {
		gqlhttp.WriteRequestError(w, r, http.StatusUnauthorized, string(apperr.Unauthenticated), err.Error())
		return nil, nil, false
	}
	return p, r.URL.Query(), true
}

// abort ends an export that failed after its header went out: the client sees a short file and
// a broken transfer (the handler panics with http.ErrAbortHandler so the response is not ended
// cleanly), and the log says why.
func (h exportHandler) abort(ctx context.Context, out *csvOut, err error) {
	slog.ErrorContext(ctx, "export failed after it started", "err", err)
	out.flush()
	panic(http.ErrAbortHandler)
}

// rowNames are the names of the users and API keys a page of an export refers to.
type rowNames struct {
	users map[string]models.User
	keys  map[string]string
}

// namesOf loads the names a page of rows refers to: the users whose ids users lists for a row,
// and accountID's API keys whose ids keys lists (nil ids are skipped).
func namesOf[T any](ctx context.Context, st *store.Store, accountID string, rows []T, users, keys func(T) []*string) (rowNames, error) {
	var n rowNames
	found, err := st.UsersByIDs(ctx, idsOf(rows, users))
	if err != nil {
		return n, err
	}
	n.users = make(map[string]models.User, len(found))
	for _, u := range found {
		if u != nil {
			n.users[u.ID] = *u
		}
	}
	n.keys, err = st.APIKeyNames(ctx, accountID, idsOf(rows, keys))
	return n, err
}

// idsOf lists, once each, the ids that ids gives for rows, nil ones left out.
func idsOf[T any](rows []T, ids func(T) []*string) []string {
	var out []string
	seen := map[string]bool{}
	for _, row := range rows {
		for _, id := range ids(row) {
			if id != nil && !seen[*id] {
				seen[*id] = true
				out = append(out, *id)
			}
		}
	}
	return out
}

// user is the name of user id, or "" for none.
func (n rowNames) user(id *string) string {
	if id == nil {
		return ""
	}
	return n.users[*id].Name
}

// key is the name of API key id, or "" for none.
func (n rowNames) key(id *string) string {
	if id == nil {
		return ""
	}
	return n.keys[*id]
}

// optional returns the parameter's value, or nil when it is absent or empty.
func optional(q url.Values, name string) *string {
	if v := q.Get(name); v != "" {
		return &v
	}
	return nil
}

// timeParameter reads an RFC 3339 time parameter; absent is nil.
func timeParameter(q url.Values, name string) (*time.Time, error) {
	v := q.Get(name)
	if v == "" {
		return nil, nil
	}
	t, err := time.Parse(time.RFC3339Nano, v)
	if err != nil {
		return nil, fmt.Errorf("must be an RFC 3339 time, like 2026-01-31T09:00:00Z")
	}
	return &t, nil
}

// badParameter refuses an export before it starts, naming the parameter as the API names the
// field.
func badParameter(w http.ResponseWriter, r *http.Request, name, message string) {
	gqlhttp.WriteRequestError(w, r, http.StatusBadRequest, string(apperr.BadUserInput), name+" "+message)
}

// stamp is t in UTC, RFC 3339 with its fraction; "" for none.
func stamp(t *time.Time) string {
	if t == nil {
		return ""
	}
	return t.UTC().Format(time.RFC3339Nano)
}

// text is *v as text, or "" for nil.
func text[T ~string](v *T) string {
	if v == nil {
		return ""
	}
	return string(*v)
}

// csvOut writes an export's rows, each cell safe to open in a spreadsheet.
type csvOut struct {
	w   *csv.Writer
	rsp http.ResponseWriter
}

func startCSV(w http.ResponseWriter, name string, header ...string) *csvOut {
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="`+name+`"`)
	w.Header().Set("Cache-Control", "no-store")
	out := &csvOut{w: csv.NewWriter(w), rsp: w}
	out.row(header...)
	return out
}

func (o *csvOut) row(cells ...string) {
	for i, c := range cells {
		cells[i] = defuse(c)
	}
	_ = o.w.Write(cells) // a failed write shows at flush
}

// flush sends what was written; false when the client is gone.
func (o *csvOut) flush() bool {
	o.w.Flush()
	if f, ok := o.rsp.(http.Flusher); ok {
		f.Flush()
	}
	return o.w.Error() == nil
}

// defuse keeps a spreadsheet from running a cell as a formula (CSV injection, OWASP): names and
// user agents come from users, so a cell starting with = + - @ or a control character gets a
// leading apostrophe, which spreadsheets show as text.
func defuse(cell string) string {
	if cell != "" && strings.ContainsRune("=+-@\t\r", rune(cell[0])) {
		return "'" + cell
	}
	return cell
}
