/*
** importer.h: the inside of an import (import.c and its parts), shared by
** import_fields.c (a field's and a header's reading), import_checks.c
** (each kind's checks against the store) and import_money.c (money rows:
** checked, posted and chained).  Not for use outside the import.
*/
#ifndef IMPORTER_H
#define IMPORTER_H
#include "bangfu.h"
#include "csvin.h"
#include "kinds.h"
#include "ledger.h"
#include "map.h"
#include "paysums.h"
#include "partitions.h"
#include <pthread.h>

#define MAXCOL 32
#define BATCH 512   /* rows handed from the reader to the writer at a time */
#define NBATCH 4

struct val {
	int null;
	struct buf s;   /* normalised text */
	int64_t n;      /* numbers and money (fen) */
	char hash[SECRET_HASH_LEN + 1]; /* T_IDNUM */
	char ct[SECRET_CT_LEN + 1];
	char ends[9];
	int is_org;     /* T_PAYEE: an organisation code in s, not a person */
	char *fold;     /* C_FOLD, only where it differs from s */
};

struct deferred {
	int line, col;
	char code[13], parent[13];
	char *side;
};

/* A row as the reader leaves it: normalised, sealed, folded. */
struct prow {
	int line;
	int bad;               /* the reader already reported it */
	int64_t seq;           /* money rows: the ledger entry and its hash */
	char hash[65];
	char stable_from[11];  /* workers: derived by the writer's check */
	int poor;
	struct pinfo *pi;      /* payments: the project's, once read (preload_projects) */
	struct val v[MAXCOL];
};

struct batch {
	int n, eof;
	struct prow rows[BATCH];
	struct batch *next;
};

/* Two hand-over lists: full batches to the writer, empty ones back. */
struct queue {
	pthread_mutex_t mu;
	pthread_cond_t cv;
	struct batch *full, **full_tail, *empty;
};

struct importer {
	struct db *db;
	struct secret *key;
	struct diag d;
	const struct kind *k;
	const char *path;
	int xlsx;              /* the file is a workbook */
	/* the reader thread's side: header and the batch being filled */
	int nhead;
	int map[256];          /* field index -> column index, -1 unknown */
	int present[MAXCOL];
	struct batch *fill;
	struct queue q;
	/* the writer's caches for this import */
	struct map known;      /* keys of the batch already in the store */
	struct map seen;       /* keys of the batch's rows accepted so far */
	struct map ref_ok;     /* households of the batch that exist */
	struct map pinfo;      /* project -> struct pinfo, read once */
	struct map finfo;      /* fund -> struct finfo, read once */
	struct map divs;       /* division -> struct dinfo, read once */
	struct map orgs;       /* organisation -> its division ("" for none), read once */
	struct map pairs;      /* pairings known to be stored */
	struct map people;     /* workers: identity hash -> struct person, for the batch */
	struct prow *pending[BATCH];
	int npending;
	struct stmt *ins_batch, *exists_batch, *exists_range, *ref_batch;
	struct stmt *copy_in;  /* PostgreSQL's money rows: one COPY, open while they stream */
	/* PostgreSQL's money rows are looked up (are they stored?) a batch at a
	** time until a batch has none stored; then the rest go unlooked-up and
	** a key stored already breaks the COPY: the import runs again, careful
	** (looking up every batch) */
	int optimistic, careful;
	void (*check)(struct importer *, int line); /* the kind's row checks (check_row) */
	struct stmt *q_projects; /* payments: a batch's projects at once */
	/* the writer's side (this thread): the row being stored */
	struct prow *cur;
	struct val *v;
	int row_bad;           /* errors the writer found in this row */
	struct stmt *ins, *sel;
	struct stmt *q_div, *q_org, *q_household, *q_pairing, *q_fund, *q_project, *q_person;
	struct ledger *ledger;
	int64_t seq;           /* the current money row's entry, and its hash */
	char hash[65];
	struct deferred *defer;
	int ndefer, adefer;
	long rows, added, same, updated;
	long adopted;          /* divisions lent by the built-in table */
	int year_min, year_max; /* the years of the dated rows imported */
	char today[11];
	char stable_from[11];  /* workers: derived from the row being stored */
	int poor;
	struct tally *tally;   /* sums of the workers and sales stored */
	struct paysums *paysums; /* sums of the payments stored (paysums.h) */
	struct partitions parts; /* the payments' years made sure of (partitions.h) */
	char region[13];       /* --region: every row must lie in it ("" for none) */
	int region_east;       /* the region lies on the east side */
	int registry_changed;  /* the sets of pairings of kept sums changed: tallies anew */
	int indexes_dropped;   /* this kind's deferrable indexes are built at its end */
	struct buf last_household; /* persons come grouped by household: look it up once */
	struct buf tmp;
};

#define V(name) (&im->v[kind_col(im->k, name)])
#define COLNO(name) (im->present[kind_col(im->k, name)])

/* A registered person, as a worker's check needs it. */
struct person {
	char died[11];
	int poor;
};

/* A stored division, as read once (stored divisions never change). */
struct dinfo {
	int level;
	char *side, *parent;
};

/* A stored project and fund, as money rows need them (read once). */
struct pinfo {
	char *county, *status;
	struct project_books books; /* filled at its first payment */
	struct paysums_hint sums;   /* where its payments were last summed */
};

struct finfo {
	char *to, *reverses, *date;
};

/* The stored columns of one value, as text (what is bound, compared and
** hashed); returns how many.  Numbers are bound as integers, text as is. */
static inline int stored_values(const struct column *c, const struct val *v, const char *out[4])
{
	if (c->type == T_PAYEE) {
		int org = !v->null && v->is_org;
		out[0] = org ? v->s.s : NULL;
		out[1] = v->null || org ? NULL : v->hash;
		out[2] = v->null || org ? NULL : v->ct;
		out[3] = v->null || org ? NULL : v->ends;
		return 4;
	}
	if (c->type == T_IDNUM) {
		out[0] = v->null ? NULL : v->hash;
		out[1] = v->null ? NULL : v->ct;
		out[2] = v->null ? NULL : v->ends;
		return 3;
	}
	out[0] = v->null ? NULL : v->s.s;
	return 1;
}

static inline int is_number(const struct column *c)
{
	return c->type == T_YEAR || c->type == T_COUNT || c->type == T_BOOL || c->type == T_MONEY;
}

/* import_fields.c: a field and a header, as the reader thread reads them */
int norm_field(struct importer *im, int line, int fi, const struct column *c, const char *raw, struct val *v);
int read_header(struct importer *im, int line, int nf, char **f);

/* import_checks.c: each kind's checks on the writer's side */
/* An error found while storing the current row. */
void bad(struct importer *im, int line, int col, const char *fmt, ...) __attribute__((format(printf, 4, 5)));
void check_division(struct importer *im, int line);
void check_division_parents(struct importer *im);
void check_org(struct importer *im, int line);
void check_pairing(struct importer *im, int line);
void check_household(struct importer *im, int line);
void check_person(struct importer *im, int line);
void check_register(struct importer *im, int line);
int register_until(struct importer *im, struct stmt *st);
/* findings.c: a finding's row, and one the store has: the later handled wins */
void check_finding(struct importer *im, int line);
int finding_merge(struct importer *im, struct stmt *st);
void check_project(struct importer *im, int line);
void check_beneficiary(struct importer *im, int line);
void check_worker(struct importer *im, int line);
void check_workshop(struct importer *im, int line);
void check_sale(struct importer *im, int line);
void check_investment(struct importer *im, int line);
void check_target(struct importer *im, int line);
void check_party(struct importer *im, int line, const char *col, const char *want);
void check_west_county(struct importer *im, int line, const char *col, const char *not_county);
void check_pairing_ref(struct importer *im, int line, const char *col);
void check_period(struct importer *im, int line);
int org_division(struct importer *im, const char *code, char **division);
/* A project row read again: its status forward, its steps' dates filled. */
int project_progress(struct importer *im, int line, struct stmt *st);
int target_replace(struct importer *im, struct stmt *st);
/* A division the store holds from the built-in table, replaced by the imported row. */
int division_replace(struct importer *im);
void free_dinfo(void *v);

/* import_money.c: money rows, the region, and each row's checks */
void check_row(struct importer *im, int line);
/* The projects a batch of payments names, and their books, read at once. */
void preload_projects(struct importer *im, struct batch *b);
void post_money(struct importer *im, int line);
void project_changed(struct importer *im, const char *id);
void free_pinfo(void *v);
void free_finfo(void *v);

/* import_files.c: the files an import reads, each with its kind */
struct job {
	char *path;
	char *name; /* in messages: the path, or the name the user gave the file */
	const struct kind *k;
	int xlsx;
};
struct import_file;
/* The files of one argument (a file, or a bundle folder), added to jobs;
** what is wrong with it goes to d. */
void import_collect(struct diag *d, const struct import_file *file, struct job **jobs, int *n, int *alloc);
/* The order a bundle imports in: by kind, then by name (for qsort). */
int import_job_cmp(const void *a, const void *b);
#endif
