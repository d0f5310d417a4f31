/*
** list.c: `list` and `show`: the registry on a terminal, or as CSV/JSON
** for scripts.  Search folds Traditional and Simplified alike (fold.c).
*/
#include "bangfu.h"
#include "cmd.h"
#include "kinds.h"
#include "list.h"
#include "places.h"
#include "out.h"
#include "params.h"
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include "banned.h"

/* "%text%" for LIKE ... ESCAPE '\', with the user's % and _ taken literally. */
/* The code prefix that everything inside a division starts with. */
static char *region_prefix(const char *code)
{
	char c12[13], why[128];
	if (divcode_norm(code, c12, why, sizeof why) < 0)
		die("--in %s: %s", code, why);
	c12[divcode_sig(divcode_level(c12))] = 0;
	return xstrdup(c12);
}

void filter_param(struct filter *f, char *p)
{
	if (f->n == f->cap) {
		f->cap = f->cap ? 2 * f->cap : 16;
		f->params = xrealloc(f->params, (size_t)f->cap * sizeof *f->params);
	}
	f->params[f->n++] = p;
}

void filter_and(struct filter *f)
{
	buf_adds(&f->where, f->where.len ? " AND " : " WHERE ");
}

void filter_release(struct filter *f)
{
	for (int i = 0; i < f->n; i++)
		free(f->params[i]);
	free(f->params);
	buf_release(&f->where);
}

/* The condition that a record of kind k lies in division in. */
static void in_cond(struct filter *f, const struct kind *k, const char *in)
{
	char *pre = region_prefix(in);
	char *like = xasprintf("%s%%", pre);
	const char *n = k->name;
	if (streq(n, "divisions")) {
		buf_adds(&f->where, "(code LIKE ? AND code <> ?)");
		filter_param(f, like);
		char c12[13], why[64];
		divcode_norm(in, c12, why, sizeof why);
		filter_param(f, xstrdup(c12));
	} else if (streq(n, "orgs")) {
		buf_adds(&f->where, "division LIKE ?");
		filter_param(f, like);
	} else if (streq(n, "pairings")) {
		buf_adds(&f->where, "(west LIKE ? OR east LIKE ? OR west IN (SELECT code FROM orgs WHERE division LIKE ?)"
				    " OR east IN (SELECT code FROM orgs WHERE division LIKE ?))");
		filter_param(f, like);
		filter_param(f, xstrdup(like));
		filter_param(f, xstrdup(like));
		filter_param(f, xstrdup(like));
	} else if ((streq(n, "households") || streq(n, "persons")) && strspn(pre, "9") < strlen(pre)) {
		/* as a range, which the index of villages answers: the codes from
		** the prefix up to the next prefix of its length (digits only, so
		** in any collation) */
		char *next = xstrdup(pre);
		size_t i = strlen(next);
		while (i > 0 && next[i - 1] == '9')
			next[--i] = '0';
		next[i - 1]++;
		buf_adds(&f->where, streq(n, "households") ? "(village >= ? AND village < ?)"
				    : "household IN (SELECT id FROM households WHERE village >= ? AND village < ?)");
		filter_param(f, xstrdup(pre));
		filter_param(f, next);
		free(like);
	} else if (streq(n, "households")) {
		buf_adds(&f->where, "village LIKE ?");
		filter_param(f, like);
	} else if (streq(n, "persons")) {
		buf_adds(&f->where, "household IN (SELECT id FROM households WHERE village LIKE ?)");
		filter_param(f, like);
	} else if (streq(n, "funds")) {
		buf_adds(&f->where, "(to_ LIKE ? OR from_ LIKE ? OR from_ IN (SELECT code FROM orgs WHERE division LIKE ?))");
		filter_param(f, like);
		filter_param(f, xstrdup(like));
		filter_param(f, xstrdup(like));
	} else if (streq(n, "projects")) {
		buf_adds(&f->where, "COALESCE(village, county) LIKE ?");
		filter_param(f, like);
	} else if (streq(n, "workers")) {
		buf_adds(&f->where, "(origin LIKE ? OR destination LIKE ?)");
		filter_param(f, like);
		filter_param(f, xstrdup(like));
	} else if (streq(n, "workshops")) {
		buf_adds(&f->where, "village LIKE ?");
		filter_param(f, like);
	} else if (streq(n, "investments")) {
		buf_adds(&f->where, "county LIKE ?");
		filter_param(f, like);
	} else if (streq(n, "sales")) {
		buf_adds(&f->where, "(seller IN (SELECT code FROM orgs WHERE division LIKE ?)"
				    " OR buyer IN (SELECT code FROM orgs WHERE division LIKE ?))");
		filter_param(f, like);
		filter_param(f, xstrdup(like));
	} else if (streq(n, "exchanges") || streq(n, "trainings") || streq(n, "events") ||
		   streq(n, "targets")) {
		buf_adds(&f->where, "pairing IN (SELECT id FROM pairings WHERE west LIKE ? OR east LIKE ?"
				    " OR west IN (SELECT code FROM orgs WHERE division LIKE ?)"
				    " OR east IN (SELECT code FROM orgs WHERE division LIKE ?))");
		filter_param(f, like);
		for (int i = 0; i < 3; i++)
			filter_param(f, xstrdup(like));
	} else if (streq(n, "registers")) { /* national lists: entries of the region's places and persons */
		buf_adds(&f->where, "(place LIKE ? OR id_number_hash IN (SELECT id_number_hash FROM persons WHERE household IN "
				    "(SELECT id FROM households WHERE village LIKE ?)))");
		filter_param(f, like);
		filter_param(f, xstrdup(like));
	} else if (streq(n, "findings")) {
		buf_adds(&f->where, "county LIKE ?");
		filter_param(f, like);
	} else {
		/* beneficiaries, allocations, payments: where their project is */
		buf_adds(&f->where, "project IN (SELECT id FROM projects WHERE COALESCE(village, county) LIKE ?)");
		filter_param(f, like);
	}
	free(pre);
}

static void add_in(struct filter *f, const struct kind *k, const char *in)
{
	filter_and(f);
	in_cond(f, k, in);
}

static void add_search(struct cmdctx *c, struct filter *f, const struct kind *k, const char *q)
{
	char *folded = fold_text(q);
	char *like = like_pattern(folded, 0);
	char id[19], why[64], hash[SECRET_HASH_LEN + 1], typed[64];
	idnum_typed(q, typed, sizeof typed); /* 6211 2419…, full-width or not */
	int is_id = idnum_check(typed, id, why, sizeof why) == 0;
	if (is_id)
		secret_hash(c->key, id, hash);
	const char *n = k->name;
	filter_and(f);
	if (streq(n, "divisions") || streq(n, "orgs")) {
		buf_adds(&f->where, "(COALESCE(name_fold, name) LIKE ? ESCAPE '\\' OR code LIKE ? ESCAPE '\\')");
		filter_param(f, like);
		filter_param(f, like_pattern(q, 1));
	} else if (streq(n, "pairings")) {
		buf_adds(&f->where,
			 "(id LIKE ? ESCAPE '\\' OR COALESCE(agreement_fold, agreement) LIKE ? ESCAPE '\\'"
			 " OR east IN (SELECT code FROM divisions WHERE COALESCE(name_fold, name) LIKE ? ESCAPE '\\')"
			 " OR west IN (SELECT code FROM divisions WHERE COALESCE(name_fold, name) LIKE ? ESCAPE '\\')"
			 " OR east IN (SELECT code FROM orgs WHERE COALESCE(name_fold, name) LIKE ? ESCAPE '\\')"
			 " OR west IN (SELECT code FROM orgs WHERE COALESCE(name_fold, name) LIKE ? ESCAPE '\\'))");
		filter_param(f, like_pattern(q, 1));
		for (int i = 0; i < 5; i++)
			filter_param(f, xstrdup(like));
		free(like);
	} else if (streq(n, "households")) {
		buf_adds(&f->where, "(id LIKE ? ESCAPE '\\' OR head_hash = ?"
				    " OR village IN (SELECT code FROM divisions WHERE COALESCE(name_fold, name) LIKE ? ESCAPE '\\'))");
		filter_param(f, like_pattern(q, 1));
		filter_param(f, xstrdup(is_id ? hash : "-"));
		filter_param(f, like);
	} else if (streq(n, "persons")) {
		buf_adds(&f->where, "(COALESCE(name_fold, name) LIKE ? ESCAPE '\\' OR id_number_hash = ? OR household = ?)");
		filter_param(f, like);
		filter_param(f, xstrdup(is_id ? hash : "-"));
		filter_param(f, xstrdup(q));
	} else if (streq(n, "funds")) {
		buf_adds(&f->where, "(id LIKE ? ESCAPE '\\' OR COALESCE(note_fold, note) LIKE ? ESCAPE '\\' OR pairing = ?)");
		filter_param(f, like_pattern(q, 1));
		filter_param(f, like);
		filter_param(f, xstrdup(q));
	} else if (streq(n, "projects")) {
		buf_adds(&f->where, "(id LIKE ? ESCAPE '\\' OR COALESCE(name_fold, name) LIKE ? ESCAPE '\\' OR pairing = ?)");
		filter_param(f, like_pattern(q, 1));
		filter_param(f, like);
		filter_param(f, xstrdup(q));
	} else if (streq(n, "payments")) {
		buf_adds(&f->where, "(id LIKE ? ESCAPE '\\' OR project = ? OR payee_hash = ? OR payee_org = ?)");
		filter_param(f, like_pattern(q, 1));
		filter_param(f, xstrdup(q));
		filter_param(f, xstrdup(is_id ? hash : "-"));
		filter_param(f, xstrdup(q));
		free(like);
	} else if (streq(n, "allocations")) {
		buf_adds(&f->where, "(id = ? OR project = ? OR fund = ?)");
		for (int i = 0; i < 3; i++)
			filter_param(f, xstrdup(q));
		free(like);
	} else if (streq(n, "workers")) {
		buf_adds(&f->where, "(COALESCE(name_fold, name) LIKE ? ESCAPE '\\' OR id_number_hash = ?"
				    " OR batch = ? OR employer = ?)");
		filter_param(f, like);
		filter_param(f, xstrdup(is_id ? hash : "-"));
		filter_param(f, xstrdup(q));
		filter_param(f, xstrdup(q));
	} else if (streq(n, "workshops") || streq(n, "exchanges")) {
		buf_adds(&f->where, "(id LIKE ? ESCAPE '\\' OR COALESCE(name_fold, name) LIKE ? ESCAPE '\\')");
		filter_param(f, like_pattern(q, 1));
		filter_param(f, like);
	} else if (streq(n, "trainings")) {
		buf_adds(&f->where, "(id LIKE ? ESCAPE '\\' OR COALESCE(title_fold, title) LIKE ? ESCAPE '\\' OR pairing = ?)");
		filter_param(f, like_pattern(q, 1));
		filter_param(f, like);
		filter_param(f, xstrdup(q));
	} else if (streq(n, "sales")) {
		buf_adds(&f->where, "(id LIKE ? ESCAPE '\\' OR COALESCE(product_fold, product) LIKE ? ESCAPE '\\'"
				    " OR seller = ? OR buyer = ? OR pairing = ?)");
		filter_param(f, like_pattern(q, 1));
		filter_param(f, like);
		for (int i = 0; i < 3; i++)
			filter_param(f, xstrdup(q));
	} else if (streq(n, "investments") || streq(n, "events") || streq(n, "targets")) {
		buf_adds(&f->where, streq(n, "targets") ? "(indicator = ? OR pairing = ?)"
				    : streq(n, "events") ? "(id = ? OR pairing = ?)" : "(id = ? OR org = ?)");
		filter_param(f, xstrdup(q));
		filter_param(f, xstrdup(q));
		free(like);
	} else {
		buf_adds(&f->where, "(project = ? OR household = ?)");
		filter_param(f, xstrdup(q));
		filter_param(f, xstrdup(q));
		free(like);
	}
	free(folded);
}

static const struct kind *kind_arg(const char *cmd, const char *name)
{
	const struct kind *k = kind_find(name);
	if (!k) {
		struct buf b = BUF_INIT;
		for (int i = 0; i < nkinds; i++)
			buf_addf(&b, "%s%s", i ? "|" : "", kinds[i].name);
		die("%s: '%s' is not a kind of record (choose %s)", cmd, name, b.s);
	}
	return k;
}

/* Runs the kind's SELECT with a filter and prints the rows. */
/* ORDER BY for --sort COLUMN [--desc]: that column, then the kind's own
** order; the kind's order alone without one. */
static void order_by(const struct kind *k, const char *sort, int desc, struct buf *sql)
{
	buf_adds(sql, " ORDER BY ");
	if (sort) {
		int i = kind_col(k, sort);
		if (i < 0) {
			struct buf b = BUF_INIT;
			for (int j = 0; j < k->ncols; j++)
				if (k->cols[j].type != T_IDNUM && k->cols[j].type != T_PAYEE)
					buf_addf(&b, "%s%s", b.len ? ", " : "", k->cols[j].name);
			die("list: --sort %s: %s have no such column (choose: %s)", sort, k->name, b.s);
		}
		if (k->cols[i].type == T_IDNUM || k->cols[i].type == T_PAYEE)
			die("list: --sort %s: identity numbers are kept sealed and cannot be sorted", sort);
		buf_addf(sql, "%s%s, ", col_sql(&k->cols[i]), desc ? " DESC" : "");
	}
	buf_adds(sql, k->order);
}

static long print_rows(struct cmdctx *c, const struct kind *k, struct filter *f, enum fmt fmt,
		       long limit, long offset, enum shown how)
{
	struct buf sql = BUF_INIT;
	buf_adds(&sql, "SELECT ");
	kind_sql_cols(k, &sql, 0);
	buf_addf(&sql, " FROM %s", k->name);
	/* "+project": SQLite leaves the index of projects alone (f->by_seq) */
	for (const char *w = f->where.s, *at; *w; w = at + 7) {
		if (!f->by_seq || !(at = strstr(w, "project IN (SELECT id FROM projects"))) {
			buf_adds(&sql, w);
			break;
		}
		buf_add(&sql, w, (size_t)(at - w));
		buf_adds(&sql, "+project");
	}
	order_by(k, f->sort, f->desc, &sql);
	if (limit >= 0)
		buf_addf(&sql, " LIMIT %ld OFFSET %ld", limit, offset);
	struct stmt *st = db_prepare(c->db, sql.s);
	for (int i = 0; i < f->n; i++)
		stmt_bind_text(st, i + 1, f->params[i]);
	int names = fmt == FMT_TABLE;
	const char *head[64];
	int nh = 0;
	char xhead[64][48];
	for (int i = 0; i < k->ncols; i++) {
		head[nh++] = fmt == FMT_TABLE ? k->cols[i].label : k->cols[i].name;
		if (fmt == FMT_XLSX && k->cols[i].aliases) { /* a workbook: the Chinese header import reads */
			snprintf(xhead[i], sizeof xhead[i], "%.*s", (int)strcspn(k->cols[i].aliases, "|"), k->cols[i].aliases);
			head[nh - 1] = xhead[i];
		}
		if (names && !(k->cols[i].flags & C_KEY) &&
		    (k->cols[i].type == T_DIV || k->cols[i].type == T_PARTY))
			head[nh++] = "名称";
	}
	struct out o;
	out_init(&o, fmt, c->out, nh, head);
	if (fmt == FMT_XLSX)
		out_xlsx(&o, f->output, NULL);
	long n = 0;
	while (stmt_step(st)) {
		char *vals[64];
		int nv = 0, sc = 0;
		for (int i = 0; i < k->ncols; i++) {
			const struct column *col = &k->cols[i];
			vals[nv] = kind_value(col, st, &sc, how, c->key);
			nv++;
			if (names && !(col->flags & C_KEY) && (col->type == T_DIV || col->type == T_PARTY)) {
				const char *code = vals[nv - 1];
				vals[nv++] = code ? party_name(c->db, code) : NULL;
			}
		}
		out_row(&o, (const char *const *)vals);
		for (int i = 0; i < nv; i++)
			free(vals[i]);
		n++;
	}
	out_finish(&o);
	stmt_finalize(st);
	buf_release(&sql);
	return n;
}

/* How many rows the filter keeps, and the sum of the kind's money column
** (amount, or a project's budget; a reversing row subtracts) in *money;
** *has_money is 0 for a kind without one. */
static long count_rows(struct cmdctx *c, const struct kind *k, struct filter *f, int64_t *money, int *has_money,
		       long cap)
{
	const char *col = kind_col(k, "amount") >= 0 ? "amount" : kind_col(k, "budget") >= 0 ? "budget" : NULL;
	struct buf sql = BUF_INIT, from = BUF_INIT;
	/* at most cap + 1 rows read, when a page only needs to know there are more */
	if (cap > 0 && !f->sums)
		buf_addf(&from, "(SELECT %s%s FROM %s%s LIMIT %ld) capped", col ? col : "1",
			 col && kind_col(k, "reverses") >= 0 ? ", reverses" : "", k->name, f->where.s, cap + 1);
	else
		buf_addf(&from, "%s%s", k->name, f->where.s);
	if (f->sums) /* the payments' kept sums answer the same conditions (paysums.h) */
		buf_addf(&sql, "SELECT COALESCE(SUM(n), 0), SUM(amount) FROM payment_sums%s", f->where.s);
	else if (col && kind_col(k, "reverses") >= 0)
		buf_addf(&sql, "SELECT count(*), SUM(CASE WHEN reverses IS NULL THEN %s ELSE -%s END) FROM %s", col, col,
			 from.s);
	else if (col)
		buf_addf(&sql, "SELECT count(*), SUM(%s) FROM %s", col, from.s);
	else
		buf_addf(&sql, "SELECT count(*) FROM %s", from.s);
	buf_release(&from);
	struct stmt *st = db_prepare(c->db, sql.s);
	for (int i = 0; i < f->n; i++)
		stmt_bind_text(st, i + 1, f->params[i]);
	long n = 0;
	*money = 0;
	*has_money = col != NULL;
	if (stmt_step(st)) {
		n = (long)stmt_int(st, 0);
		if (col)
			*money = stmt_int(st, 1);
	}
	stmt_finalize(st);
	buf_release(&sql);
	return n;
}

/* Money as the offices write a total: exact yuan, and in 万元. */
static void money_total(int64_t fen, char out[96])
{
	char yuan[32], wan[48];
	money_format(fen, yuan);
	int64_t a = fen < 0 ? -fen : fen;
	snprintf(wan, sizeof wan, "%s%lld.%06lld", fen < 0 ? "-" : "", (long long)(a / 1000000), (long long)(a % 1000000));
	size_t len = strlen(wan);
	while (wan[len - 1] == '0')
		wan[--len] = 0;
	if (wan[len - 1] == '.')
		wan[--len] = 0;
	snprintf(out, 96, "%s元 (%s万元)", yuan, wan);
}

/*
** COMMAND: list
** USAGE: bangfu --db PATH list KIND [--in CODE] [--search TEXT] [--year YYYY] [--pairing ID | --pairings-in CODE] [--where COLUMN=VALUE] [--min YUAN] [--max YUAN] [--sort COLUMN [--desc]] [--format table|csv|json|xlsx]
** NEEDS: read
**
** List records of one kind, filtered by region or search.
**
** KIND is divisions, orgs, pairings, households, persons, funds, projects,
** beneficiaries, allocations, payments, workers, workshops, sales,
** investments, exchanges, trainings, events or targets.  On a terminal the
** table shows names beside codes and the first 50 rows (--limit N,
** --offset N for more); csv and json give every row unless --limit is
** given.
**
** Options:
**   --in CODE       only what lies in that division (6, 9 or 12 digits)
**   --search TEXT   match names and notes in Simplified or Traditional alike
**                   (镇雄 finds 鎮雄, 救災 finds 救灾), codes and ids by prefix,
**                   persons and households also by full identity number
**                   (spaces, dashes and full-width digits as typed)
**   --year YYYY     the records of that year, as the indicators count years
**                   (a project's year, a worker's start, a fund's reversal in
**                   the year of the fund); pairings in force during it
**   --pairing ID    the records that count for that pairing, exactly as the
**                   indicators count them: its own, those of the pairings
**                   that lie within it, and those naming no pairing whose
**                   places lie within its sides (payments and allocations
**                   by their project's)
**   --pairings-in CODE  the records that count for the pairings of that
**                   division (their west side in it; their east side for an
**                   eastern one), each once: a region's figures' records;
**                   --pairings-in all: those that count for any pairing
**   --where COLUMN=VALUE  an enumerated column's value, in English or in
**                   Chinese (status=started, category=产业, purpose=relief),
**                   or one of several (kind=social|goods); several columns
**                   joined by commas
**   --min YUAN, --max YUAN  amounts (a project's budget) within that range
**   --sort COLUMN   order by that column (its English header), then as usual;
**                   --desc for largest or latest first
**   --format xlsx   a spreadsheet (needs --output FILE.xlsx) that import reads
**                   back as it reads the csv
**   --clear-ids     show identity numbers in clear (masked by default)
**
** The table ends with how many records the filter keeps and, for money
** (funds, allocations, payments, sales, investments, project budgets),
** their total: reversing rows subtract.
*/
#define LOPT(name, type, field) { name, type, offsetof(struct list_params, field), NULL, 0, 0 }
const struct param list_options[] = {
	LOPT("in", P_DIVISION, in),
	LOPT("search", P_TEXT, search),
	LOPT("year", P_YEAR, year),
	LOPT("pairing", P_TEXT, pairing),
	LOPT("pairings-in", P_TEXT, pairings_in),
	LOPT("where", P_TEXT, where),
	LOPT("min", P_TEXT, min),
	LOPT("max", P_TEXT, max),
	{ "limit", P_INT, offsetof(struct list_params, limit), NULL, 0, INT32_MAX },
	{ "offset", P_INT, offsetof(struct list_params, offset), NULL, 0, INT32_MAX },
	LOPT("clear-ids", P_FLAG, clear),
	LOPT("sort", P_TEXT, sort),
	LOPT("desc", P_FLAG, desc),
	LOPT("output", P_TEXT, output),
	{ "format", P_FORMAT, offsetof(struct list_params, fmt), "table|csv|json|xlsx", 0, 0 },
};
const int nlist_options = ARRAY_SIZE(list_options);

int cmd_list(struct cmdctx *c, int argc, char **argv)
{
	struct list_params p;
	memset(&p, 0, sizeof p);
	p.limit = -2; /* not given */
	params_from_argv(list_options, nlist_options, &p, &argc, argv, "list");
	if (argc != 1)
		die("list: name one kind of record (see 'bangfu help list')");
	p.kind = argv[0];
	return list_run(c, &p);
}

/* list, with parameters checked: from the command line or the server. */
int list_run(struct cmdctx *c, const void *arg)
{
	const struct list_params *p = arg;
	enum fmt fmt = p->fmt;
	if (fmt == FMT_XLSX && !p->output)
		die("list: --format xlsx needs --output FILE.xlsx");
	if (fmt != FMT_XLSX && p->output)
		die("list: --output is for --format xlsx");
	if (p->desc && !p->sort)
		die("list: --desc goes with --sort COLUMN");
	const struct kind *k = kind_arg("list", p->kind);
	int64_t limit = p->limit != -2 ? p->limit : fmt == FMT_TABLE ? 50 : -1, offset = p->offset;
	struct filter f;
	memset(&f, 0, sizeof f);
	buf_init(&f.where);
	f.sort = p->sort;
	f.desc = p->desc;
	f.output = p->output;
	if (p->region[0] && p->region_east) {
		/* money and households of projects: one choice of projects, read once */
		int by_project = streq(k->name, "allocations") || streq(k->name, "payments") ||
				 streq(k->name, "beneficiaries");
		const struct kind *pk = by_project ? kind_find("projects") : k;
		filter_and(&f);
		buf_adds(&f.where, by_project ? "project IN (SELECT id FROM projects WHERE (" : "(");
		/* projects, workshops and investments lie in western counties
		** (import sees to it): none lies in an eastern region itself */
		if (streq(pk->name, "projects") || streq(pk->name, "workshops") || streq(pk->name, "investments"))
			buf_adds(&f.where, "1 = 0");
		else
			in_cond(&f, pk, p->region);
		list_east_or(c, &f, pk, p->region);
		buf_adds(&f.where, by_project ? "))" : ")");
	} else if (p->region[0]) {
		add_in(&f, k, p->region);
	}
	if (p->in[0])
		add_in(&f, k, p->in);
	if (p->search && *p->search)
		add_search(c, &f, k, p->search);
	list_narrow(c, &f, k, p);
	/* payments chosen by project, year and purpose alone: their kept sums count them */
	f.sums = streq(k->name, "payments") && !(p->search && *p->search) && !(p->min && *p->min) &&
		 !(p->max && *p->max);
	struct list_total t = { 0, 0, 0, p->total ? p->total->cap : 0, 0 };
	if (p->total || f.sums || fmt == FMT_TABLE) {
		t.rows = count_rows(c, k, &f, &t.money, &t.has_money, t.cap);
		t.capped = t.cap > 0 && !f.sums && t.rows > t.cap;
	}
	/* SQLite reads payments chosen by many projects faster in their own
	** order than through the projects' index and a sort of every match */
	f.by_seq = f.sums && t.rows > 20000 && db_engine(c->db) == DB_SQLITE;
	long shown = print_rows(c, k, &f, fmt, limit, offset, p->clear ? SHOW_CLEAR : SHOW_MASKED);
	if (p->total)
		*p->total = t;
	if (fmt == FMT_TABLE) {
		long total = t.rows;
		char sum[128] = "";
		if (t.has_money) {
			char m[96];
			money_total(t.money, m);
			snprintf(sum, sizeof sum, "; 金额合计 %s", m);
		}
		if (total > shown + offset)
			fprintf(c->out, "(%ld of %ld shown%s: --limit N --offset N for more)\n", shown, total, sum);
		else
			fprintf(c->out, "(%ld %s%s)\n", total, total == 1 ? "record" : "records", sum);
	}
	filter_release(&f);
	return 0;
}

/* A division the store does not hold, from the built-in table: 1 when
** the table has it (and it was shown). */
static int show_builtin(struct cmdctx *c, const char *code, enum fmt fmt)
{
	struct place p;
	if (!place_get(code, &p))
		return 0;
	const char *level = place_level_name(p.level);
	if (fmt != FMT_TABLE) {
		static const char *const head[] = { "code", "name", "level", "parent", "side", "poor", "exited" };
		struct out o;
		out_init(&o, fmt, c->out, 7, head);
		const char *row[] = { p.code, p.name, level, p.parent[0] ? p.parent : NULL, NULL, NULL, NULL };
		out_row(&o, row);
		out_finish(&o);
		return 1;
	}
	char *pname = p.parent[0] ? division_name(c->db, p.parent) : NULL;
	fprintf(c->out, "行政区划（内置区划表，%s；本库未存）\n", places_edition());
	fprintf(c->out, "  区划代码  %s\n  名称      %s\n  级别      %s\n  上级      %s%s%s\n", p.code, p.name, level,
		p.parent, pname ? "  " : "", pname ? pname : "");
	free(pname);
	return 1;
}

/*
** COMMAND: show
** USAGE: bangfu --db PATH show KIND ID [--format table|csv|json] [--clear-ids]
** NEEDS: read
**
** Show one record and what lies under it.
**
** Shows a division or organisation by code, a pairing or
** household by id, a person by identity number.  A household is shown with
** its members, a division with what lies directly under it.  A division
** the store does not hold is shown from the built-in division table.
*/
int cmd_show(struct cmdctx *c, int argc, char **argv)
{
	int clear = opt_flag(&argc, argv, "--clear-ids");
	enum fmt fmt = opt_format(&argc, argv, "table|csv|json");
	opt_no_more(argc, argv, "show");
	if (argc != 2)
		die("show: name a kind and an id, e.g. 'bangfu show divisions 621126'");
	const struct kind *k = kind_arg("show", argv[0]);
	const char *id = argv[1];
	char key[65], why[160];
	switch (k->cols[kind_key_col(k)].type) {
	case T_DIV:
		if (divcode_norm(id, key, why, sizeof why) < 0)
			die("show: %s", why);
		break;
	case T_IDNUM: {
		char n[19];
		if (idnum_check(id, n, why, sizeof why) < 0)
			die("show: %s", why);
		secret_hash(c->key, n, key);
		break;
	}
	default:
		snprintf(key, sizeof key, "%s", id);
	}
	struct filter f;
	memset(&f, 0, sizeof f);
	buf_init(&f.where);
	if (kind_nkeys(k) != 1)
		die("show: %s have no single id; use 'bangfu list %s'", k->name, k->name);
	buf_adds(&f.where, " WHERE ");
	kind_key_where(k, &f.where);
	filter_param(&f, xstrdup(key));
	if (fmt != FMT_TABLE) {
		if (streq(k->name, "divisions") &&
		    !db_int(c->db, 0, "SELECT COUNT(*) FROM divisions WHERE code = ?", key, (char *)NULL) &&
		    show_builtin(c, key, fmt)) {
			filter_release(&f);
			return 0;
		}
		long n = print_rows(c, k, &f, fmt, -1, 0, clear ? SHOW_CLEAR : SHOW_MASKED);
		if (n == 0)
			die("show: no %s %s", k->name, id);
	} else {
		struct buf sql = BUF_INIT;
		buf_adds(&sql, "SELECT ");
		kind_sql_cols(k, &sql, 0);
		buf_addf(&sql, " FROM %s%s", k->name, f.where.s);
		struct stmt *st = db_prepare(c->db, sql.s);
		stmt_bind_text(st, 1, key);
		if (!stmt_step(st)) {
			stmt_finalize(st);
			if (streq(k->name, "divisions") && show_builtin(c, key, fmt)) {
				buf_release(&sql);
				filter_release(&f);
				return 0;
			}
			die("show: no %s %s", k->name, id);
		}
		int sc = 0, w = 0;
		for (int i = 0; i < k->ncols; i++)
			if (utf8_width(k->cols[i].label) > w)
				w = utf8_width(k->cols[i].label);
		fprintf(c->out, "%s\n", k->label);
		for (int i = 0; i < k->ncols; i++) {
			const struct column *col = &k->cols[i];
			char *v = kind_value(col, st, &sc, clear ? SHOW_CLEAR : SHOW_MASKED, c->key);
			char *nm = v && (col->type == T_DIV || col->type == T_PARTY) ? party_name(c->db, v) : NULL;
			fprintf(c->out, "  %s%*s  %s%s%s\n", col->label, w - utf8_width(col->label), "",
			       v ? v : "", nm ? "  " : "", nm ? nm : "");
			free(v);
			free(nm);
		}
		stmt_finalize(st);
		buf_release(&sql);
		const char *sub = streq(k->name, "households") ? "persons"
				: streq(k->name, "divisions") ? "divisions" : NULL;
		if (sub) {
			struct filter g;
			memset(&g, 0, sizeof g);
			buf_init(&g.where);
			buf_adds(&g.where, streq(sub, "persons") ? " WHERE household = ?" : " WHERE parent = ?");
			filter_param(&g, xstrdup(key));
			fprintf(c->out, "\n%s:\n", streq(sub, "persons") ? "成员" : "下级区划");
			print_rows(c, kind_find(sub), &g, FMT_TABLE, -1, 0, clear ? SHOW_CLEAR : SHOW_MASKED);
			filter_release(&g);
		}
	}
	filter_release(&f);
	return 0;
}
