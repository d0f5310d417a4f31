/*
** bulletin.c: `bangfu bulletin`, the monthly bulletin (每月通报) a
** cooperation office circulates: for each county-level pairing every
** indicator from the start of the year to the end of the month, its annual
** target, completion, the share of the year elapsed, a flag on indicators
** behind schedule, and a ranking of the pairings.
*/
#include "bangfu.h"
#include "cmd.h"
#include "figures.h"
#include "kinds.h"
#include "out.h"
#include "params.h"
#include <stddef.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "banned.h"

struct entry {
	int row;        /* figures row (pairing) */
	int64_t score;  /* mean completion of targeted indicators, capped at 100%, in 1/100 % */
	int ntargets;
	int rank;       /* 1.., 0 when it has no target */
};

struct bulletin {
	int en;           /* the words in English */
	int group;        /* thousands separators (the html's tables; the text
			  ** writes 4784.75万元 as the articles do) */
	int year, month;
	int cum;          /* cumulative: values over every year, no targets */
	int vyear;        /* the year the values are read at (the cumulative slot) */
	char until[11];
	int64_t elapsed;  /* share of the year elapsed at the month's end, 1/100 % */
	struct figures f;
	struct entry *e;
	int n;
	const char *scope_code;
	int scope_east;
};

/* a/b in hundredths of a percent, rounded half up; -1 when b is 0. */
static int64_t pct(int64_t a, int64_t b)
{
	if (b <= 0)
		return -1;
	return (int64_t)(((__int128)a * 20000 / b + 1) / 2);
}

static void pct_text(int64_t p, char out[24])
{
	if (p < 0)
		out[0] = 0;
	else
		snprintf(out, 24, "%lld.%02lld%%", (long long)(p / 100), (long long)(p % 100));
}



static int entry_cmp(const void *a, const void *b)
{
	const struct entry *x = a, *y = b;
	if ((x->ntargets > 0) != (y->ntargets > 0))
		return x->ntargets > 0 ? -1 : 1;
	if (x->score != y->score)
		return x->score > y->score ? -1 : 1;
	return x->row - y->row;
}

static void compute(struct bulletin *bu, struct cmdctx *c)
{
	struct scope *s = scope_load(c->db);
	int y0 = bu->year, y1;
	if (bu->cum) {
		store_years(c->db, &y0, &y1);
		if (y0 > bu->year)
			y0 = bu->year;
	}
	figures_init(&bu->f, s, y0, bu->year);
	if (bu->cum)
		figures_cumulative(&bu->f);
	figures_compute(&bu->f, c->db, bu->until, bu->until);
	bu->vyear = bu->cum ? figures_cum_year(&bu->f) : bu->year;
	/* county-level pairings (city and county) in the region */
	struct stmt *st = db_prepare(c->db, "SELECT id FROM pairings WHERE level IN ('city', 'county')");
	bu->e = xcalloc((size_t)bu->f.np + 1, sizeof *bu->e);
	while (stmt_step(st)) {
		int p = scope_pairing_index(s, stmt_text(st, 0));
		if (p < 0)
			continue;
		if (bu->scope_code &&
		    !scope_within(s, bu->scope_east ? scope_pairing_east(s, p) : scope_pairing_west(s, p),
				  bu->scope_code))
			continue;
		struct entry *e = &bu->e[bu->n++];
		e->row = p;
		int64_t sum = 0;
		for (int i = 0; i < nindicators; i++) {
			int64_t t = bu->cum ? NO_TARGET : figures_target(&bu->f, p, bu->year, i);
			if (t == NO_TARGET || t <= 0)
				continue;
			int64_t q = pct(figures_value(&bu->f, p, bu->year, i), t);
			sum += q > 10000 ? 10000 : q;
			e->ntargets++;
		}
		e->score = e->ntargets ? sum / e->ntargets : 0;
	}
	stmt_finalize(st);
	/* ranked by the mean as printed (a hundredth of a per cent): equal ones share a rank */
	qsort(bu->e, (size_t)bu->n, sizeof *bu->e, entry_cmp);
	for (int i = 0; i < bu->n; i++)
		bu->e[i].rank = !bu->e[i].ntargets ? 0
				: i > 0 && bu->e[i - 1].ntargets && bu->e[i - 1].score == bu->e[i].score ? bu->e[i - 1].rank
				: i + 1;
}

/* The cells of one indicator line of a pairing. */
struct line {
	char value[64], target[64], completion[24];
	int behind;
};

/* A value: plain for data (csv, xlsx); for people with thousands
** separators, money in 万元 with two decimals as bulletins print it (or
** 元 below ten thousand), in English "10k yuan". */
static void format_value(int ind, int64_t v, char out[64], int human, int en, int group)
{
	char n[40];
	struct buf b = BUF_INIT;
	if (indicators[ind].unit != IND_MONEY) {
		snprintf(n, sizeof n, "%lld", (long long)v);
		if (human && group)
			buf_add_grouped(&b, n);
		snprintf(out, 64, "%s", human && group ? b.s : n);
		buf_release(&b);
		return;
	}
	if (!human || (v < 1000000 && v > -1000000)) {
		money_format(v, n);
		if (human && group)
			buf_add_grouped(&b, n);
		snprintf(out, 64, "%s%s", human && group ? b.s : n, human ? (en ? " yuan" : "元") : "");
		buf_release(&b);
		return;
	}
	int64_t a = v < 0 ? -v : v, c = (a + 50) / 100; /* yuan, rounded */
	int64_t w100 = (c + 50) / 100;                  /* hundredths of 万 */
	snprintf(n, sizeof n, "%s%lld.%02lld", v < 0 ? "-" : "", (long long)(w100 / 100), (long long)(w100 % 100));
	if (group)
		buf_add_grouped(&b, n);
	snprintf(out, 64, "%s%s", group ? b.s : n, en ? " (10k yuan)" : "万元");
	buf_release(&b);
}

static void line_of(struct bulletin *bu, int row, int ind, int human, struct line *l)
{
	int64_t v = figures_value(&bu->f, row, bu->vyear, ind);
	int64_t t = bu->cum ? NO_TARGET : figures_target(&bu->f, row, bu->year, ind);
	format_value(ind, v, l->value, human, bu->en, bu->group);
	l->target[0] = l->completion[0] = 0;
	l->behind = 0;
	if (t == NO_TARGET)
		return;
	format_value(ind, t, l->target, human, bu->en, bu->group);
	int64_t p = pct(v, t);
	pct_text(p, l->completion);
	l->behind = p >= 0 && p < bu->elapsed;
}

static char *party_label(struct cmdctx *c, const char *code)
{
	char *n = party_name(c->db, code);
	return n ? n : xstrdup(code);
}

static void write_rows(struct bulletin *bu, struct cmdctx *c, enum fmt fmt, const char *xlsx)
{
	int zh = fmt != FMT_CSV && fmt != FMT_JSON;
	static const char *const head[] = { "rank", "pairing", "east", "west", "indicator", "value", "target",
					    "completion", "elapsed", "behind" };
	static const char *const head_zh[] = { "排名", "结对", "帮扶方", "受帮扶方", "指标", "累计完成",
					       "年度目标", "完成率", "时间进度", "滞后" };
	struct out o;
	out_init(&o, fmt, c->out, 10, zh ? head_zh : head);
	char title[96], el[24];
	snprintf(title, sizeof title, "东西部协作%d年%d月工作通报%s", bu->year, bu->month, bu->cum ? "（累计）" : "");
	if (fmt == FMT_XLSX)
		out_xlsx(&o, xlsx, title);
	pct_text(bu->elapsed, el);
	for (int k = 0; k < bu->n; k++) {
		int p = bu->e[k].row;
		char rank[16] = "";
		if (bu->e[k].rank)
			snprintf(rank, sizeof rank, "%d", bu->e[k].rank);
		char *east = party_label(c, scope_pairing_east(bu->f.s, p));
		char *west = party_label(c, scope_pairing_west(bu->f.s, p));
		for (int i = 0; i < nindicators; i++) {
			struct line l;
			line_of(bu, p, i, 0, &l);
			const char *row[] = { rank[0] ? rank : NULL, scope_pairing_id(bu->f.s, p), east, west,
					      zh ? indicators[i].label : indicators[i].name, l.value,
					      l.target[0] ? l.target : NULL, l.completion[0] ? l.completion : NULL, el,
					      l.behind ? (zh ? "滞后" : "yes") : NULL };
			out_row(&o, row);
		}
		free(east);
		free(west);
	}
	out_finish(&o);
}

static void write_text(struct bulletin *bu, struct cmdctx *c)
{
	char el[24];
	pct_text(bu->elapsed, el);
	fprintf(c->out, "东西部协作%d年%d月工作通报%s\n", bu->year, bu->month, bu->cum ? "（累计）" : "");
	if (bu->cum)
		fprintf(c->out, "统计截至 %s，自%d年起各年累计。\n", bu->until, bu->f.y0);
	else
		fprintf(c->out, "统计截至 %s，时间进度 %s。完成率低于时间进度的指标标注“滞后”。\n\n", bu->until, el);
	if (!bu->cum)
		fprintf(c->out, "一、排名（按有目标指标的平均完成率，单项最高计100%%）\n");
	for (int k = 0; k < bu->n && !bu->cum; k++) {
		char *east = party_label(c, scope_pairing_east(bu->f.s, bu->e[k].row));
		char *west = party_label(c, scope_pairing_west(bu->f.s, bu->e[k].row));
		char sc[24];
		pct_text(bu->e[k].score, sc);
		if (bu->e[k].rank)
			fprintf(c->out, "  %2d. %s—%s  %s\n", bu->e[k].rank, east, west, sc);
		else
			fprintf(c->out, "   -. %s—%s  未设目标\n", east, west);
		free(east);
		free(west);
	}
	fprintf(c->out, bu->cum ? "\n分结对累计完成情况\n" : "\n二、分结对完成情况\n");
	for (int k = 0; k < bu->n; k++) {
		int p = bu->e[k].row;
		char *east = party_label(c, scope_pairing_east(bu->f.s, p));
		char *west = party_label(c, scope_pairing_west(bu->f.s, p));
		fprintf(c->out, "\n%s—%s（%s）\n", east, west, scope_pairing_id(bu->f.s, p));
		for (int i = 0; i < nindicators; i++) {
			struct line l;
			line_of(bu, p, i, 1, &l);
			if (l.target[0])
				fprintf(c->out, "  %-s：%s / 目标 %s，完成 %s%s\n", indicators[i].label, l.value, l.target,
				       l.completion, l.behind ? "【滞后】" : "");
			else
				fprintf(c->out, "  %-s：%s\n", indicators[i].label, l.value);
		}
		free(east);
		free(west);
	}
}

static void html_text(struct buf *b, const char *s)
{
	buf_add_html(b, s);
}

/* The words of the printed bulletin, Chinese or English. */
struct words {
	const char *lang, *behind, *note, *rank_h, *rank_cols[6], *each_h, *each_cols[5], *cum, *title;
};
static const struct words words_zh = {
	"zh-CN", "滞后", "统计截至 %s，时间进度 %s；完成率低于时间进度的指标标注“滞后”。",
	"一、排名（按有目标指标的平均完成率，单项最高计100%）",
	{ "排名", "帮扶方", "受帮扶方", "平均完成率", "有目标指标", "滞后指标" },
	"二、分结对完成情况", { "指标", "累计完成", "年度目标", "完成率", "进度" }, "（累计）",
	"东西部协作%d年%d月工作通报%s",
};
static const struct words words_en = {
	"en", "behind", "Figures to %s; %s of the year gone by. An indicator whose completion is behind that is marked "
			"“behind”.",
	"1. Ranking (by the mean completion of the targeted indicators, each counted at most 100%)",
	{ "Rank", "Eastern side", "Western side", "Mean completion", "Targets set", "Behind" },
	"2. Each pairing", { "Indicator", "To date", "Annual target", "Completion", "Progress" }, " (cumulative)",
	"East–West Cooperation Bulletin, %d-%02d%s",
};

/* The date of issue as a document writes it: 2026年11月30日, 30 November 2026. */
static void issue_date(const char *d, int en, char out[48])
{
	static const char *const months[] = { "January", "February", "March", "April", "May", "June", "July",
					      "August", "September", "October", "November", "December" };
	int y = atoi(d), m = atoi(d + 5), day = atoi(d + 8);
	if (en)
		snprintf(out, 48, "%d %s %d", day, months[(m >= 1 && m <= 12 ? m : 1) - 1], y);
	else
		snprintf(out, 48, "%d年%d月%d日", y, m, day);
}

static void write_html(struct bulletin *bu, struct cmdctx *c, FILE *f, const struct bulletin_params *p)
{
	const struct words *w = bu->en ? &words_en : &words_zh;
	struct buf b = BUF_INIT;
	char el[24], title[160];
	pct_text(bu->elapsed, el);
	snprintf(title, sizeof title, w->title, bu->year, bu->month, bu->cum ? w->cum : "");
	buf_addf(&b, "<!DOCTYPE html>\n<html lang=\"%s\"><head><meta charset=\"utf-8\">"
		     "<meta name=\"viewport\" content=\"width=device-width\"><title>", w->lang);
	html_text(&b, title);
	buf_adds(&b, "</title><style>"
		     "@page{size:A4;margin:18mm 15mm}"
		     "body{font-family:\"Noto Serif CJK SC\",\"Songti SC\",SimSun,serif;font-size:11pt;"
		     "color:#000;max-width:180mm;margin:0 auto}"
		     ".issuer{color:#c00;font-size:22pt;font-weight:bold;text-align:center;letter-spacing:2pt;margin:6mm 0 3mm}"
		     ".docno{text-align:center;margin:0 0 2mm}"
		     "hr.red{border:0;border-top:2px solid #c00;margin:0 0 6mm}"
		     "h1{font-size:18pt;text-align:center;margin:0 0 4mm}"
		     "h2{font-size:13pt;margin:6mm 0 2mm}"
		     "p.note{text-align:center;margin:0 0 4mm}"
		     "p.sign{text-align:right;margin:8mm 0 0}"
		     ".wide{overflow-x:auto;margin-bottom:4mm}"
		     "table{border-collapse:collapse;width:100%}"
		     "th,td{border:1px solid #000;padding:1mm 2mm;text-align:left}"
		     "td.n{text-align:right;white-space:nowrap}"
		     ".behind{font-weight:bold}"
		     "section{page-break-inside:avoid}"
		     "nav.tools{font-family:sans-serif;font-size:10pt;margin:0 0 4mm;padding:2mm 0;border-bottom:1px solid #999}"
		     "nav.tools a,nav.tools form{margin-right:4mm;display:inline}"
		     "@media print{nav.tools{display:none}}"
		     "</style></head><body>\n");
	/* the document's head, as a 通报 is issued: the office, its number, a red rule */
	const char *issuer = p->issuer && *p->issuer ? p->issuer
			     : bu->en ? "Office of the East–West Cooperation Leading Group" : "东西部协作工作领导小组办公室";
	char number[96], today[11], when[48];
	if (p->number && *p->number)
		snprintf(number, sizeof number, "%s", p->number);
	else if (bu->en)
		snprintf(number, sizeof number, "Bulletin No. %d of %d%s", bu->month, bu->year, bu->cum ? " (cumulative)" : "");
	else
		snprintf(number, sizeof number, "东西部协作通报〔%d〕%d号%s", bu->year, bu->month, bu->cum ? "（累计）" : "");
	date_today(today);
	issue_date(p->date[0] ? p->date : today, bu->en, when);
	buf_adds(&b, "<div class=\"issuer\">");
	html_text(&b, issuer);
	buf_adds(&b, "</div>\n<div class=\"docno\">");
	html_text(&b, number);
	buf_adds(&b, "</div>\n<hr class=\"red\">\n<h1>");
	html_text(&b, title);
	buf_adds(&b, "</h1>\n<p class=\"note\">");
	buf_addf(&b, w->note, bu->until, el);
	buf_addf(&b, "</p>\n<h2>%s</h2>\n<div class=\"wide\"><table><thead><tr>", w->rank_h);
	for (int i = 0; i < 6; i++)
		buf_addf(&b, "<th>%s</th>", w->rank_cols[i]);
	buf_adds(&b, "</tr></thead><tbody>\n");
	for (int k = 0; k < bu->n; k++) {
		int p_ = bu->e[k].row, behind = 0;
		for (int i = 0; i < nindicators; i++) {
			struct line l;
			line_of(bu, p_, i, 1, &l);
			behind += l.behind;
		}
		char *east = party_label(c, scope_pairing_east(bu->f.s, p_));
		char *west = party_label(c, scope_pairing_west(bu->f.s, p_));
		char sc[24];
		pct_text(bu->e[k].score, sc);
		buf_adds(&b, "<tr><td class=\"n\">");
		if (bu->e[k].rank)
			buf_addf(&b, "%d", bu->e[k].rank);
		else
			buf_adds(&b, "—");
		buf_adds(&b, "</td><td>");
		html_text(&b, east);
		buf_adds(&b, "</td><td>");
		html_text(&b, west);
		buf_addf(&b, "</td><td class=\"n\">%s</td><td class=\"n\">%d</td><td class=\"n\">%d</td></tr>\n",
			 bu->e[k].ntargets ? sc : "—", bu->e[k].ntargets, behind);
		free(east);
		free(west);
	}
	buf_addf(&b, "</tbody></table></div>\n<h2>%s</h2>\n", w->each_h);
	for (int k = 0; k < bu->n; k++) {
		int p_ = bu->e[k].row;
		char *east = party_label(c, scope_pairing_east(bu->f.s, p_));
		char *west = party_label(c, scope_pairing_west(bu->f.s, p_));
		buf_adds(&b, "<section><h3>");
		html_text(&b, east);
		buf_adds(&b, "—");
		html_text(&b, west);
		buf_adds(&b, "</h3>\n<div class=\"wide\"><table><thead><tr>");
		for (int i = 0; i < 5; i++)
			buf_addf(&b, "<th>%s</th>", w->each_cols[i]);
		buf_adds(&b, "</tr></thead><tbody>\n");
		for (int i = 0; i < nindicators; i++) {
			struct line l;
			line_of(bu, p_, i, 1, &l);
			buf_addf(&b, "<tr%s><td>", l.behind ? " class=\"behind\"" : "");
			html_text(&b, bu->en ? indicators[i].label_en : indicators[i].label);
			buf_addf(&b, "</td><td class=\"n\">%s</td><td class=\"n\">%s</td><td class=\"n\">%s</td><td>%s</td></tr>\n",
				 l.value, l.target[0] ? l.target : "—", l.completion[0] ? l.completion : "—",
				 l.behind ? w->behind : "");
		}
		buf_adds(&b, "</tbody></table></div></section>\n");
		free(east);
		free(west);
	}
	/* signed by the office, dated */
	buf_adds(&b, "<p class=\"sign\">");
	html_text(&b, issuer);
	buf_addf(&b, "<br>%s</p>\n</body></html>\n", when);
	fwrite(b.s, 1, b.len, f);
	buf_release(&b);
}

/*
** COMMAND: bulletin
** USAGE: bangfu --db PATH bulletin --month YYYY-MM [--cumulative] [--east CODE | --west CODE] [--format text|html|xlsx|csv] [--output FILE] [--lang zh|en] [--issuer TEXT] [--number TEXT] [--date DATE]
** NEEDS: read
**
** The monthly bulletin (每月通报) of the county-level pairings.
**
** For each pairing at city or county level (in the region --east or --west
** names, else all): every indicator from 1 January to the end of the
** month, its annual target, completion in percent, the share of the year
** elapsed at the month's end, and 滞后 on each indicator whose completion is
** behind that share.  Pairings are ranked by the mean completion of their
** targeted indicators (each counted at most 100%); those without targets
** come last, unranked.  Workers count as stable as of the month's end.
**
** --cumulative gives every indicator over all years up to the month's end
** instead (累计, as "截至目前" figures are published), without targets:
** what counts distinct things (enterprises, paired villages and parties)
** counts each once.
**
** Pairings of equal mean (to a hundredth of a per cent, as printed) share
** a rank.  The html is a 通报 as an office issues it: the issuing office, the
** document's number, a red rule, the title, and at the end the office and
** the date of issue.
**
** Options:
**   --format text   plain text on a terminal (the default)
**   --format html   one printable A4 page, no outside resources
**   --format xlsx   a spreadsheet (needs --output FILE.xlsx)
**   --format csv    one row per pairing and indicator
**   --output FILE   write there instead of standard output
**   --lang en       the html in English (zh, the default: Chinese)
**   --issuer TEXT   the issuing office (东西部协作工作领导小组办公室)
**   --number TEXT   the document's number (东西部协作通报〔YEAR〕MONTH号)
**   --date DATE     the date of issue (today)
*/
#define BOPT(name, type, field) { name, type, offsetof(struct bulletin_params, field), NULL, 0, 0 }
const struct param bulletin_options[] = {
	BOPT("month", P_MONTH, month),
	BOPT("cumulative", P_FLAG, cumulative),
	BOPT("west", P_PARTY, west),
	BOPT("east", P_PARTY, east),
	BOPT("output", P_TEXT, output),
	BOPT("lang", P_TEXT, lang),
	BOPT("issuer", P_TEXT, issuer),
	BOPT("number", P_TEXT, number),
	BOPT("date", P_DATE, date),
	{ "format", P_FORMAT, offsetof(struct bulletin_params, fmt), "text|html|xlsx|csv", 0, 0 },
};
const int nbulletin_options = ARRAY_SIZE(bulletin_options);

int cmd_bulletin(struct cmdctx *c, int argc, char **argv)
{
	struct bulletin_params p;
	memset(&p, 0, sizeof p);
	params_from_argv(bulletin_options, nbulletin_options, &p, &argc, argv, "bulletin");
	if (argc)
		die("bulletin: unexpected argument %s", argv[0]);
	return bulletin_run(c, &p);
}

int bulletin_run(struct cmdctx *c, const void *arg)
{
	const struct bulletin_params *p = arg;
	if (!p->month[0])
		die("bulletin: --month YYYY-MM is required");
	if (p->east[0] && p->west[0])
		die("bulletin: give --east or --west, not both");
	const char *output = p->output;
	struct bulletin bu;
	memset(&bu, 0, sizeof bu);
	char first[24], d[11], why[128];
	snprintf(first, sizeof first, "%s-01", p->month);
	if (date_parse(first, d, why, sizeof why) < 0)
		BUG("a month checked as a parameter");
	bu.year = atoi(d);
	bu.month = atoi(d + 5);
	/* the month's last day: day 31 clamped to the month */
	char end31[24];
	snprintf(end31, sizeof end31, "%.7s-31", d);
	date_add_months(end31, 0, bu.until);
	bu.elapsed = pct(bu.month, 12);
	bu.cum = p->cumulative;
	if (p->lang && !streq(p->lang, "zh") && !streq(p->lang, "en"))
		die("bulletin: --lang zh or en");
	bu.en = p->lang && streq(p->lang, "en");
	if (p->east[0] || p->west[0]) {
		bu.scope_code = p->east[0] ? p->east : p->west;
		bu.scope_east = p->east[0] != 0;
	}
	enum fmt fmt = p->fmt == FMT_HTML ? FMT_TABLE : p->fmt;
	int html = p->fmt == FMT_HTML;
	if (fmt == FMT_XLSX && !output)
		die("bulletin: --format xlsx needs --output FILE.xlsx");
	db_begin_read(c->db);
	compute(&bu, c);
	if (output && !html && fmt != FMT_XLSX)
		die("bulletin: --output is for html and xlsx; text and csv go to standard output");
	FILE *out = c->out;
	if (output && html && !(out = fopen(output, "w")))
		die("bulletin: cannot write %s: %s", output, strerror(errno));
	bu.group = html;
	if (html)
		write_html(&bu, c, out, p);
	else if (fmt == FMT_TABLE)
		write_text(&bu, c);
	else
		write_rows(&bu, c, fmt, output);
	if (out != c->out && fclose(out) != 0)
		die("bulletin: cannot write %s: %s", output, strerror(errno));
	struct scope *s = bu.f.s;
	figures_release(&bu.f);
	scope_free(s);
	free(bu.e);
	db_commit(c->db);
	return 0;
}
