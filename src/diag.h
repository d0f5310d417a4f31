/*
** diag.h: where import problems go.  Each is one line,
** FILE:LINE:COLUMN: reason.  They are collected (from any thread: the
** import's reader and writer both report) and printed at the end in file,
** line and column order, so that every bad row is reported, not just the
** first.
*/
#ifndef DIAG_H
#define DIAG_H
#include "bangfu.h"
#include <pthread.h>

/* At most this many errors (and as many warnings) are kept and listed;
** the rest are counted ("… and N more errors"). */
#define DIAG_KEEP 1000

struct diag_entry {
	int file_seq, line, col, seq;
	int warning;
	char *text;
};

struct diag {
	pthread_mutex_t mu;
	struct diag_entry *e;
	int n, alloc;
	int nerr, nwarn;
	const char *file; /* the file being read, as the user named it */
	int file_seq;     /* its place in the import, for ordering */
};
void diag_init(struct diag *d);
void diag_release(struct diag *d);
void diag_set_file(struct diag *d, const char *file);
void diag_error(struct diag *d, int line, int col, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
void diag_warn(struct diag *d, int line, int col, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
/* Prints the warnings (warnings = 1) or the errors, sorted. */
void diag_print(struct diag *d, FILE *f, int warnings);
/* All errors as one string (for tests and the web UI); caller frees. */
char *diag_errors(struct diag *d);
#endif
