/*
** trace.c: `bangfu trace`: the path of the money, from the eastern source
** through allocations to each payee, with running balances; for a
** payment, back up to every fund it can come from.
*/
#include "bangfu.h"
#include "cmd.h"
#include "enums.h"
#include "kinds.h"
#include "out.h"
#include "params.h"
#include "partitions.h"
#include <stdlib.h>
#include <string.h>
#include "banned.h"

static const char *const head_table[] = { "层级", "记录", "编号", "日期", "说明", "金额(元)", "余额(元)" };
static const char *const head_data[] = { "level", "record", "id", "date", "detail", "amount", "balance" };

struct tracer {
	struct cmdctx *c;
	struct out o;
	int words; /* TRACE_PLAIN, TRACE_ZH, TRACE_EN (params.h) */
};

/* A detail's words: the command's own (plain), or the page's language. */
static const char *W(const struct tracer *t, const char *plain, const char *zh, const char *en)
{
	return t->words == TRACE_ZH ? zh : t->words == TRACE_EN ? en : plain;
}

/* An enumerated value in words for a page, as it is for the command. */
static const char *V(const struct tracer *t, const char *kind, const char *column, const char *value)
{
	const char *w = t->words ? enum_label(kind, column, value, t->words == TRACE_EN) : NULL;
	return w ? w : value;
}

/* The record column: "fund 资金" for the command; for a page the kind
** itself (fund, allocation, payment, project, from_fund), which the page
** names and links. */
static const char *rec(const struct tracer *t, const char *kind)
{
	static const char *const plain[][2] = { { "fund", "fund 资金" }, { "allocation", "allocation 安排" },
					       { "payment", "payment 拨付" }, { "project", "project 项目" },
					       { "from_fund", "from this fund 本资金" } };
	if (t->words)
		return kind;
	for (size_t i = 0; i < ARRAY_SIZE(plain); i++)
		if (streq(plain[i][0], kind))
			return plain[i][1];
	return kind;
}

static void row(struct tracer *t, int level, const char *record, const char *id, const char *date,
		const char *detail, int64_t amount, const int64_t *balance)
{
	char lv[8], a[32], b[32];
	snprintf(lv, sizeof lv, "%d", level);
	money_format(amount, a);
	if (balance)
		money_format(*balance, b);
	const char *v[] = { lv, record, id, date, detail, a, balance ? b : NULL };
	if (t->o.fmt == FMT_TABLE) {
		/* indent the record by its level, so that the path reads as a tree */
		struct buf ind = BUF_INIT;
		for (int i = 0; i < level; i++)
			buf_adds(&ind, "  ");
		buf_adds(&ind, record);
		v[1] = ind.s;
		out_row(&t->o, v);
		buf_release(&ind);
		return;
	}
	out_row(&t->o, v);
}

/* A party's name, or its code when it has none. */
static char *name_of(struct db *db, const char *code)
{
	char *n = party_name(db, code);
	return n ? n : xstrdup(code);
}

static char *payee_shown(struct db *db, struct stmt *st, int col)
{
	if (stmt_text(st, col))
		return name_of(db, stmt_text(st, col));
	char m[19];
	idnum_mask(stmt_text(st, col + 1), m);
	return xstrdup(m);
}

/* A page shows this many of a project's entries, then where the rest are. */
#define PAGE_ENTRIES 200

/* A project's entries: allocations in, payments out, running balance. */
static void project_entries(struct tracer *t, const char *project, int level, const char *only_fund)
{
	struct db *db = t->c->db;
	long shown = 0;
	struct stmt *st = db_prepare(db,
		"SELECT 'allocation', id, date, fund, NULL, NULL, amount, reverses, seq FROM allocations WHERE project = ? "
		"UNION ALL SELECT 'payment', id, date, NULL, payee_org, payee_ends, amount, reverses, seq FROM payments "
		"WHERE project = ? ORDER BY 9");
	stmt_bind_text(st, 1, project);
	stmt_bind_text(st, 2, project);
	int64_t bal = 0;
	while (stmt_step(st)) {
		int alloc = streq(stmt_text(st, 0), "allocation");
		int rev = stmt_text(st, 7) != NULL;
		int64_t a = stmt_int(st, 6);
		int64_t signed_a = (alloc ? a : -a) * (rev ? -1 : 1);
		bal += signed_a;
		if (t->words && ++shown > PAGE_ENTRIES) { /* the rest: in the project's records */
			int64_t more = 1;
			while (stmt_step(st))
				more++;
			char *dd = xasprintf(W(t, "", "另有 %lld 条，见本项目的拨付记录", "%lld more: see the project's payments"),
					     (long long)more);
			row(t, level, "more", project, NULL, dd, 0, NULL);
			free(dd);
			break;
		}
		struct buf d = BUF_INIT;
		if (alloc) {
			buf_addf(&d, "%s %s", rev ? W(t, "reversed: from fund", "冲销：来自资金", "reversed: from fund")
						  : W(t, "from fund", "来自资金", "from fund"),
				 stmt_text(st, 3));
			if (only_fund && !streq(only_fund, stmt_text(st, 3)))
				buf_adds(&d, W(t, " (another fund)", "（其他资金）", " (another fund)"));
		} else {
			char *p = payee_shown(db, st, 4);
			buf_addf(&d, "%s %s", rev ? W(t, "reversed: to", "冲销：付给", "reversed: to") : W(t, "to", "付给", "to"),
				 p);
			free(p);
		}
		if (rev)
			buf_addf(&d, W(t, " (cancels %s)", "（冲销 %s）", " (cancels %s)"), stmt_text(st, 7));
		row(t, level, rec(t, alloc ? "allocation" : "payment"), stmt_text(st, 1), stmt_text(st, 2), d.s,
		    signed_a, &bal);
		buf_release(&d);
	}
	stmt_finalize(st);
}

static int project_header(struct tracer *t, const char *project, int level)
{
	struct stmt *st = db_prepare(t->c->db, "SELECT name, status, county, budget FROM projects WHERE id = ?");
	stmt_bind_text(st, 1, project);
	int found = stmt_step(st);
	if (found) {
		char *county = name_of(t->c->db, stmt_text(st, 2));
		char *d = t->words ? xasprintf("%s · %s · %s", stmt_text(st, 0), V(t, "projects", "status", stmt_text(st, 1)),
					       county)
				   : xasprintf("%s [%s] %s", stmt_text(st, 0), stmt_text(st, 1), county);
		row(t, level, rec(t, "project"), project, NULL, d, stmt_int(st, 3), NULL);
		free(d);
		free(county);
	}
	stmt_finalize(st);
	return found;
}

static void trace_fund(struct tracer *t, const char *id)
{
	struct db *db = t->c->db;
	struct stmt *st = db_prepare(db, "SELECT date, kind, from_, to_, amount, reverses FROM funds WHERE id = ?");
	stmt_bind_text(st, 1, id);
	if (!stmt_step(st))
		die("trace: no fund %s", id);
	char *from = name_of(db, stmt_text(st, 2)), *to = name_of(db, stmt_text(st, 3));
	char *d = xasprintf("%s %s → %s", V(t, "funds", "kind", stmt_text(st, 1)), from, to);
	int64_t bal = stmt_int(st, 4);
	row(t, 0, rec(t, "fund"), id, stmt_text(st, 0), d, stmt_int(st, 4), &bal);
	free(d);
	free(from);
	free(to);
	stmt_finalize(st);
	/* what left the fund, in order */
	st = db_prepare(db,
		"SELECT 'allocation', id, date, project, amount, reverses, seq FROM allocations WHERE fund = ? "
		"UNION ALL SELECT 'fund', id, date, NULL, amount, reverses, seq FROM funds WHERE reverses = ? ORDER BY 7");
	stmt_bind_text(st, 1, id);
	stmt_bind_text(st, 2, id);
	while (stmt_step(st)) {
		int alloc = streq(stmt_text(st, 0), "allocation");
		int rev = stmt_text(st, 5) != NULL;
		int64_t a = stmt_int(st, 4);
		int64_t signed_a = alloc ? (rev ? a : -a) : -a;
		bal += signed_a;
		char *dd = alloc ? xasprintf("%s %s", rev ? W(t, "reversed: to project", "冲销：安排给项目", "reversed: to project")
							  : W(t, "to project", "安排给项目", "to project"),
					     stmt_text(st, 3))
				 : xasprintf("%s", W(t, "reversal of the fund", "资金冲销", "reversal of the fund"));
		row(t, 1, rec(t, alloc ? "allocation" : "fund"), stmt_text(st, 1), stmt_text(st, 2), dd, signed_a, &bal);
		free(dd);
	}
	stmt_finalize(st);
	/* and where it went from each project */
	st = db_prepare(db, "SELECT project, allocated, paid FROM flows WHERE fund = ? ORDER BY first_seq");
	stmt_bind_text(st, 1, id);
	while (stmt_step(st)) {
		char *p = xstrdup(stmt_text(st, 0));
		int64_t alloc = stmt_int(st, 1), paid = stmt_int(st, 2), left = alloc - paid;
		project_header(t, p, 1);
		char *dd = xasprintf("%s", W(t, "of this fund: paid out first in, first out; left in the project",
					     "本资金：已拨付（先进先出），余额留在项目",
					     "of this fund: paid out first in, first out; left in the project"));
		row(t, 2, rec(t, "from_fund"), p, NULL, dd, paid, &left);
		free(dd);
		if (!t->words) /* a page links to each project's own */
			project_entries(t, p, 2, id);
		free(p);
	}
	stmt_finalize(st);
}

static void sources(struct tracer *t, const char *project, int level)
{
	struct db *db = t->c->db;
	struct stmt *st = db_prepare(db,
		"SELECT fl.fund, fl.allocated, fl.paid, f.date, f.kind, f.from_ FROM flows fl "
		"JOIN funds f ON f.id = fl.fund WHERE fl.project = ? ORDER BY fl.first_seq");
	stmt_bind_text(st, 1, project);
	while (stmt_step(st)) {
		char *from = name_of(db, stmt_text(st, 5));
		int64_t left = stmt_int(st, 1) - stmt_int(st, 2);
		char a[32];
		money_format(stmt_int(st, 1), a);
		char *d = t->words == TRACE_ZH
				  ? xasprintf("%s 来自 %s：安排 %s 元，其中已拨付（先进先出）", V(t, "funds", "kind", stmt_text(st, 4)),
					      from, a)
				  : xasprintf("%s from %s: gave %s, of which paid (first in, first out)",
					      V(t, "funds", "kind", stmt_text(st, 4)), from, a);
		row(t, level, rec(t, "fund"), stmt_text(st, 0), stmt_text(st, 3), d, stmt_int(st, 2), &left);
		free(d);
		free(from);
	}
	stmt_finalize(st);
}

static void trace_project(struct tracer *t, const char *id)
{
	if (!project_header(t, id, 0))
		die("trace: no project %s", id);
	sources(t, id, 1);
	project_entries(t, id, 1, NULL);
}

static void trace_payment(struct tracer *t, const char *id)
{
	struct db *db = t->c->db;
	struct stmt *st = db_prepare(db,
		"SELECT date, project, payee_org, payee_ends, amount, purpose, reverses FROM payments WHERE id = ?");
	stmt_bind_text(st, 1, id);
	if (!stmt_step(st)) {
		char *year = partitions_archived_year_of(db, id);
		if (year)
			die("trace: payment %s is of %s, a year archived; 'bangfu archive --restore %s' brings that year back",
			    id, year, year);
		die("trace: no payment %s", id);
	}
	char *p = payee_shown(db, st, 2);
	char *d = xasprintf("%s %s %s%s%s", V(t, "payments", "purpose", stmt_text(st, 5)), W(t, "to", "付给", "to"), p,
			    stmt_text(st, 6) ? W(t, ", cancels ", "，冲销 ", ", cancels ") : "",
			    stmt_text(st, 6) ? stmt_text(st, 6) : "");
	char *project = xstrdup(stmt_text(st, 1));
	row(t, 0, rec(t, "payment"), id, stmt_text(st, 0), d, stmt_int(st, 4), NULL);
	free(d);
	free(p);
	stmt_finalize(st);
	project_header(t, project, 1);
	sources(t, project, 2);
	free(project);
}

/*
** COMMAND: trace
** USAGE: bangfu --db PATH trace fund|project|payment ID [--format table|csv|json]
** NEEDS: read
**
** Follow the money of one fund, project or payment.
**
** fund ID      the fund as it arrived, each allocation out of it with the
**              fund's running balance, then each project it reached with
**              that project's allocations and payments and its running
**              balance, and how much of this fund the project has paid out
** project ID   the funds it was given (and how much of each it paid out,
**              first in, first out), then its entries with running balance
** payment ID   the payment, its project, and every fund it can come from
**
** Payees who are persons are shown masked.
*/
int cmd_trace(struct cmdctx *c, int argc, char **argv)
{
	struct trace_params p = { NULL, NULL, opt_format(&argc, argv, "table|csv|json"), TRACE_PLAIN };
	opt_no_more(argc, argv, "trace");
	if (argc != 2)
		die("trace: name fund, project or payment, and its id");
	p.what = argv[0];
	p.id = argv[1];
	return trace_run(c, &p);
}

int trace_run(struct cmdctx *c, const void *arg)
{
	const struct trace_params *p = arg;
	if (!text_ok(p->id, PARAM_TEXT_MAX))
		die("trace: the id is not valid text");
	enum fmt fmt = p->fmt;
	struct tracer t = { c, { 0 }, p->words };
	if (!streq(p->what, "fund") && !streq(p->what, "project") && !streq(p->what, "payment"))
		die("trace: '%s' is not fund, project or payment", text_ok(p->what, 32) ? p->what : "that");
	db_begin_read(c->db);
	out_init(&t.o, fmt, c->out, 7, fmt == FMT_TABLE ? head_table : head_data);
	if (streq(p->what, "fund"))
		trace_fund(&t, p->id);
	else if (streq(p->what, "project"))
		trace_project(&t, p->id);
	else
		trace_payment(&t, p->id);
	out_finish(&t.o);
	db_commit(c->db);
	return 0;
}
