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
#include "importer.h"
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
int finding_move(struct db *db, const char *who, const char *addr, const char *id, const char *action,
		 const char *arg, const char *reason, char *why, size_t n)
{
	const char *to = streq(action, "assign") ? "assigned" : streq(action, "confirm") ? "confirmed"
		       : streq(action, "dismiss") ? "dismissed" : streq(action, "recovered") ? "recovered"
		       : streq(action, "reopen") ? "open" : NULL;
	if (!to) {
		snprintf(why, n, "say one thing: assign, confirm, dismiss, recovered or reopen");
		return -1;
	}
	if (streq(action, "assign") && (!arg || !*arg || !text_ok(arg, 64))) {
		snprintf(why, n, "name who follows it up");
		return -1;
	}
	if ((streq(action, "dismiss") || streq(action, "reopen")) && (!reason || !*reason || !text_ok(reason, 500))) {
		snprintf(why, n, "say why with a reason (at most 500 bytes)");
		return -1;
	}
	int64_t fen = -1;
	if (streq(action, "confirm") && arg && *arg && money_parse(arg, &fen, why, n) < 0)
		return -1;
	db_begin(db);
	char *state = db_text(db, "SELECT state FROM findings WHERE id = ?", id, (char *)NULL);
	if (!state) {
		db_rollback(db);
		snprintf(why, n, "no finding %s", id);
		return -1;
	}
	int assign = streq(action, "assign"), confirm = streq(action, "confirm");
	int ok = (assign || confirm || streq(action, "dismiss")) ? streq(state, "open") || streq(state, "assigned")
		 : streq(action, "recovered") ? streq(state, "confirmed") : streq(state, "dismissed");
	if (!ok) {
		snprintf(why, n, "%s is %s: it cannot become %s", id, state, to);
		free(state);
		db_rollback(db);
		return -1;
	}
	char now[32], after[640];
	audit_now(now);
	struct stmt *st = db_prepare(db, confirm ? "UPDATE findings SET state = ?, updated = ?, recover = COALESCE(?, amount) WHERE id = ?"
					   : assign ? "UPDATE findings SET state = ?, updated = ?, assignee = ? WHERE id = ?"
					   : "UPDATE findings SET state = ?, updated = ?, reason = COALESCE(?, reason) WHERE id = ?");
	stmt_bind_text(st, 1, to);
	stmt_bind_text(st, 2, now);
	if (confirm && fen >= 0)
		stmt_bind_int(st, 3, fen);
	else if (assign)
		stmt_bind_text(st, 3, arg);
	else if (reason && *reason)
		stmt_bind_text(st, 3, reason);
	stmt_bind_text(st, 4, id);
	stmt_step(st);
	stmt_finalize(st);
	if (confirm) {
		char m[32];
		money_format(db_int(db, 0, "SELECT recover FROM findings WHERE id = ?", id, (char *)NULL), m);
		snprintf(after, sizeof after, "confirmed, to recover %s", m);
	} else if (assign) {
		snprintf(after, sizeof after, "assigned %s", arg);
	} else {
		snprintf(after, sizeof after, "%s%s%s", to, reason && *reason ? ": " : "", reason && *reason ? reason : "");
	}
	audit_log(db, who, addr, "finding_state", id, state, after);
	db_commit(db);
	snprintf(why, n, "%s, was %s", after, state);
	free(state);
	return 0;
}

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
	const char *action = assign ? "assign" : confirm ? "confirm" : dismiss ? "dismiss" : recovered ? "recovered"
			   : "reopen";
	char who[80], why[700];
	if (finding_move(c->db, audit_cli_who(who), "local", argv[0], action, assign ? assign : recover, reason, why,
			 sizeof why) < 0)
		die("finding: %s%s", why, strstr(why, "no finding") ? " (see 'bangfu findings')" : "");
	fprintf(c->out, "%s: %s\n", argv[0], why);
	return 0;
}

/* ---- findings.csv: a store's findings, exported and imported again ---- */

/* A finding's row: its id is CHECK:KIND:RECORD; a dismissed one says why;
** only a confirmed or recovered one has an amount to recover. */
void check_finding(struct importer *im, int line)
{
	struct val *id = V("id"), *state = V("state"), *recover = V("recover"), *reason = V("reason");
	char *want = xasprintf("%s:%s:%s", V("check")->s.s, V("kind")->s.s, V("record")->s.s);
	if (!streq(id->s.s, want))
		bad(im, line, COLNO("id"), "id: '%s' should be '%s' (check:kind:record)", id->s.s, want);
	free(want);
	if (streq(state->s.s, "dismissed") && reason->null)
		bad(im, line, COLNO("state"), "state: a dismissed finding needs its reason");
	if (!recover->null && !streq(state->s.s, "confirmed") && !streq(state->s.s, "recovered"))
		bad(im, line, COLNO("recover"), "recover: only a confirmed or recovered finding has an amount to recover");
	static const char *const times[] = { "first_seen", "last_seen", "updated" };
	for (size_t i = 0; i < ARRAY_SIZE(times); i++) {
		const char *t = V(times[i])->s.s;
		char d[11], out[11], why[128];
		snprintf(d, sizeof d, "%.10s", t);
		if (strlen(t) != 20 || t[10] != 'T' || t[19] != 'Z' || date_parse(d, out, why, sizeof why) < 0)
			bad(im, line, COLNO(times[i]), "%s: '%s' is not a time in UTC as 2026-11-30T22:40:00Z", times[i], t);
	}
}

/* A finding the store has already: the one handled later (updated) wins,
** so that importing an export again changes nothing, and a store's later
** handling is never undone by an older file.  Always 1: it is handled. */
int finding_merge(struct importer *im, struct stmt *st)
{
	int ui = 0, sc = 0;
	for (int i = 0; i < im->k->ncols; i++) { /* the stored column of updated */
		if (streq(im->k->cols[i].name, "updated"))
			ui = sc;
		sc += col_width(&im->k->cols[i]);
	}
	const char *have = stmt_text(st, ui), *want = V("updated")->s.s;
	if (have && strcmp(want, have) <= 0)
		return 1;
	static const char *const cols[] = { "amount", "detail", "state", "assignee", "recover", "reason", "last_seen", "updated" };
	struct stmt *up = db_prepare(im->db, "UPDATE findings SET amount = ?, detail = ?, state = ?, assignee = ?, recover = ?, "
					     "reason = ?, last_seen = ?, updated = ? WHERE id = ?");
	for (size_t i = 0; i < ARRAY_SIZE(cols); i++) {
		const struct val *v = V(cols[i]);
		if (v->null)
			continue;
		if (streq(cols[i], "amount") || streq(cols[i], "recover"))
			stmt_bind_int(up, (int)i + 1, v->n);
		else
			stmt_bind_text(up, (int)i + 1, v->s.s);
	}
	stmt_bind_text(up, 9, V("id")->s.s);
	stmt_step(up);
	stmt_finalize(up);
	im->updated++;
	return 1;
}
