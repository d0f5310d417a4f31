/*
** portal_reports.c: reports of problems from the public (举报) under
** /p/report, each with a tracking number to follow at /p/track: what a
** report may be about, the county whose staff handle it, the reply the
** form promises and the hotline it names.  Staff handle them in
** complaints.c.
*/
#include "bangfu.h"
#include "audit.h"
#include "kinds.h"
#include "portal.h"
#include "web.h"
#include <event2/http.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include "banned.h"

/* ---- reports of problems (举报) ------------------------------------------------ */

static const char *const abouts[] = { "payment", "project", "village", "person", NULL };

/* The county a report's subject lies in; NULL when the subject is unknown. */
static char *subject_county(struct db *db, const char *about, const char *subject)
{
	if (streq(about, "payment"))
		return db_text(db, "SELECT pr.county FROM payments p JOIN projects pr ON pr.id = p.project WHERE p.id = ?",
			       subject, (char *)NULL);
	if (streq(about, "project"))
		return db_text(db, "SELECT county FROM projects WHERE id = ?", subject, (char *)NULL);
	if (streq(about, "village")) {
		char code[13], why[128];
		if (divcode_norm(subject, code, why, sizeof why) < 0 ||
		    division_level(db, code) != 4)
			return NULL;
		return xasprintf("%.6s000000", code);
	}
	/* one's own payments: the county the look-up named (that of one's
	** household), when it is one; else no place */
	char code[13], why[128];
	if (subject && *subject && divcode_norm(subject, code, why, sizeof why) == 0 && division_level(db, code) == 2)
		return xstrdup(code);
	return xstrdup("");
}

/* What a report is promised: a reply within so many working days, and the
** hotline (both as serve was told). */
static void promise(struct req *q)
{
	buf_addf(&q->body, "<p class=\"promise\">%s<b>%d</b>%s%s<a href=\"tel:", T(q, "p_reply_before"),
		 q->app->reply_days, T(q, "p_reply_after"), T(q, "p_hotline"));
	buf_add_html(&q->body, q->app->hotline);
	buf_adds(&q->body, "\">");
	buf_add_html(&q->body, q->app->hotline);
	buf_adds(&q->body, "</a></p>\n");
}

/* county: for a report about one's own payments, the county the look-up
** found (a hidden field: it only decides which office sees the report). */
static void report_form(struct req *q, const char *pre, const char *about, const char *subject, const char *county,
			const char *error)
{
	if (error)
		buf_addf(&q->body, "<p class=\"error\">%s</p>\n", T(q, error));
	buf_addf(&q->body, "<p>%s</p>", T(q, "p_report_intro"));
	promise(q);
	buf_addf(&q->body, "<form method=\"post\" action=\"/p/report\"><input type=\"hidden\" name=\"csrf\" "
			   "value=\"%s\">", pre);
	if (county && *county && strspn(county, "0123456789") == strlen(county) && strlen(county) <= 12)
		buf_addf(&q->body, "<input type=\"hidden\" name=\"county\" value=\"%s\">", county);
	buf_addf(&q->body, "<label>%s<br><select name=\"about\">", T(q, "p_about"));
	for (int i = 0; abouts[i]; i++) {
		char k[32];
		snprintf(k, sizeof k, "p_about_%s", abouts[i]);
		buf_addf(&q->body, "<option value=\"%s\"%s>%s</option>", abouts[i], streq(about, abouts[i]) ? " selected" : "",
			 T_value(q, k));
	}
	buf_addf(&q->body, "</select></label><label>%s<br><input name=\"subject\" maxlength=\"64\" value=\"",
		 T(q, "p_subject"));
	add_text(&q->body, subject);
	buf_addf(&q->body, "\"></label><label>%s<br><textarea name=\"text\" rows=\"6\" cols=\"40\" maxlength=\"2000\" "
			   "required></textarea></label><label>%s<br><input name=\"contact\" maxlength=\"200\" "
			   "autocomplete=\"off\"></label><button type=\"submit\">%s</button></form>\n",
		 T(q, "p_text"), T(q, "p_contact"), T(q, "p_send"));
}

void h_portal_report(struct req *q)
{
	char pre[48];
	public_token(q, pre);
	buf_reset(&q->body);
	portal_head(q, T(q, "p_report"));
	if (evhttp_request_get_command(q->r) != EVHTTP_REQ_POST) {
		report_form(q, pre, qarg(q, "about"), qarg(q, "subject"), qarg(q, "county"), NULL);
		portal_foot(q);
		send_page(q, 200, "OK");
		return;
	}
	if (!within_limit(q, "report", q->app->lookup_limit)) {
		portal_fail(q, 429, "Too Many Requests", "p_too_many");
		return;
	}
	const char *about = evhttp_find_header(&q->form, "about"), *subject = evhttp_find_header(&q->form, "subject");
	const char *text = evhttp_find_header(&q->form, "text"), *contact = evhttp_find_header(&q->form, "contact");
	int known = 0;
	for (int i = 0; abouts[i]; i++)
		known |= streq(about, abouts[i]);
	struct db *db = q->app->c->db;
	char *county = NULL;
	const char *error = NULL;
	if (!known)
		error = "p_bad_about";
	else if (!text || !text[strspn(text, " \t\r\n")] || strlen(text) > 6000)
		error = "p_bad_text";
	else if (contact && strlen(contact) > 600)
		error = "p_bad_text";
	else if (!(county = subject_county(db, about, streq(about, "person") ? evhttp_find_header(&q->form, "county")
										: subject ? subject : "")))
		error = "p_bad_subject";
	if (error) {
		report_form(q, pre, about, subject, evhttp_find_header(&q->form, "county"), error);
		portal_foot(q);
		send_page(q, 400, "Bad Request");
		return;
	}
	/* a tracking number nobody can guess: 12 characters of a 32-letter alphabet */
	static const char alpha[] = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
	unsigned char r[12];
	randombytes_buf(r, sizeof r);
	char no[20];
	snprintf(no, sizeof no, "JB");
	for (int i = 0; i < 12; i++) {
		size_t l = strlen(no);
		if (i % 4 == 0)
			no[l++] = '-';
		no[l] = alpha[r[i] & 31];
		no[l + 1] = 0;
	}
	char now[32];
	iso_time(now, 0);
	db_begin(db);
	char seq[24];
	snprintf(seq, sizeof seq, "%lld", (long long)db_int(db, 0, "SELECT COALESCE(MAX(seq), 0) + 1 FROM complaints",
							    (char *)NULL));
	struct stmt *st = db_prepare(db, "INSERT INTO complaints(seq, tracking, at, about, subject, county, text, contact, "
					 "status, updated) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'received', ?)");
	const char *vals[] = { seq, no, now, about, subject ? subject : "", *county ? county : NULL, text,
			       contact && *contact ? contact : NULL, now };
	for (int i = 0; i < (int)ARRAY_SIZE(vals); i++)
		stmt_bind_text(st, i + 1, vals[i]);
	stmt_step(st);
	stmt_finalize(st);
	db_commit(db);
	/* filed anonymously: the trail names neither person nor address */
	char what[64];
	snprintf(what, sizeof what, "complaint %s", no);
	audit_log(db, "public", "-", "complaint_filed", what, NULL, about);
	free(county);
	buf_addf(&q->body, "<p class=\"ok\">%s</p><p class=\"tracking\">%s</p><p>%s <a href=\"/p/track?no=%s\">%s</a></p>\n",
		 T(q, "p_filed"), no, T(q, "p_keep_no"), no, T(q, "p_track"));
	promise(q);
	portal_foot(q);
	send_page(q, 200, "OK");
}

/* A tracking number as people type it: any case, with or without its
** dashes or spaces, in full-width forms too, JB-XXXX-XXXX-XXXX.  Text
** that is not one is looked up as typed, and so matches no report. */
static void tracking_norm(const char *in, char out[32])
{
	char bare[32], a[96];
	size_t n = 0;
	typed_ascii(in, a, sizeof a);
	for (const char *p = a; *p && n < sizeof bare - 1; p++)
		if (*p != '-' && *p != ' ')
			bare[n++] = (char)(*p >= 'a' && *p <= 'z' ? *p - 32 : *p);
	bare[n] = 0;
	if (n == 14 && bare[0] == 'J' && bare[1] == 'B')
		snprintf(out, 32, "JB-%.4s-%.4s-%.4s", bare + 2, bare + 6, bare + 10);
	else
		snprintf(out, 32, "%s", in ? in : "");
}

void h_portal_track(struct req *q)
{
	const char *typed = qarg(q, "no");
	char norm[32];
	tracking_norm(typed, norm);
	const char *no = typed ? norm : NULL;
	buf_reset(&q->body);
	portal_head(q, T(q, "p_track"));
	buf_addf(&q->body, "<form method=\"get\" action=\"/p/track\"><label>%s<br><input name=\"no\" maxlength=\"20\" "
			   "value=\"", T(q, "p_tracking_no"));
	add_text(&q->body, no);
	buf_addf(&q->body, "\"></label><button type=\"submit\">%s</button></form>\n", T(q, "p_lookup_go"));
	int code = 200;
	if (no) {
		if (!within_limit(q, "track", q->app->lookup_limit * 3)) {
			portal_fail(q, 429, "Too Many Requests", "p_too_many");
			return;
		}
		struct stmt *st = db_prepare(q->app->c->db, "SELECT at, about, subject, status, reply, updated FROM complaints "
						       "WHERE tracking = ?");
		stmt_bind_text(st, 1, no);
		if (stmt_step(st)) {
			char k[32], s[32];
			snprintf(k, sizeof k, "p_about_%s", stmt_text(st, 1));
			snprintf(s, sizeof s, "c_%s", stmt_text(st, 3));
			buf_addf(&q->body, "<table class=\"facts\"><tr><th>%s</th><td>%s</td></tr><tr><th>%s</th><td>%.10s</td>"
					   "</tr><tr><th>%s</th><td>%s ",
				 T(q, "p_tracking_no"), no, T(q, "date"), stmt_text(st, 0), T(q, "p_about"), T_value(q, k));
			add_text(&q->body, stmt_text(st, 2));
			buf_addf(&q->body, "</td></tr><tr><th>%s</th><td class=\"status\">%s</td></tr><tr><th>%s</th><td>%.10s"
					   "</td></tr>",
				 T(q, "p_status"), T_value(q, s), T(q, "p_updated"), stmt_text(st, 5));
			if (stmt_text(st, 4)) {
				buf_addf(&q->body, "<tr><th>%s</th><td class=\"reply\">", T(q, "c_reply"));
				add_text(&q->body, stmt_text(st, 4));
				buf_adds(&q->body, "</td></tr>");
			}
			buf_adds(&q->body, "</table>\n");
		} else {
			buf_addf(&q->body, "<p class=\"error\">%s</p>\n", T(q, "p_no_such_no"));
			code = 404;
		}
		stmt_finalize(st);
	}
	portal_foot(q);
	send_page(q, code, code == 200 ? "OK" : "Not Found");
}

