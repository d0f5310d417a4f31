/*
** figures.c: the indicators, added up from the records (see figures.h).
**
** Each kind is read grouped by what decides where and when it counts (its
** pairing or its western place and eastern party, and its year), so a
** report reads a few thousand groups, not every record.  Each group is
** counted once for every pairing it counts for (scope_counts_for), and once
** for every region any of those pairings lies in.
*/
#include "figures.h"
#include "map.h"
#include "tally.h"
#include <stdlib.h>
#include <string.h>
#include "banned.h"

void store_years(struct db *db, int *y0, int *y1)
{
	*y0 = (int)db_int(db, 9999, "SELECT value FROM meta WHERE key = 'year_min'", (char *)NULL);
	*y1 = (int)db_int(db, 0, "SELECT value FROM meta WHERE key = 'year_max'", (char *)NULL);
}

void figures_init(struct figures *f, struct scope *s, int y0, int y1)
{
	memset(f, 0, sizeof *f);
	f->s = s;
	f->np = scope_npairings(s);
	f->y0 = y0;
	f->ny = y1 >= y0 ? y1 - y0 + 1 : 0;
}

int figures_add_region(struct figures *f, const char *code, int east)
{
	int r = f->nr++;
	f->region = xrealloc(f->region, (size_t)f->nr * sizeof *f->region);
	f->region_east = xrealloc(f->region_east, (size_t)f->nr);
	f->member = xrealloc(f->member, (size_t)f->nr * (size_t)(f->np ? f->np : 1));
	f->region[r] = xstrdup(code);
	f->region_east[r] = (unsigned char)(east != 0);
	for (int p = 0; p < f->np; p++)
		f->member[(size_t)r * (size_t)f->np + (size_t)p] = (unsigned char)scope_within(
			f->s, east ? scope_pairing_east(f->s, p) : scope_pairing_west(f->s, p), code);
	return f->np + r;
}

static size_t at(const struct figures *f, int row, int year, int ind)
{
	return ((size_t)row * (size_t)f->ny + (size_t)(year - f->y0)) * (size_t)nindicators + (size_t)ind;
}

int64_t figures_value(const struct figures *f, int row, int year, int ind)
{
	return f->v[at(f, row, year, ind)];
}

int64_t figures_target(const struct figures *f, int row, int year, int ind)
{
	return f->t[at(f, row, year, ind)];
}

const char *figures_row_name(const struct figures *f, int row)
{
	return row < f->np ? scope_pairing_id(f->s, row) : f->region[row - f->np];
}

void figures_release(struct figures *f)
{
	for (int r = 0; r < f->nr; r++)
		free(f->region[r]);
	free(f->region);
	free(f->region_east);
	free(f->member);
	free(f->v);
	free(f->t);
	memset(f, 0, sizeof *f);
}

/* The rows a group counts for: its pairings, then the regions they lie
** in, as flags (hit) and as a list (rows, n of them). */
struct counter {
	struct figures *f;
	unsigned char *hit; /* np + nr flags */
	int *rows, n;
};

/* After the pairings in c->rows: the regions any of them lies in. */
static void add_regions(struct counter *c)
{
	struct figures *f = c->f;
	int np = c->n;
	for (int r = 0; r < f->nr; r++) {
		const unsigned char *m = f->member + (size_t)r * (size_t)f->np;
		for (int k = 0; k < np; k++)
			if (m[c->rows[k]]) {
				c->hit[f->np + r] = 1;
				c->rows[c->n++] = f->np + r;
				break;
			}
	}
}

static void counts_for(struct counter *c, const char *pairing, const char *west, const char *east)
{
	struct figures *f = c->f;
	for (int k = 0; k < c->n; k++)
		c->hit[c->rows[k]] = 0;
	c->n = scope_counts_list(f->s, pairing, west, east, c->rows);
	for (int k = 0; k < c->n; k++)
		c->hit[c->rows[k]] = 1;
	add_regions(c);
}

static void add(struct counter *c, int year, int ind, int64_t amount)
{
	struct figures *f = c->f;
	if (year < f->y0 || year >= f->y0 + f->ny || !amount)
		return;
	for (int k = 0; k < c->n; k++)
		if (c->hit[c->rows[k]])
			f->v[at(f, c->rows[k], year, ind)] += amount;
}

static int ind(const char *name)
{
	int i = indicator_find(name);
	if (i < 0)
		BUG("an indicator the figures add up is not in the table");
	return i;
}

static void funds_and_projects(struct counter *c, struct db *db, const char *until)
{
	/* a reversal counts where and when the row it cancels counted */
	struct stmt *st = db_prepare(db,
		"SELECT f.kind, COALESCE(o.pairing, f.pairing), f.from_, f.to_, "
		"  CAST(substr(COALESCE(o.date, f.date), 1, 4) AS INTEGER), "
		"  SUM(CASE WHEN f.reverses IS NULL THEN f.amount ELSE -f.amount END) "
		"FROM funds f LEFT JOIN funds o ON o.id = f.reverses WHERE f.date <= ? GROUP BY 1, 2, 3, 4, 5");
	stmt_bind_text(st, 1, until);
	int fi = ind("fiscal_funds"), si = ind("social_funds"), pi = ind("projects");
	while (stmt_step(st)) {
		counts_for(c, stmt_text(st, 1), stmt_text(st, 3), stmt_text(st, 2));
		add(c, (int)stmt_int(st, 4), streq(stmt_text(st, 0), "fiscal") ? fi : si, stmt_int(st, 5));
	}
	stmt_finalize(st);
	st = db_prepare(db, "SELECT pairing, county, year, COUNT(*) FROM projects "
			    "WHERE status <> 'cancelled' GROUP BY 1, 2, 3");
	while (stmt_step(st)) {
		counts_for(c, stmt_text(st, 0), stmt_text(st, 1), NULL);
		add(c, (int)stmt_int(st, 2), pi, stmt_int(st, 3));
	}
	stmt_finalize(st);
}

/* The pairings a kept sum counts for: its hitset's, then their regions. */
static void counts_for_ids(struct counter *c, const char *ids)
{
	struct figures *f = c->f;
	for (int k = 0; k < c->n; k++)
		c->hit[c->rows[k]] = 0;
	c->n = 0;
	char id[256];
	for (const char *p = ids; *p;) {
		size_t len = strcspn(p, "\x1f");
		snprintf(id, sizeof id, "%.*s", (int)len, p);
		int q = scope_pairing_index(f->s, id);
		if (q >= 0 && !c->hit[q]) {
			c->hit[q] = 1;
			c->rows[c->n++] = q;
		}
		p += len;
		if (*p)
			p++;
	}
	add_regions(c);
}

struct tally_arg {
	struct counter *c;
	const char *asof;
	int **rows;    /* by hitset: the rows it counts for, -1 ended */
	int64_t nrows;
	int stable;    /* the index of workers_stable */
};

/* Workers and sales, from their kept sums (tally.c).  Open-ended workers
** are stable once the as-of date reaches their stable_from day. */
static void from_tally(void *arg, int64_t hs, const char *pairings, const char *indicator, int year,
		       const char *stable_from, int64_t value)
{
	struct tally_arg *a = arg;
	struct counter *c = a->c;
	if (hs >= a->nrows) {
		int64_t n = hs + 64;
		a->rows = xrealloc(a->rows, (size_t)n * sizeof *a->rows);
		memset(a->rows + a->nrows, 0, (size_t)(n - a->nrows) * sizeof *a->rows);
		a->nrows = n;
	}
	if (!a->rows[hs]) {
		counts_for_ids(c, pairings);
		a->rows[hs] = xmalloc(((size_t)c->n + 1) * sizeof(int));
		memcpy(a->rows[hs], c->rows, (size_t)c->n * sizeof(int));
		a->rows[hs][c->n] = -1;
	}
	int i;
	if (streq(indicator, "workers_open")) {
		if (strcmp(stable_from, a->asof) > 0)
			return;
		i = a->stable;
	} else if ((i = indicator_find(indicator)) < 0) {
		return;
	}
	if (year < c->f->y0 || year >= c->f->y0 + c->f->ny)
		return;
	for (const int *r = a->rows[hs]; *r >= 0; r++)
		c->f->v[at(c->f, *r, year, i)] += value;
}

static void workshops(struct counter *c, struct db *db, const char *until)
{
	struct stmt *st = db_prepare(db,
		"SELECT village, CAST(substr(certified, 1, 4) AS INTEGER), COUNT(*), SUM(jobs), SUM(poor_jobs) "
		"FROM workshops WHERE certified <= ? GROUP BY 1, 2");
	stmt_bind_text(st, 1, until);
	int wi = ind("workshops"), ji = ind("workshop_jobs"), pi = ind("workshop_poor_jobs");
	while (stmt_step(st)) {
		counts_for(c, NULL, stmt_text(st, 0), NULL);
		int y = (int)stmt_int(st, 1);
		add(c, y, wi, stmt_int(st, 2));
		add(c, y, ji, stmt_int(st, 3));
		add(c, y, pi, stmt_int(st, 4));
	}
	stmt_finalize(st);
}

/* Investment adds up; enterprises counts each investing organisation once
** a row and year, however many investments it made. */
static void investments(struct counter *c, struct db *db, const char *until)
{
	struct figures *f = c->f;
	struct stmt *st = db_prepare(db,
		"SELECT org, CAST(substr(date, 1, 4) AS INTEGER), pairing, county, SUM(amount) "
		"FROM investments WHERE date <= ? GROUP BY 1, 2, 3, 4 ORDER BY 1, 2");
	stmt_bind_text(st, 1, until);
	int ii = ind("investment"), ei = ind("enterprises");
	int nrows = f->np + f->nr;
	unsigned char *seen = xcalloc((size_t)nrows, 1);
	char *cur = NULL;
	int cur_year = 0;
	while (stmt_step(st)) {
		const char *org = stmt_text(st, 0);
		int y = (int)stmt_int(st, 1);
		if (!cur || !streq(cur, org) || cur_year != y) {
			free(cur);
			cur = xstrdup(org);
			cur_year = y;
			memset(seen, 0, (size_t)nrows);
		}
		counts_for(c, stmt_text(st, 2), stmt_text(st, 3), org);
		add(c, y, ii, stmt_int(st, 4));
		/* count the organisation in the rows it has not counted in yet */
		for (int k = 0; k < c->n; k++) {
			int r = c->rows[k];
			c->hit[r] = !seen[r];
			seen[r] = 1;
		}
		add(c, y, ei, 1);
	}
	free(cur);
	free(seen);
	stmt_finalize(st);
}

/* Exchanges, trainings and events name their pairing. */
static void by_pairing(struct counter *c, struct db *db, const char *until)
{
	static const struct {
		const char *sql, *kind, *indicator;
	} q[] = {
		{ "SELECT pairing, kind, CAST(substr(start_, 1, 4) AS INTEGER), COUNT(*) FROM exchanges "
		  "WHERE start_ <= ? GROUP BY 1, 2, 3", NULL, NULL },
		{ "SELECT pairing, '', CAST(substr(date, 1, 4) AS INTEGER), SUM(person_times) FROM trainings "
		  "WHERE date <= ? GROUP BY 1, 2, 3", "", "trained_person_times" },
		{ "SELECT pairing, kind, CAST(substr(date, 1, 4) AS INTEGER), COUNT(*) FROM events "
		  "WHERE date <= ? GROUP BY 1, 2, 3", NULL, NULL },
	};
	/* exchange and event kinds to their indicators */
	static const char *const kind_ind[][2] = {
		{ "cadre", "cadres" }, { "teacher", "teachers" }, { "doctor", "doctors" },
		{ "technician", "technicians" }, { "joint_meeting", "joint_meetings" },
		{ "leader_visit", "leader_visits" },
	};
	for (size_t k = 0; k < ARRAY_SIZE(q); k++) {
		struct stmt *st = db_prepare(db, q[k].sql);
		stmt_bind_text(st, 1, until);
		while (stmt_step(st)) {
			const char *kind = stmt_text(st, 1), *name = q[k].indicator;
			for (size_t j = 0; !name && j < ARRAY_SIZE(kind_ind); j++)
				if (streq(kind, kind_ind[j][0]))
					name = kind_ind[j][1];
			if (!name)
				continue; /* department visits, job fairs: no indicator */
			counts_for(c, stmt_text(st, 0), NULL, NULL);
			add(c, (int)stmt_int(st, 2), ind(name), stmt_int(st, 3));
		}
		stmt_finalize(st);
	}
}

/* Poor villages that are the west side of a pairing in force during the
** year (by until, when the year is until's). */
static void paired_poor_villages(struct counter *c, struct db *db, const char *until)
{
	struct figures *f = c->f;
	if (f->ny <= 0)
		return;
	size_t ny = (size_t)f->ny;
	struct stmt *st = db_prepare(db,
		"SELECT d.code, q.since, q.until FROM divisions d JOIN pairings q ON q.west = d.code "
		"WHERE d.poor = 1 AND d.level = 'village' ORDER BY 1");
	int vi = ind("paired_poor_villages");
	unsigned char *in_force = xcalloc(ny, 1);
	char *cur = NULL;
	for (int more = stmt_step(st);; more = stmt_step(st)) {
		const char *code = more ? stmt_text(st, 0) : NULL;
		if (cur && (!more || !streq(cur, code))) {
			counts_for(c, NULL, cur, NULL);
			for (int y = 0; y < f->ny; y++)
				if (in_force[y])
					add(c, f->y0 + y, vi, 1);
			memset(in_force, 0, ny);
		}
		if (!more)
			break;
		if (!cur || !streq(cur, code)) {
			free(cur);
			cur = xstrdup(code);
		}
		const char *since = stmt_text(st, 1), *upto = stmt_text(st, 2);
		for (int y = 0; y < f->ny; y++) {
			char first[11], last[11];
			snprintf(first, sizeof first, "%04d-01-01", f->y0 + y);
			snprintf(last, sizeof last, "%04d-12-31", f->y0 + y);
			if (strcmp(until, last) < 0)
				memcpy(last, until, sizeof last);
			if ((!since || strcmp(since, last) <= 0) && (!upto || strcmp(upto, first) >= 0) &&
			    strcmp(first, last) <= 0)
				in_force[y] = 1;
		}
	}
	free(cur);
	free(in_force);
	stmt_finalize(st);
}

/* Targets as set for each pairing; a region's is the sum of the targets of
** its outermost pairings (those not lying in another of its pairings). */
static void targets(struct figures *f, struct db *db)
{
	size_t n = (size_t)(f->np + f->nr) * (size_t)f->ny * (size_t)nindicators;
	for (size_t i = 0; i < n; i++)
		f->t[i] = NO_TARGET;
	struct stmt *st = db_prepare(db, "SELECT year, pairing, indicator, target FROM targets");
	while (stmt_step(st)) {
		int y = (int)stmt_int(st, 0), p = scope_pairing_index(f->s, stmt_text(st, 1)),
		    i = indicator_find(stmt_text(st, 2));
		if (p < 0 || i < 0 || y < f->y0 || y >= f->y0 + f->ny)
			continue;
		int64_t v;
		char why[64];
		if (indicators[i].unit == IND_MONEY ? money_parse(stmt_text(st, 3), &v, why, sizeof why)
						   : int_parse(stmt_text(st, 3), 0, INT64_MAX, &v, why, sizeof why))
			continue;
		f->t[at(f, p, y, i)] = v;
		for (int r = 0; r < f->nr; r++) {
			const unsigned char *m = f->member + (size_t)r * (size_t)f->np;
			if (!m[p])
				continue;
			int outer = 1;
			for (int q = 0; q < f->np && outer; q++)
				if (q != p && m[q] && scope_pairing_within(f->s, p, q) &&
				    !(scope_pairing_within(f->s, q, p) && q > p))
					outer = 0;
			if (!outer)
				continue;
			int64_t *t = &f->t[at(f, f->np + r, y, i)];
			*t = (*t == NO_TARGET ? 0 : *t) + v;
		}
	}
	stmt_finalize(st);
}

void figures_compute(struct figures *f, struct db *db, const char *until, const char *asof)
{
	size_t n = (size_t)(f->np + f->nr) * (size_t)(f->ny ? f->ny : 1) * (size_t)nindicators;
	f->v = xcalloc(n, sizeof *f->v);
	f->t = xcalloc(n, sizeof *f->t);
	if (!f->ny)
		return;
	char today[11];
	if (!asof) {
		date_today(today);
		asof = until && strcmp(until, today) < 0 ? until : today;
	}
	if (!until)
		until = "9999-12-31";
	struct counter c = { f, xcalloc((size_t)(f->np + f->nr) + 1, 1),
			     xmalloc(((size_t)(f->np + f->nr) + 1) * sizeof(int)), 0 };
	funds_and_projects(&c, db, until);
	struct tally_arg ta = { &c, asof, NULL, 0, ind("workers_stable") };
	tally_read(db, until, from_tally, &ta);
	for (int64_t i = 0; i < ta.nrows; i++)
		free(ta.rows[i]);
	free(ta.rows);
	workshops(&c, db, until);
	investments(&c, db, until);
	by_pairing(&c, db, until);
	paired_poor_villages(&c, db, until);
	free(c.hit);
	free(c.rows);
	targets(f, db);
}
