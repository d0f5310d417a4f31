/*
** diag.c: collecting import errors and warnings (see diag.h).
*/
#include "diag.h"
#include <stdlib.h>
#include "banned.h"

void diag_init(struct diag *d)
{
	pthread_mutex_init(&d->mu, NULL);
	d->e = NULL;
	d->n = d->alloc = 0;
	d->nerr = d->nwarn = 0;
	d->file = NULL;
	d->file_seq = 0;
}

void diag_release(struct diag *d)
{
	for (int i = 0; i < d->n; i++)
		free(d->e[i].text);
	free(d->e);
	pthread_mutex_destroy(&d->mu);
}

void diag_set_file(struct diag *d, const char *file)
{
	pthread_mutex_lock(&d->mu);
	d->file = file;
	d->file_seq++;
	pthread_mutex_unlock(&d->mu);
}

static void add(struct diag *d, int warning, int line, int col, const char *fmt, va_list ap)
{
	struct buf b = BUF_INIT;
	pthread_mutex_lock(&d->mu);
	buf_addf(&b, "%s:%d:%d: %s", d->file ? d->file : "-", line, col, warning ? "warning: " : "");
	buf_vaddf(&b, fmt, ap);
	buf_addc(&b, '\n');
	if (warning)
		d->nwarn++;
	else
		d->nerr++;
	if ((warning ? d->nwarn : d->nerr) > DIAG_KEEP) { /* counted, not kept */
		pthread_mutex_unlock(&d->mu);
		buf_release(&b);
		return;
	}
	if (d->n == d->alloc) {
		d->alloc = d->alloc ? d->alloc * 2 : 16;
		d->e = xrealloc(d->e, (size_t)d->alloc * sizeof *d->e);
	}
	d->e[d->n] = (struct diag_entry){ d->file_seq, line, col, d->n, warning, buf_detach(&b) };
	d->n++;
	pthread_mutex_unlock(&d->mu);
}

void diag_error(struct diag *d, int line, int col, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	add(d, 0, line, col, fmt, ap);
	va_end(ap);
}

void diag_warn(struct diag *d, int line, int col, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	add(d, 1, line, col, fmt, ap);
	va_end(ap);
}

static int entry_cmp(const void *a, const void *b)
{
	const struct diag_entry *x = a, *y = b;
	if (x->file_seq != y->file_seq)
		return x->file_seq < y->file_seq ? -1 : 1;
	if (x->line != y->line)
		return x->line < y->line ? -1 : 1;
	if (x->col != y->col)
		return x->col < y->col ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

static void sort(struct diag *d)
{
	if (d->n > 1)
		qsort(d->e, (size_t)d->n, sizeof *d->e, entry_cmp);
}

/* "… and N more errors", when more were found than kept. */
static void more(struct diag *d, int warnings, struct buf *b)
{
	int n = warnings ? d->nwarn : d->nerr;
	if (n > DIAG_KEEP)
		buf_addf(b, "… and %d more %s (the first %d are listed)\n", n - DIAG_KEEP,
			 warnings ? "warnings" : "errors", DIAG_KEEP);
}

void diag_print(struct diag *d, FILE *f, int warnings)
{
	sort(d);
	for (int i = 0; i < d->n; i++)
		if (d->e[i].warning == warnings)
			fputs(d->e[i].text, f);
	struct buf b = BUF_INIT;
	more(d, warnings, &b);
	fputs(b.s, f);
	buf_release(&b);
}

char *diag_errors(struct diag *d)
{
	struct buf b = BUF_INIT;
	sort(d);
	for (int i = 0; i < d->n; i++)
		if (!d->e[i].warning)
			buf_adds(&b, d->e[i].text);
	more(d, 0, &b);
	return buf_detach(&b);
}
