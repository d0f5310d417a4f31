/*
** dashboard.c: the staff dashboard, one screen: the year and the pairing
** (or the user's whole region) as choices; the key figures as cards
** against their targets, flagged 滞后 as the bulletin flags them; charts
** with axes (completion, money by year, the pairings ranked); every
** indicator in a table below.  Each number links to exactly the records
** behind it (list_narrow.c).  SVG, no script.
*/
#include "bangfu.h"
#include "kinds.h"
#include "web.h"
#include <stdlib.h>
#include <string.h>
#include "banned.h"

/* What the dashboard shows: a figures row for a year. */
struct dash {
	struct req *q;
	struct figures *f;
	struct scope *s;
	int row, year;
	const char *pairing; /* the row's pairing, or NULL for a region */
	const char *region;  /* the row's region ("" for every pairing) */
	int64_t elapsed;     /* the share of the year gone by, 1/100 % */
};

/* The records an indicator adds up, exactly: the kind and the values that
** choose them (list --where). */
static const struct {
	const char *indicator, *kind, *where;
} drill[] = {
	{ "fiscal_funds", "funds", "kind=fiscal" }, { "social_funds", "funds", "kind=social|goods" },
	{ "projects", "projects", NULL }, { "workers_transferred", "workers", "kind=transfer" },
	{ "graduates_hired", "workers", "kind=graduate" }, { "public_welfare_jobs", "workers", "kind=public_welfare" },
	{ "sales", "sales", NULL }, { "investment", "investments", NULL }, { "enterprises", "investments", NULL },
	{ "workshops", "workshops", NULL }, { "workshop_jobs", "workshops", NULL },
	{ "workshop_poor_jobs", "workshops", NULL }, { "cadres", "exchanges", "kind=cadre" },
	{ "teachers", "exchanges", "kind=teacher" }, { "doctors", "exchanges", "kind=doctor" },
	{ "technicians", "exchanges", "kind=technician" }, { "trained_person_times", "trainings", NULL },
	{ "joint_meetings", "events", "kind=joint_meeting" }, { "leader_visits", "events", "kind=leader_visit" },
	{ "job_fairs", "events", "kind=job_fair" }, { "supervision_visits", "events", "kind=supervision" },
	{ "department_visits", "events", "kind=department_visit" },
};

/* The link to the records behind indicator i of the dashboard's row, or
** nothing when they cannot be chosen exactly. */
static int drill_href(const struct dash *d, int i, struct buf *b)
{
	for (size_t k = 0; k < ARRAY_SIZE(drill); k++) {
		if (!streq(drill[k].indicator, indicators[i].name))
			continue;
		buf_addf(b, "/records/%s?year=%d", drill[k].kind, d->year);
		if (d->pairing) {
			char *u = evhttp_encode_uri(d->pairing);
			buf_adds(b, "&amp;pairing=");
			buf_add_html(b, u);
			free(u);
		} else {
			buf_addf(b, "&amp;pairings_in=%s", d->region[0] ? d->region : "all");
		}
		if (drill[k].where) {
			const char *eq = strchr(drill[k].where, '=');
			buf_addf(b, "&amp;%.*s=", (int)(eq - drill[k].where), drill[k].where);
			for (const char *c = eq + 1; *c; c++)
				buf_adds(b, *c == '|' ? "%7C" : (char[2]){ *c, 0 });
		}
		return 1;
	}
	return 0;
}

/* An amount as the offices write it on a dashboard: 万元 with two
** decimals and thousands separators (45,300.00). */
static void wan_grouped(int64_t fen, struct buf *b)
{
	char m[32];
	money_format((fen + (fen < 0 ? -5000 : 5000)) / 10000, m); /* hundredths of 万, rounded */
	buf_add_grouped(b, m);
}

static void value_text(const struct dash *d, int i, int64_t v, struct buf *b, int unit)
{
	if (indicators[i].unit == IND_MONEY) {
		wan_grouped(v, b);
		if (unit)
			buf_adds(b, d->q->lang == EN ? " 10k yuan" : "万元");
	} else {
		char n[32];
		snprintf(n, sizeof n, "%lld", (long long)v);
		buf_add_grouped(b, n);
	}
}

/* Completion in 1/100 %, rounded; -1 without a target. */
static int64_t completion(const struct dash *d, int i)
{
	int64_t t = figures_target(d->f, d->row, d->year, i);
	if (t == NO_TARGET || t <= 0)
		return -1;
	return (int64_t)(((__int128)figures_value(d->f, d->row, d->year, i) * 20000 / t + 1) / 2);
}

static const char *label(const struct dash *d, int i)
{
	return d->q->lang == EN ? indicators[i].label_en : indicators[i].label;
}

static void card(const struct dash *d, int i)
{
	struct req *q = d->q;
	struct buf href = BUF_INIT;
	int link = drill_href(d, i, &href);
	int64_t c = completion(d, i);
	int behind = c >= 0 && c < d->elapsed;
	buf_addf(&q->body, "<%s class=\"card%s\"", link ? "a" : "div",
		 behind ? " behind-card" : c < 0 ? " no-target" : "");
	if (link)
		buf_addf(&q->body, " href=\"%s\"", href.s);
	buf_adds(&q->body, "><span class=\"k\">");
	buf_add_html(&q->body, label(d, i));
	buf_adds(&q->body, "</span><span class=\"v\">");
	int64_t v = figures_value(d->f, d->row, d->year, i);
	if (indicators[i].unit == IND_MONEY && (v >= 10000000000LL || v <= -10000000000LL)) {
		/* a hundred million yuan and more: 亿元, as offices write large sums */
		char m[32];
		money_format((v + (v < 0 ? -50000000 : 50000000)) / 100000000, m); /* hundredths of 亿, rounded */
		buf_add_grouped(&q->body, m);
		buf_addf(&q->body, "<small>%s</small>", q->lang == EN ? " 100m yuan" : "亿元");
	} else {
		value_text(d, i, v, &q->body, 0);
		if (indicators[i].unit == IND_MONEY)
			buf_addf(&q->body, "<small>%s</small>", q->lang == EN ? " 10k yuan" : "万元");
	}
	buf_adds(&q->body, "</span>");
	if (c >= 0) {
		buf_addf(&q->body, "<span class=\"t\">%s ", T(q, "target"));
		value_text(d, i, figures_target(d->f, d->row, d->year, i), &q->body, 1);
		buf_addf(&q->body, " · %lld.%02lld%%%s</span>", (long long)(c / 100), (long long)(c % 100),
			 behind ? T(q, "behind_flag") : "");
		int w = (int)(c > 10000 ? 100 : c / 100);
		buf_addf(&q->body, "<svg class=\"bar\" viewBox=\"0 0 100 6\" preserveAspectRatio=\"none\" aria-hidden=\"true\">"
				   "<rect width=\"100\" height=\"6\" fill=\"#e8e8e8\"/><rect width=\"%d\" height=\"6\" fill=\"%s\"/>"
				   "<line x1=\"%lld\" x2=\"%lld\" y1=\"0\" y2=\"6\" stroke=\"#333\" stroke-width=\"0.6\"/></svg>",
			 w, behind ? "#b00020" : "#2e7d32", (long long)(d->elapsed / 100), (long long)(d->elapsed / 100));
	}
	buf_addf(&q->body, "</%s>\n", link ? "a" : "div");
	buf_release(&href);
}

/* The cards: every indicator with a target, then the key ones, eight at
** least where there are that many. */
static void cards(const struct dash *d)
{
	static const char *const key[] = { "fiscal_funds", "social_funds", "projects", "workers_transferred",
					   "sales", "investment", "trained_person_times", "cadres" };
	unsigned char shown[128] = { 0 };
	int n = 0;
	buf_adds(&d->q->body, "<div class=\"cards\">\n");
	for (int i = 0; i < nindicators; i++)
		if (completion(d, i) >= 0) {
			card(d, i);
			shown[i] = 1;
			n++;
		}
	for (size_t k = 0; k < ARRAY_SIZE(key) && n < 8; k++) {
		int i = indicator_find(key[k]);
		if (i >= 0 && !shown[i]) {
			card(d, i);
			n++;
		}
	}
	buf_adds(&d->q->body, "</div>\n");
}

/* Completion of each targeted indicator: bars on an axis of 0 to 150 %,
** the share of the year gone by marked. */
static void chart_completion(const struct dash *d)
{
	struct req *q = d->q;
	int n = 0;
	for (int i = 0; i < nindicators; i++)
		n += completion(d, i) >= 0;
	if (!n)
		return;
	int x0 = 130, span = 240, h = 22 * n + 30;
	buf_addf(&q->body, "<figure><figcaption>%s</figcaption><svg viewBox=\"0 0 420 %d\" width=\"420\" height=\"%d\" "
			   "role=\"img\" class=\"chart\">", T(q, "completion"), h, h);
	for (int t = 0; t <= 150; t += 50) { /* the axis */
		int x = x0 + t * span / 150;
		buf_addf(&q->body, "<line x1=\"%d\" x2=\"%d\" y1=\"0\" y2=\"%d\" stroke=\"%s\"/>"
				   "<text x=\"%d\" y=\"%d\" font-size=\"11\" text-anchor=\"middle\">%d%%</text>",
			 x, x, h - 18, t == 100 ? "#555" : "#ddd", x, h - 4, t);
	}
	int row = 0;
	for (int i = 0; i < nindicators; i++) {
		int64_t c = completion(d, i);
		if (c < 0)
			continue;
		int w = (int)((c > 15000 ? 15000 : c) * span / 15000), y = 4 + 22 * row++;
		buf_addf(&q->body, "<text x=\"%d\" y=\"%d\" font-size=\"12\" text-anchor=\"end\">", x0 - 4, y + 13);
		buf_add_html(&q->body, label(d, i));
		buf_addf(&q->body, "</text><rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"16\" fill=\"%s\"/>"
				   "<text x=\"%d\" y=\"%d\" font-size=\"11\">%lld%%</text>",
			 x0, y, w, c < d->elapsed ? "#b00020" : "#2e7d32", x0 + w + 3, y + 13, (long long)((c + 50) / 100));
	}
	int ex = x0 + (int)(d->elapsed * span / 15000);
	buf_addf(&q->body, "<line x1=\"%d\" x2=\"%d\" y1=\"0\" y2=\"%d\" stroke=\"#b00020\" stroke-dasharray=\"3\"/>"
			   "</svg><figcaption class=\"legend\">%s</figcaption></figure>\n", ex, ex, h - 18, T(q, "elapsed_line"));
}

/* A round step for an axis up to max: 1, 2 or 5 times a power of ten. */
static int64_t axis_step(int64_t max, int ticks)
{
	int64_t raw = max / ticks + 1, p = 1;
	while (p * 10 <= raw)
		p *= 10;
	return raw <= p ? p : raw <= 2 * p ? 2 * p : raw <= 5 * p ? 5 * p : 10 * p;
}

/* Money received by year (fiscal and social), stacked bars on an axis in 万元. */
static void chart_money(const struct dash *d)
{
	struct req *q = d->q;
	const struct figures *f = d->f;
	int fi = indicator_find("fiscal_funds"), si = indicator_find("social_funds");
	int64_t max = 0;
	for (int y = f->y0; y < f->y0 + f->ny; y++) {
		int64_t t = figures_value(f, d->row, y, fi) + figures_value(f, d->row, y, si);
		if (t > max)
			max = t;
	}
	if (max <= 0)
		return;
	int64_t wan = (max + 999999) / 1000000, step = axis_step(wan, 4), top = step * ((wan + step - 1) / step);
	int bw = 40, h = 160, x0 = 64, w = x0 + f->ny * (bw + 14) + 10;
	buf_addf(&q->body, "<figure><figcaption>%s（%s）</figcaption><svg viewBox=\"0 0 %d %d\" width=\"%d\" height=\"%d\" "
			   "role=\"img\" class=\"chart\">", T(q, "money_by_year"), T(q, "unit_wan"), w, h + 30, w, h + 30);
	for (int64_t t = 0; t <= top; t += step) {
		int y = 8 + (int)((top - t) * h / top);
		char n[32];
		struct buf lab = BUF_INIT;
		snprintf(n, sizeof n, "%lld", (long long)t);
		buf_add_grouped(&lab, n);
		buf_addf(&q->body, "<line x1=\"%d\" x2=\"%d\" y1=\"%d\" y2=\"%d\" stroke=\"%s\"/>"
				   "<text x=\"%d\" y=\"%d\" font-size=\"11\" text-anchor=\"end\">%s</text>",
			 x0, w, y, y, t ? "#ddd" : "#555", x0 - 4, y + 4, lab.s);
		buf_release(&lab);
	}
	for (int k = 0; k < f->ny; k++) {
		int y = f->y0 + k;
		int64_t fv = figures_value(f, d->row, y, fi), sv = figures_value(f, d->row, y, si);
		int fh = (int)((__int128)(fv > 0 ? fv : 0) * h / (top * 1000000));
		int sh = (int)((__int128)(sv > 0 ? sv : 0) * h / (top * 1000000));
		int x = x0 + 8 + k * (bw + 14);
		buf_addf(&q->body, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"#8c1c13\"><title>%d %s</title></rect>"
				   "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"#e0a040\"/>"
				   "<text x=\"%d\" y=\"%d\" font-size=\"11\" text-anchor=\"middle\"%s>%d</text>",
			 x, 8 + h - fh, bw, fh, y, label(d, fi), x, 8 + h - fh - sh, bw, sh, x + bw / 2, h + 24,
			 y == d->year ? " font-weight=\"bold\"" : "", y);
	}
	buf_addf(&q->body, "</svg><figcaption class=\"legend\"><span class=\"fiscal\">■</span> %s "
			   "<span class=\"social\">■</span> %s</figcaption></figure>\n",
		 label(d, fi), label(d, si));
}

/* A pairing by its parties' names: 福州市 — 定西市. */
static void pairing_name(struct req *q, struct scope *s, int p, struct buf *b)
{
	struct db *db = q->app->c->db;
	char *e = party_name(db, scope_pairing_east(s, p)), *w = party_name(db, scope_pairing_west(s, p));
	buf_addf(b, "%s — %s", e ? e : scope_pairing_east(s, p), w ? w : scope_pairing_west(s, p));
	free(e);
	free(w);
}

/* The pairings ranked by the mean completion of their targeted indicators
** (each counted at most 100%), as the bulletin ranks them: ties share a
** rank.  Each bar opens that pairing's dashboard. */
static void chart_ranking(const struct dash *d, const int *rows, int n)
{
	struct req *q = d->q;
	struct rank {
		int p;
		int64_t score;
	} *r = xmalloc(((size_t)n + 1) * sizeof *r);
	int m = 0;
	for (int k = 0; k < n; k++) {
		int64_t sum = 0;
		int nt = 0;
		for (int i = 0; i < nindicators; i++) {
			int64_t t = figures_target(d->f, rows[k], d->year, i);
			if (t == NO_TARGET || t <= 0)
				continue;
			int64_t c = (int64_t)(((__int128)figures_value(d->f, rows[k], d->year, i) * 20000 / t + 1) / 2);
			sum += c > 10000 ? 10000 : c;
			nt++;
		}
		if (nt)
			r[m++] = (struct rank){ rows[k], (sum / nt + 50) / 100 }; /* whole per cent, as printed */
	}
	if (m < 2) {
		free(r);
		return;
	}
	for (int a = 1; a < m; a++) /* by score, best first */
		for (int b = a; b > 0 && r[b].score > r[b - 1].score; b--) {
			struct rank t = r[b];
			r[b] = r[b - 1];
			r[b - 1] = t;
		}
	int x0 = 200, span = 200, h = 22 * m + 30;
	buf_addf(&q->body, "<figure><figcaption>%s</figcaption><svg viewBox=\"0 0 460 %d\" width=\"460\" height=\"%d\" "
			   "role=\"img\" class=\"chart\">", T(q, "ranking"), h, h);
	for (int t = 0; t <= 100; t += 25) {
		int x = x0 + t * span / 100;
		buf_addf(&q->body, "<line x1=\"%d\" x2=\"%d\" y1=\"0\" y2=\"%d\" stroke=\"#ddd\"/>"
				   "<text x=\"%d\" y=\"%d\" font-size=\"11\" text-anchor=\"middle\">%d%%</text>",
			 x, x, h - 18, x, h - 4, t);
	}
	int rank = 0;
	for (int k = 0; k < m; k++) {
		if (k == 0 || r[k].score != r[k - 1].score)
			rank = k + 1;
		int y = 4 + 22 * k, w = (int)(r[k].score * span / 100);
		char *u = evhttp_encode_uri(scope_pairing_id(d->s, r[k].p));
		buf_addf(&q->body, "<a href=\"/dashboard?year=%d&amp;pairing=", d->year);
		buf_add_html(&q->body, u);
		free(u);
		buf_addf(&q->body, "\"><text x=\"%d\" y=\"%d\" font-size=\"12\" text-anchor=\"end\">%d. ", x0 - 4, y + 13, rank);
		struct buf name = BUF_INIT;
		pairing_name(q, d->s, r[k].p, &name);
		buf_add_html(&q->body, name.s);
		buf_release(&name);
		buf_addf(&q->body, "</text><rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"16\" fill=\"#8c1c13\"/>"
				   "<text x=\"%d\" y=\"%d\" font-size=\"11\">%lld%%</text></a>",
			 x0, y, w, x0 + w + 3, y + 13, (long long)r[k].score);
	}
	buf_adds(&q->body, "</svg></figure>\n");
	free(r);
}

/* Every indicator of the row, with its target and completion. */
static void table_all(const struct dash *d, int open)
{
	struct req *q = d->q;
	buf_addf(&q->body, "<details%s><summary>%s</summary><div class=\"scroll\"><table><tr><th>%s</th><th>%s</th>"
			   "<th>%s</th><th>%s</th></tr>\n", open ? " open" : "", T(q, "all_indicators"), T(q, "indicator"),
		 T(q, "value"), T(q, "target"), T(q, "completion"));
	for (int i = 0; i < nindicators; i++) {
		buf_adds(&q->body, "<tr><td>");
		buf_add_html(&q->body, label(d, i));
		buf_adds(&q->body, "</td><td class=\"n\">");
		struct buf href = BUF_INIT;
		int link = drill_href(d, i, &href);
		if (link)
			buf_addf(&q->body, "<a href=\"%s\">", href.s);
		value_text(d, i, figures_value(d->f, d->row, d->year, i), &q->body, 1);
		buf_adds(&q->body, link ? "</a></td><td class=\"n\">" : "</td><td class=\"n\">");
		buf_release(&href);
		int64_t c = completion(d, i);
		if (figures_target(d->f, d->row, d->year, i) != NO_TARGET)
			value_text(d, i, figures_target(d->f, d->row, d->year, i), &q->body, 1);
		buf_adds(&q->body, "</td><td class=\"n\">");
		if (c >= 0)
			buf_addf(&q->body, "%lld.%02lld%%%s", (long long)(c / 100), (long long)(c % 100),
				 c < d->elapsed ? T(q, "behind_flag") : "");
		buf_adds(&q->body, "</td></tr>\n");
	}
	buf_adds(&q->body, "</table></div></details>\n");
}

/* The choices: the year and the pairing, by name. */
static void choices(const struct dash *d, const char *action, int y0, int y1, const int *rows, int n,
		    const char *region_name)
{
	struct req *q = d->q;
	buf_addf(&q->body, "<form method=\"get\" action=\"%s\" class=\"filters\"><label>%s <select name=\"year\">",
		 action, T(q, "year"));
	for (int y = y1; y >= y0; y--)
		buf_addf(&q->body, "<option%s>%d</option>", y == d->year ? " selected" : "", y);
	buf_addf(&q->body, "</select></label> <label>%s <select name=\"pairing\"><option value=\"\">", T(q, "pairing"));
	buf_add_html(&q->body, region_name);
	buf_adds(&q->body, "</option>");
	for (int k = 0; k < n; k++) {
		const char *id = scope_pairing_id(d->s, rows[k]);
		buf_adds(&q->body, "<option value=\"");
		buf_add_html(&q->body, id);
		buf_addf(&q->body, "\"%s>", d->pairing && streq(d->pairing, id) ? " selected" : "");
		struct buf name = BUF_INIT;
		pairing_name(q, d->s, rows[k], &name);
		buf_add_html(&q->body, name.s);
		buf_release(&name);
		buf_adds(&q->body, "</option>");
	}
	buf_addf(&q->body, "</select></label> <button>%s</button></form>\n", T(q, "show"));
}

/* What both pages start from: the year and the pairing asked for (or the
** defaults: the store's latest year up to this one, the user's region),
** checked; the scope, the figures of every year and the pairings the user
** may see.  0, or -1 when it has answered (400, 404). */
struct view {
	struct dash d;
	struct figures f;
	int y0, y1;     /* the store's years */
	int *rows, n;   /* the city and county pairings the user may see */
	char region_name[256];
	char key[256];  /* the kept page's key */
};

static int view_open(struct req *q, struct view *v, const char *page)
{
	struct db *db = q->app->c->db;
	char why[256];
	memset(v, 0, sizeof *v);
	db_begin_read(db);
	store_years(db, &v->y0, &v->y1);
	char today[11];
	date_today(today);
	int ty = atoi(today), tm = atoi(today + 5);
	int year = v->y1 < v->y0 ? ty : v->y1 < ty ? v->y1 : ty;
	const char *ya = qarg(q, "year"), *pairing = qarg(q, "pairing");
	if (ya) {
		int64_t y;
		if (int_parse(ya, 1900, 2199, &y, why, sizeof why) < 0) {
			db_commit(db);
			fail(q, 400, "Bad Request", "bad_request", why);
			return -1;
		}
		year = (int)y;
	}
	if (pairing && (!text_ok(pairing, 128) || strchr(pairing, '|'))) {
		db_commit(db);
		fail(q, 400, "Bad Request", "bad_request", "pairing");
		return -1;
	}
	struct dash *d = &v->d;
	*d = (struct dash){ q, &v->f, NULL, -1, year, NULL, q->u.region, 0 };
	d->elapsed = year < ty ? 10000 : year > ty ? 0 : (int64_t)tm * 10000 / 12;
	/* the same for everyone of a region until an import changes the store:
	** made once, then kept */
	store_generation(q);
	snprintf(v->key, sizeof v->key, "%s|%s|%d|%s|%d|%d", page, q->u.region, year, pairing ? pairing : "",
		 (int)q->lang, tm);
	if (map_get(&q->app->pages, v->key))
		return 0;
	d->s = scope_load(db);
	int p = pairing ? scope_pairing_index(d->s, pairing) : -1;
	if (pairing && (p < 0 || !pairing_visible(q, d->s, p))) {
		scope_free(d->s);
		db_commit(db);
		fail(q, 404, "Not Found", "not_found", NULL);
		return -1;
	}
	int fy0 = v->y0, fy1 = v->y1;
	if (fy1 < fy0 || year < fy0 || year > fy1)
		fy0 = fy1 = year;
	v->y0 = fy0;
	v->y1 = fy1;
	figures_init(&v->f, d->s, fy0, fy1);
	int region_row = figures_add_region(&v->f, q->u.region, q->u.region[0] && streq(region_side(q), "--east"));
	figures_compute(&v->f, db, NULL, NULL);
	d->row = p >= 0 ? p : region_row;
	d->pairing = p >= 0 ? pairing : NULL;
	int np = scope_npairings(d->s);
	v->rows = xmalloc(((size_t)np + 1) * sizeof *v->rows);
	struct stmt *st = db_prepare(db, "SELECT id FROM pairings WHERE level IN ('city', 'county') ORDER BY id");
	while (stmt_step(st)) {
		int r = scope_pairing_index(d->s, stmt_text(st, 0));
		if (r >= 0 && pairing_visible(q, d->s, r))
			v->rows[v->n++] = r;
	}
	stmt_finalize(st);
	char *rn = q->u.region[0] ? party_name(db, q->u.region) : NULL;
	snprintf(v->region_name, sizeof v->region_name, q->lang == EN ? "%s (%s)" : "%s（%s）",
		 rn ? rn : q->u.region[0] ? q->u.region : T(q, "all_pairings"), T(q, "whole_region"));
	free(rn);
	return 0;
}

/* An auditor's or administrator's dashboard ends with the open findings
** of the audit checks by county (as they stand now: not kept with the page). */
static void findings_panel(struct req *q)
{
	if (q->u.role != ROLE_ADMIN && q->u.role != ROLE_AUDITOR)
		return;
	struct db *db = q->app->c->db;
	char lo[13], hi[13];
	struct buf sql = BUF_INIT;
	buf_adds(&sql, "SELECT county, COUNT(*), COALESCE(SUM(amount), 0) FROM findings WHERE state IN ('open', 'assigned')");
	int nb = findings_region(q, &sql, lo, hi);
	buf_adds(&sql, " GROUP BY county ORDER BY 2 DESC, 1");
	struct stmt *st = db_prepare(db, sql.s);
	buf_release(&sql);
	if (nb > 0)
		stmt_bind_text(st, 1, lo);
	if (nb > 1)
		stmt_bind_text(st, 2, hi);
	int n = 0;
	while (stmt_step(st)) {
		if (!n++)
			buf_addf(&q->body, "<section class=\"findings\"><h2><a href=\"/checks\">%s</a></h2><div class=\"scroll\">"
					   "<table><tr><th>%s</th><th>%s</th><th>%s</th></tr>\n",
				 T(q, "open_by_county"), T(q, "area"), T(q, "state_open"), T(q, "col_amount"));
		char *name = stmt_text(st, 0) ? division_name(db, stmt_text(st, 0)) : NULL;
		char m[32];
		money_format(stmt_int(st, 2), m);
		buf_adds(&q->body, "<tr><td>");
		buf_add_html(&q->body, name ? name : "—");
		buf_addf(&q->body, "</td><td class=\"n\">%lld</td><td class=\"n\">", (long long)stmt_int(st, 1));
		buf_add_grouped(&q->body, m);
		buf_adds(&q->body, "</td></tr>\n");
		free(name);
	}
	stmt_finalize(st);
	if (n)
		buf_adds(&q->body, "</table></div></section>\n");
}

/* Sends the page: the kept one, or the one made now (kept from start). */
static void view_send(struct req *q, struct view *v, const char *title, size_t start)
{
	if (v->d.s) {
		if (q->app->pages.n >= 256)
			map_empty(&q->app->pages, free);
		map_put(&q->app->pages, v->key, xstrdup(q->body.s + start));
		free(v->rows);
		figures_release(&v->f);
		scope_free(v->d.s);
	} else {
		buf_reset(&q->body);
		page_head(q, title);
		buf_adds(&q->body, map_get(&q->app->pages, v->key));
	}
	if (starts_with(v->key, "dashboard|"))
		findings_panel(q);
	db_commit(q->app->c->db);
	page_foot(q);
	send_page(q, 200, "OK");
}

/* The heading: the pairing by name, or the region, and the year. */
static void view_heading(struct req *q, struct view *v)
{
	buf_adds(&q->body, "<h2>");
	if (v->d.pairing) {
		struct buf name = BUF_INIT;
		pairing_name(q, v->d.s, v->d.row, &name);
		buf_add_html(&q->body, name.s);
		buf_release(&name);
	} else {
		buf_add_html(&q->body, v->region_name);
	}
	buf_addf(&q->body, " · %d</h2>\n", v->d.year);
}

void h_dashboard(struct req *q)
{
	struct view v;
	if (view_open(q, &v, "dashboard") < 0)
		return;
	char title[96];
	snprintf(title, sizeof title, "%s %d", T(q, "dashboard"), v.d.year);
	if (!v.d.s) {
		view_send(q, &v, title, 0);
		return;
	}
	buf_reset(&q->body);
	page_head(q, title);
	size_t start = q->body.len;
	choices(&v.d, "/dashboard", v.y0, v.y1, v.rows, v.n, v.region_name);
	view_heading(q, &v);
	if (!v.n && !v.d.pairing)
		buf_addf(&q->body, "<p>%s</p>\n", T(q, "no_pairings"));
	cards(&v.d);
	buf_adds(&q->body, "<div class=\"charts\">\n");
	chart_completion(&v.d);
	chart_money(&v.d);
	if (!v.d.pairing)
		chart_ranking(&v.d, v.rows, v.n);
	buf_adds(&q->body, "</div>\n");
	table_all(&v.d, 0);
	view_send(q, &v, title, start);
}

/* Mean completion of a row's targeted indicators (each at most 100%), in
** whole per cent as printed, and how many are behind; -1 without targets. */
static int64_t row_score(const struct dash *d, int row, int *ntargets, int *nbehind)
{
	int64_t sum = 0;
	*ntargets = *nbehind = 0;
	for (int i = 0; i < nindicators; i++) {
		int64_t t = figures_target(d->f, row, d->year, i);
		if (t == NO_TARGET || t <= 0)
			continue;
		int64_t c = (int64_t)(((__int128)figures_value(d->f, row, d->year, i) * 20000 / t + 1) / 2);
		sum += c > 10000 ? 10000 : c;
		(*ntargets)++;
		*nbehind += c < d->elapsed;
	}
	return *ntargets ? (sum / *ntargets + 50) / 100 : -1;
}

/* 指标完成情况: the region's (or a pairing's) indicators against their
** targets for a year, and below, the region's pairings ranked, each
** opening its own. */
void h_indicators_page(struct req *q)
{
	struct view v;
	if (view_open(q, &v, "indicators") < 0)
		return;
	const char *title = T(q, "indicators");
	if (!v.d.s) {
		view_send(q, &v, title, 0);
		return;
	}
	struct dash *d = &v.d;
	buf_reset(&q->body);
	page_head(q, title);
	size_t start = q->body.len;
	choices(d, "/reports/indicators", v.y0, v.y1, v.rows, v.n, v.region_name);
	view_heading(q, &v);
	buf_addf(&q->body, "<p><a href=\"/reports/indicators?format=csv&amp;year=%d", d->year);
	if (d->pairing) {
		char *u = evhttp_encode_uri(d->pairing);
		buf_adds(&q->body, "&amp;pairing=");
		buf_add_html(&q->body, u);
		free(u);
	}
	buf_adds(&q->body, "\">CSV</a></p>\n");
	table_all(d, 1);
	if (!d->pairing && v.n > 1) {
		/* the pairings, best first; ties share a rank */
		struct { int p, nt, nb; int64_t score; } *r = xmalloc((size_t)v.n * sizeof *r);
		int m = 0;
		for (int k = 0; k < v.n; k++) {
			r[m].p = v.rows[k];
			r[m].score = row_score(d, v.rows[k], &r[m].nt, &r[m].nb);
			m++;
		}
		for (int a = 1; a < m; a++)
			for (int b = a; b > 0 && r[b].score > r[b - 1].score; b--) {
				__typeof__(*r) t = r[b];
				r[b] = r[b - 1];
				r[b - 1] = t;
			}
		buf_addf(&q->body, "<h3>%s</h3><div class=\"scroll\"><table><tr><th>%s</th><th>%s</th><th>%s</th>"
				   "<th>%s</th><th>%s</th></tr>\n", T(q, "pairings_ranked"), T(q, "rank"), T(q, "pairing"),
			 T(q, "targets_set"), T(q, "mean_completion"), T(q, "behind_count"));
		int rank = 0;
		for (int k = 0; k < m; k++) {
			if (k == 0 || r[k].score != r[k - 1].score)
				rank = k + 1;
			char *u = evhttp_encode_uri(scope_pairing_id(d->s, r[k].p));
			if (r[k].score >= 0)
				buf_addf(&q->body, "<tr><td class=\"n\">%d</td>", rank);
			else
				buf_adds(&q->body, "<tr><td class=\"n\">—</td>");
			buf_addf(&q->body, "<td><a href=\"/reports/indicators?year=%d&amp;pairing=", d->year);
			buf_add_html(&q->body, u);
			free(u);
			buf_adds(&q->body, "\">");
			struct buf name = BUF_INIT;
			pairing_name(q, d->s, r[k].p, &name);
			buf_add_html(&q->body, name.s);
			buf_release(&name);
			if (r[k].score >= 0)
				buf_addf(&q->body, "</a></td><td class=\"n\">%d</td><td class=\"n\">%lld%%</td>"
						   "<td class=\"n\">%d</td></tr>\n", r[k].nt, (long long)r[k].score, r[k].nb);
			else
				buf_adds(&q->body, "</a></td><td class=\"n\">0</td><td></td><td></td></tr>\n");
		}
		buf_adds(&q->body, "</table></div>\n");
		free(r);
	}
	view_send(q, &v, title, start);
}
