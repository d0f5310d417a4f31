/*
** import.c: bundles and single CSV files into the store.
**
** One transaction per invocation: every file is read and every row
** checked; if any row is bad, nothing lands, every bad row is printed as
** FILE:LINE:COLUMN: reason, and the exit status is 1.  Re-importing a row
** that is already there with the same content changes nothing; the same key
** with other content is an error.
**
** This file runs an import: the files and bundles, the reader thread that
** parses and the writer (this thread) that checks references and stores,
** in batches handed between them.  Its parts (importer.h): a field's and a
** header's reading (import_fields.c), each kind's checks against the store
** (import_checks.c), and money rows (import_money.c).
*/
#include "bangfu.h"
#include "params.h"
#include "audit.h"
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "tally.h"
#include "paysums.h"
#include "banned.h"

#include "importer.h"

/* ---- storing -------------------------------------------------------- */

/* From how many rows an import is a bulk one (tests set it low). */
#define ROW_BYTES 64 /* a payment row takes some 60-80 bytes */
static int64_t bulk_rows(void)
{
	const char *min = getenv("BANGFU_BULK_ROWS");
	return min ? atoll(min) : 200000;
}

/*
** A payments file larger than what is stored (and of some size) is stored
** without the secondary indexes, which are built again, sorted, at its end.
*/
static void maybe_drop_indexes(struct importer *im)
{
	struct stat sb;
	im->indexes_dropped = 0;
	if (!streq(im->k->name, "payments") || stat(im->path, &sb) != 0)
		return;
	int64_t rows = (int64_t)sb.st_size / ROW_BYTES;
	int64_t stored = db_int(im->db, 0, "SELECT COALESCE(MAX(seq), 0) FROM payments", (char *)NULL);
	if (rows < bulk_rows() || rows < stored)
		return;
	schema_drop_indexes(im->db, "payments");
	im->indexes_dropped = 1;
}

static void prepare_kind(struct importer *im)
{
	const struct kind *k = im->k;
	maybe_drop_indexes(im);
	struct buf sql = BUF_INIT, q = BUF_INIT;
	buf_addf(&sql, "INSERT INTO %s(", k->name);
	kind_sql_cols(k, &sql, 1);
	if (k->money)
		buf_adds(&sql, ", seq, hash");
	if (streq(k->name, "workers"))
		buf_adds(&sql, ", stable_from, poor");
	buf_adds(&sql, ") VALUES(");
	int n = k->money || streq(k->name, "workers") ? 2 : 0;
	for (int i = 0; i < k->ncols; i++)
		n += col_width(&k->cols[i]) + ((k->cols[i].flags & C_FOLD) ? 1 : 0);
	struct buf row = BUF_INIT;
	buf_adds(&row, "(");
	for (int i = 0; i < n; i++)
		buf_adds(&row, i ? ", ?" : "?");
	buf_adds(&row, ")");
	size_t head = sql.len - strlen(" VALUES(");
	buf_adds(&sql, row.s + 1);
	buf_adds(&sql, " ON CONFLICT DO NOTHING");
	im->ins = db_prepare(im->db, sql.s);
	/* the same, for a whole batch at once */
	sql.len = head;
	sql.s[head] = 0;
	buf_adds(&sql, " VALUES ");
	for (int r = 0; r < BATCH; r++) {
		if (r)
			buf_adds(&sql, ", ");
		buf_adds(&sql, row.s);
	}
	buf_adds(&sql, " ON CONFLICT DO NOTHING");
	/* Whole batches pay off where each statement is a round trip
	** (PostgreSQL).  In SQLite a row costs no round trip, and a statement
	** of many rows would copy every page it touches into its statement
	** journal: rows go one at a time there. */
	im->ins_batch = db_engine(im->db) == DB_PG ? db_prepare(im->db, sql.s) : NULL;
	/* Money rows are known new before they are stored (they are looked
	** up before they post): PostgreSQL takes them fastest by COPY */
	im->copy_in = NULL;
	if (k->money) {
		sql.len = head;
		sql.s[head] = 0; /* "INSERT INTO payments(id, date, ...)" */
		im->copy_in = db_prepare_copy_in(im->db, sql.s + strlen("INSERT INTO "), n);
	}
	buf_release(&row);
	/* which of a batch's keys are stored already (money rows look before
	** they post; other rows learn it from the insert) */
	im->exists_batch = im->exists_range = NULL;
	im->optimistic = 0;
	im->check = NULL;
	if (kind_nkeys(k) == 1 && k->money) {
		const struct column *kc = &k->cols[kind_key_col(k)];
		/* PostgreSQL's payments: every year's ids in one index, the
		** archived years' too (partitions.c) */
		const char *keys = db_engine(im->db) == DB_PG && streq(k->name, "payments") ? "payment_keys" : k->name;
		buf_reset(&row);
		buf_addf(&row, "SELECT %s%s FROM %s WHERE %s%s IN (", col_sql(kc),
			 kc->type == T_IDNUM ? "_hash" : "", keys, col_sql(kc), kc->type == T_IDNUM ? "_hash" : "");
		im->exists_batch = db_prepare_in(im->db, row.s, BATCH, ")");
		/* SQLite compares text byte by byte, as strcmp does: the keys
		** stored between a batch's least and greatest key are one range
		** scan, usually empty when keys come in order */
		if (db_engine(im->db) == DB_SQLITE) {
			buf_reset(&row);
			buf_addf(&row, "SELECT %s FROM %s WHERE %s BETWEEN ? AND ? LIMIT %d", col_sql(kc),
				 k->name, col_sql(kc), 2 * BATCH + 1);
			im->exists_range = db_prepare(im->db, row.s);
		}
		buf_release(&row);
	}
	buf_adds(&q, "SELECT ");
	kind_sql_cols(k, &q, 0);
	buf_addf(&q, " FROM %s WHERE ", k->name);
	kind_key_where(k, &q);
	im->sel = db_prepare(im->db, q.s);
	buf_release(&sql);
	buf_release(&q);
}

static void bind_val(struct stmt *st, int *i, const struct column *c, const struct val *v)
{
	const char *sv[4];
	int n = stored_values(c, v, sv);
	if (n == 1 && !v->null && is_number(c))
		stmt_bind_int(st, (*i)++, v->n);
	else
		for (int k = 0; k < n; k++)
			stmt_bind_text_ref(st, (*i)++, sv[k]);
	if (c->flags & C_FOLD)
		stmt_bind_text_ref(st, (*i)++, v->fold);
}

/* Binds the row's key values to a statement made with kind_key_where. */
static void bind_key(struct importer *im, struct stmt *st)
{
	int b = 1;
	for (int i = 0; i < im->k->ncols; i++)
		if (im->k->cols[i].flags & C_KEY) {
			const char *sv[4];
			stored_values(&im->k->cols[i], &im->v[i], sv);
			stmt_bind_text_ref(st, b++, sv[0]);
		}
}

/* How the key is shown in messages. */
static void key_shown(struct importer *im, struct buf *b)
{
	for (int i = 0; i < im->k->ncols; i++) {
		const struct column *c = &im->k->cols[i];
		if (!(c->flags & C_KEY))
			continue;
		if (b->len)
			buf_addc(b, '/');
		if (c->type == T_IDNUM) {
			char m[19];
			idnum_mask(im->v[i].ends, m);
			buf_adds(b, m);
		} else {
			buf_adds(b, im->v[i].s.s);
		}
	}
}

/* Projects report progress by re-import: status may move forward and
** dates of the steps passed may be filled in.  Returns 1 when the row is
** such an update (and makes it), 0 when it is not. */

/* Is the key already stored?  If so, the same content is a no-op and other
** content an error (naming the first column that differs).  Returns 1 when
** the key exists. */
static int compare_existing(struct importer *im, int line)
{
	const struct kind *k = im->k;
	struct stmt *st = im->sel;
	bind_key(im, st);
	if (!stmt_step(st)) {
		stmt_reset(st);
		return 0;
	}
	if ((streq(k->name, "projects") && project_progress(im, line, st)) ||
	    (streq(k->name, "targets") && target_replace(im, st)) ||
	    (streq(k->name, "registers") && register_until(im, st)) ||
	    (streq(k->name, "findings") && finding_merge(im, st)) ||
	    (streq(k->name, "divisions") && division_replace(im))) {
		stmt_reset(st);
		im->same++;
		return 1;
	}
	int sc = 0;
	for (int i = 0; i < k->ncols; i++) {
		const struct column *c = &k->cols[i];
		const struct val *v = &im->v[i];
		const char *sv[4];
		int n = stored_values(c, v, sv), differs = 0;
		for (int j = 0; j < n; j++)
			differs |= !streq(stmt_text(st, sc + j), sv[j]);
		const char *have = stmt_text(st, sc), *want = sv[0];
		sc += n;
		if (!differs)
			continue;
		const char *shown_have = have ? have : "(empty)", *shown_want = want ? want : "(empty)";
		char h[32], w[32];
		if (c->type == T_IDNUM || c->type == T_PAYEE) {
			shown_have = "another";
			shown_want = "this one";
		} else if (c->type == T_MONEY) {
			money_format(have ? atoll(have) : 0, h);
			money_format(v->n, w);
			shown_have = h;
			shown_want = w;
		}
		struct buf key = BUF_INIT;
		key_shown(im, &key);
		bad(im, line, im->present[i] ? im->present[i] : 1,
		    "%s %s was already imported with other content: %s is '%s' there, '%s' here%s",
		    k->name, key.s, c->name, shown_have, shown_want,
		    k->money ? " (money rows never change: import a reversing row and a new one)" : "");
		buf_release(&key);
		break;
	}
	stmt_reset(st);
	im->same++;
	return 1;
}

/* ---- the hand-over between reader and writer ------------------------- */

static void queue_init(struct queue *q)
{
	pthread_mutex_init(&q->mu, NULL);
	pthread_cond_init(&q->cv, NULL);
	q->full = NULL;
	q->full_tail = &q->full;
	q->empty = NULL;
	for (int i = 0; i < NBATCH; i++) {
		struct batch *b = xcalloc(1, sizeof *b);
		for (int r = 0; r < BATCH; r++)
			for (int c = 0; c < MAXCOL; c++)
				buf_init(&b->rows[r].v[c].s);
		b->next = q->empty;
		q->empty = b;
	}
}

static void queue_release(struct queue *q)
{
	struct batch *b;
	while ((b = q->empty) != NULL) {
		q->empty = b->next;
		for (int r = 0; r < BATCH; r++)
			for (int c = 0; c < MAXCOL; c++) {
				buf_release(&b->rows[r].v[c].s);
				free(b->rows[r].v[c].fold);
			}
		free(b);
	}
	pthread_mutex_destroy(&q->mu);
	pthread_cond_destroy(&q->cv);
}

static struct batch *take_empty(struct queue *q)
{
	pthread_mutex_lock(&q->mu);
	while (!q->empty)
		pthread_cond_wait(&q->cv, &q->mu);
	struct batch *b = q->empty;
	q->empty = b->next;
	pthread_mutex_unlock(&q->mu);
	b->n = b->eof = 0;
	b->next = NULL;
	return b;
}

static void give_full(struct queue *q, struct batch *b)
{
	pthread_mutex_lock(&q->mu);
	*q->full_tail = b;
	q->full_tail = &b->next;
	pthread_cond_broadcast(&q->cv);
	pthread_mutex_unlock(&q->mu);
}

static struct batch *take_full(struct queue *q)
{
	pthread_mutex_lock(&q->mu);
	while (!q->full)
		pthread_cond_wait(&q->cv, &q->mu);
	struct batch *b = q->full;
	q->full = b->next;
	if (!q->full)
		q->full_tail = &q->full;
	pthread_mutex_unlock(&q->mu);
	return b;
}

static void give_empty(struct queue *q, struct batch *b)
{
	pthread_mutex_lock(&q->mu);
	b->next = q->empty;
	q->empty = b;
	pthread_cond_broadcast(&q->cv);
	pthread_mutex_unlock(&q->mu);
}

/* ---- the reader thread: parse, check each field, seal, fold ----------- */

static int on_row(void *ctx, int line, int nf, char **f)
{
	struct importer *im = ctx;
	if (im->nhead == 0)
		return read_header(im, line, nf, f);
	const struct kind *k = im->k;
	if (!im->fill)
		im->fill = take_empty(&im->q);
	struct prow *r = &im->fill->rows[im->fill->n++];
	r->line = line;
	r->bad = 0;
	r->pi = NULL;
	if (nf != im->nhead) {
		diag_error(&im->d, line, nf < im->nhead ? nf + 1 : im->nhead + 1,
			   "this row has %d fields, the header has %d", nf, im->nhead);
		r->bad = 1;
	} else {
		for (int j = 0; j < k->ncols; j++)
			if (!im->present[j]) {
				r->v[j].null = 1;
				buf_reset(&r->v[j].s);
			}
		for (int i = 0; i < nf; i++)
			if (norm_field(im, line, i + 1, &k->cols[im->map[i]], f[i], &r->v[im->map[i]]) < 0)
				r->bad = 1;
	}
	if (im->fill->n == BATCH) {
		give_full(&im->q, im->fill);
		im->fill = NULL;
	}
	return 0;
}

static void *reader_main(void *arg)
{
	struct importer *im = arg;
	if (im->xlsx)
		xlsxin_read(im->path, &im->d, on_row, im);
	else
		csvin_read(im->path, &im->d, on_row, im);
	if (!im->fill)
		im->fill = take_empty(&im->q);
	im->fill->eof = 1;
	give_full(&im->q, im->fill);
	im->fill = NULL;
	return NULL;
}

/* ---- the writer (this thread): references, then the store ------------ */

/* The text of a row's key (single-key kinds). */
static const char *row_key(struct importer *im, struct prow *r)
{
	const char *sv[4];
	stored_values(&im->k->cols[kind_key_col(im->k)], &r->v[kind_key_col(im->k)], sv);
	return sv[0];
}

static void bind_row(struct importer *im, struct stmt *st, int *b, struct prow *r)
{
	const struct kind *k = im->k;
	for (int j = 0; j < k->ncols; j++)
		bind_val(st, b, &k->cols[j], &r->v[j]);
	if (k->money) {
		stmt_bind_int(st, (*b)++, r->seq);
		stmt_bind_text_ref(st, (*b)++, r->hash);
	}
	if (streq(k->name, "workers")) {
		stmt_bind_text(st, (*b)++, r->stable_from);
		stmt_bind_int(st, (*b)++, r->poor);
	}
}

/* A row was stored as new: the kept sums learn it. */
static void row_added(struct importer *im, struct prow *r)
{
	im->added++;
	const char *n = im->k->name;
	if (streq(n, "payments")) {
		const struct kind *k = im->k;
		struct val *v = r->v;
		if (!im->paysums)
			im->paysums = paysums_new();
		int64_t fen = v[kind_col(k, "amount")].n;
		if (!v[kind_col(k, "reverses")].null)
			fen = -fen;
		if (r->pi)
			paysums_add_hinted(im->paysums, &r->pi->sums, v[kind_col(k, "project")].s.s,
					   v[kind_col(k, "date")].s.s, v[kind_col(k, "purpose")].s.s, fen);
		else
			paysums_add(im->paysums, v[kind_col(k, "project")].s.s, v[kind_col(k, "date")].s.s,
				    v[kind_col(k, "purpose")].s.s, fen);
		return;
	}
	if (!streq(n, "workers") && !streq(n, "sales"))
		return;
	if (!im->tally)
		im->tally = tally_open(im->db);
	struct val *v = r->v;
	const struct kind *k = im->k;
#define S(col) (v[kind_col(k, col)].null ? NULL : v[kind_col(k, col)].s.s)
	if (streq(n, "workers"))
		tally_worker(im->tally, S("kind"), S("origin"), S("destination"), S("start"), S("end"),
			     r->stable_from, r->poor, 1);
	else
		tally_sale(im->tally, S("pairing"), S("seller"), S("buyer"), S("date"), v[kind_col(k, "amount")].n);
#undef S
}

/*
** Stores the rows accepted so far.  A full batch goes in one statement, in
** a savepoint: when every row was stored (the usual case) that is all;
** when some key was there already, the batch is rolled back and stored a
** row at a time, which tells which rows to compare with what is stored.
*/
static void flush_pending(struct importer *im)
{
	int n = im->npending;
	if (!n)
		return;
	im->npending = 0;
	if (im->copy_in) { /* new money rows, every one: looked up before they posted */
		int b = 1;
		for (int i = 0; i < n; i++)
			bind_row(im, im->copy_in, &b, im->pending[i]);
		stmt_step(im->copy_in);
		if (stmt_changes(im->copy_in) != n)
			BUG("money rows were posted but not stored");
		for (int i = 0; i < n; i++)
			row_added(im, im->pending[i]);
		return;
	}
	if (n == BATCH && im->ins_batch) {
		int b = 1;
		db_begin(im->db);
		for (int i = 0; i < n; i++)
			bind_row(im, im->ins_batch, &b, im->pending[i]);
		stmt_step(im->ins_batch);
		int64_t changed = stmt_changes(im->ins_batch);
		stmt_reset(im->ins_batch);
		if (changed == n) {
			db_commit(im->db);
			for (int i = 0; i < n; i++)
				row_added(im, im->pending[i]);
			return;
		}
		db_rollback(im->db);
	}
	for (int i = 0; i < n; i++) {
		struct prow *r = im->pending[i];
		int b = 1;
		bind_row(im, im->ins, &b, r);
		stmt_step(im->ins);
		int64_t changed = stmt_changes(im->ins);
		stmt_reset(im->ins);
		if (changed) {
			row_added(im, r);
			continue;
		}
		if (im->k->money)
			BUG("a money row was posted but not stored");
		im->cur = r;
		im->v = r->v;
		im->row_bad = 0;
		compare_existing(im, r->line);
	}
}

/*
** The keys stored between the batch's least and greatest key; 0 when there
** are too many of them to be worth it (keys out of order), and the batch's
** keys are looked up one by one instead.
*/
static int known_by_range(struct importer *im, struct batch *b)
{
	const char *lo = NULL, *hi = NULL;
	for (int i = 0; i < b->n; i++) {
		if (b->rows[i].bad)
			continue;
		const char *key = row_key(im, &b->rows[i]);
		if (!lo || strcmp(key, lo) < 0)
			lo = key;
		if (!hi || strcmp(key, hi) > 0)
			hi = key;
	}
	if (!lo)
		return 1;
	stmt_bind_text_ref(im->exists_range, 1, lo);
	stmt_bind_text_ref(im->exists_range, 2, hi);
	int n = 0;
	while (stmt_step(im->exists_range)) {
		map_put(&im->known, stmt_text(im->exists_range, 0), im);
		n++;
	}
	stmt_reset(im->exists_range);
	if (n <= 2 * BATCH)
		return 1;
	map_clear(&im->known);
	return 0;
}

/* Which keys of the batch are stored already, and which households exist. */
static void prefetch(struct importer *im, struct batch *b)
{
	map_clear(&im->known);
	map_clear(&im->seen);
	map_clear(&im->ref_ok);
	int n = 1;
	if (streq(im->k->name, "payments"))
		preload_projects(im, b);
	if (!im->exists_batch || im->optimistic)
		goto households;
	if (im->exists_range && known_by_range(im, b))
		goto households;
	for (int i = 0; i < b->n; i++)
		if (!b->rows[i].bad)
			stmt_bind_text_ref(im->exists_batch, n++, row_key(im, &b->rows[i]));
	while (n <= BATCH)
		stmt_bind_text_ref(im->exists_batch, n++, NULL);
	while (stmt_step(im->exists_batch))
		map_put(&im->known, stmt_text(im->exists_batch, 0), im);
	stmt_reset(im->exists_batch);
	/* none of this batch was stored: the rest go by COPY unlooked-up */
	if (im->copy_in && !im->careful && !im->known.n)
		im->optimistic = 1;
households:
	if (streq(im->k->name, "workers")) {
		/* the registered persons among the batch's workers */
		map_empty(&im->people, free);
		int ic = kind_col(im->k, "id_number");
		n = 1;
		for (int i = 0; i < b->n; i++)
			if (!b->rows[i].bad)
				stmt_bind_text_ref(im->q_person, n++, b->rows[i].v[ic].hash);
		while (n <= BATCH)
			stmt_bind_text_ref(im->q_person, n++, NULL);
		while (stmt_step(im->q_person)) {
			struct person *p = xcalloc(1, sizeof *p);
			snprintf(p->died, sizeof p->died, "%s", stmt_text(im->q_person, 1) ? stmt_text(im->q_person, 1) : "");
			p->poor = (int)stmt_int(im->q_person, 2);
			map_put(&im->people, stmt_text(im->q_person, 0), p);
		}
		stmt_reset(im->q_person);
		return;
	}
	if (!streq(im->k->name, "persons"))
		return;
	int hc = kind_col(im->k, "household");
	n = 1;
	for (int i = 0; i < b->n; i++)
		if (!b->rows[i].bad && !b->rows[i].v[hc].null)
			stmt_bind_text_ref(im->ref_batch, n++, b->rows[i].v[hc].s.s);
	while (n <= BATCH)
		stmt_bind_text_ref(im->ref_batch, n++, NULL);
	while (stmt_step(im->ref_batch))
		map_put(&im->ref_ok, stmt_text(im->ref_batch, 0), im);
	stmt_reset(im->ref_batch);
}

/* The store's year range grows with every dated row stored. */
static void note_year(struct importer *im)
{
	if (!im->k->year)
		return;
	int y = atoi(V(im->k->year)->s.s);
	if (y < im->year_min)
		im->year_min = y;
	if (y > im->year_max)
		im->year_max = y;
}

static void store_row(struct importer *im, struct prow *r)
{
	const struct kind *k = im->k;
	im->rows++;
	if (r->bad || (im->optimistic && db_copy_conflict(im->db)))
		return;
	im->cur = r;
	im->v = r->v;
	im->row_bad = 0;
	if (k->money && kind_nkeys(k) != 1)
		BUG("money rows have one key: they must be posted");
	const char *key = k->money ? row_key(im, r) : NULL;
	if (k->money && (map_get(&im->known, key) || map_get(&im->seen, key))) {
		/* stored already, maybe earlier in this batch: compare */
		flush_pending(im);
		if (!compare_existing(im, r->line)) { /* its key is taken by a payment archived */
			struct buf shown = BUF_INIT;
			key_shown(im, &shown);
			char *year = partitions_archived_year_of(im->db, shown.s);
			bad(im, r->line, im->present[kind_key_col(k)] ? im->present[kind_key_col(k)] : 1,
			    "%s: %s is a payment of %s, a year archived; 'bangfu archive --restore %s' brings that year back",
			    k->cols[kind_key_col(k)].name, shown.s, year ? year : "?", year ? year : "YEAR");
			free(year);
			buf_release(&shown);
		}
		return;
	}
	/* a reversal looks for the row it cancels among those stored */
	if (k->money && !V("reverses")->null)
		flush_pending(im);
	check_row(im, r->line);
	if (im->row_bad)
		return;
	if (k->money) {
		post_money(im, r->line);
		if (im->row_bad)
			return;
		r->seq = im->seq;
		memcpy(r->hash, im->hash, sizeof r->hash);
	}
	if (streq(k->name, "workers")) {
		memcpy(r->stable_from, im->stable_from, sizeof r->stable_from);
		r->poor = im->poor;
	}
	note_year(im);
	im->pending[im->npending++] = r;
	if (key)
		map_put(&im->seen, key, im);
	if (im->npending == BATCH)
		flush_pending(im);
}

/* Reads one file in a second thread while this one stores its rows. */
static void import_file(struct importer *im)
{
	pthread_t reader;
	im->nhead = 0;
	im->fill = NULL;
	if (pthread_create(&reader, NULL, reader_main, im) != 0)
		die("import: cannot start the reader thread");
	for (;;) {
		struct batch *b = take_full(&im->q);
		prefetch(im, b);
		for (int i = 0; i < b->n; i++)
			store_row(im, &b->rows[i]);
		/* the batch's memory goes back to the reader: store what it holds */
		flush_pending(im);
		int eof = b->eof;
		give_empty(&im->q, b);
		if (eof)
			break;
	}
	pthread_join(reader, NULL);
}

static void finish_kind(struct importer *im)
{
	/* after errors the import rolls back, indexes and all */
	if (im->indexes_dropped && !im->d.nerr) {
		db_sort_memory(im->db, 64);
		schema_build_indexes(im->db, im->k->name);
		db_bulk(im->db);
	}
	im->indexes_dropped = 0;
	if (streq(im->k->name, "divisions"))
		check_division_parents(im);
	/* workers moved before their person was registered learn it now
	** (a registered person's household never changes) */
	if (streq(im->k->name, "persons") && im->added && db_int(im->db, 0, "SELECT COUNT(*) FROM "
	    "(SELECT 1 FROM workers WHERE poor = 0 LIMIT 1) w", (char *)NULL)) {
		db_exec(im->db, "UPDATE workers SET poor = 1 WHERE poor = 0 AND id_number_hash IN ("
				"SELECT p.id_number_hash FROM persons p JOIN households h ON h.id = p.household "
				"WHERE h.status IN ('poor', 'exited', 'monitored'))");
		im->registry_changed = 1;
	}
	/* new places and pairings change the sets of pairings records count for */
	const char *n = im->k->name;
	if (im->added && (streq(n, "divisions") || streq(n, "orgs") || streq(n, "pairings")) &&
	    (im->tally || db_int(im->db, 0, "SELECT COUNT(*) FROM (SELECT 1 FROM workers LIMIT 1) w", (char *)NULL) ||
	     db_int(im->db, 0, "SELECT COUNT(*) FROM (SELECT 1 FROM sales LIMIT 1) s", (char *)NULL)))
		im->registry_changed = 1; /* sums kept under the old pairings: add them up anew */
	stmt_finalize(im->ins);
	stmt_finalize(im->sel);
	stmt_finalize(im->ins_batch);
	stmt_finalize(im->copy_in);
	stmt_finalize(im->exists_batch);
	stmt_finalize(im->exists_range);
	im->ins = im->sel = im->ins_batch = im->exists_batch = im->exists_range = im->copy_in = NULL;
}

/* The store's years (every year from the earliest to the latest of any
** dated record) are kept in meta, so that reports need not scan for them. */
static void store_years_widen(struct db *db, int lo, int hi)
{
	if (lo > hi)
		return;
	int have_lo = (int)db_int(db, 9999, "SELECT value FROM meta WHERE key = 'year_min'", (char *)NULL);
	int have_hi = (int)db_int(db, 0, "SELECT value FROM meta WHERE key = 'year_max'", (char *)NULL);
	struct stmt *st = db_prepare(db, "INSERT INTO meta(key, value) VALUES(?, ?) "
					 "ON CONFLICT(key) DO UPDATE SET value = excluded.value");
	char v[16];
	snprintf(v, sizeof v, "%d", lo < have_lo ? lo : have_lo);
	stmt_bind_text(st, 1, "year_min");
	stmt_bind_text(st, 2, v);
	stmt_step(st);
	stmt_reset(st);
	snprintf(v, sizeof v, "%d", hi > have_hi ? hi : have_hi);
	stmt_bind_text(st, 1, "year_max");
	stmt_bind_text(st, 2, v);
	stmt_step(st);
	stmt_finalize(st);
}

/*
** COMMAND: import
** USAGE: bangfu --db PATH import FILE_OR_BUNDLE... [--region CODE] [--dry-run]
** NEEDS: write
**
** Import CSV files and bundles, all in one transaction.
**
** Takes CSV files, or bundles (folders of CSV files named after their
** kind: divisions.csv, orgs.csv, pairings.csv, households.csv, persons.csv,
** funds.csv, projects.csv, beneficiaries.csv, allocations.csv,
** payments.csv, workers.csv, workshops.csv, sales.csv, investments.csv,
** exchanges.csv, trainings.csv, events.csv, targets.csv), in that order
** and as ONE transaction: all of it lands, or none.  A file given by itself
** whose name names no kind is read as the one kind its header fits.  A
** project row read again may move its status forward and fill in its
** steps' dates; a target read again replaces the earlier one.  Money rows
** are checked against the ledger as they post: a fund is never allocated
** beyond its amount, a project never pays out beyond what it was given, a
** correction is a reversing row (see 'bangfu help verify').
**
** Files may be UTF-8 (with or without BOM) or GB18030/GBK as Excel saves
** them on Chinese Windows; headers in English or Chinese (姓名, 身份证号,
** 行政区划代码 ...).  An Excel workbook (funds.xlsx, 帮扶资金.xlsx) is read
** like its CSV: the first sheet, date cells as YYYY-MM-DD, LINE being the
** sheet's row.  Every bad row is printed as FILE:LINE:COLUMN: reason
** and the exit status is 1 with nothing imported.  Warnings (an organisation
** code failing its check character) are printed and do not stop the import.
** Re-importing the same rows changes nothing.
**
** Identity numbers are checked (GB 11643), then kept only as a keyed hash,
** an encrypted copy and a masked form.  A bundle written by 'export' holds
** sealed identity numbers (enc:...) that import back with the same key file.
**
** Options:
**   --dry-run       check everything, then roll back
**   --region CODE   write only records that lie in that division (a county
**                   clerk's import): a project's, fund's or worker's county,
**                   the county of the project a payment belongs to, a
**                   household's village ... anything else is a row error
*/
int cmd_import(struct cmdctx *c, int argc, char **argv)
{
	static const struct param options[] = {
		{ "dry-run", P_FLAG, offsetof(struct import_params, dry), NULL, 0, 0 },
		{ "region", P_DIVISION, offsetof(struct import_params, region), NULL, 0, 0 },
	};
	struct import_params p;
	memset(&p, 0, sizeof p);
	params_from_argv(options, ARRAY_SIZE(options), &p, &argc, argv, "import");
	if (argc < 1)
		die("import: name at least one CSV file or bundle folder");
	struct import_file *files = xcalloc((size_t)argc, sizeof *files);
	for (int i = 0; i < argc; i++)
		files[i].path = argv[i];
	p.files = files;
	p.nfiles = argc;
	char who[80];
	p.by = audit_cli_who(who);
	p.addr = "local";
	int rc = import_run(c, &p);
	free(files);
	return rc;
}

/* The audit trail's entry of an import: the files, and what landed or why not. */
static void import_audit(struct cmdctx *c, const struct import_params *p, const struct job *jobs, int njobs,
			 int ok, const char *summary)
{
	if (!p->by)
		return;
	struct buf what = BUF_INIT;
	for (int i = 0; i < njobs; i++)
		buf_addf(&what, "%s%s", i ? ", " : "", jobs[i].name);
	if (!njobs)
		for (int i = 0; i < p->nfiles; i++)
			buf_addf(&what, "%s%s", i ? ", " : "", p->files[i].name ? p->files[i].name : p->files[i].path);
	audit_log(c->db, p->by, p->addr ? p->addr : "local", ok ? "import" : "import_refused", what.s, NULL, summary);
	buf_release(&what);
}

/* An import, once; -1 when it must run again, careful (importer.h). */
static int import_once(struct cmdctx *c, const struct import_params *p, int careful)
{
	struct importer im;
	memset(&im, 0, sizeof im);
	im.db = c->db;
	im.careful = careful;
	int dry = p->dry;
	if (p->region[0]) {
		snprintf(im.region, sizeof im.region, "%s", p->region);
		char *side = division_side_of(c->db, im.region);
		im.region_east = side && streq(side, "east");
		free(side);
	}
	im.key = c->key;
	diag_init(&im.d);
	buf_init(&im.last_household);
	queue_init(&im.q);
	time_t now = time(NULL);
	struct tm tm;
	localtime_r(&now, &tm);
	strftime(im.today, sizeof im.today, "%Y-%m-%d", &tm);

	struct job *jobs = NULL;
	int njobs = 0, ajobs = 0;
	for (int i = 0; i < p->nfiles; i++)
		import_collect(&im.d, &p->files[i], &jobs, &njobs, &ajobs);
	if (njobs > 1)
		qsort(jobs, (size_t)njobs, sizeof *jobs, import_job_cmp);

	db_bulk(c->db);
	/* files of a bulk size, and the store to ourselves: written once */
	int64_t bytes = 0;
	struct stat sb;
	for (int i = 0; i < njobs; i++)
		if (stat(jobs[i].path, &sb) == 0)
			bytes += (int64_t)sb.st_size;
	int solo = bytes / ROW_BYTES >= bulk_rows() && db_bulk_solo(c->db);
	db_begin(c->db);
	im.q_div = db_prepare(c->db, "SELECT level, side, parent FROM divisions WHERE code = ?");
	im.q_org = db_prepare(c->db, "SELECT division FROM orgs WHERE code = ?");
	im.q_household = db_prepare(c->db, "SELECT 1 FROM households WHERE id = ?");
	im.q_pairing = db_prepare(c->db, "SELECT east, west FROM pairings WHERE id = ?");
	im.q_fund = db_prepare(c->db, "SELECT to_, reverses, date FROM funds WHERE id = ?");
	im.q_project = db_prepare(c->db, "SELECT county, status FROM projects WHERE id = ?");
	im.q_person = db_prepare_in(c->db, "SELECT p.id_number_hash, p.died, "
				    "CASE WHEN h.status IN ('poor', 'exited', 'monitored') THEN 1 ELSE 0 END "
				    "FROM persons p JOIN households h ON h.id = p.household WHERE p.id_number_hash IN (",
				    BATCH, ")");
	im.ledger = ledger_open(c->db);
	im.year_min = 9999;
	im.ref_batch = db_prepare_in(c->db, "SELECT id FROM households WHERE id IN (", BATCH, ")");
	struct buf summary = BUF_INIT;
	for (int i = 0; i < njobs; i++) {
		im.k = jobs[i].k;
		im.path = jobs[i].path;
		im.xlsx = jobs[i].xlsx;
		diag_set_file(&im.d, jobs[i].name);
		im.rows = im.added = im.same = im.updated = 0;
		prepare_kind(&im);
		import_file(&im);
		finish_kind(&im);
		if (db_copy_conflict(c->db))
			break; /* the rest would do nothing: this run is begun again */
		buf_addf(&summary, "%s: %ld rows, %ld new, %ld already there", jobs[i].name,
			 im.rows, im.added, im.same - im.updated);
		if (im.updated)
			buf_addf(&summary, ", %ld updated", im.updated);
		buf_addc(&summary, '\n');
	}
	stmt_finalize(im.q_div);
	stmt_finalize(im.q_org);
	stmt_finalize(im.q_household);
	stmt_finalize(im.q_pairing);
	stmt_finalize(im.q_fund);
	stmt_finalize(im.q_project);
	stmt_finalize(im.q_person);
	stmt_finalize(im.ref_batch);
	stmt_finalize(im.q_projects);
	/* a money row's key was stored already, or twice: nothing of this
	** run is kept, and it runs again looking every key up */
	int again = db_copy_conflict(c->db);
	if (again) {
		ledger_discard(im.ledger);
	} else {
		ledger_close(im.ledger);
		store_years_widen(c->db, im.year_min, im.year_max);
		/* the store's generation: what the server's cached pages were made from */
		store_generation_next(c->db);
	}
	if (im.paysums && !im.d.nerr && !again)
		paysums_flush(im.paysums, c->db);
	else
		paysums_free(im.paysums);
	if (im.tally && (im.d.nerr || im.registry_changed || again))
		tally_free(im.tally);
	else if (im.tally)
		tally_close(im.tally);
	if (!im.d.nerr && im.registry_changed && !again)
		tally_rebuild(c->db);
	map_release(&im.known, NULL);
	map_release(&im.seen, NULL);
	map_release(&im.ref_ok, NULL);
	map_release(&im.pinfo, free_pinfo);
	map_release(&im.finfo, free_finfo);
	map_release(&im.divs, free_dinfo);
	map_release(&im.orgs, free);
	map_release(&im.pairs, NULL);
	map_release(&im.people, free);
	if (!again)
		diag_print(&im.d, c->err, 1);
	int rc = 0;
	if (again) {
		db_rollback(c->db);
		rc = -1;
	} else if (im.d.nerr) {
		db_rollback(c->db);
		diag_print(&im.d, c->err, 0);
		fprintf(c->err, "%s: import failed: %d error%s; nothing was imported\n", progname,
			im.d.nerr, im.d.nerr == 1 ? "" : "s");
		rc = 1;
	} else if (dry) {
		db_rollback(c->db);
		fputs(summary.s, c->out);
		fputs("dry run: everything checked, nothing imported\n", c->out);
	} else {
		db_commit(c->db);
		fputs(summary.s, c->out);
		if (im.adopted)
			fprintf(c->out, "%ld division%s the records name came from the built-in division table\n",
				im.adopted, im.adopted == 1 ? "" : "s");
	}
	if (solo)
		db_bulk_end(c->db);
	if (!dry && !again) {
		char *errs = rc ? diag_errors(&im.d) : NULL;
		import_audit(c, p, jobs, njobs, rc == 0, rc ? errs : summary.s);
		free(errs);
	}
	for (int i = 0; i < njobs; i++) {
		free(jobs[i].path);
		free(jobs[i].name);
	}
	free(jobs);
	queue_release(&im.q);
	free(im.defer);
	buf_release(&im.last_household);
	buf_release(&summary);
	diag_release(&im.d);
	return rc;
}

int import_run(struct cmdctx *c, const void *arg)
{
	int rc = import_once(c, arg, 0);
	if (rc < 0)
		rc = import_once(c, arg, 1);
	if (rc < 0) /* looked up, yet stored meanwhile: only another writer could */
		die("import: a money row's key was stored by another import while this one ran; "
		    "nothing was imported: import again");
	return rc;
}
