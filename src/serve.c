/*
** serve.c: `bangfu serve`, the staff web UI and the JSON API (libevent's
** evhttp, one event loop a process, a few processes sharing the socket).
**
** Every request goes through dispatch(): the route table says which roles
** may use a route; the session (an HttpOnly, SameSite=Strict cookie whose
** token is kept only as a hash) names the user; a state-changing request
** must carry the session's CSRF token.  Permission is checked before any
** handler runs.  Handlers that do what a command does call that command
** (list, report, trace, bulletin) with its output captured, so the page,
** the API and the command line give the same answers; a command's error
** becomes a 400 with its message.  Records are limited to the user's
** region: a clerk of Anding sees Anding, not Minxian.  The public
** portal's routes (portal.c) are PUBLIC: no session is read for them.
** What every handler shares is in web.c.
*/
#include "bangfu.h"
#include "audit.h"
#include "cmd.h"
#include "figures.h"
#include "heads.h"
#include "kinds.h"
#include "limits.h"
#include "map.h"
#include "multipart.h"
#include "params.h"
#include "users.h"
#include "web.h"
#include "workers.h"
#include <arpa/inet.h>
#include <event2/buffer.h>
#include <event2/event.h>
#include <event2/listener.h>
#include <event2/http.h>
#include <event2/keyvalq_struct.h>
#include <jansson.h>
#include <opencc/opencc.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <setjmp.h>
#include <signal.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <event2/bufferevent.h>
#include <linux/sockios.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/queue.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "banned.h"

#define SESSION_SECONDS (8 * 3600)

/* ---- handlers ------------------------------------------------------------ */

static void h_css(struct req *q)
{
	static const char css[] =
		"body{font-family:system-ui,\"Noto Sans CJK SC\",sans-serif;margin:0;color:#1b1b1b;background:#fafafa}"
		"header{background:#8c1c13;color:#fff;padding:.5rem 1rem;display:flex;flex-wrap:wrap;gap:1rem;align-items:center}"
		"header a{color:#fff;margin-right:.6rem}nav{display:flex;flex-wrap:wrap;gap:.3rem;align-items:center}"
		"main{padding:1rem;max-width:72rem}table{border-collapse:collapse;margin:.5rem 0;background:#fff}"
		"th,td{border:1px solid #ccc;padding:.25rem .5rem;text-align:left}td.n{text-align:right}"
		".behind{color:#b00020;font-weight:bold}.error{color:#b00020}form.inline{display:inline}"
		"label{display:block;margin:.5rem 0}input{font-size:1rem;padding:.3rem}button{font-size:1rem}"
		".scroll{overflow-x:auto}figure{margin:.5rem 0}.fiscal{color:#8c1c13}.social{color:#e0a040}"
		"footer{padding:1rem;color:#555;font-size:.85rem}code{word-break:break-all}.tracking{font-size:1.6rem;"
		"font-weight:bold;letter-spacing:.1rem}.villages a{display:inline-block;margin:.15rem .4rem .15rem 0}"
		"@media(max-width:480px){main{padding:.5rem}th,td{padding:.2rem .3rem;font-size:.9rem}h1{font-size:1.3rem}}"
		"@media print{header nav,form,.report,.pager{display:none}}";
	security_headers(q->r, "text/css; charset=utf-8");
	evhttp_remove_header(evhttp_request_get_output_headers(q->r), "Cache-Control");
	evhttp_add_header(evhttp_request_get_output_headers(q->r), "Cache-Control", "max-age=3600");
	struct evbuffer *out = evbuffer_new();
	evbuffer_add(out, css, sizeof css - 1);
	evhttp_send_reply(q->r, 200, "OK", out);
	evbuffer_free(out);
}

static void login_form(struct req *q, int code, const char *reason, const char *error)
{
	char pre[48];
	token_new(pre);
	set_cookie(q, "bf_pre", pre, 3600);
	buf_reset(&q->body);
	page_head(q, T(q, "signin"));
	if (error)
		buf_addf(&q->body, "<p class=\"error\">%s</p>\n", error);
	buf_addf(&q->body, "<form method=\"post\" action=\"/login\"><input type=\"hidden\" name=\"csrf\" value=\"%s\">"
			   "<label>%s <input name=\"name\" autocomplete=\"username\" required></label>"
			   "<label>%s <input name=\"password\" type=\"password\" autocomplete=\"current-password\" required></label>"
			   "<button type=\"submit\">%s</button></form>\n",
		 pre, T(q, "name"), T(q, "password"), T(q, "signin"));
	page_foot(q);
	send_page(q, code, reason);
}

static void h_login(struct req *q)
{
	if (evhttp_request_get_command(q->r) == EVHTTP_REQ_GET) {
		login_form(q, 200, "OK", NULL);
		return;
	}
	const char *name = evhttp_find_header(&q->form, "name"), *pw = evhttp_find_header(&q->form, "password");
	if (!name || !pw) {
		login_form(q, 400, "Bad Request", T(q, "bad_signin"));
		return;
	}
	struct user u;
	enum signin r = user_signin(q->app->c->db, name, pw, q->addr, &u);
	if (r != SIGNIN_OK) {
		login_form(q, 401, "Unauthorized", T(q, r == SIGNIN_LOCKED ? "locked" : "bad_signin"));
		return;
	}
	char token[48], hash[65], csrf[48], now[32], until[32];
	token_new(token);
	token_new(csrf);
	token_hash(token, hash);
	iso_time(now, 0);
	iso_time(until, SESSION_SECONDS);
	struct db *db = q->app->c->db;
	db_begin(db);
	struct stmt *st = db_prepare(db, "DELETE FROM sessions WHERE expires <= ?");
	stmt_bind_text(st, 1, now);
	stmt_step(st);
	stmt_finalize(st);
	st = db_prepare(db, "INSERT INTO sessions(token_hash, user_name, csrf, created, expires) VALUES(?, ?, ?, ?, ?)");
	stmt_bind_text(st, 1, hash);
	stmt_bind_text(st, 2, u.name);
	stmt_bind_text(st, 3, csrf);
	stmt_bind_text(st, 4, now);
	stmt_bind_text(st, 5, until);
	stmt_step(st);
	stmt_finalize(st);
	db_commit(db);
	set_cookie(q, "bf_session", token, SESSION_SECONDS);
	set_cookie(q, "bf_pre", "", 0);
	redirect(q, "/dashboard");
}

static void h_logout(struct req *q)
{
	char token[64], hash[65];
	if (cookie(q->r, "bf_session", token, sizeof token)) {
		token_hash(token, hash);
		struct db *db = q->app->c->db;
		db_begin(db);
		struct stmt *st = db_prepare(db, "DELETE FROM sessions WHERE token_hash = ?");
		stmt_bind_text(st, 1, hash);
		stmt_step(st);
		stmt_finalize(st);
		db_commit(db);
		audit_log(db, q->u.name, q->addr, "signout", "", NULL, NULL);
	}
	set_cookie(q, "bf_session", "", 0);
	redirect(q, "/login");
}

static void h_home(struct req *q)
{
	redirect(q, q->u.name[0] ? "/dashboard" : "/login");
}

/* Charts are SVG drawn here (presentation attributes, no script, no inline
** style): they print, and need nothing from outside. */

/* Completion of each indicator with a target, as bars; the line marks 100%. */
static void chart_completion(struct req *q, const struct figures *f, int p, int year)
{
	int n = 0;
	for (int i = 0; i < nindicators; i++) {
		int64_t t = figures_target(f, p, year, i);
		n += t != NO_TARGET && t > 0;
	}
	if (!n)
		return;
	int h = 22 * n + 10;
	buf_addf(&q->body, "<figure><figcaption>%s</figcaption><svg viewBox=\"0 0 480 %d\" width=\"480\" height=\"%d\" "
			   "role=\"img\">", T(q, "completion"), h, h);
	int row = 0;
	for (int i = 0; i < nindicators; i++) {
		int64_t t = figures_target(f, p, year, i);
		if (t == NO_TARGET || t <= 0)
			continue;
		int64_t v = figures_value(f, p, year, i);
		int64_t c = (int64_t)(((__int128)v * 20000 / t + 1) / 2); /* 1/100 % */
		int w = (int)((c > 15000 ? 15000 : c < 0 ? 0 : c) * 200 / 10000);
		int y = 5 + 22 * row++;
		buf_addf(&q->body, "<text x=\"0\" y=\"%d\" font-size=\"12\">", y + 14);
		buf_add_html(&q->body, q->lang == EN ? indicators[i].name : indicators[i].label);
		buf_addf(&q->body, "</text><rect x=\"150\" y=\"%d\" width=\"%d\" height=\"16\" fill=\"%s\"/>"
				   "<text x=\"%d\" y=\"%d\" font-size=\"12\">%lld.%02lld%%</text>",
			 y, w, c < 10000 ? "#b00020" : "#2e7d32", 156 + w, y + 13, (long long)(c / 100), (long long)(c % 100));
	}
	buf_addf(&q->body, "<line x1=\"350\" y1=\"0\" x2=\"350\" y2=\"%d\" stroke=\"#555\" stroke-dasharray=\"3\"/>"
			   "</svg></figure>\n", h);
}

/* Money received by year (fiscal and social), as bars. */
static void chart_money(struct req *q, const struct figures *f, int p)
{
	int fi = indicator_find("fiscal_funds"), si = indicator_find("social_funds");
	int64_t max = 0;
	for (int y = f->y0; y < f->y0 + f->ny; y++) {
		int64_t t = figures_value(f, p, y, fi) + figures_value(f, p, y, si);
		if (t > max)
			max = t;
	}
	if (max <= 0)
		return;
	int bw = 48, h = 160, w = 10 + f->ny * (bw + 12);
	buf_addf(&q->body, "<figure><figcaption>%s</figcaption><svg viewBox=\"0 0 %d %d\" width=\"%d\" height=\"%d\" "
			   "role=\"img\">", T(q, "money_by_year"), w, h + 36, w, h + 36);
	for (int k = 0; k < f->ny; k++) {
		int y = f->y0 + k;
		int64_t fv = figures_value(f, p, y, fi), sv = figures_value(f, p, y, si);
		int fh = (int)((__int128)(fv > 0 ? fv : 0) * h / max), sh = (int)((__int128)(sv > 0 ? sv : 0) * h / max);
		int x = 10 + k * (bw + 12);
		buf_addf(&q->body, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"#8c1c13\"/>"
				   "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"#e0a040\"/>"
				   "<text x=\"%d\" y=\"%d\" font-size=\"12\">%d</text>"
				   "<text x=\"%d\" y=\"%d\" font-size=\"10\">%lld万</text>",
			 x, h - fh, bw, fh, x, h - fh - sh, bw, sh, x + 8, h + 14, y, x, h + 28,
			 (long long)((fv + sv) / 1000000));
	}
	buf_addf(&q->body, "</svg><figcaption><span class=\"fiscal\">■</span> %s <span class=\"social\">■</span> %s"
			   "</figcaption></figure>\n", indicators[fi].label, indicators[si].label);
}

/* The kind of record an indicator adds up. */
static const char *records_of(const char *indicator)
{
	static const char *const map[][2] = {
		{ "fiscal_funds", "funds" }, { "social_funds", "funds" }, { "projects", "projects" },
		{ "workers_", "workers" }, { "sales", "sales" }, { "investment", "investments" },
		{ "enterprises", "investments" }, { "workshop", "workshops" }, { "cadres", "exchanges" },
		{ "teachers", "exchanges" }, { "doctors", "exchanges" }, { "technicians", "exchanges" },
		{ "trained_person_times", "trainings" }, { "joint_meetings", "events" }, { "leader_visits", "events" },
		{ "paired_poor_villages", "pairings" },
	};
	for (size_t i = 0; i < ARRAY_SIZE(map); i++)
		if (starts_with(indicator, map[i][0]))
			return map[i][1];
	return NULL;
}

/* One dashboard section: every indicator of a figures row (a pairing, or
** the account's region) against its target, numbers linking to the records
** in the west code's division, and the charts. */
static void dash_section(struct req *q, const struct figures *f, int p, int year, const char *title,
			 const char *tag, const char *wcode)
{
	buf_adds(&q->body, "<section><h2>");
	buf_add_html(&q->body, title);
	buf_adds(&q->body, " <small>");
	buf_add_html(&q->body, tag);
	buf_addf(&q->body, "</small></h2>\n<div class=\"scroll\"><table><tr><th>%s</th><th>%s</th>"
			   "<th>%s</th><th>%s</th></tr>\n", T(q, "indicator"), T(q, "value"), T(q, "target"),
		 T(q, "completion"));
	for (int i = 0; i < nindicators; i++) {
		int64_t v = figures_value(f, p, year, i), t = figures_target(f, p, year, i);
		char vs[32], ts[32] = "", cs[24] = "";
		if (indicators[i].unit == IND_MONEY)
			money_format(v, vs);
		else
			snprintf(vs, sizeof vs, "%lld", (long long)v);
		if (t != NO_TARGET) {
			if (indicators[i].unit == IND_MONEY)
				money_format(t, ts);
			else
				snprintf(ts, sizeof ts, "%lld", (long long)t);
			if (t > 0) {
				int64_t c = (int64_t)(((__int128)v * 20000 / t + 1) / 2);
				snprintf(cs, sizeof cs, "%lld.%02lld%%", (long long)(c / 100), (long long)(c % 100));
			}
		}
		buf_adds(&q->body, "<tr><td>");
		buf_add_html(&q->body, q->lang == EN ? indicators[i].name : indicators[i].label);
		/* the number links to the records behind it */
		const char *kind = records_of(indicators[i].name);
		if (kind && strspn(wcode, "0123456789") == 12)
			buf_addf(&q->body, "</td><td class=\"n\"><a href=\"/records/%s?in=%s\">%s</a></td>", kind, wcode, vs);
		else
			buf_addf(&q->body, "</td><td class=\"n\">%s</td>", vs);
		buf_addf(&q->body, "<td class=\"n\">%s</td><td class=\"n\">%s</td></tr>\n", ts, cs);
	}
	buf_adds(&q->body, "</table></div>\n");
	chart_completion(q, f, p, year);
	chart_money(q, f, p);
	buf_adds(&q->body, "</section>\n");
}

/* The pairings ranked by the mean completion of their targeted indicators
** (each counted at most 100%), as the bulletin ranks them. */
static void chart_ranking(struct req *q, const struct figures *f, struct scope *s, const int *rows, int n, int year)
{
	struct rank {
		int p;
		int64_t score;
	} r[4096];
	int m = 0;
	for (int k = 0; k < n && m < (int)ARRAY_SIZE(r); k++) {
		int64_t sum = 0;
		int nt = 0;
		for (int i = 0; i < nindicators; i++) {
			int64_t t = figures_target(f, rows[k], year, i);
			if (t == NO_TARGET || t <= 0)
				continue;
			int64_t c = (int64_t)(((__int128)figures_value(f, rows[k], year, i) * 20000 / t + 1) / 2);
			sum += c > 10000 ? 10000 : c;
			nt++;
		}
		if (nt)
			r[m++] = (struct rank){ rows[k], sum / nt };
	}
	if (m < 2)
		return;
	for (int a = 1; a < m; a++) /* by score, best first */
		for (int b = a; b > 0 && r[b].score > r[b - 1].score; b--) {
			struct rank t = r[b];
			r[b] = r[b - 1];
			r[b - 1] = t;
		}
	int h = 22 * m + 10;
	buf_addf(&q->body, "<figure><figcaption>%s</figcaption><svg viewBox=\"0 0 480 %d\" width=\"480\" height=\"%d\" "
			   "role=\"img\">", T(q, "ranking"), h, h);
	for (int k = 0; k < m; k++) {
		int y = 5 + 22 * k, w = (int)(r[k].score * 250 / 10000);
		buf_addf(&q->body, "<text x=\"0\" y=\"%d\" font-size=\"12\">%d. ", y + 14, k + 1);
		buf_add_html(&q->body, scope_pairing_id(s, r[k].p));
		buf_addf(&q->body, "</text><rect x=\"120\" y=\"%d\" width=\"%d\" height=\"16\" fill=\"#8c1c13\"/>"
				   "<text x=\"%d\" y=\"%d\" font-size=\"12\">%lld.%02lld%%</text>",
			 y, w, 126 + w, y + 13, (long long)(r[k].score / 100), (long long)(r[k].score % 100));
	}
	buf_adds(&q->body, "</svg></figure>\n");
}

/* Every indicator of the visible city and county pairings, against its target. */
static void h_dashboard(struct req *q)
{
	struct db *db = q->app->c->db;
	char why[256];
	int y0, y1;
	db_begin_read(db);
	store_years(db, &y0, &y1);
	int year = y1;
	const char *ya = qarg(q, "year");
	if (ya) {
		int64_t v;
		if (int_parse(ya, 1900, 2199, &v, why, sizeof why) < 0) {
			db_commit(db);
			fail(q, 400, "Bad Request", "bad_request", why);
			return;
		}
		year = (int)v;
	}
	/* the pairings' sections are the same for everyone of a region until
	** an import changes the store: made once, then kept */
	store_generation(q);
	char key[64];
	snprintf(key, sizeof key, "%s|%d|%d", q->u.region, year, (int)q->lang);
	const char *kept = map_get(&q->app->pages, key);
	if (kept) {
		db_commit(db);
		buf_reset(&q->body);
		char title[96];
		snprintf(title, sizeof title, "%s %d", T(q, "dashboard"), year);
		page_head(q, title);
		buf_adds(&q->body, kept);
		page_foot(q);
		send_page(q, 200, "OK");
		return;
	}
	struct scope *s = scope_load(db);
	struct figures f;
	if (y1 < y0 || year < y0 || year > y1)
		y0 = y1 = year;
	figures_init(&f, s, y0, y1);
	/* the account's own county or city, its pairings rolled up, each record once */
	int region_row = q->u.region[0] ? figures_add_region(&f, q->u.region, streq(region_side(q), "--east")) : -1;
	figures_compute(&f, db, NULL, NULL);
	struct stmt *st = db_prepare(db, "SELECT id FROM pairings WHERE level IN ('city', 'county') ORDER BY id");
	int rows[4096], n = 0;
	while (stmt_step(st) && n < (int)ARRAY_SIZE(rows)) {
		int p = scope_pairing_index(s, stmt_text(st, 0));
		if (p >= 0 && pairing_visible(q, s, p))
			rows[n++] = p;
	}
	stmt_finalize(st);
	buf_reset(&q->body);
	char title[96];
	snprintf(title, sizeof title, "%s %d", T(q, "dashboard"), year);
	page_head(q, title);
	size_t start = q->body.len;
	buf_addf(&q->body, "<form method=\"get\" action=\"/dashboard\"><label>%s <input name=\"year\" value=\"%d\" "
			   "size=\"5\"></label> <button>OK</button></form>\n", T(q, "year"), year);
	if (!n)
		buf_addf(&q->body, "<p>%s</p>\n", T(q, "no_pairings"));
	if (region_row >= 0) {
		char *rn = party_name(db, q->u.region);
		dash_section(q, &f, region_row, year, rn ? rn : q->u.region, T(q, "whole_region"), q->u.region);
		free(rn);
	}
	chart_ranking(q, &f, s, rows, n, year);
	for (int k = 0; k < n; k++) {
		int p = rows[k];
		char *east = party_name(db, scope_pairing_east(s, p)), *west = party_name(db, scope_pairing_west(s, p));
		char head[512];
		snprintf(head, sizeof head, "%s — %s", east ? east : scope_pairing_east(s, p),
			 west ? west : scope_pairing_west(s, p));
		free(east);
		free(west);
		dash_section(q, &f, p, year, head, scope_pairing_id(s, p), scope_pairing_west(s, p));
	}
	if (q->app->pages.n >= 256)
		map_empty(&q->app->pages, free);
	map_put(&q->app->pages, key, xstrdup(q->body.s + start));
	page_foot(q);
	figures_release(&f);
	scope_free(s);
	db_commit(db);
	send_page(q, 200, "OK");
}

/* Identity numbers in clear (?clear=1): administrators and auditors only,
** and every such view lands in the audit trail.  -1 when refused (and
** answered), 1 when granted, 0 when not asked. */
static int clear_ids(struct req *q, const char *kind)
{
	const char *c = qarg(q, "clear");
	if (!c || !streq(c, "1"))
		return 0;
	if (q->u.role != ROLE_ADMIN && q->u.role != ROLE_AUDITOR) {
		fail(q, 403, "Forbidden", "forbidden", NULL);
		return -1;
	}
	char what[160];
	snprintf(what, sizeof what, "%s search=%s page=%s", kind, qarg(q, "search") ? qarg(q, "search") : "",
		 qarg(q, "page") ? qarg(q, "page") : "0");
	audit_log(q->app->c->db, q->u.name, q->addr, "view_clear_ids", what, NULL, NULL);
	return 1;
}

/* The parameters of `list KIND`, limited to the user's region: -1 when
** a value is bad (answered 400).  page: -1 for every row. */
static int list_params_of(struct req *q, const struct kind *kind, struct list_params *p, int page)
{
	memset(p, 0, sizeof *p);
	p->kind = kind->name;
	p->clear = qarg(q, "clear") && streq(qarg(q, "clear"), "1"); /* the caller checked clear_ids() */
	snprintf(p->region, sizeof p->region, "%s", q->u.region);
	/* ?in= narrows to a division of the user's region (a drill-down) */
	const char *in = qarg(q, "in");
	char in12[13], why[128];
	if (in && divcode_norm(in, in12, why, sizeof why) == 0 && in_user_region(q, in12)) {
		snprintf(q->in, sizeof q->in, "%s", in12);
		snprintf(p->in, sizeof p->in, "%s", in12);
	}
	static const char *const names[] = { "search", "sort" };
	if (query_params(q, list_options, nlist_options, p, names, ARRAY_SIZE(names)) < 0)
		return -1;
	p->desc = p->sort && qarg(q, "desc") && streq(qarg(q, "desc"), "1");
	p->fmt = FMT_JSON;
	p->limit = page < 0 ? -1 : 50;
	p->offset = page < 0 ? 0 : (int64_t)page * 50;
	return 0;
}

/* The kind of record named after prefix in the path, with identity numbers
** in clear where asked for and allowed; NULL when it has answered (404, 403). */
static const struct kind *records_kind(struct req *q, const char *prefix)
{
	const struct kind *k = kind_find(q->path + strlen(prefix));
	if (!k) {
		fail(q, 404, "Not Found", "not_found", NULL);
		return NULL;
	}
	return clear_ids(q, k->name) < 0 ? NULL : k;
}

/* The list's query arguments but skip (search, in, sort, desc, clear), as
** "&name=value" to follow a link's own. */
static void keep_query(struct req *q, struct buf *b, const char *skip)
{
	static const char *const keep[] = { "search", "in", "sort", "desc", "clear" };
	for (size_t i = 0; i < ARRAY_SIZE(keep); i++) {
		const char *v = qarg(q, keep[i]);
		if (!v || (skip && strstr(skip, keep[i])))
			continue;
		char *enc = evhttp_encode_uri(v);
		buf_addf(b, "&amp;%s=", keep[i]);
		buf_add_html(b, enc);
		free(enc);
	}
}

static void h_records(struct req *q)
{
	const struct kind *k = records_kind(q, "/records/");
	if (!k)
		return;
	struct list_params p;
	int page = page_arg(q);
	const char *format = qarg(q, "format");
	if (format && (streq(format, "csv") || streq(format, "xlsx"))) {
		if (list_params_of(q, k, &p, -1) < 0)
			return;
		char name[64];
		snprintf(name, sizeof name, "%s.%s", k->name, format);
		if (streq(format, "xlsx")) {
			send_xlsx(q, list_run, &p, &p.output, &p.fmt, name);
			return;
		}
		p.fmt = FMT_CSV;
		struct buf out = BUF_INIT;
		if (run_or_fail(q, list_run, &p, &out) == 0) {
			download(q, "text/csv; charset=utf-8", name, out.s, out.len);
			buf_release(&out);
		}
		return;
	}
	if (list_params_of(q, k, &p, page) < 0) /* the table is HTML, made from JSON */
		return;
	struct buf out = BUF_INIT;
	if (run_or_fail(q, list_run, &p, &out) < 0)
		return;
	json_error_t err;
	json_t *rows = json_loadb(out.s, out.len, 0, &err);
	buf_release(&out);
	buf_reset(&q->body);
	page_head(q, k->label);
	buf_addf(&q->body, "<form method=\"get\"><label>%s <input name=\"search\" value=\"", T(q, "search"));
	buf_add_html(&q->body, qarg(q, "search") ? qarg(q, "search") : "");
	buf_adds(&q->body, "\"></label> <button>OK</button></form>\n<p><a href=\"?format=csv");
	keep_query(q, &q->body, NULL);
	buf_adds(&q->body, "\">CSV</a> <a href=\"?format=xlsx");
	keep_query(q, &q->body, NULL);
	buf_adds(&q->body, "\">Excel</a></p>\n<div class=\"scroll\"><table><tr>");
	const char *sort = qarg(q, "sort");
	int desc = qarg(q, "desc") && streq(qarg(q, "desc"), "1");
	for (int i = 0; i < k->ncols; i++) {
		const struct column *c = &k->cols[i];
		buf_adds(&q->body, "<th>");
		if (c->type == T_IDNUM || c->type == T_PAYEE) { /* sealed: no order */
			buf_add_html(&q->body, q->lang == EN ? c->name : c->label);
		} else {
			/* a heading sorts by its column; again, the other way round */
			int on = streq(sort, c->name);
			buf_addf(&q->body, "<a href=\"?sort=%s%s", c->name, on && !desc ? "&amp;desc=1" : "");
			keep_query(q, &q->body, "sort desc");
			buf_adds(&q->body, "\">");
			buf_add_html(&q->body, q->lang == EN ? c->name : c->label);
			buf_adds(&q->body, on ? (desc ? " ▼" : " ▲") : "");
			buf_adds(&q->body, "</a>");
		}
		buf_adds(&q->body, "</th>");
	}
	buf_adds(&q->body, "</tr>\n");
	size_t i;
	json_t *row;
	json_array_foreach(rows, i, row) {
		buf_adds(&q->body, "<tr>");
		for (int j = 0; j < k->ncols; j++) {
			json_t *v = json_object_get(row, k->cols[j].name);
			buf_adds(&q->body, "<td>");
			if (json_is_string(v) && j == 0 && streq(k->name, "projects")) {
				char *u = evhttp_encode_uri(json_string_value(v));
				buf_addf(&q->body, "<a href=\"/projects/%s\">", u);
				buf_add_html(&q->body, json_string_value(v));
				buf_adds(&q->body, "</a>");
				free(u);
			} else if (json_is_string(v))
				buf_add_html(&q->body, json_string_value(v));
			else if (json_is_integer(v))
				buf_addf(&q->body, "%lld", (long long)json_integer_value(v));
			buf_adds(&q->body, "</td>");
		}
		buf_adds(&q->body, "</tr>\n");
	}
	buf_adds(&q->body, "</table></div>\n<p>");
	if (page > 0) {
		buf_addf(&q->body, "<a href=\"?page=%d", page - 1);
		keep_query(q, &q->body, NULL);
		buf_addf(&q->body, "\">%s</a> ", T(q, "prev"));
	}
	if (json_array_size(rows) == 50) {
		buf_addf(&q->body, "<a href=\"?page=%d", page + 1);
		keep_query(q, &q->body, NULL);
		buf_addf(&q->body, "\">%s</a>", T(q, "next"));
	}
	buf_adds(&q->body, "</p>\n");
	json_decref(rows);
	page_foot(q);
	send_page(q, 200, "OK");
}

static void h_audit(struct req *q)
{
	struct db *db = q->app->c->db;
	buf_reset(&q->body);
	page_head(q, T(q, "audit"));
	buf_addf(&q->body, "<div class=\"scroll\"><table><tr><th>#</th><th>%s</th><th>%s</th><th>%s</th><th>%s</th>"
			   "<th>%s</th></tr>\n", T(q, "when"), T(q, "who"), T(q, "from"), T(q, "action"), T(q, "what"));
	struct stmt *st = db_prepare(db, "SELECT seq, at, who, addr, action, what FROM audit ORDER BY seq DESC LIMIT 200");
	while (stmt_step(st)) {
		buf_addf(&q->body, "<tr><td class=\"n\">%lld</td>", (long long)stmt_int(st, 0));
		for (int i = 1; i <= 5; i++) {
			buf_adds(&q->body, "<td>");
			buf_add_html(&q->body, stmt_text(st, i) ? stmt_text(st, i) : "");
			buf_adds(&q->body, "</td>");
		}
		buf_adds(&q->body, "</tr>\n");
	}
	stmt_finalize(st);
	buf_adds(&q->body, "</table></div>\n");
	page_foot(q);
	send_page(q, 200, "OK");
}

/* A JSON array of objects (a command's answer) as an HTML table. */
static void json_table(struct req *q, const char *s, size_t n)
{
	json_t *rows = json_loadb(s, n, 0, NULL);
	buf_adds(&q->body, "<div class=\"scroll\"><table>\n");
	size_t i;
	json_t *row;
	json_array_foreach(rows, i, row) {
		const char *key;
		json_t *v;
		if (i == 0) {
			buf_adds(&q->body, "<tr>");
			json_object_foreach(row, key, v) {
				buf_adds(&q->body, "<th>");
				buf_add_html(&q->body, key);
				buf_adds(&q->body, "</th>");
			}
			buf_adds(&q->body, "</tr>\n");
		}
		buf_adds(&q->body, "<tr>");
		json_object_foreach(row, key, v) {
			buf_adds(&q->body, "<td>");
			if (json_is_string(v))
				buf_add_html(&q->body, json_string_value(v));
			buf_adds(&q->body, "</td>");
		}
		buf_adds(&q->body, "</tr>\n");
	}
	buf_adds(&q->body, "</table></div>\n");
	json_decref(rows);
}

/* ---- import by upload ----------------------------------------------------- */

/* May this user import this kind?  An eastern office sets targets only. */
static int may_import(struct req *q, const struct kind *k)
{
	if (q->u.role == ROLE_ADMIN || q->u.role == ROLE_CLERK)
		return 1;
	return q->u.role == ROLE_EAST && streq(k->name, "targets");
}

#define MAX_UPLOADS 24

/* One file of an upload: the name the user gave it, its kind, its content. */
struct upload {
	char name[128];
	const struct kind *k;
	const char *ext; /* ".csv" or ".xlsx" */
	const char *data;
	size_t len;
};

/* Names and checks one uploaded file: its kind by its name (funds.csv,
** 帮扶资金.xlsx), else the kind chosen in the form.  0; -1 with the reason
** in why (400); -2 when the user may not import that kind (403). */
static int upload_add(struct req *q, struct upload *u, const char *filename, const char *kind, const char *data,
		      size_t len, char *why, size_t n)
{
	const char *base = filename; /* without any folder a browser sends */
	for (const char *p = filename; *p; p++)
		if (*p == '/' || *p == '\\')
			base = p + 1;
	snprintf(u->name, sizeof u->name, "%s", base);
	for (char *p = u->name; *p; p++)
		if ((unsigned char)*p < 0x20 || *p == ':')
			*p = '_';
	size_t ext = bundle_ext(u->name);
	if (!ext) {
		snprintf(why, n, "%s: not a .csv or .xlsx file", u->name);
		return -1;
	}
	u->ext = ext == 5 ? ".xlsx" : ".csv";
	u->k = kind_of_file(u->name);
	if (!u->k && kind && *kind)
		u->k = kind_find(kind);
	if (!u->k) {
		snprintf(why, n, "%s: the file name does not name a kind of record (funds.csv, 帮扶资金.xlsx, ...): "
			 "choose its kind", u->name);
		return -1;
	}
	if (!may_import(q, u->k)) {
		snprintf(why, n, "%s", u->name);
		return -2;
	}
	u->data = data;
	u->len = len;
	return 0;
}

/* Imports the files in one transaction, limited to the user's region, as
** `bangfu import` does a bundle: 0 when it landed.  out gets the summary,
** err the row errors as the command line prints them, each file under the
** name the user gave it (FILE:LINE:COLUMN: reason).  The files are read
** from memory (memfd): what a user uploads, identity numbers in clear
** among it, never reaches the disk, and nothing is left behind when the
** worker dies. */
static int import_upload(struct req *q, const struct upload *up, int n, struct buf *out, struct buf *err)
{
	struct import_file files[MAX_UPLOADS];
	char paths[MAX_UPLOADS][32];
	int fds[MAX_UPLOADS], rc = -1, made = 0;
	char why[512] = "";
	for (; made < n; made++) {
		fds[made] = memfd_create("bangfu-upload", MFD_CLOEXEC);
		if (fds[made] < 0)
			break;
		size_t done = 0;
		while (done < up[made].len) {
			ssize_t w = write(fds[made], up[made].data + done, up[made].len - done);
			if (w <= 0)
				break;
			done += (size_t)w;
		}
		if (done < up[made].len) {
			close(fds[made]);
			break;
		}
		snprintf(paths[made], sizeof paths[made], "/proc/self/fd/%d", fds[made]);
		files[made] = (struct import_file){ paths[made], up[made].k, up[made].name, streq(up[made].ext, ".xlsx") };
	}
	struct import_params p;
	memset(&p, 0, sizeof p);
	p.files = files;
	p.nfiles = n;
	snprintf(p.region, sizeof p.region, "%s", q->u.region);
	p.by = q->u.name;
	p.addr = q->addr;
	if (made == n)
		rc = run2(q, import_run, &p, out, err, why, sizeof why);
	else
		snprintf(why, sizeof why, "serve: cannot keep the upload in memory");
	if (rc < 0)
		buf_adds(err, why);
	for (int i = 0; i < made; i++)
		close(fds[i]);
	return rc;
}

/* A plain field of the form (urlencoded or multipart), NULL when absent. */
static const char *form_value(struct req *q, const char *name)
{
	for (int i = 0; i < q->nparts; i++)
		if (!q->parts[i].filename && streq(q->parts[i].name, name))
			return q->parts[i].data;
	return evhttp_find_header(&q->form, name);
}

/* The files of a multipart request (field "file", chosen) and the pasted
** CSV (field "csv", with the kind chosen) as uploads: their number, or -1
** (400) / -2 (403) with the reason in why. */
static int uploads_of(struct req *q, const char *kind, struct upload *up, char *why, size_t n)
{
	int k = 0, rc;
	for (int i = 0; i < q->nparts; i++) {
		const struct form_part *p = &q->parts[i];
		if (!p->filename || !*p->filename) /* a file field left empty */
			continue;
		if (k == MAX_UPLOADS) {
			snprintf(why, n, "at most %d files at a time", MAX_UPLOADS);
			return -1;
		}
		if ((rc = upload_add(q, &up[k], p->filename, kind, p->data, p->len, why, n)) < 0)
			return rc;
		k++;
	}
	const char *csv = form_value(q, "csv");
	if (csv && csv[strspn(csv, " \t\r\n")]) {
		if (!kind || !*kind || !kind_find(kind)) {
			snprintf(why, n, "choose the kind of record of the pasted CSV");
			return -1;
		}
		char name[64];
		snprintf(name, sizeof name, "%s.csv", kind);
		if (k == MAX_UPLOADS) {
			snprintf(why, n, "at most %d files at a time", MAX_UPLOADS);
			return -1;
		}
		if ((rc = upload_add(q, &up[k], name, kind, csv, strlen(csv), why, n)) < 0)
			return rc;
		k++;
	}
	if (!k)
		snprintf(why, n, "choose a file (.csv or .xlsx, several for a bundle) or paste CSV");
	return k ? k : -1;
}

static void h_import(struct req *q)
{
	const char *kind = form_value(q, "kind");
	struct buf out = BUF_INIT, err = BUF_INIT;
	int rc = -2;
	if (evhttp_request_get_command(q->r) == EVHTTP_REQ_POST) {
		struct upload up[MAX_UPLOADS];
		char why[512];
		int n = uploads_of(q, kind, up, why, sizeof why);
		if (n == -2) {
			fail(q, 403, "Forbidden", "forbidden", why);
			return;
		}
		if (n < 0) {
			fail(q, 400, "Bad Request", "bad_request", why);
			return;
		}
		rc = import_upload(q, up, n, &out, &err);
	}
	buf_reset(&q->body);
	page_head(q, T(q, "import"));
	if (rc == 0) {
		buf_addf(&q->body, "<p class=\"ok\">%s</p><pre>", T(q, "imported"));
		buf_add_html(&q->body, out.s);
		buf_adds(&q->body, "</pre>\n");
	} else if (rc != -2) {
		buf_addf(&q->body, "<p class=\"error\">%s</p><pre class=\"errors\">", T(q, "not_imported"));
		buf_add_html(&q->body, err.s);
		buf_adds(&q->body, "</pre>\n");
	}
	buf_addf(&q->body, "<form method=\"post\" action=\"/import\" enctype=\"multipart/form-data\">"
			   "<input type=\"hidden\" name=\"csrf\" value=\"%s\">"
			   "<p><label>%s<br><input type=\"file\" name=\"file\" multiple accept=\".csv,.xlsx\"></label></p>"
			   "<p class=\"hint\">%s</p><label>%s <select name=\"kind\"><option value=\"\">%s</option>",
		 q->csrf, T(q, "files"), T(q, "files_hint"), T(q, "kind"), T(q, "by_file_name"));
	for (int i = 0; i < nkinds; i++) {
		if (!may_import(q, &kinds[i]))
			continue;
		buf_addf(&q->body, "<option value=\"%s\"%s>", kinds[i].name,
			 kind && streq(kind, kinds[i].name) ? " selected" : "");
		buf_add_html(&q->body, kinds[i].label);
		buf_addf(&q->body, " (%s.csv)</option>", kinds[i].name);
	}
	buf_addf(&q->body, "</select></label><p><label>%s<br><textarea name=\"csv\" rows=\"8\" cols=\"80\">"
			   "</textarea></label></p><button type=\"submit\">%s</button></form>\n",
		 T(q, "csv"), T(q, "import"));
	page_foot(q);
	send_page(q, rc > 0 || rc == -1 ? 422 : 200, rc > 0 || rc == -1 ? "Unprocessable Entity" : "OK");
	buf_release(&out);
	buf_release(&err);
}

/* POST /api/v1/import?kind=KIND with the CSV (or, as
** application/vnd.openxmlformats-officedocument.spreadsheetml.sheet, the
** workbook) as the body; or multipart/form-data with files named by kind. */
static void h_api_import(struct req *q)
{
	const char *kind = qarg(q, "kind");
	struct upload up[MAX_UPLOADS];
	char why[512];
	int n;
	struct evbuffer *in = evhttp_request_get_input_buffer(q->r);
	size_t len = evbuffer_get_length(in);
	char *body = NULL;
	if (q->nparts) {
		n = uploads_of(q, kind, up, why, sizeof why);
	} else {
		const char *ctype = evhttp_find_header(evhttp_request_get_input_headers(q->r), "Content-Type");
		int xlsx = ctype && strstr(ctype, "spreadsheetml") != NULL;
		char name[64];
		snprintf(name, sizeof name, "%s%s", kind ? kind : "", xlsx ? ".xlsx" : ".csv");
		body = xmalloc(len + 1);
		evbuffer_copyout(in, body, len);
		body[len] = 0;
		if (!kind || !kind_find(kind)) {
			snprintf(why, sizeof why, "?kind= names a kind of record");
			n = -1;
		} else {
			n = upload_add(q, &up[0], name, kind, body, len, why, sizeof why);
			n = n == 0 ? 1 : n;
		}
	}
	if (n < 0) {
		free(body);
		if (n == -2)
			fail(q, 403, "Forbidden", "forbidden", NULL);
		else
			fail(q, 400, "Bad Request", "bad_request", why);
		return;
	}
	struct buf out = BUF_INIT, err = BUF_INIT;
	int rc = import_upload(q, up, n, &out, &err);
	free(body);
	json_t *lines = json_array();
	for (char *p = err.s; *p;) {
		size_t l = strcspn(p, "\n");
		json_array_append_new(lines, json_stringn(p, l));
		p += l;
		if (*p)
			p++;
	}
	json_t *j = json_pack("{s:i, s:b, s:s, s:o}", "status", rc == 0 ? 200 : 422, "imported", rc == 0,
			      "summary", out.s, "errors", lines);
	send_json(q, rc == 0 ? 200 : 422, rc == 0 ? "OK" : "Unprocessable Entity", j);
	buf_release(&out);
	buf_release(&err);
}

/* ---- projects: a page each, and their lifecycle -------------------------- */

static const char *const steps[] = { "planned", "approved", "started", "completed", "accepted", "settled",
				     "cancelled", NULL };
static const char *const step_zh[] = { "谋划", "批复", "开工", "完工", "验收", "报账", "取消" };

/* May the user see the records of a western county?  A western region
** holds it; an eastern one, when one of its pairings covers it. */
static int county_visible(struct req *q, const char *county)
{
	if (!q->u.region[0])
		return 1;
	if (!streq(region_side(q), "--east"))
		return in_user_region(q, county);
	struct db *db = q->app->c->db;
	struct scope *s = scope_load(db);
	int ok = 0;
	for (int p = 0; p < scope_npairings(s) && !ok; p++)
		ok = pairing_visible(q, s, p) && scope_within(s, county, scope_pairing_west(s, p));
	scope_free(s);
	return ok;
}

static int may_write_project(struct req *q, const char *county)
{
	if (q->u.role == ROLE_ADMIN)
		return 1;
	return q->u.role == ROLE_CLERK && q->u.region[0] && county && in_user_region(q, county);
}

/*
** Takes project id to status on date, as the user: the project's row goes
** through import (the same rules as a clerk's spreadsheet: the status only
** moves forward, a step's date only once), then the step is recorded with
** who took it.  0 when done; else -1 and err says why.
*/
static int project_step(struct req *q, const char *id, const char *status, const char *date, struct buf *err)
{
	struct db *db = q->app->c->db;
	char d[11], why[128];
	int si = -1;
	for (int i = 0; steps[i]; i++)
		if (streq(steps[i], status ? status : ""))
			si = i;
	if (si < 0) {
		buf_adds(err, "status: one of planned, approved, started, completed, accepted, settled, cancelled");
		return -1;
	}
	if (!date || date_parse(date, d, why, sizeof why) < 0) {
		buf_addf(err, "date: %s", date ? why : "a date (YYYY-MM-DD) is needed");
		return -1;
	}
	struct stmt *st = db_prepare(db,
		"SELECT id, name, county, village, pairing, category, budget, year, status, started, completed, "
		"accepted, settled FROM projects WHERE id = ?");
	stmt_bind_text(st, 1, id);
	if (!stmt_step(st)) {
		stmt_finalize(st);
		buf_addf(err, "no project %s", id);
		return -1;
	}
	struct buf csv = BUF_INIT;
	buf_adds(&csv, "id,name,county,village,pairing,category,budget,year,status,started,completed,accepted,settled\n");
	char before[16];
	snprintf(before, sizeof before, "%s", stmt_text(st, 8));
	char county[13];
	snprintf(county, sizeof county, "%s", stmt_text(st, 2));
	for (int i = 0; i < 13; i++) {
		char m[32];
		const char *v = stmt_text(st, i);
		if (i == 6) {
			money_format(stmt_int(st, 6), m);
			v = m;
		}
		if (i == 8)
			v = status;
		if (i >= 9 && streq(steps[i - 7], status))
			v = d;
		if (i)
			buf_addc(&csv, ',');
		buf_add_csv(&csv, v);
	}
	buf_addc(&csv, '\n');
	stmt_finalize(st);
	if (!may_write_project(q, county)) {
		buf_release(&csv);
		return -2;
	}
	struct buf out = BUF_INIT;
	struct upload up = { "projects.csv", kind_find("projects"), ".csv", csv.s, csv.len };
	int rc = import_upload(q, &up, 1, &out, err);
	buf_release(&csv);
	buf_release(&out);
	if (rc != 0)
		return -1;
	char now[32], after[48];
	iso_time(now, 0);
	db_begin(db);
	st = db_prepare(db, "INSERT INTO project_steps(project, status, date, by_, at) VALUES(?, ?, ?, ?, ?) "
			    "ON CONFLICT(project, status) DO NOTHING");
	stmt_bind_text(st, 1, id);
	stmt_bind_text(st, 2, status);
	stmt_bind_text(st, 3, d);
	stmt_bind_text(st, 4, q->u.name);
	stmt_bind_text(st, 5, now);
	stmt_step(st);
	stmt_finalize(st);
	db_commit(db);
	snprintf(after, sizeof after, "%s %s", status, d);
	audit_log(db, q->u.name, q->addr, "project_step", id, before, after);
	return 0;
}

static void h_project(struct req *q)
{
	const char *id = q->path + strlen("/projects/");
	struct db *db = q->app->c->db;
	char *county = db_text(db, "SELECT county FROM projects WHERE id = ?", id, (char *)NULL);
	if (!county) {
		fail(q, 404, "Not Found", "not_found", NULL);
		return;
	}
	if (!county_visible(q, county)) {
		free(county);
		fail(q, 403, "Forbidden", "forbidden", NULL);
		return;
	}
	struct buf err = BUF_INIT;
	int rc = 1;
	if (evhttp_request_get_command(q->r) == EVHTTP_REQ_POST) {
		rc = project_step(q, id, evhttp_find_header(&q->form, "status"), evhttp_find_header(&q->form, "date"),
				  &err);
		if (rc == -2) {
			free(county);
			buf_release(&err);
			fail(q, 403, "Forbidden", "forbidden", NULL);
			return;
		}
		if (rc == 0) {
			char to[160];
			snprintf(to, sizeof to, "/projects/%s", id);
			free(county);
			buf_release(&err);
			redirect(q, to);
			return;
		}
	}
	buf_reset(&q->body);
	char *name = db_text(db, "SELECT name FROM projects WHERE id = ?", id, (char *)NULL);
	page_head(q, name ? name : id);
	free(name);
	if (rc == -1) {
		buf_adds(&q->body, "<p class=\"error\">");
		buf_add_html(&q->body, err.s);
		buf_adds(&q->body, "</p>\n");
	}
	struct stmt *st = db_prepare(db, "SELECT status, budget, year, category, started, completed, accepted, settled "
					 "FROM projects WHERE id = ?");
	stmt_bind_text(st, 1, id);
	char status[16] = "";
	if (stmt_step(st)) {
		char b[32];
		money_format(stmt_int(st, 1), b);
		snprintf(status, sizeof status, "%s", stmt_text(st, 0));
		buf_addf(&q->body, "<p>%s · %s · %lld · %s 元</p>\n", id, stmt_text(st, 3), (long long)stmt_int(st, 2), b);
		buf_addf(&q->body, "<table><tr><th>%s</th><th>%s</th><th>%s</th></tr>\n", T(q, "step"), T(q, "date"),
			 T(q, "who"));
		for (int i = 0; i < 6; i++) {
			const char *dcol = i >= 2 ? stmt_text(st, 2 + i) : NULL;
			char *by = db_text(db, "SELECT by_ FROM project_steps WHERE project = ? AND status = ?", id,
					   steps[i], (char *)NULL);
			char *on = dcol ? NULL
				   : db_text(db, "SELECT date FROM project_steps WHERE project = ? AND status = ?", id,
					     steps[i], (char *)NULL);
			buf_addf(&q->body, "<tr%s><td>%s</td><td>%s</td><td>", streq(status, steps[i]) ? " class=\"now\"" : "",
				 q->lang == EN ? steps[i] : step_zh[i], dcol ? dcol : on ? on : "");
			buf_add_html(&q->body, by ? by : "");
			buf_adds(&q->body, "</td></tr>\n");
			free(by);
			free(on);
		}
		buf_adds(&q->body, "</table>\n");
	}
	stmt_finalize(st);
	if (may_write_project(q, county)) {
		buf_addf(&q->body, "<form method=\"post\"><input type=\"hidden\" name=\"csrf\" value=\"%s\">"
				   "<label>%s <select name=\"status\">", q->csrf, T(q, "step"));
		for (int i = 0; steps[i]; i++)
			buf_addf(&q->body, "<option value=\"%s\">%s</option>", steps[i], q->lang == EN ? steps[i] : step_zh[i]);
		buf_addf(&q->body, "</select></label><label>%s <input name=\"date\" placeholder=\"YYYY-MM-DD\" required>"
				   "</label><button type=\"submit\">%s</button></form>\n", T(q, "date"), T(q, "record_step"));
	}
	/* the money's path, as `bangfu trace project` gives it */
	struct trace_params tp = { "project", id, FMT_JSON };
	struct buf out = BUF_INIT;
	char why[512];
	if (run(q, trace_run, &tp, &out, why, sizeof why) == 0) {
		buf_addf(&q->body, "<h2>%s</h2>", T(q, "trail"));
		json_table(q, out.s, out.len);
	}
	buf_release(&out);
	page_foot(q);
	free(county);
	buf_release(&err);
	send_page(q, rc == -1 ? 422 : 200, rc == -1 ? "Unprocessable Entity" : "OK");
}

static void h_api_step(struct req *q)
{
	/* /api/v1/projects/ID/step */
	const char *rest = q->path + strlen("/api/v1/projects/");
	const char *slash = strrchr(rest, '/');
	if (!slash || !streq(slash, "/step") || slash == rest) {
		fail(q, 404, "Not Found", "not_found", NULL);
		return;
	}
	char id[128];
	snprintf(id, sizeof id, "%.*s", (int)(slash - rest), rest);
	struct buf err = BUF_INIT;
	int rc = project_step(q, id, qarg(q, "status"), qarg(q, "date"), &err);
	if (rc == -2)
		fail(q, 403, "Forbidden", "forbidden", NULL);
	else if (rc < 0)
		send_json(q, 422, "Unprocessable Entity", json_pack("{s:i, s:s}", "status", 422, "error", err.s));
	else
		send_json(q, 200, "OK", json_pack("{s:s, s:s, s:s}", "project", id, "status", qarg(q, "status"), "by", q->u.name));
	buf_release(&err);
}

/* ---- reports, the bulletin, and exports ------------------------------------ */

/* Is the pairing named by ?pairing= visible?  Answers 403 when not. */
static int pairing_allowed(struct req *q, const char *pairing)
{
	struct db *db = q->app->c->db;
	db_begin_read(db);
	struct scope *s = scope_load(db);
	int p = scope_pairing_index(s, pairing);
	int ok = p >= 0 && pairing_visible(q, s, p);
	scope_free(s);
	db_commit(db);
	if (p < 0)
		fail(q, 404, "Not Found", "not_found", NULL);
	else if (!ok)
		fail(q, 403, "Forbidden", "forbidden", NULL);
	return ok;
}




/* /reports/indicators|funds|projects|labour: a page, or ?format=csv|xlsx */
/*
** The parameters of `report WHAT` for a request to prefix + WHAT: the
** pairing asked for (when the user may see it: else 404 or 403), else the
** user's region, which the report applies in any case, and the options the
** report takes from the query (year, as_of, from, to), each checked.
** 0, or -1 when it has answered.
*/
static int report_params_of(struct req *q, const char *prefix, struct report_params *p)
{
	memset(p, 0, sizeof *p);
	const char *what = q->path + strlen(prefix);
	if (!streq(what, "indicators") && !streq(what, "funds") && !streq(what, "projects") &&
	    !streq(what, "labour")) {
		fail(q, 404, "Not Found", "not_found", NULL);
		return -1;
	}
	p->what = what;
	snprintf(p->region, sizeof p->region, "%s", q->u.region);
	p->region_east = q->region_east;
	static const char *const names[] = { "pairing", "year", "as_of", "from", "to" };
	int ind = streq(what, "indicators"), lab = streq(what, "labour");
	const char *use[5];
	int n = 0;
	for (size_t i = 0; i < ARRAY_SIZE(names); i++)
		if (i == 0 || (ind ? i < 3 : i >= 3 || (i == 2 && lab)))
			use[n++] = names[i];
	if (query_params(q, report_options, nreport_options, p, use, n) < 0)
		return -1;
	if (p->pairing && !pairing_allowed(q, p->pairing))
		return -1;
	p->fmt = FMT_JSON;
	return 0;
}

static void h_report_page(struct req *q)
{
	struct report_params p;
	if (report_params_of(q, "/reports/", &p) < 0)
		return;
	const char *what = p.what, *pairing = p.pairing;
	int ind = streq(what, "indicators");
	const char *format = qarg(q, "format");
	char name[64];
	if (format && streq(format, "xlsx") && !ind) {
		snprintf(name, sizeof name, "%s.xlsx", what);
		send_xlsx(q, report_run, &p, &p.output, &p.fmt, name);
		return;
	}
	int csv = format && streq(format, "csv");
	p.fmt = csv ? FMT_CSV : FMT_JSON;
	struct buf out = BUF_INIT;
	if (run_or_fail(q, report_run, &p, &out) < 0)
		return;
	if (csv) {
		snprintf(name, sizeof name, "%s.csv", what);
		download(q, "text/csv; charset=utf-8", name, out.s, out.len);
		buf_release(&out);
		return;
	}
	buf_reset(&q->body);
	page_head(q, T(q, what));
	buf_adds(&q->body, "<form method=\"get\">");
	static const char *const fields[][2] = { { "pairing", "pairing" }, { "year", "year" }, { "from", "from_year" },
						 { "to", "to_year" } };
	for (size_t i = 0; i < ARRAY_SIZE(fields); i++) {
		if ((i == 1) != ind && i > 0)
			continue;
		buf_addf(&q->body, "<label>%s <input name=\"%s\" value=\"", T(q, fields[i][1]), fields[i][0]);
		buf_add_html(&q->body, qarg(q, fields[i][0]) ? qarg(q, fields[i][0]) : "");
		buf_adds(&q->body, "\" size=\"8\"></label> ");
	}
	buf_adds(&q->body, "<button>OK</button></form>\n<p>");
	char *enc = evhttp_encode_uri(pairing ? pairing : "");
	buf_adds(&q->body, "<a href=\"?format=csv&amp;pairing=");
	buf_add_html(&q->body, enc);
	buf_adds(&q->body, "\">CSV</a>");
	if (!ind) {
		buf_adds(&q->body, " <a href=\"?format=xlsx&amp;pairing=");
		buf_add_html(&q->body, enc);
		buf_adds(&q->body, "\">Excel</a>");
	}
	free(enc);
	buf_adds(&q->body, "</p>\n");
	json_table(q, out.s, out.len);
	page_foot(q);
	send_page(q, 200, "OK");
	buf_release(&out);
}

/* The parameters of `bulletin` for ?month=, in the user's region: 0, or
** -1 when the month is bad (answered 400). */
static int bulletin_params_of(struct req *q, struct bulletin_params *p)
{
	memset(p, 0, sizeof *p);
	static const char *const names[] = { "month" };
	if (query_params(q, bulletin_options, nbulletin_options, p, names, 1) < 0)
		return -1;
	if (q->u.region[0])
		snprintf(q->region_east ? p->east : p->west, PARTY_MAX, "%s", q->u.region);
	return 0;
}

/* /bulletin?month=: the printable bulletin itself, or ?format=csv|xlsx */
static void h_bulletin_page(struct req *q)
{
	const char *month = qarg(q, "month");
	if (!month) {
		buf_reset(&q->body);
		page_head(q, T(q, "bulletin"));
		buf_addf(&q->body, "<form method=\"get\"><label>%s <input name=\"month\" placeholder=\"YYYY-MM\" required>"
				   "</label> <button>OK</button></form>\n", T(q, "month"));
		page_foot(q);
		send_page(q, 200, "OK");
		return;
	}
	struct bulletin_params p;
	if (bulletin_params_of(q, &p) < 0)
		return;
	const char *format = qarg(q, "format");
	char name[64];
	snprintf(name, sizeof name, "bulletin-%s.%s", p.month, format && streq(format, "xlsx") ? "xlsx" : "csv");
	if (format && streq(format, "xlsx")) {
		send_xlsx(q, bulletin_run, &p, &p.output, &p.fmt, name);
		return;
	}
	p.fmt = format && streq(format, "csv") ? FMT_CSV : FMT_HTML;
	struct buf out = BUF_INIT;
	if (run_or_fail(q, bulletin_run, &p, &out) < 0)
		return;
	if (format && streq(format, "csv")) {
		download(q, "text/csv; charset=utf-8", name, out.s, out.len);
	} else {
		/* one printable document with its own stylesheet: allowed by its hash */
		const char *a = strstr(out.s, "<style>"), *b = a ? strstr(a, "</style>") : NULL;
		char style[128] = "'self'";
		if (a && b) {
			unsigned char h[crypto_hash_sha256_BYTES];
			crypto_hash_sha256(h, (const unsigned char *)a + 7, (unsigned long long)(b - a - 7));
			char b64[64];
			sodium_bin2base64(b64, sizeof b64, h, sizeof h, sodium_base64_VARIANT_ORIGINAL);
			snprintf(style, sizeof style, "'sha256-%s'", b64);
		}
		security_headers_style(q->r, "text/html; charset=utf-8", style);
		struct evbuffer *e = evbuffer_new();
		evbuffer_add(e, out.s, out.len);
		evhttp_send_reply(q->r, 200, "OK", e);
		evbuffer_free(e);
	}
	buf_release(&out);
}

/* ---- the JSON API --------------------------------------------------------- */

/* A command's output as type, or a 400 with its message. */
static void api_run_as(struct req *q, run_fn fn, const void *p, const char *type)
{
	struct buf out = BUF_INIT;
	if (run_or_fail(q, fn, p, &out) < 0)
		return;
	answer(q, 200, "OK", type, out.s, out.len);
	buf_release(&out);
}

static void api_run(struct req *q, run_fn fn, const void *p)
{
	api_run_as(q, fn, p, "application/json; charset=utf-8");
}

static void h_api_me(struct req *q)
{
	json_t *j = json_pack("{s:s, s:s, s:s?}", "name", q->u.name, "role", roles[q->u.role], "region",
			      q->u.region[0] ? q->u.region : NULL);
	send_json(q, 200, "OK", j);
}

static void h_api_records(struct req *q)
{
	const struct kind *k = records_kind(q, "/api/v1/records/");
	if (!k)
		return;
	struct list_params p;
	if (list_params_of(q, k, &p, page_arg(q)) < 0)
		return;
	if (qarg(q, "clear")) { /* each view of numbers in clear is made (and audited) anew */
		api_run(q, list_run, &p);
		return;
	}
	/* the same list for the same region until the store changes: made once */
	const struct evhttp_uri *u = evhttp_request_get_evhttp_uri(q->r);
	const char *query = u ? evhttp_uri_get_query(u) : NULL;
	char key[640];
	snprintf(key, sizeof key, "api %s %s?%s", q->u.region, q->path, query ? query : "");
	const struct buf *kept = kept_get(q, key);
	if (!kept) {
		struct buf out = BUF_INIT;
		if (run_or_fail(q, list_run, &p, &out) < 0)
			return;
		kept = kept_put(q, key, out.s, out.len);
		buf_release(&out);
	}
	answer(q, 200, "OK", "application/json; charset=utf-8", kept->s, kept->len);
}

/* report indicators|funds|projects|labour, within the user's region. */
static void h_api_report(struct req *q)
{
	struct report_params p;
	if (report_params_of(q, "/api/v1/reports/", &p) < 0)
		return;
	api_run(q, report_run, &p);
}

static void h_api_trace(struct req *q)
{
	const char *rest = q->path + strlen("/api/v1/trace/");
	char kind[16], id[128];
	const char *slash = strchr(rest, '/');
	if (!slash || (size_t)(slash - rest) >= sizeof kind || strlen(slash + 1) >= sizeof id || !slash[1]) {
		fail(q, 404, "Not Found", "not_found", NULL);
		return;
	}
	snprintf(kind, sizeof kind, "%.*s", (int)(slash - rest), rest);
	snprintf(id, sizeof id, "%s", slash + 1);
	/* the county the money is for must lie in the user's region */
	if (q->u.region[0]) {
		const char *sql = streq(kind, "fund") ? "SELECT to_ FROM funds WHERE id = ?"
				: streq(kind, "project") ? "SELECT county FROM projects WHERE id = ?"
				: "SELECT p.county FROM payments x JOIN projects p ON p.id = x.project WHERE x.id = ?";
		char *county = db_text(q->app->c->db, sql, id, (char *)NULL);
		int ok = county && county_visible(q, county);
		free(county);
		if (!ok) {
			fail(q, 403, "Forbidden", "forbidden", NULL);
			return;
		}
	}
	struct trace_params p = { kind, id, FMT_JSON };
	api_run(q, trace_run, &p);
}

static void h_api_bulletin(struct req *q)
{
	struct bulletin_params p;
	if (bulletin_params_of(q, &p) < 0)
		return;
	p.fmt = FMT_CSV;
	api_run_as(q, bulletin_run, &p, "text/csv; charset=utf-8");
}

static void h_api_doc(struct req *q)
{
	buf_reset(&q->body);
	page_head(q, T(q, "api"));
	buf_adds(&q->body,
		"<p>Every call needs a signed-in session (the bf_session cookie from <code>POST /login</code>) and "
		"answers within the account's region; a call outside it answers 403, a call without a session 401. "
		"Answers are the command line's own: the same handlers, as JSON.</p>\n<table>"
		"<tr><th>call</th><th>answer</th><th>as the command</th></tr>\n"
		"<tr><td>GET /api/v1/me</td><td>the account: name, role, region</td><td></td></tr>\n"
		"<tr><td>GET /api/v1/records/KIND?search=&amp;page=</td><td>50 records a page, identity numbers masked</td>"
		"<td>bangfu list KIND --in REGION --search TEXT --format json</td></tr>\n"
		"<tr><td>GET /api/v1/reports/indicators?pairing=&amp;year=&amp;as_of=</td><td>every indicator with its target</td>"
		"<td>bangfu report indicators --format json</td></tr>\n"
		"<tr><td>GET /api/v1/reports/funds|projects|labour?pairing=&amp;from=&amp;to=</td><td>the report</td>"
		"<td>bangfu report funds|projects|labour --format json</td></tr>\n"
		"<tr><td>GET /api/v1/trace/fund|project|payment/ID</td><td>the money's path, payees masked</td>"
		"<td>bangfu trace KIND ID --format json</td></tr>\n"
		"<tr><td>GET /api/v1/bulletin?month=YYYY-MM</td><td>the monthly bulletin, csv</td>"
		"<td>bangfu bulletin --month YYYY-MM --format csv</td></tr>\n"
		"<tr><td>POST /api/v1/import?kind=KIND (body: the CSV; header X-CSRF-Token)</td>"
		"<td>{imported, summary, errors: [\"FILE:LINE:COLUMN: reason\", ...]}; 422 and nothing lands on any error; "
		"a clerk writes only its county, an eastern office only targets of its pairings</td>"
		"<td>bangfu import --region REGION KIND.csv</td></tr>\n"
		"</table>\n<p>Errors: <code>{\"status\": 400, \"error\": \"...\"}</code> with the same message the "
		"command line prints.</p>\n");
	page_foot(q);
	send_page(q, 200, "OK");
}

/* ---- routes ---------------------------------------------------------------- */

static const struct route routes[] = {
	{ EVHTTP_REQ_GET, "/", ANYONE, h_home },
	{ EVHTTP_REQ_GET, "/static/app.css", ANYONE, h_css },
	{ EVHTTP_REQ_GET, "/login", ANYONE, h_login },
	{ EVHTTP_REQ_POST, "/login", ANYONE, h_login },
	{ EVHTTP_REQ_POST, "/logout", STAFF, h_logout },
	{ EVHTTP_REQ_GET, "/dashboard", STAFF, h_dashboard },
	{ EVHTTP_REQ_GET, "/records/", STAFF, h_records },
	{ EVHTTP_REQ_GET, "/audit", R(ROLE_ADMIN) | R(ROLE_AUDITOR), h_audit },
	{ EVHTTP_REQ_GET, "/complaints", R(ROLE_ADMIN) | R(ROLE_CLERK) | R(ROLE_AUDITOR), h_complaints },
	{ EVHTTP_REQ_GET, "/complaints/", R(ROLE_ADMIN) | R(ROLE_CLERK) | R(ROLE_AUDITOR), h_complaint },
	{ EVHTTP_REQ_POST, "/complaints/", R(ROLE_ADMIN) | R(ROLE_CLERK), h_complaint },
	{ EVHTTP_REQ_GET, "/import", R(ROLE_ADMIN) | R(ROLE_CLERK) | R(ROLE_EAST), h_import },
	{ EVHTTP_REQ_POST, "/import", R(ROLE_ADMIN) | R(ROLE_CLERK) | R(ROLE_EAST), h_import },
	{ EVHTTP_REQ_POST, "/api/v1/import", R(ROLE_ADMIN) | R(ROLE_CLERK) | R(ROLE_EAST), h_api_import },
	{ EVHTTP_REQ_GET, "/projects/", STAFF, h_project },
	{ EVHTTP_REQ_GET, "/reports/", STAFF, h_report_page },
	{ EVHTTP_REQ_GET, "/bulletin", STAFF, h_bulletin_page },
	{ EVHTTP_REQ_POST, "/projects/", R(ROLE_ADMIN) | R(ROLE_CLERK), h_project },
	{ EVHTTP_REQ_POST, "/api/v1/projects/", R(ROLE_ADMIN) | R(ROLE_CLERK), h_api_step },
	{ EVHTTP_REQ_GET, "/api", STAFF, h_api_doc },
	{ EVHTTP_REQ_GET, "/api/v1/me", STAFF, h_api_me },
	{ EVHTTP_REQ_GET, "/api/v1/records/", STAFF, h_api_records },
	{ EVHTTP_REQ_GET, "/api/v1/reports/", STAFF, h_api_report },
	{ EVHTTP_REQ_GET, "/api/v1/trace/", STAFF, h_api_trace },
	{ EVHTTP_REQ_GET, "/api/v1/bulletin", STAFF, h_api_bulletin },
};

static const struct route *route_find(const char *path, int method, int *path_known)
{
	*path_known = 0;
	const struct route *t = starts_with(path, "/p/") || streq(path, "/p") ? portal_routes : routes;
	int n = t == routes ? (int)ARRAY_SIZE(routes) : nportal_routes;
	for (int i = 0; i < n; i++) {
		const char *p = t[i].path;
		size_t len = strlen(p);
		int match = p[len - 1] == '/' && len > 1 ? strncmp(path, p, len) == 0 && path[len] : streq(path, p);
		if (!match)
			continue;
		*path_known = 1;
		if (t[i].method == method || (method == EVHTTP_REQ_HEAD && t[i].method == EVHTTP_REQ_GET))
			return &t[i];
	}
	return NULL;
}

/* Is s an IPv4 or IPv6 address (not a name)? */
static int ip_address(const char *s)
{
	unsigned char bin[16];
	return inet_pton(AF_INET, s, bin) == 1 || inet_pton(AF_INET6, s, bin) == 1;
}

/* The client's address: the connection's peer; or, when the peer is the
** reverse proxy named by --proxy, the address that proxy saw and put last
** in X-Forwarded-For (what a client wrote there itself comes before it,
** and is not believed). */
static void client_addr(struct evhttp_request *r, const char *proxy, char out[64])
{
	char *host = NULL;
	ev_uint16_t port = 0;
	struct evhttp_connection *conn = evhttp_request_get_connection(r);
	if (conn)
		evhttp_connection_get_peer(conn, &host, &port);
	snprintf(out, 64, "%s", host ? host : "?");
	if (!proxy || !host || !streq(host, proxy))
		return;
	const char *xff = NULL;
	struct evkeyval *h;
	TAILQ_FOREACH(h, evhttp_request_get_input_headers(r), next)
		if (strcasecmp(h->key, "X-Forwarded-For") == 0)
			xff = h->value;
	if (!xff)
		return;
	const char *last = strrchr(xff, ',');
	last = last ? last + 1 : xff;
	last += strspn(last, " \t");
	char a[64];
	snprintf(a, sizeof a, "%.*s", (int)strcspn(last, " \t"), last);
	if (ip_address(a))
		snprintf(out, 64, "%s", a);
}

static void on_conn_close(struct evhttp_connection *conn, void *arg)
{
	struct app *app = arg;
	char k[32];
	snprintf(k, sizeof k, "%p", (void *)conn);
	if (!map_get(&app->open, k))
		return;
	map_put(&app->open, k, NULL);
	app->conns--;
	if (app->paused && app->conns < app->max_conns) {
		evconnlistener_enable(app->listener);
		app->paused = 0;
	}
}

/* Counts the connection a request came on; at the limit, stops accepting. */
static void track_connection(struct app *app, struct evhttp_request *r)
{
	struct evhttp_connection *conn = evhttp_request_get_connection(r);
	char k[32];
	snprintf(k, sizeof k, "%p", (void *)conn);
	if (!conn || map_get(&app->open, k))
		return;
	map_put(&app->open, k, app);
	evhttp_connection_set_closecb(conn, on_conn_close, app);
	if (++app->conns >= app->max_conns && !app->paused && app->listener) {
		evconnlistener_disable(app->listener);
		app->paused = 1;
	}
}

/* A handler that dies (a store error) answers 500; the server goes on. */
static void run_handler(const struct route *rt, struct req *q)
{
	struct die_trap trap;
	if (setjmp(trap.jb) == 0) {
		die_trap_set(&trap);
		rt->fn(q);
		die_trap_set(NULL);
	} else {
		db_abort(q->app->c->db);
		fprintf(stderr, "bangfu: serve: %s: %s\n", q->path, trap.msg);
		fail(q, 500, "Internal Server Error", "internal", NULL);
	}
}

static void deadline_push(struct app *app, struct evhttp_request *r);

/* Are every name and value of h text: valid UTF-8 without control
** characters, of a sane length?  A form's pasted CSV may hold line breaks. */
static int values_ok(struct evkeyvalq *h)
{
	struct evkeyval *kv;
	TAILQ_FOREACH(kv, h, next) {
		size_t n = strlen(kv->value), bad;
		if (!text_ok(kv->key, 64) || !utf8_valid((const unsigned char *)kv->value, n, &bad))
			return 0;
		for (const unsigned char *p = (const unsigned char *)kv->value; *p; p++)
			if ((*p < 0x20 && *p != '\n' && *p != '\r' && *p != '\t') || *p == 0x7f)
				return 0;
	}
	return 1;
}

static void dispatch(struct evhttp_request *r, void *arg)
{
	struct app *app = arg;
	track_connection(app, r);
	deadline_push(app, r);
	struct req q;
	memset(&q, 0, sizeof q);
	q.app = app;
	q.r = r;
	q.body = app->body; /* grown once, not at every request */
	buf_reset(&q.body);
	TAILQ_INIT(&q.query);
	TAILQ_INIT(&q.form);
	const struct evhttp_uri *uri = evhttp_request_get_evhttp_uri(r);
	const char *path = uri ? evhttp_uri_get_path(uri) : NULL;
	q.path = path && *path ? path : "/";
	client_addr(r, app->proxy, q.addr);
	const char *query = uri ? evhttp_uri_get_query(uri) : NULL;
	if (query && evhttp_parse_query_str(query, &q.query) != 0) {
		answer(&q, 400, "Bad Request", "text/plain; charset=utf-8", "bad query\n", 10);
		goto done;
	}
	/* every value a handler may read is text: a bad one is answered here,
	** never passed on to a page, a message or a query */
	if (!text_ok(q.path, 2048) || !values_ok(&q.query)) {
		q.path = starts_with(q.path, "/api/") ? "/api/" : "/";
		fail(&q, 400, "Bad Request", "bad_request",
		     "the address holds something that is not text (UTF-8): check the link");
		goto done;
	}
	/* the language: ?lang= (remembered in a cookie), else the cookie; only
	** the languages there are */
	char lang[16] = "";
	const char *ql = evhttp_find_header(&q.query, "lang");
	if (ql && (streq(ql, "en") || streq(ql, "zh-TW") || streq(ql, "zh-CN"))) {
		snprintf(lang, sizeof lang, "%s", ql);
		set_cookie(&q, "bf_lang", lang, 365 * 86400);
	} else {
		cookie(r, "bf_lang", lang, sizeof lang);
	}
	q.lang = streq(lang, "en") ? EN : streq(lang, "zh-TW") ? ZH_TW : ZH_CN;
	int method = (int)evhttp_request_get_command(r), known;
	const struct route *rt = route_find(q.path, method, &known);
	if (!rt) {
		if (known)
			fail(&q, 405, "Method Not Allowed", "bad_request", "method not allowed");
		else
			fail(&q, 404, "Not Found", "not_found", NULL);
		goto done;
	}
	const char *ctype = evhttp_find_header(evhttp_request_get_input_headers(r), "Content-Type");
	/* a page's form; the API's bodies are what its calls say (a CSV) */
	if (method == EVHTTP_REQ_POST && !is_api(&q) && ctype &&
	    starts_with(ctype, "application/x-www-form-urlencoded")) {
		struct evbuffer *in = evhttp_request_get_input_buffer(r);
		size_t n = evbuffer_get_length(in);
		char *body = xmalloc(n + 1);
		evbuffer_copyout(in, body, n);
		body[n] = 0;
		int bad = evhttp_parse_query_str(body, &q.form) != 0 || !values_ok(&q.form);
		free(body);
		if (bad) {
			fail(&q, 400, "Bad Request", "bad_request", "malformed form");
			goto done;
		}
	} else if (method == EVHTTP_REQ_POST && ctype && starts_with(ctype, "multipart/form-data")) {
		/* a form with files: its plain fields (the CSRF token) go to the
		** form too, when they are one line */
		struct evbuffer *in = evhttp_request_get_input_buffer(r);
		size_t n = evbuffer_get_length(in);
		const char *body = (const char *)evbuffer_pullup(in, -1);
		q.nparts = multipart_parse(ctype, body ? body : "", n, &q.parts);
		if (q.nparts < 0) {
			q.nparts = 0;
			fail(&q, 400, "Bad Request", "bad_request", "malformed multipart form");
			goto done;
		}
		for (int i = 0; i < q.nparts; i++)
			if (!q.parts[i].filename && !strpbrk(q.parts[i].data, "\r\n"))
				evhttp_add_header(&q.form, q.parts[i].name, q.parts[i].data);
		if (!values_ok(&q.form)) {
			fail(&q, 400, "Bad Request", "bad_request", "malformed multipart form");
			goto done;
		}
	}
	if (rt->roles != PUBLIC)
		session_load(&q);
	/* permission first: who may use the route */
	if (rt->roles > 0) {
		if (!q.u.name[0]) {
			if (is_api(&q))
				fail(&q, 401, "Unauthorized", "signin", NULL);
			else
				redirect(&q, "/login");
			goto done;
		}
		if (!(rt->roles & R(q.u.role))) {
			fail(&q, 403, "Forbidden", "forbidden", NULL);
			goto done;
		}
	}
	/* a state-changing request carries its CSRF token: the session's, or
	** before sign-in the one the sign-in form set in a cookie */
	if (method == EVHTTP_REQ_POST) {
		const char *sent = evhttp_find_header(&q.form, "csrf");
		if (!sent)
			sent = evhttp_find_header(evhttp_request_get_input_headers(r), "X-CSRF-Token");
		char pre[64] = "";
		const char *want = q.u.name[0] && !streq(q.path, "/login") ? q.csrf
				   : cookie(r, "bf_pre", pre, sizeof pre) ? pre : NULL;
		if (!sent || !want || !*want || strlen(sent) != strlen(want) ||
		    sodium_memcmp(sent, want, strlen(want)) != 0) {
			fail(&q, 403, "Forbidden", "csrf", NULL);
			goto done;
		}
	}
	run_handler(rt, &q);
done:
	evhttp_clear_headers(&q.query);
	evhttp_clear_headers(&q.form);
	multipart_free(q.parts, q.nparts);
	if (q.body.cap > (1 << 20)) /* a big answer's memory goes back */
		buf_release(&q.body);
	app->body = q.body;
}

static void on_worker_death(void)
{
	private_dirs_clear();
}

/*
** Deadlines.  evhttp's own timeout is for a connection that is silent; a
** request trickled a byte at a time would hold its connection for ever.
** So a connection must bring a whole request within --request-seconds of
** being accepted, and the next one within twice that of the previous
** request (an idle keep-alive, then the request).  Once a second the
** worker looks at its open sockets (/proc/self/fd): a connection of this
** server's port is known by its descriptor and its client's address and
** port; one past its deadline, with no answer still being sent, has its
** socket shut, which evhttp then closes as it closes any connection its
** client dropped.
*/
static struct app *the_app; /* for the listener's error callback */

static struct conn_watch *watch_of(struct app *app, int fd)
{
	if (fd < 0 || fd > 1 << 20)
		return NULL;
	if (fd >= app->ndeadline) {
		int n = fd + 256;
		app->deadline = xrealloc(app->deadline, (size_t)n * sizeof *app->deadline);
		memset(app->deadline + app->ndeadline, 0, (size_t)(n - app->ndeadline) * sizeof *app->deadline);
		app->ndeadline = n;
	}
	return &app->deadline[fd];
}

/* fd's client, when fd is a connection to this server's port; else 0. */
static int peer_of(struct app *app, int fd, struct sockaddr_storage *peer)
{
	struct sockaddr_storage a, b;
	socklen_t la = sizeof a, lb = sizeof b, lp = sizeof *peer;
	int lfd = evconnlistener_get_fd(app->listener);
	if (fd == lfd || getsockname(fd, (struct sockaddr *)&a, &la) != 0 ||
	    getsockname(lfd, (struct sockaddr *)&b, &lb) != 0 || la != lb || a.ss_family != b.ss_family)
		return 0;
	in_port_t pa = a.ss_family == AF_INET6 ? ((struct sockaddr_in6 *)&a)->sin6_port
					       : ((struct sockaddr_in *)&a)->sin_port;
	in_port_t pb = b.ss_family == AF_INET6 ? ((struct sockaddr_in6 *)&b)->sin6_port
					       : ((struct sockaddr_in *)&b)->sin_port;
	memset(peer, 0, sizeof *peer);
	return pa == pb && getpeername(fd, (struct sockaddr *)peer, &lp) == 0;
}

/* A whole request arrived on r's connection: the next has till then. */
static void deadline_push(struct app *app, struct evhttp_request *r)
{
	struct evhttp_connection *conn = evhttp_request_get_connection(r);
	struct bufferevent *bev = conn ? evhttp_connection_get_bufferevent(conn) : NULL;
	int fd = bev ? (int)bufferevent_getfd(bev) : -1;
	struct conn_watch *w = watch_of(app, fd);
	if (w && peer_of(app, fd, &w->peer))
		w->deadline = time(NULL) + 2 * app->request_seconds;
}

static void on_tick(evutil_socket_t unused, short what, void *arg)
{
	struct app *app = arg;
	time_t now = time(NULL);
	DIR *d = opendir("/proc/self/fd"); /* fails when descriptors ran out: next second */
	struct dirent *e;
	while (d && (e = readdir(d)) != NULL) {
		int fd = atoi(e->d_name);
		struct sockaddr_storage peer;
		if (e->d_name[0] < '0' || e->d_name[0] > '9' || fd == dirfd(d) || !peer_of(app, fd, &peer))
			continue;
		struct conn_watch *w = watch_of(app, fd);
		if (!w)
			continue;
		if (!w->deadline || memcmp(&w->peer, &peer, sizeof peer) != 0) { /* a new connection */
			w->peer = peer;
			w->deadline = now + app->request_seconds;
			continue;
		}
		int unsent = 0;
		if (ioctl(fd, SIOCOUTQ, &unsent) == 0 && unsent > 0) { /* an answer still going out */
			w->deadline = now + app->request_seconds;
			continue;
		}
		if (w->deadline < now) {
			w->deadline = 0;
			shutdown(fd, SHUT_RDWR);
		}
	}
	if (d)
		closedir(d);
	/* accepting again after running out of descriptors */
	if (app->starved && now >= app->starved) {
		app->starved = 0;
		if (!app->paused)
			evconnlistener_enable(app->listener);
	}
}

/* accept() failed: out of descriptors (EMFILE, ENFILE) or of memory.  Stop
** accepting for a second, and say so once, not once an attempt. */
static void on_accept_error(struct evconnlistener *l, void *arg)
{
	(void)arg;
	struct app *app = the_app;
	int err = EVUTIL_SOCKET_ERROR();
	evconnlistener_disable(l);
	app->starved = time(NULL) + 1;
	if (!app->starve_logged) {
		fprintf(stderr, "bangfu: serve: cannot accept a connection (%s): accepting again a second later, "
			"and so on until descriptors are free\n", evutil_socket_error_to_string(err));
		app->starve_logged = 1;
	}
}

static void on_signal(evutil_socket_t fd, short what, void *arg)
{
	(void)fd;
	(void)what;
	event_base_loopexit(((struct app *)arg)->base, NULL);
}

/*
** COMMAND: serve
** USAGE: bangfu --db PATH serve [--listen ADDR:PORT] [--workers N] [--max-connections N] [--max-body MIB] [--lookup-limit N] [--proxy ADDR] [--request-seconds N]
** NEEDS: write
**
** Serve the staff web UI, the JSON API and the public portal.
**
** Serves on ADDR:PORT ([ADDR]:PORT for IPv6; default 127.0.0.1:8080)
** until stopped with Ctrl-C or SIGTERM, and prints the address.
** --workers N (default 1) runs N
** processes sharing the socket, each one event loop with its own
** connection to the store; the first process only watches them, starts
** another within a second of one dying (and says so on standard error),
** and they end when it ends.  Staff sign in with the accounts of `bangfu
** user`; /api describes the JSON API.  Limits: 16 KiB of headers,
** --max-body MiB of body (default 16: the largest upload; larger bundles
** go through `bangfu import`), --request-seconds (default 30) for a whole
** request to arrive (from the connection, or twice that from the previous
** answer: a request trickled in is cut off) and for a silent connection,
** --max-connections (default 512) open connections a worker (more wait
** until one closes; out of descriptors, the worker stops accepting for a
** second at a time and says so once); a malformed request gets 400, a
** value that is not UTF-8 text 400, a body over the limit 413.
**
** The public portal (阳光公示) is at /p, for anyone: each western county's
** and pairing's money by year and source, projects with their money
** trails, village notice boards with names and identity numbers masked, a
** person's own payments by full name and identity number, reports of
** problems with a tracking number, and the ledger's daily head hashes.
** --lookup-limit N (default 10) look-ups, and as many reports, an address
** may make a minute (counted once for all the workers; an IPv6 address
** by its /64).
**
** Behind a reverse proxy (nginx, or one before several servers), --proxy
** ADDR names the proxy's IP address: for requests from it, the client is
** the address the proxy put last in X-Forwarded-For (nginx:
** proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for), for the
** limits and the audit trail; from anyone else the header is ignored.
*/
int cmd_serve(struct cmdctx *c, int argc, char **argv)
{
	const char *listen = opt_value(&argc, argv, "--listen");
	const char *workers = opt_value(&argc, argv, "--workers");
	const char *maxc = opt_value(&argc, argv, "--max-connections");
	const char *maxb = opt_value(&argc, argv, "--max-body");
	const char *lookups = opt_value(&argc, argv, "--lookup-limit");
	const char *proxy = opt_value(&argc, argv, "--proxy");
	const char *reqsec = opt_value(&argc, argv, "--request-seconds");
	opt_no_more(argc, argv, "serve");
	if (argc)
		die("serve: unexpected argument %s", argv[0]);
	char host[256] = "127.0.0.1";
	int port = 8080;
	int64_t nworkers = 1;
	char why[64];
	if (workers && int_parse(workers, 1, 64, &nworkers, why, sizeof why) < 0)
		die("serve: --workers: %s", why);
	int64_t max_conns = 512;
	if (maxc && int_parse(maxc, 1, 100000, &max_conns, why, sizeof why) < 0)
		die("serve: --max-connections: %s", why);
	int64_t max_body = 16;
	if (maxb && int_parse(maxb, 1, 1024, &max_body, why, sizeof why) < 0)
		die("serve: --max-body: %s", why);
	int64_t lookup_limit = 10;
	if (lookups && int_parse(lookups, 1, 100000000, &lookup_limit, why, sizeof why) < 0)
		die("serve: --lookup-limit: %s", why);
	int64_t request_seconds = 30;
	if (reqsec && int_parse(reqsec, 1, 3600, &request_seconds, why, sizeof why) < 0)
		die("serve: --request-seconds: %s", why);
	if (proxy && !ip_address(proxy))
		die("serve: --proxy wants the proxy's IP address, e.g. 127.0.0.1 (not %s)", proxy);
	if (listen) {
		/* ADDR:PORT, or [ADDR]:PORT for an IPv6 address */
		const char *colon = strrchr(listen, ':'), *at = listen;
		size_t len = colon ? (size_t)(colon - listen) : 0;
		if (listen[0] == '[' && colon && colon[-1] == ']') {
			at = listen + 1;
			len -= 2;
		}
		if (!colon || len == 0 || len >= sizeof host)
			die("serve: --listen wants ADDR:PORT, e.g. 127.0.0.1:8080 or [::1]:8080");
		snprintf(host, sizeof host, "%.*s", (int)len, at);
		int64_t p;
		if (int_parse(colon + 1, 0, 65535, &p, why, sizeof why) < 0)
			die("serve: --listen port: %s", why);
		port = (int)p;
	}
	struct app app;
	memset(&app, 0, sizeof app);
	buf_init(&app.body);
	app.c = c;
	/* epoll changes (a connection's read and write interest, flipped at
	** each request) are sent once a loop turn, not one call each */
	struct event_config *cfg = event_config_new();
	event_config_set_flag(cfg, EVENT_BASE_FLAG_EPOLL_USE_CHANGELIST);
	app.base = event_base_new_with_config(cfg);
	event_config_free(cfg);
	app.s2t = (opencc_t)-1;
	app.generation = -1;
	app.max_conns = (int)max_conns;
	app.lookup_limit = (int)lookup_limit;
	app.proxy = proxy;
	app.request_seconds = (int)request_seconds;
	{
		char *kp = heads_key_path(c->keypath);
		app.signs = heads_key_load(kp, 0, app.sign_sk, app.sign_pk) == 0;
		free(kp);
	}
	the_app = &app;
	randombytes_buf(app.limit_key, sizeof app.limit_key);
	app.limits = limits_new();
	if (!app.base)
		die("serve: cannot start the event loop");
	app.s2t = opencc_open("s2t.json");
	struct evhttp *http = evhttp_new(app.base);
	evhttp_set_max_headers_size(http, 16384);
	evhttp_set_max_body_size(http, (ev_ssize_t)(max_body << 20));
	evhttp_set_timeout(http, (int)request_seconds);
	evhttp_set_allowed_methods(http, EVHTTP_REQ_GET | EVHTTP_REQ_POST | EVHTTP_REQ_HEAD);
	evhttp_set_gencb(http, dispatch, &app);
	struct evhttp_bound_socket *sock = evhttp_bind_socket_with_handle(http, host, (ev_uint16_t)port);
	if (!sock)
		die("serve: cannot listen on %s:%d (in use, or not an address of this machine)", host, port);
	app.listener = evhttp_bound_socket_get_listener(sock);
	/* answers go out whole, not held back for the client's delayed ACK
	** (accepted sockets inherit it from the listening one) */
	int one = 1;
	setsockopt(evhttp_bound_socket_get_fd(sock), IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
	if (port == 0) {
		struct sockaddr_storage ss;
		ev_socklen_t len = sizeof ss;
		getsockname(evhttp_bound_socket_get_fd(sock), (struct sockaddr *)&ss, &len);
		port = ntohs(((struct sockaddr_in *)&ss)->sin_port);
	}
	int v6 = strchr(host, ':') != NULL;
	printf("bangfu: serving %s on http://%s%s%s:%d/\n", c->dburl, v6 ? "[" : "", host, v6 ? "]" : "", port);
	fflush(stdout);
	/* what a worker that died left in its private folders */
	private_dirs_clear();
	/* the workers: forked after the socket is bound, each with its own
	** event loop and its own connection to the store; this process only
	** watches them */
	db_close(c->db);
	c->db = NULL;
	int worker = workers_start((int)nworkers, on_worker_death);
	struct event *sigint = NULL, *sigterm = NULL, *tick = NULL;
	if (worker >= 0) {
		event_reinit(app.base);
		c->db = db_open(c->dburl, DB_WRITE);
		/* requests repeat their queries: keep them prepared */
		db_serving(c->db);
		sigint = evsignal_new(app.base, SIGINT, on_signal, &app);
		sigterm = evsignal_new(app.base, SIGTERM, on_signal, &app);
		event_add(sigint, NULL);
		event_add(sigterm, NULL);
		evconnlistener_set_error_cb(app.listener, on_accept_error);
		tick = event_new(app.base, -1, EV_PERSIST, on_tick, &app);
		struct timeval second = { 1, 0 };
		event_add(tick, &second);
		event_base_dispatch(app.base);
		event_free(sigint);
		event_free(sigterm);
		event_free(tick);
	}
	evhttp_free(http);
	event_base_free(app.base);
	if (app.s2t != (opencc_t)-1)
		opencc_close(app.s2t);
	map_release(&app.pages, free);
	map_release(&app.open, NULL);
	map_release(&app.kept, buf_free);
	limits_free(app.limits);
	buf_release(&app.body);
	map_release(&app.project_names, free);
	free(app.deadline);
	sodium_memzero(app.sign_sk, sizeof app.sign_sk);
	if (worker >= 0) {
		db_close(c->db);
		_exit(0);
	}
	return 0;
}
