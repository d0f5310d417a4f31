/*
** diag.c: collecting import errors and warnings (see diag.h).
*/
#include "diag.h"
#include "banned.h"

void diag_init(struct diag *d)
{
	buf_init(&d->errors);
	buf_init(&d->warnings);
	d->nerr = d->nwarn = 0;
	d->file = NULL;
}

void diag_release(struct diag *d)
{
	buf_release(&d->errors);
	buf_release(&d->warnings);
}

static void add(struct buf *b, const char *file, int line, int col, const char *kind,
		const char *fmt, va_list ap)
{
	buf_addf(b, "%s:%d:%d: %s", file ? file : "-", line, col, kind);
	buf_vaddf(b, fmt, ap);
	buf_addc(b, '\n');
}

void diag_error(struct diag *d, int line, int col, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	add(&d->errors, d->file, line, col, "", fmt, ap);
	va_end(ap);
	d->nerr++;
}

void diag_warn(struct diag *d, int line, int col, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	add(&d->warnings, d->file, line, col, "warning: ", fmt, ap);
	va_end(ap);
	d->nwarn++;
}
