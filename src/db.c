/*
** db.c: SQLite and PostgreSQL behind one small interface (see db.h).
** Every difference between the two engines lives in this file or in the
** dialect hook of schema.c.
*/
#include "bangfu.h"
#include "db.h"
#include "map.h"
#include <errno.h>
#include <fcntl.h>
#include <libpq-fe.h>
#include <sqlite3.h>
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include "banned.h"

struct db {
	enum db_engine engine;
	char *url;
	sqlite3 *lite;
	PGconn *pg;
	int depth;     /* transaction nesting */
	int is_new;
	int busy_ms;   /* how long SQLite waits for another's lock */
	unsigned next_stmt;
	/* statements kept prepared for their next use (db_keep_statements) */
	int keep;
	struct stmt *idle[64];
	int nidle;
	/* PostgreSQL: the COPY ... FROM STDIN open on the connection, and
	** whether one broke a unique key (db_copy_conflict) */
	struct stmt *copying;
	int conflict;
	time_t retried; /* db_usable's last attempt to connect again */
};

struct stmt {
	struct db *db;
	char *sql;
	uint64_t sqlhash; /* of sql, to find a kept statement */
	/* SQLite */
	sqlite3_stmt *lite;
	/* PostgreSQL */
	char name[24];
	int nparam;
	char **params;
	PGresult *res;
	int row, nrows, executed;
	int64_t changes;
	int cursor;  /* PostgreSQL: read through DECLARE ... FETCH */
	int done;
	/* PostgreSQL: read through COPY ... TO STDOUT, a row a line */
	int copy;
	char *line;       /* the current line, unescaped in place */
	char **field;
	unsigned char *null;
	int nfield, afield;
	/* PostgreSQL: rows written through COPY ... FROM STDIN (db_prepare_copy_in) */
	int copyin, ncols, col;
	int64_t nrows_in, sent;
	struct buf data;
};

int db_url_is_pg(const char *url)
{
	return starts_with(url, "postgresql://") || starts_with(url, "postgres://");
}

static void lite_die(struct db *db, const char *sql)
{
	int rc = sqlite3_extended_errcode(db->lite);
	if ((rc & 0xff) == SQLITE_BUSY || (rc & 0xff) == SQLITE_LOCKED)
		die("store %s is locked by another process; nothing was changed: "
		    "try again when it has finished", db->url);
	if (rc == SQLITE_READONLY_ROLLBACK)
		die("store %s was left midway by a write that stopped (%s-journal): "
		    "any command run by a user who may write the store puts it back",
		    db->url, db->url);
	if ((rc & 0xff) == SQLITE_READONLY)
		die("store %s is read-only; nothing was changed", db->url);
	if ((rc & 0xff) == SQLITE_FULL)
		die("store %s: the disk is full; nothing was changed", db->url);
	die("database error: %s%s%s", sqlite3_errmsg(db->lite), sql ? "\n  in: " : "",
	    sql ? sql : "");
}

static void pg_die(struct db *db, PGresult *res, const char *sql)
{
	const char *state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
	if (streq(state, "55P03") || streq(state, "40P01"))
		die("store %s is locked by another process; nothing was changed: "
		    "try again when it has finished", db->url);
	if (streq(state, "25006") || streq(state, "42501"))
		die("store %s is read-only for this account; nothing was changed", db->url);
	if (streq(state, "53100"))
		die("store %s: the disk is full; nothing was changed", db->url);
	const char *msg = res ? PQresultErrorMessage(res) : PQerrorMessage(db->pg);
	die("database error: %s%s%s", msg, sql ? "  in: " : "", sql ? sql : "");
}

static void copy_end(struct db *db);
static int pg_idle(struct db *db);

/* A connection's settings, made at connecting (and again after a reconnect). */
static void pg_session(struct db *db)
{
	char set[160];
	const char *t = getenv("BANGFU_BUSY_TIMEOUT");
	snprintf(set, sizeof set,
		 "SET client_encoding = 'UTF8'; SET client_min_messages = warning; SET lock_timeout = %d",
		 t ? atoi(t) : 3000);
	db_exec(db, set);
}

static void pg_notice(void *arg, const char *msg)
{
	(void)arg;
	(void)msg; /* NOTICEs (e.g. "relation already exists") are not for users */
}

struct db *db_open(const char *url, int flags)
{
	struct db *db = xcalloc(1, sizeof *db);
	db->url = xstrdup(url);
	if (db_url_is_pg(url)) {
		db->engine = DB_PG;
		db->pg = PQconnectdb(url);
		if (PQstatus(db->pg) != CONNECTION_OK)
			die("cannot connect to %s: %s", url, PQerrorMessage(db->pg));
		PQsetNoticeProcessor(db->pg, pg_notice, NULL);
		pg_session(db);
		return db;
	}
	db->engine = DB_SQLITE;
	struct stat st;
	int exists = stat(url, &st) == 0;
	if (!exists && !(flags & DB_CREATE))
		die("no store at %s: create one with 'bangfu --db %s init'", url, url);
	if (exists && S_ISDIR(st.st_mode))
		die("%s is a folder, not a store file", url);
	/* Root can write anything: honour the file's own mode instead. */
	if (exists && (flags & DB_WRITE) && !(st.st_mode & (S_IWUSR | S_IWGRP | S_IWOTH)))
		die("store %s is read-only (mode %03o); nothing was changed", url,
		    (unsigned)(st.st_mode & 0777));
	if (exists && (flags & DB_WRITE) && access(url, W_OK) != 0)
		die("store %s is read-only for you; nothing was changed", url);
	db->is_new = !exists;
	int oflags = (flags & (DB_WRITE | DB_CREATE)) ? SQLITE_OPEN_READWRITE : SQLITE_OPEN_READONLY;
	/* a bulk import stopped midway (db_bulk_solo) leaves a rollback journal
	** that only a writer can play back: open to write, so that SQLite puts
	** the store back as it was (and the store goes back to WAL) */
	if (exists && !(oflags & SQLITE_OPEN_READWRITE) && access(url, W_OK) == 0) {
		char *journal = xasprintf("%s-journal", url);
		struct stat js;
		if (stat(journal, &js) == 0 && js.st_size > 0)
			oflags = SQLITE_OPEN_READWRITE;
		free(journal);
	}
	if (flags & DB_CREATE) {
		oflags |= SQLITE_OPEN_CREATE;
		/* a store holds sealed identity numbers, names and money: its
		** file (and so its -wal and -shm, which SQLite makes alike) is
		** for its owner alone */
		if (!exists) {
			int fd = open(url, O_WRONLY | O_CREAT | O_EXCL, 0600);
			if (fd < 0)
				die("cannot create store %s: %s", url, strerror(errno));
			close(fd);
		}
	}
	db_map_register();
	if (sqlite3_open_v2(url, &db->lite, oflags | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK)
		die("cannot open store %s: %s", url, sqlite3_errmsg(db->lite));
	const char *t = getenv("BANGFU_BUSY_TIMEOUT");
	db->busy_ms = t ? atoi(t) : 3000;
	sqlite3_busy_timeout(db->lite, db->busy_ms);
	sqlite3_extended_result_codes(db->lite, 1);
	/* Larger pages make the random inserts of hashed keys cheaper. */
	if (db->is_new)
		db_exec(db, "PRAGMA page_size = 16384");
	if (oflags & SQLITE_OPEN_READWRITE)
		db_exec(db, "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL");
	db_exec(db, "PRAGMA cache_size = -65536; PRAGMA temp_store = MEMORY");
	return db;
}

void db_bulk(struct db *db)
{
	/* A bulk import inserts into indexes keyed by hashes, all over the
	** tree: a larger cache saves rewriting pages (it is only allocated as
	** it fills).  PostgreSQL's buffers are the server's business; its
	** sorts for CREATE INDEX are the session's. */
	if (db->engine == DB_SQLITE)
		db_exec(db, "PRAGMA cache_size = -262144; PRAGMA temp_store = FILE");
	else /* the indexes a large import builds again at its end sort in memory */
		db_exec(db, "SET maintenance_work_mem = '256MB'");
}

int db_bulk_solo(struct db *db)
{
	if (db->engine != DB_SQLITE || db->depth)
		return 0;
	/* leaving WAL needs the store to oneself: fails at once when another
	** connection (a server) has it open, and the import stays in WAL */
	sqlite3_busy_timeout(db->lite, 0);
	int rc = sqlite3_exec(db->lite, "PRAGMA journal_mode = DELETE", NULL, NULL, NULL);
	sqlite3_busy_timeout(db->lite, db->busy_ms);
	char *mode = rc == SQLITE_OK ? db_text(db, "PRAGMA journal_mode", (char *)NULL) : NULL;
	int solo = mode && streq(mode, "delete");
	free(mode);
	if (solo) /* a rollback journal is safe against power loss when synced in full */
		db_exec(db, "PRAGMA synchronous = FULL");
	return solo;
}

void db_bulk_end(struct db *db)
{
	db_exec(db, "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL");
}

void db_sort_memory(struct db *db, int mb)
{
	/* SQLite's sorter (CREATE INDEX) holds up to the cache's size in
	** memory before it spills to temporary files.  Helper threads sort
	** runs beside the statement's own, each run up to that size: one
	** helper a spare core, at most three, and the memory shared out
	** among them (10 M payments' payees' index on 2 cores: 12.6 s and
	** 136 MB alone, 10.1 s and 104 MB with one helper, 32 MB a run) */
	if (db->engine == DB_SQLITE) {
		long cores = sysconf(_SC_NPROCESSORS_ONLN);
		int helpers = cores > 4 ? 3 : cores > 1 ? (int)cores - 1 : 0;
		char sql[96];
		snprintf(sql, sizeof sql, "PRAGMA cache_size = -%d; PRAGMA threads = %d", mb * 1024 / (helpers + 1),
			 helpers);
		db_exec(db, sql);
	}
}

void db_sort_on_disk(struct db *db, int on)
{
	if (db->engine == DB_SQLITE)
		db_exec(db, on ? "PRAGMA temp_store = FILE" : "PRAGMA temp_store = MEMORY");
}

static void stmt_free(struct stmt *st);

void db_serving(struct db *db)
{
	db_keep_statements(db, 1);
	/* SQLite reads pages through a map of the file, copying nothing: the
	** whole file (db_map.c), not only the 2 GB Debian's library maps */
	if (db->engine == DB_SQLITE)
		db_exec(db, "PRAGMA mmap_size = 68719476736");
}

void db_keep_statements(struct db *db, int on)
{
	db->keep = on;
	if (!on)
		while (db->nidle)
			stmt_free(db->idle[--db->nidle]);
}

void db_close(struct db *db)
{
	if (!db)
		return;
	db_keep_statements(db, 0);
	if (db->lite)
		sqlite3_close_v2(db->lite);
	if (db->pg)
		PQfinish(db->pg);
	free(db->url);
	free(db);
}

enum db_engine db_engine(const struct db *db) { return db->engine; }
const char *db_url(const struct db *db) { return db->url; }
int db_is_new(const struct db *db) { return db->is_new; }

void db_exec(struct db *db, const char *sql)
{
	if (db->engine == DB_SQLITE) {
		if (sqlite3_exec(db->lite, sql, NULL, NULL, NULL) != SQLITE_OK)
			lite_die(db, sql);
		return;
	}
	if (pg_idle(db))
		return;
	PGresult *res = PQexec(db->pg, sql);
	ExecStatusType s = PQresultStatus(res);
	if (s != PGRES_COMMAND_OK && s != PGRES_TUPLES_OK)
		pg_die(db, res, sql);
	PQclear(res);
}

void db_begin(struct db *db)
{
	if (db->depth++ == 0) {
		/* one writer at a time, as SQLite's write lock has it: PostgreSQL
		** takes a transaction-long advisory lock (waits up to lock_timeout) */
		db_exec(db, db->engine == DB_SQLITE ? "BEGIN IMMEDIATE"
			: "BEGIN; SELECT pg_advisory_xact_lock(2020112400)");
	} else {
		char sql[64];
		snprintf(sql, sizeof sql, "SAVEPOINT sp%d", db->depth);
		db_exec(db, sql);
	}
}

/* A transaction's BEGIN or COMMIT: on SQLite, a server's kept prepared
** (parsing it, and the parser's allocations, cost a look-up more than
** running it); else run once. */
static void tx_exec(struct db *db, const char *sql)
{
	if (db->engine != DB_SQLITE || !db->keep) {
		db_exec(db, sql);
		return;
	}
	struct stmt *st = db_prepare(db, sql);
	stmt_step(st);
	stmt_finalize(st);
}

void db_begin_read(struct db *db)
{
	if (db->depth++ == 0)
		tx_exec(db, db->engine == DB_SQLITE ? "BEGIN"
			: "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
	else
		BUG("db_begin_read inside a transaction");
}

void db_commit(struct db *db)
{
	if (db->depth <= 0)
		BUG("db_commit without db_begin");
	if (db->engine == DB_PG && pg_idle(db))
		BUG("a commit after a unique key was broken");
	if (--db->depth == 0) {
		tx_exec(db, "COMMIT");
	} else {
		char sql[64];
		snprintf(sql, sizeof sql, "RELEASE SAVEPOINT sp%d", db->depth + 1);
		db_exec(db, sql);
	}
}

void db_rollback(struct db *db)
{
	if (db->depth <= 0)
		BUG("db_rollback without db_begin");
	if (db->engine == DB_PG) { /* a rollback ends what a conflict began */
		copy_end(db);
		db->conflict = 0;
	}
	if (--db->depth == 0) {
		db_exec(db, "ROLLBACK");
	} else {
		char sql[96];
		snprintf(sql, sizeof sql, "ROLLBACK TO SAVEPOINT sp%d; RELEASE SAVEPOINT sp%d",
			 db->depth + 1, db->depth + 1);
		db_exec(db, sql);
	}
}

void db_abort(struct db *db)
{
	if (db->depth <= 0)
		return;
	db->depth = 0;
	if (db->engine == DB_SQLITE)
		sqlite3_exec(db->lite, "ROLLBACK", NULL, NULL, NULL);
	else {
		if (db->copying) {
			PQputCopyEnd(db->pg, "stopped");
			PGresult *r;
			while ((r = PQgetResult(db->pg)) != NULL)
				PQclear(r);
			db->copying = NULL;
		}
		db->conflict = 0;
		PQclear(PQexec(db->pg, "ROLLBACK"));
	}
}

int db_table_exists(struct db *db, const char *name)
{
	const char *sql = db->engine == DB_SQLITE
		? "SELECT count(*) FROM sqlite_master WHERE type='table' AND name=?"
		: "SELECT count(*) FROM information_schema.tables WHERE table_schema=current_schema() AND table_name=?";
	return db_int(db, 0, sql, name, (char *)NULL) > 0;
}

/* '?' -> $1, $2, ... outside quoted strings and identifiers. */
static char *pg_placeholders(const char *sql, int *nparam)
{
	struct buf b = BUF_INIT;
	char quote = 0;
	int n = 0;
	for (const char *p = sql; *p; p++) {
		if (quote) {
			if (*p == quote)
				quote = 0;
		} else if (*p == '\'' || *p == '"') {
			quote = *p;
		} else if (*p == '?') {
			buf_addf(&b, "$%d", ++n);
			continue;
		}
		buf_addc(&b, *p);
	}
	*nparam = n;
	return buf_detach(&b);
}

struct stmt *db_prepare(struct db *db, const char *sql)
{
	uint64_t h = map_hash(sql);
	for (int i = db->nidle - 1; i >= 0; i--)
		if (db->idle[i]->sqlhash == h && strcmp(db->idle[i]->sql, sql) == 0) {
			struct stmt *st = db->idle[i];
			db->idle[i] = db->idle[--db->nidle];
			return st;
		}
	struct stmt *st = xcalloc(1, sizeof *st);
	st->db = db;
	st->sql = xstrdup(sql);
	st->sqlhash = h;
	if (db->engine == DB_SQLITE) {
		if (sqlite3_prepare_v3(db->lite, sql, -1, SQLITE_PREPARE_PERSISTENT, &st->lite, NULL) != SQLITE_OK)
			lite_die(db, sql);
		return st;
	}
	char *pgsql = pg_placeholders(sql, &st->nparam);
	snprintf(st->name, sizeof st->name, "s%u", ++db->next_stmt);
	st->params = xcalloc((size_t)st->nparam + 1, sizeof *st->params);
	if (!pg_idle(db)) { /* after a conflict its steps do nothing */
		PGresult *res = PQprepare(db->pg, st->name, pgsql, 0, NULL);
		if (PQresultStatus(res) != PGRES_COMMAND_OK)
			pg_die(db, res, pgsql);
		PQclear(res);
	}
	free(pgsql);
	return st;
}

struct stmt *db_prepare_cursor(struct db *db, const char *sql)
{
	if (db->engine == DB_SQLITE)
		return db_prepare(db, sql);
	struct buf b = BUF_INIT;
	struct stmt *st = xcalloc(1, sizeof *st);
	st->db = db;
	snprintf(st->name, sizeof st->name, "c%u", ++db->next_stmt);
	buf_addf(&b, "DECLARE %s NO SCROLL CURSOR FOR %s", st->name, sql);
	st->sql = pg_placeholders(b.s, &st->nparam);
	buf_release(&b);
	st->params = xcalloc((size_t)st->nparam + 1, sizeof *st->params);
	st->cursor = 1;
	return st;
}

struct stmt *db_prepare_stream(struct db *db, const char *sql)
{
	if (db->engine == DB_SQLITE)
		return db_prepare(db, sql);
	struct stmt *st = xcalloc(1, sizeof *st);
	st->db = db;
	st->sql = xasprintf("COPY (%s) TO STDOUT", sql);
	st->copy = 1;
	return st;
}

struct stmt *db_prepare_copy_in(struct db *db, const char *table_cols, int ncols)
{
	if (db->engine != DB_PG)
		return NULL;
	struct stmt *st = xcalloc(1, sizeof *st);
	st->db = db;
	st->sql = xasprintf("COPY %s FROM STDIN", table_cols);
	st->copyin = 1;
	st->ncols = ncols;
	buf_init(&st->data);
	return st;
}

/* One value of a row being written by COPY: text escaped as its text
** format wants it (backslash, tab, newline, carriage return), NULL as \N;
** the row ends with its last column.  Binding goes in column order. */
static void copyin_value(struct stmt *st, const char *s)
{
	struct buf *b = &st->data;
	if (st->col)
		buf_addc(b, '\t');
	if (!s) {
		buf_adds(b, "\\N");
	} else {
		for (const char *p = s; *p;) {
			size_t n = strcspn(p, "\\\t\n\r");
			buf_add(b, p, n);
			p += n;
			if (!*p)
				break;
			buf_addc(b, '\\');
			buf_addc(b, *p == '\t' ? 't' : *p == '\n' ? 'n' : *p == '\r' ? 'r' : '\\');
			p++;
		}
	}
	if (++st->col == st->ncols) {
		buf_addc(b, '\n');
		st->col = 0;
		st->nrows_in++;
	}
}

void stmt_reset(struct stmt *st);

/*
** Ends the COPY open on the connection, if any: the server has stored
** every row sent, or (a key already there, or twice) none, and the
** transaction is aborted: db_copy_conflict says so, and every statement
** but a rollback does nothing until it.
*/
static void copy_end(struct db *db)
{
	struct stmt *st = db->copying;
	if (!st)
		return;
	db->copying = NULL;
	PGconn *pg = db->pg;
	if (PQputCopyEnd(pg, NULL) != 1)
		pg_die(db, NULL, st->sql);
	PGresult *r = PQgetResult(pg);
	if (PQresultStatus(r) == PGRES_COMMAND_OK) {
		const char *ct = PQcmdTuples(r);
		if ((ct && *ct ? atoll(ct) : 0) != st->sent)
			BUG("a COPY stored other than the rows sent");
	} else if (streq(PQresultErrorField(r, PG_DIAG_SQLSTATE), "23505")) {
		db->conflict = 1;
	} else {
		pg_die(db, r, st->sql);
	}
	PQclear(r);
	while ((r = PQgetResult(pg)) != NULL)
		PQclear(r);
	st->sent = 0;
}

int db_lost(const struct db *db)
{
	return db->engine == DB_PG && PQstatus(db->pg) != CONNECTION_OK;
}

int db_usable(struct db *db)
{
	if (db->engine != DB_PG || PQstatus(db->pg) == CONNECTION_OK)
		return 1;
	/* lost: connect again, at most once every ten seconds */
	time_t now = time(NULL);
	if (now - db->retried < 10)
		return 0;
	db->retried = now;
	int keep = db->keep; /* its prepared statements go with the connection */
	db_keep_statements(db, 0);
	db->keep = keep;
	db->depth = 0;
	PQreset(db->pg);
	if (PQstatus(db->pg) != CONNECTION_OK)
		return 0;
	pg_session(db);
	return 1;
}

int db_copy_conflict(const struct db *db)
{
	return db->conflict;
}

/* Before anything else runs on the connection: an open COPY ends; after
** a conflict, 1: the statement does nothing. */
static int pg_idle(struct db *db)
{
	copy_end(db);
	return db->conflict;
}

/*
** Sends the rows written since the last step.  The COPY stays open after
** it, the server storing them while the client makes the next rows; it
** ends when the connection is needed for anything else.  changes says how
** many rows went; a key that breaks a unique index shows at the end.
*/
static void copyin_step(struct stmt *st)
{
	struct db *db = st->db;
	PGconn *pg = db->pg;
	if (st->col)
		BUG("a COPY row left unfinished");
	st->changes = st->nrows_in;
	if (!st->nrows_in || db->conflict) {
		stmt_reset(st);
		return;
	}
	if (db->copying != st) {
		copy_end(db);
		PGresult *r = PQexec(pg, st->sql);
		if (PQresultStatus(r) != PGRES_COPY_IN)
			pg_die(db, r, st->sql);
		PQclear(r);
		db->copying = st;
	}
	/* a row the server refuses shows at the end: it reads on to the end
	** of the COPY and stores none of it */
	if (PQputCopyData(pg, st->data.s, (int)st->data.len) != 1)
		pg_die(db, NULL, st->sql);
	st->sent += st->nrows_in;
	stmt_reset(st);
}

/* Splits a COPY text line into fields, undoing its escapes in place. */
static void copy_split(struct stmt *st)
{
	st->nfield = 0;
	char *p = st->line;
	for (;;) {
		if (st->nfield == st->afield) {
			st->afield = st->afield ? st->afield * 2 : 16;
			st->field = xrealloc(st->field, (size_t)st->afield * sizeof *st->field);
			st->null = xrealloc(st->null, (size_t)st->afield);
		}
		char *start = p, *w = p;
		int f = st->nfield++;
		st->field[f] = start;
		st->null[f] = p[0] == '\\' && p[1] == 'N' && (p[2] == '\t' || !p[2]);
		if (st->null[f])
			p += 2;
		while (!st->null[f] && *p && *p != '\t') {
			if (*p != '\\' || !p[1]) {
				*w++ = *p++;
				continue;
			}
			p++;
			char c = *p++;
			switch (c) {
			case 'b': *w++ = '\b'; break;
			case 'f': *w++ = '\f'; break;
			case 'n': *w++ = '\n'; break;
			case 'r': *w++ = '\r'; break;
			case 't': *w++ = '\t'; break;
			case 'v': *w++ = '\v'; break;
			case 'x': {
				int v = 0, k = 0;
				while (k < 2 && isxdigit((unsigned char)*p)) {
					v = v * 16 + (isdigit((unsigned char)*p) ? *p - '0' : (tolower((unsigned char)*p) - 'a' + 10));
					p++, k++;
				}
				*w++ = (char)v;
				break;
			}
			default:
				if (c >= '0' && c <= '7') {
					int v = c - '0', k = 1;
					while (k < 3 && *p >= '0' && *p <= '7')
						v = v * 8 + (*p++ - '0'), k++;
					*w++ = (char)v;
				} else {
					*w++ = c;
				}
			}
		}
		char end = *p;
		if (!st->null[f])
			*w = 0;
		else
			*start = 0;
		if (end != '\t')
			break;
		p++;
	}
}

static int copy_step(struct stmt *st)
{
	PGconn *pg = st->db->pg;
	if (st->done)
		return 0;
	if (!st->executed) {
		if (pg_idle(st->db))
			return 0;
		PGresult *r = PQexec(pg, st->sql);
		if (PQresultStatus(r) != PGRES_COPY_OUT)
			pg_die(st->db, r, st->sql);
		PQclear(r);
		st->executed = 1;
	}
	if (st->line) {
		PQfreemem(st->line);
		st->line = NULL;
	}
	char *buf = NULL;
	int n = PQgetCopyData(pg, &buf, 0);
	if (n == -1) {
		PGresult *r = PQgetResult(pg);
		if (PQresultStatus(r) != PGRES_COMMAND_OK)
			pg_die(st->db, r, st->sql);
		PQclear(r);
		while ((r = PQgetResult(pg)) != NULL)
			PQclear(r);
		st->done = 1;
		return 0;
	}
	if (n < 0)
		pg_die(st->db, PQgetResult(pg), st->sql);
	if (n > 0 && buf[n - 1] == '\n')
		buf[n - 1] = 0;
	st->line = buf;
	copy_split(st);
	return 1;
}

/* The next rows of a cursor; 0 when it is exhausted. */
static int cursor_fetch(struct stmt *st)
{
	char sql[64];
	if (!st->executed) {
		PGresult *r = PQexecParams(st->db->pg, st->sql, st->nparam, NULL,
					   (const char *const *)st->params, NULL, NULL, 0);
		if (PQresultStatus(r) != PGRES_COMMAND_OK)
			pg_die(st->db, r, st->sql);
		PQclear(r);
		st->executed = 1;
	}
	PQclear(st->res);
	snprintf(sql, sizeof sql, "FETCH 5000 FROM %s", st->name);
	st->res = PQexec(st->db->pg, sql);
	if (PQresultStatus(st->res) != PGRES_TUPLES_OK)
		pg_die(st->db, st->res, sql);
	st->nrows = PQntuples(st->res);
	st->row = -1;
	return st->nrows > 0;
}

static void pg_param(struct stmt *st, int i, char *v)
{
	if (i < 1 || i > st->nparam)
		BUG("parameter index out of range");
	free(st->params[i - 1]);
	st->params[i - 1] = v;
}

static void bind_text(struct stmt *st, int i, const char *s, sqlite3_destructor_type how)
{
	if (st->copyin) {
		copyin_value(st, s);
		return;
	}
	if (st->lite) {
		int rc = s ? sqlite3_bind_text(st->lite, i, s, -1, how)
			   : sqlite3_bind_null(st->lite, i);
		if (rc != SQLITE_OK)
			lite_die(st->db, st->sql);
		return;
	}
	pg_param(st, i, s ? xstrdup(s) : NULL);
}

void stmt_bind_text(struct stmt *st, int i, const char *s)
{
	bind_text(st, i, s, SQLITE_TRANSIENT);
}

void stmt_bind_text_ref(struct stmt *st, int i, const char *s)
{
	bind_text(st, i, s, SQLITE_STATIC);
}

void stmt_bind_int(struct stmt *st, int i, int64_t v)
{
	if (st->copyin) {
		char n[24];
		copyin_value(st, int_format(v, n));
		return;
	}
	if (st->lite) {
		if (sqlite3_bind_int64(st->lite, i, v) != SQLITE_OK)
			lite_die(st->db, st->sql);
		return;
	}
	pg_param(st, i, xasprintf("%lld", (long long)v));
}

int stmt_step(struct stmt *st)
{
	if (st->copyin) {
		copyin_step(st);
		return 0;
	}
	if (st->copy)
		return copy_step(st);
	if (st->lite) {
		int rc = sqlite3_step(st->lite);
		if (rc == SQLITE_ROW)
			return 1;
		if (rc == SQLITE_DONE) {
			st->changes = sqlite3_changes(st->db->lite);
			return 0;
		}
		lite_die(st->db, st->sql);
	}
	if (st->cursor) {
		if (st->done)
			return 0;
		if ((!st->executed || st->row + 1 >= st->nrows) && (pg_idle(st->db) || !cursor_fetch(st))) {
			st->done = 1;
			return 0;
		}
		st->row++;
		return 1;
	}
	if (!st->executed) {
		if (pg_idle(st->db))
			return 0;
		st->res = PQexecPrepared(st->db->pg, st->name, st->nparam,
					 (const char *const *)st->params, NULL, NULL, 0);
		ExecStatusType s = PQresultStatus(st->res);
		if (s != PGRES_COMMAND_OK && s != PGRES_TUPLES_OK)
			pg_die(st->db, st->res, st->sql);
		st->executed = 1;
		st->row = -1;
		st->nrows = PQntuples(st->res);
		const char *ct = PQcmdTuples(st->res);
		st->changes = ct && *ct ? atoll(ct) : 0;
	}
	if (st->row + 1 < st->nrows) {
		st->row++;
		return 1;
	}
	return 0;
}

int stmt_ncol(struct stmt *st)
{
	return st->lite ? sqlite3_column_count(st->lite) : PQnfields(st->res);
}

const char *stmt_colname(struct stmt *st, int i)
{
	return st->lite ? sqlite3_column_name(st->lite, i) : PQfname(st->res, i);
}

int stmt_isnull(struct stmt *st, int i)
{
	if (st->lite)
		return sqlite3_column_type(st->lite, i) == SQLITE_NULL;
	if (st->copy)
		return i >= st->nfield || st->null[i];
	return PQgetisnull(st->res, st->row, i);
}

const char *stmt_text(struct stmt *st, int i)
{
	if (st->lite)
		return (const char *)sqlite3_column_text(st->lite, i);
	if (st->copy)
		return i >= st->nfield || st->null[i] ? NULL : st->field[i];
	return PQgetisnull(st->res, st->row, i) ? NULL : PQgetvalue(st->res, st->row, i);
}

int64_t stmt_int(struct stmt *st, int i)
{
	if (st->lite)
		return sqlite3_column_int64(st->lite, i);
	if (st->copy)
		return i >= st->nfield || st->null[i] ? 0 : atoll(st->field[i]);
	return PQgetisnull(st->res, st->row, i) ? 0 : atoll(PQgetvalue(st->res, st->row, i));
}

int64_t stmt_changes(struct stmt *st)
{
	return st->changes;
}

void stmt_reset(struct stmt *st)
{
	if (st->copyin) {
		buf_reset(&st->data);
		st->col = 0;
		st->nrows_in = 0;
		return;
	}
	if (st->lite) {
		sqlite3_reset(st->lite);
		sqlite3_clear_bindings(st->lite);
		return;
	}
	PQclear(st->res);
	st->res = NULL;
	st->executed = 0;
	for (int i = 0; i < st->nparam; i++) {
		free(st->params[i]);
		st->params[i] = NULL;
	}
}

void stmt_finalize(struct stmt *st)
{
	if (!st)
		return;
	struct db *db = st->db;
	if (db->keep && !st->cursor && !st->copy && !st->copyin) {
		/* kept for the next db_prepare of the same SQL */
		stmt_reset(st);
		if (db->nidle == (int)ARRAY_SIZE(db->idle)) {
			stmt_free(db->idle[0]);
			memmove(db->idle, db->idle + 1, (size_t)(db->nidle - 1) * sizeof *db->idle);
			db->nidle--;
		}
		db->idle[db->nidle++] = st;
		return;
	}
	stmt_free(st);
}

static void stmt_free(struct stmt *st)
{
	if (st->lite) {
		sqlite3_finalize(st->lite);
	} else if (st->copyin) {
		if (st->db->copying == st)
			copy_end(st->db);
		buf_release(&st->data);
	} else if (st->copy) {
		/* read what is left, so that the connection leaves COPY */
		while (st->executed && copy_step(st))
			;
		free(st->field);
		free(st->null);
	} else {
		int was_open = st->cursor && st->executed;
		stmt_reset(st);
		free(st->params);
		char sql[48];
		snprintf(sql, sizeof sql, st->cursor ? "CLOSE %s" : "DEALLOCATE %s", st->name);
		if ((!st->cursor || was_open) && !pg_idle(st->db))
			PQclear(PQexec(st->db->pg, sql));
	}
	free(st->sql);
	free(st);
}

static struct stmt *prepare_va(struct db *db, const char *sql, va_list ap)
{
	struct stmt *st = db_prepare(db, sql);
	const char *a;
	int i = 1;
	while ((a = va_arg(ap, const char *)) != NULL)
		stmt_bind_text(st, i++, a);
	return st;
}

void db_run(struct db *db, const char *sql, ...)
{
	va_list ap;
	va_start(ap, sql);
	struct stmt *st = prepare_va(db, sql, ap);
	va_end(ap);
	while (stmt_step(st))
		;
	stmt_finalize(st);
}

int64_t db_int(struct db *db, int64_t dflt, const char *sql, ...)
{
	va_list ap;
	va_start(ap, sql);
	struct stmt *st = prepare_va(db, sql, ap);
	va_end(ap);
	int64_t v = stmt_step(st) && !stmt_isnull(st, 0) ? stmt_int(st, 0) : dflt;
	stmt_finalize(st);
	return v;
}

char *db_text(struct db *db, const char *sql, ...)
{
	va_list ap;
	va_start(ap, sql);
	struct stmt *st = prepare_va(db, sql, ap);
	va_end(ap);
	char *v = NULL;
	if (stmt_step(st) && stmt_text(st, 0))
		v = xstrdup(stmt_text(st, 0));
	stmt_finalize(st);
	return v;
}

/* ---- copies of a whole store (backup.c) -------------------------------- */

int db_copy_sqlite(struct db *src, const char *from, const char *to, int wal, char *why, size_t n)
{
	sqlite3 *in = src ? src->lite : NULL, *out = NULL;
	int rc = -1;
	if (!in && sqlite3_open_v2(from, &in, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) {
		snprintf(why, n, "cannot open %s: %s", from, in ? sqlite3_errmsg(in) : "out of memory");
		goto out;
	}
	/* the copy is made under a temporary name, 0600, and named only when whole */
	char *tmp = xasprintf("%s.part", to);
	unlink(tmp);
	int fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL, 0600);
	if (fd < 0) {
		snprintf(why, n, "cannot create %s: %s", tmp, strerror(errno));
		free(tmp);
		goto out;
	}
	close(fd);
	if (sqlite3_open_v2(tmp, &out, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK) {
		snprintf(why, n, "cannot open %s: %s", tmp, sqlite3_errmsg(out));
		goto drop;
	}
	sqlite3_busy_timeout(in, 10000);
	/* one step for the whole: one read transaction, so one consistent
	** snapshot; under WAL the writers go on meanwhile */
	sqlite3_backup *b = sqlite3_backup_init(out, "main", in, "main");
	if (!b) {
		snprintf(why, n, "cannot copy: %s", sqlite3_errmsg(out));
		goto drop;
	}
	int step = sqlite3_backup_step(b, -1);
	sqlite3_backup_finish(b);
	if (step != SQLITE_DONE) {
		snprintf(why, n, "the copy stopped: %s", sqlite3_errstr(step));
		goto drop;
	}
	/* a backup is one file on its own; a store is in WAL like every store */
	if (sqlite3_exec(out, wal ? "PRAGMA journal_mode = WAL" : "PRAGMA journal_mode = DELETE", NULL, NULL, NULL) !=
	    SQLITE_OK) {
		snprintf(why, n, "cannot finish the copy: %s", sqlite3_errmsg(out));
		goto drop;
	}
	sqlite3_close(out);
	out = NULL;
	if (rename(tmp, to) != 0) {
		snprintf(why, n, "cannot name the copy %s: %s", to, strerror(errno));
		goto drop;
	}
	rc = 0;
	free(tmp);
	goto out;
drop:
	if (out)
		sqlite3_close(out);
	out = NULL;
	unlink(tmp);
	char *aux = xasprintf("%s-wal", tmp);
	unlink(aux);
	free(aux);
	aux = xasprintf("%s-shm", tmp);
	unlink(aux);
	free(aux);
	free(tmp);
out:
	if (in && !src)
		sqlite3_close(in);
	return rc;
}
