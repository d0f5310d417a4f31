/*
** kinds.h: the one definition of every kind of record in a bundle: its
** file, its columns (English header, Chinese aliases, type, required), its
** table, its key and its export order.  Import, export, list and show all
** read these tables; nothing else spells out a column list.
*/
#ifndef KINDS_H
#define KINDS_H
#include "bangfu.h"

enum coltype {
	T_TEXT,  /* free text */
	T_ENUM,  /* one of col->values */
	T_DIV,   /* division code, normalised to 12 digits */
	T_ORG,   /* organisation code (GB 32100 or L-...) */
	T_PARTY, /* division code or organisation code */
	T_IDNUM, /* resident identity number: stored as _hash, _enc, _mask */
	T_DATE,  /* YYYY-MM-DD */
	T_YEAR,  /* 1900..2199 */
	T_COUNT, /* whole number >= 0 */
	T_BOOL,  /* 0 or 1 */
	T_MONEY, /* yuan with at most 2 decimals, stored as fen */
	T_REF,   /* the id of another record (checked by the kind) */
};

enum { C_REQ = 1, C_FOLD = 2, C_KEY = 4 };

struct column {
	const char *name;    /* English header; also the SQL column */
	const char *aliases; /* accepted Chinese headers, '|'-separated */
	enum coltype type;
	int flags;
	const char *values;  /* T_ENUM: '|'-separated */
	const char *label;   /* Chinese label for tables and pages */
};

struct kind {
	const char *name;    /* file name without .csv, table name */
	const char *label;   /* Chinese */
	const struct column *cols;
	int ncols;
	const char *order;   /* ORDER BY for export and list */
	int rank;            /* dependency order inside a bundle */
};

extern const struct kind kinds[];
extern const int nkinds;
const struct kind *kind_find(const char *name);
int kind_col(const struct kind *k, const char *name); /* index or -1 */
/* SQL list of stored columns, in column order (T_IDNUM expands to its
** hash, ct and ends; C_FOLD adds NAME_fold). */
void kind_sql_cols(const struct kind *k, struct buf *b, int with_fold);
int kind_key_col(const struct kind *k);         /* index of the key column */
const char *kind_key_sql(const struct kind *k); /* stored key column */
#endif

/* How a stored value is written out. */
enum shown { SHOW_EXPORT, SHOW_MASKED, SHOW_CLEAR };
struct stmt;
/* The text of column c, read from st starting at stored column *sc (which
** advances past it).  Identity numbers: SHOW_EXPORT gives the sealed token,
** SHOW_MASKED the masked form, SHOW_CLEAR the number itself.  Returns a new
** string, or NULL for an empty value. */
char *kind_value(const struct column *c, struct stmt *st, int *sc, enum shown how,
		 const struct secret *key);
