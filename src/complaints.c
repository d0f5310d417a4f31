/*
** complaints.c: the staff side of reports from the public (举报): a list of
** them within the account's region, and each one's page where it is
** assigned, answered and resolved.  Every step lands in the audit trail
** with the status before and after; the public follows the status and the
** reply by tracking number (portal.c).  Administrators and clerks handle
** reports (a clerk those of its county); auditors read them.
*/
#include "bangfu.h"
#include "audit.h"
#include "web.h"
#include <event2/http.h>
#include <stdlib.h>
#include <string.h>
#include "banned.h"

/* May the user see this report?  Its county lies in the user's region; a
** report naming no place (one's own payments) is for the whole region's
** staff without a region. */
#define COMPLAINTS_PAGE 100

static int visible(struct req *q, const char *county)
{
	return county ? in_user_region(q, county) : !q->u.region[0];
}

static int may_handle(struct req *q)
{
	return q->u.role == ROLE_ADMIN || q->u.role == ROLE_CLERK;
}

static void status_cell(struct req *q, const char *status)
{
	char k[32];
	snprintf(k, sizeof k, "c_%s", status);
	buf_addf(&q->body, "<td class=\"status\">%s</td>", T_value(q, k));
}

void h_complaints(struct req *q)
{
	struct db *db = q->app->c->db;
	buf_reset(&q->body);
	page_head(q, T(q, "complaints"));
	buf_addf(&q->body, "<div class=\"scroll\"><table><tr><th>%s</th><th>%s</th><th>%s</th><th>%s</th><th>%s</th>"
			   "<th>%s</th></tr>\n",
		 T(q, "p_tracking_no"), T(q, "date"), T(q, "p_about"), T(q, "p_county"), T(q, "p_status"),
		 T(q, "c_assignee"));
	/* the user's region first, then the page: a flood elsewhere hides nothing */
	char prefix[16] = "";
	if (q->u.region[0])
		snprintf(prefix, sizeof prefix, "%.*s%%", divcode_sig(divcode_level(q->u.region)), q->u.region);
	int page = page_arg(q);
	char lim[64];
	snprintf(lim, sizeof lim, " LIMIT %d OFFSET %d", COMPLAINTS_PAGE + 1, page * COMPLAINTS_PAGE);
	struct buf sql = BUF_INIT;
	buf_adds(&sql, "SELECT c.seq, c.tracking, c.at, c.about, c.subject, c.county, d.name, c.status, "
		       "c.assignee FROM complaints c LEFT JOIN divisions d ON d.code = c.county "
		       "WHERE ? = '' OR c.county LIKE ? "
		       "ORDER BY CASE WHEN c.status = 'resolved' THEN 1 ELSE 0 END, c.seq DESC");
	buf_adds(&sql, lim);
	struct stmt *st = db_prepare(db, sql.s);
	buf_release(&sql);
	stmt_bind_text(st, 1, prefix);
	stmt_bind_text(st, 2, prefix);
	int n = 0, more = 0;
	while (stmt_step(st)) {
		if (n == COMPLAINTS_PAGE) {
			more = 1;
			break;
		}
		if (!visible(q, stmt_text(st, 5)))
			continue;
		char k[32];
		snprintf(k, sizeof k, "p_about_%s", stmt_text(st, 3));
		buf_addf(&q->body, "<tr><td><a href=\"/complaints/%lld\">%s</a></td><td>%.10s</td><td>%s ",
			 (long long)stmt_int(st, 0), stmt_text(st, 1), stmt_text(st, 2), T_value(q, k));
		buf_add_html(&q->body, stmt_text(st, 4));
		buf_adds(&q->body, "</td><td>");
		buf_add_html(&q->body, stmt_text(st, 6) ? stmt_text(st, 6) : "");
		buf_adds(&q->body, "</td>");
		status_cell(q, stmt_text(st, 7));
		buf_adds(&q->body, "<td>");
		buf_add_html(&q->body, stmt_text(st, 8) ? stmt_text(st, 8) : "");
		buf_adds(&q->body, "</td></tr>\n");
		n++;
	}
	stmt_finalize(st);
	if (!n)
		buf_addf(&q->body, "<tr><td colspan=\"6\">%s</td></tr>\n", T(q, "p_none"));
	buf_adds(&q->body, "</table></div>\n<p class=\"pages\">");
	if (page > 0)
		buf_addf(&q->body, "<a href=\"?page=%d\">%s</a> ", page - 1, T(q, "prev"));
	if (more)
		buf_addf(&q->body, "<a href=\"?page=%d\">%s</a>", page + 1, T(q, "next"));
	buf_adds(&q->body, "</p>\n");
	page_foot(q);
	send_page(q, 200, "OK");
}

/* One step on a report: assign (to an account), reply, resolve.  NULL, or
** the message key of why not. */
static const char *complaint_step(struct req *q, const char *seq, const char *tracking, const char *status)
{
	struct db *db = q->app->c->db;
	const char *action = evhttp_find_header(&q->form, "action");
	const char *assignee = evhttp_find_header(&q->form, "assignee");
	const char *reply = evhttp_find_header(&q->form, "reply");
	char now[32], what[64];
	iso_time(now, 0);
	snprintf(what, sizeof what, "complaint %s", tracking);
	if (streq(status, "resolved"))
		return "c_closed";
	if (streq(action, "assign")) {
		struct user u;
		if (!assignee || !user_load(db, assignee, &u) || u.disabled ||
		    (u.role != ROLE_ADMIN && u.role != ROLE_CLERK))
			return "c_bad_assignee";
		db_begin(db);
		db_run(db, "UPDATE complaints SET assignee = ?, status = 'assigned', updated = ? WHERE seq = ?", assignee,
		       now, seq, (char *)NULL);
		db_commit(db);
		char after[128];
		snprintf(after, sizeof after, "assigned to %s", assignee);
		audit_log(db, q->u.name, q->addr, "complaint_assign", what, status, after);
	} else if (streq(action, "reply")) {
		if (!reply || !reply[strspn(reply, " \t\r\n")] || strlen(reply) > 6000)
			return "c_bad_reply";
		db_begin(db);
		db_run(db, "UPDATE complaints SET reply = ?, status = 'replied', updated = ? WHERE seq = ?", reply, now,
		       seq, (char *)NULL);
		db_commit(db);
		audit_log(db, q->u.name, q->addr, "complaint_reply", what, status, reply);
	} else if (streq(action, "resolve")) {
		db_begin(db);
		db_run(db, "UPDATE complaints SET status = 'resolved', updated = ? WHERE seq = ?", now, seq, (char *)NULL);
		db_commit(db);
		audit_log(db, q->u.name, q->addr, "complaint_resolve", what, status, "resolved");
	} else {
		return "bad_request";
	}
	return NULL;
}

void h_complaint(struct req *q)
{
	struct db *db = q->app->c->db;
	const char *seq = q->path + strlen("/complaints/");
	int64_t n;
	char why[64];
	if (int_parse(seq, 1, INT64_MAX, &n, why, sizeof why) < 0) { /* a number, or no such report */
		fail(q, 404, "Not Found", "not_found", NULL);
		return;
	}
	struct stmt *st = db_prepare(db, "SELECT tracking, at, about, subject, county, text, contact, status, assignee, "
					 "reply, updated FROM complaints WHERE seq = ?");
	stmt_bind_int(st, 1, n);
	if (!stmt_step(st) || !visible(q, stmt_text(st, 4))) {
		stmt_finalize(st);
		fail(q, 404, "Not Found", "not_found", NULL);
		return;
	}
	char *f[11];
	for (int i = 0; i < 11; i++)
		f[i] = stmt_text(st, i) ? xstrdup(stmt_text(st, i)) : NULL;
	stmt_finalize(st);
	const char *error = NULL;
	if (evhttp_request_get_command(q->r) == EVHTTP_REQ_POST) {
		if (!may_handle(q)) {
			fail(q, 403, "Forbidden", "forbidden", NULL);
			goto out;
		}
		error = complaint_step(q, seq, f[0], f[7]);
		if (!error) {
			char to[64];
			snprintf(to, sizeof to, "/complaints/%s", seq);
			redirect(q, to);
			goto out;
		}
	}
	buf_reset(&q->body);
	page_head(q, f[0]);
	if (error)
		buf_addf(&q->body, "<p class=\"error\">%s</p>\n", T(q, error));
	char k[32], s[32];
	snprintf(k, sizeof k, "p_about_%s", f[2]);
	snprintf(s, sizeof s, "c_%s", f[7]);
	buf_addf(&q->body, "<table class=\"facts\"><tr><th>%s</th><td>%s</td></tr><tr><th>%s</th><td>%s ", T(q, "date"),
		 f[1], T(q, "p_about"), T_value(q, k));
	buf_add_html(&q->body, f[3]);
	if (streq(f[2], "project")) {
		char *u = evhttp_encode_uri(f[3]);
		buf_addf(&q->body, " <a href=\"/projects/%s\">→</a>", u);
		free(u);
	}
	buf_addf(&q->body, "</td></tr><tr><th>%s</th><td class=\"text\">", T(q, "p_text"));
	buf_add_html(&q->body, f[5]);
	buf_addf(&q->body, "</td></tr><tr><th>%s</th><td>", T(q, "c_contact"));
	buf_add_html(&q->body, f[6] ? f[6] : T(q, "c_anonymous"));
	buf_addf(&q->body, "</td></tr><tr><th>%s</th>", T(q, "p_status"));
	status_cell(q, f[7]);
	buf_addf(&q->body, "</tr><tr><th>%s</th><td>", T(q, "c_assignee"));
	buf_add_html(&q->body, f[8] ? f[8] : "");
	buf_addf(&q->body, "</td></tr><tr><th>%s</th><td class=\"reply\">", T(q, "c_reply"));
	buf_add_html(&q->body, f[9] ? f[9] : "");
	buf_addf(&q->body, "</td></tr><tr><th>%s</th><td>%s</td></tr></table>\n", T(q, "p_updated"), f[10]);
	if (may_handle(q) && !streq(f[7], "resolved")) {
		buf_addf(&q->body, "<form method=\"post\"><input type=\"hidden\" name=\"csrf\" value=\"%s\">"
				   "<input type=\"hidden\" name=\"action\" value=\"assign\"><label>%s "
				   "<input name=\"assignee\" value=\"%s\" maxlength=\"64\"></label><button>%s</button></form>\n",
			 q->csrf, T(q, "c_assignee"), q->u.name, T(q, "c_assign"));
		buf_addf(&q->body, "<form method=\"post\"><input type=\"hidden\" name=\"csrf\" value=\"%s\">"
				   "<input type=\"hidden\" name=\"action\" value=\"reply\"><label>%s<br>"
				   "<textarea name=\"reply\" rows=\"4\" cols=\"60\" maxlength=\"2000\" required></textarea>"
				   "</label><button>%s</button></form>\n",
			 q->csrf, T(q, "c_reply_public"), T(q, "c_send_reply"));
		buf_addf(&q->body, "<form method=\"post\"><input type=\"hidden\" name=\"csrf\" value=\"%s\">"
				   "<input type=\"hidden\" name=\"action\" value=\"resolve\"><button>%s</button></form>\n",
			 q->csrf, T(q, "c_resolve"));
	}
	page_foot(q);
	send_page(q, error ? 400 : 200, error ? "Bad Request" : "OK");
out:
	for (int i = 0; i < 11; i++)
		free(f[i]);
}
