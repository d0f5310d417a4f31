/*
** checkpages.c: the audit checks as pages, for auditors and administrators
** (大数据比对): every check with what it looks for, why it matters and what
** to do about a finding, and its findings as `audit --keep` kept them; a
** page a check, filtered by county and state, each finding linked to the
** record behind it and moved on (assign, confirm, dismiss ...) there.
*/
#include "bangfu.h"
#include "audit.h"
#include "checks.h"
#include "enums.h"
#include "kinds.h"
#include "params.h"
#include "web.h"
#include <stdlib.h>
#include <string.h>
#include "banned.h"

/* The words of a finding's state (enums.c says every enumerated value). */
static const char *state_words(struct req *q, const char *s)
{
	const char *w = enum_label("findings", "state", s, q->lang == EN);
	return w ? w : s;
}

/* A check's name in the page's language. */
static const char *check_name(struct req *q, const char *name)
{
	const char *w = enum_label("findings", "check", name, q->lang == EN);
	return w ? w : name;
}

/* A finding's detail in the page's language. */
static void add_detail(struct req *q, const char *detail)
{
	char *zh = q->lang == EN || !detail ? NULL : detail_zh(detail);
	buf_add_html(&q->body, zh ? zh : detail ? detail : "");
	free(zh);
}

/*
** Under a payment's finding of a register check: who was paid (the name,
** the number masked) and the register entries behind it, the payee's own
** or, for cadre_household and asset_owner, those of the household's
** members.  1 when a register entry was shown (the page's view of the
** registers is then audited).
*/
static int finding_people(struct req *q, const char *check, const char *payment)
{
	static const struct {
		const char *check, *registers;
		int household;
	} by[] = {
		{ "paid_after_death", "'death', 'household_cancelled'", 0 }, { "payee_is_staff", "'staff'", 0 },
		{ "cadre_household", "'cadre'", 1 }, { "asset_owner", "'vehicle', 'property', 'business'", 1 },
	};
	size_t k = 0;
	while (k < ARRAY_SIZE(by) && !streq(by[k].check, check))
		k++;
	if (k == ARRAY_SIZE(by))
		return 0;
	struct db *db = q->app->c->db;
	struct stmt *st = db_prepare(db, "SELECT s.name, p.payee_ends, p.payee_hash, s.household FROM payments p "
					 "LEFT JOIN persons s ON s.id_number_hash = p.payee_hash WHERE p.id = ?");
	stmt_bind_text(st, 1, payment);
	if (!stmt_step(st) || !stmt_text(st, 2)) {
		stmt_finalize(st);
		return 0;
	}
	char m[19];
	idnum_mask(stmt_text(st, 1), m);
	buf_addf(&q->body, "<br>%s ", T(q, "payee"));
	buf_add_html(&q->body, stmt_text(st, 0) ? stmt_text(st, 0) : "");
	buf_addf(&q->body, " %s", m);
	char *hash = xstrdup(stmt_text(st, 2)), *household = stmt_text(st, 3) ? xstrdup(stmt_text(st, 3)) : NULL;
	stmt_finalize(st);
	struct buf sql = BUF_INIT;
	/* the household's members first, then their entries (CROSS JOIN keeps
	** SQLite to that order, rather than every entry of the register) */
	if (by[k].household)
		buf_addf(&sql, "SELECT r.register, COALESCE(m.name, r.name), r.id_number_ends, r.from_, r.until FROM persons m "
			       "CROSS JOIN registers r WHERE m.household = ? AND r.id_number_hash = m.id_number_hash "
			       "AND r.register IN (%s)", by[k].registers);
	else
		buf_addf(&sql, "SELECT r.register, COALESCE(m.name, r.name), r.id_number_ends, r.from_, r.until FROM registers r "
			       "LEFT JOIN persons m ON m.id_number_hash = r.id_number_hash WHERE r.id_number_hash = ? "
			       "AND r.register IN (%s)", by[k].registers);
	buf_adds(&sql, " ORDER BY r.from_, r.register");
	st = db_prepare(db, sql.s);
	buf_release(&sql);
	stmt_bind_text(st, 1, by[k].household ? household : hash);
	int shown = 0;
	while (by[k].household ? household != NULL : 1) {
		if (!stmt_step(st))
			break;
		const char *w = enum_label("registers", "register", stmt_text(st, 0), q->lang == EN);
		idnum_mask(stmt_text(st, 2), m);
		buf_addf(&q->body, "<br>%s ", w ? w : stmt_text(st, 0));
		buf_add_html(&q->body, stmt_text(st, 1) ? stmt_text(st, 1) : "");
		buf_addf(&q->body, " %s %s%s%s", m, stmt_text(st, 3), stmt_text(st, 4) ? " – " : T(q, "since_on"),
			 stmt_text(st, 4) ? stmt_text(st, 4) : "");
		shown = 1;
	}
	stmt_finalize(st);
	free(hash);
	free(household);
	return shown;
}

/* The findings in the user's region: " AND county >= ? AND county < ?"
** (the codes from its prefix up to the next prefix of that length: digits
** only, so in any collation, and the index answers it) with its bounds;
** nothing for a user of the whole store.  The number of bounds. */
int findings_region(struct req *q, struct buf *sql, char lo[13], char hi[13])
{
	if (!q->u.region[0])
		return 0;
	int n = divcode_sig(divcode_level(q->u.region));
	snprintf(lo, 13, "%.*s", n, q->u.region);
	snprintf(hi, 13, "%s", lo);
	int i = n;
	while (i > 0 && hi[i - 1] == '9')
		hi[--i] = '0';
	if (i == 0) { /* all nines: nothing after it */
		buf_adds(sql, " AND county >= ?");
		return 1;
	}
	hi[i - 1]++;
	buf_adds(sql, " AND county >= ? AND county < ?");
	return 2;
}

static int bind_region(struct stmt *st, int at, int n, const char *lo, const char *hi)
{
	if (n > 0)
		stmt_bind_text(st, at++, lo);
	if (n > 1)
		stmt_bind_text(st, at++, hi);
	return at;
}

/* Each check's open (or assigned) and all findings in the user's region,
** at once, from the index of counties, checks and states. */
static void count_findings(struct req *q, int64_t open[], int64_t all[])
{
	memset(open, 0, NCHECKS * sizeof *open);
	memset(all, 0, NCHECKS * sizeof *all);
	char lo[13], hi[13];
	struct buf sql = BUF_INIT;
	buf_adds(&sql, "SELECT check_, state, COUNT(*) FROM findings WHERE 1 = 1");
	int nb = findings_region(q, &sql, lo, hi);
	buf_adds(&sql, " GROUP BY check_, state");
	struct stmt *st = db_prepare(q->app->c->db, sql.s);
	buf_release(&sql);
	bind_region(st, 1, nb, lo, hi);
	while (stmt_step(st)) {
		int i = check_index(stmt_text(st, 0));
		if (i < 0)
			continue;
		all[i] += stmt_int(st, 2);
		if (streq(stmt_text(st, 1), "open") || streq(stmt_text(st, 1), "assigned"))
			open[i] += stmt_int(st, 2);
	}
	stmt_finalize(st);
}

/* /checks: every check, its explanation and its findings by state. */
static void checks_index(struct req *q)
{
	struct db *db = q->app->c->db;
	buf_reset(&q->body);
	page_head(q, T(q, "checks"));
	buf_addf(&q->body, "<p>%s</p>\n", T(q, "checks_intro"));
	/* when they last ran, as the audit trail says (its "after": N findings, M new) */
	struct stmt *st = db_prepare(db, "SELECT at, after FROM audit WHERE action = 'audit_run' ORDER BY seq DESC LIMIT 1");
	if (stmt_step(st)) {
		char when[24];
		beijing_time(stmt_text(st, 0), when);
		long found = 0, fresh = 0;
		const char *after = stmt_text(st, 1) ? stmt_text(st, 1) : "";
		sscanf(after, "%ld findings, %ld new", &found, &fresh);
		buf_addf(&q->body, q->lang == EN ? "<p>%s%s: %ld findings, %ld new.</p>\n" : "<p>%s%s，发现 %ld 项，新增 %ld 项。</p>\n",
			 T(q, "checks_last"), when, found, fresh);
	} else {
		buf_addf(&q->body, "<p>%s</p>\n", T(q, "checks_never"));
	}
	stmt_finalize(st);
	buf_addf(&q->body, "<div class=\"scroll\"><table><tr><th>%s</th><th>%s</th><th>%s</th><th>%s</th></tr>\n",
		 T(q, "check"), T(q, "check_what"), T(q, "state_open"), T(q, "findings_all"));
	/* every count at once, from the index of counties, checks and states */
	int64_t open[NCHECKS], all[NCHECKS];
	count_findings(q, open, all);
	char lo[13], hi[13];
	struct buf sql = BUF_INIT;
	int nb;
	for (size_t i = 0; i < NCHECKS; i++) {
		const char *n = check_words[i].name;
		buf_addf(&q->body, "<tr><td><a href=\"/checks/%s\">%s</a></td><td>%s</td><td class=\"n\">%lld</td>"
				   "<td class=\"n\">%lld</td></tr>\n",
			 n, check_name(q, n), q->lang == EN ? check_words[i].en[0] : check_words[i].zh[0], (long long)open[i],
			 (long long)all[i]);
	}
	buf_adds(&q->body, "</table></div>\n");
	/* open findings by county, as an auditor's day begins */
	buf_adds(&sql, "SELECT county, COUNT(*) FROM findings WHERE state IN ('open', 'assigned')");
	nb = findings_region(q, &sql, lo, hi);
	buf_adds(&sql, " GROUP BY county ORDER BY 2 DESC, 1");
	st = db_prepare(db, sql.s);
	bind_region(st, 1, nb, lo, hi);
	buf_release(&sql);
	int n = 0;
	while (stmt_step(st)) {
		if (!n++)
			buf_addf(&q->body, "<h2>%s</h2><div class=\"scroll\"><table><tr><th>%s</th><th>%s</th></tr>\n",
				 T(q, "open_by_county"), T(q, "area"), T(q, "state_open"));
		char *name = stmt_text(st, 0) ? division_name(db, stmt_text(st, 0)) : NULL;
		buf_adds(&q->body, "<tr><td>");
		buf_add_html(&q->body, name ? name : stmt_text(st, 0) ? stmt_text(st, 0) : "—");
		buf_addf(&q->body, "</td><td class=\"n\">%lld</td></tr>\n", (long long)stmt_int(st, 1));
		free(name);
	}
	stmt_finalize(st);
	if (n)
		buf_adds(&q->body, "</table></div>\n");
	page_foot(q);
	send_page(q, 200, "OK");
}

/* The page of the record behind a finding. */
static const char *record_link(const char *kind)
{
	return streq(kind, "payments") ? "/trace/payment/" : streq(kind, "funds") ? "/trace/fund/"
	       : streq(kind, "projects") ? "/projects/" : streq(kind, "complaints") ? "/complaints/" : NULL;
}

/* The check page's filters, to follow a page number's link. */
static void keep_check_query(struct req *q, struct buf *b)
{
	static const char *const keep[] = { "state", "county" };
	for (size_t i = 0; i < ARRAY_SIZE(keep); i++) {
		const char *v = qarg(q, keep[i]);
		if (!v || !*v)
			continue;
		char *u = evhttp_encode_uri(v);
		buf_addf(b, "&amp;%s=", keep[i]);
		buf_add_html(b, u);
		free(u);
	}
}

/* /checks/NAME: its explanation and its findings, each moved on there. */
static void check_page(struct req *q, int i, const char *said, int code)
{
	struct db *db = q->app->c->db;
	const char *name = check_words[i].name, *state = qarg(q, "state"), *county = qarg(q, "county");
	char c12[13], why[128];
	if (county && (divcode_norm(county, c12, why, sizeof why) < 0 || !in_user_region(q, c12)))
		county = NULL; /* outside the user's region, or no code: the user's whole region */
	else if (county)
		county = c12;
	int page = qarg(q, "page") ? atoi(qarg(q, "page")) : 0;
	if (page < 0 || page > 100000)
		page = 0;
	char lo[13], hi[13];
	buf_reset(&q->body);
	char title[96];
	snprintf(title, sizeof title, "%s", check_name(q, name));
	if (q->lang == EN && title[0] >= 'a' && title[0] <= 'z')
		title[0] = (char)(title[0] - 'a' + 'A');
	page_head(q, title);
	if (said)
		buf_addf(&q->body, "<p class=\"%s\">%s</p>\n", code == 200 ? "ok" : "error", said);
	const char *const *e = q->lang == EN ? check_words[i].en : check_words[i].zh;
	buf_addf(&q->body, "<dl class=\"explain\"><dt>%s</dt><dd>%s</dd><dt>%s</dt><dd>%s</dd><dt>%s</dt><dd>%s</dd></dl>\n",
		 T(q, "check_what"), e[0], T(q, "check_why"), e[1], T(q, "check_todo"), e[2]);
	buf_addf(&q->body, "<form method=\"get\" class=\"filters\"><label>%s <select name=\"state\"><option value=\"\">%s</option>",
		 T(q, "state"), T(q, "all"));
	static const char *const states[] = { "open", "assigned", "confirmed", "dismissed", "recovered" };
	for (size_t k = 0; k < ARRAY_SIZE(states); k++)
		buf_addf(&q->body, "<option value=\"%s\"%s>%s</option>", states[k],
			 state && streq(state, states[k]) ? " selected" : "", state_words(q, states[k]));
	buf_addf(&q->body, "</select></label> <label>%s <select name=\"county\"><option value=\"\">%s</option>", T(q, "area"),
		 T(q, "all"));
	struct buf sql = BUF_INIT;
	buf_adds(&sql, "SELECT DISTINCT county FROM findings WHERE check_ = ? AND county IS NOT NULL");
	int nb = findings_region(q, &sql, lo, hi);
	buf_adds(&sql, " ORDER BY 1");
	struct stmt *st = db_prepare(db, sql.s);
	stmt_bind_text(st, 1, name);
	bind_region(st, 2, nb, lo, hi);
	buf_release(&sql);
	while (stmt_step(st)) {
		char *cn = division_name(db, stmt_text(st, 0));
		buf_addf(&q->body, "<option value=\"%s\"%s>", stmt_text(st, 0), county && streq(county, stmt_text(st, 0)) ? " selected" : "");
		buf_add_html(&q->body, cn ? cn : stmt_text(st, 0));
		buf_adds(&q->body, "</option>");
		free(cn);
	}
	stmt_finalize(st);
	buf_addf(&q->body, "</select></label> <button>%s</button></form>\n", T(q, "filter"));
	/* which, in record order, 50 a page; counted to 20,000 */
	struct buf where = BUF_INIT;
	buf_adds(&where, " WHERE check_ = ?");
	if (state)
		buf_adds(&where, " AND state = ?");
	if (county)
		buf_adds(&where, " AND county = ?");
	nb = findings_region(q, &where, lo, hi);
	struct list_total t = { 0, 0, 0, 20000, 0 };
	for (int counting = 1; counting >= 0; counting--) {
		if (counting)
			buf_addf(&sql, "SELECT COUNT(*) FROM (SELECT 1 FROM findings%s LIMIT 20001) x", where.s);
		else
			buf_addf(&sql, "SELECT id, kind, record, county, amount, state, assignee, recover, reason, detail "
				       "FROM findings%s ORDER BY record LIMIT 50 OFFSET %d", where.s, 50 * page);
		st = db_prepare(db, sql.s);
		int b = 1;
		stmt_bind_text(st, b++, name);
		if (state)
			stmt_bind_text(st, b++, state);
		if (county)
			stmt_bind_text(st, b++, county);
		bind_region(st, b, nb, lo, hi);
		buf_reset(&sql);
		if (!counting)
			break;
		stmt_step(st);
		t.rows = (long)stmt_int(st, 0);
		t.capped = t.rows > t.cap;
		stmt_finalize(st);
	}
	buf_release(&where);
	records_total(q, &t, page, keep_check_query);
	buf_addf(&q->body, "<div class=\"scroll\"><table class=\"findings\"><tr><th>%s</th><th>%s</th><th>%s</th><th>%s</th>"
			   "<th>%s</th><th>%s</th><th>%s</th></tr>\n",
		 T(q, "col_record"), T(q, "area"), T(q, "col_amount"), T(q, "state"), T(q, "col_detail"), T(q, "handling"),
		 T(q, "action"));
	int n = 0, registers_shown = 0;
	while (stmt_step(st)) {
		n++;
		const char *id = stmt_text(st, 0), *kind = stmt_text(st, 1), *rec = stmt_text(st, 2), *link = record_link(kind);
		buf_adds(&q->body, "<tr><td>");
		if (link) {
			char *u = evhttp_encode_uri(rec);
			buf_addf(&q->body, "<a href=\"%s%s\">", link, u);
			free(u);
		}
		buf_add_html(&q->body, rec);
		buf_addf(&q->body, "%s</td><td>", link ? "</a>" : "");
		char *cn = stmt_text(st, 3) ? division_name(db, stmt_text(st, 3)) : NULL;
		buf_add_html(&q->body, cn ? cn : "");
		free(cn);
		buf_adds(&q->body, "</td><td class=\"n\">");
		if (stmt_text(st, 4)) {
			char m[32];
			money_format(stmt_int(st, 4), m);
			buf_add_grouped(&q->body, m);
		}
		buf_addf(&q->body, "</td><td>%s</td><td>", state_words(q, stmt_text(st, 5)));
		add_detail(q, stmt_text(st, 9));
		if (streq(kind, "payments"))
			registers_shown |= finding_people(q, name, rec);
		buf_adds(&q->body, "</td><td>");
		if (stmt_text(st, 6)) {
			buf_addf(&q->body, "%s ", T(q, "assignee"));
			buf_add_html(&q->body, stmt_text(st, 6));
		}
		if (stmt_text(st, 7)) {
			char m[32];
			money_format(stmt_int(st, 7), m);
			buf_addf(&q->body, " %s ", T(q, "to_recover"));
			buf_add_grouped(&q->body, m);
		}
		if (stmt_text(st, 8)) {
			buf_adds(&q->body, " ");
			buf_add_html(&q->body, stmt_text(st, 8));
		}
		/* move it on: the actions its state allows */
		char *u = evhttp_encode_uri(id);
		buf_addf(&q->body, "</td><td><form method=\"post\" action=\"/checks/%s?finding=%s\" class=\"move\">"
				   "<input type=\"hidden\" name=\"csrf\" value=\"%s\"><select name=\"action\">", name, u, q->csrf);
		free(u);
		const char *s = stmt_text(st, 5);
		static const char *const acts[][2] = { { "assign", "open assigned" }, { "confirm", "open assigned" },
						       { "dismiss", "open assigned" }, { "recovered", "confirmed" },
						       { "reopen", "dismissed" } };
		for (size_t k = 0; k < ARRAY_SIZE(acts); k++)
			if (strstr(acts[k][1], s)) {
				char key[32];
				snprintf(key, sizeof key, "act_%s", acts[k][0]);
				buf_addf(&q->body, "<option value=\"%s\">%s</option>", acts[k][0], T(q, key));
			}
		buf_addf(&q->body, "</select> <input name=\"arg\" size=\"8\" placeholder=\"%s\"> <input name=\"reason\" size=\"12\" "
				   "placeholder=\"%s\"> <button>%s</button></form></td></tr>\n",
			 T(q, "arg_hint"), T(q, "fix_reason"), T(q, "ok"));
	}
	stmt_finalize(st);
	buf_release(&sql);
	buf_adds(&q->body, "</table></div>\n");
	if (!n)
		buf_addf(&q->body, "<p>%s</p>\n", T(q, "no_findings"));
	if (registers_shown) { /* other offices' registers were read: every view is audited */
		char what[160];
		snprintf(what, sizeof what, "checks/%s page=%d", name, page);
		audit_log(q->app->primary, q->u.name, q->addr, "view_registers", what, NULL, NULL);
	}
	page_foot(q);
	send_page(q, code, code == 200 ? "OK" : "Unprocessable Entity");
}

void h_checks(struct req *q)
{
	if (streq(q->path, "/checks")) {
		checks_index(q);
		return;
	}
	int i = check_index(q->path + strlen("/checks/"));
	if (i < 0) {
		fail(q, 404, "Not Found", "not_found", NULL);
		return;
	}
	if (evhttp_request_get_command(q->r) != EVHTTP_REQ_POST) {
		check_page(q, i, NULL, 200);
		return;
	}
	const char *id = qarg(q, "finding");
	if (!id || !starts_with(id, check_words[i].name)) {
		fail(q, 400, "Bad Request", "bad_request", "finding");
		return;
	}
	char *where = db_text(q->app->c->db, "SELECT county FROM findings WHERE id = ?", id, (char *)NULL);
	int mine = in_user_region(q, where);
	free(where);
	if (!mine) { /* another region's finding is none of this user's: as if there were none */
		fail(q, 404, "Not Found", "not_found", NULL);
		return;
	}
	char why[700];
	int rc = finding_move(q->app->c->db, q->u.name, q->addr, id, evhttp_find_header(&q->form, "action") ?
			      evhttp_find_header(&q->form, "action") : "", evhttp_find_header(&q->form, "arg"),
			      evhttp_find_header(&q->form, "reason"), why, sizeof why);
	char said[800];
	snprintf(said, sizeof said, "%s: %s", id, why);
	struct buf safe = BUF_INIT;
	buf_add_html(&safe, said);
	check_page(q, i, safe.s, rc == 0 ? 200 : 422);
	buf_release(&safe);
}

/* GET /api/v1/checks: every check with its open and all findings;
** GET /api/v1/findings?state=&check=&county=&limit=&offset=: the kept
** findings, 1,000 a page unless said; both in the user's region. */
void h_api_findings(struct req *q)
{
	struct db *db = q->app->c->db;
	json_t *arr = json_array();
	char lo[13], hi[13];
	struct buf sql = BUF_INIT;
	if (streq(q->path, "/api/v1/checks")) {
		int64_t open[NCHECKS], all[NCHECKS];
		count_findings(q, open, all);
		for (size_t i = 0; i < NCHECKS; i++)
			json_array_append_new(arr, json_pack("{s:s, s:s, s:s, s:I, s:I}", "check", check_words[i].name, "name",
							     check_name(q, check_words[i].name), "looks_for",
							     q->lang == EN ? check_words[i].en[0] : check_words[i].zh[0], "open",
							     (json_int_t)open[i], "all", (json_int_t)all[i]));
		send_json(q, 200, "OK", arr);
		return;
	}
	static const char *const names[] = { "state", "check", "county" };
	static const char *const cols[] = { "state", "check_", "county" };
	buf_adds(&sql, "SELECT id, check_, kind, record, county, amount, state, assignee, recover, reason, detail FROM findings "
		       "WHERE 1 = 1");
	const char *v[3];
	char c12[13];
	int n = 0;
	for (size_t i = 0; i < ARRAY_SIZE(names); i++) {
		const char *a = qarg(q, names[i]);
		if (!a)
			continue;
		char why[128];
		if (!text_ok(a, 64) || (i == 2 && divcode_norm(a, c12, why, sizeof why) < 0)) {
			buf_release(&sql);
			json_decref(arr);
			fail(q, 400, "Bad Request", "bad_request", names[i]);
			return;
		}
		buf_addf(&sql, " AND %s = ?", cols[i]);
		v[n++] = i == 2 ? c12 : a;
	}
	int nb = findings_region(q, &sql, lo, hi);
	/* a page at a time: limit (1,000 unless said, 10,000 at most) and offset */
	int64_t limit = 1000, offset = 0;
	char why[128];
	if ((qarg(q, "limit") && int_parse(qarg(q, "limit"), 1, 10000, &limit, why, sizeof why) < 0) ||
	    (qarg(q, "offset") && int_parse(qarg(q, "offset"), 0, INT32_MAX, &offset, why, sizeof why) < 0)) {
		buf_release(&sql);
		json_decref(arr);
		fail(q, 400, "Bad Request", "bad_request", qarg(q, "offset") ? "offset" : "limit");
		return;
	}
	buf_addf(&sql, " ORDER BY check_, record LIMIT %lld OFFSET %lld", (long long)limit, (long long)offset);
	struct stmt *st = db_prepare(db, sql.s);
	for (int i = 0; i < n; i++)
		stmt_bind_text(st, i + 1, v[i]);
	bind_region(st, n + 1, nb, lo, hi);
	while (stmt_step(st)) {
		json_t *o = json_object();
		static const char *const keys[] = { "id", "check", "kind", "record", "county", "amount", "state", "assignee",
						    "recover", "reason", "detail" };
		for (int i = 0; i < 11; i++) {
			const char *t = stmt_text(st, i);
			if (!t)
				continue;
			if (i == 5 || i == 8) {
				char m[32];
				money_format(stmt_int(st, i), m);
				json_object_set_new(o, keys[i], json_string(m));
			} else {
				json_object_set_new(o, keys[i], json_string(t));
			}
		}
		json_array_append_new(arr, o);
	}
	stmt_finalize(st);
	buf_release(&sql);
	send_json(q, 200, "OK", arr);
}
