/*
** import_checks.c: each kind's checks against the store, on the writer's
** side: divisions and their parents, organisations, pairings, households
** and persons, projects and their progress, cooperation records, targets.
*/
#include "bangfu.h"
#include <stdlib.h>
#include <string.h>
#include "indicator.h"
#include "importer.h"
#include "places.h"
#include "banned.h"

/* ---- kind-specific checks (the writer's side: they read the store) -- */

/* An error found while storing the current row. */
void bad(struct importer *im, int line, int col, const char *fmt, ...)
{
	struct buf b = BUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	buf_vaddf(&b, fmt, ap);
	va_end(ap);
	diag_error(&im->d, line, col, "%s", b.s);
	buf_release(&b);
	im->row_bad++;
}

static const char *level_names[] = { "province", "city", "county", "town", "village" };

static int level_index(const char *s)
{
	for (int i = 0; i < 5; i++)
		if (streq(s, level_names[i]))
			return i;
	return -1;
}

void free_dinfo(void *v)
{
	struct dinfo *d = v;
	free(d->side);
	free(d->parent);
	free(d);
}

/* Level of a stored division, -1 when absent; *side gets its own side. */
static int division_lookup(struct importer *im, const char *code, char **side, char **parent)
{
	struct dinfo *d = map_get(&im->divs, code);
	if (!d) {
		struct stmt *st = im->q_div;
		stmt_bind_text(st, 1, code);
		if (stmt_step(st)) {
			d = xcalloc(1, sizeof *d);
			d->level = level_index(stmt_text(st, 0));
			d->side = stmt_text(st, 1) ? xstrdup(stmt_text(st, 1)) : NULL;
			d->parent = stmt_text(st, 2) ? xstrdup(stmt_text(st, 2)) : NULL;
			map_put(&im->divs, code, d);
		}
		stmt_reset(st);
		struct place p;
		if (!d && place_get(code, &p) && division_adopt(im->db, code) >= 0) {
			/* the built-in table's: lent to the store, as the record names it */
			d = xcalloc(1, sizeof *d);
			d->level = p.level;
			d->parent = p.parent[0] ? xstrdup(p.parent) : NULL;
			map_put(&im->divs, code, d);
			im->adopted++;
		}
		if (!d)
			return -1; /* not cached: it may come later in the import */
	}
	if (side)
		*side = d->side ? xstrdup(d->side) : NULL;
	if (parent)
		*parent = d->parent ? xstrdup(d->parent) : NULL;
	return d->level;
}

/* The side of a division: its own, else its nearest ancestor's. */
static char *division_side(struct importer *im, const char *code)
{
	char *cur = xstrdup(code);
	for (int depth = 0; cur && depth < 6; depth++) {
		char *side = NULL, *parent = NULL;
		if (division_lookup(im, cur, &side, &parent) < 0) {
			free(parent);
			break;
		}
		free(cur);
		cur = parent;
		if (side) {
			free(cur);
			return side;
		}
	}
	free(cur);
	return NULL;
}

int org_division(struct importer *im, const char *code, char **division)
{
	/* stored organisations never change: "" stands for no division */
	char *d = map_get(&im->orgs, code);
	if (!d) {
		struct stmt *st = im->q_org;
		stmt_bind_text(st, 1, code);
		if (stmt_step(st)) {
			d = xstrdup(stmt_text(st, 0) ? stmt_text(st, 0) : "");
			map_put(&im->orgs, code, d);
		}
		stmt_reset(st);
		if (!d)
			return 0;
	}
	if (division)
		*division = *d ? xstrdup(d) : NULL;
	return 1;
}

void check_division(struct importer *im, int line)
{
	struct val *code = V("code"), *level = V("level"), *parent = V("parent");
	if (code->null || level->null)
		return;
	int lvl = level_index(level->s.s), slvl = divcode_level(code->s.s);
	if (lvl != slvl) {
		bad(im, line, COLNO("level"),
			   "level: %s is a %s code by its structure, not a %s", code->s.s,
			   level_names[slvl], level->s.s);
		return;
	}
	struct place p;
	if (place_get(code->s.s, &p) && !streq(p.name, V("name")->s.s))
		diag_warn(&im->d, line, COLNO("name"),
			  "name: %s is %s in the built-in division table; the imported name %s is used",
			  code->s.s, p.name, V("name")->s.s);
	if (parent->null)
		return;
	int plvl = divcode_level(parent->s.s);
	if (plvl >= lvl) {
		bad(im, line, COLNO("parent"), "parent: %s is a %s, not above a %s",
			   parent->s.s, level_names[plvl], level->s.s);
		return;
	}
	int sig = divcode_sig(plvl);
	if (strncmp(code->s.s, parent->s.s, (size_t)sig) != 0) {
		bad(im, line, COLNO("parent"),
			   "parent: %s does not contain %s (their first %d digits differ)",
			   parent->s.s, code->s.s, sig);
		return;
	}
	/* The parent may come later in the same file: check at the end. */
	if (im->ndefer == im->adefer) {
		im->adefer = im->adefer ? im->adefer * 2 : 64;
		im->defer = xrealloc(im->defer, (size_t)im->adefer * sizeof *im->defer);
	}
	struct deferred *df = &im->defer[im->ndefer++];
	df->line = line;
	df->col = COLNO("parent");
	memcpy(df->code, code->s.s, 13);
	memcpy(df->parent, parent->s.s, 13);
	df->side = V("side")->null ? NULL : xstrdup(V("side")->s.s);
}

void check_division_parents(struct importer *im)
{
	for (int i = 0; i < im->ndefer; i++) {
		struct deferred *df = &im->defer[i];
		char *pside = NULL;
		if (division_lookup(im, df->parent, NULL, NULL) < 0) {
			bad(im, df->line, df->col,
				   "parent: division %s does not exist (add it to divisions.csv)", df->parent);
		} else if (df->side && (pside = division_side(im, df->parent)) && !streq(df->side, pside)) {
			bad(im, df->line, df->col,
				   "side: %s is %s but its parent %s is %s", df->code, df->side,
				   df->parent, pside);
		}
		free(pside);
		free(df->side);
	}
	im->ndefer = 0;
}

void check_org(struct importer *im, int line)
{
	struct val *dv = V("division");
	if (!dv->null && division_lookup(im, dv->s.s, NULL, NULL) < 0)
		bad(im, line, COLNO("division"), "division: %s does not exist", dv->s.s);
}

/* A pairing side must exist and, where its side is known, be on that side. */
void check_party(struct importer *im, int line, const char *col, const char *want)
{
	struct val *v = V(col);
	if (v->null)
		return;
	char *side = NULL;
	const char *what = "division";
	if (strlen(v->s.s) == 12 && strspn(v->s.s, "0123456789") == 12) {
		if (division_lookup(im, v->s.s, NULL, NULL) < 0) {
			bad(im, line, COLNO(col), "%s: division %s does not exist", col, v->s.s);
			return;
		}
		side = division_side(im, v->s.s);
	} else {
		char *division = NULL;
		what = "organisation";
		if (!org_division(im, v->s.s, &division)) {
			bad(im, line, COLNO(col), "%s: organisation %s does not exist", col, v->s.s);
			return;
		}
		if (division)
			side = division_side(im, division);
		free(division);
	}
	if (side && !streq(side, want))
		bad(im, line, COLNO(col), "%s: %s %s lies on the %s side", col, what,
			   v->s.s, side);
	free(side);
}

void check_pairing(struct importer *im, int line)
{
	check_party(im, line, "east", "east");
	check_party(im, line, "west", "west");
	struct val *e = V("east"), *w = V("west"), *a = V("since"), *b = V("until");
	if (!e->null && !w->null && streq(e->s.s, w->s.s))
		bad(im, line, COLNO("west"), "west: a side cannot be paired with itself");
	if (!a->null && !b->null && strcmp(b->s.s, a->s.s) < 0)
		bad(im, line, COLNO("until"), "until: %s is before since %s", b->s.s, a->s.s);
}

void check_household(struct importer *im, int line)
{
	struct val *vil = V("village"), *reg = V("registered"), *ex = V("exited");
	if (!vil->null) {
		int lvl = division_lookup(im, vil->s.s, NULL, NULL);
		if (lvl < 0)
			bad(im, line, COLNO("village"), "village: %s does not exist", vil->s.s);
		else if (lvl != 4)
			bad(im, line, COLNO("village"), "village: %s is a %s, not a village",
				   vil->s.s, level_names[lvl]);
	}
	if (!reg->null && !ex->null && ex->n < reg->n)
		bad(im, line, COLNO("exited"), "exited: %lld is before registered %lld",
			   (long long)ex->n, (long long)reg->n);
}

void check_person(struct importer *im, int line)
{
	struct val *hh = V("household"), *died = V("died");
	if (!hh->null && !map_get(&im->ref_ok, hh->s.s) && !streq(hh->s.s, im->last_household.s)) {
		struct stmt *st = im->q_household;
		stmt_bind_text(st, 1, hh->s.s);
		if (stmt_step(st)) {
			buf_reset(&im->last_household);
			buf_adds(&im->last_household, hh->s.s);
		} else {
			bad(im, line, COLNO("household"), "household: %s does not exist",
				   hh->s.s);
		}
		stmt_reset(st);
	}
	if (!died->null && strcmp(died->s.s, im->today) > 0)
		bad(im, line, COLNO("died"), "died: %s is in the future", died->s.s);
}

/* A register entry: its place a division, its end not before its start. */
void check_register(struct importer *im, int line)
{
	struct val *place = V("place"), *from = V("from"), *until = V("until");
	if (!place->null && division_lookup(im, place->s.s, NULL, NULL) < 0)
		bad(im, line, COLNO("place"), "place: division %s does not exist", place->s.s);
	if (!until->null && strcmp(until->s.s, from->s.s) < 0)
		bad(im, line, COLNO("until"), "until: %s is before from %s", until->s.s, from->s.s);
}

/* A register entry read again with its end filled in (FORMATS.md: the one
** change allowed): 1 when it was updated. */
int register_until(struct importer *im, struct stmt *st)
{
	struct val *until = V("until");
	int ui = 0, sc = 0;
	for (int i = 0; i < im->k->ncols; i++) { /* the stored column of until */
		if (streq(im->k->cols[i].name, "until"))
			ui = sc;
		sc += col_width(&im->k->cols[i]);
	}
	if (until->null || stmt_text(st, ui))
		return 0;
	/* everything else must be the same: the generic comparison says so when not */
	for (int i = 0, c = 0; i < im->k->ncols; c += col_width(&im->k->cols[i]), i++) {
		const struct column *col = &im->k->cols[i];
		if (streq(col->name, "until") || col->type == T_IDNUM)
			continue;
		const struct val *v = &im->v[i];
		const char *have = stmt_text(st, c), *want = v->null ? NULL : v->s.s;
		if ((have == NULL) != (want == NULL) || (have && !streq(have, want)))
			return 0;
	}
	const char *hash = V("id_number")->hash;
	struct stmt *up = db_prepare(im->db, "UPDATE registers SET until = ? WHERE register = ? AND id_number_hash = ? AND from_ = ?");
	stmt_bind_text(up, 1, until->s.s);
	stmt_bind_text(up, 2, V("register")->s.s);
	stmt_bind_text(up, 3, hash);
	stmt_bind_text(up, 4, V("from")->s.s);
	stmt_step(up);
	stmt_finalize(up);
	im->updated++;
	return 1;
}

/* ---- projects ----------------------------------------------------- */

static const char *const statuses[] = { "planned", "approved", "started", "completed",
					"accepted", "settled", "cancelled" };
static const char *const step_dates[] = { NULL, NULL, "started", "completed", "accepted", "settled" };

static int status_rank(const char *s)
{
	for (int i = 0; i < (int)ARRAY_SIZE(statuses); i++)
		if (streq(s, statuses[i]))
			return i;
	return -1;
}

/* Column col must name an existing western county; not_county ends the
** message for a division of another level. */
void check_west_county(struct importer *im, int line, const char *col, const char *not_county)
{
	const char *code = V(col)->s.s;
	int lvl = division_lookup(im, code, NULL, NULL);
	if (lvl < 0) {
		bad(im, line, COLNO(col), "%s: %s does not exist", col, code);
	} else if (lvl != 2) {
		bad(im, line, COLNO(col), "%s: %s is a %s%s", col, code, level_names[lvl], not_county);
	} else {
		char *side = division_side(im, code);
		if (side && !streq(side, "west"))
			bad(im, line, COLNO(col), "%s: %s lies on the %s side", col, code, side);
		free(side);
	}
}

void check_project(struct importer *im, int line)
{
	struct val *county = V("county"), *vil = V("village"), *pairing = V("pairing");
	check_west_county(im, line, "county", ", not a county");
	if (!vil->null) {
		int vl = division_lookup(im, vil->s.s, NULL, NULL);
		if (vl < 0)
			bad(im, line, COLNO("village"), "village: %s does not exist", vil->s.s);
		else if (vl != 4)
			bad(im, line, COLNO("village"), "village: %s is a %s, not a village", vil->s.s,
			    level_names[vl]);
		else if (strncmp(vil->s.s, county->s.s, 6) != 0)
			bad(im, line, COLNO("village"), "village: %s does not lie in county %s", vil->s.s,
			    county->s.s);
	}
	if (!pairing->null) {
		stmt_bind_text(im->q_pairing, 1, pairing->s.s);
		if (!stmt_step(im->q_pairing))
			bad(im, line, COLNO("pairing"), "pairing: %s does not exist", pairing->s.s);
		stmt_reset(im->q_pairing);
	}
	/* a step's date only once the project has reached that step */
	int rank = status_rank(V("status")->s.s);
	const char *prev = NULL, *prevname = NULL;
	for (int i = 2; i < (int)ARRAY_SIZE(step_dates); i++) {
		struct val *d = V(step_dates[i]);
		if (d->null)
			continue;
		if (rank < i && rank != 6)
			bad(im, line, COLNO(step_dates[i]), "%s: a project that is %s has no %s date yet",
			    step_dates[i], statuses[rank], step_dates[i]);
		if (prev && strcmp(d->s.s, prev) < 0)
			bad(im, line, COLNO(step_dates[i]), "%s: %s is before %s %s", step_dates[i], d->s.s,
			    prevname, prev);
		prev = d->s.s;
		prevname = step_dates[i];
	}
}


int project_progress(struct importer *im, int line, struct stmt *st)
{
	const struct kind *k = im->k;
	int sc = 0, status_col = kind_col(k, "status");
	for (int i = 0; i < k->ncols; i++, sc++) {
		const struct column *c = &k->cols[i];
		int is_date = streq(c->name, "started") || streq(c->name, "completed") ||
			      streq(c->name, "accepted") || streq(c->name, "settled");
		if (i == status_col || is_date)
			continue;
		const char *sv[4];
		stored_values(c, &im->v[i], sv);
		if (!streq(stmt_text(st, sc), sv[0]))
			return 0; /* another change: compare_existing reports it */
	}
	const char *old = stmt_text(st, status_col), *now = V("status")->s.s;
	int ro = status_rank(old), rn = status_rank(now);
	if (ro == 6 && rn != 6) {
		bad(im, line, COLNO("status"), "status: project %s is cancelled and cannot move again",
		    V("id")->s.s);
		return 1;
	}
	if (rn == 6 && ro == 5) {
		bad(im, line, COLNO("status"), "status: project %s is settled and cannot be cancelled",
		    V("id")->s.s);
		return 1;
	}
	if (rn != 6 && rn < ro) {
		bad(im, line, COLNO("status"),
		    "status: only moves forward (planned, approved, started, completed, accepted, settled) or to cancelled: "
		    "project %s is %s, this row says %s", V("id")->s.s, old, now);
		return 1;
	}
	int changed = rn != ro;
	for (int i = 2; i < (int)ARRAY_SIZE(step_dates); i++) {
		int col = kind_col(k, step_dates[i]);
		const char *have = stmt_text(st, col);
		struct val *d = &im->v[col];
		if (d->null)
			continue;
		if (have && !streq(have, d->s.s)) {
			bad(im, line, im->present[col], "%s: project %s was %s on %s, not %s", step_dates[i],
			    V("id")->s.s, step_dates[i], have, d->s.s);
			return 1;
		}
		changed |= !have;
	}
	if (!changed)
		return 1;
	struct stmt *up = db_prepare(im->db,
		"UPDATE projects SET status = ?, started = COALESCE(started, ?), "
		"completed = COALESCE(completed, ?), accepted = COALESCE(accepted, ?), "
		"settled = COALESCE(settled, ?) WHERE id = ?");
	stmt_bind_text(up, 1, now);
	for (int i = 2; i < (int)ARRAY_SIZE(step_dates); i++) {
		struct val *d = V(step_dates[i]);
		stmt_bind_text(up, i, d->null ? NULL : d->s.s);
	}
	stmt_bind_text(up, 6, V("id")->s.s);
	stmt_step(up);
	stmt_finalize(up);
	project_changed(im, V("id")->s.s);
	im->updated++;
	return 1;
}

void check_beneficiary(struct importer *im, int line)
{
	stmt_bind_text(im->q_project, 1, V("project")->s.s);
	if (!stmt_step(im->q_project))
		bad(im, line, COLNO("project"), "project: %s does not exist", V("project")->s.s);
	stmt_reset(im->q_project);
	stmt_bind_text(im->q_household, 1, V("household")->s.s);
	if (!stmt_step(im->q_household))
		bad(im, line, COLNO("household"), "household: %s does not exist", V("household")->s.s);
	stmt_reset(im->q_household);
}

/* ---- cooperation records and targets ------------------------------ */

void check_pairing_ref(struct importer *im, int line, const char *col)
{
	struct val *v = V(col);
	if (v->null || map_get(&im->pairs, v->s.s))
		return;
	stmt_bind_text(im->q_pairing, 1, v->s.s);
	if (!stmt_step(im->q_pairing))
		bad(im, line, COLNO(col), "%s: pairing %s does not exist", col, v->s.s);
	else
		map_put(&im->pairs, v->s.s, im); /* stored pairings stay */
	stmt_reset(im->q_pairing);
}

/* Column col, when given, must name a division that exists; want is the
** level it must have, or -1 for any. */
static void check_division_ref(struct importer *im, int line, const char *col, int want)
{
	struct val *v = V(col);
	if (v->null)
		return;
	int lvl = division_lookup(im, v->s.s, NULL, NULL);
	if (lvl < 0)
		bad(im, line, COLNO(col), "%s: %s does not exist", col, v->s.s);
	else if (want >= 0 && lvl != want)
		bad(im, line, COLNO(col), "%s: %s is a %s, not a %s", col, v->s.s, level_names[lvl],
		    level_names[want]);
}

static void check_org_ref(struct importer *im, int line, const char *col)
{
	struct val *v = V(col);
	if (!v->null && !org_division(im, v->s.s, NULL))
		bad(im, line, COLNO(col), "%s: organisation %s does not exist", col, v->s.s);
}

void check_period(struct importer *im, int line)
{
	struct val *a = V("start"), *b = V("end");
	if (!a->null && !b->null && strcmp(b->s.s, a->s.s) < 0)
		bad(im, line, COLNO("end"), "end: %s is before start %s", b->s.s, a->s.s);
}

void check_worker(struct importer *im, int line)
{
	check_west_county(im, line, "origin", ", not a county (origin is the worker's home county)");
	check_division_ref(im, line, "destination", -1);
	check_org_ref(im, line, "employer");
	check_period(im, line);
	/* a person the registry records as dead cannot be moved */
	struct val *id = V("id_number"), *start = V("start");
	im->poor = 0;
	const struct person *p = map_get(&im->people, id->hash);
	if (p) {
		if (p->died[0] && strcmp(p->died, start->s.s) <= 0)
			bad(im, line, COLNO("start"), "start: the person was recorded as dead on %s, before %s",
			    p->died, start->s.s);
		im->poor = p->poor;
	}
	date_add_months(start->s.s, 3, im->stable_from);
}

void check_workshop(struct importer *im, int line)
{
	check_division_ref(im, line, "village", 4);
	check_org_ref(im, line, "org");
	if (V("poor_jobs")->n > V("jobs")->n)
		bad(im, line, COLNO("poor_jobs"), "poor_jobs: %lld is more than its %lld jobs",
		    (long long)V("poor_jobs")->n, (long long)V("jobs")->n);
}

void check_sale(struct importer *im, int line)
{
	check_party(im, line, "seller", "west");
	check_party(im, line, "buyer", "east");
	check_pairing_ref(im, line, "pairing");
}

void check_investment(struct importer *im, int line)
{
	check_party(im, line, "org", "east");
	check_west_county(im, line, "county", ", not a county");
	check_pairing_ref(im, line, "pairing");
}

/* A target must name an indicator; it is a count, or yuan for money. */
void check_target(struct importer *im, int line)
{
	check_pairing_ref(im, line, "pairing");
	struct val *ind = V("indicator"), *t = V("target");
	int i = indicator_find(ind->s.s);
	if (i < 0) {
		struct buf names = BUF_INIT;
		for (int j = 0; j < nindicators; j++)
			buf_addf(&names, "%s%s", j ? ", " : "", indicators[j].name);
		bad(im, line, COLNO("indicator"), "indicator: '%s' is not an indicator (one of %s)", ind->s.s,
		    names.s);
		buf_release(&names);
		return;
	}
	char why[128], norm[32];
	int64_t n;
	if (indicators[i].unit == IND_MONEY) {
		if (money_parse(t->s.s, &n, why, sizeof why) < 0) {
			bad(im, line, COLNO("target"), "target: %s", why);
			return;
		}
		money_format(n, norm);
	} else {
		if (int_parse(t->s.s, 0, INT64_MAX, &n, why, sizeof why) < 0) {
			bad(im, line, COLNO("target"), "target: %s is a count: %s", ind->s.s, why);
			return;
		}
		snprintf(norm, sizeof norm, "%lld", (long long)n);
	}
	if (n < 0) {
		bad(im, line, COLNO("target"), "target: must not be negative");
		return;
	}
	buf_reset(&t->s);
	buf_adds(&t->s, norm);
	t->n = n;
}

int division_replace(struct importer *im)
{
	const char *code = V("code")->s.s;
	if (!db_int(im->db, 0, "SELECT COUNT(*) FROM divisions WHERE code = ? AND builtin = 1", code, (char *)NULL))
		return 0;
	struct stmt *up = db_prepare(im->db, "UPDATE divisions SET name = ?, name_fold = ?, parent = ?, side = ?, "
					     "poor = ?, exited = ?, builtin = NULL WHERE code = ?");
	stmt_bind_text(up, 1, V("name")->s.s);
	stmt_bind_text(up, 2, V("name")->fold);
	stmt_bind_text(up, 3, V("parent")->null ? NULL : V("parent")->s.s);
	stmt_bind_text(up, 4, V("side")->null ? NULL : V("side")->s.s);
	const char *nums[] = { "poor", "exited" };
	for (int i = 0; i < 2; i++)
		if (V(nums[i])->null)
			stmt_bind_text(up, i + 5, NULL);
		else
			stmt_bind_int(up, i + 5, V(nums[i])->n);
	stmt_bind_text(up, 7, code);
	stmt_step(up);
	stmt_finalize(up);
	struct dinfo *d = map_get(&im->divs, code);
	if (d) { /* its side may be known now */
		free_dinfo(d);
		map_put(&im->divs, code, NULL);
	}
	im->updated++;
	return 1;
}

/* A target read again replaces the one stored (targets are plans). */
int target_replace(struct importer *im, struct stmt *st)
{
	if (streq(stmt_text(st, 3), V("target")->s.s))
		return 0;
	struct stmt *up = db_prepare(im->db,
		"UPDATE targets SET target = ? WHERE year = ? AND pairing = ? AND indicator = ?");
	stmt_bind_text(up, 1, V("target")->s.s);
	stmt_bind_int(up, 2, V("year")->n);
	stmt_bind_text(up, 3, V("pairing")->s.s);
	stmt_bind_text(up, 4, V("indicator")->s.s);
	stmt_step(up);
	stmt_finalize(up);
	im->updated++;
	return 1;
}
