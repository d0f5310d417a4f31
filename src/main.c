/*
** main.c: global options, then the command table (generated from the
** "COMMAND:" comments by tool/mkcmds.sh) decides what runs and what it
** needs: a store to read, to write, or to create.
*/
#include "bangfu.h"
#include "places.h"
#include "cmd.h"
#include <libgen.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "banned.h"

const struct command *command_find(const char *name)
{
	for (int i = 0; i < ncommands; i++)
		if (streq(commands[i].name, name))
			return &commands[i];
	return NULL;
}

static int take(int *argc, char **argv, int i, int n)
{
	memmove(argv + i, argv + i + n, (size_t)(*argc - i - n + 1) * sizeof *argv);
	*argc -= n;
	return 0;
}

const char *opt_value(int *argc, char **argv, const char *name)
{
	size_t n = strlen(name);
	for (int i = 0; i < *argc; i++) {
		if (streq(argv[i], "--"))
			break;
		if (streq(argv[i], name)) {
			if (i + 1 >= *argc)
				die("option %s needs a value", name);
			const char *v = argv[i + 1];
			take(argc, argv, i, 2);
			return v;
		}
		if (strncmp(argv[i], name, n) == 0 && argv[i][n] == '=') {
			const char *v = argv[i] + n + 1;
			take(argc, argv, i, 1);
			return v;
		}
	}
	return NULL;
}

int opt_flag(int *argc, char **argv, const char *name)
{
	for (int i = 0; i < *argc; i++) {
		if (streq(argv[i], "--"))
			break;
		if (streq(argv[i], name)) {
			take(argc, argv, i, 1);
			return 1;
		}
	}
	return 0;
}

void opt_no_more(int argc, char **argv, const char *cmd)
{
	for (int i = 0; i < argc; i++) {
		if (streq(argv[i], "--"))
			return;
		if (argv[i][0] == '-' && argv[i][1])
			die("%s: unknown option %s (see 'bangfu help %s')", cmd, argv[i], cmd);
	}
}

enum fmt opt_format(int *argc, char **argv, const char *allowed)
{
	const char *f = opt_value(argc, argv, "--format");
	if (!f)
		return FMT_TABLE;
	if (!strstr(allowed, f))
		die("--format %s is not available here (choose: %s)", f, allowed);
	if (streq(f, "csv"))
		return FMT_CSV;
	if (streq(f, "json"))
		return FMT_JSON;
	if (streq(f, "table"))
		return FMT_TABLE;
	if (streq(f, "xlsx"))
		return FMT_XLSX;
	die("--format %s is not available here (choose: %s)", f, allowed);
}

static char *default_key_path(const char *dburl)
{
	if (db_url_is_pg(dburl))
		return xstrdup("bangfu.key");
	char *copy = xstrdup(dburl);
	char *dir = dirname(copy);
	char *path = xasprintf("%s/bangfu.key", dir);
	free(copy);
	return path;
}

static _Noreturn void usage(void)
{
	fprintf(stderr, "usage: bangfu [--db PATH|URL] [--read-db URL] [--key FILE] COMMAND [ARGS]\n"
			"       bangfu help [COMMAND]\n");
	exit(2);
}

int main(int argc, char **argv)
{
	setlocale(LC_CTYPE, "C.UTF-8");
	struct cmdctx c;
	memset(&c, 0, sizeof c);
	c.out = stdout;
	c.err = stderr;
	c.dburl = getenv("BANGFU_DB");
	c.keypath = getenv("BANGFU_KEY");
	int i = 1;
	for (; i < argc && argv[i][0] == '-'; i++) {
		if (streq(argv[i], "--db") && i + 1 < argc)
			c.dburl = argv[++i];
		else if (starts_with(argv[i], "--db="))
			c.dburl = argv[i] + 5;
		else if (streq(argv[i], "--read-db") && i + 1 < argc)
			c.readurl = argv[++i];
		else if (starts_with(argv[i], "--read-db="))
			c.readurl = argv[i] + 10;
		else if (streq(argv[i], "--key") && i + 1 < argc)
			c.keypath = argv[++i];
		else if (starts_with(argv[i], "--key="))
			c.keypath = argv[i] + 6;
		else if (streq(argv[i], "--help") || streq(argv[i], "-h"))
			argv[i] = "help";
		else if (streq(argv[i], "--version")) {
			printf("bangfu %s; divisions: %s\n", BANGFU_VERSION, places_edition());
			return 0;
		} else
			die("unknown option %s (see 'bangfu help')", argv[i]);
		if (streq(argv[i], "help"))
			break;
	}
	if (i >= argc)
		usage();
	const struct command *cmd = command_find(argv[i]);
	if (!cmd)
		die("'%s' is not a command (see 'bangfu help')", argv[i]);
	int cargc = argc - i - 1;
	char **cargv = argv + i + 1;
	if (cmd->need != NEED_NOTHING) {
		if (!c.dburl || !c.dburl[0])
			die("%s: name the store with --db PATH (an SQLite file) or --db postgresql://...",
			    cmd->name);
		char *kp = c.keypath ? xstrdup(c.keypath) : default_key_path(c.dburl);
		c.keypath = kp;
		int flags = cmd->need == NEED_CREATE ? DB_CREATE | DB_WRITE
			  : cmd->need == NEED_WRITE ? DB_WRITE : 0;
		if (c.readurl && !(db_url_is_pg(c.readurl) && db_url_is_pg(c.dburl)))
			die("--read-db names a PostgreSQL standby of a PostgreSQL store (postgresql://...); "
			    "an SQLite store is read where it is");
		/* a command that only reads reads the standby; one that writes
		** writes the store, and reads there what it may (serve, audit) */
		int standby = c.readurl && cmd->need == NEED_READ;
		c.db = db_open(standby ? c.readurl : c.dburl, flags);
		if (c.readurl && !standby && cmd->need != NEED_CREATE)
			c.rdb = db_open(c.readurl, 0);
		if (cmd->need == NEED_CREATE) {
			c.key = secret_load(kp, 1);
		} else {
			int v = cmd->need == NEED_WRITE ? 0 : schema_version(c.db);
			if (v < 0)
				die("%s is not a bangfu store: create one with 'bangfu --db %s init'",
				    c.dburl, c.dburl);
			if (standby && v < schema_latest())
				die("the standby %s holds a store of schema version %d, this program's is %d: "
				    "run any command on the store itself (--db) first, and the standby follows",
				    c.readurl, v, schema_latest());
			if (cmd->need != NEED_WRITE && v < schema_latest()) {
				/* a store of an older version: brought up to date first */
				db_close(c.db);
				c.db = db_open(c.dburl, DB_WRITE);
			}
			if (cmd->need == NEED_WRITE || v < schema_latest())
				schema_upgrade(c.db);
			c.key = secret_load(kp, 0);
		}
	}
	int rc = cmd->fn(&c, cargc, cargv);
	if (fflush(stdout) != 0 || ferror(stdout))
		die("cannot write the output");
	db_close(c.db);
	db_close(c.rdb);
	secret_free(c.key);
	free((char *)(c.keypath != getenv("BANGFU_KEY") ? c.keypath : NULL));
	return rc;
}

/* How far the next part of a usage runs: to a space outside brackets
** and parentheses, or (inner) to a space before a '|' inside the first. */
static size_t usage_part(const char *u, int inner)
{
	size_t n = 0;
	for (int depth = 0; u[n]; n++) {
		if (u[n] == ' ' && (inner ? depth == 1 && u[n + 1] == '|' : depth <= 0))
			break;
		depth += (u[n] == '[' || u[n] == '(') - (u[n] == ']' || u[n] == ')');
	}
	return n;
}

/* A command's usage, wrapped before 80 columns between its bracketed
** parts (inside one only before a '|', when it is longer than a line),
** each further line indented under the first. */
static void print_usage(const char *u)
{
	const int width = 79, indent = 7;
	int col = printf("usage:");
	while (*u) {
		size_t n = usage_part(u, 0);
		if (indent + 1 + (int)n > width) { /* a group of choices too long: up to its next " |" */
			size_t k = usage_part(u, 1);
			n = k < n ? k : n;
		}
		if (col > indent && col + 1 + (int)n > width) {
			printf("\n%*s", indent - 1, "");
			col = indent - 1;
		}
		col += printf(" %.*s", (int)n, u);
		u += n;
		u += strspn(u, " ");
	}
	putchar('\n');
}

/*
** COMMAND: help
** USAGE: bangfu help [COMMAND]
**
** List the commands, or show how to use one.
*/
int cmd_help(struct cmdctx *c, int argc, char **argv)
{
	(void)c;
	if (argc > 0) {
		const struct command *cmd = command_find(argv[0]);
		if (!cmd)
			die("help: '%s' is not a command (see 'bangfu help')", argv[0]);
		print_usage(cmd->usage);
		printf("\n%s", cmd->help);
		return 0;
	}
	puts("bangfu: records and publishes East-West cooperation (东西部协作): pairings,\n"
	     "every yuan from its source to its last payee, workers, purchases, exchanges.\n\n"
	     "usage: bangfu [--db PATH|URL] [--read-db URL] [--key FILE] COMMAND [ARGS]\n\n"
	     "  --db PATH      the store: an SQLite file, or a postgresql:// URL\n"
	     "                 (or $BANGFU_DB)\n"
	     "  --read-db URL  a PostgreSQL streaming standby of the store: commands that\n"
	     "                 only read (report, list, trace, verify) read it; serve sends\n"
	     "                 its pages' reads there, audit its checks' (what --keep keeps\n"
	     "                 goes to --db)\n"
	     "  --key FILE     the identity-number key (default: bangfu.key beside the store)\n\n"
	     "commands:");
	const struct command *sorted[128];
	int n = 0;
	for (int i = 0; i < ncommands && n < 128; i++)
		sorted[n++] = &commands[i];
	for (int a = 1; a < n; a++)
		for (int b = a; b > 0 && strcmp(sorted[b - 1]->name, sorted[b]->name) > 0; b--) {
			const struct command *t = sorted[b];
			sorted[b] = sorted[b - 1];
			sorted[b - 1] = t;
		}
	/* The first line of a command's help is its summary, after the
	** names padded to the longest */
	int w = 0;
	for (int k = 0; k < n; k++)
		w = (int)strlen(sorted[k]->name) > w ? (int)strlen(sorted[k]->name) : w;
	for (int k = 0; k < n; k++) {
		const char *h = sorted[k]->help;
		size_t len = strcspn(h, "\n");
		if (len && h[len - 1] == '.')
			len--;
		printf("  %-*s  %.*s\n", w, sorted[k]->name, (int)len, h);
	}
	printf("\nEvery division of China is built in: %ld provinces, cities, counties, towns\n"
	       "and villages, by code and name: %s.\n", places_count(), places_edition());
	puts("\n'bangfu help COMMAND' tells more.");
	return 0;
}
