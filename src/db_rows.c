/*
** db_rows.c: statements of many values (see db.h): rows written many a
** statement, and a statement asking for many keys at once; through the
** store's own interface, for either engine.
*/
#include "bangfu.h"
#include "db.h"
#include <stdlib.h>
#include "banned.h"

/*
** Rows written DB_ROWS a statement (INSERT ... VALUES (...), (...) ...):
** a statement a row costs a round trip a row on PostgreSQL.
*/
#define DB_ROWS 256
struct db_rows {
	struct db *db;
	char *head, *tail;
	int ncols, n;
	char **vals;
	struct stmt *full;
};

struct db_rows *db_rows_new(struct db *db, const char *head, int ncols, const char *tail)
{
	struct db_rows *w = xcalloc(1, sizeof *w);
	w->db = db;
	w->head = xstrdup(head);
	w->tail = xstrdup(tail);
	w->ncols = ncols;
	w->vals = xcalloc((size_t)(DB_ROWS * ncols), sizeof *w->vals);
	return w;
}

static void rows_flush(struct db_rows *w)
{
	if (!w->n)
		return;
	struct stmt *st = w->n == DB_ROWS ? w->full : NULL;
	if (!st) {
		struct buf q = BUF_INIT;
		buf_adds(&q, w->head);
		for (int r = 0; r < w->n; r++) {
			buf_adds(&q, r ? ", (" : " (");
			for (int c = 0; c < w->ncols; c++)
				buf_adds(&q, c ? ", ?" : "?");
			buf_addc(&q, ')');
		}
		buf_adds(&q, w->tail);
		st = db_prepare(w->db, q.s);
		buf_release(&q);
		if (w->n == DB_ROWS)
			w->full = st;
	}
	for (int i = 0; i < w->n * w->ncols; i++) {
		stmt_bind_text(st, i + 1, w->vals[i]);
		free(w->vals[i]);
		w->vals[i] = NULL;
	}
	stmt_step(st);
	stmt_reset(st);
	if (st != w->full)
		stmt_finalize(st);
	w->n = 0;
}

void db_rows_add(struct db_rows *w, const char *const *vals)
{
	for (int c = 0; c < w->ncols; c++)
		w->vals[w->n * w->ncols + c] = vals[c] ? xstrdup(vals[c]) : NULL;
	if (++w->n == DB_ROWS)
		rows_flush(w);
}

void db_rows_end(struct db_rows *w)
{
	rows_flush(w);
	stmt_finalize(w->full);
	free(w->vals);
	free(w->head);
	free(w->tail);
	free(w);
}

struct stmt *db_prepare_in(struct db *db, const char *head, int n, const char *tail)
{
	struct buf q = BUF_INIT;
	buf_adds(&q, head);
	for (int i = 0; i < n; i++)
		buf_adds(&q, i ? ", ?" : "?");
	buf_adds(&q, tail);
	struct stmt *st = db_prepare(db, q.s);
	buf_release(&q);
	return st;
}
