/*
** out.c: rows to a terminal table, CSV or JSON (see out.h).
*/
#include "bangfu.h"
#include "out.h"
#include <jansson.h>
#include <xlsxwriter.h>
#include <stdlib.h>
#include <string.h>
#include "banned.h"

void out_init(struct out *o, enum fmt fmt, FILE *f, int ncol, const char *const *head)
{
	memset(o, 0, sizeof *o);
	o->fmt = fmt;
	o->f = f;
	o->ncol = ncol;
	o->head = xcalloc((size_t)ncol, sizeof *o->head);
	for (int i = 0; i < ncol; i++)
		o->head[i] = xstrdup(head[i]);
	if (fmt == FMT_CSV) {
		struct buf b = BUF_INIT;
		for (int i = 0; i < ncol; i++) {
			if (i)
				buf_addc(&b, ',');
			buf_add_csv(&b, head[i]);
		}
		buf_addc(&b, '\n');
		fputs(b.s, f);
		buf_release(&b);
	} else if (fmt == FMT_JSON) {
		fputs("[", f);
	}
}

void out_xlsx(struct out *o, const char *path, const char *title)
{
	o->xlsx_path = path;
	o->title = title;
}

static int numeric(const char *s, int *decimals)
{
	const char *p = s;
	if (*p == '-')
		p++;
	if (!*p)
		return 0;
	size_t n = strspn(p, "0123456789");
	if (n == 0)
		return 0;
	*decimals = 0;
	if (p[n] == '.') {
		size_t m = strspn(p + n + 1, "0123456789");
		if (m == 0 || p[n + 1 + m])
			return 0;
		*decimals = (int)m;
		return 1;
	}
	/* codes and account numbers (ten digits or more, or a leading zero)
	** stay text, as a county office types them */
	return p[n] == 0 && n < 10 && (n == 1 || p[0] != '0');
}

static void write_xlsx(struct out *o)
{
	lxw_workbook *wb = workbook_new(o->xlsx_path);
	if (!wb)
		die("cannot write %s", o->xlsx_path);
	lxw_worksheet *ws = workbook_add_worksheet(wb, NULL);
	lxw_format *bold = workbook_add_format(wb);
	format_set_bold(bold);
	lxw_format *money = workbook_add_format(wb);
	format_set_num_format(money, "#,##0.00");
	lxw_format *date = workbook_add_format(wb);
	format_set_num_format(date, "yyyy-mm-dd");
	int r = 0;
	if (o->title)
		worksheet_write_string(ws, (lxw_row_t)r++, 0, o->title, bold);
	/* each column as wide as its widest cell (within reason) */
	for (int i = 0; i < o->ncol; i++) {
		int w = utf8_width(o->head[i]);
		for (size_t k = 0; k < o->nrow && k < 1000; k++) {
			int cw = utf8_width(o->cells[k * (size_t)o->ncol + (size_t)i]);
			if (cw > w)
				w = cw;
		}
		worksheet_write_string(ws, (lxw_row_t)r, (lxw_col_t)i, o->head[i], bold);
		worksheet_set_column(ws, (lxw_col_t)i, (lxw_col_t)i, (w < 8 ? 8 : w > 40 ? 40 : w) + 2, NULL);
	}
	r++;
	for (size_t k = 0; k < o->nrow; k++, r++)
		for (int i = 0; i < o->ncol; i++) {
			const char *v = o->cells[k * (size_t)o->ncol + (size_t)i];
			int dec;
			if (!*v)
				continue;
			int y, m, d;
			char end;
			if (strlen(v) == 10 && sscanf(v, "%4d-%2d-%2d%c", &y, &m, &d, &end) == 3 && v[4] == '-' && v[7] == '-') {
				/* a date as Excel keeps one, shown as the date it is */
				lxw_datetime dt = { y, m, d, 0, 0, 0 };
				worksheet_write_datetime(ws, (lxw_row_t)r, (lxw_col_t)i, &dt, date);
			} else if (numeric(v, &dec))
				worksheet_write_number(ws, (lxw_row_t)r, (lxw_col_t)i, strtod(v, NULL),
						       dec ? money : NULL);
			else
				worksheet_write_string(ws, (lxw_row_t)r, (lxw_col_t)i, v, NULL);
		}
	if (workbook_close(wb) != LXW_NO_ERROR)
		die("cannot write %s", o->xlsx_path);
}

void out_row(struct out *o, const char *const *vals)
{
	if (o->fmt == FMT_CSV) {
		struct buf b = BUF_INIT;
		for (int i = 0; i < o->ncol; i++) {
			if (i)
				buf_addc(&b, ',');
			buf_add_csv(&b, vals[i]);
		}
		buf_addc(&b, '\n');
		fputs(b.s, o->f);
		buf_release(&b);
	} else if (o->fmt == FMT_JSON) {
		/* written directly: an object a row, keys in column order */
		struct buf b = BUF_INIT;
		buf_adds(&b, o->started ? ",\n{" : "\n{");
		for (int i = 0; i < o->ncol; i++) {
			if (i)
				buf_addc(&b, ',');
			buf_add_json(&b, o->head[i]);
			buf_addc(&b, ':');
			buf_add_json(&b, vals[i]);
		}
		buf_addc(&b, '}');
		fwrite(b.s, 1, b.len, o->f);
		buf_release(&b);
	} else {
		if (o->nrow == o->arow) {
			o->arow = o->arow ? o->arow * 2 : 32;
			o->cells = xrealloc(o->cells, o->arow * (size_t)o->ncol * sizeof *o->cells);
		}
		for (int i = 0; i < o->ncol; i++)
			o->cells[o->nrow * (size_t)o->ncol + (size_t)i] = xstrdup(vals[i] ? vals[i] : "");
		o->nrow++;
	}
	o->started = 1;
}

static void pad(struct buf *b, const char *s, int width)
{
	buf_adds(b, s);
	for (int w = utf8_width(s); w < width; w++)
		buf_addc(b, ' ');
}

void out_finish(struct out *o)
{
	if (o->fmt == FMT_JSON) {
		fputs(o->started ? "\n]\n" : "]\n", o->f);
	} else if (o->fmt == FMT_XLSX) {
		write_xlsx(o);
		for (size_t k = 0; k < o->nrow * (size_t)o->ncol; k++)
			free(o->cells[k]);
		free(o->cells);
	} else if (o->fmt == FMT_TABLE) {
		int *w = xcalloc((size_t)o->ncol, sizeof *w);
		for (int i = 0; i < o->ncol; i++)
			w[i] = utf8_width(o->head[i]);
		for (size_t r = 0; r < o->nrow; r++)
			for (int i = 0; i < o->ncol; i++) {
				int x = utf8_width(o->cells[r * (size_t)o->ncol + (size_t)i]);
				if (x > w[i])
					w[i] = x;
			}
		struct buf b = BUF_INIT;
		for (int i = 0; i < o->ncol; i++) {
			pad(&b, o->head[i], i + 1 < o->ncol ? w[i] + 2 : 0);
		}
		buf_addc(&b, '\n');
		for (int i = 0; i < o->ncol; i++) {
			for (int k = 0; k < w[i]; k++)
				buf_addc(&b, '-');
			if (i + 1 < o->ncol)
				buf_adds(&b, "  ");
		}
		buf_addc(&b, '\n');
		for (size_t r = 0; r < o->nrow; r++) {
			for (int i = 0; i < o->ncol; i++)
				pad(&b, o->cells[r * (size_t)o->ncol + (size_t)i], i + 1 < o->ncol ? w[i] + 2 : 0);
			while (b.len && b.s[b.len - 1] == ' ')
				b.s[--b.len] = 0;
			buf_addc(&b, '\n');
		}
		fputs(b.s, o->f);
		buf_release(&b);
		free(w);
		for (size_t k = 0; k < o->nrow * (size_t)o->ncol; k++)
			free(o->cells[k]);
		free(o->cells);
	}
	for (int i = 0; i < o->ncol; i++)
		free(o->head[i]);
	free(o->head);
}
