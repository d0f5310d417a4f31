/*
** cmd.h: what every command receives.  Commands are registered by a
** "COMMAND:" comment above their function (see tool/mkcmds.sh); the
** comment's NEEDS line says what the dispatcher prepares before the call.
*/
#ifndef CMD_H
#define CMD_H
#include "bangfu.h"
#include "db.h"

enum need { NEED_NOTHING, NEED_READ, NEED_WRITE, NEED_CREATE };

struct cmdctx {
	const char *dburl;
	const char *keypath;
	struct db *db;       /* open when NEEDS read, write or create */
	const char *readurl; /* --read-db: a PostgreSQL standby for reads */
	struct db *rdb;      /* open on it when a command that writes was given one */
	struct secret *key;  /* loaded along with the store */
	FILE *out;           /* where a command writes its answer: stdout, or the server's buffer */
	FILE *err;           /* and its diagnostics: stderr, or the server's buffer */
};

typedef int (*cmd_fn)(struct cmdctx *c, int argc, char **argv);

struct command {
	const char *name;
	cmd_fn fn;
	enum need need;
	const char *usage;
	const char *help;
};
extern const struct command commands[];
extern const int ncommands;
const struct command *command_find(const char *name);

/* Option parsing shared by commands: "--name VALUE" or "--name=VALUE".
** Returns the value and removes both from argv, or NULL when absent. */
const char *opt_value(int *argc, char **argv, const char *name);
int opt_flag(int *argc, char **argv, const char *name);
void opt_no_more(int argc, char **argv, const char *cmd); /* dies on leftover --options */
/* The output format: table (default on a terminal), csv or json. */
enum fmt { FMT_TABLE, FMT_CSV, FMT_JSON, FMT_XLSX, FMT_HTML };
enum fmt opt_format(int *argc, char **argv, const char *allowed);

/* schema.c */
void schema_create(struct db *db);
void schema_upgrade(struct db *db);
void store_generation_next(struct db *db);
int schema_version(struct db *db);
int schema_latest(void); /* the version this program writes */
/* A large import drops table's deferrable indexes and builds them again. */
void schema_drop_indexes(struct db *db, const char *table);
void schema_build_indexes(struct db *db, const char *table);
#endif
