/*
** out.h: printing rows as a terminal table, CSV or JSON.  Escaping is the
** printer's job: callers hand over raw values.
*/
#ifndef OUT_H
#define OUT_H
#include "cmd.h"

struct out {
	enum fmt fmt;
	FILE *f;
	int ncol;
	char **head;
	/* table: rows are kept to measure the columns */
	char **cells;
	size_t nrow, arow;
	int started;
	const char *xlsx_path;  /* FMT_XLSX: the workbook to write */
	const char *title;      /* FMT_XLSX: the sheet's title row */
};
void out_init(struct out *o, enum fmt fmt, FILE *f, int ncol, const char *const *head);
/* FMT_XLSX: call before out_init's rows are added; numbers (like 1234.50 or
** 27) become numeric cells, the rest text. */
void out_xlsx(struct out *o, const char *path, const char *title);
void out_row(struct out *o, const char *const *vals); /* NULL prints empty / null */
void out_finish(struct out *o);                        /* prints (or writes) and frees */
#endif
