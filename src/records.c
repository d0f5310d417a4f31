/*
** records.c: the records pages and their API: any kind, searched, sorted,
** paged and downloaded, within the user's region (list.c does the work);
** identity numbers in clear for those who may, audited; the audit trail.
*/
#include "bangfu.h"
#include "audit.h"
#include "enums.h"
#include "indicator.h"
#include "kinds.h"
#include "partitions.h"
#include "web.h"
#include <stdlib.h>
#include <string.h>
#include <sys/queue.h>
#include <event2/keyvalq_struct.h>
#include "banned.h"

static int may_see_registers(struct req *q)
{
	return q->u.role == ROLE_ADMIN || q->u.role == ROLE_AUDITOR;
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
	audit_log(q->app->primary, q->u.name, q->addr, "view_clear_ids", what, NULL, NULL);
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
	p->region_east = q->u.region[0] && streq(region_side(q), "--east");
	/* ?in= narrows to a division (a drill-down); the user's region still
	** applies, so a division outside it keeps nothing */
	const char *in = qarg(q, "in");
	char in12[13], why[128];
	if (in && divcode_norm(in, in12, why, sizeof why) == 0) {
		snprintf(q->in, sizeof q->in, "%s", in12);
		snprintf(p->in, sizeof p->in, "%s", in12);
	}
	static const char *const names[] = { "search", "sort", "year", "pairing", "pairings_in", "min", "max" };
	if (query_params(q, list_options, nlist_options, p, names, ARRAY_SIZE(names)) < 0)
		return -1;
	/* ?status=started&category=water: the kind's enumerated columns */
	static char where[PARAM_TEXT_MAX + 1];
	where[0] = 0;
	for (int i = 0; i < kind->ncols; i++) {
		const struct column *c = &kind->cols[i];
		const char *v = c->type == T_ENUM || c->type == T_BOOL ? qarg(q, c->name) : NULL;
		if (!v)
			continue;
		size_t len = strlen(where);
		if (!text_ok(v, 64) || strchr(v, ',') ||
		    snprintf(where + len, sizeof where - len, "%s%s=%s", len ? "," : "", c->name, v) >= (int)(sizeof where - len)) {
			fail(q, 400, "Bad Request", "bad_request", c->name);
			return -1;
		}
	}
	p->where = where[0] ? where : NULL;
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
	if (kind_for_auditors(k) && !may_see_registers(q)) {
		fail(q, 403, "Forbidden", "forbidden", NULL);
		return NULL;
	}
	if (streq(k->name, "registers")) { /* other offices' lists: each view audited */
		char what[160];
		snprintf(what, sizeof what, "registers search=%s page=%s", qarg(q, "search") ? qarg(q, "search") : "",
			 qarg(q, "page") ? qarg(q, "page") : "0");
		audit_log(q->app->primary, q->u.name, q->addr, "view_registers", what, NULL, NULL);
	}
	return clear_ids(q, k->name) < 0 ? NULL : k;
}

/* The list's query arguments but skip (space-separated names) and the
** page, as "&name=value" to follow a link's own. */
static void keep_query(struct req *q, struct buf *b, const char *skip)
{
	struct evkeyval *kv;
	TAILQ_FOREACH(kv, &q->query, next) {
		if (!*kv->value || streq(kv->key, "page") || streq(kv->key, "format"))
			continue;
		if (skip) {
			size_t n = strlen(kv->key);
			const char *at = strstr(skip, kv->key);
			if (at && (at == skip || at[-1] == ' ') && (at[n] == ' ' || !at[n]))
				continue;
		}
		char *k = evhttp_encode_uri(kv->key), *v = evhttp_encode_uri(kv->value);
		buf_addf(b, "&amp;%s=", k);
		buf_add_html(b, v);
		free(k);
		free(v);
	}
}

static void keep_all(struct req *q, struct buf *b)
{
	keep_query(q, b, NULL);
}

/* One cell of a records table as the office reads it: an enumerated value
** in words (产业发展, not industry), a division or organisation by its name
** (the code on hover), anything else as it is. */
static void record_cell(struct req *q, const struct kind *k, const struct column *c, const char *v)
{
	if (c->type == T_ENUM) {
		const char *w = enum_label(k->name, c->name, v, q->lang == EN);
		buf_add_html(&q->body, w ? w : v);
		return;
	}
	if (c->type == T_MONEY) {
		buf_add_grouped(&q->body, v);
		return;
	}
	int ind = streq(c->name, "indicator") ? indicator_find(v) : -1;
	if (ind >= 0) { /* a target's indicator by its name */
		buf_addf(&q->body, "<span title=\"%s\">", indicators[ind].name);
		buf_add_html(&q->body, q->lang == EN ? indicators[ind].label_en : indicators[ind].label);
		buf_adds(&q->body, "</span>");
		return;
	}
	char *name = NULL;
	if (!(c->flags & C_KEY) && (c->type == T_DIV || c->type == T_PARTY || c->type == T_ORG ||
				    (c->type == T_PAYEE && strchr(v, '*') == NULL)))
		name = party_name(q->app->c->db, v);
	if (!name) {
		buf_add_html(&q->body, v);
		return;
	}
	buf_adds(&q->body, "<span title=\"");
	buf_add_html(&q->body, v);
	buf_adds(&q->body, "\">");
	buf_add_html(&q->body, name);
	buf_adds(&q->body, "</span>");
	free(name);
}

/* Every kind of record, by its name, the one shown marked: the index of
** /records and the switch above each list. */
static void kinds_nav(struct req *q, const struct kind *shown)
{
	buf_adds(&q->body, "<nav class=\"kinds\">");
	for (int i = 0; i < nkinds; i++) {
		const struct kind *k = &kinds[i];
		if (kind_for_auditors(k) && !may_see_registers(q))
			continue;
		if (k == shown)
			buf_addf(&q->body, "<b>%s</b> ", kind_label(k, q->lang == EN));
		else
			buf_addf(&q->body, "<a href=\"/records/%s\">%s</a> ", k->name, kind_label(k, q->lang == EN));
	}
	buf_adds(&q->body, "</nav>\n");
}

/* /records: every kind with how many records of the user's region it
** holds and their money (counted to 5,000; a list counts to 20,000);
** made once for a region until the store changes. */
static void records_index(struct req *q)
{
	store_generation(q);
	char key[96];
	snprintf(key, sizeof key, "records|%s|%d|%d", q->u.region, (int)q->lang, may_see_registers(q));
	const char *kept = map_get(&q->app->pages, key);
	buf_reset(&q->body);
	page_head(q, T(q, "records"));
	if (kept) {
		buf_adds(&q->body, kept);
	} else {
		size_t start = q->body.len;
		buf_addf(&q->body, "<div class=\"scroll\"><table class=\"index\"><tr><th>%s</th><th>%s</th><th>%s</th></tr>\n",
			 T(q, "kind"), T(q, "col_count"), T(q, "money_total_yuan"));
		for (int i = 0; i < nkinds; i++) {
			if (kind_for_auditors(&kinds[i]) && !may_see_registers(q))
				continue;
			struct list_params p;
			memset(&p, 0, sizeof p);
			p.kind = kinds[i].name;
			snprintf(p.region, sizeof p.region, "%s", q->u.region);
			p.region_east = q->u.region[0] && streq(region_side(q), "--east");
			p.fmt = FMT_JSON;
			p.limit = 0;
			struct list_total t = { 0, 0, 0, 5000, 0 }; /* an index: past 5,000, "more than" */
			p.total = &t;
			struct buf out = BUF_INIT;
			char why[256];
			int rc = run(q, list_run, &p, &out, why, sizeof why);
			buf_release(&out);
			buf_addf(&q->body, "<tr><td><a href=\"/records/%s\">%s</a></td><td class=\"n\">", kinds[i].name,
				 kind_label(&kinds[i], q->lang == EN));
			char n[32];
			snprintf(n, sizeof n, "%ld", t.capped ? t.cap : t.rows);
			if (rc == 0) {
				if (t.capped)
					buf_adds(&q->body, T(q, "rows_more_than"));
				buf_add_grouped(&q->body, n);
			}
			buf_adds(&q->body, "</td><td class=\"n\">");
			if (rc == 0 && t.has_money && !t.capped) {
				char m[32];
				money_format(t.money, m);
				buf_add_grouped(&q->body, m);
			}
			buf_adds(&q->body, "</td></tr>\n");
		}
		buf_adds(&q->body, "</table></div>\n");
		if (q->app->pages.n >= 256)
			map_empty(&q->app->pages, free);
		map_put(&q->app->pages, key, xstrdup(q->body.s + start));
	}
	page_foot(q);
	send_page(q, 200, "OK");
}

void h_records(struct req *q)
{
	if (streq(q->path, "/records")) {
		records_index(q);
		return;
	}
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
			download_csv(q, name, out.s, out.len);
			buf_release(&out);
		}
		return;
	}
	if (list_params_of(q, k, &p, page) < 0) /* the table is HTML, made from JSON */
		return;
	/* past 20,000 rows a page says "more than" rather than read them all
	** (payments chosen by project, year and purpose are counted in full) */
	struct list_total total = { 0, 0, 0, 20000, 0 };
	p.total = &total;
	struct buf out = BUF_INIT;
	if (run_or_fail(q, list_run, &p, &out) < 0)
		return;
	json_error_t err;
	json_t *rows = json_loadb(out.s, out.len, 0, &err);
	buf_release(&out);
	buf_reset(&q->body);
	page_head(q, kind_label(k, q->lang == EN));
	kinds_nav(q, k);
	records_form(q, k);
	char *archived = streq(k->name, "payments") ? partitions_archived(q->app->c->db, q->lang == EN ? ", " : "、") : NULL;
	if (archived) { /* not listed: say so, lest they seem never paid */
		buf_addf(&q->body, "<p class=\"fix\">%s", T(q, "payments_archived"));
		buf_add_html(&q->body, archived);
		buf_adds(&q->body, "</p>\n");
		free(archived);
	}
	buf_adds(&q->body, "<p><a href=\"?format=csv");
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
			column_heading(&q->body, c, q->lang == EN);
		} else {
			/* a heading sorts by its column; again, the other way round */
			int on = streq(sort, c->name);
			buf_addf(&q->body, "<a href=\"?sort=%s%s", c->name, on && !desc ? "&amp;desc=1" : "");
			keep_query(q, &q->body, "sort desc");
			buf_adds(&q->body, "\">");
			column_heading(&q->body, c, q->lang == EN);
			if (c->type == T_MONEY)
				buf_adds(&q->body, q->lang == EN ? " (yuan)" : "（元）");
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
			buf_adds(&q->body, k->cols[j].type == T_MONEY ? "<td class=\"n\">" : "<td>");
			/* a project, fund or payment is a link to its page */
			const char *cn = k->cols[j].name, *to = NULL;
			if (j == 0)
				to = streq(k->name, "projects") ? "/projects/" : streq(k->name, "funds") ? "/trace/fund/"
				   : streq(k->name, "payments") ? "/trace/payment/" : NULL;
			else if (streq(cn, "project") && k->cols[j].type == T_REF)
				to = "/projects/";
			else if (streq(cn, "fund") && k->cols[j].type == T_REF)
				to = "/trace/fund/";
			if (json_is_string(v) && to) {
				char *u = evhttp_encode_uri(json_string_value(v));
				buf_addf(&q->body, "<a href=\"%s%s\">", to, u);
				buf_add_html(&q->body, json_string_value(v));
				buf_adds(&q->body, "</a>");
				free(u);
			} else if (json_is_string(v)) {
				record_cell(q, k, &k->cols[j], json_string_value(v));
			}
			else if (json_is_integer(v))
				buf_addf(&q->body, "%lld", (long long)json_integer_value(v));
			buf_adds(&q->body, "</td>");
		}
		buf_adds(&q->body, "</tr>\n");
	}
	buf_adds(&q->body, "</table></div>\n");
	records_total(q, &total, page, keep_all);
	json_decref(rows);
	page_foot(q);
	send_page(q, 200, "OK");
}

/* Is v an amount as the commands write one (-123.45)? */
static int is_amount(const char *v)
{
	const char *p = v + (*v == '-');
	size_t d = strspn(p, "0123456789");
	return d > 0 && p[d] == '.' && strspn(p + d + 1, "0123456789") == 2 && !p[d + 3];
}

/* A JSON array of objects (a command's answer) as an HTML table: headings
** in the page's language, indicators by their names, amounts with
** thousands separators, and each fund, project and payment a link to its
** page. */
void json_table(struct req *q, const char *s, size_t n)
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
				char k[64];
				snprintf(k, sizeof k, "col_%s", key);
				buf_adds(&q->body, "<th>");
				buf_add_html(&q->body, T_or(q, k, key));
				buf_adds(&q->body, "</th>");
			}
			buf_adds(&q->body, "</tr>\n");
		}
		const char *record = json_string_value(json_object_get(row, "record"));
		buf_adds(&q->body, "<tr>");
		json_object_foreach(row, key, v) {
			const char *t = json_string_value(v);
			buf_adds(&q->body, json_is_string(v) && is_amount(t) ? "<td class=\"n\">" : "<td>");
			int ind = streq(key, "indicator") && t ? indicator_find(t) : -1;
			if (!json_is_string(v)) {
				if (json_is_integer(v))
					buf_addf(&q->body, "%lld", (long long)json_integer_value(v));
			} else if (ind >= 0) {
				buf_add_html(&q->body, q->lang == EN ? indicators[ind].label_en : indicators[ind].label);
			} else if (streq(key, "id") && record &&
				   (starts_with(record, "project") || starts_with(record, "fund ") ||
				    starts_with(record, "payment"))) {
				char *u = evhttp_encode_uri(t);
				buf_addf(&q->body, "<a href=\"%s%s\">", starts_with(record, "project") ? "/projects/"
					 : starts_with(record, "fund ") ? "/trace/fund/" : "/trace/payment/", u);
				buf_add_html(&q->body, t);
				buf_adds(&q->body, "</a>");
				free(u);
			} else if (is_amount(t)) {
				buf_add_grouped(&q->body, t);
			} else {
				/* a report's own words (yes, total, completion_rate) and enumerated values */
				char vk[64];
				snprintf(vk, sizeof vk, "val_%s", t);
				const char *w = strlen(t) < 48 ? T_or(q, vk, NULL) : NULL;
				if (!w && (streq(key, "name") || streq(key, "group")))
					w = enum_label_any(t, q->lang == EN);
				buf_add_html(&q->body, w ? w : t);
			}
			buf_adds(&q->body, "</td>");
		}
		buf_adds(&q->body, "</tr>\n");
	}
	buf_adds(&q->body, "</table></div>\n");
	json_decref(rows);
}

void h_api_me(struct req *q)
{
	json_t *j = json_pack("{s:s, s:s, s:s?}", "name", q->u.name, "role", roles[q->u.role], "region",
			      q->u.region[0] ? q->u.region : NULL);
	send_json(q, 200, "OK", j);
}

void h_api_records(struct req *q)
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
