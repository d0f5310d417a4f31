/*
** enums.c: every enumerated value in words (see enums.h).
*/
#include "bangfu.h"
#include "enums.h"
#include <stdlib.h>
#include <string.h>
#include "banned.h"

struct enum_word {
	const char *kind, *column, *value;
	const char *zh, *en;
	const char *aliases;   /* other Chinese names, "|"-separated, Simplified */
};

static const struct enum_word words[] = {
	{ "divisions", "level", "province", "省级", "province", "省|省份" },
	{ "divisions", "level", "city", "地市级", "city", "市|地级|地级市|市州" },
	{ "divisions", "level", "county", "县级", "county", "县|区|县区|县市区" },
	{ "divisions", "level", "town", "乡镇级", "town", "乡镇|镇|乡|街道" },
	{ "divisions", "level", "village", "村级", "village", "村|社区|行政村" },
	{ "divisions", "side", "east", "东部", "east", "东|帮扶方" },
	{ "divisions", "side", "west", "西部", "west", "西|受帮扶方" },
	{ "registers", "register", "death", "死亡", "death", "死亡人员|死亡登记" },
	{ "registers", "register", "household_cancelled", "户籍注销", "household registration cancelled", "注销户籍|销户" },
	{ "registers", "register", "staff", "财政供养人员", "state-paid staff", "财政供养|公职人员" },
	{ "registers", "register", "cadre", "村干部", "village cadre", "村两委|村组干部" },
	{ "registers", "register", "vehicle", "车辆", "vehicle", "机动车|车辆登记" },
	{ "registers", "register", "property", "房产", "property", "不动产|房屋" },
	{ "registers", "register", "business", "工商登记", "business", "市场主体|企业登记|个体工商户" },
	{ "orgs", "kind", "government", "党政机关", "government", "政府|机关|政府机关" },
	{ "orgs", "kind", "enterprise", "企业", "enterprise", "公司" },
	{ "orgs", "kind", "social_org", "社会组织", "social organisation", "社团|基金会" },
	{ "orgs", "kind", "school", "学校", "school", NULL },
	{ "orgs", "kind", "hospital", "医院", "hospital", "卫生院" },
	{ "orgs", "kind", "cooperative", "合作社", "cooperative", "专业合作社|农民专业合作社" },
	{ "orgs", "kind", "other", "其他", "other", NULL },
	{ "pairings", "level", "city", "市级", "city", "市|地市" },
	{ "pairings", "level", "county", "县级", "county", "县|区|县区" },
	{ "pairings", "level", "town", "乡镇", "town", "镇|乡|街道|镇街" },
	{ "pairings", "level", "village", "村村结对", "village", "村|村级" },
	{ "pairings", "level", "enterprise", "村企结对", "enterprise", "企业" },
	{ "pairings", "level", "social_org", "社会组织结对", "social organisation", "社会组织" },
	{ "pairings", "level", "school", "学校结对", "school", "学校|校校结对" },
	{ "pairings", "level", "hospital", "医院结对", "hospital", "医院|院院结对" },
	{ "households", "status", "poor", "未脱贫", "poor", "贫困|贫困户|建档立卡" },
	{ "households", "status", "exited", "已脱贫", "exited", "脱贫|脱贫户" },
	{ "households", "status", "monitored", "监测户", "monitored", "监测|防返贫监测" },
	{ "households", "status", "none", "一般户", "none", "非贫困|一般" },
	{ "funds", "kind", "fiscal", "财政援助", "fiscal aid", "财政|财政资金|财政帮扶资金" },
	{ "funds", "kind", "social", "社会帮扶", "social aid (cash)", "社会|社会资金|社会帮扶资金|捐款" },
	{ "funds", "kind", "goods", "物资折款", "donated goods (valued)", "物资|捐物" },
	{ "projects", "category", "industry", "产业发展", "industry", "产业|产业项目" },
	{ "projects", "category", "infrastructure", "基础设施", "infrastructure", "基础设施建设|农村基础设施" },
	{ "projects", "category", "education", "教育", "education", "教育帮扶" },
	{ "projects", "category", "health", "医疗卫生", "health", "医疗|健康|卫生" },
	{ "projects", "category", "labour", "劳务协作", "labour", "劳务|就业" },
	{ "projects", "category", "housing", "住房", "housing", "住房安全|危房改造" },
	{ "projects", "category", "water", "饮水", "water", "饮水安全|水利" },
	{ "projects", "category", "other", "其他", "other", NULL },
	{ "projects", "category", "insurance", "农业保险", "agricultural insurance", "保险" },
	{ "projects", "category", "hand_in_hand", "携手奔小康", "hand in hand", "携手奔小康项目" },
	{ "projects", "status", "planned", "谋划", "planned", "计划|规划|谋划中" },
	{ "projects", "status", "approved", "批复", "approved", "已批复|立项" },
	{ "projects", "status", "started", "开工", "started", "在建|实施中|已开工" },
	{ "projects", "status", "completed", "完工", "completed", "已完工|竣工" },
	{ "projects", "status", "accepted", "验收", "accepted", "已验收" },
	{ "projects", "status", "settled", "报账", "settled", "已报账|结算|已结算" },
	{ "projects", "status", "cancelled", "取消", "cancelled", "已取消|撤销" },
	{ "payments", "purpose", "wage", "务工工资", "wages", "工资|劳务报酬" },
	{ "payments", "purpose", "stable_job_subsidy", "稳岗补贴", "stable-job subsidy", "稳岗" },
	{ "payments", "purpose", "industry_award", "产业奖补", "industry award", "产业奖励|以奖代补" },
	{ "payments", "purpose", "scholarship", "助学金", "scholarship", "奖助学金|教育资助" },
	{ "payments", "purpose", "contract", "工程合同款", "contract", "工程款|合同款" },
	{ "payments", "purpose", "relief", "救助金", "relief", "救助|临时救助|救灾" },
	{ "payments", "purpose", "other", "其他", "other", NULL },
	{ "payments", "purpose", "labour_award", "劳务奖补", "labour award", "劳务奖励|务工奖补|交通补贴" },
	{ "workers", "kind", "transfer", "转移就业", "transfer", "劳务输转|外出务工" },
	{ "workers", "kind", "graduate", "高校毕业生招录", "graduate hired", "高校毕业生|毕业生" },
	{ "workers", "kind", "public_welfare", "公益性岗位", "public-welfare job", "公益岗位|公益岗" },
	{ "exchanges", "kind", "cadre", "挂职干部", "cadre", "干部|党政干部" },
	{ "exchanges", "kind", "teacher", "支教教师", "teacher", "教师|老师" },
	{ "exchanges", "kind", "doctor", "支医医生", "doctor", "医生|医务人员|医疗人员" },
	{ "exchanges", "kind", "technician", "专业技术人才", "technician", "专技人才|技术人员" },
	{ "exchanges", "direction", "east_west", "东部到西部", "east to west", "东西|东部派往西部" },
	{ "exchanges", "direction", "west_east", "西部到东部", "west to east", "西东|西部派往东部" },
	{ "trainings", "kind", "cadre", "党政干部培训", "cadres", "干部|干部培训" },
	{ "trainings", "kind", "technical", "专业技术人才培训", "technical", "专业技术|技术培训|专技" },
	{ "trainings", "kind", "leader", "致富带头人培训", "leaders", "致富带头人|带头人" },
	{ "trainings", "kind", "labour", "劳动力技能培训", "labour", "劳动力|技能培训|劳务培训" },
	{ "events", "kind", "joint_meeting", "联席会议", "joint meeting", "联席会" },
	{ "events", "kind", "leader_visit", "领导互访", "leaders' visit", "互访|党政领导互访" },
	{ "events", "kind", "department_visit", "部门互访", "departments' visit", "部门对接" },
	{ "events", "kind", "job_fair", "招聘会", "job fair", "专场招聘会|劳务招聘会" },
	{ "events", "kind", "supervision", "常态督导", "supervision", "督导|督查" },
	{ "findings", "check", "allocated_before_arrival", "资金未到先安排", "allocated before the fund arrived", NULL },
	{ "findings", "check", "asset_owner", "有车有房有企仍领补助", "household owning assets paid", "有资产家庭领取补助" },
	{ "findings", "check", "cadre_household", "村干部家庭领取", "cadre's household paid", "优亲厚友" },
	{ "findings", "check", "complaint_overdue", "举报逾期未答复", "complaint overdue", "逾期未答复" },
	{ "findings", "check", "duplicate_payment", "重复拨付", "duplicate payment", "重复发放" },
	{ "findings", "check", "idle_funds", "资金闲置", "idle funds", "资金沉淀" },
	{ "findings", "check", "large_personal_payment", "个人大额发放", "large payment to a person", "大额发放" },
	{ "findings", "check", "late_fiscal", "财政资金迟到位", "fiscal fund late", "财政资金延迟到位" },
	{ "findings", "check", "paid_after_death", "死亡后仍领取", "paid after death", "死亡冒领" },
	{ "findings", "check", "paid_before_allocation", "未安排先拨付", "paid before allocation", "先支后拨" },
	{ "findings", "check", "payee_is_staff", "财政供养人员领取", "payee on the state-paid staff", "公职人员领取" },
	{ "findings", "check", "project_stalled", "项目停滞", "project stalled", "项目停工" },
	{ "findings", "kind", "funds", "帮扶资金", "fund", "资金" },
	{ "findings", "kind", "allocations", "资金安排", "allocation", "安排" },
	{ "findings", "kind", "payments", "资金拨付", "payment", "拨付|发放" },
	{ "findings", "kind", "projects", "项目", "project", NULL },
	{ "findings", "kind", "complaints", "群众举报", "public report", "举报|投诉" },
	{ "findings", "state", "open", "待处理", "open", "未处理" },
	{ "findings", "state", "assigned", "已分派", "assigned", "处理中" },
	{ "findings", "state", "confirmed", "已确认", "confirmed", "属实" },
	{ "findings", "state", "dismissed", "已排除", "dismissed", "不属实" },
	{ "findings", "state", "recovered", "已追回", "recovered", "已整改" },
};

const char *enum_label(const char *kind, const char *column, const char *value, int en)
{
	for (size_t i = 0; i < ARRAY_SIZE(words); i++)
		if (streq(words[i].value, value) && streq(words[i].column, column) && streq(words[i].kind, kind))
			return en ? words[i].en : words[i].zh;
	return NULL;
}

const char *enum_label_any(const char *value, int en)
{
	for (size_t i = 0; i < ARRAY_SIZE(words); i++)
		if (streq(words[i].value, value))
			return en ? words[i].en : words[i].zh;
	return NULL;
}

/* Is words one of the "|"-separated names in list? */
static int named(const char *list, const char *w)
{
	size_t n = strlen(w);
	for (const char *p = list; p && *p;) {
		size_t len = strcspn(p, "|");
		if (len == n && strncmp(p, w, n) == 0)
			return 1;
		p += len;
		if (*p)
			p++;
	}
	return 0;
}

const char *enum_from_words(const char *kind, const char *column, const char *text)
{
	char *w = fold_text(text); /* Traditional to Simplified */
	const char *found = NULL;
	for (size_t i = 0; !found && i < ARRAY_SIZE(words); i++)
		if (streq(words[i].kind, kind) && streq(words[i].column, column) &&
		    (streq(words[i].zh, w) || named(words[i].aliases, w)))
			found = words[i].value;
	free(w);
	return found;
}
