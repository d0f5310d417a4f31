/*
** signin.c: the staff side's doors: the sign-in page (and its lockouts,
** users.c), sign-out and the home page's redirect.
*/
#include "bangfu.h"
#include "audit.h"
#include "web.h"
#include <event2/buffer.h>
#include "banned.h"


static void login_form(struct req *q, int code, const char *reason, const char *error)
{
	char pre[48];
	token_new(pre);
	set_cookie(q, "bf_pre", pre, 3600);
	buf_reset(&q->body);
	page_head(q, T(q, "signin"));
	if (error)
		buf_addf(&q->body, "<p class=\"error\">%s</p>\n", error);
	buf_addf(&q->body, "<form method=\"post\" action=\"/login\"><input type=\"hidden\" name=\"csrf\" value=\"%s\">"
			   "<label>%s <input name=\"name\" autocomplete=\"username\" required></label>"
			   "<label>%s <input name=\"password\" type=\"password\" autocomplete=\"current-password\" required></label>"
			   "<button type=\"submit\">%s</button></form>\n",
		 pre, T(q, "name"), T(q, "password"), T(q, "signin"));
	buf_addf(&q->body, "<p><a href=\"/p\">%s</a></p>\n", T(q, "to_portal"));
	page_foot(q);
	send_page(q, code, reason);
}

void h_login(struct req *q)
{
	if (evhttp_request_get_command(q->r) == EVHTTP_REQ_GET) {
		login_form(q, 200, "OK", NULL);
		return;
	}
	const char *name = evhttp_find_header(&q->form, "name"), *pw = evhttp_find_header(&q->form, "password");
	if (!name || !pw) {
		login_form(q, 400, "Bad Request", T(q, "bad_signin"));
		return;
	}
	struct user u;
	enum signin r = user_signin(q->app->c->db, name, pw, q->addr, &u);
	if (r != SIGNIN_OK) {
		login_form(q, 401, "Unauthorized", T(q, r == SIGNIN_LOCKED ? "locked" : "bad_signin"));
		return;
	}
	char token[48], hash[65], csrf[48], now[32], until[32];
	token_new(token);
	token_new(csrf);
	token_hash(token, hash);
	iso_time(now, 0);
	iso_time(until, SESSION_SECONDS);
	struct db *db = q->app->c->db;
	db_begin(db);
	struct stmt *st = db_prepare(db, "DELETE FROM sessions WHERE expires <= ?");
	stmt_bind_text(st, 1, now);
	stmt_step(st);
	stmt_finalize(st);
	st = db_prepare(db, "INSERT INTO sessions(token_hash, user_name, csrf, created, expires) VALUES(?, ?, ?, ?, ?)");
	stmt_bind_text(st, 1, hash);
	stmt_bind_text(st, 2, u.name);
	stmt_bind_text(st, 3, csrf);
	stmt_bind_text(st, 4, now);
	stmt_bind_text(st, 5, until);
	stmt_step(st);
	stmt_finalize(st);
	db_commit(db);
	set_cookie(q, "bf_session", token, SESSION_SECONDS);
	set_cookie(q, "bf_pre", "", 0);
	redirect(q, "/dashboard");
}

void h_logout(struct req *q)
{
	char token[64], hash[65];
	if (cookie(q->r, "bf_session", token, sizeof token)) {
		token_hash(token, hash);
		struct db *db = q->app->c->db;
		db_begin(db);
		struct stmt *st = db_prepare(db, "DELETE FROM sessions WHERE token_hash = ?");
		stmt_bind_text(st, 1, hash);
		stmt_step(st);
		stmt_finalize(st);
		db_commit(db);
		audit_log(db, q->u.name, q->addr, "signout", "", NULL, NULL);
	}
	set_cookie(q, "bf_session", "", 0);
	redirect(q, "/login");
}

/* The front door: staff who are signed in go to work; anyone else chooses
** between the public notice and the staff sign-in. */
void h_home(struct req *q)
{
	if (q->u.name[0]) {
		redirect(q, "/dashboard");
		return;
	}
	buf_reset(&q->body);
	page_head(q, T(q, "welcome"));
	buf_addf(&q->body, "<section class=\"door\"><h2><a href=\"/p\">%s</a></h2><p>%s</p></section>\n"
			   "<section class=\"door\"><h2><a href=\"/login\">%s</a></h2><p>%s</p></section>\n",
		 T(q, "welcome_public"), T(q, "welcome_public_text"), T(q, "welcome_staff"), T(q, "welcome_staff_text"));
	page_foot(q);
	send_page(q, 200, "OK");
}

/* Charts are SVG drawn here (presentation attributes, no script, no inline
** style): they print, and need nothing from outside. */

/* Completion of each indicator with a target, as bars; the line marks 100%. */
