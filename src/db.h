/*
** db.h: the thin database layer.  SQL is written once, with '?'
** placeholders, in the dialect both SQLite and PostgreSQL understand; this
** layer hides the rest (placeholders, connections, errors, savepoints).
**
** Errors from the engine are fatal: the statement's error is printed and
** the program exits, which rolls back any open transaction (a store is never
** left half-written).  Expected conflicts are avoided in SQL instead
** (INSERT ... ON CONFLICT DO NOTHING, then compare).
*/
#ifndef DB_H
#define DB_H
#include <stdint.h>

enum db_engine { DB_SQLITE, DB_PG };
enum { DB_CREATE = 1, DB_WRITE = 2 };

struct db;
struct stmt;

/* Opens a store: a postgresql:// or postgres:// URL, else an SQLite file.
** DB_CREATE allows creating a new SQLite file; DB_WRITE refuses a
** read-only store up front.  Dies with a clear message on failure. */
struct db *db_open(const char *url, int flags);
void db_close(struct db *db);
/* SQLite's unix VFS reading a whole store through one map where a
** connection maps at all (db_map.c): made the default at the first open. */
void db_map_register(void);
/* Does url name a PostgreSQL store (postgresql:// or postgres://)? */
int db_url_is_pg(const char *url);
void db_bulk(struct db *db); /* tune the connection for a large import */
/* A bulk import with the store to itself (SQLite, nobody else connected):
** its pages are written once, to the file, under a rollback journal,
** where WAL writes each twice (to the log, then back at the checkpoint).
** 1 when so (db_bulk_end after its commit or rollback goes back to WAL);
** 0, staying in WAL, when anyone else has the store open. */
int db_bulk_solo(struct db *db);
void db_bulk_end(struct db *db);
void db_sort_memory(struct db *db, int mb); /* SQLite: the cache (and sorter) size */
/* SQLite: sorts of more than the cache (a table rebuilt in its key's order)
** spill to temporary files (on), or are held in memory as usual (off);
** outside a transaction.  PostgreSQL: nothing. */
void db_sort_on_disk(struct db *db, int on);
enum db_engine db_engine(const struct db *db);
const char *db_url(const struct db *db);
int db_is_new(const struct db *db); /* SQLite file did not exist before */

/* Runs SQL without parameters or results; several statements allowed. */
void db_exec(struct db *db, const char *sql);
/* Nested transactions: the outermost is BEGIN (IMMEDIATE on SQLite, so
** that a lock conflict shows up at once), inner ones are savepoints. */
void db_begin(struct db *db);
/* A read-only snapshot (deferred on SQLite, REPEATABLE READ on PostgreSQL). */
void db_begin_read(struct db *db);
void db_commit(struct db *db);
void db_rollback(struct db *db);
void db_abort(struct db *db);    /* out of any transaction, after an error was trapped */
int db_table_exists(struct db *db, const char *name);

/* Prepared statements.  Parameters are numbered from 1, columns from 0.
** Text is copied when bound; a NULL pointer binds SQL NULL. */
struct stmt *db_prepare(struct db *db, const char *sql);
/* on: finalised statements are kept prepared (up to 64) and handed out
** again by db_prepare of the same SQL, saving the parse (and on
** PostgreSQL two round trips); for the server, whose requests repeat. */
void db_keep_statements(struct db *db, int on);
/* A server's connection, made for many small reads: statements kept, the
** file mapped where the engine can. */
void db_serving(struct db *db);
/* A query whose rows are read a few thousand at a time however many there
** are (a server-side cursor in PostgreSQL; SQLite streams anyway).  Only
** inside a transaction; several may be open at once. */
struct stmt *db_prepare_cursor(struct db *db, const char *sql);
/* A query read as one stream (PostgreSQL: COPY ... TO STDOUT, the server
** sending while the client works; one at a time on a connection; no
** parameters).  SQLite: a plain statement. */
struct stmt *db_prepare_stream(struct db *db, const char *sql);

/* Rows written in one stream (PostgreSQL: COPY table_cols FROM STDIN, e.g.
** "payments(id, date)"), for a bulk import: each row's ncols values bound
** in column order (the index is not read); stmt_step sends every row bound
** since the last step (stmt_changes: how many).  The COPY stays open
** between steps, the server storing while the client makes the next rows,
** and ends before anything else runs on the connection.  A row that
** breaks a unique index stores none of it: see db_copy_conflict.  NULL
** for SQLite, where a row costs no round trip. */
struct stmt *db_prepare_copy_in(struct db *db, const char *table_cols, int ncols);

/* 1 when a COPY, ended, broke a unique index (a key already stored, or
** sent twice): the transaction is then lost, every statement does nothing
** (no rows), and only db_rollback or db_abort goes on.  A COPY ends when
** anything else runs, or its statement is finalised. */
int db_copy_conflict(const struct db *db);
/* Is the connection there?  A PostgreSQL one that was lost is made again
** (at most once every ten seconds): 0 while it cannot be (SQLite: 1). */
int db_usable(struct db *db);
/* Was a PostgreSQL connection lost (its server gone)? */
int db_lost(const struct db *db);

/* Rows written many a statement, as "INSERT INTO t(a, b) VALUES" head,
** " ON CONFLICT ..." tail: each of ncols values text (NULL for NULL),
** copied; the last rows go at db_rows_end.  A key may come once only
** (PostgreSQL updates a row once a statement). */
struct db_rows;
struct db_rows *db_rows_new(struct db *db, const char *head, int ncols, const char *tail);
void db_rows_add(struct db_rows *w, const char *const *vals);
void db_rows_end(struct db_rows *w);
/* head, n placeholders separated by commas, tail: "SELECT ... WHERE id IN (",
** n, ")", a statement asking for n keys at once (unused ones bound NULL). */
struct stmt *db_prepare_in(struct db *db, const char *head, int n, const char *tail);

void stmt_bind_text(struct stmt *st, int i, const char *s);
/* Like stmt_bind_text, without a copy: s must stay valid until the
** statement is reset or finalised (bulk inserts from a batch). */
void stmt_bind_text_ref(struct stmt *st, int i, const char *s);
void stmt_bind_int(struct stmt *st, int i, int64_t v);
int stmt_step(struct stmt *st);        /* 1: a row is ready; 0: done */
int stmt_ncol(struct stmt *st);
const char *stmt_colname(struct stmt *st, int i);
const char *stmt_text(struct stmt *st, int i); /* NULL for SQL NULL */
int64_t stmt_int(struct stmt *st, int i);      /* 0 for SQL NULL */
int stmt_isnull(struct stmt *st, int i);
int64_t stmt_changes(struct stmt *st); /* rows changed by the last step */
void stmt_reset(struct stmt *st);      /* also clears bindings */
void stmt_finalize(struct stmt *st);

/* A consistent copy of an SQLite store into the new file to (0600, made
** under a temporary name and renamed when whole), with SQLite's online
** backup API: from the open store src, or (src NULL) from the file from;
** in WAL (a store) or not (a backup, one file).  Others may go on writing
** meanwhile.  0, or -1 with why. */
int db_copy_sqlite(struct db *src, const char *from, const char *to, int wal, char *why, size_t n);

/* One-liners: run SQL with text parameters (NULL-terminated list). */
void db_run(struct db *db, const char *sql, ...) __attribute__((sentinel));
int64_t db_int(struct db *db, int64_t dflt, const char *sql, ...) __attribute__((sentinel));
char *db_text(struct db *db, const char *sql, ...) __attribute__((sentinel)); /* caller frees; NULL if none */
#endif
