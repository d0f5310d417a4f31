/*
** reportpages.c: the report and bulletin pages and the read side of the
** JSON API (reports, traces, the bulletin, its reference page), each
** filling its command's parameters from the query and the user's region.
*/
#include "bangfu.h"
#include "kinds.h"
#include "web.h"
#include <event2/buffer.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include "partitions.h"
#include "banned.h"

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

void h_report_page(struct req *q)
{
	const char *format = qarg(q, "format");
	if (streq(q->path, "/reports/indicators") && !format) {
		h_indicators_page(q);
		return;
	}
	struct report_params p;
	if (report_params_of(q, "/reports/", &p) < 0)
		return;
	const char *what = p.what, *pairing = p.pairing;
	int ind = streq(what, "indicators");
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
		download_csv(q, name, out.s, out.len);
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
	/* in the page's language, issued by the office of the user's region */
	p->lang = q->lang == EN ? "en" : "zh";
	static char issuer[256];
	char *rn = q->u.region[0] ? party_name(q->app->c->db, q->u.region) : NULL;
	if (rn)
		snprintf(issuer, sizeof issuer, q->lang == EN ? "East–West Cooperation Office, %s" : "%s东西部协作办公室", rn);
	free(rn);
	p->issuer = rn ? issuer : NULL;
	return 0;
}

/* /bulletin?month=: the printable bulletin itself, or ?format=csv|xlsx */
void h_bulletin_page(struct req *q)
{
	const char *month = qarg(q, "month");
	if (!month) {
		/* last month's, as a cooperation office circulates it */
		char today[11], last[32], to[64];
		date_today(today);
		int y = atoi(today), m = atoi(today + 5) - 1;
		if (m == 0) {
			y--;
			m = 12;
		}
		snprintf(last, sizeof last, "%04d-%02d", y, m);
		snprintf(to, sizeof to, "/bulletin?month=%s", last);
		redirect(q, to);
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
		download_csv(q, name, out.s, out.len);
	} else {
		/* the way back and the other forms, above the document (not printed) */
		const char *body = strstr(out.s, "<body>\n");
		if (body) {
			struct buf page = BUF_INIT;
			body += 7;
			buf_add(&page, out.s, (size_t)(body - out.s));
			buf_addf(&page, "<nav class=\"tools\"><a href=\"/dashboard\">%s</a>"
					"<form method=\"get\" action=\"/bulletin\"><input type=\"month\" name=\"month\" value=\"%s\"> "
					"<button>%s</button></form><a href=\"?month=%s&amp;format=xlsx\">Excel</a>"
					"<a href=\"?month=%s&amp;format=csv\">CSV</a></nav>\n",
				 T(q, "back_dashboard"), p.month, T(q, "month"), p.month, p.month);
			buf_adds(&page, body);
			buf_release(&out);
			out = page;
		}
		if (q->lang == ZH_TW) { /* Traditional, by phrase, as every page */
			struct buf keep = q->body, tw = BUF_INIT;
			q->body = out;
			page_text(q, &tw);
			q->body = keep;
			buf_release(&out);
			out = tw;
		}
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

/* report indicators|funds|projects|labour, within the user's region. */
void h_api_report(struct req *q)
{
	struct report_params p;
	if (report_params_of(q, "/api/v1/reports/", &p) < 0)
		return;
	api_run(q, report_run, &p);
}

/* KIND/ID after prefix in the path, of a trace the user may see: 1; else
** 0, having answered (404, 403). */
static int trace_of_path(struct req *q, const char *prefix, char kind[16], char id[128])
{
	const char *rest = q->path + strlen(prefix);
	const char *slash = strchr(rest, '/');
	if (!slash || (size_t)(slash - rest) >= 16 || strlen(slash + 1) >= 128 || !slash[1]) {
		fail(q, 404, "Not Found", "not_found", NULL);
		return 0;
	}
	snprintf(kind, 16, "%.*s", (int)(slash - rest), rest);
	snprintf(id, 128, "%s", slash + 1);
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
			return 0;
		}
	}
	return 1;
}

void h_api_trace(struct req *q)
{
	char kind[16], id[128];
	if (!trace_of_path(q, "/api/v1/trace/", kind, id))
		return;
	struct trace_params p = { kind, id, FMT_JSON, TRACE_PLAIN };
	api_run(q, trace_run, &p);
}

void trace_table(struct req *q, const char *s, size_t n)
{
	static const struct {
		const char *kind, *zh, *en, *link;
	} kinds_[] = {
		{ "fund", "资金", "Fund", "/trace/fund/" }, { "allocation", "资金安排", "Allocation", NULL },
		{ "payment", "拨付", "Payment", "/trace/payment/" }, { "project", "项目", "Project", "/projects/" },
		{ "from_fund", "本资金", "From this fund", "/projects/" },
		{ "more", "……", "…", "/records/payments?search=" },
	};
	json_t *rows = json_loadb(s, n, 0, NULL);
	buf_addf(&q->body, "<div class=\"scroll\"><table class=\"trace\"><tr><th>%s</th><th>%s</th><th>%s</th><th>%s</th>"
			   "<th>%s</th><th>%s</th></tr>\n", T(q, "col_record"), T(q, "col_id"), T(q, "col_date"),
		 T(q, "col_detail"), T(q, "col_amount"), T(q, "col_balance"));
	size_t i;
	json_t *row;
	json_array_foreach(rows, i, row) {
		const char *kind = json_string_value(json_object_get(row, "record"));
		const char *id = json_string_value(json_object_get(row, "id"));
		const char *level = json_string_value(json_object_get(row, "level"));
		size_t k = 0;
		while (k < ARRAY_SIZE(kinds_) && !(kind && streq(kinds_[k].kind, kind)))
			k++;
		if (k == ARRAY_SIZE(kinds_) || !id)
			continue;
		/* the path reads as a tree: each level indented */
		buf_adds(&q->body, "<tr><td>");
		for (int l = level ? atoi(level) : 0; l > 0; l--)
			buf_adds(&q->body, "　");
		buf_addf(&q->body, "%s</td><td>", q->lang == EN ? kinds_[k].en : kinds_[k].zh);
		if (streq(kinds_[k].kind, "more")) { /* the rest of a project's entries, in its records */
			char *u = evhttp_encode_uri(id);
			buf_addf(&q->body, "</td><td></td><td><a href=\"%s%s\">", kinds_[k].link, u);
			free(u);
			buf_add_html(&q->body, json_string_value(json_object_get(row, "detail")));
			buf_adds(&q->body, "</a></td><td></td><td></td></tr>\n");
			continue;
		}
		if (kinds_[k].link) {
			char *u = evhttp_encode_uri(id);
			buf_addf(&q->body, "<a href=\"%s%s\">", kinds_[k].link, u);
			free(u);
		}
		buf_add_html(&q->body, id);
		buf_addf(&q->body, "%s</td><td class=\"nw\">", kinds_[k].link ? "</a>" : "");
		static const char *const rest[] = { "date", "detail", "amount", "balance" };
		for (size_t c = 0; c < ARRAY_SIZE(rest); c++) {
			const char *v = json_string_value(json_object_get(row, rest[c]));
			if (c >= 2) {
				buf_adds(&q->body, "<td class=\"n\">");
				if (v)
					buf_add_grouped(&q->body, v);
			} else {
				if (c)
					buf_adds(&q->body, "<td>");
				buf_add_html(&q->body, v ? v : "");
			}
			buf_adds(&q->body, "</td>");
		}
		buf_adds(&q->body, "</tr>\n");
	}
	buf_adds(&q->body, "</table></div>\n");
	json_decref(rows);
}

/* /trace/fund/ID, /trace/payment/ID: the money's path as a page, each
** fund, project and payment on it a link to its own. */
void h_trace_page(struct req *q)
{
	char kind[16], id[128];
	if (!trace_of_path(q, "/trace/", kind, id))
		return;
	struct trace_params p = { kind, id, FMT_JSON, q->lang == EN ? TRACE_EN : TRACE_ZH };
	struct buf out = BUF_INIT;
	char why[512];
	if (run(q, trace_run, &p, &out, why, sizeof why) != 0) {
		buf_release(&out);
		/* no such record, or a payment of a year archived: said so */
		char *year = streq(kind, "payment") ? partitions_archived_year_of(q->app->c->db, id) : NULL;
		if (year)
			fail(q, 404, "Not Found", "trace_archived", year);
		else if (starts_with(why, "trace: no "))
			fail(q, 404, "Not Found", "no_such_record", id);
		else
			fail(q, 400, "Bad Request", "bad_request", why);
		free(year);
		return;
	}
	buf_reset(&q->body);
	char title[200];
	snprintf(title, sizeof title, "%s · %s", T(q, "trace"), id);
	page_head(q, title);
	trace_table(q, out.s, out.len);
	page_foot(q);
	send_page(q, 200, "OK");
	buf_release(&out);
}

void h_api_bulletin(struct req *q)
{
	struct bulletin_params p;
	if (bulletin_params_of(q, &p) < 0)
		return;
	p.fmt = FMT_CSV;
	api_run_as(q, bulletin_run, &p, "text/csv; charset=utf-8");
}

void h_api_doc(struct req *q)
{
	buf_reset(&q->body);
	page_head(q, T(q, "api"));
	buf_adds(&q->body,
		"<p>Every call needs a signed-in session (the bf_session cookie from <code>POST /login</code>) and "
		"answers within the account's region; a call outside it answers 403, a call without a session 401. "
		"Answers are the command line's own: the same handlers, as JSON.</p>\n<div class=\"scroll\"><table>"
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
		"</table></div>\n<p>Errors: <code>{\"status\": 400, \"error\": \"...\"}</code> with the same message the "
		"command line prints.</p>\n");
	page_foot(q);
	send_page(q, 200, "OK");
}

