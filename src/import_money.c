/*
** import_money.c: money rows (funds, allocations, payments): checked
** against the ledger (never beyond what is there), reversals, posting and
** chaining (ledger.c); a clerk's region; and each row's checks in order.
*/
#include "bangfu.h"
#include <stdlib.h>
#include <string.h>
#include "importer.h"
#include "banned.h"

/* ---- money: checked, then posted and chained ------------------------- */

void free_pinfo(void *v)
{
	struct pinfo *p = v;
	if (p) {
		free(p->county);
		free(p->status);
		free(p);
	}
}

void free_finfo(void *v)
{
	struct finfo *f = v;
	if (f) {
		free(f->to);
		free(f->reverses);
		free(f->date);
		free(f);
	}
}

/* A project's county and status, read once (NULL when there is none). */
static struct pinfo *project_info(struct importer *im, const char *id)
{
	struct pinfo *p = map_get(&im->pinfo, id);
	if (p)
		return p;
	stmt_bind_text(im->q_project, 1, id);
	if (stmt_step(im->q_project)) {
		p = xcalloc(1, sizeof *p);
		p->county = xstrdup(stmt_text(im->q_project, 0));
		p->status = xstrdup(stmt_text(im->q_project, 1));
		map_put(&im->pinfo, id, p);
	}
	stmt_reset(im->q_project);
	return p;
}

void preload_projects(struct importer *im, struct batch *b)
{
	int pc = kind_col(im->k, "project");
	const char *ids[BATCH];
	int n = 0, nq = 1;
	struct map want;
	map_init(&want);
	if (!im->q_projects)
		im->q_projects = db_prepare_in(im->db, "SELECT id, county, status FROM projects WHERE id IN (", BATCH, ")");
	for (int i = 0; i < b->n; i++) {
		const char *id = b->rows[i].v[pc].s.s;
		if (b->rows[i].bad)
			continue;
		struct pinfo *p = map_get(&im->pinfo, id);
		if (p && p->books.owed) {
			b->rows[i].pi = p;
			continue;
		}
		if (map_get(&want, id))
			continue;
		map_put(&want, id, im);
		ids[n++] = id;
		if (!p)
			stmt_bind_text_ref(im->q_projects, nq++, id);
	}
	if (nq > 1) {
		while (nq <= BATCH)
			stmt_bind_text_ref(im->q_projects, nq++, NULL);
		while (stmt_step(im->q_projects)) {
			struct pinfo *p = xcalloc(1, sizeof *p);
			p->county = xstrdup(stmt_text(im->q_projects, 1));
			p->status = xstrdup(stmt_text(im->q_projects, 2));
			map_put(&im->pinfo, stmt_text(im->q_projects, 0), p);
		}
		stmt_reset(im->q_projects);
	}
	if (n)
		ledger_preload_projects(im->ledger, ids, n);
	for (int i = 0; i < n; i++) {
		struct pinfo *p = map_get(&im->pinfo, ids[i]);
		if (p && !p->books.owed)
			ledger_project_books(im->ledger, ids[i], &p->books);
	}
	map_release(&want, NULL);
	for (int i = 0; i < b->n && n; i++) /* each row's project, read now */
		if (!b->rows[i].bad && !b->rows[i].pi)
			b->rows[i].pi = map_get(&im->pinfo, b->rows[i].v[pc].s.s);
}

/* A project row was stored or changed: read it again when next needed. */
void project_changed(struct importer *im, const char *id)
{
	struct pinfo *p = map_get(&im->pinfo, id);
	if (p) {
		free_pinfo(p);
		map_put(&im->pinfo, id, NULL);
	}
}

static struct finfo *fund_info(struct importer *im, const char *id)
{
	struct finfo *f = map_get(&im->finfo, id);
	if (f)
		return f;
	stmt_bind_text(im->q_fund, 1, id);
	if (stmt_step(im->q_fund)) {
		f = xmalloc(sizeof *f);
		f->to = xstrdup(stmt_text(im->q_fund, 0));
		f->reverses = stmt_text(im->q_fund, 1) ? xstrdup(stmt_text(im->q_fund, 1)) : NULL;
		f->date = xstrdup(stmt_text(im->q_fund, 2));
		map_put(&im->finfo, id, f);
	}
	stmt_reset(im->q_fund);
	return f;
}

static void yuan(int64_t fen, char out[48])
{
	char m[32];
	money_format(fen, m);
	snprintf(out, 48, "%s yuan", m);
}

static int check_reversal_with(struct importer *im, int line, struct stmt *orig, const char *const *same);

/* The row this one reverses, if it does: it must exist, not be a reversal
** itself, not be reversed already, and agree on the given columns.
** Returns 1 when the row is a valid reversal, 0 when it is no reversal,
** -1 on error. */
static int check_reversal(struct importer *im, int line, const char *sql, const char *const *same)
{
	struct val *rev = V("reverses");
	if (rev->null)
		return 0;
	struct stmt *orig = db_prepare(im->db, sql);
	int rc = check_reversal_with(im, line, orig, same);
	stmt_finalize(orig);
	return rc;
}

static int check_reversal_with(struct importer *im, int line, struct stmt *orig, const char *const *same)
{
	struct val *rev = V("reverses");
	const char *k = im->k->name;
	int col = COLNO("reverses");
	if (streq(rev->s.s, V("id")->s.s)) {
		bad(im, line, col, "reverses: a row cannot reverse itself");
		return -1;
	}
	stmt_bind_text(orig, 1, rev->s.s);
	if (!stmt_step(orig)) {
		stmt_reset(orig);
		char *year = streq(k, "payments") ? partitions_archived_year_of(im->db, rev->s.s) : NULL;
		if (year)
			bad(im, line, col, "reverses: %s is a payment of %s, a year archived; 'bangfu archive --restore %s' "
			    "brings that year back before it can be reversed", rev->s.s, year, year);
		else
			bad(im, line, col, "reverses: %s %s does not exist", k, rev->s.s);
		free(year);
		return -1;
	}
	int rc = 1;
	/* orig selects: reverses, amount, then the columns named in same */
	if (stmt_text(orig, 0)) {
		bad(im, line, col, "reverses: %s is itself a reversal (of %s)", rev->s.s, stmt_text(orig, 0));
		rc = -1;
	} else if (stmt_int(orig, 1) != V("amount")->n) {
		char a[48], b[48];
		yuan(stmt_int(orig, 1), a);
		yuan(V("amount")->n, b);
		bad(im, line, COLNO("amount"), "amount: a reversal repeats the amount it cancels (%s), not %s", a, b);
		rc = -1;
	} else {
		for (int i = 0; same[i]; i++) {
			/* s holds the value, or for a person the look-up hash */
			struct val *v = V(same[i]);
			if (!streq(stmt_text(orig, 2 + i), v->null ? NULL : v->s.s)) {
				bad(im, line, COLNO(same[i]), "%s: differs from the row it reverses (%s)", same[i],
				    rev->s.s);
				rc = -1;
				break;
			}
		}
	}
	stmt_reset(orig);
	if (rc < 0)
		return rc;
	struct buf q = BUF_INIT;
	buf_addf(&q, "SELECT id FROM %s WHERE reverses = ?", k);
	char *by = db_text(im->db, q.s, rev->s.s, (char *)NULL);
	buf_release(&q);
	if (by) {
		bad(im, line, col, "reverses: %s is already cancelled by %s", rev->s.s, by);
		free(by);
		return -1;
	}
	return 1;
}

static char *account(const char *kind, const char *id)
{
	size_t k = strlen(kind), n = strlen(id);
	char *s = xmalloc(k + n + 2);
	memcpy(s, kind, k);
	s[k] = ':';
	memcpy(s + k + 1, id, n + 1);
	return s;
}

static void check_amount(struct importer *im, int line)
{
	if (V("amount")->n <= 0)
		bad(im, line, COLNO("amount"), "amount: must be more than 0 (a correction is a reversing row)");
}

static void money_fund(struct importer *im, int line)
{
	struct val *to = V("to"), *pairing = V("pairing");
	check_amount(im, line);
	check_party(im, line, "from", "east");
	check_west_county(im, line, "to", "; funds go to a western county");
	if (!pairing->null) {
		stmt_bind_text(im->q_pairing, 1, pairing->s.s);
		if (!stmt_step(im->q_pairing)) {
			bad(im, line, COLNO("pairing"), "pairing: %s does not exist", pairing->s.s);
		} else {
			const char *west = stmt_text(im->q_pairing, 1);
			int wl = divcode_level(west);
			if (wl >= 0 && strncmp(west, to->s.s, (size_t)divcode_sig(wl)) != 0 &&
			    strncmp(west, to->s.s, 6) != 0)
				bad(im, line, COLNO("pairing"), "pairing: %s's west side %s does not contain %s",
				    pairing->s.s, west, to->s.s);
		}
		stmt_reset(im->q_pairing);
	}
	static const char *const same[] = { "kind", "from", "to", NULL };
	int rev = check_reversal(im, line, "SELECT reverses, amount, kind, from_, to_ FROM funds WHERE id = ?", same);
	if (im->row_bad || rev < 0)
		return;
	int64_t a = V("amount")->n;
	char *src = account("source", V("from")->s.s);
	char *fund = account("fund", rev ? V("reverses")->s.s : V("id")->s.s);
	if (rev) {
		int64_t left = ledger_balance(im->ledger, fund);
		if (left < a) {
			char l[48];
			yuan(left, l);
			bad(im, line, COLNO("reverses"),
			    "reverses: fund %s has only %s not yet allocated: reverse its allocations first",
			    V("reverses")->s.s, l);
		} else {
			ledger_post(im->ledger, src, fund, a);
		}
	} else {
		ledger_post(im->ledger, fund, src, a);
	}
	free(src);
	free(fund);
}

static void money_allocation(struct importer *im, int line)
{
	struct val *fv = V("fund"), *pv = V("project");
	check_amount(im, line);
	struct finfo *fi = fund_info(im, fv->s.s);
	struct pinfo *pi = project_info(im, pv->s.s);
	int have_fund = fi != NULL, have_project = pi != NULL;
	const char *fund_to = fi ? fi->to : NULL, *fund_rev = fi ? fi->reverses : NULL;
	const char *county = pi ? pi->county : NULL, *status = pi ? pi->status : NULL;
	if (!have_fund)
		bad(im, line, COLNO("fund"), "fund: %s does not exist", fv->s.s);
	else if (fund_rev)
		bad(im, line, COLNO("fund"), "fund: %s is a reversal of %s, not money to allocate", fv->s.s, fund_rev);
	if (!have_project)
		bad(im, line, COLNO("project"), "project: %s does not exist", pv->s.s);
	/* not an error (the books say what happened), but said, and a finding of the audit checks */
	if (have_fund && !fund_rev && V("reverses")->null && strcmp(V("date")->s.s, fi->date) < 0)
		diag_warn(&im->d, line, COLNO("date"),
			  "date: %s is before fund %s arrived (%s); the audit check allocated_before_arrival will find it",
			  V("date")->s.s, fv->s.s, fi->date);
	if (have_fund && have_project && !streq(fund_to, county))
		bad(im, line, COLNO("project"), "project: %s is in county %s, fund %s is for county %s",
		    pv->s.s, county, fv->s.s, fund_to);
	static const char *const same[] = { "fund", "project", NULL };
	int rev = im->row_bad ? -1 :
		check_reversal(im, line, "SELECT reverses, amount, fund, project FROM allocations WHERE id = ?", same);
	if (!rev && status && streq(status, "cancelled"))
		bad(im, line, COLNO("project"), "project: %s is cancelled", pv->s.s);
	if (!im->row_bad && rev >= 0) {
		int64_t a = V("amount")->n;
		char *fa = account("fund", fv->s.s), *pa = account("project", pv->s.s);
		char l[48];
		if (!rev) {
			int64_t left = ledger_balance(im->ledger, fa);
			if (left < a) {
				yuan(left, l);
				bad(im, line, COLNO("amount"), "amount: fund %s has only %s left to allocate",
				    fv->s.s, l);
			} else {
				ledger_post(im->ledger, pa, fa, a);
				ledger_flow_allocate(im->ledger, fv->s.s, pv->s.s, a, ledger_next(im->ledger));
			}
		} else {
			int64_t paid, alloc = ledger_flow_allocated(im->ledger, fv->s.s, pv->s.s, &paid);
			if (alloc - a < paid) {
				yuan(paid, l);
				bad(im, line, COLNO("reverses"),
				    "reverses: project %s has already paid out %s of fund %s: reverse those payments first",
				    pv->s.s, l, fv->s.s);
			} else {
				ledger_post(im->ledger, fa, pa, a);
				ledger_flow_allocate(im->ledger, fv->s.s, pv->s.s, -a, ledger_next(im->ledger));
			}
		}
		free(fa);
		free(pa);
	}
}

static void money_payment(struct importer *im, int line)
{
	struct val *pv = V("project"), *payee = V("payee");
	check_amount(im, line);
	struct pinfo *pi = im->cur->pi ? im->cur->pi : project_info(im, pv->s.s);
	if (partitions_year(im->db, &im->parts, atoi(V("date")->s.s)) < 0)
		bad(im, line, COLNO("date"), "date: the payments of %.4s are archived; a payment of that year "
		    "can be added after 'bangfu archive --restore %.4s' brings them back", V("date")->s.s, V("date")->s.s);
	const char *status = pi ? pi->status : NULL;
	if (!pi)
		bad(im, line, COLNO("project"), "project: %s does not exist", pv->s.s);
	if (payee->is_org && !org_division(im, payee->s.s, NULL))
		bad(im, line, COLNO("payee"), "payee: organisation %s does not exist", payee->s.s);
	static const char *const same[] = { "project", "payee", NULL };
	/* a payee's stored key is its org code or its hash: compare that */
	int rev = im->row_bad ? -1 :
		check_reversal(im, line,
			       "SELECT reverses, amount, project, COALESCE(payee_org, payee_hash) FROM payments WHERE id = ?",
			       same);
	if (!rev && status && streq(status, "cancelled"))
		bad(im, line, COLNO("project"), "project: %s is cancelled", pv->s.s);
	if (!im->row_bad && rev >= 0) {
		int64_t a = V("amount")->n;
		if (!pi->books.owed)
			ledger_project_books(im->ledger, pv->s.s, &pi->books);
		if (!rev) {
			int64_t left = ledger_owed(&pi->books);
			if (left < a) {
				char l[48];
				yuan(left, l);
				bad(im, line, COLNO("amount"),
				    "amount: project %s has only %s allocated and not yet paid", pv->s.s, l);
			} else {
				ledger_pay(&pi->books, a);
			}
		} else {
			ledger_unpay(&pi->books, a);
		}
	}
}

/* Posts the current money row and gives it its entry and hash. */
void post_money(struct importer *im, int line)
{
	const char *n = im->k->name;
	if (streq(n, "funds"))
		money_fund(im, line);
	else if (streq(n, "allocations"))
		money_allocation(im, line);
	else
		money_payment(im, line);
	if (im->row_bad)
		return;
	const char *vals[64];
	int nv = 0;
	for (int i = 0; i < im->k->ncols; i++)
		nv += stored_values(&im->k->cols[i], &im->v[i], vals + nv);
	struct buf content = BUF_INIT;
	ledger_content(n, vals, nv, ledger_next(im->ledger), &content);
	im->seq = ledger_append(im->ledger, content.s, content.len, im->hash);
	buf_release(&content);
}

/* Does division or organisation code lie in the import's region? */
static int in_region(struct importer *im, const char *code)
{
	char *d = NULL;
	if (!code)
		return 0;
	if (!(strlen(code) == 12 && strspn(code, "0123456789") == 12)) {
		if (!org_division(im, code, &d) || !d)
			return 0;
		code = d;
	}
	int lvl = divcode_level(im->region);
	int ok = lvl >= 0 && strncmp(code, im->region, (size_t)divcode_sig(lvl)) == 0;
	free(d);
	return ok;
}

/*
** An import limited to a region (--region: a county clerk's) writes only
** records whose place lies in it: a project's county, a fund's county, the
** county of the project an allocation, payment or beneficiary belongs to,
** a household's village or a person's household's, a worker's home county,
** a workshop's village, a sale's seller, an investment's county, the side
** of the pairing of an exchange, training, event or target that lies on
** the region's side; divisions, organisations and pairings in it.
*/
static void check_region(struct importer *im, int line)
{
	const char *n = im->k->name, *col = NULL;
	char *place = NULL;
	static const char *const direct[][2] = {
		{ "divisions", "code" }, { "orgs", "division" }, { "households", "village" },
		{ "projects", "county" }, { "funds", "to" }, { "workers", "origin" }, { "workshops", "village" },
		{ "sales", "seller" }, { "investments", "county" },
	};
	for (size_t i = 0; i < ARRAY_SIZE(direct); i++)
		if (streq(n, direct[i][0]))
			col = direct[i][1];
	if (streq(n, "registers") || streq(n, "findings")) { /* national lists, the store's findings */
		bad(im, line, 1, "%s are imported for the whole store (by an administrator or auditor), not for a region", n);
		return;
	}
	if (col) {
		place = V(col)->null ? NULL : xstrdup(V(col)->s.s);
	} else if (streq(n, "pairings")) {
		col = im->region_east ? "east" : "west";
		place = xstrdup(V(col)->s.s);
	} else if (streq(n, "allocations") || streq(n, "payments") || streq(n, "beneficiaries")) {
		col = "project";
		struct pinfo *p = project_info(im, V(col)->s.s);
		place = p ? xstrdup(p->county) : NULL;
	} else if (streq(n, "persons")) {
		col = "household";
		place = db_text(im->db, "SELECT village FROM households WHERE id = ?", V(col)->s.s, (char *)NULL);
	} else {
		col = "pairing";
		stmt_bind_text(im->q_pairing, 1, V(col)->s.s);
		if (stmt_step(im->q_pairing))
			place = xstrdup(stmt_text(im->q_pairing, im->region_east ? 0 : 1));
		stmt_reset(im->q_pairing);
	}
	if (!in_region(im, place))
		bad(im, line, COLNO(col), "%s: %s lies outside %s, the region this import may write", col,
		    place ? place : V(col)->s.s, im->region);
	free(place);
}

static void check_exchange(struct importer *im, int line)
{
	check_pairing_ref(im, line, "pairing");
	check_period(im, line);
}

static void check_paired(struct importer *im, int line)
{
	check_pairing_ref(im, line, "pairing");
}

static void check_nothing(struct importer *im, int line)
{
	(void)im;
	(void)line;
}

/* Each kind's checks against the store, found once a file. */
static const struct {
	const char *kind;
	void (*check)(struct importer *, int);
} row_checks[] = {
	{ "divisions", check_division }, { "orgs", check_org }, { "pairings", check_pairing },
	{ "households", check_household }, { "persons", check_person }, { "registers", check_register },
	{ "projects", check_project }, { "beneficiaries", check_beneficiary }, { "workers", check_worker },
	{ "workshops", check_workshop }, { "sales", check_sale }, { "investments", check_investment },
	{ "exchanges", check_exchange }, { "trainings", check_paired }, { "events", check_paired },
	{ "targets", check_target }, { "findings", check_finding },
};

void check_row(struct importer *im, int line)
{
	if (!im->check) {
		im->check = check_nothing; /* money rows: checked as they post */
		for (size_t i = 0; i < ARRAY_SIZE(row_checks); i++)
			if (streq(im->k->name, row_checks[i].kind))
				im->check = row_checks[i].check;
	}
	im->check(im, line);
	if (im->region[0] && !im->row_bad)
		check_region(im, line);
}
