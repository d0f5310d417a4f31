/*
** projects.c: a page for each project, with the money's path and its
** lifecycle (each step recorded through import's own rules, with who took
** it), and the step over the API.
*/
#include "bangfu.h"
#include "audit.h"
#include "enums.h"
#include "kinds.h"
#include "steps.h"
#include "web.h"
#include <string.h>
#include "banned.h"

/* ---- projects: a page each, and their lifecycle -------------------------- */

static const char *const steps[] = { "planned", "approved", "started", "completed", "accepted", "settled",
				     "cancelled", NULL };

/* A step's words in the page's language (enums.c says them). */
static const char *step_words(struct req *q, const char *step)
{
	const char *w = enum_label("projects", "status", step, q->lang == EN);
	return w ? w : step;
}

/* May the user see the records of a western county?  A western region
** holds it; an eastern one, when one of its pairings covers it. */
int county_visible(struct req *q, const char *county)
{
	if (!q->u.region[0])
		return 1;
	if (!streq(region_side(q), "--east"))
		return in_user_region(q, county);
	struct db *db = q->app->c->db;
	struct scope *s = scope_load(db);
	int ok = 0;
	for (int p = 0; p < scope_npairings(s) && !ok; p++)
		ok = pairing_visible(q, s, p) && scope_within(s, county, scope_pairing_west(s, p));
	scope_free(s);
	return ok;
}

static int may_write_project(struct req *q, const char *county)
{
	if (q->u.role == ROLE_ADMIN)
		return 1;
	return q->u.role == ROLE_CLERK && q->u.region[0] && county && in_user_region(q, county);
}

/* Why import refused a step (the steps' own rules were said before it
** was asked): its reason without the file, line and column of a
** spreadsheet the clerk never saw. */
static void step_refusal(struct req *q, const char *why, struct buf *err)
{
	size_t len = strcspn(why, "\n");
	const char *p = why;
	for (int colons = 0; colons < 3 && p < why + len; p++) /* projects.csv:2:10: */
		if (*p == ':')
			colons++;
	while (*p == ' ')
		p++;
	buf_adds(err, T(q, "step_refused"));
	buf_add(err, p < why + len ? p : why, p < why + len ? (size_t)(why + len - p) : len);
}

/*
** Takes project id to status on date, as the user: the project's row goes
** through import (the same rules as a clerk's spreadsheet: the status only
** moves forward, a step's date only once), then the step is recorded with
** who took it.  0 when done; else -1 and err says why.
*/
static int project_step(struct req *q, const char *id, const char *status, const char *date, struct buf *err)
{
	struct db *db = q->app->c->db;
	char d[11], why[128];
	int si = -1;
	for (int i = 0; steps[i]; i++)
		if (streq(steps[i], status ? status : ""))
			si = i;
	if (si < 0) {
		buf_adds(err, T(q, "step_unknown"));
		return -1;
	}
	if (!date || date_parse(date, d, why, sizeof why) < 0) {
		buf_adds(err, T(q, "step_bad_date"));
		return -1;
	}
	char today[11];
	date_today(today);
	if (strcmp(d, today) > 0) {
		buf_addf(err, "%s%s", T(q, "step_future"), today);
		return -1;
	}
	struct stmt *st = db_prepare(db,
		"SELECT id, name, county, village, pairing, category, budget, year, status, started, completed, "
		"accepted, settled FROM projects WHERE id = ?");
	stmt_bind_text(st, 1, id);
	if (!stmt_step(st)) {
		stmt_finalize(st);
		buf_addf(err, "no project %s", id);
		return -1;
	}
	char before[16];
	snprintf(before, sizeof before, "%s", stmt_text(st, 8));
	if (!may_write_project(q, stmt_text(st, 2))) {
		stmt_finalize(st);
		return -2;
	}
	/* the rules of the steps, said before import is asked */
	int bi = -1;
	for (int i = 0; steps[i]; i++)
		if (streq(steps[i], before))
			bi = i;
	const char *rule = bi == 6 ? "step_cancelled" : si == 6 && bi == 5 ? "step_settled"
			 : si != 6 && si <= bi ? "step_not_forward" : NULL;
	if (rule) {
		stmt_finalize(st);
		buf_adds(err, T(q, rule));
		return -1;
	}
	struct buf csv = BUF_INIT;
	buf_adds(&csv, "id,name,county,village,pairing,category,budget,year,status,started,completed,accepted,settled\n");
	for (int i = 0; i < 13; i++) {
		char m[32];
		const char *v = stmt_text(st, i);
		if (i == 6) {
			money_format(stmt_int(st, 6), m);
			v = m;
		}
		if (i == 8)
			v = status;
		if (i >= 9 && streq(steps[i - 7], status))
			v = d;
		if (i)
			buf_addc(&csv, ',');
		buf_add_csv(&csv, v);
	}
	buf_addc(&csv, '\n');
	stmt_finalize(st);
	struct buf out = BUF_INIT;
	struct upload up = { "projects.csv", kind_find("projects"), ".csv", csv.s, csv.len };
	struct buf why_not = BUF_INIT;
	int rc = import_upload(q, &up, 1, 0, &out, &why_not);
	buf_release(&csv);
	buf_release(&out);
	if (rc != 0) {
		step_refusal(q, why_not.s, err);
		buf_release(&why_not);
		return -1;
	}
	buf_release(&why_not);
	char now[32], after[48];
	iso_time(now, 0);
	db_begin(db);
	st = db_prepare(db, "INSERT INTO project_steps(project, status, date, by_, at) VALUES(?, ?, ?, ?, ?) "
			    "ON CONFLICT(project, status) DO NOTHING");
	stmt_bind_text(st, 1, id);
	stmt_bind_text(st, 2, status);
	stmt_bind_text(st, 3, d);
	stmt_bind_text(st, 4, q->u.name);
	stmt_bind_text(st, 5, now);
	stmt_step(st);
	stmt_finalize(st);
	db_commit(db);
	snprintf(after, sizeof after, "%s %s", status, d);
	audit_log(db, q->u.name, q->addr, "project_step", id, before, after);
	return 0;
}

/* A correction of a step's date from the form, as the user: 0 when done;
** else -1 and err says why in the page's language, -2 when not allowed. */
static int project_fix(struct req *q, const char *id, const char *county, struct buf *err)
{
	if (!may_write_project(q, county))
		return -2;
	struct step_fix_req r = { id, evhttp_find_header(&q->form, "step"), evhttp_find_header(&q->form, "date"),
				  evhttp_find_header(&q->form, "reason"), q->u.name, q->addr };
	struct step_fix_info info;
	switch (step_fix(q->app->c->db, &r, &info)) {
	case SF_OK:
		return 0;
	case SF_BAD_STEP:
		buf_adds(err, T(q, "fix_bad_step"));
		break;
	case SF_BAD_DATE:
		buf_adds(err, T(q, "step_bad_date"));
		break;
	case SF_FUTURE:
		buf_addf(err, "%s%s", T(q, "step_future"), info.other_date);
		break;
	case SF_NO_REASON:
		buf_adds(err, T(q, "fix_no_reason"));
		break;
	case SF_NO_PROJECT:
		buf_adds(err, T(q, "not_found"));
		break;
	case SF_NOT_TAKEN:
		buf_adds(err, T(q, "fix_not_taken"));
		break;
	case SF_SAME:
		buf_adds(err, T(q, "fix_same"));
		break;
	case SF_BEFORE_EARLIER:
		buf_addf(err, "%s%s %s", T(q, "fix_before"), step_words(q, info.other), info.other_date);
		break;
	case SF_AFTER_LATER:
		buf_addf(err, "%s%s %s", T(q, "fix_after"), step_words(q, info.other), info.other_date);
		break;
	}
	return -1;
}

/* One correction of a step's date, under the step in its table. */
static void fix_line(void *arg, const char *before, const char *after, const char *reason, const char *by,
		     const char *at)
{
	struct req *q = arg;
	(void)after;
	buf_addf(&q->body, "<div class=\"fix\">%s %s · ", T(q, "fix_was"), before);
	buf_add_html(&q->body, by);
	buf_addf(&q->body, " · %.10s · ", at);
	buf_add_html(&q->body, reason);
	buf_adds(&q->body, "</div>");
}

void h_project(struct req *q)
{
	const char *id = q->path + strlen("/projects/");
	struct db *db = q->app->c->db;
	char *county = db_text(db, "SELECT county FROM projects WHERE id = ?", id, (char *)NULL);
	if (!county) {
		fail(q, 404, "Not Found", "not_found", NULL);
		return;
	}
	if (!county_visible(q, county)) {
		free(county);
		fail(q, 403, "Forbidden", "forbidden", NULL);
		return;
	}
	struct buf err = BUF_INIT;
	int rc = 1;
	if (evhttp_request_get_command(q->r) == EVHTTP_REQ_POST) {
		const char *act = evhttp_find_header(&q->form, "action");
		rc = act && streq(act, "correct")
			     ? project_fix(q, id, county, &err)
			     : project_step(q, id, evhttp_find_header(&q->form, "status"),
					    evhttp_find_header(&q->form, "date"), &err);
		if (rc == -2) {
			free(county);
			buf_release(&err);
			fail(q, 403, "Forbidden", "forbidden", NULL);
			return;
		}
		if (rc == 0) {
			char to[160];
			snprintf(to, sizeof to, "/projects/%s", id);
			free(county);
			buf_release(&err);
			redirect(q, to);
			return;
		}
	}
	buf_reset(&q->body);
	char *name = db_text(db, "SELECT name FROM projects WHERE id = ?", id, (char *)NULL);
	page_head(q, name ? name : id);
	free(name);
	if (rc == -1) {
		buf_adds(&q->body, "<p class=\"error\">");
		buf_add_html(&q->body, err.s);
		buf_adds(&q->body, "</p>\n");
	}
	struct stmt *st = db_prepare(db, "SELECT status, budget, year, category, started, completed, accepted, settled "
					 "FROM projects WHERE id = ?");
	stmt_bind_text(st, 1, id);
	char status[16] = "";
	int taken[8], ntaken = 0; /* the steps with a date, for the correction form */
	if (stmt_step(st)) {
		char b[32];
		money_format(stmt_int(st, 1), b);
		snprintf(status, sizeof status, "%s", stmt_text(st, 0));
		const char *cat = enum_label("projects", "category", stmt_text(st, 3), q->lang == EN);
		buf_adds(&q->body, "<p>");
		buf_add_html(&q->body, id);
		buf_addf(&q->body, " · %s · %lld · ", cat ? cat : stmt_text(st, 3), (long long)stmt_int(st, 2));
		buf_add_grouped(&q->body, b); /* the budget as offices write it: 3,687,821.00 元 */
		buf_adds(&q->body, q->lang == EN ? " yuan</p>\n" : " 元</p>\n");
		buf_addf(&q->body, "<table><tr><th>%s</th><th>%s</th><th>%s</th></tr>\n", T(q, "step"), T(q, "date"),
			 T(q, "who"));
		for (int i = 0; i < 6; i++) {
			const char *dcol = i >= 2 ? stmt_text(st, 2 + i) : NULL;
			char *by = db_text(db, "SELECT by_ FROM project_steps WHERE project = ? AND status = ?", id,
					   steps[i], (char *)NULL);
			char *on = dcol ? NULL
				   : db_text(db, "SELECT date FROM project_steps WHERE project = ? AND status = ?", id,
					     steps[i], (char *)NULL);
			buf_addf(&q->body, "<tr%s><td>%s</td><td>%s", streq(status, steps[i]) ? " class=\"now\"" : "",
				 step_words(q, steps[i]), dcol ? dcol : on ? on : "");
			if ((dcol || on) && db_int(db, 0, "SELECT COUNT(*) FROM step_corrections WHERE project = ? AND status = ?",
						   id, steps[i], (char *)NULL)) { /* and each time it was corrected */
				buf_adds(&q->body, T(q, "corrected"));
				step_corrections(db, id, steps[i], fix_line, q);
			}
			buf_adds(&q->body, "</td><td>");
			buf_add_html(&q->body, by ? by : "");
			buf_adds(&q->body, "</td></tr>\n");
			if ((dcol || on) && i > 0)
				taken[ntaken++] = i;
			free(by);
			free(on);
		}
		buf_adds(&q->body, "</table>\n");
	}
	stmt_finalize(st);
	if (may_write_project(q, county)) {
		buf_addf(&q->body, "<form method=\"post\"><input type=\"hidden\" name=\"csrf\" value=\"%s\">"
				   "<label>%s <select name=\"status\">", q->csrf, T(q, "step"));
		/* the steps still ahead, the next one chosen; cancelling is always offered */
		int now = 0;
		for (int i = 0; steps[i]; i++)
			if (streq(status, steps[i]))
				now = i;
		for (int i = now + 1; steps[i]; i++)
			if (now < 5 || i == 6)
				buf_addf(&q->body, "<option value=\"%s\"%s>%s</option>", steps[i], i == now + 1 ? " selected" : "",
					 step_words(q, steps[i]));
		char today[11];
		date_today(today);
		buf_addf(&q->body, "</select></label><label>%s <input type=\"date\" name=\"date\" max=\"%s\" value=\"%s\" "
				   "required></label><button type=\"submit\">%s</button></form>\n",
			 T(q, "date"), today, today, T(q, "record_step"));
		/* a wrong date is corrected, never simply overwritten */
		if (ntaken || streq(status, "cancelled")) {
			buf_addf(&q->body, "<details><summary>%s</summary><form method=\"post\">"
					   "<input type=\"hidden\" name=\"csrf\" value=\"%s\">"
					   "<input type=\"hidden\" name=\"action\" value=\"correct\"><label>%s <select name=\"step\">",
				 T(q, "fix_title"), q->csrf, T(q, "step"));
			for (int k = 0; k < ntaken; k++)
				buf_addf(&q->body, "<option value=\"%s\">%s</option>", steps[taken[k]], step_words(q, steps[taken[k]]));
			if (streq(status, "cancelled"))
				buf_addf(&q->body, "<option value=\"cancelled\">%s</option>", step_words(q, "cancelled"));
			buf_addf(&q->body, "</select></label><label>%s <input type=\"date\" name=\"date\" max=\"%s\" required>"
					   "</label><label>%s <input name=\"reason\" maxlength=\"160\" required></label>"
					   "<button type=\"submit\">%s</button></form></details>\n",
				 T(q, "date"), today, T(q, "fix_reason"), T(q, "fix_button"));
		}
	}
	record_history(q, id);
	/* the money's path, as `bangfu trace project` gives it */
	struct trace_params tp = { "project", id, FMT_JSON, q->lang == EN ? TRACE_EN : TRACE_ZH };
	struct buf out = BUF_INIT;
	char why[512];
	if (run(q, trace_run, &tp, &out, why, sizeof why) == 0) {
		buf_addf(&q->body, "<h2>%s</h2>", T(q, "trail"));
		trace_table(q, out.s, out.len);
	}
	buf_release(&out);
	page_foot(q);
	free(county);
	buf_release(&err);
	send_page(q, rc == -1 ? 422 : 200, rc == -1 ? "Unprocessable Entity" : "OK");
}

void h_api_step(struct req *q)
{
	/* /api/v1/projects/ID/step */
	const char *rest = q->path + strlen("/api/v1/projects/");
	const char *slash = strrchr(rest, '/');
	if (!slash || !streq(slash, "/step") || slash == rest) {
		fail(q, 404, "Not Found", "not_found", NULL);
		return;
	}
	char id[128];
	snprintf(id, sizeof id, "%.*s", (int)(slash - rest), rest);
	struct buf err = BUF_INIT;
	int rc = project_step(q, id, qarg(q, "status"), qarg(q, "date"), &err);
	if (rc == -2)
		fail(q, 403, "Forbidden", "forbidden", NULL);
	else if (rc < 0)
		send_json(q, 422, "Unprocessable Entity", json_pack("{s:i, s:s}", "status", 422, "error", err.s));
	else
		send_json(q, 200, "OK", json_pack("{s:s, s:s, s:s}", "project", id, "status", qarg(q, "status"), "by", q->u.name));
	buf_release(&err);
}

