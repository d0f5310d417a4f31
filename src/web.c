/*
** web.c: what every page and API answer of the server shares (see web.h):
** the message catalogue, answers with their security headers, the page
** frame, errors, sessions and cookies, the user's region, and running a
** command for a request with its output captured.
*/
#include "bangfu.h"
#include "web.h"
#include "enums.h"
#include "kinds.h"
#include "map.h"
#include "users.h"
#include <event2/buffer.h>
#include <event2/http.h>
#include <event2/keyvalq_struct.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <iconv.h>
#include "banned.h"

/* ---- the message catalogue: every string of the pages ----------------- */

static const struct msg {
	const char *key, *zh, *en; /* zh-TW is zh converted by OpenCC */
} msgs[] = {
	{ "app", "帮扶 · 东西部协作", "Bangfu · East–West cooperation" },
	{ "signin", "登录", "Sign in" },
	{ "signout", "退出", "Sign out" },
	{ "role_admin", "系统管理员", "administrator" },
	{ "role_clerk", "县级经办", "county clerk" },
	{ "role_east_office", "东部协作办", "eastern cooperation office" },
	{ "role_auditor", "审计", "auditor" },
	{ "role_viewer", "查看", "viewer" },
	{ "chg_role", "角色", "role" },
	{ "chg_region", "地区", "region" },
	{ "name", "账号", "Account" },
	{ "password", "密码", "Password" },
	{ "bad_signin", "账号或密码不正确。", "Wrong account or password." },
	{ "locked", "从这里连续多次登录失败，请15分钟后再试；忘记密码请联系管理员。", "Too many failed sign-ins from here: try again in 15 minutes, or ask an administrator to reset the password." },
	{ "dashboard", "工作台", "Dashboard" },
	{ "records", "记录", "Records" },
	{ "audit", "审计日志", "Audit trail" },
	{ "api", "接口说明", "API reference" },
	{ "year", "年度", "Year" },
	{ "pairing", "结对", "Pairing" },
	{ "indicator", "指标", "Indicator" },
	{ "value", "完成", "Done" },
	{ "target", "目标", "Target" },
	{ "completion", "完成率", "Completion" },
	{ "search", "搜索", "Search" },
	{ "prev", "上一页", "Previous" },
	{ "next", "下一页", "Next" },
	{ "all", "全部", "All" },
	{ "filter", "筛选", "Filter" },
	{ "clear_filter", "清除筛选", "Clear" },
	{ "pairing", "结对关系", "Pairing" },
	{ "area", "地区", "Area" },
	{ "amount_yuan", "金额（元）", "Amount (yuan)" },
	{ "from_to", "至", "to" },
	{ "rows", "条记录", "records" },
	{ "rows_more_than", "超过 ", "more than " },
	{ "payments_archived", "这些年份的拨付已归档，不在此列：", "Payments of these years are archived and not listed here: " },
	{ "narrow_for_total", "；缩小筛选范围可看到合计", "; narrow the choice to see the total" },
	{ "money_total", "金额合计", "Total" },
	{ "money_total_yuan", "金额合计（元）", "Total (yuan)" },
	{ "forbidden", "无权访问此页面。", "You may not open this page." },
	{ "not_found", "没有这个页面。", "No such page." },
	{ "no_such_record", "没有这条记录，请核对编号：", "No such record; check the number: " },
	{ "trace_archived", "这笔拨付所在的年份已归档，须请系统管理员恢复该年后才能查看其去向。归档的年份：",
	  "This payment's year is archived: ask the system's administrator to restore that year to follow its money. "
	  "The year archived: " },
	{ "title_400", "请求有误", "Bad request" },
	{ "title_403", "无权访问", "Not allowed" },
	{ "title_404", "页面不存在", "Page not found" },
	{ "title_405", "不支持此操作", "Not supported" },
	{ "title_413", "内容太大", "Too large" },
	{ "title_429", "请求过于频繁", "Too many requests" },
	{ "title_500", "服务器出错", "Server error" },
	{ "title_503", "服务暂不可用", "Service unavailable" },
	{ "title_error", "出错了", "Something went wrong" },
	{ "welcome", "东西部协作帮扶资金管理与公示", "East–West cooperation: funds, records and public notice" },
	{ "welcome_public", "群众查询：帮扶资金阳光公示", "For the public: where the money went" },
	{ "welcome_public_text", "无需登录。查看本县、本村的每一笔帮扶资金和项目，查询发给本人的补贴，对有疑问的款项进行举报。",
	  "No account needed. See every yuan and project of your county and village, look up what was paid to you, and report what looks wrong." },
	{ "welcome_staff", "工作人员登录", "Staff sign-in" },
	{ "welcome_staff_text", "县乡经办人员、东部协作办、审计人员使用本单位分配的账号登录。",
	  "County clerks, eastern cooperation offices and auditors sign in with the account their office gave them." },
	{ "to_portal", "不是工作人员？查看帮扶资金阳光公示", "Not staff? See the public notice of the funds" },
	{ "bad_request", "请求有误：", "Bad request: " },
	{ "csrf", "表单已过期，请重新提交。", "The form has expired: please send it again." },
	{ "region", "管辖范围", "Region" },
	{ "all_regions", "全部", "all" },
	{ "role", "角色", "Role" },
	{ "when", "时间", "When" },
	{ "when_beijing", "时间（北京时间）", "When (Beijing time)" },
	{ "history", "历史记录", "History" },
	{ "checks", "大数据比对", "Audit checks" },
	{ "checks_intro", "把拨付记录与登记信息和其他部门的名单比对，找出可能的问题。每项发现都要处理：分派、确认（写明追回金额）、排除（写明理由）或追回。比对由系统管理员定期运行。",
	  "Payments compared with the registry and other offices' registers to find what may be wrong. Every finding is handled: assigned, confirmed (with the amount to recover), dismissed (with a reason) or recovered. The system's administrator runs the checks at regular times." },
	{ "payee", "收款人", "Payee" },
	{ "since_on", " 起", " on" },
	{ "checks_last", "最近一次比对（北京时间）：", "The checks last ran (Beijing time): " },
	{ "checks_never", "尚未运行比对。", "The checks have not run yet." },
	{ "check", "核查项", "Check" },
	{ "check_what", "查什么", "What it looks for" },
	{ "check_why", "为什么", "Why it matters" },
	{ "check_todo", "怎么办", "What to do" },
	{ "state_open", "待处理", "Open" },
	{ "findings_all", "全部发现", "All findings" },
	{ "open_by_county", "各县待处理发现", "Open findings by county" },
	{ "state", "状态", "State" },
	{ "handling", "处理情况", "Handling" },
	{ "assignee", "经办人", "assigned to" },
	{ "to_recover", "待追回", "to recover" },
	{ "act_assign", "分派给", "Assign to" },
	{ "act_confirm", "确认（追回金额）", "Confirm (amount to recover)" },
	{ "act_dismiss", "排除（写明理由）", "Dismiss (say why)" },
	{ "act_recovered", "已追回", "Recovered" },
	{ "act_reopen", "重新打开（写明理由）", "Reopen (say why)" },
	{ "arg_hint", "经办人/金额", "who / amount" },
	{ "ok", "确定", "OK" },
	{ "no_findings", "没有发现。", "No findings." },
	{ "who", "操作人", "Who" },
	{ "from", "来源地址", "From" },
	{ "action", "操作", "Action" },
	{ "what", "对象", "What" },
	{ "before", "变更前", "Before" },
	{ "col_level", "层级", "Level" },
	{ "col_record", "记录", "Record" },
	{ "col_id", "编号", "Id" },
	{ "col_date", "日期", "Date" },
	{ "col_detail", "摘要", "Detail" },
	{ "col_amount", "金额（元）", "Amount (yuan)" },
	{ "col_balance", "余额（元）", "Balance (yuan)" },
	{ "col_file", "文件", "File" },
	{ "col_line", "行", "Line" },
	{ "col_column", "列", "Column" },
	{ "col_reason", "原因", "Reason" },
	{ "col_rows", "行数", "Rows" },
	{ "col_count", "条数", "Records" },
	{ "col_new", "新增", "New" },
	{ "col_there", "已有", "Already there" },
	{ "col_updated", "更新", "Updated" },
	{ "warning_word", "提示：", "Warning: " },
	{ "col_pairing", "结对", "Pairing" },
	{ "col_year", "年度", "Year" },
	{ "col_indicator", "指标", "Indicator" },
	{ "col_value", "完成", "Done" },
	{ "col_target", "目标", "Target" },
	{ "col_fiscal", "财政资金（元）", "Fiscal (yuan)" },
	{ "col_growth", "同比增长", "Growth" },
	{ "col_fiscal_in_place_by_31_march", "3月底前到位", "In place by 31 March" },
	{ "col_social_cash", "社会帮扶·现金（元）", "Social cash (yuan)" },
	{ "col_social_goods", "社会帮扶·物资折款（元）", "Social goods (yuan)" },
	{ "col_total", "合计（元）", "Total (yuan)" },
	{ "col_allocated", "已安排（元）", "Allocated (yuan)" },
	{ "col_paid", "已拨付（元）", "Paid (yuan)" },
	{ "col_unallocated", "未安排（元）", "Unallocated (yuan)" },
	{ "col_unpaid", "未拨付（元）", "Unpaid (yuan)" },
	{ "col_group", "分组", "Group" },
	{ "col_name", "名称", "Name" },
	{ "col_projects", "项目数", "Projects" },
	{ "col_budget", "预算（元）", "Budget (yuan)" },
	{ "col_transfers", "转移人次", "Transfers" },
	{ "col_persons", "人数", "Persons" },
	{ "col_poor_transfers", "其中建档立卡（人次）", "Registered poor (transfers)" },
	{ "col_poor_persons", "其中建档立卡（人）", "Registered poor (persons)" },
	{ "col_stable", "稳岗三个月以上（人次）", "Stable 3 months (transfers)" },
	{ "col_employed", "在岗（人次）", "Employed (transfers)" },
	{ "trace", "资金流向", "Money trail" },
	{ "back_dashboard", "返回工作台", "Back to the dashboard" },
	{ "behind_flag", "【滞后】", " (behind)" },
	{ "val_yes", "是", "yes" },
	{ "val_no", "否", "no" },
	{ "val_total", "合计", "total" },
	{ "val_all", "全部", "all" },
	{ "val_status", "状态", "status" },
	{ "val_category", "类别", "category" },
	{ "val_purpose", "拨付用途", "purpose paid" },
	{ "val_outcome", "成效", "outcome" },
	{ "val_batch", "批次", "batch" },
	{ "val_destination", "就业地", "destination" },
	{ "val_employer", "用工单位", "employer" },
	{ "val_not cancelled", "不含取消", "not cancelled" },
	{ "val_completion_rate", "完工率", "completion rate" },
	{ "val_settlement_rate", "报账率", "settlement rate" },
	{ "val_households_benefited", "受益农户（户次）", "households benefited" },
	{ "val_registered_poor_benefited", "受益建档立卡人口（人次）", "registered poor benefited" },
	{ "check_only", "只检查，不导入", "Check only, import nothing" },
	{ "checked_only", "检查通过，未导入任何记录（只检查）：", "Everything checked; nothing was imported (check only):" },
	{ "templates", "下载模板（中文表头的 Excel 表格）", "Templates (Excel workbooks with Chinese headers)" },
	{ "step_bad_date", "请选择这一步的日期。", "Choose the date of the step." },
	{ "step_future", "日期不能晚于今天：", "The date cannot be later than today: " },
	{ "step_unknown", "请选择下一步：批复、开工、完工、验收、报账或取消。",
	  "Choose the next step: approved, started, completed, accepted, settled or cancelled." },
	{ "step_not_forward", "项目进度只能向前推进（谋划、批复、开工、完工、验收、报账），或取消。",
	  "A project only moves forward (planned, approved, started, completed, accepted, settled), or is cancelled." },
	{ "step_cancelled", "项目已取消，不能再推进。", "The project is cancelled and cannot move again." },
	{ "step_settled", "项目已报账，不能取消。", "The project is settled and cannot be cancelled." },
	{ "step_refused", "未能记录：", "Not recorded: " },
	{ "fix_title", "更正日期", "Correct a date" },
	{ "fix_reason", "更正原因", "Why" },
	{ "fix_button", "更正", "Correct" },
	{ "fix_history", "更正记录", "Corrections" },
	{ "fix_was", "原为", "was" },
	{ "corrected", "（已更正）", " (corrected)" },
	{ "fix_bad_step", "请选择已登记日期的一步。", "Choose a step that has a date." },
	{ "fix_no_reason", "请写明更正原因（不超过500字节）。", "Say why the date is corrected (at most 500 bytes)." },
	{ "fix_not_taken", "这一步尚未登记，没有日期可以更正。", "That step has not been recorded: there is no date to correct." },
	{ "fix_same", "日期与原日期相同，无需更正。", "That is already the step's date." },
	{ "fix_before", "新日期早于前一步的日期：", "The new date comes before the date of an earlier step: " },
	{ "fix_after", "新日期晚于后一步的日期：", "The new date comes after the date of a later step: " },
	{ "after", "变更后", "After" },
	{ "date_from", "起始日期", "From" },
	{ "date_to", "截止日期", "To" },
	{ "beijing_time", "时间为北京时间。", "Times are Beijing time (UTC+8)." },
	{ "no_pairings", "管辖范围内没有县级以上结对。", "No city or county pairing in your region." },
	{ "import", "导入", "Import" },
	{ "indicators", "指标完成情况", "Indicators" },
	{ "funds", "帮扶资金", "Funds" },
	{ "projects", "帮扶项目", "Projects" },
	{ "labour", "劳务协作", "Labour" },
	{ "bulletin", "每月通报", "Monthly bulletin" },
	{ "month", "月份", "Month" },
	{ "from_year", "起始年", "From" },
	{ "to_year", "截止年", "To" },
	{ "money_by_year", "各年到位资金", "Money received by year" },
	{ "ranking", "结对排名（有目标指标平均完成率）", "Pairings ranked by mean completion of their targets" },
	{ "whole_region", "辖区合计", "the whole region" },
	{ "elapsed_line", "虚线：按时间进度应完成的比例", "Dashed line: the share of the year gone by" },
	{ "unit_wan", "万元", "10k yuan" },
	{ "all_indicators", "全部指标", "Every indicator" },
	{ "all_pairings", "全部结对", "All pairings" },
	{ "show", "查看", "Show" },
	{ "pairings_ranked", "各结对完成情况（有目标指标平均完成率，每项至多按100%计）", "The pairings: mean completion of their targets (each counted at most 100%)" },
	{ "rank", "名次", "Rank" },
	{ "targets_set", "有目标指标", "Targets set" },
	{ "mean_completion", "平均完成率", "Mean completion" },
	{ "behind_count", "滞后指标", "Behind" },
	{ "step", "环节", "Step" },
	{ "date", "日期", "Date" },
	{ "record_step", "登记", "Record" },
	{ "trail", "资金流向", "Money trail" },
	{ "imported", "已导入：", "Imported:" },
	{ "not_imported", "有错误，未导入任何记录：", "Nothing was imported; the errors:" },
	{ "kind", "记录类型", "Kind of record" },
	{ "csv", "或粘贴 CSV 内容（首行为表头）", "or paste CSV (header first)" },
	{ "files", "选择文件（.csv 或 .xlsx；一次可选多个，即一整套数据包）",
	  "Choose files (.csv or .xlsx; several at once for a bundle)" },
	{ "files_hint", "按文件名识别记录类型（如 funds.csv、帮扶资金.xlsx）；文件名不是类型名时请在下面选择类型。",
	  "The kind of record is read from the file name (funds.csv, 帮扶资金.xlsx); otherwise choose it below." },
	{ "by_file_name", "按文件名", "by file name" },
	/* the public portal */
	{ "complaints", "举报处理", "Reports" },
	{ "c_assignee", "承办人", "Handled by" },
	{ "c_assign", "交办", "Assign" },
	{ "c_closed", "已办结的举报不能再改动。", "A resolved report cannot change." },
	{ "c_bad_assignee", "承办人须是在用的管理员或县级录入员账号。", "The handler must be an active administrator or clerk account." },
	{ "c_bad_reply", "请填写答复（不超过2000字）。", "Write the reply (at most 2,000 characters)." },
	{ "c_contact", "联系方式", "Contact" },
	{ "c_anonymous", "（匿名）", "(anonymous)" },
	{ "c_reply_public", "答复（举报人凭编号可见）", "Reply (the reporter sees it by tracking number)" },
	{ "c_send_reply", "答复", "Reply" },
	{ "c_resolve", "办结", "Resolve" },
	{ "internal", "服务器内部错误，请稍后再试。", "Something went wrong on our side: please try again later." },
	{ "portal", "帮扶资金阳光公示", "East–West cooperation funds: public notice" },
	{ "p_lookup", "查询本人", "My payments" },
	{ "p_report", "我要举报", "Report a problem" },
	{ "p_track", "举报进度", "Follow a report" },
	{ "p_ledger", "账本校验", "Ledger check" },
	{ "p_footer", "公示信息中的姓名、身份证号已按规定脱敏。发现问题请点击“我要举报”。",
	  "Names and identity numbers are masked. If anything is wrong, use “Report a problem”." },
	{ "p_intro", "东西部协作帮扶资金从东部来源到项目、到每一户的去向，人人可查。",
	  "Where East–West cooperation money goes, from its eastern source to each project and household: open to all." },
	{ "p_county", "县（市、区）", "County" },
	{ "p_county_title", "帮扶资金公示", "cooperation funds" },
	{ "p_received", "到位资金（万元）", "Received (10,000 yuan)" },
	{ "p_projects", "项目数", "Projects" },
	{ "p_received_by_year", "各年到位资金（按来源）", "Money received by year and source" },
	{ "p_kind", "类别", "Kind" },
	{ "p_source", "来源", "Source" },
	{ "p_amount_wan", "金额（万元）", "Amount (10,000 yuan)" },
	{ "p_amount", "金额（元）", "Amount (yuan)" },
	{ "p_fiscal", "财政援助", "Fiscal aid" },
	{ "p_social", "社会帮扶", "Social aid (cash)" },
	{ "p_goods", "物资折款", "Donated goods (valued)" },
	{ "p_total", "合计", "Total" },
	{ "p_project", "项目", "Project" },
	{ "p_village", "村", "Village" },
	{ "p_status", "状态", "Status" },
	{ "p_budget", "预算（元）", "Budget (yuan)" },
	{ "p_paid", "已拨付（元）", "Paid (yuan)" },
	{ "p_households", "受益户数", "Households benefited" },
	{ "p_report_this", "对此有疑问？我要举报", "Something wrong here? Report it" },
	{ "p_pairings", "结对关系", "Pairings" },
	{ "p_boards", "村务公示栏", "Village notice boards" },
	{ "p_find_village", "查找村", "Find a village" },
	{ "p_projects_here", "本村帮扶项目", "Projects in the village" },
	{ "p_category", "类别", "Category" },
	{ "p_budget_wan", "预算", "Budget" },
	{ "p_households_lifted", "受益农户", "Households benefited" },
	{ "p_wan", "万元", " ×10,000 yuan" },
	{ "p_hu", "户", " households" },
	{ "p_households_here", "本村受益农户（户）：", "Households of the village benefited: " },
	{ "p_id", "编号", "Number" },
	{ "p_from_funds", "资金来源", "Where the money came from" },
	{ "p_payments", "资金去向（拨付明细）", "Where it went (payments)" },
	{ "p_payee", "收款人", "Payee" },
	{ "p_purpose", "用途", "Purpose" },
	{ "p_board", "村务公示", "notice board" },
	{ "p_board_intro", "本村群众获得的每一笔帮扶资金（姓名、身份证号已脱敏）。所属县：",
	  "Every payment to people of this village (names and identity numbers masked). County:" },
	{ "p_reversal", "（冲销）", " (reversal)" },
	{ "p_none", "暂无记录。", "Nothing yet." },
	{ "p_lookup_intro", "输入本人完整姓名和身份证号，查询本人获得的帮扶资金。查询内容不会被记录。",
	  "Enter your full name and identity number to see the payments you received. Nothing you enter is kept." },
	{ "p_full_name", "姓名", "Full name" },
	{ "p_id_number", "身份证号", "Identity number" },
	{ "p_lookup_go", "查询", "Look up" },
	{ "p_too_many", "查询过于频繁，请一分钟后再试。", "Too many requests: please try again in a minute." },
	{ "p_bad_id", "身份证号格式不正确，请核对后重新输入。", "That is not a valid identity number: please check it." },
	{ "p_found", "查询结果：", "Found:" },
	{ "p_yuan", "元", "yuan" },
	{ "p_count", "，共", ":" },
	{ "p_count_sum", "笔，合计", "payments, in all" },
	{ "p_wrong", "发现金额、用途有误或未收到？", "A wrong amount or purpose, or money you did not receive?" },
	{ "p_not_found", "没有查到与该姓名和身份证号相符的发放记录。",
	  "No payments were found for this name and identity number." },
	{ "p_about", "举报事项", "About" },
	{ "p_about_payment", "一笔拨付（填拨付编号）", "a payment (its number)" },
	{ "p_about_project", "一个项目（填项目编号）", "a project (its number)" },
	{ "p_about_village", "一个村（填村代码）", "a village (its code)" },
	{ "p_about_person", "本人资金", "my own payments" },
	{ "p_subject", "编号或代码", "Number or code" },
	{ "p_text", "问题描述", "What is wrong" },
	{ "p_contact", "联系方式（可不填，匿名举报）", "How to reach you (optional: leave empty to stay anonymous)" },
	{ "p_send", "提交", "Send" },
	{ "p_report_intro", "举报提交后会得到一个查询编号，凭编号可查看办理进度和答复。",
	  "You get a tracking number: with it you can follow the handling and the reply." },
	{ "p_reply_before", "我们将在", "We answer within " },
	{ "p_reply_after", "个工作日内答复。", " working days. " },
	{ "p_hotline", "也可拨打扶贫监督举报电话：", "You may also call the poverty-relief supervision hotline:" },
	{ "p_bad_about", "请选择举报事项。", "Choose what the report is about." },
	{ "p_bad_text", "请填写问题描述（不超过2000字）。", "Describe the problem (at most 2,000 characters)." },
	{ "p_bad_subject", "没有这个编号或代码，请核对。", "No such number or code: please check it." },
	{ "p_filed", "举报已受理。您的查询编号：", "Your report was received. Its tracking number:" },
	{ "p_keep_no", "请记下编号，凭编号查询：", "Keep the number and follow it here:" },
	{ "p_tracking_no", "查询编号", "Tracking number" },
	{ "p_updated", "最近更新", "Last updated" },
	{ "p_no_such_no", "没有这个查询编号。", "No report has that tracking number." },
	{ "c_received", "已受理", "received" },
	{ "c_assigned", "办理中", "being handled" },
	{ "c_replied", "已答复", "answered" },
	{ "c_resolved", "已办结", "resolved" },
	{ "c_reply", "答复", "Reply" },
	{ "p_ledger_now", "每一笔资金记录都带有哈希值，并与前一笔相连。账本的当前“链头”哈希如下：",
	  "Every money record carries a hash that covers it and the record before it. The ledger's head now:" },
	{ "p_head", "链头哈希", "Head hash" },
	{ "p_entries", "记录数", "Records" },
	{ "p_history", "每日链头", "The head, day by day" },
	{ "p_how", "如何使用", "How to use it" },
	{ "p_how1", "任何人都可以抄下或截图保存某一天的链头哈希。",
	  "Anyone may write down, or keep a screenshot of, a day's head hash." },
	{ "p_how2", "链头由那一天为止的全部资金记录逐笔计算得出：之前任何一笔记录的金额、收款人或日期被改动，重新计算出的链头就会不同。",
	  "It is computed from every money record up to that day, one after another: change the amount, payee or date of any earlier record and the head computed again is different." },
	{ "p_how3", "审计人员运行 bangfu verify，会逐笔重算并核对本页公布的每一天的链头；您保存的哈希若与本页同一天的不一致，说明公布的记录事后被改写过。",
	  "Auditors run bangfu verify, which recomputes the chain and checks every day's head published here; if the hash you kept differs from this page's for the same day, published records were rewritten afterwards." },
	{ "p_how4", "下载签名的每日链头文件（heads.txt）并保存在服务器以外的地方：审计人员运行 bangfu verify --heads heads.txt，先核对文件的签名，再逐日核对账本是否仍然经过文件中的每一个链头；即使有人在服务器里把账本连同全部哈希重新算过一遍，也会被查出，并指出从哪一天起对不上。",
	  "Download the signed file of the daily heads (heads.txt) and keep it somewhere other than the server: auditors run bangfu verify --heads heads.txt, which checks the file's signature, then that the ledger still passes through every head in it; even a ledger rewritten inside the server with every hash recomputed is caught, and the first day that no longer matches is named." },
	{ "p_heads_file", "下载签名的每日链头（heads.txt）", "Download the signed daily heads (heads.txt)" },
	{ "planned", "谋划", "planned" },
	{ "approved", "批复", "approved" },
	{ "started", "开工", "started" },
	{ "completed", "完工", "completed" },
	{ "accepted", "验收", "accepted" },
	{ "settled", "报账", "settled" },
	{ "cancelled", "取消", "cancelled" },
	{ "wage", "务工工资", "wages" },
	{ "stable_job_subsidy", "稳岗补贴", "stable-job subsidy" },
	{ "industry_award", "产业奖补", "industry award" },
	{ "scholarship", "助学金", "scholarship" },
	{ "contract", "工程合同款", "contract" },
	{ "relief", "救助金", "relief" },
	{ "other", "其他", "other" },
	{ "labour_award", "劳务奖补", "labour award" },
};

/* The catalogue's entry for key, through an index made at first use. */
static const struct msg *msg_find(const char *key)
{
	static struct map index;
	if (!index.n)
		for (size_t i = 0; i < ARRAY_SIZE(msgs); i++)
			map_put(&index, msgs[i].key, (void *)&msgs[i]);
	return key ? map_get(&index, key) : NULL;
}

const char *T(struct req *q, const char *key)
{
	const struct msg *m = msg_find(key);
	if (!m)
		BUG("a page asks for a message the catalogue lacks");
	return q->lang == EN ? m->en : m->zh;
}

const char *T_or(struct req *q, const char *key, const char *fallback)
{
	const struct msg *m = msg_find(key);
	return m ? (q->lang == EN ? m->en : m->zh) : fallback;
}

const char *T_value(struct req *q, const char *value)
{
	const struct msg *m = msg_find(value);
	if (m)
		return q->lang == EN ? m->en : m->zh;
	const char *w = enum_label_any(value, q->lang == EN);
	return w ? w : "?"; /* not one of the values import lets in; never echoed raw into a page */
}

/* ---- answers ----------------------------------------------------------- */

/* style: the CSP's style-src; "'self'" but for a document that carries its
** own stylesheet (the bulletin), allowed by its hash. */
void security_headers_style(struct evhttp_request *r, const char *type, const char *style)
{
	struct evkeyvalq *h = evhttp_request_get_output_headers(r);
	char csp[512];
	snprintf(csp, sizeof csp,
		 "default-src 'self'; script-src 'self'; style-src %s; img-src 'self' data:; "
		 "frame-ancestors 'none'; form-action 'self'; base-uri 'none'", style);
	evhttp_add_header(h, "Content-Type", type);
	evhttp_add_header(h, "Content-Security-Policy", csp);
	evhttp_add_header(h, "X-Content-Type-Options", "nosniff");
	evhttp_add_header(h, "X-Frame-Options", "DENY");
	evhttp_add_header(h, "Referrer-Policy", "same-origin");
	evhttp_add_header(h, "Cache-Control", "no-store");
}

void security_headers(struct evhttp_request *r, const char *type)
{
	security_headers_style(r, type, "'self'");
}

/* After a POST, with a standby: where the store's log stands, for the
** user's next reads (reads_replica).  That is the end of its last record,
** which a standby's replay position reaches.  The insert position is not
** always that: when the last record ended on a page's edge (a log switch
** always does) it stands past the next page's header, which no replay
** reaches until someone writes again. */
static void note_write(struct req *q)
{
	char *lsn = db_text(q->app->primary,
			    "SELECT CAST(l - CASE WHEN (l - '0/0') % seg = 40 THEN 40 "
			    "WHEN (l - '0/0') % blk = 24 THEN 24 ELSE 0 END AS TEXT) "
			    "FROM (SELECT pg_current_wal_insert_lsn() AS l, "
			    "CAST(current_setting('wal_block_size') AS numeric) AS blk, "
			    "(SELECT CAST(setting AS numeric) FROM pg_settings WHERE name = 'wal_segment_size') AS seg) w",
			    (char *)NULL);
	if (lsn)
		set_cookie(q, "bf_lsn", lsn, 600);
	free(lsn);
}

void answer(struct req *q, int code, const char *reason, const char *type, const char *s, size_t n)
{
	if (q->wrote) {
		q->wrote = 0;
		note_write(q);
	}
	security_headers(q->r, type);
	struct evbuffer *out = evbuffer_new();
	evbuffer_add(out, s, n);
	evhttp_send_reply(q->r, code, reason, out);
	evbuffer_free(out);
}

/* The page in q->body, in the user's script: Traditional through OpenCC. */
void page_text(struct req *q, struct buf *out)
{
	if (q->lang == ZH_TW && q->app->s2t != (opencc_t)-1) {
		char *t = opencc_convert_utf8(q->app->s2t, q->body.s, q->body.len);
		if (t) {
			buf_adds(out, t);
			opencc_convert_utf8_free(t);
			return;
		}
	}
	buf_add(out, q->body.s, q->body.len);
}

void send_page(struct req *q, int code, const char *reason)
{
	if (q->lang == ZH_TW) {
		struct buf b = BUF_INIT;
		page_text(q, &b);
		answer(q, code, reason, "text/html; charset=utf-8", b.s, b.len);
		buf_release(&b);
		return;
	}
	answer(q, code, reason, "text/html; charset=utf-8", q->body.s, q->body.len);
}

void buf_free(void *b)
{
	buf_release(b);
	free(b);
}

int64_t store_generation(struct req *q)
{
	int64_t gen = db_int(q->app->c->db, 0, "SELECT value FROM meta WHERE key = 'generation'", (char *)NULL);
	if (gen != q->app->generation) {
		map_empty(&q->app->pages, free);
		map_empty(&q->app->kept, buf_free);
		q->app->generation = gen;
	}
	return gen;
}

#define KEPT_MAX 512

const struct buf *kept_get(struct req *q, const char *key)
{
	store_generation(q);
	return map_get(&q->app->kept, key);
}

const struct buf *kept_put(struct req *q, const char *key, const char *s, size_t n)
{
	struct map *m = &q->app->kept;
	if (m->n >= KEPT_MAX) /* bounded: start again rather than grow */
		map_empty(m, buf_free);
	struct buf *b = xmalloc(sizeof *b);
	buf_init(b);
	buf_add(b, s, n);
	struct buf *old = map_get(m, key);
	if (old)
		buf_free(old);
	map_put(m, key, b);
	return b;
}

void send_json(struct req *q, int code, const char *reason, json_t *j)
{
	char *s = j ? json_dumps(j, JSON_COMPACT) : NULL;
	if (!s) { /* a value jansson refused (not UTF-8): never a crash */
		static const char e[] = "{\"status\":400,\"error\":\"the request holds text that is not UTF-8\"}";
		answer(q, 400, "Bad Request", "application/json; charset=utf-8", e, sizeof e - 1);
		json_decref(j);
		return;
	}
	answer(q, code, reason, "application/json; charset=utf-8", s, strlen(s));
	free(s);
	json_decref(j);
}

/* Sends a download: csv or xlsx, named name. */
void download(struct req *q, const char *type, const char *name, const char *s, size_t n)
{
	char cd[160];
	snprintf(cd, sizeof cd, "attachment; filename=\"%s\"", name);
	evhttp_add_header(evhttp_request_get_output_headers(q->r), "Content-Disposition", cd);
	answer(q, 200, "OK", type, s, n);
}

void download_csv(struct req *q, const char *name, const char *s, size_t n)
{
	const char *enc = qarg(q, "encoding");
	if (enc && (streq(enc, "gb18030") || streq(enc, "gbk"))) {
		/* what Excel on Chinese Windows reads without asking */
		iconv_t cd = iconv_open("GB18030", "UTF-8");
		struct buf b = BUF_INIT;
		buf_grow(&b, n * 2 + 16);
		char *ip = (char *)s, *op = b.s;
		size_t il = n, ol = b.cap - 1;
		if (cd != (iconv_t)-1 && iconv(cd, &ip, &il, &op, &ol) != (size_t)-1) {
			b.len = (size_t)(op - b.s);
			download(q, "text/csv; charset=gb18030", name, b.s, b.len);
			iconv_close(cd);
			buf_release(&b);
			return;
		}
		if (cd != (iconv_t)-1)
			iconv_close(cd);
		buf_release(&b);
	}
	/* UTF-8 with its byte-order mark, which Excel takes as UTF-8 */
	struct buf b = BUF_INIT;
	buf_adds(&b, "\xEF\xBB\xBF");
	buf_add(&b, s, n);
	download(q, "text/csv; charset=utf-8", name, b.s, b.len);
	buf_release(&b);
}

void redirect(struct req *q, const char *to)
{
	evhttp_add_header(evhttp_request_get_output_headers(q->r), "Location", to);
	answer(q, 303, "See Other", "text/html; charset=utf-8", "", 0);
}

int is_api(struct req *q)
{
	return starts_with(q->path, "/api/");
}

void page_head(struct req *q, const char *title)
{
	static const char *const lang_attr[] = { "zh-CN", "zh-TW", "en" };
	buf_addf(&q->body, "<!DOCTYPE html>\n<html lang=\"%s\"><head><meta charset=\"utf-8\">"
			   "<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\"><title>",
		 lang_attr[q->lang]);
	buf_add_html(&q->body, title);
	buf_adds(&q->body, " · ");
	buf_add_html(&q->body, T(q, "app"));
	buf_adds(&q->body, "</title><link rel=\"stylesheet\" href=\"/static/app.css\"><link rel=\"icon\" href=\"data:,\"></head><body>\n<header><b>");
	buf_add_html(&q->body, T(q, "app"));
	buf_adds(&q->body, "</b><nav>");
	if (q->u.name[0]) {
		buf_addf(&q->body, "<a href=\"/dashboard\">%s</a> <a href=\"/records\">%s</a> "
				   "<a href=\"/reports/funds\">%s</a> <a href=\"/reports/indicators\">%s</a> "
				   "<a href=\"/bulletin\">%s</a> ",
			 T(q, "dashboard"), T(q, "records"), T(q, "funds"), T(q, "indicators"), T(q, "bulletin"));
		if (q->u.role == ROLE_ADMIN || q->u.role == ROLE_AUDITOR)
			buf_addf(&q->body, "<a href=\"/audit\">%s</a> <a href=\"/checks\">%s</a> ", T(q, "audit"), T(q, "checks"));
		if (q->u.role == ROLE_ADMIN || q->u.role == ROLE_AUDITOR || q->u.role == ROLE_CLERK)
			buf_addf(&q->body, "<a href=\"/complaints\">%s</a> ", T(q, "complaints"));
		if (q->u.role == ROLE_ADMIN || q->u.role == ROLE_CLERK || q->u.role == ROLE_EAST)
			buf_addf(&q->body, "<a href=\"/import\">%s</a> ", T(q, "import"));
		buf_addf(&q->body, "<a href=\"/api\">%s</a> ", T(q, "api"));
	}
	buf_adds(&q->body, "<a href=\"?lang=zh-CN\">简</a> <a href=\"?lang=zh-TW\">繁</a> <a href=\"?lang=en\">EN</a>");
	if (q->u.name[0]) {
		buf_adds(&q->body, " <span class=\"who\">");
		buf_add_html(&q->body, q->u.name);
		char rk[32];
		snprintf(rk, sizeof rk, "role_%s", roles[q->u.role]);
		buf_addf(&q->body, q->lang == EN ? " (%s)" : "（%s）", T(q, rk));
		buf_addf(&q->body, "</span><form method=\"post\" action=\"/logout\" class=\"inline\">"
				   "<input type=\"hidden\" name=\"csrf\" value=\"%s\"><button>%s</button></form>",
			 q->csrf, T(q, "signout"));
	}
	buf_adds(&q->body, "</nav></header>\n<main>\n<h1>");
	buf_add_html(&q->body, title);
	buf_adds(&q->body, "</h1>\n");
}

void page_foot(struct req *q)
{
	buf_adds(&q->body, "</main></body></html>\n");
}

/* s as valid UTF-8: each byte of an invalid sequence replaced by U+FFFD
** (what a message quoting a bad value must not pass on). */
static char *utf8_clean(const char *s)
{
	struct buf b = BUF_INIT;
	size_t n = strlen(s), bad;
	while (!utf8_valid((const unsigned char *)s, n, &bad)) {
		buf_add(&b, s, bad);
		buf_adds(&b, "\xEF\xBF\xBD");
		s += bad + 1;
		n -= bad + 1;
	}
	buf_add(&b, s, n);
	return buf_detach(&b);
}

/* An error: a page for a browser, JSON for the API. */
const char *status_title(struct req *q, int code)
{
	static const int known[] = { 400, 403, 404, 405, 413, 429, 500, 503 };
	char key[16];
	snprintf(key, sizeof key, "title_error");
	for (size_t i = 0; i < ARRAY_SIZE(known); i++)
		if (known[i] == code)
			snprintf(key, sizeof key, "title_%d", code);
	return T(q, key);
}

void fail(struct req *q, int code, const char *reason, const char *key, const char *detail)
{
	char *clean = detail ? utf8_clean(detail) : NULL;
	detail = clean;
	if (is_api(q)) {
		json_t *j = json_pack("{s:i, s:s}", "status", code, "error", detail ? detail : T(q, key));
		free(clean);
		send_json(q, code, reason, j);
		return;
	}
	buf_reset(&q->body);
	page_head(q, status_title(q, code));
	buf_adds(&q->body, "<p class=\"error\">");
	buf_add_html(&q->body, T(q, key));
	if (detail)
		buf_add_html(&q->body, detail);
	buf_adds(&q->body, "</p>\n");
	page_foot(q);
	send_page(q, code, reason);
	free(clean);
}

/* ---- sessions ------------------------------------------------------------ */

void token_new(char out[48])
{
	unsigned char raw[32];
	randombytes_buf(raw, sizeof raw);
	sodium_bin2base64(out, 48, raw, sizeof raw, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
}

void token_hash(const char *token, char hex[65])
{
	unsigned char h[32];
	crypto_generichash(h, sizeof h, (const unsigned char *)token, strlen(token), NULL, 0);
	sodium_bin2hex(hex, 65, h, sizeof h);
}

void iso_time(char out[32], long plus)
{
	time_t t = time(NULL) + plus;
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

/* The value of cookie name, copied to out; 0 when absent. */
int cookie(struct evhttp_request *r, const char *name, char *out, size_t n)
{
	const char *h = evhttp_find_header(evhttp_request_get_input_headers(r), "Cookie");
	size_t len = strlen(name);
	for (const char *p = h; p && *p;) {
		while (*p == ' ' || *p == ';')
			p++;
		if (strncmp(p, name, len) == 0 && p[len] == '=') {
			p += len + 1;
			size_t v = strcspn(p, ";");
			if (v >= n)
				return 0;
			memcpy(out, p, v);
			out[v] = 0;
			return 1;
		}
		p = strchr(p, ';');
	}
	return 0;
}

void session_load(struct req *q)
{
	char token[64], hash[65], now[32];
	if (!cookie(q->r, "bf_session", token, sizeof token))
		return;
	token_hash(token, hash);
	iso_time(now, 0);
	struct db *db = q->app->c->db;
	struct stmt *st = db_prepare(db, "SELECT user_name, csrf FROM sessions WHERE token_hash = ? AND expires > ?");
	stmt_bind_text(st, 1, hash);
	stmt_bind_text(st, 2, now);
	if (stmt_step(st)) {
		char name[65];
		snprintf(name, sizeof name, "%s", stmt_text(st, 0));
		snprintf(q->csrf, sizeof q->csrf, "%s", stmt_text(st, 1));
		stmt_finalize(st);
		if (!user_load(db, name, &q->u) || q->u.disabled) {
			memset(&q->u, 0, sizeof q->u);
		} else if (q->u.region[0]) {
			char *side = division_side_of(db, q->u.region);
			q->region_east = side && streq(side, "east");
			free(side);
		}
		return;
	}
	stmt_finalize(st);
}

void set_cookie(struct req *q, const char *name, const char *value, long max_age)
{
	char h[256];
	snprintf(h, sizeof h, "%s=%s; Path=/; HttpOnly; SameSite=Strict; Max-Age=%ld", name, value, max_age);
	evhttp_add_header(evhttp_request_get_output_headers(q->r), "Set-Cookie", h);
}

/* ---- scope: what a user may see ---------------------------------------- */

/* The user's region as a report filter: --west or --east (its side, read
** once a request when the session is loaded). */
const char *region_side(struct req *q)
{
	if (!q->u.region[0])
		return NULL;
	return q->region_east ? "--east" : "--west";
}

/* Does division code lie in the user's region (or has the user none)? */
int in_user_region(struct req *q, const char *code)
{
	return !q->u.region[0] ||
	       (code && strncmp(code, q->u.region, (size_t)divcode_sig(divcode_level(q->u.region))) == 0);
}

/* May the user see this pairing?  Its side on the user's side lies in the region. */
int pairing_visible(struct req *q, struct scope *s, int p)
{
	if (!q->u.region[0])
		return 1;
	const char *side = region_side(q);
	return scope_within(s, streq(side, "--east") ? scope_pairing_east(s, p) : scope_pairing_west(s, p),
			    q->u.region);
}

/* ---- running a command for a request ---------------------------------- */

/* Runs a command's function with its parameters and its output captured;
** 0 and the output in *out, 1 when it returned non-zero, -1 with the
** command's error message in why when it died. */
int run2(struct req *q, run_fn fn, const void *params, struct buf *out, struct buf *err, char *why, size_t n)
{
	struct cmdctx *c = q->app->c;
	char *mem = NULL, *emem = NULL;
	size_t len = 0, elen = 0;
	FILE *f = open_memstream(&mem, &len), *ef = open_memstream(&emem, &elen);
	if (!f || !ef)
		die("serve: out of memory");
	FILE *saved = c->out, *esaved = c->err;
	c->out = f;
	c->err = ef;
	struct die_trap trap;
	int rc = 0;
	struct die_trap *outer = die_trap_set(NULL);
	if (setjmp(trap.jb) == 0) {
		die_trap_set(&trap);
		rc = fn(c, params) ? 1 : 0;
		die_trap_set(outer);
	} else {
		die_trap_set(outer);
		db_abort(c->db);
		snprintf(why, n, "%s", trap.msg);
		rc = -1;
	}
	c->out = saved;
	c->err = esaved;
	fclose(f);
	fclose(ef);
	buf_add(out, mem, len);
	if (err)
		buf_add(err, emem, elen);
	free(mem);
	free(emem);
	return rc;
}

int run(struct req *q, run_fn fn, const void *params, struct buf *out, char *why, size_t n)
{
	return run2(q, fn, params, out, NULL, why, n) < 0 ? -1 : 0;
}

int run_or_fail(struct req *q, run_fn fn, const void *params, struct buf *out)
{
	char why[512];
	if (run(q, fn, params, out, why, sizeof why) == 0)
		return 0;
	buf_release(out);
	fail(q, 400, "Bad Request", "bad_request", why);
	return -1;
}

int query_params(struct req *q, const struct param *t, int nt, void *p, const char *const *names, int nn)
{
	for (int i = 0; i < nn; i++) {
		const char *v = qarg(q, names[i]);
		if (!v)
			continue;
		char opt[48], why[256];
		snprintf(opt, sizeof opt, "%s", names[i]);
		for (char *o = opt; *o; o++)
			if (*o == '_')
				*o = '-';
		const struct param *o = params_find(t, nt, opt);
		if (!o)
			BUG("a query argument without its option");
		if (params_set(o, p, v, why, sizeof why) < 0) {
			char msg[320];
			snprintf(msg, sizeof msg, "%s: %s", names[i], why);
			fail(q, 400, "Bad Request", "bad_request", msg);
			return -1;
		}
	}
	return 0;
}

const char *qarg(struct req *q, const char *name)
{
	const char *v = evhttp_find_header(&q->query, name);
	return v && *v ? v : NULL;
}

/* Runs a command that writes an xlsx file (into a private folder, removed
** whatever happens) and sends the file. */
void send_xlsx(struct req *q, run_fn fn, const void *params, const char **output, enum fmt *fmt, const char *name)
{
	char dir[1024];
	if (private_dir(dir, sizeof dir, "xlsx") < 0)
		die("serve: cannot make a temporary folder");
	char path[1040];
	snprintf(path, sizeof path, "%s/out.xlsx", dir);
	*fmt = FMT_XLSX;
	*output = path;
	struct buf out = BUF_INIT, file = BUF_INIT;
	char why[512];
	int rc = run(q, fn, params, &out, why, sizeof why);
	*output = NULL;
	int ok = rc == 0 && read_file(path, &file) == 0;
	unlink(path);
	rmdir(dir);
	if (!ok)
		fail(q, 400, "Bad Request", "bad_request", rc != 0 ? why : "no spreadsheet");
	else
		download(q, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", name, file.s, file.len);
	buf_release(&out);
	buf_release(&file);
}

int page_arg(struct req *q)
{
	const char *p = qarg(q, "page");
	int64_t v = 0;
	char why[64];
	if (p && int_parse(p, 0, 100000, &v, why, sizeof why) < 0)
		v = 0;
	return (int)v;
}

/* A command's output as type, or a 400 with its message. */
void api_run_as(struct req *q, run_fn fn, const void *p, const char *type)
{
	struct buf out = BUF_INIT;
	if (run_or_fail(q, fn, p, &out) < 0)
		return;
	answer(q, 200, "OK", type, out.s, out.len);
	buf_release(&out);
}

void api_run(struct req *q, run_fn fn, const void *p)
{
	api_run_as(q, fn, p, "application/json; charset=utf-8");
}
