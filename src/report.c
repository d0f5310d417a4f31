/*
** report.c: `bangfu report`: indicators (FORMATS.md), funds and projects.
** Reports read kept balances and small aggregates, never a scan of every
** payment, so they stay instant as the ledger grows.
*/
#include "bangfu.h"
#include "cmd.h"
#include "enums.h"
#include "figures.h"
#include "kinds.h"
#include "out.h"
#include "params.h"
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include "banned.h"

/* ---- amounts as the articles show them ------------------------------- */

enum unit { U_YUAN, U_WAN, U_YI };

/* One unit for a whole column: 亿 from a hundred million up, 万 from ten thousand. */
static enum unit unit_for(int64_t max_fen)
{
	if (max_fen >= 10000000000LL)
		return U_YI;
	if (max_fen >= 1000000LL)
		return U_WAN;
	return U_YUAN;
}

/* 亿 with two decimals (rounded); 万 with up to four, trailing zeros dropped. */
static void human(int64_t fen, enum unit u, char out[48])
{
	if (u == U_YUAN) {
		char m[32];
		money_format(fen, m);
		snprintf(out, 48, "%s元", m);
		return;
	}
	int neg = fen < 0;
	uint64_t a = neg ? (uint64_t)(-fen) : (uint64_t)fen;
	if (u == U_YI) {
		uint64_t c = (a + 50000000) / 100000000; /* hundredths of 亿: 10^8 fen */
		snprintf(out, 48, "%s%llu.%02llu亿", neg ? "-" : "", (unsigned long long)(c / 100),
			 (unsigned long long)(c % 100));
		return;
	}
	uint64_t w = a / 1000000, frac = (a % 1000000 + 50) / 100; /* 万, then 1/10000 万 */
	if (frac == 10000) {
		w++;
		frac = 0;
	}
	char f[8];
	snprintf(f, sizeof f, "%04llu", (unsigned long long)frac);
	int n = 4;
	while (n > 0 && f[n - 1] == '0')
		f[--n] = 0;
	snprintf(out, 48, "%s%llu%s%s万", neg ? "-" : "", (unsigned long long)w, n ? "." : "", f);
}

/* Growth in percent with two decimals, rounded half away from zero. */
static int growth(int64_t prev, int64_t cur, char out[32])
{
	if (prev <= 0)
		return -1;
	__int128 num = (__int128)(cur - prev) * 10000;
	__int128 q = num / prev, r = num % prev;
	if ((r < 0 ? -r : r) * 2 >= prev)
		q += num < 0 ? -1 : 1;
	long long v = (long long)q;
	snprintf(out, 32, "%s%lld.%02lld%%", v < 0 ? "-" : "+", (v < 0 ? -v : v) / 100, (v < 0 ? -v : v) % 100);
	return 0;
}

/* ---- indicators ------------------------------------------------------- */

/* A count, or yuan with two decimals. */
static void indicator_value(int ind, int64_t v, char out[32])
{
	if (indicators[ind].unit == IND_MONEY)
		money_format(v, out);
	else
		snprintf(out, 32, "%lld", (long long)v);
}

static int report_indicators(struct cmdctx *c, const struct report_params *rp)
{
	const char *pairing = rp->pairing;
	const char *asof = rp->as_of[0] ? rp->as_of : NULL;
	const char *west = rp->west[0] ? rp->west : NULL, *east = rp->east[0] ? rp->east : NULL;
	enum fmt fmt = rp->fmt;
	if (fmt == FMT_XLSX)
		die("report indicators: --format table, csv or json");
	db_begin_read(c->db);
	struct scope *s = scope_load(c->db);
	int only = -1;
	if (pairing && (only = scope_pairing_index(s, pairing)) < 0)
		die("report indicators: no pairing %s", pairing);
	const char *through = rp->through[0] ? rp->through : NULL;
	if (through && rp->year)
		die("report indicators: --through DATE sums every year up to DATE; leave out --year");
	int y0, y1;
	store_years(c->db, &y0, &y1);
	if (rp->year)
		y0 = y1 = rp->year;
	if (through && atoi(through) < y1)
		y1 = atoi(through);
	struct figures f;
	figures_init(&f, s, y0, y1);
	if (through)
		figures_cumulative(&f);
	if (west || east)
		only = figures_add_region(&f, west ? west : east, east != NULL);
	if (through && !asof)
		asof = through;
	figures_compute(&f, c->db, through, asof);
	static const char *const head[] = { "pairing", "year", "indicator", "value", "target" };
	static const char *const head_zh[] = { "结对", "年度", "指标", "完成", "目标" };
	struct out o;
	out_init(&o, fmt, c->out, 5, fmt == FMT_TABLE ? head_zh : head);
	for (int p = 0; p < f.np + f.nr; p++) {
		if (only >= 0 ? p != only : p >= f.np)
			continue;
		int ylo = through ? figures_cum_year(&f) : f.y0, yhi = through ? ylo + 1 : f.y0 + f.ny;
		for (int y = ylo; y < yhi; y++)
			for (int i = 0; i < nindicators; i++) {
				char ys[32], v[32], t[32];
				snprintf(ys, sizeof ys, "%d", y);
				if (through)
					snprintf(ys, sizeof ys, "%s%s", fmt == FMT_TABLE ? "累计至" : "through ", through);
				indicator_value(i, figures_value(&f, p, y, i), v);
				int64_t tv = figures_target(&f, p, y, i);
				if (tv != NO_TARGET)
					indicator_value(i, tv, t);
				const char *row[] = { figures_row_name(&f, p), ys,
						      fmt == FMT_TABLE ? indicators[i].label : indicators[i].name, v,
						      tv != NO_TARGET ? t : NULL };
				out_row(&o, row);
			}
	}
	out_finish(&o);
	figures_release(&f);
	scope_free(s);
	db_commit(c->db);
	return 0;
}

/* ---- which funds and projects a report covers ----------------------- */

struct filter {
	const char *pairing, *east, *west;
	int from, to;
	const char *through; /* records dated up to it; NULL for all */
	struct scope *s;
	int pidx;
	unsigned char *hit;
};

static void filter_parse(struct filter *f, struct cmdctx *c, const struct report_params *p)
{
	memset(f, 0, sizeof *f);
	f->pairing = p->pairing;
	f->east = p->east[0] ? p->east : NULL;
	f->west = p->west[0] ? p->west : NULL;
	f->from = p->from;
	f->to = p->to ? p->to : 9999;
	if (p->through[0]) {
		f->through = p->through;
		if (atoi(p->through) < f->to)
			f->to = atoi(p->through);
	}
	f->s = scope_load(c->db);
	f->pidx = -1;
	if (f->pairing && (f->pidx = scope_pairing_index(f->s, f->pairing)) < 0)
		die("report: no pairing %s", f->pairing);
	f->hit = xmalloc((size_t)scope_npairings(f->s) + 1);
}

/* Does a record (its pairing, western place, eastern party, year) fall in the report? */
static int filter_keeps(struct filter *f, const char *pairing, const char *west, const char *east, int year)
{
	if (year < f->from || year > f->to)
		return 0;
	if (f->west && !scope_within(f->s, west, f->west))
		return 0;
	if (f->east && east && !scope_within(f->s, east, f->east))
		return 0;
	if (f->pidx < 0 && !(f->east && !east))
		return 1;
	memset(f->hit, 0, (size_t)scope_npairings(f->s));
	scope_counts_for(f->s, pairing, west, east, f->hit);
	if (f->pidx >= 0)
		return f->hit[f->pidx];
	/* --east for a record that names no eastern party: through the east
	** side of the pairings it counts for */
	for (int i = 0; i < scope_npairings(f->s); i++)
		if (f->hit[i] && scope_within(f->s, scope_pairing_east(f->s, i), f->east))
			return 1;
	return 0;
}

static void filter_release(struct filter *f)
{
	scope_free(f->s);
	free(f->hit);
}

/* ---- funds ------------------------------------------------------------ */

struct year_funds {
	int year;
	int64_t fiscal, social, goods, allocated, paid;
	int fiscal_rows, late_rows;
};

static void money_cell(enum fmt fmt, int64_t fen, enum unit u, char out[48])
{
	if (fmt == FMT_TABLE)
		human(fen, u, out);
	else
		money_format(fen, out);
}

/* Money by its source (--by donor): one row a party that gave, largest
** first, with its cash and goods and the rows it came in. */
struct donor {
	char *code;
	int64_t fiscal, social, goods, rows;
};

static int donor_cmp(const void *a, const void *b)
{
	const struct donor *x = a, *y = b;
	int64_t tx = x->fiscal + x->social + x->goods, ty = y->fiscal + y->social + y->goods;
	if (tx != ty)
		return tx > ty ? -1 : 1;
	return strcmp(x->code, y->code);
}

static int funds_by_donor(struct cmdctx *c, const struct report_params *p, struct filter *f)
{
	enum fmt fmt = p->fmt;
	struct stmt *st = db_prepare(c->db,
		"SELECT f.kind, COALESCE(o.pairing, f.pairing), f.from_, f.to_, COALESCE(o.date, f.date), "
		"  CASE WHEN f.reverses IS NULL THEN f.amount ELSE -f.amount END, f.date "
		"FROM funds f LEFT JOIN funds o ON o.id = f.reverses ORDER BY f.from_");
	struct donor *d = NULL;
	int n = 0;
	while (stmt_step(st)) {
		int yr = atoi(stmt_text(st, 4));
		if ((f->through && strcmp(stmt_text(st, 6), f->through) > 0) ||
		    !filter_keeps(f, stmt_text(st, 1), stmt_text(st, 3), stmt_text(st, 2), yr))
			continue;
		const char *from = stmt_text(st, 2), *kind = stmt_text(st, 0);
		if (!n || !streq(d[n - 1].code, from)) {
			d = xrealloc(d, (size_t)(n + 1) * sizeof *d);
			memset(&d[n], 0, sizeof *d);
			d[n++].code = xstrdup(from);
		}
		int64_t a = stmt_int(st, 5);
		*(streq(kind, "fiscal") ? &d[n - 1].fiscal : streq(kind, "social") ? &d[n - 1].social : &d[n - 1].goods) += a;
		d[n - 1].rows++;
	}
	stmt_finalize(st);
	if (n > 1)
		qsort(d, (size_t)n, sizeof *d, donor_cmp);
	struct donor tot = { NULL, 0, 0, 0, 0 };
	for (int i = 0; i < n; i++) {
		tot.fiscal += d[i].fiscal;
		tot.social += d[i].social;
		tot.goods += d[i].goods;
		tot.rows += d[i].rows;
	}
	int64_t all = tot.fiscal + tot.social + tot.goods;
	enum unit u = unit_for(all > 0 ? all : 0);
	static const char *const head[] = { "donor", "name", "fiscal", "social_cash", "social_goods", "total", "funds" };
	static const char *const head_zh[] = { "来源", "名称", "财政资金", "社会帮扶(现金)", "社会帮扶(物资折款)", "合计", "笔数" };
	struct out o;
	int zh = fmt == FMT_TABLE || fmt == FMT_XLSX;
	out_init(&o, fmt, c->out, 7, zh ? head_zh : head);
	if (fmt == FMT_XLSX)
		out_xlsx(&o, p->output, "帮扶资金来源");
	for (int i = 0; i <= n && n; i++) {
		struct donor *r = i < n ? &d[i] : &tot;
		char fi[48], so[48], go[48], to[48], rows[24];
		money_cell(fmt, r->fiscal, u, fi);
		money_cell(fmt, r->social, u, so);
		money_cell(fmt, r->goods, u, go);
		money_cell(fmt, r->fiscal + r->social + r->goods, u, to);
		snprintf(rows, sizeof rows, "%lld", (long long)r->rows);
		char *name = i < n ? party_name(c->db, r->code) : NULL;
		const char *row[] = { i < n ? r->code : (zh ? "合计" : "total"), name, fi, so, go, to, rows };
		out_row(&o, row);
		free(name);
	}
	out_finish(&o);
	for (int i = 0; i < n; i++)
		free(d[i].code);
	free(d);
	filter_release(f);
	db_commit(c->db);
	return 0;
}

static int report_funds(struct cmdctx *c, const struct report_params *p)
{
	const char *xlsx = p->output;
	enum fmt fmt = p->fmt;
	struct filter f;
	db_begin_read(c->db);
	filter_parse(&f, c, p);
	if (fmt == FMT_XLSX && !xlsx)
		die("report funds: --format xlsx needs --output FILE.xlsx");
	if (p->by && !streq(p->by, "donor"))
		die("report funds: --by donor is the one grouping besides the years");
	if (p->by)
		return funds_by_donor(c, p, &f);
	struct year_funds y[400];
	memset(y, 0, sizeof y);
	int ymin = 9999, ymax = 0;
	struct stmt *st = db_prepare(c->db,
		"SELECT f.kind, COALESCE(o.pairing, f.pairing), f.from_, f.to_, COALESCE(o.date, f.date), "
		"  CASE WHEN f.reverses IS NULL THEN f.amount ELSE -f.amount END, f.reverses, "
		"  COALESCE(a.allocated, 0), COALESCE(a.paid, 0), f.date "
		"FROM funds f LEFT JOIN funds o ON o.id = f.reverses "
		"LEFT JOIN (SELECT fund, SUM(allocated) AS allocated, SUM(paid) AS paid FROM flows GROUP BY fund) a "
		"  ON a.fund = f.id");
	while (stmt_step(st)) {
		const char *date = stmt_text(st, 4);
		int yr = atoi(date);
		if (f.through && strcmp(stmt_text(st, 9), f.through) > 0)
			continue;
		if (yr < 1900 || yr > 2199 ||
		    !filter_keeps(&f, stmt_text(st, 1), stmt_text(st, 3), stmt_text(st, 2), yr))
			continue;
		struct year_funds *r = &y[yr - 1900];
		r->year = yr;
		int64_t a = stmt_int(st, 5);
		const char *kind = stmt_text(st, 0);
		if (streq(kind, "fiscal")) {
			r->fiscal += a;
			if (!stmt_text(st, 6)) {
				char deadline[11];
				snprintf(deadline, sizeof deadline, "%04d-03-31", yr);
				r->fiscal_rows++;
				r->late_rows += strcmp(date, deadline) > 0;
			}
		} else if (streq(kind, "social")) {
			r->social += a;
		} else {
			r->goods += a;
		}
		r->allocated += stmt_int(st, 7);
		r->paid += stmt_int(st, 8);
		if (yr < ymin)
			ymin = yr;
		if (yr > ymax)
			ymax = yr;
	}
	stmt_finalize(st);
	/* one unit a column, from its largest figure */
	struct year_funds tot = { 0 };
	for (int yr = ymin; yr <= ymax; yr++) {
		struct year_funds *r = &y[yr - 1900];
		tot.fiscal += r->fiscal;
		tot.social += r->social;
		tot.goods += r->goods;
		tot.allocated += r->allocated;
		tot.paid += r->paid;
	}
	int64_t total = tot.fiscal + tot.social + tot.goods;
	enum unit u = unit_for(total > 0 ? total : 0);
	static const char *const head[] = { "year", "fiscal", "growth", "fiscal_in_place_by_31_march",
					    "social_cash", "social_goods", "total", "allocated", "paid",
					    "unallocated", "unpaid" };
	static const char *const head_zh[] = { "年度", "财政资金", "同比增长", "3月底前到位", "社会帮扶(现金)",
					       "社会帮扶(物资折款)", "合计", "已安排", "已拨付", "未安排", "未拨付" };
	struct out o;
	out_init(&o, fmt, c->out, 11, fmt == FMT_JSON || fmt == FMT_CSV ? head : head_zh);
	if (fmt == FMT_XLSX)
		out_xlsx(&o, xlsx, "帮扶资金到位与使用情况");
	int64_t prev = -1;
	for (int yr = ymin; yr <= ymax + 1 && ymin <= ymax; yr++) {
		int is_total = yr == ymax + 1;
		struct year_funds *r = is_total ? &tot : &y[yr - 1900];
		char ys[16], fi[48], gr[32] = "", so[48], go[48], to[48], al[48], pa[48], un[48], up[48];
		const char *inplace = "";
		int64_t t = r->fiscal + r->social + r->goods;
		snprintf(ys, sizeof ys, "%d", yr);
		if (is_total)
			snprintf(ys, sizeof ys, "%s", fmt == FMT_TABLE || fmt == FMT_XLSX ? "合计" : "total");
		money_cell(fmt, r->fiscal, u, fi);
		if (!is_total && prev >= 0)
			growth(prev, r->fiscal, gr);
		if (!is_total && r->fiscal_rows)
			inplace = r->late_rows ? (fmt == FMT_TABLE ? "否" : "no") : (fmt == FMT_TABLE ? "是" : "yes");
		money_cell(fmt, r->social, u, so);
		money_cell(fmt, r->goods, u, go);
		money_cell(fmt, t, u, to);
		money_cell(fmt, r->allocated, u, al);
		money_cell(fmt, r->paid, u, pa);
		money_cell(fmt, t - r->allocated, u, un);
		money_cell(fmt, t - r->paid, u, up);
		const char *row[] = { ys, fi, gr[0] ? gr : NULL, inplace[0] ? inplace : NULL, so, go, to, al, pa, un, up };
		out_row(&o, row);
		if (!is_total)
			prev = r->fiscal;
	}
	out_finish(&o);
	filter_release(&f);
	db_commit(c->db);
	return 0;
}

/* ---- projects ---------------------------------------------------------- */

static const char *const status_names[] = { "planned", "approved", "started", "completed",
					    "accepted", "settled", "cancelled" };
static const char *const category_names[] = { "industry", "infrastructure", "education", "health",
					      "labour", "housing", "water", "other", "insurance", "hand_in_hand" };

static const char *const purpose_names[] = { "wage", "stable_job_subsidy", "industry_award", "labour_award",
					     "scholarship", "relief", "contract", "other" };

struct agg {
	int64_t n, budget, allocated, paid;
};

static int index_of(const char *const *names, int n, const char *s)
{
	for (int i = 0; i < n; i++)
		if (streq(names[i], s))
			return i;
	return -1;
}

static void agg_row(struct out *o, enum fmt fmt, const char *group, const char *name, struct agg *a,
		    enum unit u)
{
	char n[24], b[48], al[48], pa[48];
	snprintf(n, sizeof n, "%lld", (long long)a->n);
	money_cell(fmt, a->budget, u, b);
	money_cell(fmt, a->allocated, u, al);
	money_cell(fmt, a->paid, u, pa);
	const char *row[] = { group, name, n, b, al, pa };
	out_row(o, row);
}

static int report_projects(struct cmdctx *c, const struct report_params *p)
{
	const char *xlsx = p->output;
	enum fmt fmt = p->fmt;
	struct filter f;
	db_begin_read(c->db);
	filter_parse(&f, c, p);
	if (fmt == FMT_XLSX && !xlsx)
		die("report projects: --format xlsx needs --output FILE.xlsx");
	struct agg by_status[7], by_cat[ARRAY_SIZE(category_names)], by_purpose[ARRAY_SIZE(purpose_names)], all;
	memset(by_status, 0, sizeof by_status);
	memset(by_cat, 0, sizeof by_cat);
	memset(by_purpose, 0, sizeof by_purpose);
	memset(&all, 0, sizeof all);
	int64_t done = 0, settled = 0, hh_times = 0, poor_times = 0;
	struct stmt *st = db_prepare(c->db,
		"SELECT p.id, p.pairing, p.county, p.year, p.status, p.category, p.budget, "
		"  COALESCE(fl.allocated, 0), COALESCE(fl.paid, 0), COALESCE(b.households, 0), COALESCE(b.poor, 0) "
		"FROM projects p "
		"LEFT JOIN (SELECT project, SUM(allocated) AS allocated, SUM(paid) AS paid FROM flows GROUP BY project) fl "
		"  ON fl.project = p.id "
		"LEFT JOIN (SELECT b.project, COUNT(*) AS households, "
		"    SUM(CASE WHEN h.status IN ('poor', 'exited', 'monitored') THEN "
		"      (SELECT COUNT(*) FROM persons pe WHERE pe.household = h.id) ELSE 0 END) AS poor "
		"  FROM beneficiaries b JOIN households h ON h.id = b.household GROUP BY b.project) b "
		"  ON b.project = p.id");
	while (stmt_step(st)) {
		if (!filter_keeps(&f, stmt_text(st, 1), stmt_text(st, 2), NULL, (int)stmt_int(st, 3)))
			continue;
		int si = index_of(status_names, 7, stmt_text(st, 4));
		int ci = index_of(category_names, (int)ARRAY_SIZE(category_names), stmt_text(st, 5));
		struct agg a = { 1, stmt_int(st, 6), stmt_int(st, 7), stmt_int(st, 8) };
		struct agg *targets[] = { si >= 0 ? &by_status[si] : NULL, si != 6 && ci >= 0 ? &by_cat[ci] : NULL,
					  si != 6 ? &all : NULL };
		for (size_t k = 0; k < ARRAY_SIZE(targets); k++)
			if (targets[k]) {
				targets[k]->n += a.n;
				targets[k]->budget += a.budget;
				targets[k]->allocated += a.allocated;
				targets[k]->paid += a.paid;
			}
		if (si == 6)
			continue;
		done += si >= 3;
		settled += si == 5;
		hh_times += stmt_int(st, 9);
		poor_times += stmt_int(st, 10);
	}
	stmt_finalize(st);
	/* what was paid, by purpose: net of reversals, in the projects kept */
	st = db_prepare(c->db,
		"SELECT p.pairing, p.county, p.year, x.purpose, COUNT(DISTINCT x.project), "
		"  SUM(CASE WHEN x.reverses IS NULL THEN x.amount ELSE -x.amount END) "
		"FROM payments x JOIN projects p ON p.id = x.project WHERE x.date <= ? GROUP BY 1, 2, 3, 4");
	stmt_bind_text(st, 1, f.through ? f.through : "9999-12-31");
	while (stmt_step(st)) {
		if (!filter_keeps(&f, stmt_text(st, 0), stmt_text(st, 1), NULL, (int)stmt_int(st, 2)))
			continue;
		int pi = index_of(purpose_names, (int)ARRAY_SIZE(purpose_names), stmt_text(st, 3));
		if (pi >= 0) {
			by_purpose[pi].n += stmt_int(st, 4);
			by_purpose[pi].paid += stmt_int(st, 5);
		}
	}
	stmt_finalize(st);
	enum unit u = unit_for(all.budget > all.allocated ? all.budget : all.allocated);
	static const char *const head[] = { "group", "name", "projects", "budget", "allocated", "paid" };
	static const char *const head_zh[] = { "分组", "名称", "项目数", "预算", "已安排", "已拨付" };
	struct out o;
	out_init(&o, fmt, c->out, 6, fmt == FMT_JSON || fmt == FMT_CSV ? head : head_zh);
	if (fmt == FMT_XLSX)
		out_xlsx(&o, xlsx, "帮扶项目情况");
	int zh = fmt == FMT_TABLE || fmt == FMT_XLSX;
	for (int i = 0; i < 7; i++)
		if (by_status[i].n)
			agg_row(&o, fmt, zh ? "状态" : "status", zh ? enum_label("projects", "status", status_names[i], 0) : status_names[i], &by_status[i], u);
	for (size_t i = 0; i < ARRAY_SIZE(category_names); i++)
		if (by_cat[i].n)
			agg_row(&o, fmt, zh ? "类别" : "category", zh ? enum_label("projects", "category", category_names[i], 0) : category_names[i], &by_cat[i], u);
	for (size_t i = 0; i < ARRAY_SIZE(purpose_names); i++)
		if (by_purpose[i].n)
			agg_row(&o, fmt, zh ? "拨付用途" : "purpose", zh ? enum_label("payments", "purpose", purpose_names[i], 0) : purpose_names[i], &by_purpose[i], u);
	agg_row(&o, fmt, zh ? "合计" : "total", zh ? "不含取消" : "not cancelled", &all, u);
	/* rates and people, as further rows of the same table */
	char v[48];
	const char *g = zh ? "成效" : "outcome";
#define LINE(name_en, name_zh, value) do { \
		const char *row[] = { g, zh ? name_zh : name_en, value, NULL, NULL, NULL }; \
		out_row(&o, row); } while (0)
	if (all.n) {
		snprintf(v, sizeof v, "%lld.%02lld%%", (long long)(done * 10000 / all.n / 100),
			 (long long)(done * 10000 / all.n % 100));
		LINE("completion_rate", "完工率", v);
		snprintf(v, sizeof v, "%lld.%02lld%%", (long long)(settled * 10000 / all.n / 100),
			 (long long)(settled * 10000 / all.n % 100));
		LINE("settlement_rate", "报账率", v);
	}
	snprintf(v, sizeof v, "%lld", (long long)hh_times);
	LINE("households_benefited", "受益农户(户次)", v);
	snprintf(v, sizeof v, "%lld", (long long)poor_times);
	LINE("registered_poor_benefited", "受益建档立卡人口(人次)", v);
#undef LINE
	out_finish(&o);
	filter_release(&f);
	db_commit(c->db);
	return 0;
}

/* ---- labour ------------------------------------------------------------ */

/* One person's every transfer, found by the identity number's hash. */
static void labour_person(struct cmdctx *c, const char *idnum, const char *asof, enum fmt fmt)
{
	char id[19], why[128], hash[SECRET_HASH_LEN + 1];
	if (idnum_check(idnum, id, why, sizeof why) < 0)
		die("report labour: --person: %s", why);
	secret_hash(c->key, id, hash);
	struct stmt *st = db_prepare(c->db,
		"SELECT w.name, w.id_number_ends, w.start_, w.end_, w.origin, d.name, w.destination, e.name, "
		"  w.employer, o.name, w.batch, w.poor, CASE WHEN COALESCE(w.end_, ?) >= w.stable_from THEN 1 ELSE 0 END "
		"FROM workers w LEFT JOIN divisions d ON d.code = w.origin "
		"LEFT JOIN divisions e ON e.code = w.destination LEFT JOIN orgs o ON o.code = w.employer "
		"WHERE w.id_number_hash = ? ORDER BY w.start_");
	stmt_bind_text(st, 1, asof);
	stmt_bind_text(st, 2, hash);
	static const char *const head[] = { "name", "id_number", "start", "end", "origin", "destination",
					    "employer", "batch", "registered_poor", "stable" };
	static const char *const head_zh[] = { "姓名", "公民身份号码", "上岗", "离岗", "输出县", "就业地",
					       "用工单位", "批次", "建档立卡", "稳岗三个月以上" };
	struct out o;
	out_init(&o, fmt, c->out, 10, fmt == FMT_TABLE ? head_zh : head);
	int n = 0;
	while (stmt_step(st)) {
		char masked[19];
		idnum_mask(stmt_text(st, 1), masked);
		const char *nm = stmt_text(st, 0);
		const char *yes = fmt == FMT_TABLE ? "是" : "yes", *no = fmt == FMT_TABLE ? "否" : "no";
		const char *row[] = { nm, masked, stmt_text(st, 2), stmt_text(st, 3),
				      stmt_text(st, 5) ? stmt_text(st, 5) : stmt_text(st, 4),
				      stmt_text(st, 7) ? stmt_text(st, 7) : stmt_text(st, 6),
				      stmt_text(st, 9) ? stmt_text(st, 9) : stmt_text(st, 8), stmt_text(st, 10),
				      stmt_int(st, 11) ? yes : no, stmt_int(st, 12) ? yes : no };
		out_row(&o, row);
		n++;
	}
	stmt_finalize(st);
	out_finish(&o);
	if (!n)
		fprintf(stderr, "report labour: no transfer of this person is recorded\n");
}

static int report_labour(struct cmdctx *c, const struct report_params *p)
{
	const char *person = p->person;
	const char *xlsx = p->output;
	enum fmt fmt = p->fmt;
	struct filter f;
	db_begin_read(c->db);
	filter_parse(&f, c, p);
	if (fmt == FMT_XLSX && !xlsx)
		die("report labour: --format xlsx needs --output FILE.xlsx");
	char asof[11];
	if (p->as_of[0])
		snprintf(asof, sizeof asof, "%s", p->as_of);
	else if (p->through[0])
		snprintf(asof, sizeof asof, "%s", p->through);
	else
		date_today(asof);
	if (person) {
		if (fmt == FMT_XLSX)
			die("report labour: --person prints csv, json or a table");
		labour_person(c, person, asof, fmt);
		filter_release(&f);
		db_commit(c->db);
		return 0;
	}
	/* --batch: a part of the batch's name, matched as it is */
	char *batch_like = like_pattern(p->batch ? p->batch : "", 0);
	/* the home counties the report covers, then one query a grouping */
	struct buf in = BUF_INIT;
	struct stmt *st = db_prepare(c->db, "SELECT DISTINCT origin FROM workers");
	char **origins = NULL;
	int norigins = 0;
	while (stmt_step(st))
		if (filter_keeps(&f, NULL, stmt_text(st, 0), NULL, f.from ? f.from : f.to < 9999 ? f.to : 2000)) {
			origins = xrealloc(origins, (size_t)(norigins + 1) * sizeof *origins);
			origins[norigins++] = xstrdup(stmt_text(st, 0));
			buf_adds(&in, norigins > 1 ? ", ?" : "?");
		}
	stmt_finalize(st);
	static const char *const head[] = { "group", "name", "transfers", "persons", "poor_transfers",
					    "poor_persons", "stable", "employed" };
	static const char *const head_zh[] = { "分组", "名称", "转移人次", "人数", "其中建档立卡(人次)",
					       "其中建档立卡(人)", "稳岗三个月以上(人次)", "在岗(人次)" };
	struct out o;
	out_init(&o, fmt, c->out, 8, fmt == FMT_JSON || fmt == FMT_CSV ? head : head_zh);
	if (fmt == FMT_XLSX)
		out_xlsx(&o, xlsx, "劳务协作实名制转移就业情况");
	int zh = fmt == FMT_TABLE || fmt == FMT_XLSX;
	static const struct {
		const char *en, *zh, *expr, *name;
	} groups[] = {
		{ "batch", "批次", "COALESCE(w.batch, '')", "COALESCE(w.batch, '')" },
		{ "destination", "就业地", "w.destination", "MAX(d.name)" },
		{ "employer", "用工单位", "COALESCE(w.employer, '')", "MAX(COALESCE(o.name, w.employer, ''))" },
		{ "total", "合计", "''", "''" },
	};
	for (size_t g = 0; g < ARRAY_SIZE(groups) && norigins; g++) {
		struct buf q = BUF_INIT;
		buf_addf(&q, "SELECT %s, %s, COUNT(*), COUNT(DISTINCT w.id_number_hash), SUM(w.poor), "
			     "  COUNT(DISTINCT CASE WHEN w.poor = 1 THEN w.id_number_hash END), "
			     "  SUM(CASE WHEN COALESCE(w.end_, ?) >= w.stable_from THEN 1 ELSE 0 END), "
			     "  SUM(CASE WHEN w.start_ <= ? AND (w.end_ IS NULL OR w.end_ > ?) THEN 1 ELSE 0 END) "
			     "FROM workers w LEFT JOIN divisions d ON d.code = w.destination "
			     "LEFT JOIN orgs o ON o.code = w.employer "
			     "WHERE w.start_ >= ? AND w.start_ <= ? AND COALESCE(w.kind, 'transfer') = 'transfer' "
			     "  AND COALESCE(w.batch, '') LIKE ? ESCAPE '\\' AND w.origin IN (%s) GROUP BY 1 ORDER BY 1",
			 groups[g].expr, groups[g].name, in.s);
		st = db_prepare(c->db, q.s);
		char lo[24], hi[24];
		snprintf(lo, sizeof lo, "%04d-01-01", f.from ? f.from : 1900);
		snprintf(hi, sizeof hi, "%04d-12-31", f.to < 9999 ? f.to : 2199);
		if (f.through)
			snprintf(hi, sizeof hi, "%s", f.through);
		int b = 1;
		stmt_bind_text(st, b++, asof);
		stmt_bind_text(st, b++, asof);
		stmt_bind_text(st, b++, asof);
		stmt_bind_text(st, b++, lo);
		stmt_bind_text(st, b++, hi);
		stmt_bind_text(st, b++, batch_like);
		for (int i = 0; i < norigins; i++)
			stmt_bind_text(st, b++, origins[i]);
		while (stmt_step(st)) {
			char v[6][24];
			for (int k = 0; k < 6; k++)
				snprintf(v[k], sizeof v[k], "%lld", (long long)stmt_int(st, 2 + k));
			const char *name = stmt_text(st, 1);
			if (g == 3)
				name = zh ? "全部" : "all";
			const char *row[] = { zh ? groups[g].zh : groups[g].en, name && *name ? name : (zh ? "(未填)" : NULL),
					      v[0], v[1], v[2], v[3], v[4], v[5] };
			out_row(&o, row);
		}
		stmt_finalize(st);
		buf_release(&q);
	}
	out_finish(&o);
	for (int i = 0; i < norigins; i++)
		free(origins[i]);
	free(origins);
	buf_release(&in);
	free(batch_like);
	filter_release(&f);
	db_commit(c->db);
	return 0;
}

/*
** COMMAND: report
** USAGE: bangfu --db PATH report indicators|funds|projects|labour [OPTIONS]
** NEEDS: read
**
** Indicators, funds, projects and labour by pairing, region, year.
**
** report indicators [--pairing ID | --west CODE | --east CODE] [--year YYYY]
**                   [--as-of DATE] [--through DATE] [--format csv]
**     every indicator for every pairing and year (from the earliest to the
**     latest year of any record), zeros included, with the target where one
**     was set; money in yuan with two decimals, counts as integers.  A
**     pairing's figures include those of every pairing that lies within it;
**     a record without a pairing counts for every pairing whose west side
**     contains its western place (and east side its eastern party).  --west
**     (a western county or city) or --east (an eastern city) gives the
**     region's figures instead: the pairings that lie in it, each record
**     counted once; its target is the sum of its outermost pairings'.
**     Workers are stable once three calendar months from the start have
**     passed by the end, or while open by --as-of (default: today).
**     --through DATE gives the cumulative figures instead (累计, 截至):
**     every record dated up to DATE, over all years, in one row an
**     indicator ("through DATE" in the year column); what counts distinct
**     things (enterprises, paired villages, paired parties) counts each
**     once.  Workers are then stable as of DATE.
**
**     Besides the money, projects and workers, the indicators count the
**     pairings in force by level (the eastern towns, villages, enterprises,
**     social organisations, schools and hospitals paired, each once; the
**     western towns paired), graduates hired and public-welfare jobs
**     (workers of those kinds), where workers went (into the province of
**     the pairing's east side, their own province, or another), job fairs,
**     supervision visits and visits between departments (the README lists
**     them all).
**
** report funds [--east CODE] [--west CODE] [--pairing ID] [--from YEAR --to YEAR]
**              [--through DATE] [--by donor]
**     money received by year and kind (fiscal, social cash, goods), fiscal
**     growth year on year, whether each year's fiscal money was all in place
**     by 31 March, and how much of it is allocated, paid, unallocated and
**     unpaid.  A reversal counts in the year of the row it cancels.
**
** report projects [same filters]
**     projects and money by status and by category, completion and
**     settlement rates, households and registered-poor people benefited
**     (person-times, as the articles count them), and what was paid by
**     purpose (劳务奖补, 稳岗补贴 ...).
**
**     --by donor gives the money by its source instead: each party that
**     gave (a government, an enterprise, an organisation), largest first.
**
**     With --through DATE: only records dated up to DATE (and projects of
**     its year or before), so that 合计 is the cumulative figure.
**
** report labour [same filters] [--as-of DATE] [--batch TEXT] [--person IDNUM]
**     workers moved (kind transfer), by batch, destination and employer:
**     transfers (person-times) and persons, of which registered poor,
**     stable three months or more, and still employed on the as-of date
**     (default today).
**     --batch TEXT keeps the batches whose name holds TEXT (专列: the
**     chartered trains).  --person gives one person's every transfer
**     (identity number masked).
**
** Options:
**   --format table|csv|json|xlsx   amounts as 元/万元/亿元 on a terminal, exact
**                                  yuan otherwise; xlsx needs --output FILE
*/
#define ROPT(name, type, field) { name, type, offsetof(struct report_params, field), NULL, 0, 0 }
const struct param report_options[] = {
	ROPT("pairing", P_TEXT, pairing),
	ROPT("west", P_PARTY, west),
	ROPT("east", P_PARTY, east),
	ROPT("year", P_YEAR, year),
	ROPT("from", P_YEAR, from),
	ROPT("to", P_YEAR, to),
	ROPT("as-of", P_DATE, as_of),
	ROPT("through", P_DATE, through),
	ROPT("person", P_TEXT, person),
	ROPT("batch", P_TEXT, batch),
	ROPT("by", P_TEXT, by),
	ROPT("output", P_TEXT, output),
	{ "format", P_FORMAT, offsetof(struct report_params, fmt), "table|csv|json|xlsx", 0, 0 },
};
const int nreport_options = ARRAY_SIZE(report_options);

int cmd_report(struct cmdctx *c, int argc, char **argv)
{
	if (argc < 1)
		die("report: name indicators, funds, projects or labour (see 'bangfu help report')");
	struct report_params p;
	memset(&p, 0, sizeof p);
	p.what = argv[0];
	char cmd[32];
	snprintf(cmd, sizeof cmd, "report %.16s", argv[0]);
	argc--;
	argv++;
	params_from_argv(report_options, nreport_options, &p, &argc, argv, cmd);
	if (argc)
		die("%s: unexpected argument %s", cmd, argv[0]);
	return report_run(c, &p);
}

/* Which options each report takes (the rest are refused). */
static const struct {
	const char *what, *takes;
} report_takes[] = {
	{ "indicators", "pairing west east year as-of through format" },
	{ "funds", "pairing west east from to through by output format" },
	{ "projects", "pairing west east from to through output format" },
	{ "labour", "pairing west east from to as-of through person batch output format" },
};

/* Is the option set in p? */
static int given(const struct report_params *p, const struct param *o)
{
	const char *at = (const char *)p + o->off;
	switch (o->type) {
	case P_TEXT:
		return *(const char *const *)at != NULL;
	case P_YEAR:
		return *(const int *)at != 0;
	case P_FORMAT:
		return *(const enum fmt *)at != FMT_TABLE;
	default:
		return at[0] != 0;
	}
}

/* The report a user of region may see: a pairing must lie in it (else it
** is unknown to them), and without one the report covers the region. */
static void report_confine(struct cmdctx *c, struct report_params *p)
{
	if (!p->region[0])
		return;
	if (p->pairing) {
		db_begin_read(c->db);
		struct scope *s = scope_load(c->db);
		int i = scope_pairing_index(s, p->pairing);
		int ok = i >= 0 && scope_within(s, p->region_east ? scope_pairing_east(s, i) : scope_pairing_west(s, i),
						p->region);
		scope_free(s);
		db_commit(c->db);
		if (!ok)
			die("report: no pairing %s", p->pairing);
		p->west[0] = p->east[0] = 0;
		return;
	}
	snprintf(p->region_east ? p->east : p->west, PARTY_MAX, "%s", p->region);
	(p->region_east ? p->west : p->east)[0] = 0;
}

int report_run(struct cmdctx *c, const void *arg)
{
	struct report_params p = *(const struct report_params *)arg;
	const char *takes = NULL;
	for (size_t i = 0; i < ARRAY_SIZE(report_takes); i++)
		if (streq(report_takes[i].what, p.what))
			takes = report_takes[i].takes;
	if (!takes)
		die("report: '%s' is not a report (indicators, funds, projects, labour)",
		    text_ok(p.what, 32) ? p.what : "that");
	for (int i = 0; i < nreport_options; i++) {
		const char *n = report_options[i].name, *hit = strstr(takes, n);
		int listed = hit && (hit == takes || hit[-1] == ' ') && (hit[strlen(n)] == ' ' || !hit[strlen(n)]);
		if (!listed && given(&p, &report_options[i]))
			die("report %s: --%s is not an option of this report (see 'bangfu help report')", p.what, n);
	}
	if ((p.west[0] || p.east[0]) && p.pairing && streq(p.what, "indicators"))
		die("report %s: give --pairing or a region (--west, --east), not both", p.what);
	if (p.west[0] && p.east[0])
		die("report %s: give --west or --east, not both", p.what);
	report_confine(c, &p);
	if (streq(p.what, "indicators"))
		return report_indicators(c, &p);
	if (streq(p.what, "funds"))
		return report_funds(c, &p);
	if (streq(p.what, "projects"))
		return report_projects(c, &p);
	return report_labour(c, &p);
}
