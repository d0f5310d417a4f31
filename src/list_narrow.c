/*
** list_narrow.c: the options that narrow a list to what an office asks
** for: the records of a year, those that count for a pairing (exactly as
** the indicators count them, so that a dashboard's number opens on the
** records behind it), an enumerated value (status, category, purpose,
** kind ...), an amount range.
*/
#include "bangfu.h"
#include "enums.h"
#include "indicator.h"
#include "list.h"
#include <stdlib.h>
#include <string.h>
#include "banned.h"

/* Is v one of the '|'-separated values? */
static int one_of(const char *values, const char *v)
{
	size_t n = strlen(v);
	for (const char *p = values; *p;) {
		size_t len = strcspn(p, "|");
		if (len == n && strncmp(p, v, n) == 0)
			return 1;
		p += len + (p[len] != 0);
	}
	return 0;
}

/* The year a record counts in (FORMATS.md): a fund's reversal in the
** year of the fund it cancels, as the indicators count it. */
static void by_year(struct filter *f, const struct kind *k, int year)
{
	if (!k->year && !streq(k->name, "pairings"))
		die("list: --year: %s have no date or year to choose by", k->name);
	filter_and(f);
	if (streq(k->name, "pairings")) { /* in force at some time of the year */
		buf_adds(&f->where, "(COALESCE(since, '') <= ? AND (until IS NULL OR until = '' OR until >= ?))");
		filter_param(f, xasprintf("%d-12-31", year));
		filter_param(f, xasprintf("%d-01-01", year));
		return;
	}
	const struct column *c = &k->cols[kind_col(k, k->year)];
	if (c->type == T_YEAR) {
		buf_addf(&f->where, "%s = ?", col_sql(c));
		filter_param(f, xasprintf("%d", year));
	} else if (streq(k->name, "funds")) {
		buf_adds(&f->where, "COALESCE((SELECT o.date FROM funds o WHERE o.id = funds.reverses), date) BETWEEN ? AND ?");
		filter_param(f, xasprintf("%d-01-01", year));
		filter_param(f, xasprintf("%d-12-31", year));
	} else {
		buf_addf(&f->where, "%s BETWEEN ? AND ?", col_sql(c));
		filter_param(f, xasprintf("%d-01-01", year));
		filter_param(f, xasprintf("%d-12-31", year));
	}
}

/* "col lies within party": the party itself, or when it is a division,
** any division or organisation under it (FORMATS.md: an organisation
** lies within its division). */
static void party_within(struct filter *f, const char *col, const char *party)
{
	if (strlen(party) != 12 || strspn(party, "0123456789") != 12) {
		buf_addf(&f->where, "%s = ?", col);
		filter_param(f, xstrdup(party));
		return;
	}
	char pre[13];
	snprintf(pre, sizeof pre, "%s", party);
	pre[divcode_sig(divcode_level(pre))] = 0;
	buf_addf(&f->where, "((length(%s) = 12 AND %s LIKE ?) OR %s IN (SELECT code FROM orgs WHERE division LIKE ?))",
		 col, col, col);
	filter_param(f, xasprintf("%s%%", pre));
	filter_param(f, xasprintf("%s%%", pre));
}

/* Where each kind names its pairing, its western place and its eastern
** party (FORMATS.md, "Which pairing and year a record counts for"). */
static const struct {
	const char *kind, *pairing, *west, *east;
} places_of[] = {
	{ "funds", "COALESCE((SELECT o.pairing FROM funds o WHERE o.id = funds.reverses), pairing)", "to_", "from_" },
	{ "projects", "pairing", "county", NULL },
	{ "workers", NULL, "origin", NULL },
	{ "workshops", NULL, "village", NULL },
	{ "sales", "pairing", "seller", "buyer" },
	{ "investments", "pairing", "county", "org" },
	{ "exchanges", "pairing", NULL, NULL },
	{ "trainings", "pairing", NULL, NULL },
	{ "events", "pairing", NULL, NULL },
};

/* Records of kind (one of places_of) that count for any of the pairings
** xs[0..nx-1]: those naming a pairing one of them lies within, and those
** naming none whose places lie within one's sides. */
static void counts_for_sql(struct filter *f, const char *kind, struct scope *s, const int *xs, int nx)
{
	size_t i = 0;
	while (!streq(places_of[i].kind, kind))
		i++;
	const char *pc = places_of[i].pairing, *wc = places_of[i].west, *ec = places_of[i].east;
	buf_adds(&f->where, "(");
	if (pc) {
		buf_addf(&f->where, "(COALESCE(%s, '') <> '' AND %s IN (", pc, pc);
		int n = 0;
		for (int p = 0; p < scope_npairings(s); p++)
			for (int k = 0; k < nx; k++)
				if (p == xs[k] || scope_pairing_within(s, p, xs[k])) {
					buf_adds(&f->where, n++ ? ", ?" : "?");
					filter_param(f, xstrdup(scope_pairing_id(s, p)));
					break;
				}
		buf_adds(&f->where, n ? "))" : "NULL))");
	}
	if (wc) {
		if (pc)
			buf_addf(&f->where, " OR (COALESCE(%s, '') = '' AND (", pc);
		else
			buf_adds(&f->where, "((");
		for (int k = 0; k < nx; k++) {
			buf_adds(&f->where, k ? " OR (" : "(");
			party_within(f, wc, scope_pairing_west(s, xs[k]));
			if (ec) {
				buf_adds(&f->where, " AND ");
				party_within(f, ec, scope_pairing_east(s, xs[k]));
			}
			buf_adds(&f->where, ")");
		}
		buf_adds(&f->where, nx ? "))" : "0 = 1))");
	}
	buf_adds(&f->where, ")");
}

/* What a kind counts for: its own places, or its project's. */
static void kind_counts_for(struct filter *f, const char *n, struct scope *s, const int *xs, int nx)
{
	if (streq(n, "allocations") || streq(n, "payments") || streq(n, "beneficiaries")) {
		buf_adds(&f->where, "project IN (SELECT id FROM projects WHERE ");
		counts_for_sql(f, "projects", s, xs, nx);
		buf_adds(&f->where, ")");
	} else {
		counts_for_sql(f, n, s, xs, nx);
	}
}

/* The records of kind k that count for any of the pairings xs[0..nx-1]
** (counting: as the indicators count, a cancelled project for none); 0
** when kind k counts for no pairing. */
static int narrow_to(struct filter *f, const struct kind *k, struct scope *s, const int *xs, int nx, int counting)
{
	const char *n = k->name;
	size_t i = 0;
	while (i < ARRAY_SIZE(places_of) && !streq(places_of[i].kind, n))
		i++;
	int by_project = streq(n, "allocations") || streq(n, "payments") || streq(n, "beneficiaries");
	if (i == ARRAY_SIZE(places_of) && !by_project && !streq(n, "targets") && !streq(n, "pairings"))
		return 0;
	filter_and(f);
	if (streq(n, "targets") || streq(n, "pairings")) {
		/* targets set for them; pairings: they and those that roll up into them */
		buf_addf(&f->where, "%s IN (", streq(n, "targets") ? "pairing" : "id");
		int m = 0;
		for (int p = 0; p < scope_npairings(s); p++)
			for (int j = 0; j < nx; j++)
				if (p == xs[j] || (streq(n, "pairings") && scope_pairing_within(s, p, xs[j]))) {
					buf_adds(&f->where, m++ ? ", ?" : "?");
					filter_param(f, xstrdup(scope_pairing_id(s, p)));
					break;
				}
		buf_adds(&f->where, m ? ")" : "NULL)");
		return 1;
	}
	if (counting && streq(n, "projects"))
		buf_adds(&f->where, "status <> 'cancelled' AND ");
	kind_counts_for(f, n, s, xs, nx);
	return 1;
}

/* The pairings whose west side (east side when east) lies in region (any
** pairing for ""), but those lying within another of them: as a region's
** figures add them up. */
static int outermost_in(struct scope *s, const char *region, int east, int *xs)
{
	int np = scope_npairings(s), nx = 0;
	for (int p = 0; p < np; p++)
		if (!*region || scope_within(s, east ? scope_pairing_east(s, p) : scope_pairing_west(s, p), region))
			xs[nx++] = p;
	int m = 0;
	for (int a = 0; a < nx; a++) {
		int inner = 0;
		for (int b = 0; b < nx && !inner; b++)
			inner = b != a && scope_pairing_within(s, xs[a], xs[b]) &&
				!(scope_pairing_within(s, xs[b], xs[a]) && xs[b] > xs[a]);
		if (!inner)
			xs[m++] = xs[a];
	}
	return m;
}

void list_east_or(struct cmdctx *c, struct filter *f, const struct kind *k, const char *region)
{
	const char *n = k->name;
	size_t i = 0;
	while (i < ARRAY_SIZE(places_of) && !streq(places_of[i].kind, n))
		i++;
	if (i == ARRAY_SIZE(places_of) && !streq(n, "allocations") && !streq(n, "payments") &&
	    !streq(n, "beneficiaries"))
		return;
	struct scope *s = scope_load(c->db);
	int *xs = xmalloc(((size_t)scope_npairings(s) + 1) * sizeof *xs);
	buf_adds(&f->where, " OR ");
	kind_counts_for(f, n, s, xs, outermost_in(s, region, 1, xs));
	free(xs);
	scope_free(s);
}

static void by_pairing(struct cmdctx *c, struct filter *f, const struct kind *k, const char *id)
{
	struct scope *s = scope_load(c->db);
	int x = scope_pairing_index(s, id);
	if (x < 0) {
		scope_free(s);
		die("list: --pairing %s: no such pairing (see 'bangfu list pairings')", id);
	}
	int ok = narrow_to(f, k, s, &x, 1, 1);
	scope_free(s);
	if (!ok)
		die("list: --pairing: %s do not count for a pairing", k->name);
}

/* --pairings-in CODE: what counts for the pairings of a division (their
** west side in it, or their east side for an eastern division), as the
** region's figures count it; "all": for any pairing. */
static void by_region_pairings(struct cmdctx *c, struct filter *f, const struct kind *k, const char *in)
{
	char code[13] = "", why[128];
	if (!streq(in, "all") && divcode_norm(in, code, why, sizeof why) < 0)
		die("list: --pairings-in %s: %s (or write all)", in, why);
	char *side = code[0] ? division_side_of(c->db, code) : NULL;
	int east = side && streq(side, "east");
	free(side);
	struct scope *s = scope_load(c->db);
	int *xs = xmalloc(((size_t)scope_npairings(s) + 1) * sizeof *xs);
	int ok = narrow_to(f, k, s, xs, outermost_in(s, code, east, xs), 1);
	free(xs);
	scope_free(s);
	if (!ok)
		die("list: --pairings-in: %s do not count for a pairing", k->name);
}

/* --where COLUMN=VALUE[,COLUMN=VALUE...]: enumerated columns (and 0/1
** ones), a value in English or in Chinese words, or several (a|b). */
static void by_values(struct filter *f, const struct kind *k, const char *where)
{
	char *w = xstrdup(where), *save = NULL;
	for (char *t = strtok_r(w, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
		char *eq = strchr(t, '=');
		if (!eq)
			die("list: --where %s: write COLUMN=VALUE, e.g. status=started", t);
		*eq = 0;
		int i = kind_col(k, t);
		if (i < 0 || (k->cols[i].type != T_ENUM && k->cols[i].type != T_BOOL))
			die("list: --where %s: %s have no such column with a fixed set of values", t, k->name);
		const struct column *col = &k->cols[i];
		if (col->type == T_BOOL) {
			if (!streq(eq + 1, "0") && !streq(eq + 1, "1"))
				die("list: --where %s=%s: write 0 or 1", t, eq + 1);
			filter_and(f);
			buf_addf(&f->where, "COALESCE(%s, 0) = %s", col_sql(col), streq(eq + 1, "1") ? "1" : "0");
			continue;
		}
		/* an empty value that means one of them (FORMATS.md's defaults) */
		static const char *const dflt[][3] = { { "workers", "kind", "transfer" } };
		const char *d = NULL;
		for (size_t j = 0; j < ARRAY_SIZE(dflt); j++)
			if (streq(dflt[j][0], k->name) && streq(dflt[j][1], col->name))
				d = dflt[j][2];
		filter_and(f);
		if (d)
			buf_addf(&f->where, "COALESCE(%s, '%s') IN (", col_sql(col), d);
		else
			buf_addf(&f->where, "%s IN (", col_sql(col));
		/* several values: a|b */
		char *vsave = NULL;
		int nv = 0;
		for (char *v = strtok_r(eq + 1, "|", &vsave); v; v = strtok_r(NULL, "|", &vsave)) {
			const char *val = v;
			if (!one_of(col->values, v) && !(val = enum_from_words(k->name, col->name, v)))
				die("list: --where %s=%s: not a value of %s (choose %s)", t, v, t, col->values);
			buf_adds(&f->where, nv++ ? ", ?" : "?");
			filter_param(f, xstrdup(val));
		}
		if (!nv)
			die("list: --where %s=: name a value (choose %s)", t, col->values);
		buf_adds(&f->where, ")");
	}
	free(w);
}

/* --min / --max: the kind's money column (amount, or a project's budget). */
static void by_amount(struct filter *f, const struct kind *k, const char *opt, const char *v, const char *op)
{
	const char *col = kind_col(k, "amount") >= 0 ? "amount" : kind_col(k, "budget") >= 0 ? "budget" : NULL;
	if (!col)
		die("list: --%s: %s have no amount", opt, k->name);
	int64_t fen;
	char why[160];
	if (money_parse(v, &fen, why, sizeof why) < 0)
		die("list: --%s: %s", opt, why);
	filter_and(f);
	buf_addf(&f->where, "%s %s %lld", col, op, (long long)fen);
}

void list_narrow(struct cmdctx *c, struct filter *f, const struct kind *k, const struct list_params *p)
{
	if (p->year)
		by_year(f, k, p->year);
	if (p->pairing && *p->pairing)
		by_pairing(c, f, k, p->pairing);
	if (p->pairings_in && *p->pairings_in)
		by_region_pairings(c, f, k, p->pairings_in);
	if (p->where && *p->where)
		by_values(f, k, p->where);
	if (p->min && *p->min)
		by_amount(f, k, "min", p->min, ">=");
	if (p->max && *p->max)
		by_amount(f, k, "max", p->max, "<=");
}
