/*
** users.c: staff accounts: roles scoped to a region, Argon2id passwords
** (libsodium), lockout after repeated failures; `bangfu user`.
*/
#include "users.h"
#include "places.h"
#include "audit.h"
#include "cmd.h"
#include "kinds.h"
#include "out.h"
#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>
#include "banned.h"

const char *const roles[] = { "admin", "clerk", "east_office", "auditor", "viewer", NULL };

int role_index(const char *s)
{
	for (int i = 0; roles[i]; i++)
		if (streq(roles[i], s))
			return i;
	return -1;
}

static void now_iso(char out[32], long plus_seconds)
{
	time_t t = time(NULL) + plus_seconds;
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

int user_load(struct db *db, const char *name, struct user *u)
{
	memset(u, 0, sizeof *u);
	struct stmt *st = db_prepare(db, "SELECT name, role, region, disabled FROM users WHERE name = ?");
	stmt_bind_text(st, 1, name);
	int found = stmt_step(st);
	if (found) {
		snprintf(u->name, sizeof u->name, "%s", stmt_text(st, 0));
		u->role = role_index(stmt_text(st, 1));
		snprintf(u->region, sizeof u->region, "%s", stmt_text(st, 2) ? stmt_text(st, 2) : "");
		u->disabled = (int)stmt_int(st, 3);
	}
	stmt_finalize(st);
	return found && u->role >= 0;
}

/*
** Failed sign-ins are counted by account name and address: LOCKOUT_FAILURES
** from one address lock that name for that address for LOCKOUT_SECONDS,
** so that a stranger cannot lock the administrator out from everywhere.
** Names that are no account are counted the same way, and the answer is
** the same (wrong, then locked): the answers never tell which names exist.
*/
enum signin user_signin(struct db *db, const char *name, const char *password, const char *addr,
			struct user *u)
{
	char now[32], until[32];
	now_iso(now, 0);
	now_iso(until, LOCKOUT_SECONDS);
	db_begin(db);
	db_run(db, "DELETE FROM signin_failures WHERE locked_until < ?", now, (char *)NULL);
	int failures = (int)db_int(db, 0, "SELECT failures FROM signin_failures WHERE name = ? AND addr = ?", name,
				   addr, (char *)NULL);
	int locked = failures >= LOCKOUT_FAILURES;
	struct stmt *st = db_prepare(db, "SELECT password, disabled FROM users WHERE name = ?");
	stmt_bind_text(st, 1, name);
	int known = stmt_step(st), disabled = known && stmt_int(st, 1);
	char *hash = known ? xstrdup(stmt_text(st, 0)) : NULL;
	stmt_finalize(st);
	/* the same work whether the name is an account or not */
	int ok = 0;
	if (hash) {
		ok = crypto_pwhash_str_verify(hash, password, strlen(password)) == 0;
		free(hash);
	} else {
		char dummy[crypto_pwhash_STRBYTES];
		if (crypto_pwhash_str(dummy, password, strlen(password), crypto_pwhash_OPSLIMIT_INTERACTIVE,
				      crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
			dummy[0] = 0;
	}
	enum signin r;
	if (locked) {
		r = SIGNIN_LOCKED;
	} else if (ok && !disabled) {
		r = SIGNIN_OK;
		db_run(db, "DELETE FROM signin_failures WHERE name = ? AND addr = ?", name, addr, (char *)NULL);
	} else {
		char n[16];
		snprintf(n, sizeof n, "%d", failures + 1);
		db_run(db, "INSERT INTO signin_failures(name, addr, failures, locked_until) VALUES(?, ?, ?, ?) "
			   "ON CONFLICT(name, addr) DO UPDATE SET failures = excluded.failures, "
			   "locked_until = excluded.locked_until", name, addr, n, until, (char *)NULL);
		r = failures + 1 >= LOCKOUT_FAILURES ? SIGNIN_LOCKED : SIGNIN_BAD;
	}
	db_commit(db);
	audit_log(db, name, addr, r == SIGNIN_OK ? "signin" : "signin_failed",
		  r == SIGNIN_OK ? "" : locked ? "locked for this address" : !known ? "no such account"
		  : disabled ? "account disabled" : "wrong password", NULL, NULL);
	if (r == SIGNIN_OK && !user_load(db, name, u))
		r = SIGNIN_BAD;
	return r;
}

/* ---- the command ------------------------------------------------------ */

/* One line from standard input, without echo on a terminal. */
static char *read_password(const char *prompt)
{
	int tty = isatty(0);
	struct termios old, quiet;
	if (tty) {
		fprintf(stderr, "%s", prompt);
		tcgetattr(0, &old);
		quiet = old;
		quiet.c_lflag &= ~(tcflag_t)ECHO;
		tcsetattr(0, TCSANOW, &quiet);
	}
	char line[1024];
	char *got = fgets(line, sizeof line, stdin);
	if (tty) {
		tcsetattr(0, TCSANOW, &old);
		fprintf(stderr, "\n");
	}
	if (!got)
		die("user: no password given (one line on standard input)");
	line[strcspn(line, "\r\n")] = 0;
	if (strlen(line) < 10)
		die("user: a password needs at least 10 characters");
	char *p = xstrdup(line);
	sodium_memzero(line, sizeof line);
	return p;
}

static char *hash_password(const char *pw)
{
	char out[crypto_pwhash_STRBYTES];
	if (crypto_pwhash_str(out, pw, strlen(pw), crypto_pwhash_OPSLIMIT_INTERACTIVE,
			      crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
		die("user: out of memory hashing the password");
	return xstrdup(out);
}

/* The region a role may be given: a stored division on the right side. */
static void check_region(struct cmdctx *c, int role, const char *region, char out[13])
{
	out[0] = 0;
	if (role == ROLE_ADMIN) {
		if (region)
			die("user: an administrator sees everything: no --region");
		return;
	}
	if (!region) {
		if (role == ROLE_CLERK || role == ROLE_EAST)
			die("user: a %s needs --region CODE", roles[role]);
		return;
	}
	char why[128];
	if (divcode_norm(region, out, why, sizeof why) < 0)
		die("user: --region %s: %s", region, why);
	int level = division_level(c->db, out);
	if (level < 0)
		die("user: --region %s: no such division, neither in the store nor in the built-in table", region);
	if (role == ROLE_CLERK && level != 2)
		die("user: a clerk works for one western county; %s is a %s", out, place_level_name(level));
	char *side = division_side_of(c->db, out);
	if (role == ROLE_CLERK && side && !streq(side, "west"))
		die("user: a clerk works for a western county; %s lies on the %s side", out, side);
	if (role == ROLE_EAST && side && !streq(side, "east"))
		die("user: an eastern cooperation office lies on the east side; %s lies on the %s side", out, side);
	free(side);
}

static int user_add(struct cmdctx *c, int argc, char **argv)
{
	const char *role = opt_value(&argc, argv, "--role"), *region = opt_value(&argc, argv, "--region");
	opt_no_more(argc, argv, "user add");
	if (argc != 1)
		die("user add: name one account: bangfu user add NAME --role ROLE [--region CODE]");
	const char *name = argv[0];
	if (!*name || strlen(name) > 64 || strspn(name, "abcdefghijklmnopqrstuvwxyz0123456789._-") != strlen(name))
		die("user add: an account name is 1 to 64 of a-z 0-9 . _ -");
	int r = role ? role_index(role) : -1;
	if (r < 0)
		die("user add: --role is one of admin, clerk, east_office, auditor, viewer");
	char code[13];
	check_region(c, r, region, code);
	char *pw = read_password("password: ");
	char *hash = hash_password(pw);
	sodium_memzero(pw, strlen(pw));
	free(pw);
	char now[32], who[80];
	now_iso(now, 0);
	db_begin(c->db);
	if (db_int(c->db, 0, "SELECT COUNT(*) FROM users WHERE name = ?", name, (char *)NULL))
		die("user add: %s exists already", name);
	struct stmt *st = db_prepare(c->db, "INSERT INTO users(name, role, region, password, disabled, failures, "
					    "locked_until, created) VALUES(?, ?, ?, ?, 0, 0, NULL, ?)");
	stmt_bind_text(st, 1, name);
	stmt_bind_text(st, 2, roles[r]);
	stmt_bind_text(st, 3, code[0] ? code : NULL);
	stmt_bind_text(st, 4, hash);
	stmt_bind_text(st, 5, now);
	stmt_step(st);
	stmt_finalize(st);
	char after[160];
	snprintf(after, sizeof after, "role=%s region=%s", roles[r], code[0] ? code : "*");
	audit_log(c->db, audit_cli_who(who), "local", "user_add", name, NULL, after);
	db_commit(c->db);
	free(hash);
	printf("added %s (%s%s%s)\n", name, roles[r], code[0] ? ", " : "", code);
	return 0;
}

static int user_list(struct cmdctx *c, int argc, char **argv)
{
	enum fmt fmt = opt_format(&argc, argv, "table|csv|json");
	opt_no_more(argc, argv, "user list");
	static const char *const head[] = { "name", "role", "region", "disabled", "locked_until", "created" };
	struct out o;
	out_init(&o, fmt, stdout, 6, head);
	struct stmt *st = db_prepare(c->db,
		"SELECT name, role, region, disabled, (SELECT MAX(f.locked_until) FROM signin_failures f "
		"  WHERE f.name = users.name AND f.failures >= " LOCKOUT_TEXT "), created FROM users ORDER BY name");
	while (stmt_step(st)) {
		const char *row[] = { stmt_text(st, 0), stmt_text(st, 1), stmt_text(st, 2),
				      stmt_int(st, 3) ? "yes" : "no", stmt_text(st, 4), stmt_text(st, 5) };
		out_row(&o, row);
	}
	stmt_finalize(st);
	out_finish(&o);
	return 0;
}

static int user_change(struct cmdctx *c, int argc, char **argv, int passwd)
{
	opt_no_more(argc, argv, passwd ? "user passwd" : "user disable");
	if (argc != 1)
		die("user %s: name one account", passwd ? "passwd" : "disable");
	const char *name = argv[0];
	char *hash = NULL;
	if (passwd) {
		char *pw = read_password("new password: ");
		hash = hash_password(pw);
		sodium_memzero(pw, strlen(pw));
		free(pw);
	}
	char who[80];
	db_begin(c->db);
	struct stmt *st = db_prepare(c->db, passwd ? "UPDATE users SET password = ?, failures = 0, locked_until = NULL "
						     "WHERE name = ?"
						   : "UPDATE users SET disabled = 1 WHERE name = ?");
	int b = 1;
	if (passwd)
		stmt_bind_text(st, b++, hash);
	stmt_bind_text(st, b, name);
	stmt_step(st);
	int64_t n = stmt_changes(st);
	stmt_finalize(st);
	if (!n)
		die("user: no account %s", name);
	/* its sessions end, whoever holds them; a new password also lifts its lockouts */
	db_run(c->db, "DELETE FROM sessions WHERE user_name = ?", name, (char *)NULL);
	if (passwd)
		db_run(c->db, "DELETE FROM signin_failures WHERE name = ?", name, (char *)NULL);
	audit_log(c->db, audit_cli_who(who), "local", passwd ? "user_passwd" : "user_disable", name, NULL, NULL);
	db_commit(c->db);
	free(hash);
	printf("%s %s\n", passwd ? "new password for" : "disabled", name);
	return 0;
}

/*
** COMMAND: user
** USAGE: bangfu --db PATH user add|list|disable|passwd ...
** NEEDS: write
**
** Staff accounts for the web UI and the API.
**
** user add NAME --role ROLE [--region CODE]
**     ROLE is admin (everything), clerk (enters and imports the records of
**     one western county: --region is that county), east_office (an eastern
**     cooperation office: sees the pairings of its region, sets targets),
**     auditor (reads everything in its region and the audit trail) or
**     viewer (reads its region).  Without --region an auditor or viewer
**     sees every region.  The password (at least 10 characters) is read
**     from standard input, without echo on a terminal, and stored as an
**     Argon2id hash.
** user list [--format csv|json]
** user disable NAME      the account can no longer sign in; its sessions end
** user passwd NAME       a new password from standard input; its sessions
**                        end, and its lockouts are lifted
**
** After 5 failed sign-ins from one address, that name is locked for that
** address for 15 minutes (list shows until when); other addresses are
** not affected, so nobody can lock an account out from everywhere.  A
** name that is no account is answered exactly alike.
** Every change, and every sign-in, lands in the audit trail.
*/
int cmd_user(struct cmdctx *c, int argc, char **argv)
{
	if (argc < 1)
		die("user: add, list, disable or passwd (see 'bangfu help user')");
	if (streq(argv[0], "add"))
		return user_add(c, argc - 1, argv + 1);
	if (streq(argv[0], "list"))
		return user_list(c, argc - 1, argv + 1);
	if (streq(argv[0], "disable"))
		return user_change(c, argc - 1, argv + 1, 0);
	if (streq(argv[0], "passwd"))
		return user_change(c, argc - 1, argv + 1, 1);
	die("user: '%s' is not add, list, disable or passwd", argv[0]);
}
