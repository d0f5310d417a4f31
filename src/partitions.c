/*
** The payments by year, on PostgreSQL.
**
** PostgreSQL keeps the payments in one table per calendar year (declarative
** partitioning by the date's range): payments_y2021 holds 2021-01-01 up to
** 2022-01-01.  A year's partition is made when its first payment comes
** (payments_year, called by the import before the rows of a year it has not
** seen), and an old year's can be detached to archive.  Reports, trace,
** verify and the portal read the table "payments" as before.
**
** A key PostgreSQL keeps unique across partitions must hold the partition's
** column; a payment's id, and the payment a reversal cancels, must be
** unique across all years.  payment_keys holds both, one row a payment,
** filled by a trigger once a statement (a COPY's batch included) from the
** rows it stored: a key stored already, in any year, breaks the statement
** as the unique index of the single table did.
**
** SQLite keeps one table: its file is the unit an office archives.
*/
#include "bangfu.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "audit.h"
#include "cmd.h"
#include "partitions.h"
#include "paysums.h"
#include "banned.h"

/* Migration 19 on PostgreSQL: the payments table made again, partitioned,
** with what was stored moved into it (the trigger fills payment_keys). */
const char partitions_migration_sql[] =
	"ALTER TABLE payments RENAME TO payments_single;"
	"ALTER INDEX payments_pkey RENAME TO payments_single_pkey;"
	"ALTER INDEX payments_id_key RENAME TO payments_single_id_key;"
	"DROP INDEX payments_project;"
	"DROP INDEX payments_payee;"
	"DROP INDEX payments_reverses;"
	"CREATE TABLE payments("
	"  id TEXT COLLATE \"C\" NOT NULL, date TEXT COLLATE \"C\" NOT NULL, project TEXT COLLATE \"C\" NOT NULL,"
	"  payee_org TEXT COLLATE \"C\", payee_hash TEXT COLLATE \"C\", payee_ct TEXT COLLATE \"C\","
	"  payee_ends TEXT COLLATE \"C\", amount BIGINT NOT NULL, purpose TEXT COLLATE \"C\" NOT NULL,"
	"  reverses TEXT COLLATE \"C\", seq BIGINT NOT NULL, hash TEXT COLLATE \"C\" NOT NULL,"
	"  PRIMARY KEY(seq, date), UNIQUE(id, date)) PARTITION BY RANGE(date);"
	"CREATE INDEX payments_project ON payments(project);"
	"CREATE INDEX payments_payee ON payments(payee_hash);"
	"CREATE INDEX payments_reverses ON payments(reverses) WHERE reverses IS NOT NULL;"
	"CREATE TABLE payment_keys(id TEXT COLLATE \"C\" PRIMARY KEY, reverses TEXT COLLATE \"C\");"
	"CREATE UNIQUE INDEX payment_keys_reverses ON payment_keys(reverses) WHERE reverses IS NOT NULL;"
	"CREATE FUNCTION payment_keys_add() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
	"  INSERT INTO payment_keys(id, reverses) SELECT id, reverses FROM stored; RETURN NULL; END $$;"
	"CREATE TRIGGER payment_keys AFTER INSERT ON payments REFERENCING NEW TABLE AS stored "
	"  FOR EACH STATEMENT EXECUTE FUNCTION payment_keys_add();"
	/* a year's partition, made if there is none (1), or attached again
	** after 'archive --restore' moved it back; 0: the year is archived.
	** Its bounds are dates as stored (text, compared byte by byte). */
	"CREATE FUNCTION payments_year(y INTEGER) RETURNS INTEGER LANGUAGE plpgsql AS $$ "
	"DECLARE t TEXT := 'payments_y' || lpad(CAST(y AS TEXT), 4, '0'); BEGIN "
	"  IF EXISTS (SELECT 1 FROM pg_inherits WHERE inhparent = CAST('payments' AS regclass) "
	"            AND inhrelid = to_regclass(t)) THEN RETURN 1; END IF;"
	"  IF to_regclass('archive.' || t) IS NOT NULL THEN RETURN 0; END IF;"
	"  IF to_regclass(t) IS NULL THEN"
	"    EXECUTE format('CREATE TABLE %I (LIKE payments INCLUDING DEFAULTS)', t); END IF;"
	"  EXECUTE format('ALTER TABLE payments ATTACH PARTITION %I FOR VALUES FROM (%L) TO (%s)', t,"
	"    lpad(CAST(y AS TEXT), 4, '0') || '-01-01',"
	"    CASE WHEN y >= 9999 THEN 'MAXVALUE' ELSE quote_literal(lpad(CAST(y + 1 AS TEXT), 4, '0') || '-01-01') END);"
	"  RETURN 1; END $$;"
	"SELECT payments_year(y) FROM (SELECT DISTINCT CAST(substr(date, 1, 4) AS INTEGER) AS y "
	"  FROM payments_single) s;"
	"INSERT INTO payments SELECT * FROM payments_single;"
	"DROP TABLE payments_single;";

/*
** Makes sure payments of the year y have a partition.  0: they do; -1: the
** year was archived (its table detached), and takes no more payments.
** SQLite has one table: always 0.
*/
int partitions_year(struct db *db, struct partitions *ps, int y)
{
	if (db_engine(db) != DB_PG || y < 0 || y > 9999)
		return 0;
	if (ps->have[y])
		return ps->have[y] == 1 ? 0 : -1;
	char year[8];
	snprintf(year, sizeof year, "%d", y);
	ps->have[y] = db_int(db, 0, "SELECT payments_year(CAST(? AS INTEGER))", year, (char *)NULL) == 1 ? 1 : 2;
	return ps->have[y] == 1 ? 0 : -1;
}

/* The years archived: the tables in the schema "archive", oldest first. */
static const char archived_years_sql[] =
	"SELECT substr(c.relname, 11) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
	"WHERE n.nspname = 'archive' AND c.relkind = 'r' AND c.relname ~ '^payments_y[0-9]{4}$' ORDER BY 1";

/*
** What verify reads for the payments: the live ones and the archived
** years' (SQL to follow FROM; free it).
*/
char *partitions_all_payments(struct db *db)
{
	struct buf b = BUF_INIT;
	if (db_engine(db) == DB_PG) {
		struct stmt *st = db_prepare(db, archived_years_sql);
		while (stmt_step(st))
			buf_addf(&b, "%s SELECT * FROM archive.payments_y%s",
				 b.len ? " UNION ALL" : "(SELECT * FROM payments UNION ALL", stmt_text(st, 0));
		stmt_finalize(st);
	}
	buf_adds(&b, b.len ? ") payments" : "payments");
	return buf_detach(&b);
}

/* The years archived, joined by sep ("2017、2018"), or NULL: none. */
char *partitions_archived(struct db *db, const char *sep)
{
	if (db_engine(db) != DB_PG)
		return NULL;
	struct buf b = BUF_INIT;
	struct stmt *st = db_prepare(db, archived_years_sql);
	while (stmt_step(st))
		buf_addf(&b, "%s%s", b.len ? sep : "", stmt_text(st, 0));
	stmt_finalize(st);
	if (!b.len) {
		buf_release(&b);
		return NULL;
	}
	return buf_detach(&b);
}

/* The year ("2019") of the archived payment whose id is id, or NULL: no
** payment of an archived year has it (free it). */
char *partitions_archived_year_of(struct db *db, const char *id)
{
	if (db_engine(db) != DB_PG)
		return NULL;
	struct buf b = BUF_INIT;
	struct stmt *st = db_prepare(db, archived_years_sql);
	while (stmt_step(st))
		buf_addf(&b, "%sSELECT id, date FROM archive.payments_y%s", b.len ? " UNION ALL " : "", stmt_text(st, 0));
	stmt_finalize(st);
	char *year = NULL;
	if (b.len) { /* the condition goes down to each year's index */
		char *sql = xasprintf("SELECT substr(date, 1, 4) FROM (%s) a WHERE id = ?", b.s);
		year = db_text(db, sql, id, (char *)NULL);
		free(sql);
	}
	buf_release(&b);
	return year;
}

/* The payments of every year: live, or archived (the table moved to the
** schema "archive"); how many and how much, net of reversals. */
static void list_years(struct db *db)
{
	struct stmt *st = db_prepare(db,
		"SELECT CAST(substr(c.relname, 11) AS INTEGER), "
		"  CASE WHEN i.inhrelid IS NULL THEN 'archived' ELSE 'live' END, format('%I.%I', n.nspname, c.relname) "
		"FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
		"LEFT JOIN pg_inherits i ON i.inhrelid = c.oid AND i.inhparent = CAST('payments' AS regclass) "
		"WHERE c.relkind = 'r' AND c.relname ~ '^payments_y[0-9]{4}$' "
		"  AND (i.inhrelid IS NOT NULL OR n.nspname = 'archive') ORDER BY 1");
	printf("year,state,payments,amount\n");
	while (stmt_step(st)) {
		char *sql = xasprintf("SELECT COUNT(*), COALESCE(SUM(CASE WHEN reverses IS NULL THEN amount "
				      "ELSE -amount END), 0) FROM %s", stmt_text(st, 2));
		struct stmt *q = db_prepare(db, sql);
		stmt_step(q);
		char m[32];
		money_format(stmt_int(q, 1), m);
		printf("%04d,%s,%lld,%s\n", (int)stmt_int(st, 0), stmt_text(st, 1), (long long)stmt_int(q, 0), m);
		stmt_finalize(q);
		free(sql);
	}
	stmt_finalize(st);
}

/* What a year's payments are now: 1 live, 0 archived, -1 none stored. */
static int year_state(struct db *db, int y)
{
	char t[32];
	snprintf(t, sizeof t, "payments_y%04d", y);
	if (db_int(db, 0, "SELECT COUNT(*) FROM pg_inherits WHERE inhparent = CAST('payments' AS regclass) "
			  "AND inhrelid = to_regclass(?)", t, (char *)NULL))
		return 1;
	int archived = db_int(db, 0, "SELECT COUNT(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
				     "WHERE n.nspname = 'archive' AND c.relname = ?", t, (char *)NULL) > 0;
	return archived ? 0 : -1;
}

/* The kept sums (paysums.h) are of the live payments: added up again. */
static void sums_again(struct db *db)
{
	db_exec(db, "DELETE FROM payment_sums");
	db_exec(db, paysums_rebuild_sql);
}

/*
** COMMAND: archive
** USAGE: bangfu --db URL archive [YEAR | --restore YEAR]
** NEEDS: write
**
** Take an old year's payments out of the live ledger, or back.
**
** PostgreSQL keeps the payments a table a year.  'archive YEAR' detaches
** that year's table and moves it to the schema "archive" of the same
** database.  What reads payments one by one (lists and pages, the
** portal's look-up, trace's rows, the audit checks, the report's payments
** by purpose) then reads the live years only, and their indexes are the
** smaller for it; the kept balances, and the money indicators read from
** them, keep the year's money.  The year's table can be moved to cheaper
** disk (ALTER TABLE archive.payments_y2019 SET TABLESPACE ...).  verify
** still reads it: the chain and the kept balances stay whole.  A
** payment of an archived year cannot be imported, and the ids of its
** payments stay taken.  '--restore YEAR' attaches the year again.  Without
** arguments: every year's payments, live or archived, how many and how
** much (CSV).
**
** An SQLite store is one file: an office keeps a copy of it whole
** ('bangfu backup').
*/
int cmd_archive(struct cmdctx *c, int argc, char **argv)
{
	const char *back = opt_value(&argc, argv, "--restore");
	opt_no_more(argc, argv, "archive");
	if (db_engine(c->db) != DB_PG)
		die("archive: an SQLite store keeps its payments in one file; keep a copy of it whole "
		    "with 'bangfu backup FILE'");
	if ((back && argc) || argc > 1)
		die("archive: name one year (archive 2019), or --restore one (archive --restore 2019)");
	const char *ys = back ? back : argc ? argv[0] : NULL;
	if (!ys) {
		db_begin_read(c->db);
		list_years(c->db);
		db_commit(c->db);
		return 0;
	}
	if (strlen(ys) != 4 || strspn(ys, "0123456789") != 4)
		die("archive: %s is not a year (four digits, e.g. 2019)", ys);
	int y = atoi(ys);
	db_begin(c->db);
	int state = year_state(c->db, y);
	char t[32];
	snprintf(t, sizeof t, "payments_y%04d", y);
	if (back) {
		if (state == 1)
			die("archive: the payments of %04d are live already; nothing was changed", y);
		if (state < 0)
			die("archive: no payments of %04d are archived; 'bangfu archive' lists the years", y);
		char *home = db_text(c->db, "SELECT quote_ident(current_schema())", (char *)NULL);
		char *sql = xasprintf("ALTER TABLE archive.%s SET SCHEMA %s", t, home);
		db_exec(c->db, sql);
		free(sql);
		free(home);
		if (db_int(c->db, 0, "SELECT payments_year(CAST(? AS INTEGER))", ys, (char *)NULL) != 1)
			BUG("a year moved back was not attached");
	} else {
		if (state == 0)
			die("archive: the payments of %04d are archived already; nothing was changed", y);
		if (state < 0)
			die("archive: no payments of %04d are stored; 'bangfu archive' lists the years", y);
		char *sql = xasprintf("CREATE SCHEMA IF NOT EXISTS archive;"
				      "ALTER TABLE payments DETACH PARTITION %s;"
				      "ALTER TABLE %s SET SCHEMA archive", t, t);
		db_exec(c->db, sql);
		free(sql);
	}
	sums_again(c->db);
	store_generation_next(c->db);
	char who[80];
	audit_log(c->db, audit_cli_who(who), "local", back ? "payments_restored" : "payments_archived", ys, NULL, NULL);
	db_commit(c->db);
	printf(back ? "the payments of %04d are live again\n" : "the payments of %04d are archived: table archive.%s\n", y, t);
	return 0;
}
