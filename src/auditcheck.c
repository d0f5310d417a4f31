/*
** auditcheck.c: `bangfu audit`, the checks of FORMATS.md's catalogue: the
** records compared with themselves, the registry and the registers of
** other offices (registers.csv).  Each finds exactly the records its
** definition names.  Reversed rows and reversals are never findings.
*/
#include "bangfu.h"
#include "audit.h"
#include "checks.h"
#include "cmd.h"
#include "enums.h"
#include "out.h"
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "banned.h"

/* The thresholds: FORMATS.md's defaults, each a setting an administrator
** may change (`bangfu setting`, audited), kept in meta as setting:NAME. */
static const struct {
	const char *name;
	int64_t dflt, lo, hi;
	const char *meaning;
} settings[] = {
	{ "duplicate_days", 31, 0, 366, "duplicate_payment: an earlier payment this many days before at most" },
	{ "idle_days", 180, 1, 3660, "idle_funds: a fund older than this many days" },
	{ "large_yuan", 50000, 1, 100000000, "large_personal_payment: more than this many yuan to one person" },
	{ "large_times", 10, 2, 1000, "large_personal_payment: more than this many times the median" },
	{ "median_min", 20, 1, 100000, "large_personal_payment: the median rests on at least this many payments" },
	{ "overdue_days", 15, 1, 366, "complaint_overdue: no reply this many days after it was filed" },
	{ "stalled_days", 90, 1, 3660, "project_stalled: completed this many days before and not accepted" },
};

static int64_t setting(struct db *db, const char *name)
{
	for (size_t i = 0; i < ARRAY_SIZE(settings); i++)
		if (streq(settings[i].name, name)) {
			char key[64];
			snprintf(key, sizeof key, "setting:%s", name);
			return db_int(db, settings[i].dflt, "SELECT CAST(value AS BIGINT) FROM meta WHERE key = ?", key,
				      (char *)NULL);
		}
	BUG("a setting not in the table");
}

void found(struct audit *a, const char *check, const char *kind, const char *id, const char *county, const char *date,
	   int64_t amount, int has_amount, char *detail)
{
	/* the period: a date compared to its length (a project's year with the year of each end) */
	size_t dl = date ? strlen(date) : 0;
	if (date && ((a->from[0] && strncmp(date, a->from, dl) < 0) || (a->to[0] && strncmp(date, a->to, dl) > 0))) {
		free(detail);
		return;
	}
	if (a->n == a->alloc) {
		a->alloc = a->alloc ? 2 * a->alloc : 64;
		a->f = xrealloc(a->f, (size_t)a->alloc * sizeof *a->f);
	}
	a->f[a->n++] = (struct finding){ check, xstrdup(id), detail, county ? xstrdup(county) : NULL, kind, amount,
					 has_amount };
}

/* The date n days before d (YYYY-MM-DD). */
static void days_before(const char *d, int n, char out[11])
{
	struct tm t;
	memset(&t, 0, sizeof t);
	strptime(d, "%Y-%m-%d", &t);
	time_t s = timegm(&t) - (time_t)n * 86400;
	gmtime_r(&s, &t);
	strftime(out, 11, "%Y-%m-%d", &t);
}

/* Neither reversed nor a reversal: "x" a row of table t. */
static const char *const live_payment =
	"p.reverses IS NULL AND NOT EXISTS (SELECT 1 FROM payments r WHERE r.reverses = p.id)";

/* " AND <county column> LIKE ?" when --west is given, bound by bind_west. */
static void west_cond(struct audit *a, struct buf *sql, const char *col)
{
	if (a->like[0])
		buf_addf(sql, " AND %s LIKE ?", col);
}

static void bind_west(struct audit *a, struct stmt *st, int i)
{
	if (a->like[0])
		stmt_bind_text(st, i, a->like);
}

static void allocated_before_arrival(struct audit *a)
{
	struct buf sql = BUF_INIT;
	buf_adds(&sql, "SELECT x.id, x.amount, x.date, f.id, f.date, f.to_ FROM allocations x JOIN funds f ON f.id = x.fund "
		       "WHERE x.date < f.date AND x.reverses IS NULL "
		       "AND NOT EXISTS (SELECT 1 FROM allocations r WHERE r.reverses = x.id)");
	west_cond(a, &sql, "f.to_");
	struct stmt *st = db_prepare(a->c->db, sql.s);
	bind_west(a, st, 1);
	while (stmt_step(st))
		found(a, "allocated_before_arrival", "allocations", stmt_text(st, 0), stmt_text(st, 5), stmt_text(st, 2), stmt_int(st, 1), 1,
		      xasprintf("allocated %s from fund %s, which arrived %s", stmt_text(st, 2), stmt_text(st, 3),
				stmt_text(st, 4)));
	stmt_finalize(st);
	buf_release(&sql);
}

static void late_fiscal(struct audit *a)
{
	struct buf sql = BUF_INIT;
	buf_adds(&sql, "SELECT f.id, f.amount, f.date, f.to_ FROM funds f WHERE f.kind = 'fiscal' AND f.reverses IS NULL "
		       "AND NOT EXISTS (SELECT 1 FROM funds r WHERE r.reverses = f.id) AND substr(f.date, 6, 5) > '03-31'");
	west_cond(a, &sql, "f.to_");
	struct stmt *st = db_prepare(a->c->db, sql.s);
	bind_west(a, st, 1);
	while (stmt_step(st))
		found(a, "late_fiscal", "funds", stmt_text(st, 0), stmt_text(st, 3), stmt_text(st, 2), stmt_int(st, 1), 1,
		      xasprintf("fiscal fund arrived %s, after 31 March", stmt_text(st, 2)));
	stmt_finalize(st);
	buf_release(&sql);
}

/*
** The checks of payments to persons on the registers.  Each reads only the
** payments to the persons its register entries can touch (a few hundred
** thousand at most, found through the payments' payee index), not every
** payment: `who` is the query of those persons' identity hashes, `cond`
** what must hold of a payment p (to the person s, of the household h) for
** it to be a finding; `household`: the payee must be a person of the
** registry, s and h joined.  say() gives the finding's detail from the row
** (p.id, p.amount, p.date, j.county, s.household or NULL, then `extra`),
** or NULL when the row is none after all.
*/
static void payee_payments(struct audit *a, const char *check, const char *who, int household, const char *extra,
			   const char *cond, char *(*say)(struct stmt *))
{
	struct buf sql = BUF_INIT;
	buf_addf(&sql, "SELECT p.id, p.amount, p.date, j.county, %s%s%s FROM payments p JOIN projects j ON j.id = p.project ",
		 household ? "s.household" : "NULL", extra[0] ? ", " : "", extra);
	if (household)
		buf_adds(&sql, "JOIN persons s ON s.id_number_hash = p.payee_hash JOIN households h ON h.id = s.household ");
	buf_addf(&sql, "WHERE p.payee_hash IN (%s) AND %s AND %s", who, live_payment, cond);
	west_cond(a, &sql, "j.county");
	struct stmt *st = db_prepare_cursor(a->c->db, sql.s);
	bind_west(a, st, 1);
	while (stmt_step(st)) {
		char *detail = say(st);
		if (detail)
			found(a, check, "payments", stmt_text(st, 0), stmt_text(st, 3), stmt_text(st, 2), stmt_int(st, 1), 1, detail);
	}
	stmt_finalize(st);
	buf_release(&sql);
}

/* A payment to a person after the death the registry records (died) or a
** register does (a death, a cancelled household registration). */
static char *after_death(struct stmt *st)
{
	const char *date = stmt_text(st, 2), *died = stmt_text(st, 5), *reg = stmt_text(st, 6), *end = died;
	if (reg && (!end || strcmp(reg, end) < 0))
		end = reg;
	if (!end || strcmp(date, end) <= 0)
		return NULL;
	return xasprintf("paid %s to a person %s on %s", date, end == died ? "recorded dead" : "registered dead or struck off",
			 end);
}

static void paid_after_death(struct audit *a)
{
	payee_payments(a, "paid_after_death",
		       "SELECT id_number_hash FROM persons WHERE died IS NOT NULL UNION "
		       "SELECT id_number_hash FROM registers WHERE register IN ('death', 'household_cancelled')", 0,
			"(SELECT s.died FROM persons s WHERE s.id_number_hash = p.payee_hash), "
			"(SELECT MIN(r.from_) FROM registers r WHERE r.id_number_hash = p.payee_hash "
			"AND r.register IN ('death', 'household_cancelled'))",
			"1 = 1", after_death);
}

/* A payment to a person who is on the staff register on its date. */
static char *on_staff(struct stmt *st)
{
	return xasprintf("paid %s to a person on the state-paid staff register", stmt_text(st, 2));
}

static void payee_is_staff(struct audit *a)
{
	payee_payments(a, "payee_is_staff", "SELECT id_number_hash FROM registers WHERE register = 'staff'", 0, "",
			"EXISTS (SELECT 1 FROM registers r WHERE r.id_number_hash = p.payee_hash AND r.register = 'staff' "
			"AND r.from_ <= p.date AND (r.until IS NULL OR r.until >= p.date))",
			on_staff);
}

/* A payment to a person of a household of which some member is a cadre
** of that household's village on the payment's date. */
static char *cadre(struct stmt *st)
{
	return xasprintf("paid %s to household %s, of which a member is a cadre of its village", stmt_text(st, 2),
			 stmt_text(st, 4));
}

static void cadre_household(struct audit *a)
{
	payee_payments(a, "cadre_household",
			"SELECT o.id_number_hash FROM registers r JOIN persons m ON m.id_number_hash = r.id_number_hash "
			"JOIN persons o ON o.household = m.household WHERE r.register = 'cadre'",
			1, "",
			"EXISTS (SELECT 1 FROM persons m WHERE m.household = s.household AND EXISTS (SELECT 1 FROM registers r "
			"WHERE r.id_number_hash = m.id_number_hash AND r.register = 'cadre' AND r.place = h.village "
			"AND r.from_ <= p.date AND (r.until IS NULL OR r.until >= p.date)))",
			cadre);
}

/* A payment to a person of a poor or monitored household of which some
** member owns a vehicle, property or business on the payment's date. */
static char *assets(struct stmt *st)
{
	return xasprintf("paid %s to household %s, of which a member holds a vehicle, property or business",
			 stmt_text(st, 2), stmt_text(st, 4));
}

static void asset_owner(struct audit *a)
{
	payee_payments(a, "asset_owner",
			"SELECT o.id_number_hash FROM registers r JOIN persons m ON m.id_number_hash = r.id_number_hash "
			"JOIN persons o ON o.household = m.household WHERE r.register IN ('vehicle', 'property', 'business')",
			1, "",
			"h.status IN ('poor', 'monitored') AND EXISTS (SELECT 1 FROM persons m WHERE m.household = s.household "
			"AND EXISTS (SELECT 1 FROM registers r WHERE r.id_number_hash = m.id_number_hash "
			"AND r.register IN ('vehicle', 'property', 'business') "
			"AND r.from_ < p.date AND (r.until IS NULL OR r.until > p.date)))",
			assets);
}

/* Fiscal and social funds more than 180 days old with money not yet
** allocated on --as-of; the amount is what is left. */
static void idle_funds(struct audit *a)
{
	char before[11];
	days_before(a->asof, (int)a->idle_days, before);
	struct buf sql = BUF_INIT;
	buf_adds(&sql, "SELECT f.id, f.amount - COALESCE((SELECT SUM(CASE WHEN x.reverses IS NULL THEN x.amount ELSE -x.amount END) "
		       "FROM allocations x WHERE x.fund = f.id AND x.date <= ?), 0), f.date, f.to_ FROM funds f "
		       "WHERE f.kind IN ('fiscal', 'social') AND f.reverses IS NULL AND f.date < ? "
		       "AND NOT EXISTS (SELECT 1 FROM funds r WHERE r.reverses = f.id)");
	west_cond(a, &sql, "f.to_");
	struct stmt *st = db_prepare(a->c->db, sql.s);
	stmt_bind_text(st, 1, a->asof);
	stmt_bind_text(st, 2, before);
	bind_west(a, st, 3);
	while (stmt_step(st))
		if (stmt_int(st, 1) > 0)
			found(a, "idle_funds", "funds", stmt_text(st, 0), stmt_text(st, 3), stmt_text(st, 2), stmt_int(st, 1), 1,
			      xasprintf("arrived %s; not yet allocated on %s", stmt_text(st, 2), a->asof));
	stmt_finalize(st);
	buf_release(&sql);
}

static void complaint_overdue(struct audit *a)
{
	char before[11];
	days_before(a->asof, (int)a->overdue_days, before);
	struct buf sql = BUF_INIT;
	buf_adds(&sql, "SELECT c.tracking, substr(c.at, 1, 10), c.county FROM complaints c "
		       "WHERE (c.reply IS NULL OR c.reply = '') AND substr(c.at, 1, 10) < ?");
	west_cond(a, &sql, "c.county");
	struct stmt *st = db_prepare(a->c->db, sql.s);
	stmt_bind_text(st, 1, before);
	bind_west(a, st, 2);
	while (stmt_step(st))
		found(a, "complaint_overdue", "complaints", stmt_text(st, 0), stmt_text(st, 2), stmt_text(st, 1), 0, 0,
		      xasprintf("filed %s, no reply by %s", stmt_text(st, 1), a->asof));
	stmt_finalize(st);
	buf_release(&sql);
}

static void project_stalled(struct audit *a)
{
	char before[11];
	days_before(a->asof, (int)a->stalled_days, before);
	struct buf sql = BUF_INIT;
	buf_adds(&sql, "SELECT j.id, j.budget, j.status, j.year, j.completed, j.county FROM projects j WHERE "
		       "((j.year < ? AND j.status IN ('planned', 'approved')) OR (j.status = 'completed' AND j.completed < ?))");
	west_cond(a, &sql, "j.county");
	struct stmt *st = db_prepare(a->c->db, sql.s);
	stmt_bind_int(st, 1, atoi(a->asof));
	stmt_bind_text(st, 2, before);
	bind_west(a, st, 3);
	while (stmt_step(st))
		found(a, "project_stalled", "projects", stmt_text(st, 0), stmt_text(st, 5), stmt_text(st, 3), stmt_int(st, 1), 1,
		      streq(stmt_text(st, 2), "completed")
			      ? xasprintf("completed %s, not accepted by %s", stmt_text(st, 4), a->asof)
			      : xasprintf("a project of %lld still %s", (long long)stmt_int(st, 3), stmt_text(st, 2)));
	stmt_finalize(st);
	buf_release(&sql);
}

/* The catalogue; those without run() are auditscan.c's, run together. */
static const struct {
	const char *name;
	void (*run)(struct audit *);
} checks[NCHECKS] = {
	{ "allocated_before_arrival", allocated_before_arrival }, { "asset_owner", asset_owner },
	{ "cadre_household", cadre_household }, { "complaint_overdue", complaint_overdue },
	{ "duplicate_payment", NULL }, { "idle_funds", idle_funds },
	{ "large_personal_payment", NULL }, { "late_fiscal", late_fiscal },
	{ "paid_after_death", paid_after_death }, { "paid_before_allocation", NULL },
	{ "payee_is_staff", payee_is_staff }, { "project_stalled", project_stalled },
};

/* The findings kept: a new one open, one found before as it is handled,
** its amount and detail as found now.  Written a few hundred to a
** statement (one round trip each). */
static void keep_findings(struct audit *a, const struct finding *f, int n, const char *now)
{
	enum { BATCH = 400 };
	struct db *db = a->keep;
	for (int i = 0; i < n; i += BATCH) {
		int k = n - i < BATCH ? n - i : BATCH;
		struct buf sql = BUF_INIT;
		buf_adds(&sql, "INSERT INTO findings(id, check_, kind, record, county, amount, detail, state, first_seen, "
			       "last_seen, updated) VALUES");
		for (int j = 0; j < k; j++)
			buf_adds(&sql, j ? ", (?, ?, ?, ?, ?, ?, ?, 'open', ?, ?, ?)" : " (?, ?, ?, ?, ?, ?, ?, 'open', ?, ?, ?)");
		buf_adds(&sql, " ON CONFLICT(id) DO UPDATE SET amount = excluded.amount, detail = excluded.detail, "
			       "last_seen = excluded.last_seen");
		struct stmt *st = db_prepare(db, sql.s);
		for (int j = 0; j < k; j++) {
			const struct finding *x = &f[i + j];
			char id[256];
			snprintf(id, sizeof id, "%s:%s:%s", x->check, x->kind, x->id);
			int b = 10 * j;
			stmt_bind_text(st, b + 1, id);
			stmt_bind_text(st, b + 2, x->check);
			stmt_bind_text(st, b + 3, x->kind);
			stmt_bind_text(st, b + 4, x->id);
			stmt_bind_text(st, b + 5, x->county);
			if (x->has_amount)
				stmt_bind_int(st, b + 6, x->amount);
			stmt_bind_text(st, b + 7, x->detail);
			stmt_bind_text(st, b + 8, now);
			stmt_bind_text(st, b + 9, now);
			stmt_bind_text(st, b + 10, now);
		}
		stmt_step(st);
		stmt_finalize(st);
		buf_release(&sql);
	}
}

/* `audit --explain`: each check (or those named) in words, as Fossil's
** security audit explains each of its findings. */
static void audit_explain(struct cmdctx *c, const char *const *only, int nonly, int en)
{
	static const char *const heads[2][3] = { { "查什么", "为什么", "怎么办" }, { "looks for", "why", "what to do" } };
	for (int i = 0, shown = 0; i < NCHECKS; i++) {
		const struct check_words *w = &check_words[i];
		int want = !nonly;
		for (int k = 0; k < nonly && !want; k++)
			want = streq(only[k], w->name);
		if (!want)
			continue;
		fprintf(c->out, "%s%s  %s\n", shown++ ? "\n" : "", w->name,
			enum_label("findings", "check", w->name, en) ? enum_label("findings", "check", w->name, en) : "");
		for (int k = 0; k < 3; k++)
			fprintf(c->out, "  %s%s%s\n", heads[en][k], en ? ": " : "：", en ? w->en[k] : w->zh[k]);
	}
}

static int finding_cmp(const void *x, const void *y)
{
	const struct finding *a = x, *b = y;
	int c = strcmp(a->check, b->check);
	return c ? c : strcmp(a->id, b->id);
}

/*
** COMMAND: audit
** USAGE: bangfu --db PATH audit [--check NAME]... [--west CODE] [--as-of DATE] [--from DATE] [--to DATE] [--keep] [--format table|csv] | --explain [--lang zh|en]
** NEEDS: write
**
** Look for what is wrong: the checks of the audit catalogue.
**
** Prints one row per finding (check, kind, id, amount, detail), sorted by
** check, then id; --format csv gives the header check,kind,id,amount,detail.
** Reversed rows and reversals are never findings.  The checks:
**   allocated_before_arrival  an allocation dated before its fund's date
**   paid_before_allocation    a payment dated before the first allocation to
**                             its project
**   late_fiscal               a fiscal fund dated after 31 March of its year
**   duplicate_payment         the same payee, project, purpose and amount as a
**                             payment 0 to 31 days before it
**   paid_after_death          a payment to a person after the death the registry
**                             records, or a death or cancelled household
**                             registration on the registers
**   payee_is_staff            a payment to a person on the staff register then
**   cadre_household           a payment to a person of a household with a member
**                             on the cadre register for its village then
**   asset_owner               a payment to a person of a poor or monitored
**                             household with a member holding a vehicle,
**                             property or business
**   idle_funds                a fiscal or social fund over 180 days old with
**                             money not yet allocated on --as-of (the amount:
**                             what is left)
**   large_personal_payment    over 50,000 yuan to a person, or over 10 times the
**                             median (of 20 or more) of the county's, year's and
**                             purpose's payments to persons
**   complaint_overdue         a public report without reply more than 15 days on
**   project_stalled           a project of an earlier year not started, or
**                             completed more than 90 days ago and not accepted
**
** Options:
**   --check NAME    only that check (again for more)
**   --west CODE     only what lies in that western division
**   --as-of DATE    the day the time-based checks look from (today)
**   --from DATE, --to DATE
**                   only findings about records dated in that period (a
**                   project by its year); earlier records still count as
**                   what a later one repeats or follows
**   --explain       what each check (or each --check) looks for, why it
**                   matters and what to do about a finding; --lang en for
**                   English (Simplified Chinese unless said)
**   --keep          keep the findings (see 'bangfu help findings'): a new one
**                   open, one found before as it is handled; its id is
**                   CHECK:KIND:RECORD, the same in every run and store
*/
int cmd_audit(struct cmdctx *c, int argc, char **argv)
{
	struct audit a;
	memset(&a, 0, sizeof a);
	a.c = c;
	const char *only[ARRAY_SIZE(checks)];
	int nonly = 0;
	for (const char *v; (v = opt_value(&argc, argv, "--check")) != NULL;) {
		size_t i = 0;
		while (i < ARRAY_SIZE(checks) && !streq(checks[i].name, v))
			i++;
		if (i == ARRAY_SIZE(checks)) {
			struct buf b = BUF_INIT;
			for (size_t j = 0; j < ARRAY_SIZE(checks); j++)
				buf_addf(&b, "%s%s", j ? ", " : "", checks[j].name);
			die("audit: --check %s: no such check (checks: %s)", v, b.s);
		}
		if (nonly < (int)ARRAY_SIZE(checks))
			only[nonly++] = checks[i].name;
	}
	const char *west = opt_value(&argc, argv, "--west"), *asof = opt_value(&argc, argv, "--as-of");
	const char *from = opt_value(&argc, argv, "--from"), *to = opt_value(&argc, argv, "--to");
	const char *lang = opt_value(&argc, argv, "--lang");
	int keep = opt_flag(&argc, argv, "--keep"), explain = opt_flag(&argc, argv, "--explain");
	enum fmt fmt = opt_format(&argc, argv, "table|csv");
	opt_no_more(argc, argv, "audit");
	if (argc)
		die("audit: unexpected argument %s", argv[0]);
	if (lang && !streq(lang, "zh") && !streq(lang, "en"))
		die("audit: --lang %s: write zh or en", lang);
	if (explain) {
		audit_explain(c, only, nonly, lang && streq(lang, "en"));
		return 0;
	}
	char why[160];
	if (asof) {
		if (date_parse(asof, a.asof, why, sizeof why) < 0)
			die("audit: --as-of %s: %s", asof, why);
	} else {
		date_today(a.asof);
	}
	if (from && date_parse(from, a.from, why, sizeof why) < 0)
		die("audit: --from %s: %s", from, why);
	if (to && date_parse(to, a.to, why, sizeof why) < 0)
		die("audit: --to %s: %s", to, why);
	if (a.from[0] && a.to[0] && strcmp(a.from, a.to) > 0)
		die("audit: --from %s is after --to %s: the period ends before it begins", a.from, a.to);
	if (west) {
		char c12[13];
		if (divcode_norm(west, c12, why, sizeof why) < 0)
			die("audit: --west %s: %s", west, why);
		c12[divcode_sig(divcode_level(c12))] = 0;
		snprintf(a.west, sizeof a.west, "%s", c12);
		snprintf(a.like, sizeof a.like, "%s%%", c12);
	}
	/* One check at a time, in the catalogue's order (the output's): its
	** findings sorted, printed, kept and let go, so that memory holds one
	** check's findings, not every check's.  Those of the checks that read
	** every payment come together, first, and wait for their turn. */
	int scan[3] = { 0, 0, 0 }, wanted[ARRAY_SIZE(checks)];
	static const char *const scanned[3] = { "paid_before_allocation", "duplicate_payment", "large_personal_payment" };
	for (size_t i = 0; i < ARRAY_SIZE(checks); i++) {
		wanted[i] = !nonly;
		for (int k = 0; k < nonly && !wanted[i]; k++)
			wanted[i] = streq(only[k], checks[i].name);
		for (int k = 0; k < 3; k++)
			scan[k] |= wanted[i] && streq(checks[i].name, scanned[k]);
	}
	char now[32];
	audit_now(now);
	int64_t before = 0;
	/* with --read-db the checks read the standby, and what they keep goes
	** to the store */
	a.keep = c->db;
	if (c->rdb)
		c->db = c->rdb;
	if (keep) {
		db_begin(a.keep);
		before = db_int(a.keep, 0, "SELECT COUNT(*) FROM findings", (char *)NULL);
	}
	if (!keep || c->rdb)
		db_begin_read(c->db);
	a.dup_days = setting(c->db, "duplicate_days");
	a.idle_days = setting(c->db, "idle_days");
	a.large_fen = setting(c->db, "large_yuan") * 100;
	a.large_times = setting(c->db, "large_times");
	a.median_min = setting(c->db, "median_min");
	a.overdue_days = setting(c->db, "overdue_days");
	a.stalled_days = setting(c->db, "stalled_days");
	static const char *const head[] = { "check", "kind", "id", "amount", "detail" };
	struct out o;
	out_init(&o, fmt, c->out, 5, head);
	audit_scan(&a, scan[0], scan[1], scan[2]);
	struct finding *held = a.f;
	int nheld = a.n, total = 0;
	a.f = NULL, a.n = a.alloc = 0;
	if (nheld)
		qsort(held, (size_t)nheld, sizeof *held, finding_cmp);
	for (size_t i = 0; i < ARRAY_SIZE(checks); i++) {
		if (!wanted[i])
			continue;
		struct finding *f = a.f;
		int n = 0;
		if (checks[i].run) {
			checks[i].run(&a);
			f = a.f, n = a.n;
			if (n)
				qsort(f, (size_t)n, sizeof *f, finding_cmp);
		} else { /* its run in the held ones, sorted by check */
			int k = 0;
			while (k < nheld && strcmp(held[k].check, checks[i].name) < 0)
				k++;
			f = held + k;
			while (k + n < nheld && streq(held[k + n].check, checks[i].name))
				n++;
		}
		if (keep)
			keep_findings(&a, f, n, now);
		for (int k = 0; k < n; k++) {
			char m[32];
			money_format(f[k].amount, m);
			const char *row[] = { f[k].check, f[k].kind, f[k].id, f[k].has_amount ? m : NULL, f[k].detail };
			out_row(&o, row);
			free(f[k].id);
			free(f[k].detail);
			free(f[k].county);
		}
		total += n;
		if (checks[i].run) {
			free(a.f);
			a.f = NULL, a.n = a.alloc = 0;
		}
	}
	free(held);
	if (!keep || c->rdb)
		db_commit(c->db);
	c->db = a.keep;
	if (keep) {
		int64_t fresh = db_int(c->db, 0, "SELECT COUNT(*) FROM findings", (char *)NULL) - before;
		char after[96], who[80];
		snprintf(after, sizeof after, "%d findings, %lld new", total, (long long)fresh);
		audit_log(c->db, audit_cli_who(who), "local", "audit_run", a.asof, NULL, after);
		db_commit(c->db);
		fprintf(c->err, "kept: %d findings, %lld new\n", total, (long long)fresh);
	}
	out_finish(&o);
	if (fmt == FMT_TABLE)
		fprintf(c->out, "(%d %s)\n", total, total == 1 ? "finding" : "findings");
	return 0;
}

/*
** COMMAND: setting
** USAGE: bangfu --db PATH setting [NAME VALUE]
** NEEDS: write
**
** Show the audit checks' thresholds, or change one.
**
** A change lands in the audit trail with the value before and after.
**
**   duplicate_days  31     duplicate_payment's window
**   idle_days       180    idle_funds' age
**   large_yuan      50000  large_personal_payment's amount
**   large_times     10     ... its multiple of the median
**   median_min      20     ... the payments the median rests on
**   overdue_days    15     complaint_overdue's wait
**   stalled_days    90     project_stalled's wait after completion
*/
int cmd_setting(struct cmdctx *c, int argc, char **argv)
{
	opt_no_more(argc, argv, "setting");
	if (argc == 0) {
		for (size_t i = 0; i < ARRAY_SIZE(settings); i++)
			fprintf(c->out, "%-15s %10lld  %s\n", settings[i].name, (long long)setting(c->db, settings[i].name),
				settings[i].meaning);
		return 0;
	}
	if (argc != 2)
		die("setting: name a setting and its value, e.g. 'bangfu setting idle_days 90'");
	size_t i = 0;
	while (i < ARRAY_SIZE(settings) && !streq(settings[i].name, argv[0]))
		i++;
	if (i == ARRAY_SIZE(settings))
		die("setting: %s is not a setting (see 'bangfu setting')", argv[0]);
	int64_t v;
	char why[160];
	if (int_parse(argv[1], settings[i].lo, settings[i].hi, &v, why, sizeof why) < 0)
		die("setting: %s %s: %s", argv[0], argv[1], why);
	char key[64], before[32], after[32], who[80];
	snprintf(key, sizeof key, "setting:%s", argv[0]);
	snprintf(before, sizeof before, "%lld", (long long)setting(c->db, argv[0]));
	snprintf(after, sizeof after, "%lld", (long long)v);
	db_begin(c->db);
	struct stmt *st = db_prepare(c->db, "INSERT INTO meta(key, value) VALUES(?, ?) "
					    "ON CONFLICT(key) DO UPDATE SET value = excluded.value");
	stmt_bind_text(st, 1, key);
	stmt_bind_text(st, 2, after);
	stmt_step(st);
	stmt_finalize(st);
	audit_log(c->db, audit_cli_who(who), "local", "setting", argv[0], before, after);
	db_commit(c->db);
	fprintf(c->out, "%s: %s, was %s\n", argv[0], after, before);
	return 0;
}
