/*
** checkpages.c: the audit checks as pages, for auditors and administrators
** (大数据比对): every check with what it looks for, why it matters and what
** to do about a finding, and its findings as `audit --keep` kept them; a
** page a check, filtered by county and state, each finding linked to the
** record behind it and moved on (assign, confirm, dismiss ...) there.
*/
#include "bangfu.h"
#include "audit.h"
#include "enums.h"
#include "kinds.h"
#include "params.h"
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

/* A check's name in the page's language. */
static const char *check_name(struct req *q, const char *name)
{
	const char *w = enum_label("findings", "check", name, q->lang == EN);
	return w ? w : name;
}

/*
** A finding's detail in the page's language.  Details are written in
** English by the checks (auditcheck.c, auditscan.c), one of the forms
** below, {n} the n-th value; a detail of no known form is shown as it is.
*/
static const struct {
	const char *en, *zh;
} detail_forms[] = {
	{ "allocated {1} from fund {2}, which arrived {3}", "{1} 从资金 {2} 安排，该资金 {3} 才到位" },
	{ "paid {1}; project {2} first given money {3}", "{1} 拨付；项目 {2} 首次安排资金在 {3}" },
	{ "fiscal fund arrived {1}, after 31 March", "财政资金 {1} 到位，晚于当年3月31日" },
	{ "the same as payment {1} of {2}", "与 {2} 的拨付 {1} 相同" },
	{ "paid {1} to a person recorded dead on {2}", "{1} 拨付，收款人已于 {2} 死亡" },
	{ "paid {1} to a person registered dead or struck off on {2}", "{1} 拨付，收款人已于 {2} 登记死亡或注销户籍" },
	{ "paid {1} to a person on the state-paid staff register", "{1} 拨付给财政供养人员" },
	{ "paid {1} to household {2}, of which a member is a cadre of its village", "{1} 拨付给农户 {2}，其家庭成员是本村村干部" },
	{ "paid {1} to household {2}, of which a member holds a vehicle, property or business",
	  "{1} 拨付给农户 {2}，其家庭成员登记有车辆、房产或工商登记" },
	{ "arrived {1}; not yet allocated on {2}", "{1} 到位，截至 {2} 仍未安排完" },
	{ "more than {1} times the median {2} of {3} payments", "超过同县同年同用途 {3} 笔发放中位数 {2} 元的 {1} 倍" },
	{ "more than {1} to one person", "发给个人超过 {1} 元" },
	{ "filed {1}, no reply by {2}", "{1} 受理，截至 {2} 未答复" },
	{ "completed {1}, not accepted by {2}", "{1} 完工，截至 {2} 未验收" },
	{ "a project of {1} still {2}", "{1} 年的项目仍处于“{2}”" },
};

/* Does text have the form form?  Its values in v[1..3] (copies). */
static int detail_match(const char *form, const char *text, char *v[4])
{
	const char *f = form, *t = text;
	int n = 0;
	while (*f) {
		if (f[0] == '{' && f[1] >= '1' && f[1] <= '3' && f[2] == '}') {
			f += 3;
			size_t lit = strcspn(f, "{"); /* the text up to the next value */
			const char *end = lit ? NULL : t + strlen(t);
			if (lit) {
				char *want = xstrndup(f, lit);
				end = f[lit] ? strstr(t, want) : NULL;
				if (!f[lit]) { /* the form ends with this text: it must end the detail */
					size_t tl = strlen(t);
					end = tl >= lit && streq(t + tl - lit, want) ? t + tl - lit : NULL;
				}
				free(want);
			}
			if (!end || end == t || n >= 3)
				return 0;
			v[++n] = xstrndup(t, (size_t)(end - t));
			t = end;
		} else if (*f++ != *t++) {
			return 0;
		}
	}
	return !*t;
}

static void add_detail(struct req *q, const char *detail)
{
	if (!detail)
		return;
	if (q->lang == EN) {
		buf_add_html(&q->body, detail);
		return;
	}
	for (size_t i = 0; i < ARRAY_SIZE(detail_forms); i++) {
		char *v[4] = { NULL, NULL, NULL, NULL };
		int ok = detail_match(detail_forms[i].en, detail, v);
		if (ok) {
			for (const char *z = detail_forms[i].zh; *z;) {
				if (z[0] == '{' && z[2] == '}' && v[z[1] - '0']) {
					const char *val = v[z[1] - '0'];
					const char *w = enum_label("projects", "status", val, 0);
					buf_add_html(&q->body, w ? w : val);
					z += 3;
				} else {
					buf_addc(&q->body, *z++);
				}
			}
		}
		for (int k = 1; k < 4; k++)
			free(v[k]);
		if (ok)
			return;
	}
	buf_add_html(&q->body, detail);
}

/*
** Under a payment's finding of a register check: who was paid (the name,
** the number masked) and the register entries behind it, the payee's own
** or, for cadre_household and asset_owner, those of the household's
** members.  1 when a register entry was shown (the page's view of the
** registers is then audited).
*/
static int finding_people(struct req *q, const char *check, const char *payment)
{
	static const struct {
		const char *check, *registers;
		int household;
	} by[] = {
		{ "paid_after_death", "'death', 'household_cancelled'", 0 }, { "payee_is_staff", "'staff'", 0 },
		{ "cadre_household", "'cadre'", 1 }, { "asset_owner", "'vehicle', 'property', 'business'", 1 },
	};
	size_t k = 0;
	while (k < ARRAY_SIZE(by) && !streq(by[k].check, check))
		k++;
	if (k == ARRAY_SIZE(by))
		return 0;
	struct db *db = q->app->c->db;
	struct stmt *st = db_prepare(db, "SELECT s.name, p.payee_ends, p.payee_hash, s.household FROM payments p "
					 "LEFT JOIN persons s ON s.id_number_hash = p.payee_hash WHERE p.id = ?");
	stmt_bind_text(st, 1, payment);
	if (!stmt_step(st) || !stmt_text(st, 2)) {
		stmt_finalize(st);
		return 0;
	}
	char m[19];
	idnum_mask(stmt_text(st, 1), m);
	buf_addf(&q->body, "<br>%s ", T(q, "payee"));
	buf_add_html(&q->body, stmt_text(st, 0) ? stmt_text(st, 0) : "");
	buf_addf(&q->body, " %s", m);
	char *hash = xstrdup(stmt_text(st, 2)), *household = stmt_text(st, 3) ? xstrdup(stmt_text(st, 3)) : NULL;
	stmt_finalize(st);
	struct buf sql = BUF_INIT;
	/* the household's members first, then their entries (CROSS JOIN keeps
	** SQLite to that order, rather than every entry of the register) */
	if (by[k].household)
		buf_addf(&sql, "SELECT r.register, COALESCE(m.name, r.name), r.id_number_ends, r.from_, r.until FROM persons m "
			       "CROSS JOIN registers r WHERE m.household = ? AND r.id_number_hash = m.id_number_hash "
			       "AND r.register IN (%s)", by[k].registers);
	else
		buf_addf(&sql, "SELECT r.register, COALESCE(m.name, r.name), r.id_number_ends, r.from_, r.until FROM registers r "
			       "LEFT JOIN persons m ON m.id_number_hash = r.id_number_hash WHERE r.id_number_hash = ? "
			       "AND r.register IN (%s)", by[k].registers);
	buf_adds(&sql, " ORDER BY r.from_, r.register");
	st = db_prepare(db, sql.s);
	buf_release(&sql);
	stmt_bind_text(st, 1, by[k].household ? household : hash);
	int shown = 0;
	while (by[k].household ? household != NULL : 1) {
		if (!stmt_step(st))
			break;
		const char *w = enum_label("registers", "register", stmt_text(st, 0), q->lang == EN);
		idnum_mask(stmt_text(st, 2), m);
		buf_addf(&q->body, "<br>%s ", w ? w : stmt_text(st, 0));
		buf_add_html(&q->body, stmt_text(st, 1) ? stmt_text(st, 1) : "");
		buf_addf(&q->body, " %s %s%s%s", m, stmt_text(st, 3), stmt_text(st, 4) ? " – " : T(q, "since_on"),
			 stmt_text(st, 4) ? stmt_text(st, 4) : "");
		shown = 1;
	}
	stmt_finalize(st);
	free(hash);
	free(household);
	return shown;
}

/* The findings in the user's region: " AND county >= ? AND county < ?"
** (the codes from its prefix up to the next prefix of that length: digits
** only, so in any collation, and the index answers it) with its bounds;
** nothing for a user of the whole store.  The number of bounds. */
int findings_region(struct req *q, struct buf *sql, char lo[13], char hi[13])
{
	if (!q->u.region[0])
		return 0;
	int n = divcode_sig(divcode_level(q->u.region));
	snprintf(lo, 13, "%.*s", n, q->u.region);
	snprintf(hi, 13, "%s", lo);
	int i = n;
	while (i > 0 && hi[i - 1] == '9')
		hi[--i] = '0';
	if (i == 0) { /* all nines: nothing after it */
		buf_adds(sql, " AND county >= ?");
		return 1;
	}
	hi[i - 1]++;
	buf_adds(sql, " AND county >= ? AND county < ?");
	return 2;
}

static int bind_region(struct stmt *st, int at, int n, const char *lo, const char *hi)
{
	if (n > 0)
		stmt_bind_text(st, at++, lo);
	if (n > 1)
		stmt_bind_text(st, at++, hi);
	return at;
}

/* Each check's open (or assigned) and all findings in the user's region,
** at once, from the index of counties, checks and states. */
static void count_findings(struct req *q, int64_t open[], int64_t all[])
{
	memset(open, 0, ARRAY_SIZE(explain) * sizeof *open);
	memset(all, 0, ARRAY_SIZE(explain) * sizeof *all);
	char lo[13], hi[13];
	struct buf sql = BUF_INIT;
	buf_adds(&sql, "SELECT check_, state, COUNT(*) FROM findings WHERE 1 = 1");
	int nb = findings_region(q, &sql, lo, hi);
	buf_adds(&sql, " GROUP BY check_, state");
	struct stmt *st = db_prepare(q->app->c->db, sql.s);
	buf_release(&sql);
	bind_region(st, 1, nb, lo, hi);
	while (stmt_step(st)) {
		int i = explained(stmt_text(st, 0));
		if (i < 0)
			continue;
		all[i] += stmt_int(st, 2);
		if (streq(stmt_text(st, 1), "open") || streq(stmt_text(st, 1), "assigned"))
			open[i] += stmt_int(st, 2);
	}
	stmt_finalize(st);
}

/* /checks: every check, its explanation and its findings by state. */
static void checks_index(struct req *q)
{
	struct db *db = q->app->c->db;
	buf_reset(&q->body);
	page_head(q, T(q, "checks"));
	buf_addf(&q->body, "<p>%s</p>\n", T(q, "checks_intro"));
	/* when they last ran, as the audit trail says (its "after": N findings, M new) */
	struct stmt *st = db_prepare(db, "SELECT at, after FROM audit WHERE action = 'audit_run' ORDER BY seq DESC LIMIT 1");
	if (stmt_step(st)) {
		char when[24];
		beijing_time(stmt_text(st, 0), when);
		long found = 0, fresh = 0;
		const char *after = stmt_text(st, 1) ? stmt_text(st, 1) : "";
		sscanf(after, "%ld findings, %ld new", &found, &fresh);
		buf_addf(&q->body, q->lang == EN ? "<p>%s%s: %ld findings, %ld new.</p>\n" : "<p>%s%s，发现 %ld 项，新增 %ld 项。</p>\n",
			 T(q, "checks_last"), when, found, fresh);
	} else {
		buf_addf(&q->body, "<p>%s</p>\n", T(q, "checks_never"));
	}
	stmt_finalize(st);
	buf_addf(&q->body, "<div class=\"scroll\"><table><tr><th>%s</th><th>%s</th><th>%s</th><th>%s</th></tr>\n",
		 T(q, "check"), T(q, "check_what"), T(q, "state_open"), T(q, "findings_all"));
	/* every count at once, from the index of counties, checks and states */
	int64_t open[ARRAY_SIZE(explain)], all[ARRAY_SIZE(explain)];
	count_findings(q, open, all);
	char lo[13], hi[13];
	struct buf sql = BUF_INIT;
	int nb;
	for (size_t i = 0; i < ARRAY_SIZE(explain); i++) {
		const char *n = explain[i].name;
		buf_addf(&q->body, "<tr><td><a href=\"/checks/%s\">%s</a></td><td>%s</td><td class=\"n\">%lld</td>"
				   "<td class=\"n\">%lld</td></tr>\n",
			 n, check_name(q, n), q->lang == EN ? explain[i].en[0] : explain[i].zh[0], (long long)open[i],
			 (long long)all[i]);
	}
	buf_adds(&q->body, "</table></div>\n");
	/* open findings by county, as an auditor's day begins */
	buf_adds(&sql, "SELECT county, COUNT(*) FROM findings WHERE state IN ('open', 'assigned')");
	nb = findings_region(q, &sql, lo, hi);
	buf_adds(&sql, " GROUP BY county ORDER BY 2 DESC, 1");
	st = db_prepare(db, sql.s);
	bind_region(st, 1, nb, lo, hi);
	buf_release(&sql);
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

/* The check page's filters, to follow a page number's link. */
static void keep_check_query(struct req *q, struct buf *b)
{
	static const char *const keep[] = { "state", "county" };
	for (size_t i = 0; i < ARRAY_SIZE(keep); i++) {
		const char *v = qarg(q, keep[i]);
		if (!v || !*v)
			continue;
		char *u = evhttp_encode_uri(v);
		buf_addf(b, "&amp;%s=", keep[i]);
		buf_add_html(b, u);
		free(u);
	}
}

/* /checks/NAME: its explanation and its findings, each moved on there. */
static void check_page(struct req *q, int i, const char *said, int code)
{
	struct db *db = q->app->c->db;
	const char *name = explain[i].name, *state = qarg(q, "state"), *county = qarg(q, "county");
	char c12[13], why[128];
	if (county && (divcode_norm(county, c12, why, sizeof why) < 0 || !in_user_region(q, c12)))
		county = NULL; /* outside the user's region, or no code: the user's whole region */
	else if (county)
		county = c12;
	int page = qarg(q, "page") ? atoi(qarg(q, "page")) : 0;
	if (page < 0 || page > 100000)
		page = 0;
	char lo[13], hi[13];
	buf_reset(&q->body);
	char title[96];
	snprintf(title, sizeof title, "%s", check_name(q, name));
	if (q->lang == EN && title[0] >= 'a' && title[0] <= 'z')
		title[0] = (char)(title[0] - 'a' + 'A');
	page_head(q, title);
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
	struct buf sql = BUF_INIT;
	buf_adds(&sql, "SELECT DISTINCT county FROM findings WHERE check_ = ? AND county IS NOT NULL");
	int nb = findings_region(q, &sql, lo, hi);
	buf_adds(&sql, " ORDER BY 1");
	struct stmt *st = db_prepare(db, sql.s);
	stmt_bind_text(st, 1, name);
	bind_region(st, 2, nb, lo, hi);
	buf_release(&sql);
	while (stmt_step(st)) {
		char *cn = division_name(db, stmt_text(st, 0));
		buf_addf(&q->body, "<option value=\"%s\"%s>", stmt_text(st, 0), county && streq(county, stmt_text(st, 0)) ? " selected" : "");
		buf_add_html(&q->body, cn ? cn : stmt_text(st, 0));
		buf_adds(&q->body, "</option>");
		free(cn);
	}
	stmt_finalize(st);
	buf_addf(&q->body, "</select></label> <button>%s</button></form>\n", T(q, "filter"));
	/* which, in record order, 50 a page; counted to 20,000 */
	struct buf where = BUF_INIT;
	buf_adds(&where, " WHERE check_ = ?");
	if (state)
		buf_adds(&where, " AND state = ?");
	if (county)
		buf_adds(&where, " AND county = ?");
	nb = findings_region(q, &where, lo, hi);
	struct list_total t = { 0, 0, 0, 20000, 0 };
	for (int counting = 1; counting >= 0; counting--) {
		if (counting)
			buf_addf(&sql, "SELECT COUNT(*) FROM (SELECT 1 FROM findings%s LIMIT 20001) x", where.s);
		else
			buf_addf(&sql, "SELECT id, kind, record, county, amount, state, assignee, recover, reason, detail "
				       "FROM findings%s ORDER BY record LIMIT 50 OFFSET %d", where.s, 50 * page);
		st = db_prepare(db, sql.s);
		int b = 1;
		stmt_bind_text(st, b++, name);
		if (state)
			stmt_bind_text(st, b++, state);
		if (county)
			stmt_bind_text(st, b++, county);
		bind_region(st, b, nb, lo, hi);
		buf_reset(&sql);
		if (!counting)
			break;
		stmt_step(st);
		t.rows = (long)stmt_int(st, 0);
		t.capped = t.rows > t.cap;
		stmt_finalize(st);
	}
	buf_release(&where);
	records_total(q, &t, page, keep_check_query);
	buf_addf(&q->body, "<div class=\"scroll\"><table class=\"findings\"><tr><th>%s</th><th>%s</th><th>%s</th><th>%s</th>"
			   "<th>%s</th><th>%s</th><th>%s</th></tr>\n",
		 T(q, "col_record"), T(q, "area"), T(q, "col_amount"), T(q, "state"), T(q, "col_detail"), T(q, "handling"),
		 T(q, "action"));
	int n = 0, registers_shown = 0;
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
		add_detail(q, stmt_text(st, 9));
		if (streq(kind, "payments"))
			registers_shown |= finding_people(q, name, rec);
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
	if (registers_shown) { /* other offices' registers were read: every view is audited */
		char what[160];
		snprintf(what, sizeof what, "checks/%s page=%d", name, page);
		audit_log(db, q->u.name, q->addr, "view_registers", what, NULL, NULL);
	}
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
	char *where = db_text(q->app->c->db, "SELECT county FROM findings WHERE id = ?", id, (char *)NULL);
	int mine = in_user_region(q, where);
	free(where);
	if (!mine) { /* another region's finding is none of this user's: as if there were none */
		fail(q, 404, "Not Found", "not_found", NULL);
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
** GET /api/v1/findings?state=&check=&county=&limit=&offset=: the kept
** findings, 1,000 a page unless said; both in the user's region. */
void h_api_findings(struct req *q)
{
	struct db *db = q->app->c->db;
	json_t *arr = json_array();
	char lo[13], hi[13];
	struct buf sql = BUF_INIT;
	if (streq(q->path, "/api/v1/checks")) {
		int64_t open[ARRAY_SIZE(explain)], all[ARRAY_SIZE(explain)];
		count_findings(q, open, all);
		for (size_t i = 0; i < ARRAY_SIZE(explain); i++)
			json_array_append_new(arr, json_pack("{s:s, s:s, s:s, s:I, s:I}", "check", explain[i].name, "name",
							     check_name(q, explain[i].name), "looks_for",
							     q->lang == EN ? explain[i].en[0] : explain[i].zh[0], "open",
							     (json_int_t)open[i], "all", (json_int_t)all[i]));
		send_json(q, 200, "OK", arr);
		return;
	}
	static const char *const names[] = { "state", "check", "county" };
	static const char *const cols[] = { "state", "check_", "county" };
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
	int nb = findings_region(q, &sql, lo, hi);
	/* a page at a time: limit (1,000 unless said, 10,000 at most) and offset */
	int64_t limit = 1000, offset = 0;
	char why[128];
	if ((qarg(q, "limit") && int_parse(qarg(q, "limit"), 1, 10000, &limit, why, sizeof why) < 0) ||
	    (qarg(q, "offset") && int_parse(qarg(q, "offset"), 0, INT32_MAX, &offset, why, sizeof why) < 0)) {
		buf_release(&sql);
		json_decref(arr);
		fail(q, 400, "Bad Request", "bad_request", qarg(q, "offset") ? "offset" : "limit");
		return;
	}
	buf_addf(&sql, " ORDER BY check_, record LIMIT %lld OFFSET %lld", (long long)limit, (long long)offset);
	struct stmt *st = db_prepare(db, sql.s);
	for (int i = 0; i < n; i++)
		stmt_bind_text(st, i + 1, v[i]);
	bind_region(st, n + 1, nb, lo, hi);
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
