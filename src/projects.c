/*
** projects.c: a page for each project, with the money's path and its
** lifecycle (each step recorded through import's own rules, with who took
** it), and the step over the API.
*/
#include "bangfu.h"
#include "audit.h"
#include "kinds.h"
#include "web.h"
#include <string.h>
#include "banned.h"

/* ---- projects: a page each, and their lifecycle -------------------------- */

static const char *const steps[] = { "planned", "approved", "started", "completed", "accepted", "settled",
				     "cancelled", NULL };
static const char *const step_zh[] = { "谋划", "批复", "开工", "完工", "验收", "报账", "取消" };

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
		buf_adds(err, "status: one of planned, approved, started, completed, accepted, settled, cancelled");
		return -1;
	}
	if (!date || date_parse(date, d, why, sizeof why) < 0) {
		buf_addf(err, "date: %s", date ? why : "a date (YYYY-MM-DD) is needed");
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
	struct buf csv = BUF_INIT;
	buf_adds(&csv, "id,name,county,village,pairing,category,budget,year,status,started,completed,accepted,settled\n");
	char before[16];
	snprintf(before, sizeof before, "%s", stmt_text(st, 8));
	char county[13];
	snprintf(county, sizeof county, "%s", stmt_text(st, 2));
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
	if (!may_write_project(q, county)) {
		buf_release(&csv);
		return -2;
	}
	struct buf out = BUF_INIT;
	struct upload up = { "projects.csv", kind_find("projects"), ".csv", csv.s, csv.len };
	int rc = import_upload(q, &up, 1, &out, err);
	buf_release(&csv);
	buf_release(&out);
	if (rc != 0)
		return -1;
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
		rc = project_step(q, id, evhttp_find_header(&q->form, "status"), evhttp_find_header(&q->form, "date"),
				  &err);
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
	if (stmt_step(st)) {
		char b[32];
		money_format(stmt_int(st, 1), b);
		snprintf(status, sizeof status, "%s", stmt_text(st, 0));
		buf_addf(&q->body, "<p>%s · %s · %lld · %s 元</p>\n", id, stmt_text(st, 3), (long long)stmt_int(st, 2), b);
		buf_addf(&q->body, "<table><tr><th>%s</th><th>%s</th><th>%s</th></tr>\n", T(q, "step"), T(q, "date"),
			 T(q, "who"));
		for (int i = 0; i < 6; i++) {
			const char *dcol = i >= 2 ? stmt_text(st, 2 + i) : NULL;
			char *by = db_text(db, "SELECT by_ FROM project_steps WHERE project = ? AND status = ?", id,
					   steps[i], (char *)NULL);
			char *on = dcol ? NULL
				   : db_text(db, "SELECT date FROM project_steps WHERE project = ? AND status = ?", id,
					     steps[i], (char *)NULL);
			buf_addf(&q->body, "<tr%s><td>%s</td><td>%s</td><td>", streq(status, steps[i]) ? " class=\"now\"" : "",
				 q->lang == EN ? steps[i] : step_zh[i], dcol ? dcol : on ? on : "");
			buf_add_html(&q->body, by ? by : "");
			buf_adds(&q->body, "</td></tr>\n");
			free(by);
			free(on);
		}
		buf_adds(&q->body, "</table>\n");
	}
	stmt_finalize(st);
	if (may_write_project(q, county)) {
		buf_addf(&q->body, "<form method=\"post\"><input type=\"hidden\" name=\"csrf\" value=\"%s\">"
				   "<label>%s <select name=\"status\">", q->csrf, T(q, "step"));
		for (int i = 0; steps[i]; i++)
			buf_addf(&q->body, "<option value=\"%s\">%s</option>", steps[i], q->lang == EN ? steps[i] : step_zh[i]);
		buf_addf(&q->body, "</select></label><label>%s <input name=\"date\" placeholder=\"YYYY-MM-DD\" required>"
				   "</label><button type=\"submit\">%s</button></form>\n", T(q, "date"), T(q, "record_step"));
	}
	/* the money's path, as `bangfu trace project` gives it */
	struct trace_params tp = { "project", id, FMT_JSON };
	struct buf out = BUF_INIT;
	char why[512];
	if (run(q, trace_run, &tp, &out, why, sizeof why) == 0) {
		buf_addf(&q->body, "<h2>%s</h2>", T(q, "trail"));
		json_table(q, out.s, out.len);
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

