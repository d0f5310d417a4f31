/*
** csv2xlsx: a CSV file as an Excel workbook the way a county office's
** spreadsheet has it, for the tests of importing .xlsx: numbers as number
** cells, dates (YYYY-MM-DD) as date cells shown as 2020/3/31, the rest as
** text.  --inline writes text as inline strings (as streaming writers do)
** instead of the shared string table.
**
** usage: csv2xlsx [--inline] IN.csv OUT.xlsx
*/
#include <csv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xlsxwriter.h>

struct st {
	lxw_worksheet *ws;
	lxw_format *date;
	int row, col;
};

static int is_number(const char *s)
{
	char *end;
	if (!*s || strlen(s) >= 10 || (s[0] == '0' && s[1] && s[1] != '.'))
		return 0;
	strtod(s, &end);
	return *end == 0;
}

static void on_field(void *s, size_t len, void *arg)
{
	struct st *t = arg;
	static char v[65537];
	if (len > 65536)
		len = 65536;
	memcpy(v, s ? s : "", len);
	v[len] = 0;
	int y, m, d;
	char tail;
	if (sscanf(v, "%4d-%2d-%2d%c", &y, &m, &d, &tail) == 3 && strlen(v) == 10) {
		lxw_datetime dt = { y, m, d, 0, 0, 0 };
		worksheet_write_datetime(t->ws, (lxw_row_t)t->row, (lxw_col_t)t->col, &dt, t->date);
	} else if (t->row > 0 && is_number(v)) {
		worksheet_write_number(t->ws, (lxw_row_t)t->row, (lxw_col_t)t->col, strtod(v, NULL), NULL);
	} else if (*v) {
		worksheet_write_string(t->ws, (lxw_row_t)t->row, (lxw_col_t)t->col, v, NULL);
	}
	t->col++;
}

static void on_row(int c, void *arg)
{
	(void)c;
	struct st *t = arg;
	t->row++;
	t->col = 0;
}

int main(int argc, char **argv)
{
	int inl = argc > 1 && strcmp(argv[1], "--inline") == 0;
	if (argc != 3 + inl) {
		fprintf(stderr, "usage: csv2xlsx [--inline] IN.csv OUT.xlsx\n");
		return 2;
	}
	FILE *f = fopen(argv[1 + inl], "rb");
	if (!f) {
		perror(argv[1 + inl]);
		return 1;
	}
	lxw_workbook_options opt = { .constant_memory = (uint8_t)inl };
	lxw_workbook *wb = workbook_new_opt(argv[2 + inl], &opt);
	struct st t = { workbook_add_worksheet(wb, "数据"), workbook_add_format(wb), 0, 0 };
	format_set_num_format(t.date, "yyyy/m/d");
	struct csv_parser p;
	csv_init(&p, CSV_APPEND_NULL);
	char b[65536];
	size_t n;
	while ((n = fread(b, 1, sizeof b, f)) > 0)
		csv_parse(&p, b, n, on_field, on_row, &t);
	csv_fini(&p, on_field, on_row, &t);
	csv_free(&p);
	fclose(f);
	return workbook_close(wb) == LXW_NO_ERROR ? 0 : 1;
}
