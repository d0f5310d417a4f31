/*
** signin.c: the staff side's doors: the sign-in page (and its lockouts,
** users.c), sign-out, the home page's redirect, and the stylesheet.
*/
#include "bangfu.h"
#include "audit.h"
#include "web.h"
#include <event2/buffer.h>
#include "banned.h"


void h_css(struct req *q)
{
	static const char css[] =
		"body{font-family:system-ui,\"Noto Sans CJK SC\",sans-serif;margin:0;color:#1b1b1b;background:#fafafa}"
		"header{background:#8c1c13;color:#fff;padding:.5rem 1rem;display:flex;flex-wrap:wrap;gap:1rem;align-items:center}"
		"header a{color:#fff;margin-right:.6rem}nav{display:flex;flex-wrap:wrap;gap:.3rem;align-items:center}"
		"main{padding:1rem;max-width:72rem}table{border-collapse:collapse;margin:.5rem 0;background:#fff}"
		"th,td{border:1px solid #ccc;padding:.25rem .5rem;text-align:left}td.n{text-align:right}"
		".behind{color:#b00020;font-weight:bold}.error{color:#b00020}form.inline{display:inline}"
		"label{display:block;margin:.5rem 0}input{font-size:1rem;padding:.3rem}button{font-size:1rem}"
		"nav.kinds{margin:.5rem 0;line-height:1.8}nav.kinds a,nav.kinds b{margin-right:.6rem}"
		"form.filters label{display:inline-block;margin:.3rem .8rem .3rem 0}.nw{white-space:nowrap}"
		"section.door{background:#fff;border:1px solid #ccc;padding:.5rem 1rem;margin:1rem 0;max-width:40rem}"
		".cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(15rem,1fr));gap:.6rem;margin:.6rem 0}"
		".card{display:block;background:#fff;border:1px solid #ccc;border-left:4px solid #2e7d32;padding:.5rem .7rem;"
		"color:inherit;text-decoration:none}a.card:hover{border-color:#8c1c13}.card.behind-card{border-left-color:#b00020}.card.no-target{border-left-color:#999}"
		".card .k{display:block;color:#555;font-size:.9rem}.card .v{display:block;font-size:1.5rem;font-weight:bold}"
		".card .v small{font-size:.8rem;font-weight:normal;margin-left:.2rem}.card .t{display:block;font-size:.8rem;color:#555}"
		".card svg.bar{display:block;width:100%;height:6px;margin-top:.3rem}"
		".charts{display:flex;flex-wrap:wrap;gap:1rem;align-items:flex-start}.charts figure{background:#fff;"
		"border:1px solid #ccc;padding:.5rem}svg.chart{max-width:100%;height:auto}.legend{font-size:.8rem;color:#555}"
		"details{margin:.6rem 0}summary{cursor:pointer;font-weight:bold}.fix{font-size:.8rem;color:#555}"
		".scroll{overflow-x:auto}figure{margin:.5rem 0}.fiscal{color:#8c1c13}.social{color:#e0a040}"
		"footer{padding:1rem;color:#555;font-size:.85rem}code{word-break:break-all}.tracking{font-size:1.6rem;"
		"font-weight:bold;letter-spacing:.1rem}.villages a{display:inline-block;margin:.15rem .4rem .15rem 0}"
		"@media(max-width:480px){main{padding:.5rem}th,td{padding:.2rem .3rem;font-size:.9rem}h1{font-size:1.3rem}"
		/* the public's tables on a phone: each row a block of values, read line by line */
		"body.portal .scroll table,body.portal .scroll tbody{display:block;border:0;background:none}"
		"body.portal .scroll tr{display:block;background:#fff;border:1px solid #ccc;margin:.3rem 0;padding:.3rem .4rem}"
		"body.portal .scroll tr:first-child{display:none}"
		"body.portal .scroll td{display:inline;border:0;padding:0 .5rem 0 0}body.portal .scroll td.n{font-weight:bold}}"
		"@media print{header nav,form,.report,.pager{display:none}}";
	security_headers(q->r, "text/css; charset=utf-8");
	evhttp_remove_header(evhttp_request_get_output_headers(q->r), "Cache-Control");
	evhttp_add_header(evhttp_request_get_output_headers(q->r), "Cache-Control", "max-age=3600");
	struct evbuffer *out = evbuffer_new();
	evbuffer_add(out, css, sizeof css - 1);
	evhttp_send_reply(q->r, 200, "OK", out);
	evbuffer_free(out);
}

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
