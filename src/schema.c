/*
** schema.c: the store's tables, as numbered migrations.
**
** Migration N brings a store from version N-1 to N; `init` applies them
** all, and opening a store applies any that are missing.  Each is written
** once, in SQL both engines accept; the only dialect hook is dialect()
** below.  Never edit a migration that has shipped: add the next one.
*/
#include "bangfu.h"
#include "tally.h"
#include "cmd.h"
#include "audit.h"
#include <stdlib.h>
#include <string.h>
#include "paysums.h"
#include "partitions.h"
#include "banned.h"

/*
** Identity numbers are three columns: X_hash (keyed look-up hash), X_ct
** (the sealed copy, see secret.c) and X_ends (first and last four
** characters, for the masked form).  NAME_fold holds the search form of a
** name only where it differs from the name (most names are Simplified
** already): search reads COALESCE(NAME_fold, NAME).
*/
static const char *const migrations[] = {
	/* 1: the registry */
	"CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);"
	"CREATE TABLE divisions("
	"  code TEXT PRIMARY KEY, name TEXT NOT NULL, name_fold TEXT,"
	"  level TEXT NOT NULL, parent TEXT, side TEXT, poor INTEGER, exited INTEGER);"
	"CREATE INDEX divisions_parent ON divisions(parent);"
	"CREATE TABLE orgs("
	"  code TEXT PRIMARY KEY, name TEXT NOT NULL, name_fold TEXT,"
	"  kind TEXT NOT NULL, division TEXT);"
	"CREATE INDEX orgs_division ON orgs(division);"
	"CREATE TABLE pairings("
	"  id TEXT PRIMARY KEY, east TEXT NOT NULL, west TEXT NOT NULL, level TEXT NOT NULL,"
	"  since TEXT, until TEXT, agreement TEXT, agreement_fold TEXT);"
	"CREATE INDEX pairings_west ON pairings(west);"
	"CREATE INDEX pairings_east ON pairings(east);"
	"CREATE TABLE households("
	"  id TEXT PRIMARY KEY, village TEXT NOT NULL,"
	"  head_hash TEXT NOT NULL, head_ct TEXT NOT NULL, head_ends TEXT NOT NULL,"
	"  size INTEGER, status TEXT NOT NULL, registered INTEGER, exited INTEGER);"
	"CREATE INDEX households_village ON households(village);"
	"CREATE INDEX households_head ON households(head_hash);"
	"CREATE TABLE persons("
	"  id_number_hash TEXT PRIMARY KEY, id_number_ct TEXT NOT NULL,"
	"  id_number_ends TEXT NOT NULL, name TEXT NOT NULL, name_fold TEXT,"
	"  household TEXT NOT NULL, relation TEXT, labour INTEGER, died TEXT);"
	"CREATE INDEX persons_household ON persons(household);",

	/* 2: the fund ledger.  Money rows are ledger entries: seq orders them,
	** hash chains them (see ledger.c); they are never updated or deleted.
	** accounts holds every account's balance, flows what each fund gave each
	** project and how much of it is paid out, both kept in the transaction
	** that posts. */
	"CREATE TABLE funds("
	"  id TEXT NOT NULL UNIQUE, date TEXT NOT NULL, kind TEXT NOT NULL,"
	"  from_ TEXT NOT NULL, to_ TEXT NOT NULL, pairing TEXT, amount BIGINT NOT NULL,"
	"  reverses TEXT, note TEXT, seq @SEQ@, hash TEXT NOT NULL);"
	"CREATE INDEX funds_to ON funds(to_, date);"
	"CREATE UNIQUE INDEX funds_reverses ON funds(reverses) WHERE reverses IS NOT NULL;"
	"CREATE TABLE projects("
	"  id TEXT PRIMARY KEY, name TEXT NOT NULL, name_fold TEXT, county TEXT NOT NULL,"
	"  village TEXT, pairing TEXT, category TEXT NOT NULL, budget BIGINT NOT NULL,"
	"  year INTEGER NOT NULL, status TEXT NOT NULL, started TEXT, completed TEXT,"
	"  accepted TEXT, settled TEXT);"
	"CREATE INDEX projects_county ON projects(county, year);"
	"CREATE TABLE beneficiaries(project TEXT NOT NULL, household TEXT NOT NULL,"
	"  PRIMARY KEY(project, household));"
	"CREATE INDEX beneficiaries_household ON beneficiaries(household);"
	"CREATE TABLE allocations("
	"  id TEXT NOT NULL UNIQUE, date TEXT NOT NULL, fund TEXT NOT NULL, project TEXT NOT NULL,"
	"  amount BIGINT NOT NULL, reverses TEXT, seq @SEQ@, hash TEXT NOT NULL);"
	"CREATE INDEX allocations_fund ON allocations(fund);"
	"CREATE INDEX allocations_project ON allocations(project);"
	"CREATE UNIQUE INDEX allocations_reverses ON allocations(reverses) WHERE reverses IS NOT NULL;"
	"CREATE TABLE payments("
	"  id TEXT NOT NULL UNIQUE, date TEXT NOT NULL, project TEXT NOT NULL,"
	"  payee_org TEXT, payee_hash TEXT, payee_ct TEXT, payee_ends TEXT,"
	"  amount BIGINT NOT NULL, purpose TEXT NOT NULL, reverses TEXT,"
	"  seq @SEQ@, hash TEXT NOT NULL);"
	"CREATE INDEX payments_project ON payments(project);"
	"CREATE INDEX payments_payee ON payments(payee_hash);"
	"CREATE UNIQUE INDEX payments_reverses ON payments(reverses) WHERE reverses IS NOT NULL;"
	"CREATE TABLE accounts(account TEXT PRIMARY KEY, balance BIGINT NOT NULL);"
	"CREATE TABLE flows(fund TEXT NOT NULL, project TEXT NOT NULL,"
	"  allocated BIGINT NOT NULL, paid BIGINT NOT NULL, first_seq BIGINT NOT NULL,"
	"  PRIMARY KEY(fund, project));"
	"CREATE INDEX flows_project ON flows(project, first_seq);",

	/* 3: cooperation records and targets.  A worker is a transfer: one
	** person moved at one start date; stable_from (start plus three
	** calendar months) and poor (the person's household is registered) are
	** kept with it for the indicators. */
	"CREATE TABLE workers("
	"  id_number_hash TEXT NOT NULL, id_number_ct TEXT NOT NULL, id_number_ends TEXT NOT NULL,"
	"  name TEXT NOT NULL, name_fold TEXT, origin TEXT NOT NULL, employer TEXT,"
	"  destination TEXT NOT NULL, batch TEXT, start_ TEXT NOT NULL, end_ TEXT,"
	"  stable_from TEXT NOT NULL, poor INTEGER NOT NULL,"
	"  PRIMARY KEY(id_number_hash, start_));"
	"CREATE INDEX workers_origin ON workers(origin, start_, poor, stable_from, end_);"
	"CREATE TABLE workshops("
	"  id TEXT PRIMARY KEY, name TEXT NOT NULL, name_fold TEXT, org TEXT, village TEXT NOT NULL,"
	"  certified TEXT NOT NULL, jobs BIGINT NOT NULL, poor_jobs BIGINT NOT NULL);"
	"CREATE INDEX workshops_village ON workshops(village);"
	"CREATE TABLE sales("
	"  id TEXT PRIMARY KEY, date TEXT NOT NULL, seller TEXT NOT NULL, buyer TEXT NOT NULL,"
	"  product TEXT, product_fold TEXT, amount BIGINT NOT NULL, poor_households BIGINT, pairing TEXT);"
	"CREATE INDEX sales_seller ON sales(seller, date);"
	"CREATE TABLE investments("
	"  id TEXT PRIMARY KEY, date TEXT NOT NULL, org TEXT NOT NULL, county TEXT NOT NULL,"
	"  amount BIGINT NOT NULL, poor_employed BIGINT, poor_driven BIGINT, pairing TEXT);"
	"CREATE INDEX investments_county ON investments(county, date);"
	"CREATE TABLE exchanges("
	"  id TEXT PRIMARY KEY, name TEXT NOT NULL, name_fold TEXT, kind TEXT NOT NULL,"
	"  direction TEXT NOT NULL, pairing TEXT NOT NULL, start_ TEXT NOT NULL, end_ TEXT);"
	"CREATE INDEX exchanges_pairing ON exchanges(pairing, start_);"
	"CREATE TABLE trainings("
	"  id TEXT PRIMARY KEY, date TEXT NOT NULL, title TEXT NOT NULL, title_fold TEXT,"
	"  kind TEXT NOT NULL, pairing TEXT NOT NULL, person_times BIGINT NOT NULL);"
	"CREATE INDEX trainings_pairing ON trainings(pairing, date);"
	"CREATE TABLE events("
	"  id TEXT PRIMARY KEY, date TEXT NOT NULL, kind TEXT NOT NULL, pairing TEXT NOT NULL, note TEXT);"
	"CREATE INDEX events_pairing ON events(pairing, date);"
	"CREATE TABLE targets("
	"  year INTEGER NOT NULL, pairing TEXT NOT NULL, indicator TEXT NOT NULL, target TEXT NOT NULL,"
	"  PRIMARY KEY(year, pairing, indicator));",

	/* 4: kept sums of workers and sales (see tally.c): hitsets are the
	** sets of pairings a record counts for, tallies their sums by
	** indicator, year and month. */
	"CREATE TABLE hitsets(id BIGINT PRIMARY KEY, pairings TEXT NOT NULL UNIQUE);"
	"CREATE TABLE tallies(hitset BIGINT NOT NULL, indicator TEXT NOT NULL, year INTEGER NOT NULL,"
	"  month TEXT NOT NULL, stable_from TEXT NOT NULL, value BIGINT NOT NULL,"
	"  PRIMARY KEY(hitset, indicator, year, month, stable_from));",

	/* 5: staff accounts, their sessions, and the audit trail.  Passwords
	** are Argon2id strings (libsodium); a session is kept by the hash of
	** its token.  The audit trail is chained like the ledger (audit.c) and
	** never updated or deleted. */
	"CREATE TABLE users("
	"  name TEXT PRIMARY KEY, role TEXT NOT NULL, region TEXT, password TEXT NOT NULL,"
	"  disabled INTEGER NOT NULL, failures INTEGER NOT NULL, locked_until TEXT, created TEXT NOT NULL);"
	"CREATE TABLE sessions("
	"  token_hash TEXT PRIMARY KEY, user_name TEXT NOT NULL, csrf TEXT NOT NULL,"
	"  created TEXT NOT NULL, expires TEXT NOT NULL);"
	"CREATE TABLE audit("
	"  seq @SEQ@, at TEXT NOT NULL, who TEXT NOT NULL, addr TEXT NOT NULL, action TEXT NOT NULL,"
	"  what TEXT NOT NULL, before TEXT, after TEXT, hash TEXT NOT NULL);",

	/* 6: who took a project through each step of its life, and when */
	"CREATE TABLE project_steps("
	"  project TEXT NOT NULL, status TEXT NOT NULL, date TEXT NOT NULL, by_ TEXT NOT NULL, at TEXT NOT NULL,"
	"  PRIMARY KEY(project, status));",

	/* 7: projects counted by place, year and pairing from the index alone */
	"CREATE INDEX projects_tally ON projects(county, year, pairing, status);",

	/* 8: the public portal: problems reported by the public (举报), each
	** with its tracking number and its handling by staff; and the ledger's
	** head at the end of each day it changed, published and checked by
	** verify */
	"CREATE TABLE complaints("
	"  seq @SEQ@, tracking TEXT NOT NULL UNIQUE, at TEXT NOT NULL, about TEXT NOT NULL,"
	"  subject TEXT NOT NULL, county TEXT, text TEXT NOT NULL, contact TEXT,"
	"  status TEXT NOT NULL, assignee TEXT, reply TEXT, updated TEXT NOT NULL);"
	"CREATE INDEX complaints_county ON complaints(county, status);"
	"CREATE TABLE ledger_heads(day TEXT PRIMARY KEY, seq BIGINT NOT NULL, hash TEXT NOT NULL);"
	"INSERT INTO ledger_heads(day, seq, hash) SELECT CAST(CURRENT_DATE AS TEXT), CAST(s.value AS BIGINT), h.value"
	"  FROM meta s, meta h WHERE s.key = 'ledger_seq' AND h.key = 'ledger_head';",

	/* 9: the audit trail's head recorded like the ledger's (so that its
	** newest entries cannot go unseen), and failed sign-ins counted by
	** account and address (so that a stranger cannot lock an account
	** out for everyone) */
	"INSERT INTO meta(key, value) SELECT 'audit_seq', CAST(seq AS TEXT) FROM audit"
	"  WHERE seq = (SELECT MAX(seq) FROM audit);"
	"INSERT INTO meta(key, value) SELECT 'audit_head', hash FROM audit WHERE seq = (SELECT MAX(seq) FROM audit);"
	"CREATE TABLE signin_failures("
	"  name TEXT NOT NULL, addr TEXT NOT NULL, failures INTEGER NOT NULL, locked_until TEXT,"
	"  PRIMARY KEY(name, addr));",

	/* 10: divisions the built-in table lent to the store because a record
	** names them (builtin = 1); a division imported later replaces them */
	"ALTER TABLE divisions ADD COLUMN builtin INTEGER;",

	/* 11: a worker's kind (graduates hired, public-welfare jobs beside
	** transfers), the search form of a fund's note, and the kept sums
	** anew (they now keep where workers went; schema_upgrade adds them up) */
	"ALTER TABLE workers ADD COLUMN kind TEXT;"
	"ALTER TABLE funds ADD COLUMN note_fold TEXT;"
	"DELETE FROM tallies;"
	"DELETE FROM hitsets;",

	/* 12: corrections of a step's date: the date before and after, why,
	** who and when (steps.c); never updated or deleted */
	"CREATE TABLE step_corrections("
	"  project TEXT NOT NULL, status TEXT NOT NULL, before TEXT NOT NULL, after TEXT NOT NULL,"
	"  reason TEXT NOT NULL, by_ TEXT NOT NULL, at TEXT NOT NULL);"
	"CREATE INDEX step_corrections_project ON step_corrections(project, status);",

	/* 13: the payments' kept sums by project, year and purpose (paysums.h),
	** added up from what is stored; import keeps them */
	"CREATE TABLE payment_sums("
	"  project TEXT NOT NULL, date TEXT NOT NULL, purpose TEXT NOT NULL, n BIGINT NOT NULL, amount BIGINT NOT NULL,"
	"  PRIMARY KEY(project, date, purpose));"
	"@PAYSUMS@;",

	/* 14: the registers of other offices the audit checks compare payments
	** with (deaths, state-paid staff, village cadres, assets); seen only by
	** auditors and administrators */
	"CREATE TABLE registers("
	"  register TEXT NOT NULL, id_number_hash TEXT NOT NULL, id_number_ct TEXT NOT NULL,"
	"  id_number_ends TEXT NOT NULL, name TEXT, name_fold TEXT, from_ TEXT NOT NULL, until TEXT,"
	"  place TEXT, note TEXT, PRIMARY KEY(register, id_number_hash, from_));"
	"CREATE INDEX registers_person ON registers(id_number_hash, register);",

	/* 15: the audit checks' findings, kept with how they are handled
	** (open, assigned, confirmed with the amount to recover, dismissed
	** with a reason, recovered); the id is check:kind:record, the same in
	** every run and store */
	"CREATE TABLE findings("
	"  id TEXT PRIMARY KEY, check_ TEXT NOT NULL, kind TEXT NOT NULL, record TEXT NOT NULL, county TEXT,"
	"  amount BIGINT, detail TEXT, state TEXT NOT NULL, assignee TEXT, recover BIGINT, reason TEXT,"
	"  first_seen TEXT NOT NULL, last_seen TEXT NOT NULL, updated TEXT NOT NULL);"
	"CREATE INDEX findings_county ON findings(county, state);",

	/* 16: the findings as the audit pages ask for them: counted by county,
	** check and state; a check's listed in record order */
	"DROP INDEX findings_county;"
	"CREATE INDEX findings_county ON findings(county, check_, state);"
	"CREATE INDEX findings_check ON findings(check_, record);",

	/* 17: the portal's limits, counted for every server of a PostgreSQL
	** store (SQLite's servers share a file instead: limits.c): a keyed
	** hash of an address and a kind, the minute's start and its count.
	** Not worth a write-ahead log: unlogged where the engine allows. */
	"CREATE @UNLOGGED@TABLE limits(key BIGINT PRIMARY KEY, start BIGINT NOT NULL, n BIGINT NOT NULL);",

	/* 18: PostgreSQL compares every text column byte by byte, as SQLite
	** does: keys, codes and hashes sort faster (an index built by sorting
	** takes a third of the time), and both stores order alike.  A table
	** made later says @BYTEWISE@ again. */
	"@BYTEWISE@",

	/* 19: PostgreSQL keeps the payments a table a year (partitions.c) */
	"@PARTITIONS@",

	/* 20: the public look-up's rows each found by one descent on SQLite
	** (keyed_rows_sql): a person and a household kept in the order of
	** their keys, and the payees' index holding what the look-up shows */
	"@KEYED_ROWS@",
};

/* The columns of the payees' index on SQLite: the personal look-up reads
** its answer from the index alone, not from each payment's row (a page
** each, anywhere in a large store).  PostgreSQL keeps the narrow index:
** covering there, it was six times the size and the look-up through a
** standby gained 5% (PostgreSQL's work on each statement is its cost). */
#define PAYEE_COVER "payee_hash, date, id, amount, reverses, purpose, project"

/* Migration 20 on SQLite.  A WITHOUT ROWID table is the B-tree of its
** key: a person found by the hash of the identity number is one descent,
** not the key's index and then the row's.  The columns are migration 1's,
** in its order. */
static const char keyed_rows_sql[] =
	"CREATE TABLE persons_keyed("
	"  id_number_hash TEXT PRIMARY KEY, id_number_ct TEXT NOT NULL,"
	"  id_number_ends TEXT NOT NULL, name TEXT NOT NULL, name_fold TEXT,"
	"  household TEXT NOT NULL, relation TEXT, labour INTEGER, died TEXT) WITHOUT ROWID;"
	"INSERT INTO persons_keyed SELECT id_number_hash, id_number_ct, id_number_ends, name, name_fold,"
	"  household, relation, labour, died FROM persons ORDER BY id_number_hash;"
	"DROP TABLE persons;"
	"ALTER TABLE persons_keyed RENAME TO persons;"
	"CREATE INDEX persons_household ON persons(household);"
	"CREATE TABLE households_keyed("
	"  id TEXT PRIMARY KEY, village TEXT NOT NULL,"
	"  head_hash TEXT NOT NULL, head_ct TEXT NOT NULL, head_ends TEXT NOT NULL,"
	"  size INTEGER, status TEXT NOT NULL, registered INTEGER, exited INTEGER) WITHOUT ROWID;"
	"INSERT INTO households_keyed SELECT id, village, head_hash, head_ct, head_ends, size, status,"
	"  registered, exited FROM households ORDER BY id;"
	"DROP TABLE households;"
	"ALTER TABLE households_keyed RENAME TO households;"
	"CREATE INDEX households_village ON households(village);"
	"CREATE INDEX households_head ON households(head_hash);"
	"DROP INDEX payments_payee;"
	"CREATE INDEX payments_payee ON payments(" PAYEE_COVER ");";

static char *dialect(struct db *db, const char *sql);

/*
** Secondary indexes a large import may drop and build again at its end
** (sorting once beats inserting millions of random keys one by one).  They
** are the ones migration 2 created, spelled as the last migration to make
** them did (the payees' on SQLite: migration 20's, PAYEE_COVER).
*/
static const struct {
	const char *table, *name, *create;
} deferrable[] = {
	{ "payments", "payments_project", "CREATE INDEX payments_project ON payments(project)" },
	{ "payments", "payments_payee", "CREATE INDEX payments_payee ON payments(@PAYEE@)" },
};

void schema_drop_indexes(struct db *db, const char *table)
{
	for (size_t i = 0; i < ARRAY_SIZE(deferrable); i++)
		if (streq(deferrable[i].table, table)) {
			char sql[128];
			snprintf(sql, sizeof sql, "DROP INDEX %s", deferrable[i].name);
			db_exec(db, sql);
		}
}

void schema_build_indexes(struct db *db, const char *table)
{
	for (size_t i = 0; i < ARRAY_SIZE(deferrable); i++)
		if (streq(deferrable[i].table, table)) {
			char *sql = dialect(db, deferrable[i].create);
			db_exec(db, sql);
			free(sql);
		}
	/* PostgreSQL plans by statistics: a table that just grew by millions
	** of rows needs them now, not at autovacuum's next round */
	if (db_engine(db) == DB_PG) {
		char sql[96];
		snprintf(sql, sizeof sql, "ANALYZE %s", table);
		db_exec(db, sql);
	}
}

/* The one dialect difference in the schema: a ledger sequence number that
** is the row's own key (SQLite's rowid; a plain BIGINT key in PostgreSQL);
** @UNLOGGED@ makes a table PostgreSQL keeps out of its write-ahead log.
** @PAYSUMS@ stands for paysums.c's rebuilding SQL; @BYTEWISE@ makes
** PostgreSQL's text columns compare bytes (COLLATE "C"), as SQLite's do;
** @PARTITIONS@ makes PostgreSQL's payments a table a year; @KEYED_ROWS@ is
** migration 20 on SQLite, @PAYEE@ the payees' index's columns. */
static char *dialect(struct db *db, const char *sql)
{
	const char *seq = db_engine(db) == DB_SQLITE ? "INTEGER PRIMARY KEY" : "BIGINT PRIMARY KEY";
	struct buf b = BUF_INIT;
	const char *p;
	while ((p = strstr(sql, "@")) != NULL) {
		buf_add(&b, sql, (size_t)(p - sql));
		if (starts_with(p, "@SEQ@")) {
			buf_adds(&b, seq);
			sql = p + 5;
		} else if (starts_with(p, "@UNLOGGED@")) {
			buf_adds(&b, db_engine(db) == DB_PG ? "UNLOGGED " : "");
			sql = p + 10;
		} else if (starts_with(p, "@BYTEWISE@")) {
			buf_adds(&b, db_engine(db) == DB_SQLITE ? "SELECT 1" :
				 "DO $$ DECLARE c record; BEGIN "
				 "FOR c IN SELECT k.table_name, k.column_name FROM information_schema.columns k "
				 "JOIN information_schema.tables t ON t.table_schema = k.table_schema "
				 "AND t.table_name = k.table_name AND t.table_type = 'BASE TABLE' "
				 "WHERE k.table_schema = current_schema() AND k.data_type = 'text' "
				 "AND k.collation_name IS DISTINCT FROM 'C' LOOP "
				 "EXECUTE format('ALTER TABLE %I ALTER COLUMN %I TYPE text COLLATE \"C\"', "
				 "c.table_name, c.column_name); END LOOP; END $$");
			sql = p + 10;
		} else if (starts_with(p, "@PARTITIONS@")) {
			buf_adds(&b, db_engine(db) == DB_SQLITE ? "SELECT 1" : partitions_migration_sql);
			sql = p + 12;
		} else if (starts_with(p, "@KEYED_ROWS@")) {
			buf_adds(&b, db_engine(db) == DB_SQLITE ? keyed_rows_sql : "SELECT 1");
			sql = p + 12;
		} else if (starts_with(p, "@PAYEE@")) {
			buf_adds(&b, db_engine(db) == DB_SQLITE ? PAYEE_COVER : "payee_hash");
			sql = p + 7;
		} else if (starts_with(p, "@PAYSUMS@")) { /* one text for the migration and paysums.c */
			buf_adds(&b, paysums_rebuild_sql);
			sql = p + 9;
		} else {
			buf_addc(&b, '@');
			sql = p + 1;
		}
	}
	buf_adds(&b, sql);
	return buf_detach(&b);
}

static const char migration_table[] =
	"CREATE TABLE IF NOT EXISTS schema_migrations(version INTEGER PRIMARY KEY, applied TEXT NOT NULL)";

int schema_latest(void)
{
	return (int)ARRAY_SIZE(migrations);
}

int schema_version(struct db *db)
{
	if (!db_table_exists(db, "schema_migrations"))
		return -1;
	return (int)db_int(db, 0, "SELECT max(version) FROM schema_migrations", (char *)NULL);
}

static void apply_from(struct db *db, int have)
{
	for (int v = have + 1; v <= (int)ARRAY_SIZE(migrations); v++) {
		char *sql = dialect(db, migrations[v - 1]);
		db_exec(db, sql);
		free(sql);
		struct stmt *st = db_prepare(db,
			"INSERT INTO schema_migrations(version, applied) VALUES(?, CURRENT_TIMESTAMP)");
		stmt_bind_int(st, 1, v);
		stmt_step(st);
		stmt_finalize(st);
	}
}

void schema_create(struct db *db)
{
	db_begin(db);
	if (schema_version(db) >= 0)
		die("%s already holds a bangfu store; nothing was changed", db_url(db));
	db_exec(db, migration_table);
	apply_from(db, 0);
	db_commit(db);
}

/* The store changed: pages the server kept from before are made again. */
void store_generation_next(struct db *db)
{
	db_exec(db, "INSERT INTO meta(key, value) VALUES('generation', '1') "
		    "ON CONFLICT(key) DO UPDATE SET value = CAST(CAST(meta.value AS INTEGER) + 1 AS TEXT)");
}

/* What migration 11 cannot do in SQL: fold the notes of the funds
** already stored, and add up the kept sums again. */
static void upgrade_11(struct db *db)
{
	struct stmt *st = db_prepare(db, "SELECT id, note FROM funds WHERE note IS NOT NULL");
	struct stmt *up = db_prepare(db, "UPDATE funds SET note_fold = ? WHERE id = ?");
	while (stmt_step(st)) {
		char *fold = fold_text(stmt_text(st, 1));
		if (!streq(fold, stmt_text(st, 1))) {
			stmt_bind_text(up, 1, fold);
			stmt_bind_text(up, 2, stmt_text(st, 0));
			stmt_step(up);
			stmt_reset(up);
		}
		free(fold);
	}
	stmt_finalize(up);
	stmt_finalize(st);
	tally_rebuild(db);
}

void schema_upgrade(struct db *db)
{
	int have = schema_version(db);
	if (have < 0)
		die("%s is not a bangfu store: create one with 'bangfu --db %s init'", db_url(db),
		    db_url(db));
	if (have > (int)ARRAY_SIZE(migrations))
		die("store %s has schema version %d, newer than this program (%d): upgrade bangfu",
		    db_url(db), have, (int)ARRAY_SIZE(migrations));
	if (have == (int)ARRAY_SIZE(migrations))
		return;
	/* migration 20 sorts persons by their keys: 3 million of them took
	** 1.6 GB held in memory */
	db_sort_on_disk(db, 1);
	db_begin(db);
	apply_from(db, have);
	if (have < 11)
		upgrade_11(db);
	db_commit(db);
	db_sort_on_disk(db, 0);
}

/*
** COMMAND: init
** USAGE: bangfu --db PATH init
** NEEDS: create
**
** Create an empty store.
**
** Creates an SQLite file at PATH, or the tables in the
** PostgreSQL database a postgresql:// URL names.  Also creates the key
** file for identity numbers beside the store (bangfu.key in the store's
** folder, mode 0600; for PostgreSQL in the current folder), unless one is
** already there, which the new store then shares.
*/
int cmd_init(struct cmdctx *c, int argc, char **argv)
{
	(void)argv;
	if (argc > 0)
		die("init: takes no arguments (the store is named by --db)");
	schema_create(c->db);
	char who[80];
	audit_log(c->db, audit_cli_who(who), "local", "init", c->dburl, NULL, NULL);
	printf("created store %s (schema version %d), key file %s\n", c->dburl,
	       schema_version(c->db), c->keypath);
	return 0;
}
