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
};
void out_init(struct out *o, enum fmt fmt, FILE *f, int ncol, const char *const *head);
void out_row(struct out *o, const char *const *vals); /* NULL prints empty / null */
void out_finish(struct out *o);                        /* prints and frees */
#endif
