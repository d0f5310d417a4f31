/*
** checkpages.c: the audit checks as pages, for auditors and administrators
** (大数据比对): every check with what it looks for, why it matters and what
** to do about a finding, and its findings as `audit --keep` kept them; a
** page a check, filtered by county and state, each finding linked to the
** record behind it and moved on (assign, confirm, dismiss ...) there.
*/
#include "bangfu.h"
#include "audit.h"
#include "kinds.h"
#include "web.h"
#include <stdlib.h>
#include <string.h>
#include "banned.h"

/* What each check looks for, why it matters, what to do (zh, en). */
static const struct {
	const char *name, *zh[3], *en[3];
} explain[] = {
	{ "allocated_before_arrival",
	  { "资金到位之前就安排给项目的记录。", "资金尚未到账就安排，说明日期录错或账实不符。", "核对资金到账凭证和安排文件，录错的以冲销行更正。" },
	  { "Allocations dated before their fund arrived.", "Money allocated before it arrived: a wrong date, or books that do not match.",
	    "Check the fund's receipt and the allocation; correct a wrong row with a reversing one." } },
	{ "asset_owner",
	  { "贫困户、监测户中有家庭成员登记有车辆、房产或工商登记，却仍领取补助。", "有车、有房、有企业的家庭可能不符合帮扶条件。",
	    "入户核实资产归属和家庭收入，不符合条件的停发并追回。" },
	  { "Payments to poor or monitored households of which a member owns a vehicle, property or business.",
	    "A household with a car, a house or a business may not qualify.", "Verify the assets at home; stop and recover what was not due." } },
	{ "cadre_household",
	  { "村干部本人或其家庭成员领取本村的帮扶资金。", "优亲厚友是群众反映最多的问题之一。", "核查评议、公示记录，确认是否符合条件。" },
	  { "Payments to a household of which a member is a cadre of its own village.", "Favouring cadres' kin is among the commonest complaints.",
	    "Check the village's review and notice records for the payment." } },
	{ "complaint_overdue", { "群众举报超过15天未答复。", "逾期不答复损害群众信任。", "督促承办人答复并记录处理结果。" },
	  { "Public reports without a reply more than 15 days on.", "Unanswered reports cost the public's trust.",
	    "Press the assignee to answer and record the outcome." } },
	{ "duplicate_payment",
	  { "同一收款人、同一项目、同一用途、同一金额，31天内重复拨付。", "重复发放是最常见的资金差错。", "核对发放凭证，重复的以冲销行冲回并追回资金。" },
	  { "The same payee, project, purpose and amount paid again within 31 days.", "Paying twice is the commonest slip.",
	    "Check the vouchers; reverse a double payment and recover it." } },
	{ "idle_funds", { "到位超过180天仍未安排完的财政和社会资金。", "资金闲置影响帮扶效果。", "督促安排使用，或按规定收回统筹。" },
	  { "Fiscal and social funds more than 180 days old not yet allocated in full.", "Idle money helps nobody.",
	    "Press for allocation, or reclaim it as the rules say." } },
	{ "large_personal_payment",
	  { "发给个人超过5万元，或超过同县同年同用途中位数10倍的款项。", "异常大额发放可能是录入错误或虚报冒领。", "核对发放依据和收款人身份。" },
	  { "Payments to one person over 50,000 yuan, or over ten times the median of the county's, year's and purpose's.",
	    "An outsized payment may be a typing error or a false claim.", "Check the grounds for it and the payee." } },
	{ "late_fiscal", { "当年3月31日以后才到位的财政帮扶资金。", "财政资金应在一季度到位。", "了解迟拨原因，督促及时拨付。" },
	  { "Fiscal funds that arrived after 31 March of their year.", "Fiscal money is due in the first quarter.",
	    "Find out why it was late and press for timely transfers." } },
	{ "paid_after_death",
	  { "收款人死亡或户籍注销后仍在领取补助。", "死亡人员冒领是审计发现的典型问题。", "核实死亡日期，停发并追回多发资金。" },
	  { "Payments to a person after their death or the end of their registration.",
	    "Payments to the dead are a classic audit finding.", "Verify the date of death; stop and recover what was overpaid." } },
	{ "paid_before_allocation", { "项目收到安排之前就已拨付的款项。", "先支后拨说明日期录错或垫付未入账。", "核对拨付和安排凭证，更正日期或补录安排。" },
	  { "Payments dated before any allocation to their project.", "Paying before money was given means a wrong date or an unrecorded advance.",
	    "Check both vouchers; correct the date or record the allocation." } },
	{ "payee_is_staff", { "财政供养人员在任职期间领取帮扶补助。", "公职人员一般不应领取面向困难群众的补助。", "核实身份和领取依据，不符合的追回。" },
	  { "Payments to a person on the state-paid staff register at the time.", "State-paid staff should not draw aid meant for the poor.",
	    "Check who they are and the grounds; recover what was not due." } },
	{ "project_stalled",
	  { "往年的项目至今未开工，或完工90天以上仍未验收。", "项目停滞，资金和效益都落不了地。", "督促开工或验收，无法实施的按程序调整。" },
	  { "Projects of earlier years not started, or completed more than 90 days ago and not accepted.",
	    "A stalled project holds money that helps nobody.", "Press for the start or the acceptance; change plans that cannot go on." } },
};

/* The words of a finding's state. */
static const char *state_words(struct req *q, const char *s)
{
	static const char *const w[][3] = { { "open", "待处理", "open" }, { "assigned", "已分派", "assigned" },
					    { "confirmed", "已确认", "confirmed" }, { "dismissed", "已排除", "dismissed" },
					    { "recovered", "已追回", "recovered" } };
	for (size_t i = 0; i < ARRAY_SIZE(w); i++)
		if (streq(w[i][0], s))
			return w[i][q->lang == EN ? 2 : 1];
	return s;
}

static int explained(const char *name)
{
	for (size_t i = 0; i < ARRAY_SIZE(explain); i++)
		if (streq(explain[i].name, name))
			return (int)i;
	return -1;
}

/* /checks: every check, its explanation and its findings by state. */
static void checks_index(struct req *q)
{
	struct db *db = q->app->c->db;
	buf_reset(&q->body);
	page_head(q, T(q, "checks"));
	buf_addf(&q->body, "<p>%s</p><div class=\"scroll\"><table><tr><th>%s</th><th>%s</th><th>%s</th><th>%s</th></tr>\n",
		 T(q, "checks_intro"), T(q, "check"), T(q, "check_what"), T(q, "state_open"), T(q, "findings_all"));
	for (size_t i = 0; i < ARRAY_SIZE(explain); i++) {
		const char *n = explain[i].name;
		int64_t open = db_int(db, 0, "SELECT COUNT(*) FROM findings WHERE check_ = ? AND state IN ('open', 'assigned')",
				      n, (char *)NULL);
		int64_t all = db_int(db, 0, "SELECT COUNT(*) FROM findings WHERE check_ = ?", n, (char *)NULL);
		buf_addf(&q->body, "<tr><td><a href=\"/checks/%s\">%s</a></td><td>%s</td><td class=\"n\">%lld</td>"
				   "<td class=\"n\">%lld</td></tr>\n",
			 n, n, q->lang == EN ? explain[i].en[0] : explain[i].zh[0], (long long)open, (long long)all);
	}
	buf_adds(&q->body, "</table></div>\n");
	/* open findings by county, as an auditor's day begins */
	struct stmt *st = db_prepare(db, "SELECT county, COUNT(*) FROM findings WHERE state IN ('open', 'assigned') "
					 "GROUP BY county ORDER BY 2 DESC, 1");
	int n = 0;
	while (stmt_step(st)) {
		if (!n++)
			buf_addf(&q->body, "<h2>%s</h2><div class=\"scroll\"><table><tr><th>%s</th><th>%s</th></tr>\n",
				 T(q, "open_by_county"), T(q, "area"), T(q, "state_open"));
		char *name = stmt_text(st, 0) ? division_name(db, stmt_text(st, 0)) : NULL;
		buf_adds(&q->body, "<tr><td>");
		buf_add_html(&q->body, name ? name : stmt_text(st, 0) ? stmt_text(st, 0) : "—");
		buf_addf(&q->body, "</td><td class=\"n\">%lld</td></tr>\n", (long long)stmt_int(st, 1));
		free(name);
	}
	stmt_finalize(st);
	if (n)
		buf_adds(&q->body, "</table></div>\n");
	page_foot(q);
	send_page(q, 200, "OK");
}

/* The page of the record behind a finding. */
static const char *record_link(const char *kind)
{
	return streq(kind, "payments") ? "/trace/payment/" : streq(kind, "funds") ? "/trace/fund/"
	       : streq(kind, "projects") ? "/projects/" : streq(kind, "complaints") ? "/complaints/" : NULL;
}

/* /checks/NAME: its explanation and its findings, each moved on there. */
static void check_page(struct req *q, int i, const char *said, int code)
{
	struct db *db = q->app->c->db;
	const char *name = explain[i].name, *state = qarg(q, "state"), *county = qarg(q, "county");
	buf_reset(&q->body);
	page_head(q, name);
	if (said)
		buf_addf(&q->body, "<p class=\"%s\">%s</p>\n", code == 200 ? "ok" : "error", said);
	const char *const *e = q->lang == EN ? explain[i].en : explain[i].zh;
	buf_addf(&q->body, "<dl class=\"explain\"><dt>%s</dt><dd>%s</dd><dt>%s</dt><dd>%s</dd><dt>%s</dt><dd>%s</dd></dl>\n",
		 T(q, "check_what"), e[0], T(q, "check_why"), e[1], T(q, "check_todo"), e[2]);
	buf_addf(&q->body, "<form method=\"get\" class=\"filters\"><label>%s <select name=\"state\"><option value=\"\">%s</option>",
		 T(q, "state"), T(q, "all"));
	static const char *const states[] = { "open", "assigned", "confirmed", "dismissed", "recovered" };
	for (size_t k = 0; k < ARRAY_SIZE(states); k++)
		buf_addf(&q->body, "<option value=\"%s\"%s>%s</option>", states[k],
			 state && streq(state, states[k]) ? " selected" : "", state_words(q, states[k]));
	buf_addf(&q->body, "</select></label> <label>%s <select name=\"county\"><option value=\"\">%s</option>", T(q, "area"),
		 T(q, "all"));
	struct stmt *st = db_prepare(db, "SELECT DISTINCT county FROM findings WHERE check_ = ? AND county IS NOT NULL ORDER BY 1");
	stmt_bind_text(st, 1, name);
	while (stmt_step(st)) {
		char *cn = division_name(db, stmt_text(st, 0));
		buf_addf(&q->body, "<option value=\"%s\"%s>", stmt_text(st, 0), county && streq(county, stmt_text(st, 0)) ? " selected" : "");
		buf_add_html(&q->body, cn ? cn : stmt_text(st, 0));
		buf_adds(&q->body, "</option>");
		free(cn);
	}
	stmt_finalize(st);
	buf_addf(&q->body, "</select></label> <button>%s</button></form>\n", T(q, "filter"));
	struct buf sql = BUF_INIT;
	buf_adds(&sql, "SELECT id, kind, record, county, amount, state, assignee, recover, reason, detail FROM findings "
		       "WHERE check_ = ?");
	if (state)
		buf_adds(&sql, " AND state = ?");
	if (county)
		buf_adds(&sql, " AND county = ?");
	buf_adds(&sql, " ORDER BY record LIMIT 500");
	st = db_prepare(db, sql.s);
	int b = 1;
	stmt_bind_text(st, b++, name);
	if (state)
		stmt_bind_text(st, b++, state);
	if (county)
		stmt_bind_text(st, b++, county);
	buf_addf(&q->body, "<div class=\"scroll\"><table class=\"findings\"><tr><th>%s</th><th>%s</th><th>%s</th><th>%s</th>"
			   "<th>%s</th><th>%s</th><th>%s</th></tr>\n",
		 T(q, "col_record"), T(q, "area"), T(q, "col_amount"), T(q, "state"), T(q, "col_detail"), T(q, "handling"),
		 T(q, "action"));
	int n = 0;
	while (stmt_step(st)) {
		n++;
		const char *id = stmt_text(st, 0), *kind = stmt_text(st, 1), *rec = stmt_text(st, 2), *link = record_link(kind);
		buf_adds(&q->body, "<tr><td>");
		if (link) {
			char *u = evhttp_encode_uri(rec);
			buf_addf(&q->body, "<a href=\"%s%s\">", link, u);
			free(u);
		}
		buf_add_html(&q->body, rec);
		buf_addf(&q->body, "%s</td><td>", link ? "</a>" : "");
		char *cn = stmt_text(st, 3) ? division_name(db, stmt_text(st, 3)) : NULL;
		buf_add_html(&q->body, cn ? cn : "");
		free(cn);
		buf_adds(&q->body, "</td><td class=\"n\">");
		if (stmt_text(st, 4)) {
			char m[32];
			money_format(stmt_int(st, 4), m);
			buf_add_grouped(&q->body, m);
		}
		buf_addf(&q->body, "</td><td>%s</td><td>", state_words(q, stmt_text(st, 5)));
		buf_add_html(&q->body, stmt_text(st, 9) ? stmt_text(st, 9) : "");
		buf_adds(&q->body, "</td><td>");
		if (stmt_text(st, 6)) {
			buf_addf(&q->body, "%s ", T(q, "assignee"));
			buf_add_html(&q->body, stmt_text(st, 6));
		}
		if (stmt_text(st, 7)) {
			char m[32];
			money_format(stmt_int(st, 7), m);
			buf_addf(&q->body, " %s ", T(q, "to_recover"));
			buf_add_grouped(&q->body, m);
		}
		if (stmt_text(st, 8)) {
			buf_adds(&q->body, " ");
			buf_add_html(&q->body, stmt_text(st, 8));
		}
		/* move it on: the actions its state allows */
		char *u = evhttp_encode_uri(id);
		buf_addf(&q->body, "</td><td><form method=\"post\" action=\"/checks/%s?finding=%s\" class=\"move\">"
				   "<input type=\"hidden\" name=\"csrf\" value=\"%s\"><select name=\"action\">", name, u, q->csrf);
		free(u);
		const char *s = stmt_text(st, 5);
		static const char *const acts[][2] = { { "assign", "open assigned" }, { "confirm", "open assigned" },
						       { "dismiss", "open assigned" }, { "recovered", "confirmed" },
						       { "reopen", "dismissed" } };
		for (size_t k = 0; k < ARRAY_SIZE(acts); k++)
			if (strstr(acts[k][1], s)) {
				char key[32];
				snprintf(key, sizeof key, "act_%s", acts[k][0]);
				buf_addf(&q->body, "<option value=\"%s\">%s</option>", acts[k][0], T(q, key));
			}
		buf_addf(&q->body, "</select> <input name=\"arg\" size=\"8\" placeholder=\"%s\"> <input name=\"reason\" size=\"12\" "
				   "placeholder=\"%s\"> <button>%s</button></form></td></tr>\n",
			 T(q, "arg_hint"), T(q, "fix_reason"), T(q, "ok"));
	}
	stmt_finalize(st);
	buf_release(&sql);
	buf_adds(&q->body, "</table></div>\n");
	if (!n)
		buf_addf(&q->body, "<p>%s</p>\n", T(q, "no_findings"));
	page_foot(q);
	send_page(q, code, code == 200 ? "OK" : "Unprocessable Entity");
}

void h_checks(struct req *q)
{
	if (streq(q->path, "/checks")) {
		checks_index(q);
		return;
	}
	int i = explained(q->path + strlen("/checks/"));
	if (i < 0) {
		fail(q, 404, "Not Found", "not_found", NULL);
		return;
	}
	if (evhttp_request_get_command(q->r) != EVHTTP_REQ_POST) {
		check_page(q, i, NULL, 200);
		return;
	}
	const char *id = qarg(q, "finding");
	if (!id || !starts_with(id, explain[i].name)) {
		fail(q, 400, "Bad Request", "bad_request", "finding");
		return;
	}
	char why[700];
	int rc = finding_move(q->app->c->db, q->u.name, q->addr, id, evhttp_find_header(&q->form, "action") ?
			      evhttp_find_header(&q->form, "action") : "", evhttp_find_header(&q->form, "arg"),
			      evhttp_find_header(&q->form, "reason"), why, sizeof why);
	char said[800];
	snprintf(said, sizeof said, "%s: %s", id, why);
	struct buf safe = BUF_INIT;
	buf_add_html(&safe, said);
	check_page(q, i, safe.s, rc == 0 ? 200 : 422);
	buf_release(&safe);
}

/* GET /api/v1/checks: every check with its open and all findings;
** GET /api/v1/findings?state=&check=&county=: the kept findings. */
void h_api_findings(struct req *q)
{
	struct db *db = q->app->c->db;
	json_t *arr = json_array();
	if (streq(q->path, "/api/v1/checks")) {
		for (size_t i = 0; i < ARRAY_SIZE(explain); i++) {
			const char *n = explain[i].name;
			json_array_append_new(arr, json_pack("{s:s, s:s, s:I, s:I}", "check", n, "looks_for", explain[i].en[0],
				"open", (json_int_t)db_int(db, 0, "SELECT COUNT(*) FROM findings WHERE check_ = ? AND state IN "
							 "('open', 'assigned')", n, (char *)NULL),
				"all", (json_int_t)db_int(db, 0, "SELECT COUNT(*) FROM findings WHERE check_ = ?", n, (char *)NULL)));
		}
		send_json(q, 200, "OK", arr);
		return;
	}
	static const char *const names[] = { "state", "check", "county" };
	static const char *const cols[] = { "state", "check_", "county" };
	struct buf sql = BUF_INIT;
	buf_adds(&sql, "SELECT id, check_, kind, record, county, amount, state, assignee, recover, reason, detail FROM findings "
		       "WHERE 1 = 1");
	const char *v[3];
	char c12[13];
	int n = 0;
	for (size_t i = 0; i < ARRAY_SIZE(names); i++) {
		const char *a = qarg(q, names[i]);
		if (!a)
			continue;
		char why[128];
		if (!text_ok(a, 64) || (i == 2 && divcode_norm(a, c12, why, sizeof why) < 0)) {
			buf_release(&sql);
			json_decref(arr);
			fail(q, 400, "Bad Request", "bad_request", names[i]);
			return;
		}
		buf_addf(&sql, " AND %s = ?", cols[i]);
		v[n++] = i == 2 ? c12 : a;
	}
	buf_adds(&sql, " ORDER BY check_, record");
	struct stmt *st = db_prepare(db, sql.s);
	for (int i = 0; i < n; i++)
		stmt_bind_text(st, i + 1, v[i]);
	while (stmt_step(st)) {
		json_t *o = json_object();
		static const char *const keys[] = { "id", "check", "kind", "record", "county", "amount", "state", "assignee",
						    "recover", "reason", "detail" };
		for (int i = 0; i < 11; i++) {
			const char *t = stmt_text(st, i);
			if (!t)
				continue;
			if (i == 5 || i == 8) {
				char m[32];
				money_format(stmt_int(st, i), m);
				json_object_set_new(o, keys[i], json_string(m));
			} else {
				json_object_set_new(o, keys[i], json_string(t));
			}
		}
		json_array_append_new(arr, o);
	}
	stmt_finalize(st);
	buf_release(&sql);
	send_json(q, 200, "OK", arr);
}
