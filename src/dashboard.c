/*
** dashboard.c: the staff dashboard: every indicator of the city and county
** pairings in the user's region against its target, with its charts (SVG,
** no script).
*/
#include "bangfu.h"
#include "kinds.h"
#include "web.h"
#include <stdlib.h>
#include <string.h>
#include "banned.h"

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

/* An amount as the offices write it on a dashboard: 万元 with two
** decimals and thousands separators (45,300.00万元). */
static void wan_grouped(int64_t fen, char out[64])
{
	char m[32];
	money_format((fen + (fen < 0 ? -5000 : 5000)) / 10000, m); /* hundredths of 万, rounded */
	struct buf b = BUF_INIT;
	buf_add_grouped(&b, m);
	snprintf(out, 64, "%s万元", b.s);
	buf_release(&b);
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
	/* the share of the year gone by today, as the bulletin flags 滞后 against it */
	char today[11];
	date_today(today);
	int ty = atoi(today), tm = atoi(today + 5);
	int64_t elapsed = year < ty ? 10000 : year > ty ? 0 : (int64_t)tm * 10000 / 12;
	for (int i = 0; i < nindicators; i++) {
		int64_t v = figures_value(f, p, year, i), t = figures_target(f, p, year, i);
		char vs[64], ts[64] = "", cs[64] = "";
		if (indicators[i].unit == IND_MONEY)
			wan_grouped(v, vs);
		else
			snprintf(vs, sizeof vs, "%lld", (long long)v);
		if (t != NO_TARGET) {
			if (indicators[i].unit == IND_MONEY)
				wan_grouped(t, ts);
			else
				snprintf(ts, sizeof ts, "%lld", (long long)t);
			if (t > 0) {
				int64_t c = (int64_t)(((__int128)v * 20000 / t + 1) / 2);
				snprintf(cs, sizeof cs, "%lld.%02lld%%%s", (long long)(c / 100), (long long)(c % 100),
					 c < elapsed ? T(q, "behind_flag") : "");
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
void h_dashboard(struct req *q)
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

