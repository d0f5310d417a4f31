/*
** diag.h: where import problems go.  Each is one line,
** FILE:LINE:COLUMN: reason, collected in order and printed at the end, so
** that every bad row is reported, not just the first.
*/
#ifndef DIAG_H
#define DIAG_H
#include "bangfu.h"

struct diag {
	struct buf errors, warnings;
	int nerr, nwarn;
	const char *file; /* the file being read, as the user named it */
};
void diag_init(struct diag *d);
void diag_release(struct diag *d);
void diag_error(struct diag *d, int line, int col, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
void diag_warn(struct diag *d, int line, int col, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
#endif
