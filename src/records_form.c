/*
** records_form.c: what sits around a records table: the choices that
** narrow it (year, area, pairing, each enumerated column, an amount range,
** all by their names), and its total line with page numbers.
*/
#include "bangfu.h"
#include "enums.h"
#include "figures.h"
#include "indicator.h"
#include "kinds.h"
#include "web.h"
#include <stdlib.h>
#include <string.h>
#include "banned.h"

static void option(struct req *q, const char *value, const char *label, const char *chosen)
{
	buf_adds(&q->body, "<option value=\"");
	buf_add_html(&q->body, value);
	buf_addf(&q->body, "\"%s>", chosen && streq(chosen, value) ? " selected" : "");
	buf_add_html(&q->body, label);
	buf_adds(&q->body, "</option>");
}

static void select_open(struct req *q, const char *label, const char *name)
{
	buf_adds(&q->body, "<label>");
	buf_add_html(&q->body, label);
	buf_addf(&q->body, " <select name=\"%s\">", name);
	option(q, "", T(q, "all"), NULL);
}

/* The places one level down from the chosen one (or the user's region, or
** the provinces), the chosen one and its parent first: each a step of a
** drill-down. */
static void area_choice(struct req *q)
{
	struct db *db = q->app->c->db;
	const char *in = q->in[0] ? q->in : q->u.region[0] ? q->u.region : NULL;
	select_open(q, T(q, "area"), "in");
	if (in) {
		char *name = division_name(db, in);
		option(q, in, name ? name : in, q->in);
		free(name);
	}
	struct stmt *st = db_prepare(db, in ? "SELECT code, name FROM divisions WHERE parent = ? ORDER BY code"
					    : "SELECT code, name FROM divisions WHERE level = 'province' ORDER BY code");
	if (in)
		stmt_bind_text(st, 1, in);
	while (stmt_step(st)) {
		char label[256];
		snprintf(label, sizeof label, "%s%s", in ? "　" : "", stmt_text(st, 1));
		option(q, stmt_text(st, 0), label, NULL);
	}
	stmt_finalize(st);
	if (!q->in[0] && q->u.region[0] && streq(region_side(q), "--east")) {
		/* an eastern office: the western places of its pairings too */
		struct scope *s = scope_load(db);
		st = db_prepare(db, "SELECT DISTINCT west FROM pairings WHERE level IN ('city', 'county') ORDER BY west");
		while (stmt_step(st)) {
			const char *w = stmt_text(st, 0);
			int seen = 0;
			for (int p = 0; p < scope_npairings(s) && !seen; p++)
				seen = streq(scope_pairing_west(s, p), w) && pairing_visible(q, s, p);
			char *name = seen && strlen(w) == 12 ? division_name(db, w) : NULL;
			if (name)
				option(q, w, name, NULL);
			free(name);
		}
		stmt_finalize(st);
		scope_free(s);
	}
	buf_adds(&q->body, "</select></label>\n");
}

/* The city and county pairings the user may see, by their parties' names. */
static void pairing_choice(struct req *q)
{
	struct db *db = q->app->c->db;
	struct scope *s = scope_load(db);
	const char *chosen = qarg(q, "pairing");
	select_open(q, T(q, "pairing"), "pairing");
	struct stmt *st = db_prepare(db, "SELECT id FROM pairings WHERE level IN ('city', 'county') ORDER BY id");
	int seen = 0;
	while (stmt_step(st)) {
		const char *id = stmt_text(st, 0);
		int p = scope_pairing_index(s, id);
		if (p < 0 || !pairing_visible(q, s, p))
			continue;
		char *e = party_name(db, scope_pairing_east(s, p)), *w = party_name(db, scope_pairing_west(s, p));
		char label[512];
		snprintf(label, sizeof label, "%s — %s", e ? e : scope_pairing_east(s, p), w ? w : scope_pairing_west(s, p));
		free(e);
		free(w);
		option(q, id, label, chosen);
		seen |= chosen && streq(chosen, id);
	}
	stmt_finalize(st);
	if (chosen && !seen) /* a town's or a village's, chosen by a link */
		option(q, chosen, chosen, chosen);
	buf_adds(&q->body, "</select></label>\n");
	scope_free(s);
}

static int counts_for_pairings(const struct kind *k)
{
	static const char *const kinds_[] = { "pairings", "funds", "projects", "allocations", "payments", "beneficiaries",
					      "workers", "workshops", "sales", "investments", "exchanges", "trainings",
					      "events", "targets" };
	for (size_t i = 0; i < ARRAY_SIZE(kinds_); i++)
		if (streq(kinds_[i], k->name))
			return 1;
	return 0;
}

void records_form(struct req *q, const struct kind *k)
{
	buf_addf(&q->body, "<form method=\"get\" class=\"filters\"><label>%s <input name=\"search\" value=\"", T(q, "search"));
	buf_add_html(&q->body, qarg(q, "search") ? qarg(q, "search") : "");
	buf_adds(&q->body, "\"></label>\n");
	if (k->year || streq(k->name, "pairings")) {
		int y0, y1;
		store_years(q->app->c->db, &y0, &y1);
		select_open(q, T(q, "year"), "year");
		for (int y = y1; y >= y0; y--) {
			char v[8];
			snprintf(v, sizeof v, "%d", y);
			option(q, v, v, qarg(q, "year"));
		}
		buf_adds(&q->body, "</select></label>\n");
	}
	if (!streq(k->name, "divisions") && !streq(k->name, "targets"))
		area_choice(q);
	if (counts_for_pairings(k))
		pairing_choice(q);
	for (int i = 0; i < k->ncols; i++) {
		const struct column *c = &k->cols[i];
		if (c->type != T_ENUM)
			continue;
		struct buf h = BUF_INIT;
		column_heading(&h, c, q->lang == EN);
		select_open(q, h.s, c->name);
		buf_release(&h);
		for (const char *v = c->values; *v;) {
			size_t len = strcspn(v, "|");
			char val[48];
			snprintf(val, sizeof val, "%.*s", (int)len, v);
			const char *w = enum_label(k->name, c->name, val, q->lang == EN);
			option(q, val, w ? w : val, qarg(q, c->name));
			v += len + (v[len] != 0);
		}
		buf_adds(&q->body, "</select></label>\n");
	}
	if (kind_col(k, "amount") >= 0 || kind_col(k, "budget") >= 0) {
		buf_addf(&q->body, "<label>%s <input name=\"min\" inputmode=\"decimal\" size=\"10\" value=\"", T(q, "amount_yuan"));
		buf_add_html(&q->body, qarg(q, "min") ? qarg(q, "min") : "");
		buf_addf(&q->body, "\"></label> <label>%s <input name=\"max\" inputmode=\"decimal\" size=\"10\" value=\"",
			 T(q, "from_to"));
		buf_add_html(&q->body, qarg(q, "max") ? qarg(q, "max") : "");
		buf_adds(&q->body, "\"></label>\n");
	}
	static const char *const kept[] = { "sort", "desc", "clear" };
	for (size_t i = 0; i < ARRAY_SIZE(kept); i++)
		if (qarg(q, kept[i])) {
			buf_addf(&q->body, "<input type=\"hidden\" name=\"%s\" value=\"", kept[i]);
			buf_add_html(&q->body, qarg(q, kept[i]));
			buf_adds(&q->body, "\">");
		}
	buf_addf(&q->body, "<button>%s</button> <a href=\"/records/%s\">%s</a></form>\n", T(q, "filter"), k->name,
		 T(q, "clear_filter"));
}

void records_total(struct req *q, const struct list_total *t, int page, void (*keep)(struct req *, struct buf *))
{
	if (t->capped) {
		char n[32];
		snprintf(n, sizeof n, "%ld", t->cap);
		buf_addf(&q->body, "<p class=\"total\">%s", T(q, "rows_more_than"));
		buf_add_grouped(&q->body, n);
		buf_addf(&q->body, " %s%s</p>\n", T(q, "rows"), T(q, "narrow_for_total"));
	} else {
		buf_addf(&q->body, "<p class=\"total\">%s%ld %s", q->lang == EN ? "" : "共 ", t->rows, T(q, "rows"));
	}
	if (t->has_money && !t->capped) {
		char m[32];
		money_format(t->money, m);
		buf_addf(&q->body, "，%s ", T(q, "money_total"));
		buf_add_grouped(&q->body, m);
		buf_adds(&q->body, q->lang == EN ? " yuan" : "元");
	}
	if (!t->capped)
		buf_adds(&q->body, "</p>\n");
	/* more than counted: the pages around this one and the next, no last */
	int pages = t->capped ? page + 2 : (int)((t->rows + 49) / 50);
	if (pages <= 1)
		return;
	buf_adds(&q->body, "<nav class=\"pages\">");
	if (page > 0) {
		buf_addf(&q->body, "<a href=\"?page=%d", page - 1);
		keep(q, &q->body);
		buf_addf(&q->body, "\">%s</a> ", T(q, "prev"));
	}
	/* the first, the last, and those around this one */
	int last = -1;
	for (int p = 0; p < pages; p++) {
		if (p != 0 && p != pages - 1 && (p < page - 3 || p > page + 3))
			continue;
		if (last >= 0 && p > last + 1)
			buf_adds(&q->body, "… ");
		if (p == page) {
			buf_addf(&q->body, "<b>%d</b> ", p + 1);
		} else {
			buf_addf(&q->body, "<a href=\"?page=%d", p);
			keep(q, &q->body);
			buf_addf(&q->body, "\">%d</a> ", p + 1);
		}
		last = p;
	}
	if (page < pages - 1) {
		buf_addf(&q->body, "<a href=\"?page=%d", page + 1);
		keep(q, &q->body);
		buf_addf(&q->body, "\">%s</a>", T(q, "next"));
	}
	buf_adds(&q->body, "</nav>\n");
}
