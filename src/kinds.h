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
	T_PAYEE, /* identity number or organisation code: stored as _org,
	         ** or as _hash, _ct, _ends like T_IDNUM */
};

enum { C_REQ = 1, C_FOLD = 2, C_KEY = 4 };

struct column {
	const char *name;    /* English header; also the SQL column */
	const char *aliases; /* accepted Chinese headers, '|'-separated */
	enum coltype type;
	int flags;
	const char *values;  /* T_ENUM: '|'-separated */
	const char *label;   /* Chinese label for tables and pages */
	const char *sql;     /* SQL column when the name is a keyword ("from") */
};

struct kind {
	const char *name;    /* file name without .csv, table name */
	const char *label;   /* Chinese */
	const char *label_en;
	const struct column *cols;
	int ncols;
	const char *order;   /* ORDER BY for export and list */
	int rank;            /* dependency order inside a bundle */
	int money;           /* a ledger record: chained, posted, never changed */
	const char *year;    /* the column that decides the year it counts for */
};

/* Kinds kept for auditors and administrators alone, imported for the
** whole store: other offices' registers, the audit checks' findings. */
int kind_for_auditors(const struct kind *k);

/* What a page calls a kind, and a column's heading: Chinese, or English
** (a column's header as words: "poor_jobs" is "Poor jobs").  Both are
** constants of this file, free of anything html would escape. */
const char *kind_label(const struct kind *k, int en);
struct buf;
void column_heading(struct buf *b, const struct column *c, int en);

extern const struct kind kinds[];
extern const int nkinds;
const struct kind *kind_find(const char *name);
int kind_col(const struct kind *k, const char *name); /* index or -1 */
/* SQL list of stored columns, in column order (T_IDNUM expands to its
** hash, ct and ends; C_FOLD adds NAME_fold). */
void kind_sql_cols(const struct kind *k, struct buf *b, int with_fold);
/* The key: one column (id, code, id_number) or several (beneficiaries). */
int kind_nkeys(const struct kind *k);
int kind_key_col(const struct kind *k);          /* the first key column */
/* "a = ? AND b = ?" over the stored key columns, for binding key values. */
void kind_key_where(const struct kind *k, struct buf *b);
const char *col_sql(const struct column *c);     /* its SQL column name */
struct db;
/* The name of a division or organisation code; NULL when there is none. */
char *party_name(struct db *db, const char *code);
/* A division's name and level (0 province ... 4 village): the store's,
** else the built-in table's (places.h); NULL and -1 when neither has it. */
char *division_name(struct db *db, const char *code);
int division_level(struct db *db, const char *code);
/* A division the built-in table has, written into the store (with the
** ancestors the store lacks, marked builtin) so that records may name it;
** a division the store has is left as it is.  Its level, or -1 when the
** table does not have it. */
int division_adopt(struct db *db, const char *code);
/* The side (east, west) of a stored division: its own, else its nearest
** ancestor's; NULL when none is known. */
char *division_side_of(struct db *db, const char *code);
int col_width(const struct column *c);           /* stored columns it takes */
/* The length of a bundle file's extension (.csv, or .xlsx), 0 for neither. */
size_t bundle_ext(const char *name);
/* The kind a bundle file is of, by its name (funds.csv, 帮扶资金.xlsx); NULL
** when the name names none. */
const struct kind *kind_of_file(const char *path);
/* The kind a file is of by its header (import_fields.c): the one kind
** whose columns it names, every required one among them (in English or
** Chinese); NULL when it fits none or several. */
const struct kind *kind_by_header(const char *path, int xlsx);

/* How a stored value is written out. */
enum shown { SHOW_EXPORT, SHOW_MASKED, SHOW_CLEAR };
struct stmt;
/* The text of column c, read from st starting at stored column *sc (which
** advances past it).  Identity numbers: SHOW_EXPORT gives the sealed token,
** SHOW_MASKED the masked form, SHOW_CLEAR the number itself.  Returns a new
** string, or NULL for an empty value. */
char *kind_value(const struct column *c, struct stmt *st, int *sc, enum shown how,
		 const struct secret *key);
#endif
