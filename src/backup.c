/*
** backup.c: `bangfu backup` and `bangfu restore`: a consistent copy of a
** live store, and a store brought back from one.
**
** SQLite: SQLite's online backup API copies the store as one snapshot
** while the server runs and imports go on (db_copy_sqlite).  PostgreSQL:
** pg_dump's custom format, from a snapshot this command opens and exports
** (pg_export_snapshot), so that the head it prints and the dump are of the
** same moment; pg_restore brings it back into an empty database.  Either
** way the copy holds no key: the identity-number key (bangfu.key) and the
** heads' signing key (bangfu.sign) are kept apart, and a restored store
** needs the same identity-number key to open its sealed numbers.
*/
#include "bangfu.h"
#include "cmd.h"
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include "banned.h"

/* What a copy holds, as verify prints it: its entries and its head. */
static void say_head(struct db *db, const char *what, const char *file)
{
	int64_t n = db_int(db, 0, "SELECT value FROM meta WHERE key = 'ledger_seq'", (char *)NULL);
	char *head = db_text(db, "SELECT value FROM meta WHERE key = 'ledger_head'", (char *)NULL);
	int64_t a = db_int(db, 0, "SELECT value FROM meta WHERE key = 'audit_seq'", (char *)NULL);
	printf("%s %s: ledger %lld entries, head %s; audit trail %lld entries\n", what, file, (long long)n,
	       head ? head : "(empty ledger)", (long long)a);
	free(head);
}

/* Runs a PostgreSQL client program (pg_dump, pg_restore): 0 when it exited 0. */
static int run_tool(const char *const *argv)
{
	fflush(stdout);
	pid_t pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		execvp(argv[0], (char *const *)argv);
		fprintf(stderr, "bangfu: cannot run %s: %s (install PostgreSQL's client programs: "
			"apt-get install postgresql-client)\n", argv[0], strerror(errno));
		_exit(127);
	}
	int st;
	while (waitpid(pid, &st, 0) < 0)
		if (errno != EINTR)
			return -1;
	return WIFEXITED(st) && WEXITSTATUS(st) == 0 ? 0 : -1;
}

/*
** COMMAND: backup
** USAGE: bangfu --db PATH backup FILE
** NEEDS: read
**
** A consistent copy of the store, while it is in use.
**
** SQLite: FILE is a store file of its own (SQLite's online backup API,
** one snapshot; the server and imports go on meanwhile).  PostgreSQL: FILE
** is a pg_dump archive (custom format) of one snapshot.  Prints the
** ledger's entries and head in the copy: 'bangfu verify' on the restored
** store prints the same.  FILE must not exist yet; it is made 0600.  The
** copy holds no key: keep bangfu.key (without which the sealed identity
** numbers cannot be opened) and bangfu.sign with it, but apart from it.
*/
int cmd_backup(struct cmdctx *c, int argc, char **argv)
{
	opt_no_more(argc, argv, "backup");
	if (argc != 1)
		die("backup: name the file to write (e.g. bangfu backup /backups/store-2020-06-01.db)");
	const char *file = argv[0];
	struct stat st;
	if (lstat(file, &st) == 0)
		die("backup: %s exists already: name a new file, so that no copy is written over", file);
	char why[512];
	if (db_engine(c->db) == DB_SQLITE) {
		if (db_copy_sqlite(c->db, NULL, file, 0, why, sizeof why) < 0)
			die("backup: %s", why);
		struct db *copy = db_open(file, 0);
		say_head(copy, "backup", file);
		db_close(copy);
		return 0;
	}
	/* one snapshot for the head printed and the dump alike */
	db_begin_read(c->db);
	char *snap = db_text(c->db, "SELECT pg_export_snapshot()", (char *)NULL);
	char *tmp = xasprintf("%s.part", file), *fopt = xasprintf("--file=%s", tmp);
	char *dbopt = xasprintf("--dbname=%s", c->dburl), *sopt = xasprintf("--snapshot=%s", snap);
	mode_t old = umask(077);
	const char *args[] = { "pg_dump", "--format=custom", "--no-owner", sopt, fopt, dbopt, NULL };
	int rc = run_tool(args);
	umask(old);
	if (rc == 0 && rename(tmp, file) != 0)
		rc = -1;
	if (rc == 0)
		say_head(c->db, "backup", file);
	db_commit(c->db);
	if (rc != 0)
		unlink(tmp);
	free(snap);
	free(tmp);
	free(fopt);
	free(dbopt);
	free(sopt);
	if (rc != 0)
		die("backup: pg_dump did not finish (see above); no backup was written");
	return 0;
}

/*
** COMMAND: restore
** USAGE: bangfu --db PATH restore FILE
**
** Bring a store back from a backup.
**
** SQLite: PATH must not exist yet; the backup is copied there (0600) and
** checked to be a bangfu store.  PostgreSQL: the database the URL names
** must exist and be empty (createdb it first); pg_restore fills it in one
** transaction.  Then run 'bangfu verify': it passes, with the entries and
** head the backup printed.  The store needs the identity-number key it was
** made with (--key FILE, or bangfu.key beside it).
*/
int cmd_restore(struct cmdctx *c, int argc, char **argv)
{
	opt_no_more(argc, argv, "restore");
	if (argc != 1)
		die("restore: name the backup file to restore from");
	const char *file = argv[0];
	if (!c->dburl || !*c->dburl)
		die("restore: name the store to restore into with --db PATH (a new file) or --db postgresql://...");
	struct stat st;
	if (stat(file, &st) != 0 || !S_ISREG(st.st_mode))
		die("restore: %s: no such backup file", file);
	char why[512];
	if (!db_url_is_pg(c->dburl)) {
		if (lstat(c->dburl, &st) == 0)
			die("restore: %s exists: restore into a new file (move the old store away first, and keep it)",
			    c->dburl);
		struct db *probe = NULL;
		{
			FILE *f = fopen(file, "rb");
			char magic[16] = "";
			if (!f || fread(magic, 1, sizeof magic, f) != sizeof magic ||
			    memcmp(magic, "SQLite format 3", 16) != 0)
				die("restore: %s is not a backup of an SQLite store (a PostgreSQL backup goes to a "
				    "postgresql:// store)", file);
			fclose(f);
		}
		if (db_copy_sqlite(NULL, file, c->dburl, 1, why, sizeof why) < 0)
			die("restore: %s", why);
		probe = db_open(c->dburl, 0);
		if (schema_version(probe) < 0) {
			db_close(probe);
			unlink(c->dburl);
			die("restore: %s is not a bangfu store; nothing was restored", file);
		}
		say_head(probe, "restored", c->dburl);
		db_close(probe);
		return 0;
	}
	struct db *db = db_open(c->dburl, DB_WRITE);
	if (schema_version(db) >= 0)
		die("restore: %s already holds a store: restore into an empty database (createdb NAME)", c->dburl);
	db_close(db);
	char *dbopt = xasprintf("--dbname=%s", c->dburl);
	const char *args[] = { "pg_restore", "--no-owner", "--single-transaction", "--exit-on-error", dbopt, file, NULL };
	int rc = run_tool(args);
	free(dbopt);
	if (rc != 0)
		die("restore: pg_restore failed (see above); the database was left as it was");
	db = db_open(c->dburl, 0);
	say_head(db, "restored", c->dburl);
	db_close(db);
	return 0;
}
