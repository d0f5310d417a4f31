/*
** steps.c: correcting the date of a project's step (a clerk typed 2031 for
** 2021).  A step's date is never simply overwritten: the correction is kept
** beside it (who, when, why, the date before and after), lands in the audit
** trail, and the record and the public page say that the date was
** corrected.  The order of the steps still holds: a step's date lies
** between those of the steps before and after it, and never in the future.
*/
#include "bangfu.h"
#include "audit.h"
#include "cmd.h"
#include "params.h"
#include "steps.h"
#include <stdlib.h>
#include <string.h>
#include "banned.h"

/* The steps that carry a date, in order; the projects' own columns hold
** those from started on, project_steps the others. */
static const char *const dated[] = { "approved", "started", "completed", "accepted", "settled", "cancelled" };

static int has_column(const char *step)
{
	return streq(step, "started") || streq(step, "completed") || streq(step, "accepted") || streq(step, "settled");
}

/* The date of a step the project took, or "" when it did not. */
static void step_date(struct db *db, const char *id, const char *step, char out[11])
{
	char sql[96];
	char *d;
	if (has_column(step)) {
		snprintf(sql, sizeof sql, "SELECT %s FROM projects WHERE id = ?", step);
		d = db_text(db, sql, id, (char *)NULL);
	} else {
		d = db_text(db, "SELECT date FROM project_steps WHERE project = ? AND status = ?", id, step, (char *)NULL);
	}
	snprintf(out, 11, "%s", d ? d : "");
	free(d);
}

enum step_fix step_fix(struct db *db, const struct step_fix_req *r, struct step_fix_info *info)
{
	memset(info, 0, sizeof *info);
	int si = -1;
	for (int i = 0; i < (int)ARRAY_SIZE(dated); i++)
		if (streq(dated[i], r->step ? r->step : ""))
			si = i;
	if (si < 0)
		return SF_BAD_STEP;
	char d[11], why[128], today[11];
	if (!r->date || date_parse(r->date, d, why, sizeof why) < 0)
		return SF_BAD_DATE;
	date_today(today);
	if (strcmp(d, today) > 0) {
		snprintf(info->other_date, sizeof info->other_date, "%s", today);
		return SF_FUTURE;
	}
	if (!r->reason || !text_ok(r->reason, 500) || !*r->reason)
		return SF_NO_REASON;
	db_begin(db);
	if (!db_int(db, 0, "SELECT COUNT(*) FROM projects WHERE id = ?", r->id, (char *)NULL)) {
		db_rollback(db);
		return SF_NO_PROJECT;
	}
	step_date(db, r->id, dated[si], info->before);
	if (!info->before[0]) {
		db_rollback(db);
		return SF_NOT_TAKEN;
	}
	if (streq(info->before, d)) {
		db_rollback(db);
		return SF_SAME;
	}
	/* the steps before it on or before the new date, those after it on or after */
	for (int i = 0; i < (int)ARRAY_SIZE(dated); i++) {
		if (i == si)
			continue;
		char o[11];
		step_date(db, r->id, dated[i], o);
		if (!o[0])
			continue;
		int earlier = i < si || streq(dated[si], "cancelled");
		if (streq(dated[i], "cancelled"))
			earlier = 0;
		if (earlier ? strcmp(o, d) > 0 : strcmp(o, d) < 0) {
			snprintf(info->other, sizeof info->other, "%s", dated[i]);
			snprintf(info->other_date, sizeof info->other_date, "%s", o);
			db_rollback(db);
			return earlier ? SF_BEFORE_EARLIER : SF_AFTER_LATER;
		}
	}
	if (has_column(dated[si])) {
		char sql[96];
		snprintf(sql, sizeof sql, "UPDATE projects SET %s = ? WHERE id = ?", dated[si]);
		struct stmt *st = db_prepare(db, sql);
		stmt_bind_text(st, 1, d);
		stmt_bind_text(st, 2, r->id);
		stmt_step(st);
		stmt_finalize(st);
	}
	struct stmt *st = db_prepare(db, "UPDATE project_steps SET date = ? WHERE project = ? AND status = ?");
	stmt_bind_text(st, 1, d);
	stmt_bind_text(st, 2, r->id);
	stmt_bind_text(st, 3, dated[si]);
	stmt_step(st);
	stmt_finalize(st);
	char now[32];
	audit_now(now);
	st = db_prepare(db, "INSERT INTO step_corrections(project, status, before, after, reason, by_, at) "
			    "VALUES(?, ?, ?, ?, ?, ?, ?)");
	stmt_bind_text(st, 1, r->id);
	stmt_bind_text(st, 2, dated[si]);
	stmt_bind_text(st, 3, info->before);
	stmt_bind_text(st, 4, d);
	stmt_bind_text(st, 5, r->reason);
	stmt_bind_text(st, 6, r->who);
	stmt_bind_text(st, 7, now);
	stmt_step(st);
	stmt_finalize(st);
	/* pages kept from before are made again */
	store_generation_next(db);
	char before[64], after[600];
	snprintf(before, sizeof before, "%s %s", dated[si], info->before);
	snprintf(after, sizeof after, "%s %s: %s", dated[si], d, r->reason);
	audit_log(db, r->who, r->addr, "project_step_corrected", r->id, before, after);
	db_commit(db);
	return SF_OK;
}

/* The corrections of a project's step, latest last: calls fn for each. */
void step_corrections(struct db *db, const char *id, const char *step,
		      void (*fn)(void *arg, const char *before, const char *after, const char *reason,
				 const char *by, const char *at),
		      void *arg)
{
	struct stmt *st = db_prepare(db, "SELECT before, after, reason, by_, at FROM step_corrections "
					 "WHERE project = ? AND status = ? ORDER BY at, before");
	stmt_bind_text(st, 1, id);
	stmt_bind_text(st, 2, step);
	while (stmt_step(st))
		fn(arg, stmt_text(st, 0), stmt_text(st, 1), stmt_text(st, 2), stmt_text(st, 3), stmt_text(st, 4));
	stmt_finalize(st);
}

/*
** COMMAND: correct-step
** USAGE: bangfu --db PATH correct-step PROJECT STEP DATE --reason TEXT
** NEEDS: write
**
** Correct the date of a step a project took.
**
** STEP is approved, started, completed, accepted, settled or cancelled; the
** project must have taken it.  DATE (YYYY-MM-DD) may not be in the future,
** and the steps keep their order: a step's date lies on or after those of
** the steps before it and on or before those after it.  The reason is
** required.  The date before and after, the reason, who (the
** operating-system user) and when are kept; the correction lands in the
** audit trail, and the project's page and the public portal show the date
** as corrected.
*/
int cmd_correct_step(struct cmdctx *c, int argc, char **argv)
{
	const char *reason = opt_value(&argc, argv, "--reason");
	opt_no_more(argc, argv, "correct-step");
	if (argc != 3)
		die("correct-step: name the project, the step and the new date, with --reason TEXT "
		    "(e.g. 'bangfu correct-step P2020-0001 started 2020-05-01 --reason \"typed 2031\"')");
	char who[80];
	struct step_fix_req r = { argv[0], argv[1], argv[2], reason, audit_cli_who(who), "local" };
	struct step_fix_info info;
	switch (step_fix(c->db, &r, &info)) {
	case SF_OK:
		fprintf(c->out, "%s: %s %s, was %s\n", argv[0], argv[1], argv[2], info.before);
		return 0;
	case SF_BAD_STEP:
		die("correct-step: %s is not a step with a date (approved, started, completed, accepted, settled, "
		    "cancelled)", argv[1]);
	case SF_BAD_DATE:
		die("correct-step: %s is not a date (write YYYY-MM-DD)", argv[2]);
	case SF_FUTURE:
		die("correct-step: %s is in the future (today is %s)", argv[2], info.other_date);
	case SF_NO_REASON:
		die("correct-step: say why with --reason TEXT (at most 500 bytes)");
	case SF_NO_PROJECT:
		die("correct-step: no project %s", argv[0]);
	case SF_NOT_TAKEN:
		die("correct-step: project %s has not been %s: there is no date to correct", argv[0], argv[1]);
	case SF_SAME:
		die("correct-step: %s of %s is already %s", argv[1], argv[0], info.before);
	case SF_BEFORE_EARLIER:
		die("correct-step: %s %s would come before %s on %s", argv[1], argv[2], info.other, info.other_date);
	case SF_AFTER_LATER:
		die("correct-step: %s %s would come after %s on %s", argv[1], argv[2], info.other, info.other_date);
	}
	return 1;
}
