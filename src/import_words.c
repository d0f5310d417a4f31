/*
** import_words.c: what an import says, in the page's language.  Import
** speaks as the command line does (FILE:LINE:COLUMN: column: reason, and
** "FILE: N rows, M new, K already there"); the import page shows the same
** as tables, each column by its Chinese label and each reason in Chinese
** through the catalogue below (English pages keep import's own words).
** A reason the catalogue lacks is shown as import said it.
*/
#include "bangfu.h"
#include "enums.h"
#include "kinds.h"
#include "web.h"
#include <stdlib.h>
#include <string.h>
#include "banned.h"

/* Import's reasons (after "column: "), %s standing for any text, and the
** Chinese for each, {1} {2} ... standing for what the %s matched; and the
** English a page says where import's own names a command. */
static const struct {
	const char *en, *zh, *page_en;
} reasons[] = {
	{ "amount %s has more than two decimals (fen is the smallest unit)", "金额 {1} 超过两位小数（最小单位为分）" },
	{ "'%s' is not an amount: write yuan like 1234.5 or 35246430.00",
	  "“{1}”不是金额：请以元为单位填写，如 1234.5 或 35246430.00" },
	{ "amount %s is too large", "金额 {1} 过大" },
	{ "amount is empty", "金额为空" },
	{ "must be more than 0 (a correction is a reversing row)", "必须大于0（更正请用冲销行）" },
	{ "must not be negative", "不能为负数" },
	{ "'%s' is not a date: write YYYY-MM-DD or YYYY/M/D", "“{1}”不是日期：请写成 2020-05-01 或 2020/5/1" },
	{ "%s is not a date in the calendar", "{1} 不是有效日期" },
	{ "'%s' is not a whole number", "“{1}”不是整数" },
	{ "%s is out of range (%s to %s)", "{1} 超出范围（{2} 至 {3}）" },
	{ "a value is required", "必须填写" },
	{ "not valid UTF-8 text", "不是有效的文字（UTF-8）" },
	{ "'%s' is not one of: %s", "“{1}”不是可选值之一：{2}" },
	{ "division %s does not exist", "行政区划 {1} 不存在" },
	{ "organisation %s does not exist", "单位 {1} 不存在" },
	{ "pairing %s does not exist", "结对关系 {1} 不存在" },
	{ "%s does not exist", "{1} 不存在" },
	{ "%s lies outside %s, the region this import may write", "{1} 不在本账号可导入的地区 {2} 内" },
	{ "%s %s lies on the %s side", "{1} {2} 属于{3}" },
	{ "%s lies on the %s side", "{1} 属于{2}" },
	{ "%s is a %s, not a %s", "{1} 是{2}，不是{3}" },
	{ "%s is before %s %s", "{1} 早于{2} {3}" },
	{ "%s is before start %s", "{1} 早于开始日期 {2}" },
	{ "%s is before since %s", "{1} 早于开始日期 {2}" },
	{ "%s is before registered %s", "{1} 早于建档年份 {2}" },
	{ "%s is in the future", "{1} 晚于今天" },
	{ "a project that is %s has no %s date yet", "状态为{1}的项目还没有{2}日期" },
	{ "project %s was %s on %s, not %s", "项目 {1} 已于 {3} {2}，不能改为 {4}" },
	{ "project %s is cancelled and cannot move again", "项目 {1} 已取消，不能再推进" },
	{ "project %s is settled and cannot be cancelled", "项目 {1} 已报账，不能取消" },
	{ "%s is cancelled", "{1} 已取消" },
	{ "%s is in county %s, fund %s is for county %s", "{1} 在 {2}，资金 {3} 拨给 {4}，不在同一县" },
	{ "fund %s has only %s left to allocate", "资金 {1} 仅剩 {2} 元可安排" },
	{ "%s is a reversal of %s, not money to allocate", "{1} 是 {2} 的冲销行，不是可安排的资金" },
	{ "a row cannot reverse itself", "一行不能冲销它自己" },
	{ "%s %s does not exist", "要冲销的{1} {2} 不存在" },
	{ "the payments of %s are archived; a payment of that year can be added after 'bangfu archive --restore %s' "
	  "brings them back",
	  "{1} 年的拨付已归档：须请系统管理员恢复该年，才能补录该年的拨付",
	  "the payments of {1} are archived: ask the system's administrator to restore that year before adding a "
	  "payment of it" },
	{ "%s is a payment of %s, a year archived; 'bangfu archive --restore %s' brings that year back",
	  "{1} 是 {2} 年的拨付，该年已归档：须请系统管理员恢复该年，才能核对或更正它",
	  "{1} is a payment of {2}, a year now archived: ask the system's administrator to restore that year first" },
	{ "%s is a payment of %s, a year archived; 'bangfu archive --restore %s' brings that year back before it can "
	  "be reversed",
	  "{1} 是 {2} 年的拨付，该年已归档：须请系统管理员恢复该年，才能冲销它",
	  "{1} is a payment of {2}, a year now archived: ask the system's administrator to restore that year before "
	  "reversing it" },
	{ "%s is itself a reversal (of %s)", "{1} 本身是冲销行（冲销 {2}）" },
	{ "%s is already cancelled by %s", "{1} 已被 {2} 冲销" },
	{ "differs from the row it reverses (%s)", "与被冲销的行不一致（{1}）" },
	{ "a reversal repeats the amount it cancels (%s), not %s", "冲销行的金额应与被冲销的相同（{1}），不是 {2}" },
	{ "the person was recorded as dead on %s, before %s", "此人已登记于 {1} 死亡，早于 {2}" },
	{ "%s is more than its %s jobs", "{1} 多于岗位数 {2}" },
	{ "a side cannot be paired with itself", "一方不能与自己结对" },
	{ "%s's west side %s does not contain %s", "结对关系 {1} 的西部一方 {2} 不包含 {3}" },
	{ "%s does not lie in county %s", "{1} 不在县 {2} 内" },
	{ "'%s' is not an indicator (one of %s)", "“{1}”不是指标（可选：{2}）" },
	{ "%s is a count: %s", "{1} 是计数指标：{2}" },
	{ "unknown column '%s' (columns of %s.csv: %s)", "未知的列“{1}”（{2}.csv 的列：{3}）" },
	{ "missing required column '%s'", "缺少必填列“{1}”" },
	{ "column '%s' appears twice", "列“{1}”出现了两次" },
	{ "column %s has no name (columns of %s.csv: %s)", "第 {1} 列没有列名（{2}.csv 的列：{3}）" },
	{ "identity number must have 18 characters, not %s", "身份证号应为18位，不是 {1} 位" },
	{ "identity number check digit is %s, expected %s", "身份证号校验码是 {1}，应为 {2}" },
	{ "identity number is in full-width digits (１２３): write it with 0-9 and X",
	  "身份证号用了全角数字（１２３），请改用半角数字 0-9 和 X" },
	{ "identity number character %s is not a digit", "身份证号第 {1} 位不是数字" },
	{ "identity number must end in a digit or X", "身份证号最后一位应为数字或 X" },
	{ "identity number has no valid birth date (%s)", "身份证号中的出生日期无效（{1}）" },
	{ "identity number has a birth date in the future (%s)", "身份证号中的出生日期晚于今天（{1}）" },
	{ "unified social credit code must have 18 characters, not %s", "统一社会信用代码应为18位，不是 {1} 位" },
	{ "division code must have 6, 9 or 12 digits, not %s", "行政区划代码应为6、9或12位，不是 {1} 位" },
	{ "division code must be digits only", "行政区划代码只能是数字" },
	{ "division code %s has no valid structure", "行政区划代码 {1} 结构无效" },
	{ "the file is empty: a header row is required", "文件是空的：第一行须是表头" },
	{ "the first sheet is empty: a header row is required", "第一张工作表是空的：第一行须是表头" },
	{ "field is longer than %s bytes", "单元格内容超过 {1} 字节" },
	{ "%s fails its GB 32100 check character (expected %s); imported as given",
	  "{1} 的校验码不符合 GB 32100（应为 {2}），已按原样导入" },
	{ "%s is before fund %s arrived (%s); the audit check allocated_before_arrival will find it",
	  "{1} 早于资金 {2} 的到位日期 {3}；大数据比对“资金未到先安排”会发现它" },
	{ "%s is %s in the built-in division table; the imported name %s is used",
	  "{1} 在内置区划表中名为{2}；已使用导入的名称{3}" },
};

/* A value in words where it is an enumerated one (a status, a side, a
** level), a list of them (industry, water) joined as Chinese lists are. */
static void words_of(struct buf *b, const char *v)
{
	const char *w = enum_label_any(v, 0);
	if (w) {
		buf_add_html(b, w);
		return;
	}
	if (!strstr(v, ", ")) {
		buf_add_html(b, v);
		return;
	}
	for (const char *p = v; *p;) { /* every item a value, or the list as it is */
		size_t len = strcspn(p, ",");
		char *item = xasprintf("%.*s", (int)len, p);
		int ok = enum_label_any(item, 0) != NULL;
		free(item);
		if (!ok) {
			buf_add_html(b, v);
			return;
		}
		p += len;
		p += strspn(p, ", ");
	}
	for (const char *p = v; *p;) {
		size_t len = strcspn(p, ",");
		char *item = xasprintf("%.*s", (int)len, p);
		buf_add_html(b, enum_label_any(item, 0));
		free(item);
		p += len;
		p += strspn(p, ", ");
		if (*p)
			buf_adds(b, "、");
	}
}

/* The reason as the page says it, into b: in Chinese, or in English where
** import's own words name a command; 0 when import's own words will do. */
static int reason_words(struct buf *b, const char *r, int zh)
{
	for (size_t i = 0; i < ARRAY_SIZE(reasons); i++)
		if ((zh || reasons[i].page_en) &&
		    form_words(b, reasons[i].en, zh ? reasons[i].zh : reasons[i].page_en, r, zh ? words_of : buf_add_html))
			return 1;
	return 0;
}

/* The Chinese label of a column of the file's kind (or any kind's). */
static const char *column_label(const char *file, const char *col)
{
	const struct kind *k = kind_of_file(file);
	for (int pass = 0; pass < 2; pass++)
		for (int i = 0; i < nkinds; i++) {
			const struct kind *kk = pass ? &kinds[i] : k;
			if (!kk)
				continue;
			int c = kind_col(kk, col);
			if (c >= 0)
				return kk->cols[c].label;
		}
	return NULL;
}

void import_errors_html(struct req *q, const char *err)
{
	int zh = q->lang != EN;
	buf_addf(&q->body, "<div class=\"scroll\"><table class=\"errors\"><tr><th>%s</th><th>%s</th><th>%s</th>"
			   "<th>%s</th></tr>\n", T(q, "col_file"), T(q, "col_line"), T(q, "col_column"), T(q, "col_reason"));
	for (const char *l = err; *l;) {
		size_t len = strcspn(l, "\n");
		char *line = xasprintf("%.*s", (int)len, l);
		l += len + (l[len] == '\n');
		if (starts_with(line, "bangfu: ") || !*line) { /* the command line's last word: said above */
			free(line);
			continue;
		}
		/* FILE:LINE:COLUMN: [warning: ][column: ]reason */
		char *a = strchr(line, ':'), *b = a ? strchr(a + 1, ':') : NULL, *c = b ? strchr(b + 1, ':') : NULL;
		if (!c || strspn(a + 1, "0123456789") != (size_t)(b - a - 1) || strspn(b + 1, "0123456789") != (size_t)(c - b - 1)) {
			buf_adds(&q->body, "<tr><td colspan=\"4\">");
			buf_add_html(&q->body, line);
			buf_adds(&q->body, "</td></tr>\n");
			free(line);
			continue;
		}
		*a = *b = *c = 0;
		const char *reason = c + 1 + (c[1] == ' ');
		int warning = starts_with(reason, "warning: ");
		if (warning)
			reason += strlen("warning: ");
		buf_addf(&q->body, "<tr%s><td>", warning ? " class=\"warn\"" : "");
		buf_add_html(&q->body, line);
		buf_addf(&q->body, "</td><td class=\"n\">%s</td><td class=\"n\">%s</td><td>", streq(a + 1, "0") ? "" : a + 1,
			 streq(b + 1, "0") ? "" : b + 1);
		if (warning)
			buf_addf(&q->body, "%s", T(q, "warning_word"));
		/* "column: reason": the column by its label */
		size_t id = strspn(reason, "abcdefghijklmnopqrstuvwxyz_");
		if (id && id < 48 && reason[id] == ':' && reason[id + 1] == ' ') {
			char col[64];
			snprintf(col, sizeof col, "%.*s", (int)id, reason);
			const char *label = zh ? column_label(line, col) : NULL;
			buf_add_html(&q->body, label ? label : col);
			buf_adds(&q->body, zh ? "：" : ": ");
			reason += id + 2;
		}
		if (!reason_words(&q->body, reason, zh))
			buf_add_html(&q->body, reason);
		buf_adds(&q->body, "</td></tr>\n");
		free(line);
	}
	buf_adds(&q->body, "</table></div>\n");
}

void import_results_html(struct req *q, const char *out)
{
	int zh = q->lang != EN, table = 0;
	for (const char *l = out; *l;) {
		size_t len = strcspn(l, "\n");
		char *line = xasprintf("%.*s", (int)len, l);
		l += len + (l[len] == '\n');
		long rows, added, there, updated = 0;
		char *colon = strstr(line, ": ");
		int n = colon ? sscanf(colon + 2, "%ld rows, %ld new, %ld already there, %ld updated", &rows, &added, &there,
				       &updated)
			      : 0;
		if (n >= 3) { /* "FILE: N rows, M new, K already there[, U updated]" */
			if (!table++)
				buf_addf(&q->body, "<div class=\"scroll\"><table class=\"results\"><tr><th>%s</th><th>%s</th>"
						   "<th>%s</th><th>%s</th><th>%s</th></tr>\n",
					 T(q, "col_file"), T(q, "col_rows"), T(q, "col_new"), T(q, "col_there"), T(q, "col_updated"));
			*colon = 0;
			buf_adds(&q->body, "<tr><td>");
			buf_add_html(&q->body, line);
			buf_addf(&q->body, "</td><td class=\"n\">%ld</td><td class=\"n\">%ld</td><td class=\"n\">%ld</td>"
					   "<td class=\"n\">%ld</td></tr>\n", rows, added, there, updated);
		} else if (*line) {
			if (table) {
				buf_adds(&q->body, "</table></div>\n");
				table = 0;
			}
			long k;
			buf_adds(&q->body, "<p>");
			if (zh && sscanf(line, "%ld divisions the records name came from the built-in division table", &k) == 1)
				buf_addf(&q->body, "记录中提到的 %ld 个行政区划取自内置区划表。", k);
			else
				buf_add_html(&q->body, line);
			buf_adds(&q->body, "</p>\n");
		}
		free(line);
	}
	if (table)
		buf_adds(&q->body, "</table></div>\n");
}
