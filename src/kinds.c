/*
** kinds.c: every kind of the bundle format (FORMATS.md): registry, money,
** cooperation.
*/
#include "kinds.h"
#include <stdlib.h>
#include <string.h>
#include "banned.h"

static const struct column division_cols[] = {
	{ "code", "行政区划代码|区划代码|代码", T_DIV, C_REQ | C_KEY, NULL, "区划代码" },
	{ "name", "名称|区划名称", T_TEXT, C_REQ | C_FOLD, NULL, "名称" },
	{ "level", "级别|层级", T_ENUM, C_REQ, "province|city|county|town|village", "级别" },
	{ "parent", "上级|上级代码|上级区划代码", T_DIV, 0, NULL, "上级" },
	{ "side", "东西部|方位", T_ENUM, 0, "east|west", "东西部" },
	{ "poor", "贫困|是否贫困", T_BOOL, 0, NULL, "贫困" },
	{ "exited", "退出年份|摘帽年份|脱贫年份", T_YEAR, 0, NULL, "退出年份" },
};

static const struct column org_cols[] = {
	{ "code", "统一社会信用代码|代码", T_ORG, C_REQ | C_KEY, NULL, "统一社会信用代码" },
	{ "name", "名称|单位名称|机构名称", T_TEXT, C_REQ | C_FOLD, NULL, "名称" },
	{ "kind", "类型|类别", T_ENUM, C_REQ,
	  "government|enterprise|social_org|school|hospital|cooperative|other", "类型" },
	{ "division", "所在区划|区划代码|行政区划代码", T_DIV, 0, NULL, "所在区划" },
};

static const struct column pairing_cols[] = {
	{ "id", "编号", T_TEXT, C_REQ | C_KEY, NULL, "编号" },
	{ "east", "东部|帮扶方", T_PARTY, C_REQ, NULL, "帮扶方" },
	{ "west", "西部|受帮扶方", T_PARTY, C_REQ, NULL, "受帮扶方" },
	{ "level", "级别|层级|类型", T_ENUM, C_REQ,
	  "city|county|town|village|enterprise|social_org|school|hospital", "结对层级" },
	{ "since", "开始日期|起始日期|结对日期", T_DATE, 0, NULL, "开始" },
	{ "until", "结束日期|截止日期", T_DATE, 0, NULL, "结束" },
	{ "agreement", "协议|协议名称", T_TEXT, C_FOLD, NULL, "协议" },
};

static const struct column household_cols[] = {
	{ "id", "户编号|编号", T_TEXT, C_REQ | C_KEY, NULL, "户编号" },
	{ "village", "村|所在村|行政区划代码|区划代码", T_DIV, C_REQ, NULL, "村" },
	{ "head", "户主身份证号|户主公民身份号码|户主", T_IDNUM, C_REQ, NULL, "户主" },
	{ "size", "人口|家庭人口|人口数", T_COUNT, 0, NULL, "人口" },
	{ "status", "状态|户状态", T_ENUM, C_REQ, "poor|exited|monitored|none", "状态" },
	{ "registered", "建档年份|识别年份", T_YEAR, 0, NULL, "建档年份" },
	{ "exited", "脱贫年份", T_YEAR, 0, NULL, "脱贫年份" },
};

static const struct column person_cols[] = {
	{ "id_number", "公民身份号码|身份证号|身份证号码", T_IDNUM, C_REQ | C_KEY, NULL, "公民身份号码" },
	{ "name", "姓名", T_TEXT, C_REQ | C_FOLD, NULL, "姓名" },
	{ "household", "户编号|所在户", T_REF, C_REQ, NULL, "户编号" },
	{ "relation", "与户主关系|关系", T_TEXT, 0, NULL, "与户主关系" },
	{ "labour", "劳动力|是否劳动力", T_BOOL, 0, NULL, "劳动力" },
	{ "died", "死亡日期", T_DATE, 0, NULL, "死亡日期" },
};

static const struct column fund_cols[] = {
	{ "id", "编号|资金编号", T_TEXT, C_REQ | C_KEY, NULL, "编号" },
	{ "date", "日期|到位日期", T_DATE, C_REQ, NULL, "日期" },
	{ "kind", "类型|资金类型", T_ENUM, C_REQ, "fiscal|social|goods", "类型" },
	{ "from", "来源|帮扶方", T_PARTY, C_REQ, NULL, "来源", "from_" },
	{ "to", "拨入县|受援县", T_DIV, C_REQ, NULL, "拨入县", "to_" },
	{ "pairing", "结对编号", T_REF, 0, NULL, "结对" },
	{ "amount", "金额|金额(元)", T_MONEY, C_REQ, NULL, "金额" },
	{ "reverses", "冲销|冲正", T_REF, 0, NULL, "冲销" },
	{ "note", "备注|用途", T_TEXT, C_FOLD, NULL, "备注" },
};

static const struct column project_cols[] = {
	{ "id", "编号|项目编号", T_TEXT, C_REQ | C_KEY, NULL, "编号" },
	{ "name", "名称|项目名称", T_TEXT, C_REQ | C_FOLD, NULL, "项目名称" },
	{ "county", "县|所在县", T_DIV, C_REQ, NULL, "县" },
	{ "village", "村|所在村", T_DIV, 0, NULL, "村" },
	{ "pairing", "结对编号", T_REF, 0, NULL, "结对" },
	{ "category", "类别|项目类别", T_ENUM, C_REQ,
	  "industry|infrastructure|education|health|labour|housing|water|other|insurance|hand_in_hand", "类别" },
	{ "budget", "预算|预算(元)|投资|金额", T_MONEY, C_REQ, NULL, "预算" },
	{ "year", "年度", T_YEAR, C_REQ, NULL, "年度" },
	{ "status", "状态", T_ENUM, C_REQ,
	  "planned|approved|started|completed|accepted|settled|cancelled", "状态" },
	{ "started", "开工日期", T_DATE, 0, NULL, "开工" },
	{ "completed", "完工日期", T_DATE, 0, NULL, "完工" },
	{ "accepted", "验收日期", T_DATE, 0, NULL, "验收" },
	{ "settled", "报账日期", T_DATE, 0, NULL, "报账" },
};

static const struct column beneficiary_cols[] = {
	{ "project", "项目编号", T_REF, C_REQ | C_KEY, NULL, "项目" },
	{ "household", "户编号", T_REF, C_REQ | C_KEY, NULL, "户编号" },
};

static const struct column allocation_cols[] = {
	{ "id", "编号", T_TEXT, C_REQ | C_KEY, NULL, "编号" },
	{ "date", "日期", T_DATE, C_REQ, NULL, "日期" },
	{ "fund", "资金编号", T_REF, C_REQ, NULL, "资金" },
	{ "project", "项目编号", T_REF, C_REQ, NULL, "项目" },
	{ "amount", "金额|金额(元)", T_MONEY, C_REQ, NULL, "金额" },
	{ "reverses", "冲销|冲正", T_REF, 0, NULL, "冲销" },
};

static const struct column payment_cols[] = {
	{ "id", "编号", T_TEXT, C_REQ | C_KEY, NULL, "编号" },
	{ "date", "日期|拨付日期", T_DATE, C_REQ, NULL, "日期" },
	{ "project", "项目编号", T_REF, C_REQ, NULL, "项目" },
	{ "payee", "收款人|收款方|公民身份号码|身份证号", T_PAYEE, C_REQ, NULL, "收款方" },
	{ "amount", "金额|金额(元)", T_MONEY, C_REQ, NULL, "金额" },
	{ "purpose", "用途", T_ENUM, C_REQ,
	  "wage|stable_job_subsidy|industry_award|scholarship|contract|relief|other|labour_award", "用途" },
	{ "reverses", "冲销|冲正", T_REF, 0, NULL, "冲销" },
};

static const struct column worker_cols[] = {
	{ "id_number", "公民身份号码|身份证号|身份证号码", T_IDNUM, C_REQ | C_KEY, NULL, "公民身份号码" },
	{ "name", "姓名", T_TEXT, C_REQ | C_FOLD, NULL, "姓名" },
	{ "origin", "户籍县|输出地|来源县", T_DIV, C_REQ, NULL, "输出县" },
	{ "employer", "用工单位|就业单位", T_ORG, 0, NULL, "用工单位" },
	{ "destination", "就业地|输入地", T_DIV, C_REQ, NULL, "就业地" },
	{ "batch", "批次", T_TEXT, 0, NULL, "批次" },
	{ "start", "开始日期|就业日期|上岗日期", T_DATE, C_REQ | C_KEY, NULL, "上岗", "start_" },
	{ "end", "结束日期|离岗日期", T_DATE, 0, NULL, "离岗", "end_" },
	{ "kind", "类型|就业类型", T_ENUM, 0, "transfer|graduate|public_welfare", "类型" },
};

static const struct column workshop_cols[] = {
	{ "id", "编号|车间编号", T_TEXT, C_REQ | C_KEY, NULL, "编号" },
	{ "name", "名称|车间名称", T_TEXT, C_REQ | C_FOLD, NULL, "车间名称" },
	{ "org", "经营主体|单位", T_ORG, 0, NULL, "经营主体" },
	{ "village", "村|所在村", T_DIV, C_REQ, NULL, "村" },
	{ "certified", "认定日期", T_DATE, C_REQ, NULL, "认定日期" },
	{ "jobs", "就业人数|岗位数", T_COUNT, C_REQ, NULL, "就业人数" },
	{ "poor_jobs", "贫困人口就业人数|其中贫困人口", T_COUNT, C_REQ, NULL, "其中贫困人口" },
};

static const struct column sale_cols[] = {
	{ "id", "编号", T_TEXT, C_REQ | C_KEY, NULL, "编号" },
	{ "date", "日期", T_DATE, C_REQ, NULL, "日期" },
	{ "seller", "销售方|供货方", T_ORG, C_REQ, NULL, "销售方" },
	{ "buyer", "采购方|购买方", T_ORG, C_REQ, NULL, "采购方" },
	{ "product", "产品|商品", T_TEXT, C_FOLD, NULL, "产品" },
	{ "amount", "金额|金额(元)", T_MONEY, C_REQ, NULL, "金额" },
	{ "poor_households", "带动贫困户", T_COUNT, 0, NULL, "带动贫困户" },
	{ "pairing", "结对编号", T_REF, 0, NULL, "结对" },
};

static const struct column investment_cols[] = {
	{ "id", "编号", T_TEXT, C_REQ | C_KEY, NULL, "编号" },
	{ "date", "日期|到位日期", T_DATE, C_REQ, NULL, "日期" },
	{ "org", "企业|投资企业", T_ORG, C_REQ, NULL, "投资企业" },
	{ "county", "县|落地县", T_DIV, C_REQ, NULL, "落地县" },
	{ "amount", "金额|金额(元)|到位资金", T_MONEY, C_REQ, NULL, "到位资金" },
	{ "poor_employed", "吸纳贫困人口就业", T_COUNT, 0, NULL, "吸纳贫困人口就业" },
	{ "poor_driven", "带动贫困人口", T_COUNT, 0, NULL, "带动贫困人口" },
	{ "pairing", "结对编号", T_REF, 0, NULL, "结对" },
};

static const struct column exchange_cols[] = {
	{ "id", "编号", T_TEXT, C_REQ | C_KEY, NULL, "编号" },
	{ "name", "姓名", T_TEXT, C_REQ | C_FOLD, NULL, "姓名" },
	{ "kind", "类型|类别", T_ENUM, C_REQ, "cadre|teacher|doctor|technician", "类型" },
	{ "direction", "方向", T_ENUM, C_REQ, "east_west|west_east", "方向" },
	{ "pairing", "结对编号", T_REF, C_REQ, NULL, "结对" },
	{ "start", "开始日期", T_DATE, C_REQ, NULL, "开始", "start_" },
	{ "end", "结束日期", T_DATE, 0, NULL, "结束", "end_" },
};

static const struct column training_cols[] = {
	{ "id", "编号", T_TEXT, C_REQ | C_KEY, NULL, "编号" },
	{ "date", "日期", T_DATE, C_REQ, NULL, "日期" },
	{ "title", "名称|培训名称", T_TEXT, C_REQ | C_FOLD, NULL, "培训名称" },
	{ "kind", "类型|类别", T_ENUM, C_REQ, "cadre|technical|leader|labour", "类型" },
	{ "pairing", "结对编号", T_REF, C_REQ, NULL, "结对" },
	{ "person_times", "人次|培训人次", T_COUNT, C_REQ, NULL, "人次" },
};

static const struct column event_cols[] = {
	{ "id", "编号", T_TEXT, C_REQ | C_KEY, NULL, "编号" },
	{ "date", "日期", T_DATE, C_REQ, NULL, "日期" },
	{ "kind", "类型|类别", T_ENUM, C_REQ, "joint_meeting|leader_visit|department_visit|job_fair|supervision", "类型" },
	{ "pairing", "结对编号", T_REF, C_REQ, NULL, "结对" },
	{ "note", "备注", T_TEXT, 0, NULL, "备注" },
};

/* registers of other offices, for the audit checks (FORMATS.md) */
static const struct column register_cols[] = {
	{ "register", "名单|名单类型|核查名单", T_ENUM, C_REQ | C_KEY,
	  "death|household_cancelled|staff|cadre|vehicle|property|business", "名单" },
	{ "id_number", "公民身份号码|身份证号|身份证号码", T_IDNUM, C_REQ | C_KEY, NULL, "公民身份号码" },
	{ "name", "姓名", T_TEXT, C_FOLD, NULL, "姓名" },
	{ "from", "起始日期|日期|登记日期", T_DATE, C_REQ | C_KEY, NULL, "起始日期", "from_" },
	{ "until", "截止日期|终止日期", T_DATE, 0, NULL, "截止日期" },
	{ "place", "所在地|行政区划代码|村", T_DIV, 0, NULL, "所在地" },
	{ "note", "备注", T_TEXT, 0, NULL, "备注" },
};

/* the audit checks' findings as they are handled (auditcheck.c, findings.c):
** exported so that a store's findings and their states move with it */
static const struct column finding_cols[] = {
	{ "id", "编号", T_TEXT, C_REQ | C_KEY, NULL, "编号" },
	{ "check", "核查项目|比对规则", T_ENUM, C_REQ,
	  "allocated_before_arrival|asset_owner|cadre_household|complaint_overdue|duplicate_payment|idle_funds|"
	  "large_personal_payment|late_fiscal|paid_after_death|paid_before_allocation|payee_is_staff|project_stalled",
	  "核查项目", "check_" },
	{ "kind", "记录类型", T_ENUM, C_REQ, "funds|allocations|payments|projects|complaints", "记录类型" },
	{ "record", "记录编号", T_TEXT, C_REQ, NULL, "记录" },
	{ "county", "县|所在县", T_DIV, 0, NULL, "所在县" },
	{ "amount", "金额|金额(元)", T_MONEY, 0, NULL, "金额" },
	{ "detail", "说明|情况", T_TEXT, 0, NULL, "情况" },
	{ "state", "状态|处理状态", T_ENUM, C_REQ, "open|assigned|confirmed|dismissed|recovered", "处理状态" },
	{ "assignee", "承办人", T_TEXT, 0, NULL, "承办人" },
	{ "recover", "应追回金额|追回金额", T_MONEY, 0, NULL, "应追回" },
	{ "reason", "理由|原因", T_TEXT, 0, NULL, "理由" },
	{ "first_seen", "首次发现", T_TEXT, C_REQ, NULL, "首次发现" },
	{ "last_seen", "最近发现", T_TEXT, C_REQ, NULL, "最近发现" },
	{ "updated", "最近处理", T_TEXT, C_REQ, NULL, "最近处理" },
};

/* target: a count, or yuan for a money indicator (checked by its indicator) */
static const struct column target_cols[] = {
	{ "year", "年度", T_YEAR, C_REQ | C_KEY, NULL, "年度" },
	{ "pairing", "结对编号", T_REF, C_REQ | C_KEY, NULL, "结对" },
	{ "indicator", "指标", T_TEXT, C_REQ | C_KEY, NULL, "指标" },
	{ "target", "目标|目标任务|任务", T_TEXT, C_REQ, NULL, "目标" },
};

#define K(n, label, en, cols, order, rank, money, year) \
	{ n, label, en, cols, (int)ARRAY_SIZE(cols), order, rank, money, year }
const struct kind kinds[] = {
	K("divisions", "行政区划", "Divisions", division_cols, "code", 10, 0, NULL),
	K("orgs", "单位", "Organisations", org_cols, "code", 20, 0, NULL),
	K("pairings", "结对关系", "Pairings", pairing_cols, "id", 30, 0, NULL),
	K("households", "农户", "Households", household_cols, "id", 40, 0, NULL),
	K("persons", "人员", "Persons", person_cols, "household, id_number_hash", 50, 0, NULL),
	K("registers", "核查名单", "Registers", register_cols, "register, from_, id_number_hash", 55, 0, NULL),
	K("funds", "帮扶资金", "Funds", fund_cols, "seq", 60, 1, "date"),
	K("projects", "项目", "Projects", project_cols, "id", 70, 0, "year"),
	K("beneficiaries", "受益农户", "Beneficiaries", beneficiary_cols, "project, household", 80, 0, NULL),
	K("allocations", "资金安排", "Allocations", allocation_cols, "seq", 90, 1, "date"),
	K("payments", "资金拨付", "Payments", payment_cols, "seq", 100, 1, "date"),
	K("workers", "劳务输转", "Workers moved", worker_cols, "start_, id_number_hash", 110, 0, "start"),
	K("workshops", "帮扶车间", "Workshops", workshop_cols, "id", 120, 0, "certified"),
	K("sales", "消费帮扶", "Purchases", sale_cols, "id", 130, 0, "date"),
	K("investments", "产业合作", "Investments", investment_cols, "id", 140, 0, "date"),
	K("exchanges", "人才交流", "Staff exchanges", exchange_cols, "id", 150, 0, "start"),
	K("trainings", "培训", "Trainings", training_cols, "id", 160, 0, "date"),
	K("events", "交流活动", "Events", event_cols, "id", 170, 0, "date"),
	K("targets", "目标任务", "Targets", target_cols, "year, pairing, indicator", 180, 0, "year"),
	K("findings", "核查发现", "Findings", finding_cols, "id", 190, 0, NULL),
};
const int nkinds = (int)ARRAY_SIZE(kinds);

const struct kind *kind_find(const char *name)
{
	for (int i = 0; i < nkinds; i++)
		if (strcmp(kinds[i].name, name) == 0)
			return &kinds[i];
	return NULL;
}

int kind_for_auditors(const struct kind *k)
{
	return streq(k->name, "registers") || streq(k->name, "findings");
}

const char *kind_label(const struct kind *k, int en)
{
	return en ? k->label_en : k->label;
}

void column_heading(struct buf *b, const struct column *c, int en)
{
	if (!en) {
		buf_adds(b, c->label);
		return;
	}
	if (streq(c->name, "org")) { /* the one header that is short for its word */
		buf_adds(b, "Organisation");
		return;
	}
	/* the header's words, the first capitalised, "id" as ID */
	for (const char *p = c->name; *p;) {
		size_t n = strcspn(p, "_");
		if (p != c->name)
			buf_addc(b, ' ');
		if (n == 2 && strncmp(p, "id", 2) == 0) {
			buf_adds(b, "ID");
		} else {
			buf_addc(b, p == c->name && *p >= 'a' && *p <= 'z' ? (char)(*p - 'a' + 'A') : *p);
			buf_add(b, p + 1, n - 1);
		}
		p += n;
		p += *p == '_';
	}
}

int kind_col(const struct kind *k, const char *name)
{
	/* asked for by every row of an import: the first byte first */
	for (int i = 0; i < k->ncols; i++)
		if (k->cols[i].name[0] == name[0] && strcmp(k->cols[i].name, name) == 0)
			return i;
	return -1;
}

const char *col_sql(const struct column *c)
{
	return c->sql ? c->sql : c->name;
}

int col_width(const struct column *c)
{
	return c->type == T_IDNUM ? 3 : c->type == T_PAYEE ? 4 : 1;
}

void kind_sql_cols(const struct kind *k, struct buf *b, int with_fold)
{
	for (int i = 0; i < k->ncols; i++) {
		const struct column *c = &k->cols[i];
		if (i)
			buf_adds(b, ", ");
		if (c->type == T_IDNUM)
			buf_addf(b, "%s_hash, %s_ct, %s_ends", c->name, c->name, c->name);
		else if (c->type == T_PAYEE)
			buf_addf(b, "%s_org, %s_hash, %s_ct, %s_ends", c->name, c->name, c->name, c->name);
		else
			buf_adds(b, col_sql(c));
		if (with_fold && (c->flags & C_FOLD))
			buf_addf(b, ", %s_fold", c->name);
	}
}

int kind_key_col(const struct kind *k)
{
	for (int i = 0; i < k->ncols; i++)
		if (k->cols[i].flags & C_KEY)
			return i;
	BUG("kind without key");
}

int kind_nkeys(const struct kind *k)
{
	int n = 0;
	for (int i = 0; i < k->ncols; i++)
		n += (k->cols[i].flags & C_KEY) != 0;
	return n;
}

void kind_key_where(const struct kind *k, struct buf *b)
{
	int n = 0;
	for (int i = 0; i < k->ncols; i++) {
		const struct column *c = &k->cols[i];
		if (!(c->flags & C_KEY))
			continue;
		buf_addf(b, "%s%s%s = ?", n++ ? " AND " : "", col_sql(c), c->type == T_IDNUM ? "_hash" : "");
	}
}

#include "db.h"
#include "places.h"

char *division_name(struct db *db, const char *code)
{
	char *n = db_text(db, "SELECT name FROM divisions WHERE code = ?", code, (char *)NULL);
	struct place p;
	if (!n && place_get(code, &p))
		n = xstrdup(p.name);
	return n;
}

int division_level(struct db *db, const char *code)
{
	/* a stored division's level is its code's (import checks it) */
	struct place p;
	if (db_int(db, 0, "SELECT COUNT(*) FROM divisions WHERE code = ?", code, (char *)NULL))
		return divcode_level(code);
	return place_get(code, &p) ? p.level : -1;
}

char *party_name(struct db *db, const char *code)
{
	char *n = division_name(db, code);
	if (!n)
		n = db_text(db, "SELECT name FROM orgs WHERE code = ?", code, (char *)NULL);
	return n;
}

int division_adopt(struct db *db, const char *code)
{
	struct place p;
	if (!place_get(code, &p))
		return -1;
	if (p.parent[0] && !db_int(db, 0, "SELECT COUNT(*) FROM divisions WHERE code = ?", p.parent, (char *)NULL))
		division_adopt(db, p.parent);
	char *fold = fold_text(p.name);
	struct stmt *st = db_prepare(db, "INSERT INTO divisions(code, name, name_fold, level, parent, builtin) "
					 "VALUES(?, ?, ?, ?, ?, 1) ON CONFLICT(code) DO NOTHING");
	stmt_bind_text(st, 1, p.code);
	stmt_bind_text(st, 2, p.name);
	stmt_bind_text(st, 3, streq(fold, p.name) ? NULL : fold);
	stmt_bind_text(st, 4, place_level_name(p.level));
	stmt_bind_text(st, 5, p.parent[0] ? p.parent : NULL);
	stmt_step(st);
	stmt_finalize(st);
	free(fold);
	return p.level;
}

char *division_side_of(struct db *db, const char *code)
{
	char *cur = xstrdup(code);
	for (int depth = 0; cur && depth < 6; depth++) {
		struct stmt *st = db_prepare(db, "SELECT side, parent FROM divisions WHERE code = ?");
		stmt_bind_text(st, 1, cur);
		char *side = NULL, *parent = NULL;
		if (stmt_step(st)) {
			side = stmt_text(st, 0) ? xstrdup(stmt_text(st, 0)) : NULL;
			parent = stmt_text(st, 1) ? xstrdup(stmt_text(st, 1)) : NULL;
		}
		stmt_finalize(st);
		free(cur);
		cur = parent;
		if (side) {
			free(cur);
			return side;
		}
	}
	free(cur);
	return NULL;
}

char *kind_value(const struct column *c, struct stmt *st, int *sc, enum shown how,
		 const struct secret *key)
{
	int i = *sc;
	*sc += col_width(c);
	if (c->type == T_PAYEE) {
		if (!stmt_isnull(st, i))
			return xstrdup(stmt_text(st, i));
		i++; /* a person: the rest is read as an identity number */
	}
	if (stmt_isnull(st, i))
		return NULL;
	if (c->type == T_IDNUM || c->type == T_PAYEE) {
		char out[SECRET_TOKEN_LEN + 1];
		if (how == SHOW_MASKED) {
			idnum_mask(stmt_text(st, i + 2), out);
			return xstrdup(out);
		}
		if (how == SHOW_EXPORT) {
			secret_token(stmt_text(st, i), stmt_text(st, i + 1), out);
			return xstrdup(out);
		}
		char id[19];
		if (secret_open(key, stmt_text(st, i), stmt_text(st, i + 1), id) != 0)
			die("an identity number cannot be opened with this key file: is it the store's own?");
		return xstrdup(id);
	}
	if (c->type == T_MONEY) {
		char m[32];
		money_format(stmt_int(st, i), m);
		return xstrdup(m);
	}
	return xstrdup(stmt_text(st, i));
}

/* The length of a bundle file's extension (.csv, or .xlsx for a
** spreadsheet), 0 when it is neither. */
size_t bundle_ext(const char *name)
{
	size_t n = strlen(name);
	if (n > 4 && strcmp(name + n - 4, ".csv") == 0)
		return 4;
	if (n > 5 && strcmp(name + n - 5, ".xlsx") == 0)
		return 5;
	return 0;
}

const struct kind *kind_of_file(const char *path)
{
	const char *base = strrchr(path, '/');
	base = base ? base + 1 : path;
	size_t n = strlen(base), ext = bundle_ext(base);
	if (!ext)
		return NULL;
	char name[64];
	if (n - ext >= sizeof name)
		return NULL;
	memcpy(name, base, n - ext);
	name[n - ext] = 0;
	for (int i = 0; i < nkinds; i++)
		if (streq(kinds[i].name, name) || streq(kinds[i].label, name))
			return &kinds[i];
	return NULL;
}
