/*
** trail.c: the audit trail as auditors read it (/audit): Beijing time,
** each action in the page's language, what it changed (before and after),
** who and from where; filtered by person, action, record and day, fifty
** to a page, and downloaded as CSV with the same filter.
*/
#include "bangfu.h"
#include "web.h"
#include <event2/http.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "enums.h"
#include "kinds.h"
#include <ctype.h>
#include "banned.h"

#define TRAIL_PAGE 50

/* Every action the trail records, and its words. */
static const struct {
	const char *action, *zh, *en;
} actions[] = {
	{ "init", "建立数据库", "store created" },
	{ "import", "导入", "import" },
	{ "import_refused", "导入被拒", "import refused" },
	{ "project_step", "项目进度", "project step" },
	{ "project_step_corrected", "更正进度日期", "step date corrected" },
	{ "signin", "登录", "sign-in" },
	{ "signin_failed", "登录失败", "failed sign-in" },
	{ "signout", "退出", "sign-out" },
	{ "user_add", "新增账号", "account added" },
	{ "user_passwd", "重设密码", "password reset" },
	{ "user_disable", "停用账号", "account disabled" },
	{ "view_clear_ids", "查看明文身份证号", "identity numbers shown in clear" },
	{ "view_registers", "查看核查名单", "registers viewed" },
	{ "audit_run", "运行核查", "audit checks run" },
	{ "finding_state", "核查发现处理", "finding handled" },
	{ "setting", "修改核查阈值", "threshold changed" },
	{ "complaint_filed", "收到举报", "report received" },
	{ "complaint_assign", "举报分派", "report assigned" },
	{ "complaint_reply", "举报答复", "report answered" },
	{ "complaint_resolve", "举报办结", "report resolved" },
};

static const char *action_words(struct req *q, const char *a)
{
	for (size_t i = 0; i < ARRAY_SIZE(actions); i++)
		if (streq(actions[i].action, a))
			return q->lang == EN ? actions[i].en : actions[i].zh;
	return a;
}

void beijing_time(const char *utc, char out[24])
{
	struct tm tm;
	memset(&tm, 0, sizeof tm);
	if (!utc || !strptime(utc, "%Y-%m-%dT%H:%M:%SZ", &tm)) {
		snprintf(out, 24, "%s", utc ? utc : "");
		return;
	}
	time_t t = timegm(&tm) + 8 * 3600;
	gmtime_r(&t, &tm);
	strftime(out, 24, "%Y-%m-%d %H:%M:%S", &tm);
}

/* A Beijing day's start as the stored UTC time: "" for a bad day. */
static void day_start_utc(const char *day, int next, char out[24])
{
	struct tm tm;
	memset(&tm, 0, sizeof tm);
	out[0] = 0;
	char d[11], why[64];
	if (!day || !*day || date_parse(day, d, why, sizeof why) < 0 || !strptime(d, "%Y-%m-%d", &tm))
		return;
	time_t t = timegm(&tm) - 8 * 3600 + (next ? 86400 : 0);
	gmtime_r(&t, &tm);
	strftime(out, 24, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

/* What an entry changed, as stored ("started 2020-04-11", "role=viewer
** region=621100000000"), in the page's words: enumerated values in words,
** division codes by their names (the code on hover). */
static void changed_words(struct req *q, const char *s)
{
	struct db *db = q->app->c->db;
	while (*s) {
		size_t w = strspn(s, "abcdefghijklmnopqrstuvwxyz_");
		size_t d = w ? 0 : strspn(s, "0123456789");
		if (w) {
			char *word = xasprintf("%.*s", (int)w, s), key[80];
			const char *label = enum_label_any(word, q->lang == EN);
			snprintf(key, sizeof key, "role_%s", word); /* an account's role, its settings' names */
			if (!label)
				label = T_or(q, key, NULL);
			snprintf(key, sizeof key, "chg_%s", word);
			if (!label)
				label = T_or(q, key, NULL);
			buf_add_html(&q->body, label ? label : word);
			free(word);
			s += w;
		} else if (d == 12 && !isalnum((unsigned char)s[12]) && s[12] != '-') {
			char code[13];
			snprintf(code, sizeof code, "%.12s", s);
			char *name = division_name(db, code);
			buf_addf(&q->body, "<span title=\"%s\">", code);
			buf_add_html(&q->body, name ? name : code);
			buf_adds(&q->body, "</span>");
			free(name);
			s += 12;
		} else {
			size_t o = d ? d : 1; /* anything else as it is, a digit run whole */
			char *other = xasprintf("%.*s", (int)o, s);
			buf_add_html(&q->body, other);
			free(other);
			s += o;
		}
	}
}

struct trail_filter {
	struct buf where;
	const char *p[8];
	int n;
};

static void cond(struct trail_filter *f, const char *sql, const char *v)
{
	buf_adds(&f->where, f->n ? " AND " : " WHERE ");
	buf_adds(&f->where, sql);
	f->p[f->n++] = v;
}

void h_audit(struct req *q)
{
	struct db *db = q->app->c->db;
	const char *who = qarg(q, "who"), *action = qarg(q, "action"), *what = qarg(q, "what");
	const char *from = qarg(q, "from"), *to = qarg(q, "to"), *format = qarg(q, "format");
	const char *pg = qarg(q, "page");
	int page = pg ? atoi(pg) : 0;
	if (page < 0 || page > 1000000)
		page = 0;
	char lo[24], hi[24];
	day_start_utc(from, 0, lo);
	day_start_utc(to, 1, hi);
	struct trail_filter f = { BUF_INIT, { 0 }, 0 };
	if (who && *who)
		cond(&f, "who = ?", who);
	if (action && *action)
		cond(&f, "action = ?", action);
	char *like = what && *what ? like_pattern(what, 0) : NULL;
	if (like)
		cond(&f, "what LIKE ? ESCAPE '\\'", like);
	if (lo[0])
		cond(&f, "at >= ?", lo);
	if (hi[0])
		cond(&f, "at < ?", hi);
	struct buf sql = BUF_INIT;
	int csv = format && streq(format, "csv");
	buf_addf(&sql, "SELECT seq, at, who, addr, action, what, before, after FROM audit%s ORDER BY seq DESC", f.where.s);
	if (!csv)
		buf_addf(&sql, " LIMIT %d OFFSET %d", TRAIL_PAGE + 1, page * TRAIL_PAGE);
	struct stmt *st = db_prepare(db, sql.s);
	for (int i = 0; i < f.n; i++)
		stmt_bind_text(st, i + 1, f.p[i]);
	const char *head[] = { "#", T(q, "when"), T(q, "who"), T(q, "from"), T(q, "action"), T(q, "what"),
			       T(q, "before"), T(q, "after") };
	if (csv) {
		struct buf out = BUF_INIT;
		for (int i = 0; i < 8; i++) {
			buf_add_csv(&out, head[i]);
			buf_addc(&out, i < 7 ? ',' : '\n');
		}
		while (stmt_step(st)) {
			char when[24], seq[24];
			beijing_time(stmt_text(st, 1), when);
			snprintf(seq, sizeof seq, "%lld", (long long)stmt_int(st, 0));
			const char *v[] = { seq, when, stmt_text(st, 2), stmt_text(st, 3), action_words(q, stmt_text(st, 4)),
					    stmt_text(st, 5), stmt_text(st, 6), stmt_text(st, 7) };
			for (int i = 0; i < 8; i++) {
				buf_add_csv(&out, v[i] ? v[i] : "");
				buf_addc(&out, i < 7 ? ',' : '\n');
			}
		}
		stmt_finalize(st);
		download_csv(q, "audit.csv", out.s, out.len);
		buf_release(&out);
	} else {
		buf_reset(&q->body);
		page_head(q, T(q, "audit"));
		/* the filter: who, which action, which record, which days (Beijing time) */
		buf_addf(&q->body, "<form method=\"get\" class=\"filters\"><label>%s <input name=\"who\" value=\"", T(q, "who"));
		buf_add_html(&q->body, who ? who : "");
		buf_addf(&q->body, "\"></label> <label>%s <select name=\"action\"><option value=\"\">%s</option>",
			 T(q, "action"), T(q, "all_regions"));
		for (size_t i = 0; i < ARRAY_SIZE(actions); i++)
			buf_addf(&q->body, "<option value=\"%s\"%s>%s</option>", actions[i].action,
				 streq(action, actions[i].action) ? " selected" : "", action_words(q, actions[i].action));
		buf_addf(&q->body, "</select></label> <label>%s <input name=\"what\" value=\"", T(q, "what"));
		buf_add_html(&q->body, what ? what : "");
		buf_addf(&q->body, "\"></label> <label>%s <input type=\"date\" name=\"from\" value=\"", T(q, "date_from"));
		buf_add_html(&q->body, from ? from : "");
		buf_addf(&q->body, "\"></label> <label>%s <input type=\"date\" name=\"to\" value=\"", T(q, "date_to"));
		buf_add_html(&q->body, to ? to : "");
		buf_adds(&q->body, "\"></label> <button>OK</button></form>\n");
		/* the same filter, for the links */
		struct buf keep = BUF_INIT;
		const char *names[] = { "who", "action", "what", "from", "to" }, *vals[] = { who, action, what, from, to };
		for (int i = 0; i < 5; i++)
			if (vals[i] && *vals[i]) {
				char *enc = evhttp_encode_uri(vals[i]);
				buf_addf(&keep, "&amp;%s=", names[i]);
				buf_add_html(&keep, enc);
				free(enc);
			}
		buf_addf(&q->body, "<p>%s <a href=\"?format=csv%s\">CSV</a></p>\n", T(q, "beijing_time"), keep.s);
		buf_adds(&q->body, "<div class=\"scroll\"><table><tr>");
		for (int i = 0; i < 8; i++) {
			buf_adds(&q->body, "<th>");
			buf_add_html(&q->body, head[i]);
			buf_adds(&q->body, "</th>");
		}
		buf_adds(&q->body, "</tr>\n");
		int n = 0, more = 0;
		while (stmt_step(st)) {
			if (n == TRAIL_PAGE) { /* the row after the page: there is a next page */
				more = 1;
				break;
			}
			char when[24];
			beijing_time(stmt_text(st, 1), when);
			buf_addf(&q->body, "<tr><td class=\"n\">%lld</td><td class=\"nw\">%s</td>", (long long)stmt_int(st, 0), when);
			const char *v[] = { stmt_text(st, 2), stmt_text(st, 3), action_words(q, stmt_text(st, 4)),
					    stmt_text(st, 5), stmt_text(st, 6), stmt_text(st, 7) };
			for (int i = 0; i < 6; i++) {
				buf_adds(&q->body, i == 2 ? "<td class=\"nw\">" : "<td>");
				if (i >= 4 && v[i])
					changed_words(q, v[i]);
				else
					buf_add_html(&q->body, v[i] ? v[i] : "");
				buf_adds(&q->body, "</td>");
			}
			buf_adds(&q->body, "</tr>\n");
			n++;
		}
		stmt_finalize(st);
		buf_adds(&q->body, "</table></div>\n<p class=\"pager\">");
		if (page > 0)
			buf_addf(&q->body, "<a href=\"?page=%d%s\">%s</a> ", page - 1, keep.s, T(q, "prev"));
		if (more)
			buf_addf(&q->body, "<a href=\"?page=%d%s\">%s</a>", page + 1, keep.s, T(q, "next"));
		buf_adds(&q->body, "</p>\n");
		buf_release(&keep);
		page_foot(q);
		send_page(q, 200, "OK");
	}
	buf_release(&sql);
	free(like);
	buf_release(&f.where);
}

/* A record's history, under the record: what the trail holds about it
** (its steps, their corrections, ...), oldest first, in the page's words;
** nothing when the trail holds nothing. */
void record_history(struct req *q, const char *what)
{
	struct db *db = q->app->c->db;
	struct stmt *st = db_prepare(db, "SELECT at, who, action, before, after FROM audit WHERE what = ? ORDER BY seq");
	stmt_bind_text(st, 1, what);
	int n = 0;
	while (stmt_step(st)) {
		if (!n++)
			buf_addf(&q->body, "<h2>%s</h2><div class=\"scroll\"><table class=\"history\"><tr><th>%s</th><th>%s</th>"
					   "<th>%s</th><th>%s</th><th>%s</th></tr>\n",
				 T(q, "history"), T(q, "when_beijing"), T(q, "who"), T(q, "action"), T(q, "before"), T(q, "after"));
		char when[24];
		beijing_time(stmt_text(st, 0), when);
		buf_addf(&q->body, "<tr><td class=\"nw\">%s</td><td>", when);
		buf_add_html(&q->body, stmt_text(st, 1));
		buf_addf(&q->body, "</td><td>%s</td><td>", action_words(q, stmt_text(st, 2)));
		changed_words(q, stmt_text(st, 3) ? stmt_text(st, 3) : "");
		buf_adds(&q->body, "</td><td>");
		changed_words(q, stmt_text(st, 4) ? stmt_text(st, 4) : "");
		buf_adds(&q->body, "</td></tr>\n");
	}
	stmt_finalize(st);
	if (n)
		buf_adds(&q->body, "</table></div>\n");
}
