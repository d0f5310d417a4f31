/*
** checkwords.c: each audit check in words (what it looks for, why it
** matters, what to do about a finding; Simplified Chinese and English), as
** the check pages and `bangfu audit --explain` say them, and a finding's
** detail in Chinese.
*/
#include "bangfu.h"
#include "checks.h"
#include "enums.h"
#include <stdlib.h>
#include <string.h>
#include "banned.h"

const struct check_words check_words[NCHECKS] = {
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

int check_index(const char *name)
{
	for (int i = 0; i < NCHECKS; i++)
		if (name && streq(check_words[i].name, name))
			return i;
	return -1;
}

/*
** A finding's detail in Chinese.  Details are written in English by the
** checks (auditcheck.c, auditscan.c), in one of these forms.
*/
static const struct {
	const char *en, *zh;
} detail_forms[] = {
	{ "allocated %s from fund %s, which arrived %s", "{1} 从资金 {2} 安排，该资金 {3} 才到位" },
	{ "paid %s; project %s first given money %s", "{1} 拨付；项目 {2} 首次安排资金在 {3}" },
	{ "fiscal fund arrived %s, after 31 March", "财政资金 {1} 到位，晚于当年3月31日" },
	{ "the same as payment %s of %s", "与 {2} 的拨付 {1} 相同" },
	{ "paid %s to a person recorded dead on %s", "{1} 拨付，收款人已于 {2} 死亡" },
	{ "paid %s to a person registered dead or struck off on %s", "{1} 拨付，收款人已于 {2} 登记死亡或注销户籍" },
	{ "paid %s to a person on the state-paid staff register", "{1} 拨付给财政供养人员" },
	{ "paid %s to household %s, of which a member is a cadre of its village", "{1} 拨付给农户 {2}，其家庭成员是本村村干部" },
	{ "paid %s to household %s, of which a member holds a vehicle, property or business",
	  "{1} 拨付给农户 {2}，其家庭成员登记有车辆、房产或工商登记" },
	{ "arrived %s; not yet allocated on %s", "{1} 到位，截至 {2} 仍未安排完" },
	{ "more than %s times the median %s of %s payments", "超过同县同年同用途 {3} 笔发放中位数 {2} 元的 {1} 倍" },
	{ "more than %s to one person", "发给个人超过 {1} 元" },
	{ "filed %s, no reply by %s", "{1} 受理，截至 {2} 未答复" },
	{ "completed %s, not accepted by %s", "{1} 完工，截至 {2} 未验收" },
	{ "a project of %s still %s", "{1} 年的项目仍处于“{2}”" },
};

/* A value of a detail: a project's status in words, anything else as it is. */
static void detail_value(struct buf *b, const char *v)
{
	const char *w = enum_label("projects", "status", v, 0);
	buf_adds(b, w ? w : v);
}

char *detail_zh(const char *detail)
{
	struct buf b = BUF_INIT;
	for (size_t i = 0; i < ARRAY_SIZE(detail_forms); i++)
		if (form_words(&b, detail_forms[i].en, detail_forms[i].zh, detail, detail_value))
			return buf_detach(&b);
	buf_release(&b);
	return NULL;
}
