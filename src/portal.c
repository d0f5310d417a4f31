/*
** portal.c: the public sunshine portal (阳光公示) under /p/, for anyone
** without an account: the money of each western county and pairing by
** year and source, its projects and their money trails, each village's
** notice board, a person's own payments, reports of problems (举报) with a
** tracking number, and the ledger's daily head hashes.
**
** Nothing personal leaves here in clear: names are masked (张*明), identity
** numbers too (6201**********1234); a person's own payments need the full
** name and the full number, and the answer for "no such person" and "name
** does not match" is one and the same; look-ups and reports are limited
** per address a minute, and nothing of a look-up is logged.
**
** Pages are small (lists paged), need no script, read at 360 px and print.
** The pages of the store's records are kept, made, until an import changes
** the store (a bounded cache), so that the busy ones cost a look-up.
*/
#include "bangfu.h"
#include "audit.h"
#include "heads.h"
#include "kinds.h"
#include "places.h"
#include "limits.h"
#include "web.h"
#include "portal.h"
#include <event2/buffer.h>
#include <event2/http.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "banned.h"

#define PAGE_ROWS 50

/* ---- masking ------------------------------------------------------------- */

/* A person's name as the public sees it: 张*明 (secret.c's name_mask). */
static void add_masked_name(struct buf *b, const char *name)
{
	char *m = name_mask(name ? name : "");
	buf_add_html(b, m);
	free(m);
}

/* ---- the frame of a public page ----------------------------------------- */

void portal_head(struct req *q, const char *title)
{
	static const char *const lang_attr[] = { "zh-CN", "zh-TW", "en" };
	buf_addf(&q->body, "<!DOCTYPE html>\n<html lang=\"%s\"><head><meta charset=\"utf-8\">"
			   "<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\"><title>",
		 lang_attr[q->lang]);
	buf_add_html(&q->body, title);
	buf_addf(&q->body, " · %s</title><link rel=\"stylesheet\" href=\"/static/app.css\"><link rel=\"icon\" "
			   "href=\"data:,\"></head><body class=\"portal\">\n<header><b><a href=\"/p\">%s</a></b><nav>"
			   "<a href=\"/p/lookup\">%s</a> <a href=\"/p/report\">%s</a> <a href=\"/p/track\">%s</a> "
			   "<a href=\"/p/ledger\">%s</a> <a href=\"?lang=zh-CN\">简</a> <a href=\"?lang=zh-TW\">繁</a> "
			   "<a href=\"?lang=en\">EN</a></nav></header>\n<main>\n<h1>",
		 T(q, "portal"), T(q, "portal"), T(q, "p_lookup"), T(q, "p_report"), T(q, "p_track"),
		 T(q, "p_ledger"));
	buf_add_html(&q->body, title);
	buf_adds(&q->body, "</h1>\n");
}

void portal_foot(struct req *q)
{
	buf_addf(&q->body, "</main><footer><p>%s</p></footer></body></html>\n", T(q, "p_footer"));
}

/* A public error: the same frame, the message, nothing of the request. */
void portal_fail(struct req *q, int code, const char *reason, const char *key)
{
	buf_reset(&q->body);
	portal_head(q, status_title(q, code));
	buf_adds(&q->body, "<p class=\"error\">");
	buf_add_html(&q->body, T(q, key));
	buf_adds(&q->body, "</p>\n");
	portal_foot(q);
	send_page(q, code, reason);
}

/* A fund's kind as the public reads it (fiscal, social, goods). */
static const char *fund_kind(struct req *q, const char *kind)
{
	return T(q, streq(kind, "fiscal") ? "p_fiscal" : streq(kind, "social") ? "p_social" : "p_goods");
}

/* Amounts as the bulletins show them: 万元 with two decimals, or yuan. */
static void add_wan(struct buf *b, int64_t fen)
{
	char s[32];
	money_format((fen + (fen < 0 ? -5000 : 5000)) / 10000, s); /* hundredths of 万元, rounded */
	buf_addf(b, "%s", s);
}

static void add_yuan(struct buf *b, int64_t fen)
{
	char s[32];
	money_format(fen, s);
	buf_adds(b, s);
}

void add_text(struct buf *b, const char *s)
{
	buf_add_html(b, s ? s : "");
}

static void link_to(struct buf *b, const char *prefix, const char *id, const char *text)
{
	char *u = evhttp_encode_uri(id);
	buf_addf(b, "<a href=\"%s%s\">", prefix, u);
	buf_add_html(b, text ? text : id);
	buf_adds(b, "</a>");
	free(u);
}

/* ---- the kept pages -------------------------------------------------------- */

/* The page for this request as made before (since the last import): sent,
** 1; or 0 and the caller makes it. */
static int cached(struct req *q, char *key, size_t n)
{
	const struct evhttp_uri *u = evhttp_request_get_evhttp_uri(q->r);
	const char *query = u ? evhttp_uri_get_query(u) : NULL;
	snprintf(key, n, "%d %s?%s", (int)q->lang, q->path, query ? query : "");
	const struct buf *kept = kept_get(q, key);
	if (!kept)
		return 0;
	answer(q, 200, "OK", "text/html; charset=utf-8", kept->s, kept->len);
	return 1;
}

/* Sends the page made in q->body and keeps it under key. */
static void send_kept(struct req *q, const char *key)
{
	struct buf b = BUF_INIT;
	page_text(q, &b);
	const struct buf *k = kept_put(q, key, b.s, b.len);
	buf_release(&b);
	answer(q, 200, "OK", "text/html; charset=utf-8", k->s, k->len);
}

static void pager(struct req *q, int page, int more)
{
	buf_adds(&q->body, "<p class=\"pager\">");
	if (page > 0)
		buf_addf(&q->body, "<a href=\"?page=%d\">%s</a> ", page - 1, T(q, "prev"));
	if (more)
		buf_addf(&q->body, "<a href=\"?page=%d\">%s</a>", page + 1, T(q, "next"));
	buf_adds(&q->body, "</p>\n");
}

#define NET "CASE WHEN reverses IS NULL THEN amount ELSE -amount END"

/* ---- the home page: every western county with money ------------------------ */

static void h_portal_home(struct req *q)
{
	char key[512];
	if (cached(q, key, sizeof key))
		return;
	struct db *db = q->app->c->db;
	buf_reset(&q->body);
	portal_head(q, T(q, "portal"));
	buf_addf(&q->body, "<p>%s</p>\n<div class=\"scroll\"><table><tr><th>%s</th><th>%s</th><th>%s</th></tr>\n",
		 T(q, "p_intro"), T(q, "p_county"), T(q, "p_received"), T(q, "p_projects"));
	struct stmt *st = db_prepare(db,
		"SELECT c.county, d.name, COALESCE(f.total, 0), COALESCE(p.n, 0) FROM "
		"(SELECT to_ AS county FROM funds UNION SELECT county FROM projects) c "
		"JOIN divisions d ON d.code = c.county "
		"LEFT JOIN (SELECT to_, SUM(" NET ") AS total FROM funds GROUP BY to_) f ON f.to_ = c.county "
		"LEFT JOIN (SELECT county, COUNT(*) AS n FROM projects GROUP BY county) p ON p.county = c.county "
		"ORDER BY c.county");
	while (stmt_step(st)) {
		buf_adds(&q->body, "<tr><td>");
		link_to(&q->body, "/p/county/", stmt_text(st, 0), stmt_text(st, 1));
		buf_adds(&q->body, "</td><td class=\"n\">");
		add_wan(&q->body, stmt_int(st, 2));
		buf_addf(&q->body, "</td><td class=\"n\">%lld</td></tr>\n", (long long)stmt_int(st, 3));
	}
	stmt_finalize(st);
	buf_adds(&q->body, "</table></div>\n");
	portal_foot(q);
	send_kept(q, key);
}

/* ---- money received by year and source ------------------------------------ */

/* funds WHERE col = id, by year, kind and source */
static void received_table(struct req *q, const char *col, const char *id)
{
	struct db *db = q->app->c->db;
	char sql[512];
	snprintf(sql, sizeof sql,
		 "SELECT SUBSTR(date, 1, 4) AS y, kind, from_, SUM(" NET ") FROM funds WHERE %s = ? "
		 "GROUP BY SUBSTR(date, 1, 4), kind, from_ ORDER BY y, kind, from_", col);
	struct stmt *st = db_prepare(db, sql);
	stmt_bind_text(st, 1, id);
	buf_addf(&q->body, "<h2>%s</h2>\n<div class=\"scroll\"><table><tr><th>%s</th><th>%s</th><th>%s</th>"
			   "<th>%s</th></tr>\n",
		 T(q, "p_received_by_year"), T(q, "year"), T(q, "p_kind"), T(q, "p_source"), T(q, "p_amount_wan"));
	int64_t total = 0;
	while (stmt_step(st)) {
		char *from = party_name(db, stmt_text(st, 2));
		const char *kind = stmt_text(st, 1);
		buf_addf(&q->body, "<tr><td>%s</td><td>%s</td><td>", stmt_text(st, 0),
			 fund_kind(q, kind));
		add_text(&q->body, from ? from : stmt_text(st, 2));
		buf_adds(&q->body, "</td><td class=\"n\">");
		add_wan(&q->body, stmt_int(st, 3));
		buf_adds(&q->body, "</td></tr>\n");
		total += stmt_int(st, 3);
		free(from);
	}
	stmt_finalize(st);
	buf_addf(&q->body, "<tr><th colspan=\"3\">%s</th><th class=\"n\">", T(q, "p_total"));
	add_wan(&q->body, total);
	buf_adds(&q->body, "</th></tr></table></div>\n");
}

/* projects WHERE col = id, a page of them: status, budget, paid, households */
static void projects_table(struct req *q, const char *col, const char *id, int page)
{
	struct db *db = q->app->c->db;
	char sql[768];
	snprintf(sql, sizeof sql,
		 "SELECT p.id, p.name, p.village, v.name, p.category, p.status, p.budget, p.year, "
		 "(SELECT COALESCE(SUM(paid), 0) FROM flows f WHERE f.project = p.id), "
		 "(SELECT COUNT(*) FROM beneficiaries b WHERE b.project = p.id) "
		 "FROM projects p LEFT JOIN divisions v ON v.code = p.village WHERE p.%s = ? "
		 "ORDER BY p.year DESC, p.id LIMIT %d OFFSET %d", col, PAGE_ROWS + 1, page * PAGE_ROWS);
	struct stmt *st = db_prepare(db, sql);
	stmt_bind_text(st, 1, id);
	buf_addf(&q->body, "<h2>%s</h2>\n<div class=\"scroll\"><table><tr><th>%s</th><th>%s</th><th>%s</th>"
			   "<th>%s</th><th>%s</th><th>%s</th><th>%s</th></tr>\n",
		 T(q, "projects"), T(q, "year"), T(q, "p_project"), T(q, "p_village"), T(q, "p_status"),
		 T(q, "p_budget"), T(q, "p_paid"), T(q, "p_households"));
	int n = 0;
	while (stmt_step(st)) {
		if (++n > PAGE_ROWS)
			break;
		buf_addf(&q->body, "<tr><td>%lld</td><td>", (long long)stmt_int(st, 7));
		link_to(&q->body, "/p/project/", stmt_text(st, 0), stmt_text(st, 1));
		buf_adds(&q->body, "</td><td>");
		if (stmt_text(st, 2))
			link_to(&q->body, "/p/village/", stmt_text(st, 2), stmt_text(st, 3));
		buf_addf(&q->body, "</td><td>%s</td><td class=\"n\">", T_value(q, stmt_text(st, 5)));
		add_yuan(&q->body, stmt_int(st, 6));
		buf_adds(&q->body, "</td><td class=\"n\">");
		add_yuan(&q->body, stmt_int(st, 8));
		buf_addf(&q->body, "</td><td class=\"n\">%lld</td></tr>\n", (long long)stmt_int(st, 9));
	}
	stmt_finalize(st);
	buf_adds(&q->body, "</table></div>\n");
	pager(q, page, n > PAGE_ROWS);
}

static void report_link(struct req *q, const char *about, const char *subject)
{
	char *u = evhttp_encode_uri(subject);
	buf_addf(&q->body, "<p><a class=\"report\" href=\"/p/report?about=%s&amp;subject=%s\">%s</a></p>\n", about, u,
		 T(q, "p_report_this"));
	free(u);
}

/* ---- a county, a pairing ------------------------------------------------------ */

/* The division of level named in the path after prefix: its name (the
** caller frees) and code; NULL when it has answered 404. */
static char *division_of_path(struct req *q, const char *prefix, const char *level, char code[13])
{
	char why[128];
	char *name = NULL;
	if (divcode_norm(q->path + strlen(prefix), code, why, sizeof why) == 0 &&
	    streq(place_level_name(division_level(q->app->c->db, code)), level))
		name = division_name(q->app->c->db, code);
	if (!name)
		portal_fail(q, 404, "Not Found", "not_found");
	return name;
}

static void h_portal_county(struct req *q)
{
	char key[512], code[13];
	if (cached(q, key, sizeof key))
		return;
	struct db *db = q->app->c->db;
	char *name = division_of_path(q, "/p/county/", "county", code);
	if (!name)
		return;
	int page = page_arg(q);
	buf_reset(&q->body);
	char title[160];
	snprintf(title, sizeof title, "%s %s", name, T(q, "p_county_title"));
	portal_head(q, title);
	if (page == 0) {
		received_table(q, "to_", code);
		struct stmt *st = db_prepare(db, "SELECT p.id, p.east FROM pairings p WHERE p.west = ? ORDER BY p.id");
		stmt_bind_text(st, 1, code);
		buf_addf(&q->body, "<h2>%s</h2>\n<ul>", T(q, "p_pairings"));
		while (stmt_step(st)) {
			char *east = party_name(db, stmt_text(st, 1));
			buf_adds(&q->body, "<li>");
			link_to(&q->body, "/p/pairing/", stmt_text(st, 0), NULL);
			buf_adds(&q->body, " ");
			add_text(&q->body, east);
			buf_addf(&q->body, " → %s</li>", name);
			free(east);
		}
		stmt_finalize(st);
		buf_adds(&q->body, "</ul>\n");
	}
	projects_table(q, "county", code, page);
	if (page == 0) {
		/* the villages, each with its notice board, by town; a box finds one */
		const char *find = qarg(q, "village");
		char prefix[8];
		snprintf(prefix, sizeof prefix, "%.6s%%", code);
		char *folded = fold_text(find && *find ? find : "");
		char *like = like_pattern(folded, 0);
		free(folded);
		struct stmt *st = db_prepare(db,
			"SELECT v.code, v.name, t.name FROM divisions v LEFT JOIN divisions t ON t.code = "
			"substr(v.code, 1, 9) || '000' WHERE v.code LIKE ? AND v.level = 'village' "
			"AND COALESCE(v.name_fold, v.name) LIKE ? ESCAPE '\\' ORDER BY v.code");
		stmt_bind_text(st, 1, prefix);
		stmt_bind_text(st, 2, like);
		buf_addf(&q->body, "<h2 id=\"villages\">%s</h2>\n<form method=\"get\" action=\"#villages\"><label>%s "
				   "<input name=\"village\" value=\"", T(q, "p_boards"), T(q, "p_find_village"));
		add_text(&q->body, find);
		buf_addf(&q->body, "\"></label> <button>%s</button></form>\n", T(q, "p_lookup_go"));
		char town[13] = "";
		int nv = 0;
		while (stmt_step(st)) {
			const char *v = stmt_text(st, 0);
			if (strncmp(town, v, 9) != 0) {
				buf_adds(&q->body, town[0] ? "</p>\n<h3>" : "<h3>");
				add_text(&q->body, stmt_text(st, 2) ? stmt_text(st, 2) : "");
				buf_adds(&q->body, "</h3>\n<p class=\"villages\">");
				snprintf(town, sizeof town, "%.9s", v);
			}
			link_to(&q->body, "/p/village/", v, stmt_text(st, 1));
			buf_adds(&q->body, " ");
			nv++;
		}
		stmt_finalize(st);
		free(like);
		if (nv)
			buf_adds(&q->body, "</p>\n");
		else
			buf_addf(&q->body, "<p>%s</p>\n", T(q, "p_none"));
	}
	free(name);
	portal_foot(q);
	send_kept(q, key);
}

static void h_portal_pairing(struct req *q)
{
	char key[512];
	if (cached(q, key, sizeof key))
		return;
	struct db *db = q->app->c->db;
	const char *id = q->path + strlen("/p/pairing/");
	struct stmt *st = db_prepare(db, "SELECT east, west, level, since, until FROM pairings WHERE id = ?");
	stmt_bind_text(st, 1, id);
	if (!stmt_step(st)) {
		stmt_finalize(st);
		portal_fail(q, 404, "Not Found", "not_found");
		return;
	}
	char *east = party_name(db, stmt_text(st, 0)), *west = party_name(db, stmt_text(st, 1));
	char wcode[13];
	snprintf(wcode, sizeof wcode, "%s", stmt_text(st, 1));
	stmt_finalize(st);
	int page = page_arg(q);
	buf_reset(&q->body);
	char title[256];
	snprintf(title, sizeof title, "%s → %s", east ? east : "", west ? west : "");
	portal_head(q, title);
	buf_adds(&q->body, "<p>");
	link_to(&q->body, "/p/county/", wcode, west);
	buf_adds(&q->body, "</p>\n");
	if (page == 0)
		received_table(q, "pairing", id);
	projects_table(q, "pairing", id, page);
	free(east);
	free(west);
	portal_foot(q);
	send_kept(q, key);
}

/* ---- a project and its money trail -------------------------------------------- */

/* One payment's payee as the public sees it: an organisation by name, a
** person masked, with the village. */
static void payee_cells(struct req *q, struct stmt *st, int org, int name, int ends, int vcode, int vname)
{
	buf_adds(&q->body, "<td>");
	if (stmt_text(st, org)) {
		add_text(&q->body, stmt_text(st, name) ? stmt_text(st, name) : stmt_text(st, org));
	} else {
		char mask[19];
		if (stmt_text(st, name))
			add_masked_name(&q->body, stmt_text(st, name));
		idnum_mask(stmt_text(st, ends) ? stmt_text(st, ends) : "????????", mask);
		buf_addf(&q->body, " %s", mask);
	}
	buf_adds(&q->body, "</td><td>");
	if (stmt_text(st, vcode))
		link_to(&q->body, "/p/village/", stmt_text(st, vcode), stmt_text(st, vname));
	buf_adds(&q->body, "</td>");
}

static void h_portal_project(struct req *q)
{
	char key[512];
	if (cached(q, key, sizeof key))
		return;
	struct db *db = q->app->c->db;
	const char *id = q->path + strlen("/p/project/");
	struct stmt *st = db_prepare(db,
		"SELECT p.name, p.county, c.name, p.village, v.name, p.pairing, p.category, p.budget, p.year, p.status, "
		"p.started, p.completed, p.accepted, p.settled, "
		"(SELECT COUNT(*) FROM beneficiaries b WHERE b.project = p.id) "
		"FROM projects p LEFT JOIN divisions c ON c.code = p.county LEFT JOIN divisions v ON v.code = p.village "
		"WHERE p.id = ?");
	stmt_bind_text(st, 1, id);
	if (!stmt_step(st)) {
		stmt_finalize(st);
		portal_fail(q, 404, "Not Found", "not_found");
		return;
	}
	int page = page_arg(q);
	buf_reset(&q->body);
	portal_head(q, stmt_text(st, 0));
	buf_addf(&q->body, "<table class=\"facts\"><tr><th>%s</th><td>", T(q, "p_county"));
	link_to(&q->body, "/p/county/", stmt_text(st, 1), stmt_text(st, 2));
	if (stmt_text(st, 3)) {
		buf_addf(&q->body, "</td></tr><tr><th>%s</th><td>", T(q, "p_village"));
		link_to(&q->body, "/p/village/", stmt_text(st, 3), stmt_text(st, 4));
	}
	if (stmt_text(st, 5)) {
		buf_addf(&q->body, "</td></tr><tr><th>%s</th><td>", T(q, "pairing"));
		link_to(&q->body, "/p/pairing/", stmt_text(st, 5), NULL);
	}
	buf_addf(&q->body, "</td></tr><tr><th>%s</th><td>", T(q, "p_id"));
	add_text(&q->body, id);
	buf_addf(&q->body, "</td></tr><tr><th>%s</th><td>%lld</td></tr><tr><th>%s</th><td>%s</td></tr><tr><th>%s</th><td>",
		 T(q, "year"), (long long)stmt_int(st, 8), T(q, "p_status"), T_value(q, stmt_text(st, 9)), T(q, "p_budget"));
	add_yuan(&q->body, stmt_int(st, 7));
	buf_addf(&q->body, "</td></tr><tr><th>%s</th><td>%lld</td></tr>", T(q, "p_households"),
		 (long long)stmt_int(st, 14));
	static const char *const step[] = { "started", "completed", "accepted", "settled" };
	for (int i = 0; i < 4; i++)
		if (stmt_text(st, 10 + i)) /* a date corrected says so, as the staff's page does */
			buf_addf(&q->body, "<tr><th>%s</th><td>%s%s</td></tr>", T(q, step[i]), stmt_text(st, 10 + i),
				 db_int(db, 0, "SELECT COUNT(*) FROM step_corrections WHERE project = ? AND status = ?", id,
					step[i], (char *)NULL) ? T(q, "corrected") : "");
	buf_adds(&q->body, "</table>\n");
	stmt_finalize(st);
	if (page == 0) {
		/* where the money came from: each fund's allocation to the project */
		buf_addf(&q->body, "<h2>%s</h2>\n<div class=\"scroll\"><table><tr><th>%s</th><th>%s</th><th>%s</th>"
				   "<th>%s</th></tr>\n",
			 T(q, "p_from_funds"), T(q, "date"), T(q, "p_source"), T(q, "p_kind"), T(q, "p_amount"));
		st = db_prepare(db, "SELECT a.date, f.from_, f.kind, CASE WHEN a.reverses IS NULL THEN a.amount "
				    "ELSE -a.amount END FROM allocations a JOIN funds f ON f.id = a.fund "
				    "WHERE a.project = ? ORDER BY a.seq");
		stmt_bind_text(st, 1, id);
		while (stmt_step(st)) {
			char *from = party_name(db, stmt_text(st, 1));
			const char *kind = stmt_text(st, 2);
			buf_addf(&q->body, "<tr><td>%s</td><td>", stmt_text(st, 0));
			add_text(&q->body, from ? from : stmt_text(st, 1));
			buf_addf(&q->body, "</td><td>%s</td><td class=\"n\">",
				 fund_kind(q, kind));
			add_yuan(&q->body, stmt_int(st, 3));
			buf_adds(&q->body, "</td></tr>\n");
			free(from);
		}
		stmt_finalize(st);
		buf_adds(&q->body, "</table></div>\n");
	}
	/* where it went: each payment, payees masked */
	char sql[1024];
	snprintf(sql, sizeof sql,
		 "SELECT p.date, p.payee_org, COALESCE(o.name, pe.name), p.payee_ends, h.village, v.name, "
		 "CASE WHEN p.reverses IS NULL THEN p.amount ELSE -p.amount END, p.purpose, p.id "
		 "FROM payments p LEFT JOIN orgs o ON o.code = p.payee_org "
		 "LEFT JOIN persons pe ON pe.id_number_hash = p.payee_hash "
		 "LEFT JOIN households h ON h.id = pe.household LEFT JOIN divisions v ON v.code = h.village "
		 "WHERE p.project = ? ORDER BY p.seq LIMIT %d OFFSET %d", PAGE_ROWS + 1, page * PAGE_ROWS);
	st = db_prepare(db, sql);
	stmt_bind_text(st, 1, id);
	buf_addf(&q->body, "<h2>%s</h2>\n<div class=\"scroll\"><table><tr><th>%s</th><th>%s</th><th>%s</th>"
			   "<th>%s</th><th>%s</th></tr>\n",
		 T(q, "p_payments"), T(q, "date"), T(q, "p_payee"), T(q, "p_village"), T(q, "p_amount"),
		 T(q, "p_purpose"));
	int n = 0;
	while (stmt_step(st)) {
		if (++n > PAGE_ROWS)
			break;
		buf_addf(&q->body, "<tr><td>%s</td>", stmt_text(st, 0));
		payee_cells(q, st, 1, 2, 3, 4, 5);
		buf_adds(&q->body, "<td class=\"n\">");
		add_yuan(&q->body, stmt_int(st, 6));
		buf_addf(&q->body, "</td><td>%s</td></tr>\n", T_value(q, stmt_text(st, 7)));
	}
	stmt_finalize(st);
	buf_adds(&q->body, "</table></div>\n");
	pager(q, page, n > PAGE_ROWS);
	report_link(q, "project", id);
	portal_foot(q);
	send_kept(q, key);
}

/* ---- a village's notice board (村务公示) ---------------------------------------- */

static void h_portal_village(struct req *q)
{
	char key[512], code[13];
	if (cached(q, key, sizeof key))
		return;
	struct db *db = q->app->c->db;
	char *name = division_of_path(q, "/p/village/", "village", code);
	if (!name)
		return;
	int page = page_arg(q);
	buf_reset(&q->body);
	char title[160];
	snprintf(title, sizeof title, "%s %s", name, T(q, "p_board"));
	portal_head(q, title);
	char county[13];
	snprintf(county, sizeof county, "%.6s000000", code);
	char *cname = division_name(db, county);
	buf_addf(&q->body, "<p>%s ", T(q, "p_board_intro"));
	link_to(&q->body, "/p/county/", county, cname);
	buf_adds(&q->body, "</p>\n");
	free(cname);
	char sql[1024];
	snprintf(sql, sizeof sql,
		 "SELECT p.date, pe.name, p.payee_ends, CASE WHEN p.reverses IS NULL THEN p.amount ELSE -p.amount END, "
		 "p.purpose, p.project, pr.name, p.reverses FROM households h "
		 "JOIN persons pe ON pe.household = h.id JOIN payments p ON p.payee_hash = pe.id_number_hash "
		 "JOIN projects pr ON pr.id = p.project WHERE h.village = ? ORDER BY p.date, p.id LIMIT %d OFFSET %d",
		 PAGE_ROWS + 1, page * PAGE_ROWS);
	struct stmt *st = db_prepare(db, sql);
	stmt_bind_text(st, 1, code);
	buf_addf(&q->body, "<div class=\"scroll\"><table><tr><th>%s</th><th>%s</th><th>%s</th><th>%s</th><th>%s</th>"
			   "</tr>\n",
		 T(q, "date"), T(q, "p_payee"), T(q, "p_amount"), T(q, "p_purpose"), T(q, "p_project"));
	int n = 0;
	while (stmt_step(st)) {
		if (++n > PAGE_ROWS)
			break;
		char mask[19];
		idnum_mask(stmt_text(st, 2), mask);
		buf_addf(&q->body, "<tr><td>%s</td><td>", stmt_text(st, 0));
		add_masked_name(&q->body, stmt_text(st, 1));
		buf_addf(&q->body, " %s</td><td class=\"n\">", mask);
		add_yuan(&q->body, stmt_int(st, 3));
		buf_addf(&q->body, "%s</td><td>%s</td><td>", stmt_text(st, 7) ? T(q, "p_reversal") : "",
			 T_value(q, stmt_text(st, 4)));
		link_to(&q->body, "/p/project/", stmt_text(st, 5), stmt_text(st, 6));
		buf_adds(&q->body, "</td></tr>\n");
	}
	stmt_finalize(st);
	if (n == 0)
		buf_addf(&q->body, "<tr><td colspan=\"5\">%s</td></tr>\n", T(q, "p_none"));
	buf_adds(&q->body, "</table></div>\n");
	pager(q, page, n > PAGE_ROWS);
	if (page == 0) {
		/* the village's projects, and how many of its households they lift */
		st = db_prepare(db,
			"SELECT p.id, p.name, p.category, p.status, p.budget, (SELECT COUNT(*) FROM beneficiaries b "
			"JOIN households h ON h.id = b.household WHERE b.project = p.id AND h.village = ?) "
			"FROM projects p WHERE p.village = ? AND p.status <> 'cancelled' ORDER BY p.year, p.id LIMIT 100");
		stmt_bind_text(st, 1, code);
		stmt_bind_text(st, 2, code);
		buf_addf(&q->body, "<h2>%s</h2>\n<div class=\"scroll\"><table><tr><th>%s</th><th>%s</th><th>%s</th>"
				   "<th>%s</th><th>%s</th></tr>\n", T(q, "p_projects_here"), T(q, "p_project"), T(q, "p_category"),
			 T(q, "p_status"), T(q, "p_budget_wan"), T(q, "p_households_lifted"));
		int np = 0;
		while (stmt_step(st)) {
			buf_adds(&q->body, "<tr><td>");
			link_to(&q->body, "/p/project/", stmt_text(st, 0), stmt_text(st, 1));
			buf_addf(&q->body, "</td><td>%s</td><td>%s</td><td class=\"n\">", T_value(q, stmt_text(st, 2)),
				 T_value(q, stmt_text(st, 3)));
			add_wan(&q->body, stmt_int(st, 4));
			buf_addf(&q->body, "%s</td><td class=\"n\">%lld%s</td></tr>\n", T(q, "p_wan"), (long long)stmt_int(st, 5),
				 T(q, "p_hu"));
			np++;
		}
		stmt_finalize(st);
		if (!np)
			buf_addf(&q->body, "<tr><td colspan=\"5\">%s</td></tr>\n", T(q, "p_none"));
		buf_adds(&q->body, "</table></div>\n");
		int64_t hh = db_int(db, 0, "SELECT COUNT(DISTINCT b.household) FROM beneficiaries b JOIN households h "
					   "ON h.id = b.household WHERE h.village = ?", code, (char *)NULL);
		buf_addf(&q->body, "<p>%s%lld</p>\n", T(q, "p_households_here"), (long long)hh);
	}
	report_link(q, "village", code);
	free(name);
	portal_foot(q);
	send_kept(q, key);
}

/* ---- limits per address ------------------------------------------------------ */

/* May this address (an IPv6 one by its /64) do one more of what (look-ups,
** reports) this minute?  Counted for all the workers at once (limits.c);
** the address is kept only as a keyed hash. */
int within_limit(struct req *q, const char *what, int per_minute)
{
	uint64_t key;
	unsigned char a[16];
	size_t n = limits_addr(q->addr, a);
	crypto_generichash_state st;
	crypto_generichash_init(&st, q->app->limit_key, sizeof q->app->limit_key, sizeof key);
	crypto_generichash_update(&st, a, n);
	crypto_generichash_update(&st, (const unsigned char *)what, strlen(what));
	crypto_generichash_final(&st, (unsigned char *)&key, sizeof key);
	key = key ? key : 1;
	uint32_t now = (uint32_t)time(NULL);
	struct db *db = q->app->primary; /* counted in the store, never a standby */
	if (db_engine(db) != DB_PG)
		return limits_take(q->app->limits, key, now, (uint32_t)per_minute);
	/* every server of the store counts in one table: one statement, a new
	** minute starting the count again; rows older than two minutes are let
	** go once a minute by each worker.  A worker takes a share of the
	** minute at a time where the limit is large (limits.c), and what it
	** was given (up to the limit) is its to spend.  An address over its
	** limit is not written again until its minute is over (no row comes
	** back): each write leaves a row version behind, and one address
	** hammering away would slow everybody's look-ups */
	if (limits_lease_take(key, now))
		return 1;
	uint32_t share = limits_share((uint32_t)per_minute);
	struct stmt *s = db_prepare(db, "INSERT INTO limits(key, start, n) VALUES(?, ?, ?) ON CONFLICT(key) DO UPDATE SET "
					"n = CASE WHEN limits.start + 60 <= excluded.start THEN excluded.n "
					"ELSE limits.n + excluded.n END, "
					"start = CASE WHEN limits.start + 60 <= excluded.start THEN excluded.start "
					"ELSE limits.start END "
					"WHERE limits.n < ? OR limits.start + 60 <= excluded.start RETURNING n, start");
	stmt_bind_int(s, 1, (int64_t)key);
	stmt_bind_int(s, 2, now);
	stmt_bind_int(s, 3, share);
	stmt_bind_int(s, 4, per_minute);
	/* the requests given are those of n - share + 1 .. n within the limit */
	int64_t given = 0;
	if (stmt_step(s)) {
		given = (int64_t)per_minute - (stmt_int(s, 0) - share);
		given = given > share ? share : given;
		if (given > 1)
			limits_lease_keep(key, (uint32_t)stmt_int(s, 1), (uint32_t)(given - 1));
	}
	stmt_finalize(s);
	static uint32_t cleaned; /* this worker's last clean-up */
	if (now - cleaned >= 60) {
		cleaned = now;
		char old[24];
		snprintf(old, sizeof old, "%u", now - 120);
		db_run(db, "DELETE FROM limits WHERE start < CAST(? AS BIGINT)", old, (char *)NULL);
	}
	return given > 0;
}

/* ---- a person's own payments --------------------------------------------------- */

/* The look-up's form; name is kept after an error (the number is not). */
static void lookup_form(struct req *q, const char *pre, const char *name)
{
	buf_addf(&q->body, "<p>%s</p><form method=\"post\" action=\"/p/lookup\">"
			   "<input type=\"hidden\" name=\"csrf\" value=\"%s\">"
			   "<label>%s<br><input name=\"name\" required maxlength=\"40\" autocomplete=\"off\" value=\"",
		 T(q, "p_lookup_intro"), pre, T(q, "p_full_name"));
	add_text(&q->body, name);
	buf_addf(&q->body, "\"></label><label>%s<br><input name=\"id_number\" required maxlength=\"24\" autocomplete=\"off\" "
			   "inputmode=\"text\"></label><button type=\"submit\">%s</button></form>\n",
		 T(q, "p_id_number"), T(q, "p_lookup_go"));
}

/* The double-submitted token of a public form: the cookie's, set when the
** form is shown (dispatch compares the form's copy with it). */
void public_token(struct req *q, char out[48])
{
	if (!cookie(q->r, "bf_pre", out, 48)) {
		token_new(out);
		set_cookie(q, "bf_pre", out, 3600);
	}
}

/* A payment of a look-up: date, id, purpose, project, its name, county. */
#define LROW_TEXTS 6
struct lrow {
	size_t at[LROW_TEXTS];     /* where each text starts, while they are read */
	const char *s[LROW_TEXTS];
	int64_t amount;
};

/* The earliest LOOKUP_ROWS payments of a person are shown, sorted from
** at most LOOKUP_READ_S read (a bound on the memory of one look-up). */
#define LOOKUP_ROWS 500
#define LOOKUP_READ_S "5000"

/* A project's name and its county's, "name\0county": a project's name and
** place never change once stored, so each worker keeps those it has read
** (bounded: emptied when full). */
static const char *project_names(struct req *q, const char *id)
{
	struct map *m = &q->app->project_names;
	const char *have = map_get(m, id);
	if (have)
		return have;
	if (m->n >= 200000)
		map_empty(m, free);
	struct stmt *st = db_prepare(q->app->c->db, "SELECT pr.name, c.name FROM projects pr "
						  "LEFT JOIN divisions c ON c.code = pr.county WHERE pr.id = ?");
	stmt_bind_text(st, 1, id);
	struct buf b = BUF_INIT;
	if (stmt_step(st)) {
		buf_adds(&b, stmt_text(st, 0));
		buf_addc(&b, 0);
		buf_adds(&b, stmt_text(st, 1) ? stmt_text(st, 1) : "");
	} else {
		buf_addc(&b, 0);
	}
	stmt_finalize(st);
	char *v = xmalloc(b.len + 1);
	memcpy(v, b.s, b.len + 1);
	buf_release(&b);
	map_put(m, id, v);
	return v;
}

static int lrow_cmp(const void *a, const void *b)
{
	const struct lrow *x = a, *y = b;
	int c = strcmp(x->s[0], y->s[0]);
	return c ? c : strcmp(x->s[1], y->s[1]);
}

static void h_portal_lookup(struct req *q)
{
	char pre[48];
	public_token(q, pre);
	buf_reset(&q->body);
	portal_head(q, T(q, "p_lookup"));
	if (evhttp_request_get_command(q->r) != EVHTTP_REQ_POST) {
		lookup_form(q, pre, NULL);
		portal_foot(q);
		send_page(q, 200, "OK");
		return;
	}
	if (!within_limit(q, "lookup", q->app->lookup_limit)) {
		portal_fail(q, 429, "Too Many Requests", "p_too_many");
		return;
	}
	const char *name = evhttp_find_header(&q->form, "name"), *idn = evhttp_find_header(&q->form, "id_number");
	char norm[19], why[128], hash[SECRET_HASH_LEN + 1], typed[64];
	idnum_typed(idn, typed, sizeof typed);
	if (!name || !idn || idnum_check(typed, norm, why, sizeof why) < 0) {
		buf_addf(&q->body, "<p class=\"error\">%s</p>\n", T(q, "p_bad_id"));
		lookup_form(q, pre, name);
		portal_foot(q);
		send_page(q, 400, "Bad Request");
		return;
	}
	secret_hash(q->app->c->key, norm, hash);
	/* the person's name first: a number nobody has costs the same index
	** probe and the same comparison as a person under another name, so
	** that the time of the answer does not tell which numbers exist */
	struct db *db = q->app->c->db;
	if (!q->app->decoy[0]) { /* a registered number, whose probe stands in for a hit */
		char *d = db_text(db, "SELECT id_number_hash FROM persons LIMIT 1", (char *)NULL);
		snprintf(q->app->decoy, sizeof q->app->decoy, "%s", d ? d : "-");
		free(d);
	}
	/* SQLite: the look-up's statements in one read transaction, the
	** store's locks taken and let go once (each is a system call); a
	** PostgreSQL statement sees its own snapshot, and BEGIN would cost a
	** round trip */
	int snap = db_engine(db) == DB_SQLITE;
	if (snap)
		db_begin_read(db);
	/* two probes either way, in one statement: the number's and the
	** decoy's; the number's row taken when it is there, else the decoy's
	** (chosen here, the probes each its own SELECT: ORDER BY, or an IN
	** list, would make SQLite a temporary table each look-up); with the
	** household's village, where a report about one's payments goes */
	struct stmt *st = db_prepare(db, "SELECT p.id_number_hash, p.name, h.village FROM persons p "
				     "LEFT JOIN households h ON h.id = p.household WHERE p.id_number_hash = ? UNION ALL "
				     "SELECT p.id_number_hash, p.name, h.village FROM persons p "
				     "LEFT JOIN households h ON h.id = p.household WHERE p.id_number_hash = ?");
	stmt_bind_text(st, 1, hash);
	stmt_bind_text(st, 2, q->app->decoy);
	int seen = 0;
	char *b = NULL, *village = NULL;
	while (stmt_step(st)) {
		int is = streq(stmt_text(st, 0), hash);
		if (b && (seen || !is))
			continue;
		seen = is;
		free(b);
		free(village);
		b = fold_text(stmt_text(st, 1));
		village = stmt_text(st, 2) ? xstrdup(stmt_text(st, 2)) : NULL;
	}
	stmt_finalize(st);
	char *a = fold_text(name);
	if (!b)
		b = fold_text(name);
	size_t la = strlen(a), lb = strlen(b);
	int same = sodium_memcmp(a, b, la < lb ? la : lb) == 0;
	int match = seen && la == lb && same;
	free(a);
	free(b);
	/* then, for the person named, the payments (sorted here, as a
	** temporary table for ORDER BY costs more than the look-up itself; the
	** projects' names from the worker's own list) */
	struct buf text = BUF_INIT; /* the rows' texts, each ended by a NUL */
	struct lrow *rows = NULL;
	int n = 0;
	st = match ? db_prepare(db,
		"SELECT date, id, CASE WHEN reverses IS NULL THEN amount ELSE -amount END, purpose, project "
		"FROM payments WHERE payee_hash = ? LIMIT " LOOKUP_READ_S) : NULL;
	if (st)
		stmt_bind_text(st, 1, hash);
	while (st && stmt_step(st)) {
		if (n % 16 == 0)
			rows = xrealloc(rows, (size_t)(n + 16) * sizeof *rows);
		struct lrow *r = &rows[n++];
		r->amount = stmt_int(st, 2);
		const char *names = project_names(q, stmt_text(st, 4));
		const char *t[LROW_TEXTS] = { stmt_text(st, 0), stmt_text(st, 1), stmt_text(st, 3), stmt_text(st, 4),
					      names, names + strlen(names) + 1 };
		for (int i = 0; i < LROW_TEXTS; i++) {
			r->at[i] = text.len;
			buf_adds(&text, t[i] ? t[i] : "");
			buf_addc(&text, 0);
		}
	}
	if (st)
		stmt_finalize(st);
	for (int i = 0; i < n; i++)
		for (int j = 0; j < LROW_TEXTS; j++)
			rows[i].s[j] = text.s + rows[i].at[j];
	if (n > 1)
		qsort(rows, (size_t)n, sizeof *rows, lrow_cmp);
	if (n > LOOKUP_ROWS)
		n = LOOKUP_ROWS;
	struct buf list = BUF_INIT;
	int64_t total = 0;
	for (int i = 0; i < n; i++) {
		struct lrow *r = &rows[i];
		buf_addf(&list, "<tr><td>%s</td><td class=\"n\">", r->s[0]);
		add_yuan(&list, r->amount);
		buf_addf(&list, "</td><td>%s</td><td>", T_value(q, r->s[2]));
		link_to(&list, "/p/project/", r->s[3], r->s[4]);
		buf_adds(&list, "</td><td>");
		add_text(&list, r->s[5]);
		buf_adds(&list, "</td></tr>\n");
		total += r->amount;
	}
	char *first_project = n > 0 ? xstrdup(rows[0].s[3]) : NULL;
	free(rows);
	buf_release(&text);
	if (match && n > 0) {
		char mask[19], ends[9];
		idnum_ends(norm, ends);
		idnum_mask(ends, mask);
		buf_addf(&q->body, "<p class=\"ok\">%s ", T(q, "p_found"));
		add_masked_name(&q->body, name);
		buf_addf(&q->body, " %s%s %d %s ", mask, T(q, "p_count"), n, T(q, "p_count_sum"));
		add_yuan(&q->body, total);
		buf_addf(&q->body, " %s</p>\n<div class=\"scroll\"><table><tr><th>%s</th><th>%s</th><th>%s</th><th>%s</th>"
				   "<th>%s</th></tr>\n%s</table></div>\n",
			 T(q, "p_yuan"), T(q, "date"), T(q, "p_amount"), T(q, "p_purpose"), T(q, "p_project"),
			 T(q, "p_county"), list.s);
		/* a report about one's own payments goes to the county of one's
		** household, else of the projects that paid */
		char *county = village;
		village = NULL;
		if (!county)
			county = db_text(db, "SELECT county FROM projects WHERE id = ?", first_project, (char *)NULL);
		buf_addf(&q->body, "<p>%s <a href=\"/p/report?about=person&amp;county=%.6s\">%s</a></p>\n", T(q, "p_wrong"),
			 county ? county : "", T(q, "p_report"));
		free(county);
	} else {
		/* no such person, another name, or no payments: one answer */
		buf_addf(&q->body, "<p class=\"none\">%s</p>\n", T(q, "p_not_found"));
		lookup_form(q, pre, NULL);
	}
	if (snap)
		db_commit(db);
	buf_release(&list);
	free(first_project);
	free(village);
	portal_foot(q);
	send_page(q, 200, "OK");
}

/* ---- the ledger's head, day by day ---------------------------------------------- */

static void h_portal_ledger(struct req *q)
{
	char key[512];
	if (cached(q, key, sizeof key))
		return;
	struct db *db = q->app->c->db;
	char *head = db_text(db, "SELECT value FROM meta WHERE key = 'ledger_head'", (char *)NULL);
	int64_t n = db_int(db, 0, "SELECT value FROM meta WHERE key = 'ledger_seq'", (char *)NULL);
	buf_reset(&q->body);
	portal_head(q, T(q, "p_ledger"));
	buf_addf(&q->body, "<p>%s</p><p class=\"hash\"><b>%s</b><br><code>%s</code></p><p>%s: %lld</p>\n",
		 T(q, "p_ledger_now"), T(q, "p_head"), head ? head : "-", T(q, "p_entries"), (long long)n);
	buf_addf(&q->body, "<h2>%s</h2>\n<div class=\"scroll\"><table><tr><th>%s</th><th>%s</th><th>%s</th></tr>\n",
		 T(q, "p_history"), T(q, "date"), T(q, "p_entries"), T(q, "p_head"));
	struct stmt *st = db_prepare(db, "SELECT day, seq, hash FROM ledger_heads ORDER BY day DESC LIMIT 400");
	while (stmt_step(st))
		buf_addf(&q->body, "<tr><td>%s</td><td class=\"n\">%lld</td><td><code>%s</code></td></tr>\n", stmt_text(st, 0),
			 (long long)stmt_int(st, 1), stmt_text(st, 2));
	stmt_finalize(st);
	buf_addf(&q->body, "</table></div>\n<h2>%s</h2>\n<p>%s</p><p>%s</p><p>%s</p>\n", T(q, "p_how"), T(q, "p_how1"),
		 T(q, "p_how2"), T(q, "p_how3"));
	if (q->app->signs)
		buf_addf(&q->body, "<p>%s</p><p><a href=\"/p/ledger/heads\">%s</a></p>\n", T(q, "p_how4"),
			 T(q, "p_heads_file"));
	free(head);
	portal_foot(q);
	send_kept(q, key);
}

/* /p/ledger/heads: the daily heads, signed (heads.c), to keep elsewhere */
static void h_portal_heads(struct req *q)
{
	if (!q->app->signs) {
		fail(q, 404, "Not Found", "not_found", NULL);
		return;
	}
	struct buf doc = BUF_INIT;
	heads_document(q->app->c->db, q->app->sign_sk, q->app->sign_pk, &doc);
	download(q, "text/plain; charset=utf-8", "heads.txt", doc.s, doc.len);
	buf_release(&doc);
}

/* ---- the routes ------------------------------------------------------------------ */

const struct route portal_routes[] = {
	{ EVHTTP_REQ_GET, "/p", PUBLIC, h_portal_home },
	{ EVHTTP_REQ_GET, "/p/county/", PUBLIC, h_portal_county },
	{ EVHTTP_REQ_GET, "/p/pairing/", PUBLIC, h_portal_pairing },
	{ EVHTTP_REQ_GET, "/p/project/", PUBLIC, h_portal_project },
	{ EVHTTP_REQ_GET, "/p/village/", PUBLIC, h_portal_village },
	{ EVHTTP_REQ_GET, "/p/lookup", PUBLIC, h_portal_lookup },
	{ EVHTTP_REQ_POST, "/p/lookup", PUBLIC, h_portal_lookup, 1 }, /* the number stays out of the address */
	{ EVHTTP_REQ_GET, "/p/report", PUBLIC, h_portal_report },
	{ EVHTTP_REQ_POST, "/p/report", PUBLIC, h_portal_report },
	{ EVHTTP_REQ_GET, "/p/track", PUBLIC, h_portal_track },
	{ EVHTTP_REQ_GET, "/p/ledger", PUBLIC, h_portal_ledger },
	{ EVHTTP_REQ_GET, "/p/ledger/heads", PUBLIC, h_portal_heads },
};
const int nportal_routes = (int)ARRAY_SIZE(portal_routes);
