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
		f->member[(size_t)r * (size_t)f->np + (size_t)p] = (unsigned char)(!*code || scope_within(
			f->s, east ? scope_pairing_east(f->s, p) : scope_pairing_west(f->s, p), code));
	return f->np + r;
}

void figures_cumulative(struct figures *f)
{
	f->cum = 1;
}

int figures_cum_year(const struct figures *f)
{
	return f->y0 + f->ny;
}

/* Year slots a row has: the years, and the cumulative one when asked. */
static size_t slots(const struct figures *f)
{
	return (size_t)f->ny + (f->cum ? 1 : 0);
}

static size_t at(const struct figures *f, int row, int year, int ind)
{
	return ((size_t)row * slots(f) + (size_t)(year - f->y0)) * (size_t)nindicators + (size_t)ind;
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

/* Adds to the year's value of every row hit, and to the cumulative one
** unless the indicator counts distinct things (the caller does that). */
static void add(struct counter *c, int year, int ind, int64_t amount)
{
	struct figures *f = c->f;
	if (year < f->y0 || year >= f->y0 + f->ny || !amount)
		return;
	int cum = f->cum && !indicators[ind].distinct;
	for (int k = 0; k < c->n; k++)
		if (c->hit[c->rows[k]]) {
			f->v[at(f, c->rows[k], year, ind)] += amount;
			if (cum)
				f->v[at(f, c->rows[k], f->y0 + f->ny, ind)] += amount;
		}
}

/* Adds to the cumulative value only (an indicator of distinct things). */
static void add_cum(struct counter *c, int ind, int64_t amount)
{
	struct figures *f = c->f;
	if (!f->cum || !amount)
		return;
	for (int k = 0; k < c->n; k++)
		if (c->hit[c->rows[k]])
			f->v[at(f, c->rows[k], f->y0 + f->ny, ind)] += amount;
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
	int partner, elsewhere, local, other; /* workers_to_partner ... workers_other_provinces */
	unsigned char *east_prov; /* [row][100]: the provinces of its pairings' east sides */
};

/* The provinces (the first two digits) of the east sides of the pairings
** each row stands for: a pairing's own, a region's pairings'. */
static unsigned char *east_provinces(struct figures *f)
{
	int nrows = f->np + f->nr;
	unsigned char *m = xcalloc((size_t)nrows * 100 + 1, 1);
	for (int p = 0; p < f->np; p++) {
		const char *d = scope_party_division(f->s, scope_pairing_east(f->s, p));
		if (d)
			m[(size_t)p * 100 + (size_t)((d[0] - '0') * 10 + (d[1] - '0'))] = 1;
	}
	for (int r = 0; r < f->nr; r++) {
		unsigned char *row = m + (size_t)(f->np + r) * 100;
		if (f->region_east[r]) {
			const char *d = scope_party_division(f->s, f->region[r]);
			if (d)
				row[(d[0] - '0') * 10 + (d[1] - '0')] = 1;
			continue;
		}
		for (int p = 0; p < f->np; p++)
			if (f->member[(size_t)r * (size_t)f->np + (size_t)p])
				for (int k = 0; k < 100; k++)
					row[k] |= m[(size_t)p * 100 + (size_t)k];
	}
	return m;
}

static void tally_add(struct figures *f, int row, int year, int ind, int64_t value)
{
	f->v[at(f, row, year, ind)] += value;
	if (f->cum)
		f->v[at(f, row, f->y0 + f->ny, ind)] += value;
}

/* Workers moved, by the provinces they came from and went to
** ("workers_dest:OO:DD"): to the partner's province, home, or elsewhere. */
static void destinations(struct tally_arg *a, const int *rows, const char *indicator, int year, int64_t value)
{
	struct figures *f = a->c->f;
	if (strlen(indicator) != 18)
		return;
	int from = (indicator[13] - '0') * 10 + (indicator[14] - '0'), to = (indicator[16] - '0') * 10 + (indicator[17] - '0');
	if (from < 0 || from > 99 || to < 0 || to > 99)
		return;
	for (const int *r = rows; *r >= 0; r++) {
		if (a->east_prov[(size_t)*r * 100 + (size_t)to]) {
			tally_add(f, *r, year, a->partner, value);
			continue;
		}
		tally_add(f, *r, year, a->elsewhere, value);
		tally_add(f, *r, year, from == to ? a->local : a->other, value);
	}
}

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
	if (year < c->f->y0 || year >= c->f->y0 + c->f->ny)
		return;
	int i;
	if (streq(indicator, "workers_open")) {
		if (strcmp(stable_from, a->asof) > 0)
			return;
		i = a->stable;
	} else if (starts_with(indicator, "workers_dest:")) {
		destinations(a, a->rows[hs], indicator, year, value);
		return;
	} else if ((i = indicator_find(indicator)) < 0) {
		return;
	}
	for (const int *r = a->rows[hs]; *r >= 0; r++)
		tally_add(c->f, *r, year, i, value);
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
	unsigned char *seen = xcalloc((size_t)nrows, 1), *seen_ever = xcalloc((size_t)nrows, 1);
	char *cur = NULL;
	int cur_year = 0;
	while (stmt_step(st)) {
		const char *org = stmt_text(st, 0);
		int y = (int)stmt_int(st, 1);
		if (!cur || !streq(cur, org)) {
			memset(seen_ever, 0, (size_t)nrows);
			cur_year = 0;
		}
		if (!cur || !streq(cur, org) || cur_year != y) {
			free(cur);
			cur = xstrdup(org);
			cur_year = y;
			memset(seen, 0, (size_t)nrows);
		}
		counts_for(c, stmt_text(st, 2), stmt_text(st, 3), org);
		add(c, y, ii, stmt_int(st, 4));
		/* count the organisation in the rows it has not counted in yet:
		** once a year, and once in all for the cumulative value */
		for (int k = 0; k < c->n; k++) {
			int r = c->rows[k];
			c->hit[r] = !seen[r];
			seen[r] = 1;
		}
		add(c, y, ei, 1);
		for (int k = 0; k < c->n; k++) {
			int r = c->rows[k];
			c->hit[r] = !seen_ever[r];
			seen_ever[r] = 1;
		}
		add_cum(c, ei, 1);
	}
	free(cur);
	free(seen);
	free(seen_ever);
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
		{ "leader_visit", "leader_visits" }, { "job_fair", "job_fairs" },
		{ "supervision", "supervision_visits" }, { "department_visit", "department_visits" },
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
				continue;
			counts_for(c, stmt_text(st, 0), NULL, NULL);
			add(c, (int)stmt_int(st, 2), ind(name), stmt_int(st, 3));
		}
		stmt_finalize(st);
	}
}

/* Was a pairing (since, upto) in force during year y, up to until? */
static int in_force(const char *since, const char *upto, int y, const char *until)
{
	char first[11], last[11];
	snprintf(first, sizeof first, "%04d-01-01", y);
	snprintf(last, sizeof last, "%04d-12-31", y);
	if (strcmp(until, last) < 0)
		memcpy(last, until, sizeof last);
	return (!since || strcmp(since, last) <= 0) && (!upto || strcmp(upto, first) >= 0) && strcmp(first, last) <= 0;
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
	unsigned char *in_force_y = xcalloc(ny, 1);
	char *cur = NULL;
	for (int more = stmt_step(st);; more = stmt_step(st)) {
		const char *code = more ? stmt_text(st, 0) : NULL;
		if (cur && (!more || !streq(cur, code))) {
			counts_for(c, NULL, cur, NULL);
			int ever = 0;
			for (int y = 0; y < f->ny; y++)
				if (in_force_y[y]) {
					add(c, f->y0 + y, vi, 1);
					ever = 1;
				}
			if (ever)
				add_cum(c, vi, 1);
			memset(in_force_y, 0, ny);
		}
		if (!more)
			break;
		if (!cur || !streq(cur, code)) {
			free(cur);
			cur = xstrdup(code);
		}
		const char *since = stmt_text(st, 1), *upto = stmt_text(st, 2);
		for (int y = 0; y < f->ny; y++)
			if (in_force(since, upto, f->y0 + y, until))
				in_force_y[y] = 1;
	}
	free(cur);
	free(in_force_y);
	stmt_finalize(st);
}

/* A group of pairings counted once: those sharing a level and a party
** (the east side, or for west_towns_paired the west side).  cell[row *
** slots + year] marks what the group has counted already. */
struct group {
	unsigned char *cell;
	int *touched, ntouched;
};

/* Hits only the rows the group has not counted in year slot y yet, and
** marks them counted. */
static void group_first(struct counter *c, struct group *g, size_t y, size_t ns)
{
	for (int k = 0; k < c->n; k++) {
		int r = c->rows[k];
		size_t cell = (size_t)r * ns + y;
		c->hit[r] = !g->cell[cell];
		if (!g->cell[cell]) {
			g->cell[cell] = 1;
			g->touched[g->ntouched++] = (int)cell;
		}
	}
}

static void group_count(struct counter *c, struct group *g, const char *pairing, const char *since,
			const char *upto, const char *until, int ind)
{
	struct figures *f = c->f;
	size_t ns = slots(f);
	counts_for(c, pairing, NULL, NULL);
	int ever = 0;
	for (int y = 0; y < f->ny; y++) {
		if (!in_force(since, upto, f->y0 + y, until))
			continue;
		ever = 1;
		group_first(c, g, (size_t)y, ns);
		add(c, f->y0 + y, ind, 1);
		for (int k = 0; k < c->n; k++)
			c->hit[c->rows[k]] = 1;
	}
	if (!ever || !f->cum)
		return;
	group_first(c, g, (size_t)f->ny, ns);
	add_cum(c, ind, 1);
}

/* Pairings by level: the eastern parties (towns, villages, enterprises,
** social organisations, schools, hospitals) of the pairings in force that
** lie in each row's pairing, each counted once; and the western towns of
** town pairings. */
static void pairing_parties(struct counter *c, struct db *db, const char *until)
{
	struct figures *f = c->f;
	if (f->ny <= 0)
		return;
	static const char *const by_level[][2] = {
		{ "town", "east_towns_paired" }, { "village", "east_villages_paired" },
		{ "enterprise", "enterprises_paired" }, { "social_org", "social_orgs_paired" },
		{ "school", "schools_paired" }, { "hospital", "hospitals_paired" },
	};
	size_t ncell = (size_t)(f->np + f->nr) * slots(f);
	struct group g = { xcalloc(ncell, 1), xmalloc(ncell * sizeof(int) + sizeof(int)), 0 };
	for (int pass = 0; pass < 2; pass++) {
		struct stmt *st = db_prepare(db, pass == 0
			? "SELECT level, east, id, since, until FROM pairings "
			  "WHERE level IN ('town', 'village', 'enterprise', 'social_org', 'school', 'hospital') ORDER BY 1, 2"
			: "SELECT level, west, id, since, until FROM pairings WHERE level = 'town' ORDER BY 1, 2");
		char *key = NULL;
		while (stmt_step(st)) {
			const char *level = stmt_text(st, 0), *party = stmt_text(st, 1);
			char k[96];
			snprintf(k, sizeof k, "%s\x1f%s", level, party);
			if (!key || !streq(key, k)) {
				free(key);
				key = xstrdup(k);
				for (int t = 0; t < g.ntouched; t++)
					g.cell[g.touched[t]] = 0;
				g.ntouched = 0;
			}
			int i = -1;
			if (pass == 1)
				i = ind("west_towns_paired");
			for (size_t j = 0; i < 0 && j < ARRAY_SIZE(by_level); j++)
				if (streq(level, by_level[j][0]))
					i = ind(by_level[j][1]);
			group_count(c, &g, stmt_text(st, 2), stmt_text(st, 3), stmt_text(st, 4), until, i);
		}
		free(key);
		stmt_finalize(st);
		for (int t = 0; t < g.ntouched; t++)
			g.cell[g.touched[t]] = 0;
		g.ntouched = 0;
	}
	free(g.cell);
	free(g.touched);
}

/* Targets as set for each pairing; a region's is the sum of the targets of
** its outermost pairings (those not lying in another of its pairings). */
static void targets(struct figures *f, struct db *db)
{
	size_t n = (size_t)(f->np + f->nr) * slots(f) * (size_t)nindicators;
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
	size_t n = (size_t)(f->np + f->nr) * (slots(f) ? slots(f) : 1) * (size_t)nindicators;
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
	struct tally_arg ta = { &c, asof, NULL, 0, ind("workers_stable"), ind("workers_to_partner"),
				ind("workers_elsewhere"), ind("workers_local"), ind("workers_other_provinces"),
				east_provinces(f) };
	tally_read(db, until, from_tally, &ta);
	for (int64_t i = 0; i < ta.nrows; i++)
		free(ta.rows[i]);
	free(ta.rows);
	free(ta.east_prov);
	workshops(&c, db, until);
	investments(&c, db, until);
	by_pairing(&c, db, until);
	paired_poor_villages(&c, db, until);
	pairing_parties(&c, db, until);
	free(c.hit);
	free(c.rows);
	targets(f, db);
}
