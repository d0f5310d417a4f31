/*
** findings.c: the audit checks' findings as they are handled.  `bangfu
** audit --keep` keeps them; `findings` lists them; `finding ID` moves one
** on: open → assigned → confirmed (with the amount to recover) →
** recovered, or dismissed (a reason is required), reopened when wrongly
** dismissed.  Every change lands in the audit trail with before and after.
*/
#include "bangfu.h"
#include "audit.h"
#include "cmd.h"
#include "out.h"
#include "params.h"
#include <stdlib.h>
#include <string.h>
#include "banned.h"

static const char *const states = "open|assigned|confirmed|dismissed|recovered";

/*
** COMMAND: findings
** USAGE: bangfu --db PATH findings [--state STATE] [--check NAME] [--west CODE] [--format table|csv|json]
** NEEDS: read
**
** List the findings `audit --keep` kept, with how each is handled.
**
** Columns: id (CHECK:KIND:RECORD), check, kind, record, county, amount,
** state, assignee, recover (the amount to recover), reason, detail.
** STATE is open, assigned, confirmed, dismissed or recovered.
*/
int cmd_findings(struct cmdctx *c, int argc, char **argv)
{
	const char *state = opt_value(&argc, argv, "--state"), *check = opt_value(&argc, argv, "--check");
	const char *west = opt_value(&argc, argv, "--west");
	enum fmt fmt = opt_format(&argc, argv, "table|csv|json");
	opt_no_more(argc, argv, "findings");
	if (argc)
		die("findings: unexpected argument %s", argv[0]);
	int known = 0;
	for (const char *s = states; state && *s && !known;) {
		size_t len = strcspn(s, "|");
		known = strlen(state) == len && strncmp(s, state, len) == 0;
		s += len + (s[len] != 0);
	}
	if (state && !known)
		die("findings: --state %s: choose %s", state, states);
	char like[16] = "", why[160];
	if (west) {
		char c12[13];
		if (divcode_norm(west, c12, why, sizeof why) < 0)
			die("findings: --west %s: %s", west, why);
		c12[divcode_sig(divcode_level(c12))] = 0;
		snprintf(like, sizeof like, "%s%%", c12);
	}
	struct buf sql = BUF_INIT;
	buf_adds(&sql, "SELECT id, check_, kind, record, county, amount, state, assignee, recover, reason, detail "
		       "FROM findings WHERE 1 = 1");
	const char *p[3];
	int n = 0;
	if (state) {
		buf_adds(&sql, " AND state = ?");
		p[n++] = state;
	}
	if (check) {
		buf_adds(&sql, " AND check_ = ?");
		p[n++] = check;
	}
	if (like[0]) {
		buf_adds(&sql, " AND county LIKE ?");
		p[n++] = like;
	}
	buf_adds(&sql, " ORDER BY check_, record");
	struct stmt *st = db_prepare(c->db, sql.s);
	for (int i = 0; i < n; i++)
		stmt_bind_text(st, i + 1, p[i]);
	static const char *const head[] = { "id", "check", "kind", "record", "county", "amount", "state", "assignee",
					    "recover", "reason", "detail" };
	struct out o;
	out_init(&o, fmt, c->out, 11, head);
	long rows = 0;
	while (stmt_step(st)) {
		char amount[32] = "", recover[32] = "";
		if (stmt_text(st, 5))
			money_format(stmt_int(st, 5), amount);
		if (stmt_text(st, 8))
			money_format(stmt_int(st, 8), recover);
		const char *row[11];
		for (int i = 0; i < 11; i++)
			row[i] = stmt_text(st, i);
		row[5] = amount[0] ? amount : NULL;
		row[8] = recover[0] ? recover : NULL;
		out_row(&o, row);
		rows++;
	}
	out_finish(&o);
	stmt_finalize(st);
	buf_release(&sql);
	if (fmt == FMT_TABLE)
		fprintf(c->out, "(%ld %s)\n", rows, rows == 1 ? "finding" : "findings");
	return 0;
}

/*
** COMMAND: finding
** USAGE: bangfu --db PATH finding ID (--assign NAME | --confirm [--recover YUAN] | --dismiss --reason TEXT | --recovered | --reopen --reason TEXT)
** NEEDS: write
**
** Move a kept finding on, as its handling goes.
**
**   --assign NAME       open or assigned: someone follows it up
**   --confirm           open or assigned: it is what it seems; --recover YUAN
**                       is the amount to recover (the finding's amount when
**                       not given)
**   --dismiss           open or assigned: it is not wrong, and --reason says why
**   --recovered         confirmed: the money is back
**   --reopen            dismissed: it was dismissed wrongly (--reason)
**
** Each change lands in the audit trail with the state before and after.
*/
int cmd_finding(struct cmdctx *c, int argc, char **argv)
{
	const char *assign = opt_value(&argc, argv, "--assign"), *recover = opt_value(&argc, argv, "--recover");
	const char *reason = opt_value(&argc, argv, "--reason");
	int confirm = opt_flag(&argc, argv, "--confirm"), dismiss = opt_flag(&argc, argv, "--dismiss");
	int recovered = opt_flag(&argc, argv, "--recovered"), reopen = opt_flag(&argc, argv, "--reopen");
	opt_no_more(argc, argv, "finding");
	if (argc != 1)
		die("finding: name one finding (see 'bangfu findings'), e.g. 'bangfu finding late_fiscal:funds:F9 --confirm'");
	if ((assign != NULL) + confirm + dismiss + recovered + reopen != 1)
		die("finding: say one thing: --assign NAME, --confirm, --dismiss, --recovered or --reopen");
	if (recover && !confirm)
		die("finding: --recover goes with --confirm");
	if ((dismiss || reopen) && (!reason || !*reason || !text_ok(reason, 500)))
		die("finding: say why with --reason TEXT (at most 500 bytes)");
	const char *id = argv[0];
	struct db *db = c->db;
	db_begin(db);
	char *state = db_text(db, "SELECT state FROM findings WHERE id = ?", id, (char *)NULL);
	if (!state) {
		db_rollback(db);
		die("finding: no finding %s (see 'bangfu findings')", id);
	}
	const char *to = assign ? "assigned" : confirm ? "confirmed" : dismiss ? "dismissed" : recovered ? "recovered"
		       : "open";
	int ok = (assign || confirm || dismiss) ? streq(state, "open") || streq(state, "assigned")
		 : recovered ? streq(state, "confirmed") : streq(state, "dismissed");
	if (!ok) {
		char s[16];
		snprintf(s, sizeof s, "%s", state);
		free(state);
		db_rollback(db);
		die("finding: %s is %s: it cannot become %s", id, s, to);
	}
	int64_t fen = -1;
	char why[160];
	if (recover && money_parse(recover, &fen, why, sizeof why) < 0) {
		free(state);
		db_rollback(db);
		die("finding: --recover %s: %s", recover, why);
	}
	char now[32], who[80], after[640];
	audit_now(now);
	struct stmt *st = db_prepare(db, confirm ? "UPDATE findings SET state = ?, updated = ?, recover = COALESCE(?, amount) WHERE id = ?"
					   : assign ? "UPDATE findings SET state = ?, updated = ?, assignee = ? WHERE id = ?"
					   : "UPDATE findings SET state = ?, updated = ?, reason = COALESCE(?, reason) WHERE id = ?");
	stmt_bind_text(st, 1, to);
	stmt_bind_text(st, 2, now);
	if (confirm && fen >= 0)
		stmt_bind_int(st, 3, fen);
	else if (assign)
		stmt_bind_text(st, 3, assign);
	else if (reason)
		stmt_bind_text(st, 3, reason);
	stmt_bind_text(st, 4, id);
	stmt_step(st);
	stmt_finalize(st);
	if (confirm) {
		char m[32] = "";
		int64_t r = db_int(db, 0, "SELECT recover FROM findings WHERE id = ?", id, (char *)NULL);
		money_format(r, m);
		snprintf(after, sizeof after, "confirmed, to recover %s", m);
	} else if (assign) {
		snprintf(after, sizeof after, "assigned %s", assign);
	} else {
		snprintf(after, sizeof after, "%s%s%s", to, reason ? ": " : "", reason ? reason : "");
	}
	audit_log(db, audit_cli_who(who), "local", "finding_state", id, state, after);
	db_commit(db);
	fprintf(c->out, "%s: %s, was %s\n", id, after, state);
	free(state);
	return 0;
}
