/*
** params.h: a command's parameters, typed and checked once.
**
** Each command that the server also runs (list, report, bulletin, trace,
** import) describes its options in a table of struct param and keeps their
** values in a struct of its own.  The command line fills that struct from
** argv (params_from_argv), the server from a request's query
** (params_from_query in web.c); both go through params_set, which checks
** and normalises a value the same way whichever way it came.  A value is
** only ever a value: the server never builds an argv, so a value that
** begins with "--" cannot be read as an option.
*/
#ifndef PARAMS_H
#define PARAMS_H
#include "cmd.h"
#include <stddef.h>

#define PARAM_TEXT_MAX 512  /* the longest text value accepted */
#define PARTY_MAX 40        /* a division code or an organisation code, with room */

enum ptype {
	P_TEXT,     /* const char *: valid UTF-8, no control characters, at most PARAM_TEXT_MAX bytes */
	P_FLAG,     /* int: 1 when given */
	P_INT,      /* int64_t within lo..hi */
	P_YEAR,     /* int, 1900..2199; 0 when absent */
	P_DATE,     /* char[11] YYYY-MM-DD (YYYY/M/D accepted); "" when absent */
	P_MONTH,    /* char[8] YYYY-MM; "" when absent */
	P_DIVISION, /* char[13]: a division code normalised to 12 digits; "" when absent */
	P_PARTY,    /* char[PARTY_MAX]: a division code (normalised) or an organisation code */
	P_FORMAT,   /* enum fmt, one of allowed ("table|csv|json"; "text" is the table) */
};

struct param {
	const char *name;     /* the option without its dashes: "as-of" (the query's "as_of") */
	enum ptype type;
	size_t off;           /* offsetof the value in the command's struct */
	const char *allowed;  /* P_FORMAT: the formats, "|"-separated */
	int64_t lo, hi;       /* P_INT */
};

/* Checks value and stores it in the struct at p.  0; -1 with the reason
** (without the option's name) in why. */
int params_set(const struct param *t, void *p, const char *value, char *why, size_t n);
/* The entry of t (nt entries) named name, NULL when none is. */
const struct param *params_find(const struct param *t, int nt, const char *name);
/* Fills p from the command line: every option of t, "--name VALUE" or
** "--name=VALUE" (a flag alone), taken out of argv; dies with
** "cmd: --name: why" on a bad value and on any other option left. */
void params_from_argv(const struct param *t, int nt, void *p, int *argc, char **argv, const char *cmd);
/* Is s valid UTF-8 of at most max bytes, without control characters? */
int text_ok(const char *s, size_t max);
/* The same, allowing line breaks and tabs (a form's pasted CSV). */
int text_lines_ok(const char *s, size_t max);

/* ---- the commands' parameters --------------------------------------- */

struct list_params {
	const char *kind;
	char in[13];          /* --in */
	char region[13];      /* the server's: the user's region, always applied as well */
	int region_east;      /* ... and it lies on the east side */
	const char *search, *sort, *output;
	int year;             /* --year: records of that year (0: all) */
	const char *pairing;  /* --pairing: records that count for it */
	const char *pairings_in; /* --pairings-in: ... for the pairings of a division, or all */
	const char *where;    /* --where COLUMN=VALUE[,...] */
	const char *min, *max; /* --min, --max: amounts in yuan */
	int64_t limit, offset;
	int clear, desc;
	enum fmt fmt;
	struct list_total *total; /* the server's: filled with the filter's totals */
};
/* What a filter keeps in all: rows, and money where the kind has some
** (reversals subtract). */
struct list_total {
	long rows;
	int64_t money;
	int has_money;
	long cap;     /* asked: count at most this many rows (0: all) */
	int capped;   /* answered: there are more than cap; rows and money unknown */
};
extern const struct param list_options[];
extern const int nlist_options;
int list_run(struct cmdctx *c, const void *params);

struct report_params {
	const char *what;     /* indicators, funds, projects, labour */
	const char *pairing, *person, *output;
	const char *batch;    /* labour: only batches whose name holds it */
	const char *by;       /* funds: "donor" for money by its source */
	char west[PARTY_MAX], east[PARTY_MAX];
	int year, from, to;
	char as_of[11];
	char through[11];     /* --through: cumulative (累计) up to that date */
	/* the server's: the user's region and its side; a pairing must lie in
	** it, and without one the report covers the region */
	char region[13];
	int region_east;
	enum fmt fmt;
};
extern const struct param report_options[];
extern const int nreport_options;
int report_run(struct cmdctx *c, const void *params);

struct bulletin_params {
	char month[8];
	int cumulative;        /* --cumulative: every year up to the month's end (累计) */
	char west[PARTY_MAX], east[PARTY_MAX];
	const char *output;
	enum fmt fmt;          /* FMT_TABLE (text), FMT_HTML, FMT_CSV or FMT_XLSX */
	const char *lang;      /* --lang zh|en: the words of the text and html */
	const char *issuer;    /* --issuer: the issuing office (发文机关) */
	const char *number;    /* --number: the document's number (文号) */
	char date[11];         /* --date: the date of issue (成文日期); "" today */
};
extern const struct param bulletin_options[];
extern const int nbulletin_options;
int bulletin_run(struct cmdctx *c, const void *params);

enum { TRACE_PLAIN, TRACE_ZH, TRACE_EN };
struct trace_params {
	const char *what;      /* fund, project, payment */
	const char *id;
	enum fmt fmt;
	int words;             /* TRACE_PLAIN: the command's own words; a page's
				** language: details in it, the record its kind */
};
int trace_run(struct cmdctx *c, const void *params);

/* One file to import: where to read it, and (from the server) its kind and
** the name the user gave it, which every message uses. */
struct import_file {
	const char *path;
	const struct kind *k; /* NULL: by the file's name, or a bundle folder */
	const char *name;     /* NULL: path */
	int xlsx;             /* with k: a workbook */
};
struct import_params {
	const struct import_file *files;
	int nfiles;
	char region[13];
	int dry;
	const char *by;       /* who imports: for the audit trail */
	const char *addr;     /* from where: an address, or "cli" */
};
int import_run(struct cmdctx *c, const void *params);
#endif
