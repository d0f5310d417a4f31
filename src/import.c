/*
** import.c: bundles and single CSV files into the store.
**
** One transaction per invocation: every file is read and every row
** checked; if any row is bad, nothing lands, every bad row is printed as
** FILE:LINE:COLUMN: reason, and the exit status is 1.  Re-importing a row
** that is already there with the same content changes nothing; the same key
** with other content is an error.
*/
#include "bangfu.h"
#include "cmd.h"
#include "csvin.h"
#include "kinds.h"
#include "ledger.h"
#include "map.h"
#include "params.h"
#include "audit.h"
#include <ctype.h>
#include <stddef.h>
#include <pthread.h>
#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include "indicator.h"
#include "tally.h"
#include "banned.h"

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
	int year_min, year_max; /* the years of the dated rows imported */
	char today[11];
	char stable_from[11];  /* workers: derived from the row being stored */
	int poor;
	struct tally *tally;   /* sums of the workers and sales stored */
	char region[13];       /* --region: every row must lie in it ("" for none) */
	int region_east;       /* the region lies on the east side */
	int registry_changed;  /* the sets of pairings of kept sums changed: tallies anew */
	int indexes_dropped;   /* this kind's deferrable indexes are built at its end */
	struct buf last_household; /* persons come grouped by household: look it up once */
	struct buf tmp;
};

/* ---- field normalisation -------------------------------------------- */

static int enum_ok(const char *values, const char *s)
{
	size_t n = strlen(s);
	for (const char *p = values; *p;) {
		const char *e = strchr(p, '|');
		size_t len = e ? (size_t)(e - p) : strlen(p);
		if (len == n && strncmp(p, s, n) == 0)
			return 1;
		if (!e)
			break;
		p = e + 1;
	}
	return 0;
}

static void list_values(struct buf *b, const char *values)
{
	for (const char *p = values; *p; p++)
		buf_adds(b, *p == '|' ? ", " : (char[]){ *p, 0 });
}

/* Checks and normalises one field into v; reports to the diag.  Runs in
** the reader thread: it touches no store, only the key and the fold table. */
static int norm_field(struct importer *im, int line, int fi, const struct column *c,
		      const char *raw, struct val *v)
{
	char why[200], tmp[32];
	v->is_org = 0;
	int ok;
	buf_reset(&v->s);
	free(v->fold);
	v->fold = NULL;
	v->n = 0;
	v->null = raw[0] == 0;
	if (v->null) {
		if (!(c->flags & C_REQ))
			return 0;
		diag_error(&im->d, line, fi, "%s: a value is required", c->name);
		return -1;
	}
	switch (c->type) {
	case T_TEXT:
	case T_REF:
		if (!utf8_valid((const unsigned char *)raw, strlen(raw), NULL)) {
			diag_error(&im->d, line, fi, "%s: not valid UTF-8 text", c->name);
			return -1;
		}
		buf_adds(&v->s, raw);
		break;
	case T_ENUM:
		if (!enum_ok(c->values, raw)) {
			struct buf b = BUF_INIT;
			list_values(&b, c->values);
			diag_error(&im->d, line, fi, "%s: '%s' is not one of: %s", c->name, raw, b.s);
			buf_release(&b);
			return -1;
		}
		buf_adds(&v->s, raw);
		break;
	case T_DIV: {
		char code[13];
		if (divcode_norm(raw, code, why, sizeof why) < 0) {
			diag_error(&im->d, line, fi, "%s: %s", c->name, why);
			return -1;
		}
		buf_adds(&v->s, code);
		break;
	}
	case T_ORG:
		if (orgcode_check(raw, &ok, why, sizeof why) < 0) {
			diag_error(&im->d, line, fi, "%s: %s", c->name, why);
			return -1;
		}
		/* warned where the organisation is defined, not at each reference */
		if (!ok && (c->flags & C_KEY))
			diag_warn(&im->d, line, fi,
				  "%s: %s fails its GB 32100 check character (expected %c); imported as given",
				  c->name, raw, uscc_check_char(raw));
		buf_adds(&v->s, raw);
		break;
	case T_PARTY: {
		size_t n = strlen(raw);
		int digits = n > 0 && strspn(raw, "0123456789") == n;
		if (digits && (n == 6 || n == 9 || n == 12)) {
			char code[13];
			if (divcode_norm(raw, code, why, sizeof why) < 0) {
				diag_error(&im->d, line, fi, "%s: %s", c->name, why);
				return -1;
			}
			buf_adds(&v->s, code);
		} else {
			if (orgcode_check(raw, &ok, why, sizeof why) < 0) {
				diag_error(&im->d, line, fi,
					   "%s: '%s' is neither a division code (6, 9 or 12 digits) nor an organisation code (%s)",
					   c->name, raw, why);
				return -1;
			}
			buf_adds(&v->s, raw);
		}
		break;
	}
	case T_PAYEE:
		v->is_org = 0;
		if (!starts_with(raw, "enc:") && idnum_check(raw, tmp, why, sizeof why) < 0) {
			if (orgcode_check(raw, &ok, why, sizeof why) < 0) {
				diag_error(&im->d, line, fi,
					   "%s: '%s' is neither an identity number nor an organisation code",
					   c->name, raw);
				return -1;
			}
			v->is_org = 1;
			buf_adds(&v->s, raw);
			break;
		}
		/* a person: as an identity number */
		__attribute__((fallthrough));
	case T_IDNUM: {
		char id[19];
		if (idnum_check(raw, id, why, sizeof why) < 0) {
			if (starts_with(raw, "enc:") && secret_open_token(im->key, raw, id) == 0)
				goto sealed;
			if (starts_with(raw, "enc:"))
				diag_error(&im->d, line, fi,
					   "%s: sealed with another store's key: import with --key naming the key file of the store that exported it, or export with --clear-ids",
					   c->name);
			else
				diag_error(&im->d, line, fi, "%s: %s", c->name, why);
			return -1;
		}
sealed:
		secret_hash(im->key, id, v->hash);
		secret_seal(im->key, id, v->ct);
		idnum_ends(id, v->ends);
		buf_adds(&v->s, v->hash);
		break;
	}
	case T_DATE:
		if (date_parse(raw, tmp, why, sizeof why) < 0) {
			diag_error(&im->d, line, fi, "%s: %s", c->name, why);
			return -1;
		}
		buf_adds(&v->s, tmp);
		break;
	case T_YEAR:
	case T_COUNT:
	case T_BOOL: {
		int64_t lo = 0, hi = INT32_MAX;
		const char *r = raw;
		if (c->type == T_YEAR)
			lo = 1900, hi = 2199;
		if (c->type == T_BOOL) {
			hi = 1;
			r = streq(raw, "是") ? "1" : streq(raw, "否") ? "0" : raw;
		}
		if (int_parse(r, lo, hi, &v->n, why, sizeof why) < 0) {
			diag_error(&im->d, line, fi, "%s: %s", c->name, why);
			return -1;
		}
		buf_addf(&v->s, "%lld", (long long)v->n);
		break;
	}
	case T_MONEY:
		if (money_parse(raw, &v->n, why, sizeof why) < 0) {
			diag_error(&im->d, line, fi, "%s: %s", c->name, why);
			return -1;
		}
		buf_addf(&v->s, "%lld", (long long)v->n);
		break;
	}
	if (c->flags & C_FOLD) {
		v->fold = fold_text(v->s.s);
		if (streq(v->fold, v->s.s)) {
			free(v->fold);
			v->fold = NULL;
		}
	}
	return 0;
}

/* ---- header --------------------------------------------------------- */

static int alias_match(const char *aliases, const char *h)
{
	return aliases && enum_ok(aliases, h);
}

/* Lower-cases ASCII, folds Traditional to Simplified and full-width
** brackets to ASCII, so that 身份證號 and 金額（元） are recognised. */
static char *header_key(const char *h)
{
	struct buf b = BUF_INIT;
	for (const char *p = h; *p; p++) {
		if (starts_with(p, "（")) {
			buf_addc(&b, '(');
			p += strlen("（") - 1;
		} else if (starts_with(p, "）")) {
			buf_addc(&b, ')');
			p += strlen("）") - 1;
		} else {
			buf_addc(&b, (char)tolower((unsigned char)*p));
		}
	}
	int ascii = 1;
	for (size_t i = 0; i < b.len; i++)
		if ((unsigned char)b.s[i] >= 0x80)
			ascii = 0;
	if (ascii)
		return buf_detach(&b);
	char *f = fold_text(b.s);
	buf_release(&b);
	return f;
}

static int read_header(struct importer *im, int line, int nf, char **f)
{
	const struct kind *k = im->k;
	int bad = 0;
	memset(im->present, 0, sizeof im->present);
	im->nhead = nf;
	for (int i = 0; i < nf; i++) {
		char *h = header_key(f[i]);
		int ci = -1;
		for (int j = 0; j < k->ncols && ci < 0; j++)
			if (strcmp(h, k->cols[j].name) == 0 || alias_match(k->cols[j].aliases, h))
				ci = j;
		if (ci < 0) {
			struct buf b = BUF_INIT;
			for (int j = 0; j < k->ncols; j++)
				buf_addf(&b, "%s%s", j ? ", " : "", k->cols[j].name);
			if (!f[i][0])
				diag_error(&im->d, line, i + 1, "column %d has no name (columns of %s.csv: %s)",
					   i + 1, k->name, b.s);
			else
				diag_error(&im->d, line, i + 1, "unknown column '%s' (columns of %s.csv: %s)",
					   f[i], k->name, b.s);
			buf_release(&b);
			bad = 1;
		} else if (im->present[ci]) {
			diag_error(&im->d, line, i + 1, "column '%s' appears twice", k->cols[ci].name);
			bad = 1;
		} else {
			im->present[ci] = i + 1;
		}
		im->map[i] = ci;
		free(h);
	}
	for (int j = 0; j < k->ncols; j++)
		if ((k->cols[j].flags & C_REQ) && !im->present[j]) {
			diag_error(&im->d, line, nf + 1, "missing required column '%s'", k->cols[j].name);
			bad = 1;
		}
	return bad ? -1 : 0;
}

/* The stored columns of one value, as text (what is bound, compared and
** hashed); returns how many.  Numbers are bound as integers, text as is. */
static int stored_values(const struct column *c, const struct val *v, const char *out[4])
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

static int is_number(const struct column *c)
{
	return c->type == T_YEAR || c->type == T_COUNT || c->type == T_BOOL || c->type == T_MONEY;
}

/* ---- kind-specific checks (the writer's side: they read the store) -- */

/* An error found while storing the current row. */
static void bad(struct importer *im, int line, int col, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
static void bad(struct importer *im, int line, int col, const char *fmt, ...)
{
	struct buf b = BUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	buf_vaddf(&b, fmt, ap);
	va_end(ap);
	diag_error(&im->d, line, col, "%s", b.s);
	buf_release(&b);
	im->row_bad++;
}

static const char *level_names[] = { "province", "city", "county", "town", "village" };

static int level_index(const char *s)
{
	for (int i = 0; i < 5; i++)
		if (streq(s, level_names[i]))
			return i;
	return -1;
}

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

static void free_dinfo(void *v)
{
	struct dinfo *d = v;
	free(d->side);
	free(d->parent);
	free(d);
}

/* Level of a stored division, -1 when absent; *side gets its own side. */
static int division_lookup(struct importer *im, const char *code, char **side, char **parent)
{
	struct dinfo *d = map_get(&im->divs, code);
	if (!d) {
		struct stmt *st = im->q_div;
		stmt_bind_text(st, 1, code);
		if (stmt_step(st)) {
			d = xcalloc(1, sizeof *d);
			d->level = level_index(stmt_text(st, 0));
			d->side = stmt_text(st, 1) ? xstrdup(stmt_text(st, 1)) : NULL;
			d->parent = stmt_text(st, 2) ? xstrdup(stmt_text(st, 2)) : NULL;
			map_put(&im->divs, code, d);
		}
		stmt_reset(st);
		if (!d)
			return -1; /* not cached: it may come later in the import */
	}
	if (side)
		*side = d->side ? xstrdup(d->side) : NULL;
	if (parent)
		*parent = d->parent ? xstrdup(d->parent) : NULL;
	return d->level;
}

/* The side of a division: its own, else its nearest ancestor's. */
static char *division_side(struct importer *im, const char *code)
{
	char *cur = xstrdup(code);
	for (int depth = 0; cur && depth < 6; depth++) {
		char *side = NULL, *parent = NULL;
		if (division_lookup(im, cur, &side, &parent) < 0) {
			free(parent);
			break;
		}
		free(cur);
		cur = parent;
		if (side) {
			free(cur);
			return side;
		}
	}
	free(cur);
	return NULL;
}

static int org_division(struct importer *im, const char *code, char **division)
{
	/* stored organisations never change: "" stands for no division */
	char *d = map_get(&im->orgs, code);
	if (!d) {
		struct stmt *st = im->q_org;
		stmt_bind_text(st, 1, code);
		if (stmt_step(st)) {
			d = xstrdup(stmt_text(st, 0) ? stmt_text(st, 0) : "");
			map_put(&im->orgs, code, d);
		}
		stmt_reset(st);
		if (!d)
			return 0;
	}
	if (division)
		*division = *d ? xstrdup(d) : NULL;
	return 1;
}

static void check_division(struct importer *im, int line)
{
	struct val *code = V("code"), *level = V("level"), *parent = V("parent");
	if (code->null || level->null)
		return;
	int lvl = level_index(level->s.s), slvl = divcode_level(code->s.s);
	if (lvl != slvl) {
		bad(im, line, COLNO("level"),
			   "level: %s is a %s code by its structure, not a %s", code->s.s,
			   level_names[slvl], level->s.s);
		return;
	}
	if (parent->null)
		return;
	int plvl = divcode_level(parent->s.s);
	if (plvl >= lvl) {
		bad(im, line, COLNO("parent"), "parent: %s is a %s, not above a %s",
			   parent->s.s, level_names[plvl], level->s.s);
		return;
	}
	int sig = divcode_sig(plvl);
	if (strncmp(code->s.s, parent->s.s, (size_t)sig) != 0) {
		bad(im, line, COLNO("parent"),
			   "parent: %s does not contain %s (their first %d digits differ)",
			   parent->s.s, code->s.s, sig);
		return;
	}
	/* The parent may come later in the same file: check at the end. */
	if (im->ndefer == im->adefer) {
		im->adefer = im->adefer ? im->adefer * 2 : 64;
		im->defer = xrealloc(im->defer, (size_t)im->adefer * sizeof *im->defer);
	}
	struct deferred *df = &im->defer[im->ndefer++];
	df->line = line;
	df->col = COLNO("parent");
	memcpy(df->code, code->s.s, 13);
	memcpy(df->parent, parent->s.s, 13);
	df->side = V("side")->null ? NULL : xstrdup(V("side")->s.s);
}

static void check_division_parents(struct importer *im)
{
	for (int i = 0; i < im->ndefer; i++) {
		struct deferred *df = &im->defer[i];
		char *pside = NULL;
		if (division_lookup(im, df->parent, NULL, NULL) < 0) {
			bad(im, df->line, df->col,
				   "parent: division %s does not exist (add it to divisions.csv)", df->parent);
		} else if (df->side && (pside = division_side(im, df->parent)) && !streq(df->side, pside)) {
			bad(im, df->line, df->col,
				   "side: %s is %s but its parent %s is %s", df->code, df->side,
				   df->parent, pside);
		}
		free(pside);
		free(df->side);
	}
	im->ndefer = 0;
}

static void check_org(struct importer *im, int line)
{
	struct val *dv = V("division");
	if (!dv->null && division_lookup(im, dv->s.s, NULL, NULL) < 0)
		bad(im, line, COLNO("division"), "division: %s does not exist", dv->s.s);
}

/* A pairing side must exist and, where its side is known, be on that side. */
static void check_party(struct importer *im, int line, const char *col, const char *want)
{
	struct val *v = V(col);
	if (v->null)
		return;
	char *side = NULL;
	const char *what = "division";
	if (strlen(v->s.s) == 12 && strspn(v->s.s, "0123456789") == 12) {
		if (division_lookup(im, v->s.s, NULL, NULL) < 0) {
			bad(im, line, COLNO(col), "%s: division %s does not exist", col, v->s.s);
			return;
		}
		side = division_side(im, v->s.s);
	} else {
		char *division = NULL;
		what = "organisation";
		if (!org_division(im, v->s.s, &division)) {
			bad(im, line, COLNO(col), "%s: organisation %s does not exist", col, v->s.s);
			return;
		}
		if (division)
			side = division_side(im, division);
		free(division);
	}
	if (side && !streq(side, want))
		bad(im, line, COLNO(col), "%s: %s %s lies on the %s side", col, what,
			   v->s.s, side);
	free(side);
}

static void check_pairing(struct importer *im, int line)
{
	check_party(im, line, "east", "east");
	check_party(im, line, "west", "west");
	struct val *e = V("east"), *w = V("west"), *a = V("since"), *b = V("until");
	if (!e->null && !w->null && streq(e->s.s, w->s.s))
		bad(im, line, COLNO("west"), "west: a side cannot be paired with itself");
	if (!a->null && !b->null && strcmp(b->s.s, a->s.s) < 0)
		bad(im, line, COLNO("until"), "until: %s is before since %s", b->s.s, a->s.s);
}

static void check_household(struct importer *im, int line)
{
	struct val *vil = V("village"), *reg = V("registered"), *ex = V("exited");
	if (!vil->null) {
		int lvl = division_lookup(im, vil->s.s, NULL, NULL);
		if (lvl < 0)
			bad(im, line, COLNO("village"), "village: %s does not exist", vil->s.s);
		else if (lvl != 4)
			bad(im, line, COLNO("village"), "village: %s is a %s, not a village",
				   vil->s.s, level_names[lvl]);
	}
	if (!reg->null && !ex->null && ex->n < reg->n)
		bad(im, line, COLNO("exited"), "exited: %lld is before registered %lld",
			   (long long)ex->n, (long long)reg->n);
}

static void check_person(struct importer *im, int line)
{
	struct val *hh = V("household"), *died = V("died");
	if (!hh->null && !map_get(&im->ref_ok, hh->s.s) && !streq(hh->s.s, im->last_household.s)) {
		struct stmt *st = im->q_household;
		stmt_bind_text(st, 1, hh->s.s);
		if (stmt_step(st)) {
			buf_reset(&im->last_household);
			buf_adds(&im->last_household, hh->s.s);
		} else {
			bad(im, line, COLNO("household"), "household: %s does not exist",
				   hh->s.s);
		}
		stmt_reset(st);
	}
	if (!died->null && strcmp(died->s.s, im->today) > 0)
		bad(im, line, COLNO("died"), "died: %s is in the future", died->s.s);
}

/* ---- projects ----------------------------------------------------- */

static const char *const statuses[] = { "planned", "approved", "started", "completed",
					"accepted", "settled", "cancelled" };
static const char *const step_dates[] = { NULL, NULL, "started", "completed", "accepted", "settled" };

static int status_rank(const char *s)
{
	for (int i = 0; i < (int)ARRAY_SIZE(statuses); i++)
		if (streq(s, statuses[i]))
			return i;
	return -1;
}

/* Column col must name an existing western county; not_county ends the
** message for a division of another level. */
static void check_west_county(struct importer *im, int line, const char *col, const char *not_county)
{
	const char *code = V(col)->s.s;
	int lvl = division_lookup(im, code, NULL, NULL);
	if (lvl < 0) {
		bad(im, line, COLNO(col), "%s: %s does not exist", col, code);
	} else if (lvl != 2) {
		bad(im, line, COLNO(col), "%s: %s is a %s%s", col, code, level_names[lvl], not_county);
	} else {
		char *side = division_side(im, code);
		if (side && !streq(side, "west"))
			bad(im, line, COLNO(col), "%s: %s lies on the %s side", col, code, side);
		free(side);
	}
}

static void check_project(struct importer *im, int line)
{
	struct val *county = V("county"), *vil = V("village"), *pairing = V("pairing");
	check_west_county(im, line, "county", ", not a county");
	if (!vil->null) {
		int vl = division_lookup(im, vil->s.s, NULL, NULL);
		if (vl < 0)
			bad(im, line, COLNO("village"), "village: %s does not exist", vil->s.s);
		else if (vl != 4)
			bad(im, line, COLNO("village"), "village: %s is a %s, not a village", vil->s.s,
			    level_names[vl]);
		else if (strncmp(vil->s.s, county->s.s, 6) != 0)
			bad(im, line, COLNO("village"), "village: %s does not lie in county %s", vil->s.s,
			    county->s.s);
	}
	if (!pairing->null) {
		stmt_bind_text(im->q_pairing, 1, pairing->s.s);
		if (!stmt_step(im->q_pairing))
			bad(im, line, COLNO("pairing"), "pairing: %s does not exist", pairing->s.s);
		stmt_reset(im->q_pairing);
	}
	/* a step's date only once the project has reached that step */
	int rank = status_rank(V("status")->s.s);
	const char *prev = NULL, *prevname = NULL;
	for (int i = 2; i < (int)ARRAY_SIZE(step_dates); i++) {
		struct val *d = V(step_dates[i]);
		if (d->null)
			continue;
		if (rank < i && rank != 6)
			bad(im, line, COLNO(step_dates[i]), "%s: a project that is %s has no %s date yet",
			    step_dates[i], statuses[rank], step_dates[i]);
		if (prev && strcmp(d->s.s, prev) < 0)
			bad(im, line, COLNO(step_dates[i]), "%s: %s is before %s %s", step_dates[i], d->s.s,
			    prevname, prev);
		prev = d->s.s;
		prevname = step_dates[i];
	}
}

static void project_changed(struct importer *im, const char *id);

static int project_progress(struct importer *im, int line, struct stmt *st)
{
	const struct kind *k = im->k;
	int sc = 0, status_col = kind_col(k, "status");
	for (int i = 0; i < k->ncols; i++, sc++) {
		const struct column *c = &k->cols[i];
		int is_date = streq(c->name, "started") || streq(c->name, "completed") ||
			      streq(c->name, "accepted") || streq(c->name, "settled");
		if (i == status_col || is_date)
			continue;
		const char *sv[4];
		stored_values(c, &im->v[i], sv);
		if (!streq(stmt_text(st, sc), sv[0]))
			return 0; /* another change: compare_existing reports it */
	}
	const char *old = stmt_text(st, status_col), *now = V("status")->s.s;
	int ro = status_rank(old), rn = status_rank(now);
	if (ro == 6 && rn != 6) {
		bad(im, line, COLNO("status"), "status: project %s is cancelled and cannot move again",
		    V("id")->s.s);
		return 1;
	}
	if (rn == 6 && ro == 5) {
		bad(im, line, COLNO("status"), "status: project %s is settled and cannot be cancelled",
		    V("id")->s.s);
		return 1;
	}
	if (rn != 6 && rn < ro) {
		bad(im, line, COLNO("status"),
		    "status: only moves forward (planned, approved, started, completed, accepted, settled) or to cancelled: "
		    "project %s is %s, this row says %s", V("id")->s.s, old, now);
		return 1;
	}
	int changed = rn != ro;
	for (int i = 2; i < (int)ARRAY_SIZE(step_dates); i++) {
		int col = kind_col(k, step_dates[i]);
		const char *have = stmt_text(st, col);
		struct val *d = &im->v[col];
		if (d->null)
			continue;
		if (have && !streq(have, d->s.s)) {
			bad(im, line, im->present[col], "%s: project %s was %s on %s, not %s", step_dates[i],
			    V("id")->s.s, step_dates[i], have, d->s.s);
			return 1;
		}
		changed |= !have;
	}
	if (!changed)
		return 1;
	struct stmt *up = db_prepare(im->db,
		"UPDATE projects SET status = ?, started = COALESCE(started, ?), "
		"completed = COALESCE(completed, ?), accepted = COALESCE(accepted, ?), "
		"settled = COALESCE(settled, ?) WHERE id = ?");
	stmt_bind_text(up, 1, now);
	for (int i = 2; i < (int)ARRAY_SIZE(step_dates); i++) {
		struct val *d = V(step_dates[i]);
		stmt_bind_text(up, i, d->null ? NULL : d->s.s);
	}
	stmt_bind_text(up, 6, V("id")->s.s);
	stmt_step(up);
	stmt_finalize(up);
	project_changed(im, V("id")->s.s);
	im->updated++;
	return 1;
}

static void check_beneficiary(struct importer *im, int line)
{
	stmt_bind_text(im->q_project, 1, V("project")->s.s);
	if (!stmt_step(im->q_project))
		bad(im, line, COLNO("project"), "project: %s does not exist", V("project")->s.s);
	stmt_reset(im->q_project);
	stmt_bind_text(im->q_household, 1, V("household")->s.s);
	if (!stmt_step(im->q_household))
		bad(im, line, COLNO("household"), "household: %s does not exist", V("household")->s.s);
	stmt_reset(im->q_household);
}

/* ---- cooperation records and targets ------------------------------ */

static void check_pairing_ref(struct importer *im, int line, const char *col)
{
	struct val *v = V(col);
	if (v->null || map_get(&im->pairs, v->s.s))
		return;
	stmt_bind_text(im->q_pairing, 1, v->s.s);
	if (!stmt_step(im->q_pairing))
		bad(im, line, COLNO(col), "%s: pairing %s does not exist", col, v->s.s);
	else
		map_put(&im->pairs, v->s.s, im); /* stored pairings stay */
	stmt_reset(im->q_pairing);
}

/* Column col, when given, must name a division that exists; want is the
** level it must have, or -1 for any. */
static void check_division_ref(struct importer *im, int line, const char *col, int want)
{
	struct val *v = V(col);
	if (v->null)
		return;
	int lvl = division_lookup(im, v->s.s, NULL, NULL);
	if (lvl < 0)
		bad(im, line, COLNO(col), "%s: %s does not exist", col, v->s.s);
	else if (want >= 0 && lvl != want)
		bad(im, line, COLNO(col), "%s: %s is a %s, not a %s", col, v->s.s, level_names[lvl],
		    level_names[want]);
}

static void check_org_ref(struct importer *im, int line, const char *col)
{
	struct val *v = V(col);
	if (!v->null && !org_division(im, v->s.s, NULL))
		bad(im, line, COLNO(col), "%s: organisation %s does not exist", col, v->s.s);
}

static void check_period(struct importer *im, int line)
{
	struct val *a = V("start"), *b = V("end");
	if (!a->null && !b->null && strcmp(b->s.s, a->s.s) < 0)
		bad(im, line, COLNO("end"), "end: %s is before start %s", b->s.s, a->s.s);
}

static void check_worker(struct importer *im, int line)
{
	check_west_county(im, line, "origin", ", not a county (origin is the worker's home county)");
	check_division_ref(im, line, "destination", -1);
	check_org_ref(im, line, "employer");
	check_period(im, line);
	/* a person the registry records as dead cannot be moved */
	struct val *id = V("id_number"), *start = V("start");
	im->poor = 0;
	const struct person *p = map_get(&im->people, id->hash);
	if (p) {
		if (p->died[0] && strcmp(p->died, start->s.s) <= 0)
			bad(im, line, COLNO("start"), "start: the person was recorded as dead on %s, before %s",
			    p->died, start->s.s);
		im->poor = p->poor;
	}
	date_add_months(start->s.s, 3, im->stable_from);
}

static void check_workshop(struct importer *im, int line)
{
	check_division_ref(im, line, "village", 4);
	check_org_ref(im, line, "org");
	if (V("poor_jobs")->n > V("jobs")->n)
		bad(im, line, COLNO("poor_jobs"), "poor_jobs: %lld is more than its %lld jobs",
		    (long long)V("poor_jobs")->n, (long long)V("jobs")->n);
}

static void check_sale(struct importer *im, int line)
{
	check_party(im, line, "seller", "west");
	check_party(im, line, "buyer", "east");
	check_pairing_ref(im, line, "pairing");
}

static void check_investment(struct importer *im, int line)
{
	check_party(im, line, "org", "east");
	check_west_county(im, line, "county", ", not a county");
	check_pairing_ref(im, line, "pairing");
}

/* A target must name an indicator; it is a count, or yuan for money. */
static void check_target(struct importer *im, int line)
{
	check_pairing_ref(im, line, "pairing");
	struct val *ind = V("indicator"), *t = V("target");
	int i = indicator_find(ind->s.s);
	if (i < 0) {
		struct buf names = BUF_INIT;
		for (int j = 0; j < nindicators; j++)
			buf_addf(&names, "%s%s", j ? ", " : "", indicators[j].name);
		bad(im, line, COLNO("indicator"), "indicator: '%s' is not an indicator (one of %s)", ind->s.s,
		    names.s);
		buf_release(&names);
		return;
	}
	char why[128], norm[32];
	int64_t n;
	if (indicators[i].unit == IND_MONEY) {
		if (money_parse(t->s.s, &n, why, sizeof why) < 0) {
			bad(im, line, COLNO("target"), "target: %s", why);
			return;
		}
		money_format(n, norm);
	} else {
		if (int_parse(t->s.s, 0, INT64_MAX, &n, why, sizeof why) < 0) {
			bad(im, line, COLNO("target"), "target: %s is a count: %s", ind->s.s, why);
			return;
		}
		snprintf(norm, sizeof norm, "%lld", (long long)n);
	}
	if (n < 0) {
		bad(im, line, COLNO("target"), "target: must not be negative");
		return;
	}
	buf_reset(&t->s);
	buf_adds(&t->s, norm);
	t->n = n;
}

/* A target read again replaces the one stored (targets are plans). */
static int target_replace(struct importer *im, struct stmt *st)
{
	if (streq(stmt_text(st, 3), V("target")->s.s))
		return 0;
	struct stmt *up = db_prepare(im->db,
		"UPDATE targets SET target = ? WHERE year = ? AND pairing = ? AND indicator = ?");
	stmt_bind_text(up, 1, V("target")->s.s);
	stmt_bind_int(up, 2, V("year")->n);
	stmt_bind_text(up, 3, V("pairing")->s.s);
	stmt_bind_text(up, 4, V("indicator")->s.s);
	stmt_step(up);
	stmt_finalize(up);
	im->updated++;
	return 1;
}

/* ---- money: checked, then posted and chained ------------------------- */

struct pinfo {
	char *county, *status;
	struct project_books books; /* filled at its first payment */
};

struct finfo {
	char *to, *reverses;
};

static void free_pinfo(void *v)
{
	struct pinfo *p = v;
	if (p) {
		free(p->county);
		free(p->status);
		free(p);
	}
}

static void free_finfo(void *v)
{
	struct finfo *f = v;
	if (f) {
		free(f->to);
		free(f->reverses);
		free(f);
	}
}

/* A project's county and status, read once (NULL when there is none). */
static struct pinfo *project_info(struct importer *im, const char *id)
{
	struct pinfo *p = map_get(&im->pinfo, id);
	if (p)
		return p;
	stmt_bind_text(im->q_project, 1, id);
	if (stmt_step(im->q_project)) {
		p = xcalloc(1, sizeof *p);
		p->county = xstrdup(stmt_text(im->q_project, 0));
		p->status = xstrdup(stmt_text(im->q_project, 1));
		map_put(&im->pinfo, id, p);
	}
	stmt_reset(im->q_project);
	return p;
}

/* A project row was stored or changed: read it again when next needed. */
static void project_changed(struct importer *im, const char *id)
{
	struct pinfo *p = map_get(&im->pinfo, id);
	if (p) {
		free_pinfo(p);
		map_put(&im->pinfo, id, NULL);
	}
}

static struct finfo *fund_info(struct importer *im, const char *id)
{
	struct finfo *f = map_get(&im->finfo, id);
	if (f)
		return f;
	stmt_bind_text(im->q_fund, 1, id);
	if (stmt_step(im->q_fund)) {
		f = xmalloc(sizeof *f);
		f->to = xstrdup(stmt_text(im->q_fund, 0));
		f->reverses = stmt_text(im->q_fund, 1) ? xstrdup(stmt_text(im->q_fund, 1)) : NULL;
		map_put(&im->finfo, id, f);
	}
	stmt_reset(im->q_fund);
	return f;
}

static void yuan(int64_t fen, char out[48])
{
	char m[32];
	money_format(fen, m);
	snprintf(out, 48, "%s yuan", m);
}

static int check_reversal_with(struct importer *im, int line, struct stmt *orig, const char *const *same);

/* The row this one reverses, if it does: it must exist, not be a reversal
** itself, not be reversed already, and agree on the given columns.
** Returns 1 when the row is a valid reversal, 0 when it is no reversal,
** -1 on error. */
static int check_reversal(struct importer *im, int line, const char *sql, const char *const *same)
{
	struct val *rev = V("reverses");
	if (rev->null)
		return 0;
	struct stmt *orig = db_prepare(im->db, sql);
	int rc = check_reversal_with(im, line, orig, same);
	stmt_finalize(orig);
	return rc;
}

static int check_reversal_with(struct importer *im, int line, struct stmt *orig, const char *const *same)
{
	struct val *rev = V("reverses");
	const char *k = im->k->name;
	int col = COLNO("reverses");
	if (streq(rev->s.s, V("id")->s.s)) {
		bad(im, line, col, "reverses: a row cannot reverse itself");
		return -1;
	}
	stmt_bind_text(orig, 1, rev->s.s);
	if (!stmt_step(orig)) {
		stmt_reset(orig);
		bad(im, line, col, "reverses: %s %s does not exist", k, rev->s.s);
		return -1;
	}
	int rc = 1;
	/* orig selects: reverses, amount, then the columns named in same */
	if (stmt_text(orig, 0)) {
		bad(im, line, col, "reverses: %s is itself a reversal (of %s)", rev->s.s, stmt_text(orig, 0));
		rc = -1;
	} else if (stmt_int(orig, 1) != V("amount")->n) {
		char a[48], b[48];
		yuan(stmt_int(orig, 1), a);
		yuan(V("amount")->n, b);
		bad(im, line, COLNO("amount"), "amount: a reversal repeats the amount it cancels (%s), not %s", a, b);
		rc = -1;
	} else {
		for (int i = 0; same[i]; i++) {
			/* s holds the value, or for a person the look-up hash */
			struct val *v = V(same[i]);
			if (!streq(stmt_text(orig, 2 + i), v->null ? NULL : v->s.s)) {
				bad(im, line, COLNO(same[i]), "%s: differs from the row it reverses (%s)", same[i],
				    rev->s.s);
				rc = -1;
				break;
			}
		}
	}
	stmt_reset(orig);
	if (rc < 0)
		return rc;
	struct buf q = BUF_INIT;
	buf_addf(&q, "SELECT id FROM %s WHERE reverses = ?", k);
	char *by = db_text(im->db, q.s, rev->s.s, (char *)NULL);
	buf_release(&q);
	if (by) {
		bad(im, line, col, "reverses: %s is already cancelled by %s", rev->s.s, by);
		free(by);
		return -1;
	}
	return 1;
}

static char *account(const char *kind, const char *id)
{
	size_t k = strlen(kind), n = strlen(id);
	char *s = xmalloc(k + n + 2);
	memcpy(s, kind, k);
	s[k] = ':';
	memcpy(s + k + 1, id, n + 1);
	return s;
}

static void check_amount(struct importer *im, int line)
{
	if (V("amount")->n <= 0)
		bad(im, line, COLNO("amount"), "amount: must be more than 0 (a correction is a reversing row)");
}

static void money_fund(struct importer *im, int line)
{
	struct val *to = V("to"), *pairing = V("pairing");
	check_amount(im, line);
	check_party(im, line, "from", "east");
	check_west_county(im, line, "to", "; funds go to a western county");
	if (!pairing->null) {
		stmt_bind_text(im->q_pairing, 1, pairing->s.s);
		if (!stmt_step(im->q_pairing)) {
			bad(im, line, COLNO("pairing"), "pairing: %s does not exist", pairing->s.s);
		} else {
			const char *west = stmt_text(im->q_pairing, 1);
			int wl = divcode_level(west);
			if (wl >= 0 && strncmp(west, to->s.s, (size_t)divcode_sig(wl)) != 0 &&
			    strncmp(west, to->s.s, 6) != 0)
				bad(im, line, COLNO("pairing"), "pairing: %s's west side %s does not contain %s",
				    pairing->s.s, west, to->s.s);
		}
		stmt_reset(im->q_pairing);
	}
	static const char *const same[] = { "kind", "from", "to", NULL };
	int rev = check_reversal(im, line, "SELECT reverses, amount, kind, from_, to_ FROM funds WHERE id = ?", same);
	if (im->row_bad || rev < 0)
		return;
	int64_t a = V("amount")->n;
	char *src = account("source", V("from")->s.s);
	char *fund = account("fund", rev ? V("reverses")->s.s : V("id")->s.s);
	if (rev) {
		int64_t left = ledger_balance(im->ledger, fund);
		if (left < a) {
			char l[48];
			yuan(left, l);
			bad(im, line, COLNO("reverses"),
			    "reverses: fund %s has only %s not yet allocated: reverse its allocations first",
			    V("reverses")->s.s, l);
		} else {
			ledger_post(im->ledger, src, fund, a);
		}
	} else {
		ledger_post(im->ledger, fund, src, a);
	}
	free(src);
	free(fund);
}

static void money_allocation(struct importer *im, int line)
{
	struct val *fv = V("fund"), *pv = V("project");
	check_amount(im, line);
	struct finfo *fi = fund_info(im, fv->s.s);
	struct pinfo *pi = project_info(im, pv->s.s);
	int have_fund = fi != NULL, have_project = pi != NULL;
	const char *fund_to = fi ? fi->to : NULL, *fund_rev = fi ? fi->reverses : NULL;
	const char *county = pi ? pi->county : NULL, *status = pi ? pi->status : NULL;
	if (!have_fund)
		bad(im, line, COLNO("fund"), "fund: %s does not exist", fv->s.s);
	else if (fund_rev)
		bad(im, line, COLNO("fund"), "fund: %s is a reversal of %s, not money to allocate", fv->s.s, fund_rev);
	if (!have_project)
		bad(im, line, COLNO("project"), "project: %s does not exist", pv->s.s);
	if (have_fund && have_project && !streq(fund_to, county))
		bad(im, line, COLNO("project"), "project: %s is in county %s, fund %s is for county %s",
		    pv->s.s, county, fv->s.s, fund_to);
	static const char *const same[] = { "fund", "project", NULL };
	int rev = im->row_bad ? -1 :
		check_reversal(im, line, "SELECT reverses, amount, fund, project FROM allocations WHERE id = ?", same);
	if (!rev && status && streq(status, "cancelled"))
		bad(im, line, COLNO("project"), "project: %s is cancelled", pv->s.s);
	if (!im->row_bad && rev >= 0) {
		int64_t a = V("amount")->n;
		char *fa = account("fund", fv->s.s), *pa = account("project", pv->s.s);
		char l[48];
		if (!rev) {
			int64_t left = ledger_balance(im->ledger, fa);
			if (left < a) {
				yuan(left, l);
				bad(im, line, COLNO("amount"), "amount: fund %s has only %s left to allocate",
				    fv->s.s, l);
			} else {
				ledger_post(im->ledger, pa, fa, a);
				ledger_flow_allocate(im->ledger, fv->s.s, pv->s.s, a, ledger_next(im->ledger));
			}
		} else {
			int64_t paid, alloc = ledger_flow_allocated(im->ledger, fv->s.s, pv->s.s, &paid);
			if (alloc - a < paid) {
				yuan(paid, l);
				bad(im, line, COLNO("reverses"),
				    "reverses: project %s has already paid out %s of fund %s: reverse those payments first",
				    pv->s.s, l, fv->s.s);
			} else {
				ledger_post(im->ledger, fa, pa, a);
				ledger_flow_allocate(im->ledger, fv->s.s, pv->s.s, -a, ledger_next(im->ledger));
			}
		}
		free(fa);
		free(pa);
	}
}

static void money_payment(struct importer *im, int line)
{
	struct val *pv = V("project"), *payee = V("payee");
	check_amount(im, line);
	struct pinfo *pi = project_info(im, pv->s.s);
	const char *status = pi ? pi->status : NULL;
	if (!pi)
		bad(im, line, COLNO("project"), "project: %s does not exist", pv->s.s);
	if (payee->is_org && !org_division(im, payee->s.s, NULL))
		bad(im, line, COLNO("payee"), "payee: organisation %s does not exist", payee->s.s);
	static const char *const same[] = { "project", "payee", NULL };
	/* a payee's stored key is its org code or its hash: compare that */
	int rev = im->row_bad ? -1 :
		check_reversal(im, line,
			       "SELECT reverses, amount, project, COALESCE(payee_org, payee_hash) FROM payments WHERE id = ?",
			       same);
	if (!rev && status && streq(status, "cancelled"))
		bad(im, line, COLNO("project"), "project: %s is cancelled", pv->s.s);
	if (!im->row_bad && rev >= 0) {
		int64_t a = V("amount")->n;
		if (!pi->books.owed)
			ledger_project_books(im->ledger, pv->s.s, &pi->books);
		if (!rev) {
			int64_t left = ledger_owed(&pi->books);
			if (left < a) {
				char l[48];
				yuan(left, l);
				bad(im, line, COLNO("amount"),
				    "amount: project %s has only %s allocated and not yet paid", pv->s.s, l);
			} else {
				ledger_pay(&pi->books, a);
			}
		} else {
			ledger_unpay(&pi->books, a);
		}
	}
}

/* Posts the current money row and gives it its entry and hash. */
static void post_money(struct importer *im, int line)
{
	const char *n = im->k->name;
	if (streq(n, "funds"))
		money_fund(im, line);
	else if (streq(n, "allocations"))
		money_allocation(im, line);
	else
		money_payment(im, line);
	if (im->row_bad)
		return;
	const char *vals[64];
	int nv = 0;
	for (int i = 0; i < im->k->ncols; i++)
		nv += stored_values(&im->k->cols[i], &im->v[i], vals + nv);
	struct buf content = BUF_INIT;
	ledger_content(n, vals, nv, ledger_next(im->ledger), &content);
	im->seq = ledger_append(im->ledger, content.s, content.len, im->hash);
	buf_release(&content);
}

/* Does division or organisation code lie in the import's region? */
static int in_region(struct importer *im, const char *code)
{
	char *d = NULL;
	if (!code)
		return 0;
	if (!(strlen(code) == 12 && strspn(code, "0123456789") == 12)) {
		if (!org_division(im, code, &d) || !d)
			return 0;
		code = d;
	}
	int lvl = divcode_level(im->region);
	int ok = lvl >= 0 && strncmp(code, im->region, (size_t)divcode_sig(lvl)) == 0;
	free(d);
	return ok;
}

/*
** An import limited to a region (--region: a county clerk's) writes only
** records whose place lies in it: a project's county, a fund's county, the
** county of the project an allocation, payment or beneficiary belongs to,
** a household's village or a person's household's, a worker's home county,
** a workshop's village, a sale's seller, an investment's county, the side
** of the pairing of an exchange, training, event or target that lies on
** the region's side; divisions, organisations and pairings in it.
*/
static void check_region(struct importer *im, int line)
{
	const char *n = im->k->name, *col = NULL;
	char *place = NULL;
	static const char *const direct[][2] = {
		{ "divisions", "code" }, { "orgs", "division" }, { "households", "village" },
		{ "projects", "county" }, { "funds", "to" }, { "workers", "origin" }, { "workshops", "village" },
		{ "sales", "seller" }, { "investments", "county" },
	};
	for (size_t i = 0; i < ARRAY_SIZE(direct); i++)
		if (streq(n, direct[i][0]))
			col = direct[i][1];
	if (col) {
		place = V(col)->null ? NULL : xstrdup(V(col)->s.s);
	} else if (streq(n, "pairings")) {
		col = im->region_east ? "east" : "west";
		place = xstrdup(V(col)->s.s);
	} else if (streq(n, "allocations") || streq(n, "payments") || streq(n, "beneficiaries")) {
		col = "project";
		struct pinfo *p = project_info(im, V(col)->s.s);
		place = p ? xstrdup(p->county) : NULL;
	} else if (streq(n, "persons")) {
		col = "household";
		place = db_text(im->db, "SELECT village FROM households WHERE id = ?", V(col)->s.s, (char *)NULL);
	} else {
		col = "pairing";
		stmt_bind_text(im->q_pairing, 1, V(col)->s.s);
		if (stmt_step(im->q_pairing))
			place = xstrdup(stmt_text(im->q_pairing, im->region_east ? 0 : 1));
		stmt_reset(im->q_pairing);
	}
	if (!in_region(im, place))
		bad(im, line, COLNO(col), "%s: %s lies outside %s, the region this import may write", col,
		    place ? place : V(col)->s.s, im->region);
	free(place);
}

static void check_row(struct importer *im, int line)
{
	const char *n = im->k->name;
	if (streq(n, "divisions"))
		check_division(im, line);
	else if (streq(n, "orgs"))
		check_org(im, line);
	else if (streq(n, "pairings"))
		check_pairing(im, line);
	else if (streq(n, "households"))
		check_household(im, line);
	else if (streq(n, "persons"))
		check_person(im, line);
	else if (streq(n, "projects"))
		check_project(im, line);
	else if (streq(n, "beneficiaries"))
		check_beneficiary(im, line);
	else if (streq(n, "workers"))
		check_worker(im, line);
	else if (streq(n, "workshops"))
		check_workshop(im, line);
	else if (streq(n, "sales"))
		check_sale(im, line);
	else if (streq(n, "investments"))
		check_investment(im, line);
	else if (streq(n, "exchanges")) {
		check_pairing_ref(im, line, "pairing");
		check_period(im, line);
	} else if (streq(n, "trainings") || streq(n, "events"))
		check_pairing_ref(im, line, "pairing");
	else if (streq(n, "targets"))
		check_target(im, line);
	if (im->region[0] && !im->row_bad)
		check_region(im, line);
}

/* ---- storing -------------------------------------------------------- */

/* From how many rows an import is a bulk one (tests set it low). */
#define ROW_BYTES 64 /* a payment row takes some 60-80 bytes */
static int64_t bulk_rows(void)
{
	const char *min = getenv("BANGFU_BULK_ROWS");
	return min ? atoll(min) : 200000;
}

/*
** A payments file larger than what is stored (and of some size) is stored
** without the secondary indexes, which are built again, sorted, at its end.
*/
static void maybe_drop_indexes(struct importer *im)
{
	struct stat sb;
	im->indexes_dropped = 0;
	if (!streq(im->k->name, "payments") || stat(im->path, &sb) != 0)
		return;
	int64_t rows = (int64_t)sb.st_size / ROW_BYTES;
	int64_t stored = db_int(im->db, 0, "SELECT COALESCE(MAX(seq), 0) FROM payments", (char *)NULL);
	if (rows < bulk_rows() || rows < stored)
		return;
	schema_drop_indexes(im->db, "payments");
	im->indexes_dropped = 1;
}

static void prepare_kind(struct importer *im)
{
	const struct kind *k = im->k;
	maybe_drop_indexes(im);
	struct buf sql = BUF_INIT, q = BUF_INIT;
	buf_addf(&sql, "INSERT INTO %s(", k->name);
	kind_sql_cols(k, &sql, 1);
	if (k->money)
		buf_adds(&sql, ", seq, hash");
	if (streq(k->name, "workers"))
		buf_adds(&sql, ", stable_from, poor");
	buf_adds(&sql, ") VALUES(");
	int n = k->money || streq(k->name, "workers") ? 2 : 0;
	for (int i = 0; i < k->ncols; i++)
		n += col_width(&k->cols[i]) + ((k->cols[i].flags & C_FOLD) ? 1 : 0);
	struct buf row = BUF_INIT;
	buf_adds(&row, "(");
	for (int i = 0; i < n; i++)
		buf_adds(&row, i ? ", ?" : "?");
	buf_adds(&row, ")");
	size_t head = sql.len - strlen(" VALUES(");
	buf_adds(&sql, row.s + 1);
	buf_adds(&sql, " ON CONFLICT DO NOTHING");
	im->ins = db_prepare(im->db, sql.s);
	/* the same, for a whole batch at once */
	sql.len = head;
	sql.s[head] = 0;
	buf_adds(&sql, " VALUES ");
	for (int r = 0; r < BATCH; r++) {
		if (r)
			buf_adds(&sql, ", ");
		buf_adds(&sql, row.s);
	}
	buf_adds(&sql, " ON CONFLICT DO NOTHING");
	/* Whole batches pay off where each statement is a round trip
	** (PostgreSQL).  In SQLite a row costs no round trip, and a statement
	** of many rows would copy every page it touches into its statement
	** journal: rows go one at a time there. */
	im->ins_batch = db_engine(im->db) == DB_PG ? db_prepare(im->db, sql.s) : NULL;
	buf_release(&row);
	/* which of a batch's keys are stored already (money rows look before
	** they post; other rows learn it from the insert) */
	im->exists_batch = im->exists_range = NULL;
	if (kind_nkeys(k) == 1 && k->money) {
		const struct column *kc = &k->cols[kind_key_col(k)];
		buf_reset(&row);
		buf_addf(&row, "SELECT %s%s FROM %s WHERE %s%s IN (", col_sql(kc),
			 kc->type == T_IDNUM ? "_hash" : "", k->name, col_sql(kc), kc->type == T_IDNUM ? "_hash" : "");
		for (int r = 0; r < BATCH; r++)
			buf_adds(&row, r ? ", ?" : "?");
		buf_adds(&row, ")");
		im->exists_batch = db_prepare(im->db, row.s);
		/* SQLite compares text byte by byte, as strcmp does: the keys
		** stored between a batch's least and greatest key are one range
		** scan, usually empty when keys come in order */
		if (db_engine(im->db) == DB_SQLITE) {
			buf_reset(&row);
			buf_addf(&row, "SELECT %s FROM %s WHERE %s BETWEEN ? AND ? LIMIT %d", col_sql(kc),
				 k->name, col_sql(kc), 2 * BATCH + 1);
			im->exists_range = db_prepare(im->db, row.s);
		}
		buf_release(&row);
	}
	buf_adds(&q, "SELECT ");
	kind_sql_cols(k, &q, 0);
	buf_addf(&q, " FROM %s WHERE ", k->name);
	kind_key_where(k, &q);
	im->sel = db_prepare(im->db, q.s);
	buf_release(&sql);
	buf_release(&q);
}

static void bind_val(struct stmt *st, int *i, const struct column *c, const struct val *v)
{
	const char *sv[4];
	int n = stored_values(c, v, sv);
	if (n == 1 && !v->null && is_number(c))
		stmt_bind_int(st, (*i)++, v->n);
	else
		for (int k = 0; k < n; k++)
			stmt_bind_text_ref(st, (*i)++, sv[k]);
	if (c->flags & C_FOLD)
		stmt_bind_text_ref(st, (*i)++, v->fold);
}

/* Binds the row's key values to a statement made with kind_key_where. */
static void bind_key(struct importer *im, struct stmt *st)
{
	int b = 1;
	for (int i = 0; i < im->k->ncols; i++)
		if (im->k->cols[i].flags & C_KEY) {
			const char *sv[4];
			stored_values(&im->k->cols[i], &im->v[i], sv);
			stmt_bind_text_ref(st, b++, sv[0]);
		}
}

/* How the key is shown in messages. */
static void key_shown(struct importer *im, struct buf *b)
{
	for (int i = 0; i < im->k->ncols; i++) {
		const struct column *c = &im->k->cols[i];
		if (!(c->flags & C_KEY))
			continue;
		if (b->len)
			buf_addc(b, '/');
		if (c->type == T_IDNUM) {
			char m[19];
			idnum_mask(im->v[i].ends, m);
			buf_adds(b, m);
		} else {
			buf_adds(b, im->v[i].s.s);
		}
	}
}

/* Projects report progress by re-import: status may move forward and
** dates of the steps passed may be filled in.  Returns 1 when the row is
** such an update (and makes it), 0 when it is not. */
static int project_progress(struct importer *im, int line, struct stmt *st);

/* Is the key already stored?  If so, the same content is a no-op and other
** content an error (naming the first column that differs).  Returns 1 when
** the key exists. */
static int compare_existing(struct importer *im, int line)
{
	const struct kind *k = im->k;
	struct stmt *st = im->sel;
	bind_key(im, st);
	if (!stmt_step(st)) {
		stmt_reset(st);
		return 0;
	}
	if ((streq(k->name, "projects") && project_progress(im, line, st)) ||
	    (streq(k->name, "targets") && target_replace(im, st))) {
		stmt_reset(st);
		im->same++;
		return 1;
	}
	int sc = 0;
	for (int i = 0; i < k->ncols; i++) {
		const struct column *c = &k->cols[i];
		const struct val *v = &im->v[i];
		const char *sv[4];
		int n = stored_values(c, v, sv), differs = 0;
		for (int j = 0; j < n; j++)
			differs |= !streq(stmt_text(st, sc + j), sv[j]);
		const char *have = stmt_text(st, sc), *want = sv[0];
		sc += n;
		if (!differs)
			continue;
		const char *shown_have = have ? have : "(empty)", *shown_want = want ? want : "(empty)";
		char h[32], w[32];
		if (c->type == T_IDNUM || c->type == T_PAYEE) {
			shown_have = "another";
			shown_want = "this one";
		} else if (c->type == T_MONEY) {
			money_format(have ? atoll(have) : 0, h);
			money_format(v->n, w);
			shown_have = h;
			shown_want = w;
		}
		struct buf key = BUF_INIT;
		key_shown(im, &key);
		bad(im, line, im->present[i] ? im->present[i] : 1,
		    "%s %s was already imported with other content: %s is '%s' there, '%s' here%s",
		    k->name, key.s, c->name, shown_have, shown_want,
		    k->money ? " (money rows never change: import a reversing row and a new one)" : "");
		buf_release(&key);
		break;
	}
	stmt_reset(st);
	im->same++;
	return 1;
}

/* ---- the hand-over between reader and writer ------------------------- */

static void queue_init(struct queue *q)
{
	pthread_mutex_init(&q->mu, NULL);
	pthread_cond_init(&q->cv, NULL);
	q->full = NULL;
	q->full_tail = &q->full;
	q->empty = NULL;
	for (int i = 0; i < NBATCH; i++) {
		struct batch *b = xcalloc(1, sizeof *b);
		for (int r = 0; r < BATCH; r++)
			for (int c = 0; c < MAXCOL; c++)
				buf_init(&b->rows[r].v[c].s);
		b->next = q->empty;
		q->empty = b;
	}
}

static void queue_release(struct queue *q)
{
	struct batch *b;
	while ((b = q->empty) != NULL) {
		q->empty = b->next;
		for (int r = 0; r < BATCH; r++)
			for (int c = 0; c < MAXCOL; c++) {
				buf_release(&b->rows[r].v[c].s);
				free(b->rows[r].v[c].fold);
			}
		free(b);
	}
	pthread_mutex_destroy(&q->mu);
	pthread_cond_destroy(&q->cv);
}

static struct batch *take_empty(struct queue *q)
{
	pthread_mutex_lock(&q->mu);
	while (!q->empty)
		pthread_cond_wait(&q->cv, &q->mu);
	struct batch *b = q->empty;
	q->empty = b->next;
	pthread_mutex_unlock(&q->mu);
	b->n = b->eof = 0;
	b->next = NULL;
	return b;
}

static void give_full(struct queue *q, struct batch *b)
{
	pthread_mutex_lock(&q->mu);
	*q->full_tail = b;
	q->full_tail = &b->next;
	pthread_cond_broadcast(&q->cv);
	pthread_mutex_unlock(&q->mu);
}

static struct batch *take_full(struct queue *q)
{
	pthread_mutex_lock(&q->mu);
	while (!q->full)
		pthread_cond_wait(&q->cv, &q->mu);
	struct batch *b = q->full;
	q->full = b->next;
	if (!q->full)
		q->full_tail = &q->full;
	pthread_mutex_unlock(&q->mu);
	return b;
}

static void give_empty(struct queue *q, struct batch *b)
{
	pthread_mutex_lock(&q->mu);
	b->next = q->empty;
	q->empty = b;
	pthread_cond_broadcast(&q->cv);
	pthread_mutex_unlock(&q->mu);
}

/* ---- the reader thread: parse, check each field, seal, fold ----------- */

static int on_row(void *ctx, int line, int nf, char **f)
{
	struct importer *im = ctx;
	if (im->nhead == 0)
		return read_header(im, line, nf, f);
	const struct kind *k = im->k;
	if (!im->fill)
		im->fill = take_empty(&im->q);
	struct prow *r = &im->fill->rows[im->fill->n++];
	r->line = line;
	r->bad = 0;
	if (nf != im->nhead) {
		diag_error(&im->d, line, nf < im->nhead ? nf + 1 : im->nhead + 1,
			   "this row has %d fields, the header has %d", nf, im->nhead);
		r->bad = 1;
	} else {
		for (int j = 0; j < k->ncols; j++)
			if (!im->present[j]) {
				r->v[j].null = 1;
				buf_reset(&r->v[j].s);
			}
		for (int i = 0; i < nf; i++)
			if (norm_field(im, line, i + 1, &k->cols[im->map[i]], f[i], &r->v[im->map[i]]) < 0)
				r->bad = 1;
	}
	if (im->fill->n == BATCH) {
		give_full(&im->q, im->fill);
		im->fill = NULL;
	}
	return 0;
}

static void *reader_main(void *arg)
{
	struct importer *im = arg;
	if (im->xlsx)
		xlsxin_read(im->path, &im->d, on_row, im);
	else
		csvin_read(im->path, &im->d, on_row, im);
	if (!im->fill)
		im->fill = take_empty(&im->q);
	im->fill->eof = 1;
	give_full(&im->q, im->fill);
	im->fill = NULL;
	return NULL;
}

/* ---- the writer (this thread): references, then the store ------------ */

/* The text of a row's key (single-key kinds). */
static const char *row_key(struct importer *im, struct prow *r)
{
	const char *sv[4];
	stored_values(&im->k->cols[kind_key_col(im->k)], &r->v[kind_key_col(im->k)], sv);
	return sv[0];
}

static void bind_row(struct importer *im, struct stmt *st, int *b, struct prow *r)
{
	const struct kind *k = im->k;
	for (int j = 0; j < k->ncols; j++)
		bind_val(st, b, &k->cols[j], &r->v[j]);
	if (k->money) {
		stmt_bind_int(st, (*b)++, r->seq);
		stmt_bind_text_ref(st, (*b)++, r->hash);
	}
	if (streq(k->name, "workers")) {
		stmt_bind_text(st, (*b)++, r->stable_from);
		stmt_bind_int(st, (*b)++, r->poor);
	}
}

/* A row was stored as new: the kept sums learn it. */
static void row_added(struct importer *im, struct prow *r)
{
	im->added++;
	const char *n = im->k->name;
	if (!streq(n, "workers") && !streq(n, "sales"))
		return;
	if (!im->tally)
		im->tally = tally_open(im->db);
	struct val *v = r->v;
	const struct kind *k = im->k;
#define S(col) (v[kind_col(k, col)].null ? NULL : v[kind_col(k, col)].s.s)
	if (streq(n, "workers"))
		tally_worker(im->tally, S("origin"), S("start"), S("end"), r->stable_from, r->poor, 1);
	else
		tally_sale(im->tally, S("pairing"), S("seller"), S("buyer"), S("date"), v[kind_col(k, "amount")].n);
#undef S
}

/*
** Stores the rows accepted so far.  A full batch goes in one statement, in
** a savepoint: when every row was stored (the usual case) that is all;
** when some key was there already, the batch is rolled back and stored a
** row at a time, which tells which rows to compare with what is stored.
*/
static void flush_pending(struct importer *im)
{
	int n = im->npending;
	if (!n)
		return;
	im->npending = 0;
	if (n == BATCH && im->ins_batch) {
		int b = 1;
		db_begin(im->db);
		for (int i = 0; i < n; i++)
			bind_row(im, im->ins_batch, &b, im->pending[i]);
		stmt_step(im->ins_batch);
		int64_t changed = stmt_changes(im->ins_batch);
		stmt_reset(im->ins_batch);
		if (changed == n) {
			db_commit(im->db);
			for (int i = 0; i < n; i++)
				row_added(im, im->pending[i]);
			return;
		}
		db_rollback(im->db);
	}
	for (int i = 0; i < n; i++) {
		struct prow *r = im->pending[i];
		int b = 1;
		bind_row(im, im->ins, &b, r);
		stmt_step(im->ins);
		int64_t changed = stmt_changes(im->ins);
		stmt_reset(im->ins);
		if (changed) {
			row_added(im, r);
			continue;
		}
		if (im->k->money)
			BUG("a money row was posted but not stored");
		im->cur = r;
		im->v = r->v;
		im->row_bad = 0;
		compare_existing(im, r->line);
	}
}

/*
** The keys stored between the batch's least and greatest key; 0 when there
** are too many of them to be worth it (keys out of order), and the batch's
** keys are looked up one by one instead.
*/
static int known_by_range(struct importer *im, struct batch *b)
{
	const char *lo = NULL, *hi = NULL;
	for (int i = 0; i < b->n; i++) {
		if (b->rows[i].bad)
			continue;
		const char *key = row_key(im, &b->rows[i]);
		if (!lo || strcmp(key, lo) < 0)
			lo = key;
		if (!hi || strcmp(key, hi) > 0)
			hi = key;
	}
	if (!lo)
		return 1;
	stmt_bind_text_ref(im->exists_range, 1, lo);
	stmt_bind_text_ref(im->exists_range, 2, hi);
	int n = 0;
	while (stmt_step(im->exists_range)) {
		map_put(&im->known, stmt_text(im->exists_range, 0), im);
		n++;
	}
	stmt_reset(im->exists_range);
	if (n <= 2 * BATCH)
		return 1;
	map_clear(&im->known);
	return 0;
}

/* Which keys of the batch are stored already, and which households exist. */
static void prefetch(struct importer *im, struct batch *b)
{
	map_clear(&im->known);
	map_clear(&im->seen);
	map_clear(&im->ref_ok);
	int n = 1;
	if (!im->exists_batch)
		goto households;
	if (im->exists_range && known_by_range(im, b))
		goto households;
	for (int i = 0; i < b->n; i++)
		if (!b->rows[i].bad)
			stmt_bind_text_ref(im->exists_batch, n++, row_key(im, &b->rows[i]));
	while (n <= BATCH)
		stmt_bind_text_ref(im->exists_batch, n++, NULL);
	while (stmt_step(im->exists_batch))
		map_put(&im->known, stmt_text(im->exists_batch, 0), im);
	stmt_reset(im->exists_batch);
households:
	if (streq(im->k->name, "workers")) {
		/* the registered persons among the batch's workers */
		map_empty(&im->people, free);
		int ic = kind_col(im->k, "id_number");
		n = 1;
		for (int i = 0; i < b->n; i++)
			if (!b->rows[i].bad)
				stmt_bind_text_ref(im->q_person, n++, b->rows[i].v[ic].hash);
		while (n <= BATCH)
			stmt_bind_text_ref(im->q_person, n++, NULL);
		while (stmt_step(im->q_person)) {
			struct person *p = xcalloc(1, sizeof *p);
			snprintf(p->died, sizeof p->died, "%s", stmt_text(im->q_person, 1) ? stmt_text(im->q_person, 1) : "");
			p->poor = (int)stmt_int(im->q_person, 2);
			map_put(&im->people, stmt_text(im->q_person, 0), p);
		}
		stmt_reset(im->q_person);
		return;
	}
	if (!streq(im->k->name, "persons"))
		return;
	int hc = kind_col(im->k, "household");
	n = 1;
	for (int i = 0; i < b->n; i++)
		if (!b->rows[i].bad && !b->rows[i].v[hc].null)
			stmt_bind_text_ref(im->ref_batch, n++, b->rows[i].v[hc].s.s);
	while (n <= BATCH)
		stmt_bind_text_ref(im->ref_batch, n++, NULL);
	while (stmt_step(im->ref_batch))
		map_put(&im->ref_ok, stmt_text(im->ref_batch, 0), im);
	stmt_reset(im->ref_batch);
}

/* The store's year range grows with every dated row stored. */
static void note_year(struct importer *im)
{
	if (!im->k->year)
		return;
	int y = atoi(V(im->k->year)->s.s);
	if (y < im->year_min)
		im->year_min = y;
	if (y > im->year_max)
		im->year_max = y;
}

static void store_row(struct importer *im, struct prow *r)
{
	const struct kind *k = im->k;
	im->rows++;
	if (r->bad)
		return;
	im->cur = r;
	im->v = r->v;
	im->row_bad = 0;
	if (k->money && kind_nkeys(k) != 1)
		BUG("money rows have one key: they must be posted");
	const char *key = k->money ? row_key(im, r) : NULL;
	if (k->money && (map_get(&im->known, key) || map_get(&im->seen, key))) {
		/* stored already, maybe earlier in this batch: compare */
		flush_pending(im);
		compare_existing(im, r->line);
		return;
	}
	/* a reversal looks for the row it cancels among those stored */
	if (k->money && !V("reverses")->null)
		flush_pending(im);
	check_row(im, r->line);
	if (im->row_bad)
		return;
	if (k->money) {
		post_money(im, r->line);
		if (im->row_bad)
			return;
		r->seq = im->seq;
		memcpy(r->hash, im->hash, sizeof r->hash);
	}
	if (streq(k->name, "workers")) {
		memcpy(r->stable_from, im->stable_from, sizeof r->stable_from);
		r->poor = im->poor;
	}
	note_year(im);
	im->pending[im->npending++] = r;
	if (key)
		map_put(&im->seen, key, im);
	if (im->npending == BATCH)
		flush_pending(im);
}

/* Reads one file in a second thread while this one stores its rows. */
static void import_file(struct importer *im)
{
	pthread_t reader;
	im->nhead = 0;
	im->fill = NULL;
	if (pthread_create(&reader, NULL, reader_main, im) != 0)
		die("import: cannot start the reader thread");
	for (;;) {
		struct batch *b = take_full(&im->q);
		prefetch(im, b);
		for (int i = 0; i < b->n; i++)
			store_row(im, &b->rows[i]);
		/* the batch's memory goes back to the reader: store what it holds */
		flush_pending(im);
		int eof = b->eof;
		give_empty(&im->q, b);
		if (eof)
			break;
	}
	pthread_join(reader, NULL);
}

/* ---- files and bundles ---------------------------------------------- */

struct job {
	char *path;
	char *name; /* in messages: the path, or the name the user gave the file */
	const struct kind *k;
	int xlsx;
};

static void kinds_list(struct buf *b)
{
	for (int i = 0; i < nkinds; i++)
		buf_addf(b, "%s%s.csv", i ? ", " : "", kinds[i].name);
}

static int job_cmp(const void *a, const void *b)
{
	const struct job *x = a, *y = b;
	if (x->k->rank != y->k->rank)
		return x->k->rank - y->k->rank;
	return strcmp(x->name, y->name);
}

static void add_job(struct job **jobs, int *n, int *alloc, const char *path,
		    const struct kind *k, const char *name, int xlsx)
{
	if (*n == *alloc) {
		*alloc = *alloc ? *alloc * 2 : 16;
		*jobs = xrealloc(*jobs, (size_t)*alloc * sizeof **jobs);
	}
	(*jobs)[*n].path = xstrdup(path);
	(*jobs)[*n].name = xstrdup(name ? name : path);
	(*jobs)[*n].k = k;
	(*jobs)[*n].xlsx = xlsx;
	(*n)++;
}

static int is_xlsx(const char *path)
{
	size_t pl = strlen(path);
	return pl > 5 && strcmp(path + pl - 5, ".xlsx") == 0;
}

static void collect(struct diag *d, const struct import_file *file, struct job **jobs, int *n, int *alloc)
{
	struct stat st;
	const char *arg = file->path;
	diag_set_file(d, file->name ? file->name : arg);
	if (stat(arg, &st) != 0) {
		diag_error(d, 0, 0, "no such file or folder");
		return;
	}
	if (!S_ISDIR(st.st_mode) && !S_ISREG(st.st_mode)) {
		diag_error(d, 0, 0, "not a file: only regular files and folders of them are read");
		return;
	}
	if (file->k) {
		add_job(jobs, n, alloc, arg, file->k, file->name, file->xlsx);
		return;
	}
	if (!S_ISDIR(st.st_mode)) {
		const struct kind *k = kind_of_file(arg);
		if (!k) {
			struct buf b = BUF_INIT;
			kinds_list(&b);
			diag_error(d, 0, 0, "the file name does not name a kind of record (expected one of %s, or .xlsx)",
				   b.s);
			buf_release(&b);
			return;
		}
		add_job(jobs, n, alloc, arg, k, NULL, is_xlsx(arg));
		return;
	}
	DIR *dir = opendir(arg);
	if (!dir) {
		diag_error(d, 0, 0, "cannot open the folder");
		return;
	}
	struct dirent *e;
	int found = 0;
	while ((e = readdir(dir)) != NULL) {
		if (!bundle_ext(e->d_name) || e->d_name[0] == '.')
			continue;
		char *path = xasprintf("%s/%s", arg, e->d_name);
		const struct kind *k = kind_of_file(path);
		if (stat(path, &st) != 0 || !S_ISREG(st.st_mode)) {
			diag_set_file(d, path);
			diag_error(d, 0, 0, "not a file: only regular files are read");
		} else if (!k) {
			struct buf b = BUF_INIT;
			kinds_list(&b);
			diag_set_file(d, path);
			diag_error(d, 0, 0, "not a kind of record (expected one of %s)", b.s);
			buf_release(&b);
		} else {
			add_job(jobs, n, alloc, path, k, NULL, is_xlsx(path));
			found++;
		}
		free(path);
	}
	closedir(dir);
	diag_set_file(d, arg);
	if (!found)
		diag_error(d, 0, 0, "the folder holds no bundle files (%s)", "divisions.csv, orgs.csv, ...");
}

static void finish_kind(struct importer *im)
{
	/* after errors the import rolls back, indexes and all */
	if (im->indexes_dropped && !im->d.nerr) {
		db_sort_memory(im->db, 64);
		schema_build_indexes(im->db, im->k->name);
		db_bulk(im->db);
	}
	im->indexes_dropped = 0;
	if (streq(im->k->name, "divisions"))
		check_division_parents(im);
	/* workers moved before their person was registered learn it now
	** (a registered person's household never changes) */
	if (streq(im->k->name, "persons") && im->added && db_int(im->db, 0, "SELECT COUNT(*) FROM "
	    "(SELECT 1 FROM workers WHERE poor = 0 LIMIT 1) w", (char *)NULL)) {
		db_exec(im->db, "UPDATE workers SET poor = 1 WHERE poor = 0 AND id_number_hash IN ("
				"SELECT p.id_number_hash FROM persons p JOIN households h ON h.id = p.household "
				"WHERE h.status IN ('poor', 'exited', 'monitored'))");
		im->registry_changed = 1;
	}
	/* new places and pairings change the sets of pairings records count for */
	const char *n = im->k->name;
	if (im->added && (streq(n, "divisions") || streq(n, "orgs") || streq(n, "pairings")) &&
	    (im->tally || db_int(im->db, 0, "SELECT COUNT(*) FROM (SELECT 1 FROM workers LIMIT 1) w", (char *)NULL) ||
	     db_int(im->db, 0, "SELECT COUNT(*) FROM (SELECT 1 FROM sales LIMIT 1) s", (char *)NULL)))
		im->registry_changed = 1; /* sums kept under the old pairings: add them up anew */
	stmt_finalize(im->ins);
	stmt_finalize(im->sel);
	stmt_finalize(im->ins_batch);
	stmt_finalize(im->exists_batch);
	stmt_finalize(im->exists_range);
	im->ins = im->sel = im->ins_batch = im->exists_batch = im->exists_range = NULL;
}

/* The store's years (every year from the earliest to the latest of any
** dated record) are kept in meta, so that reports need not scan for them. */
static void store_years_widen(struct db *db, int lo, int hi)
{
	if (lo > hi)
		return;
	int have_lo = (int)db_int(db, 9999, "SELECT value FROM meta WHERE key = 'year_min'", (char *)NULL);
	int have_hi = (int)db_int(db, 0, "SELECT value FROM meta WHERE key = 'year_max'", (char *)NULL);
	struct stmt *st = db_prepare(db, "INSERT INTO meta(key, value) VALUES(?, ?) "
					 "ON CONFLICT(key) DO UPDATE SET value = excluded.value");
	char v[16];
	snprintf(v, sizeof v, "%d", lo < have_lo ? lo : have_lo);
	stmt_bind_text(st, 1, "year_min");
	stmt_bind_text(st, 2, v);
	stmt_step(st);
	stmt_reset(st);
	snprintf(v, sizeof v, "%d", hi > have_hi ? hi : have_hi);
	stmt_bind_text(st, 1, "year_max");
	stmt_bind_text(st, 2, v);
	stmt_step(st);
	stmt_finalize(st);
}

/*
** COMMAND: import
** USAGE: bangfu --db PATH import FILE_OR_BUNDLE... [--region CODE] [--dry-run]
** NEEDS: write
**
** Import CSV files and bundles, all in one transaction.
**
** Takes CSV files, or bundles (folders of CSV files named after their
** kind: divisions.csv, orgs.csv, pairings.csv, households.csv, persons.csv,
** funds.csv, projects.csv, beneficiaries.csv, allocations.csv,
** payments.csv, workers.csv, workshops.csv, sales.csv, investments.csv,
** exchanges.csv, trainings.csv, events.csv, targets.csv), in that order
** and as ONE transaction: all of it lands, or none.  A project row read
** again may move its status forward and fill in its steps' dates; a target
** read again replaces the earlier one.  Money rows are checked against the
** ledger as they post: a fund is never allocated beyond its amount, a
** project never pays out beyond what it was given, a correction is a
** reversing row (see 'bangfu help verify').
**
** Files may be UTF-8 (with or without BOM) or GB18030/GBK as Excel saves
** them on Chinese Windows; headers in English or Chinese (姓名, 身份证号,
** 行政区划代码 ...).  An Excel workbook (funds.xlsx, 帮扶资金.xlsx) is read
** like its CSV: the first sheet, date cells as YYYY-MM-DD, LINE being the
** sheet's row.  Every bad row is printed as FILE:LINE:COLUMN: reason
** and the exit status is 1 with nothing imported.  Warnings (an organisation
** code failing its check character) are printed and do not stop the import.
** Re-importing the same rows changes nothing.
**
** Identity numbers are checked (GB 11643), then kept only as a keyed hash,
** an encrypted copy and a masked form.  A bundle written by 'export' holds
** sealed identity numbers (enc:...) that import back with the same key file.
**
** Options:
**   --dry-run       check everything, then roll back
**   --region CODE   write only records that lie in that division (a county
**                   clerk's import): a project's, fund's or worker's county,
**                   the county of the project a payment belongs to, a
**                   household's village ... anything else is a row error
*/
int cmd_import(struct cmdctx *c, int argc, char **argv)
{
	static const struct param options[] = {
		{ "dry-run", P_FLAG, offsetof(struct import_params, dry), NULL, 0, 0 },
		{ "region", P_DIVISION, offsetof(struct import_params, region), NULL, 0, 0 },
	};
	struct import_params p;
	memset(&p, 0, sizeof p);
	params_from_argv(options, ARRAY_SIZE(options), &p, &argc, argv, "import");
	if (argc < 1)
		die("import: name at least one CSV file or bundle folder");
	struct import_file *files = xcalloc((size_t)argc, sizeof *files);
	for (int i = 0; i < argc; i++)
		files[i].path = argv[i];
	p.files = files;
	p.nfiles = argc;
	char who[80];
	p.by = audit_cli_who(who);
	p.addr = "local";
	int rc = import_run(c, &p);
	free(files);
	return rc;
}

/* The audit trail's entry of an import: the files, and what landed or why not. */
static void import_audit(struct cmdctx *c, const struct import_params *p, const struct job *jobs, int njobs,
			 int ok, const char *summary)
{
	if (!p->by)
		return;
	struct buf what = BUF_INIT;
	for (int i = 0; i < njobs; i++)
		buf_addf(&what, "%s%s", i ? ", " : "", jobs[i].name);
	if (!njobs)
		for (int i = 0; i < p->nfiles; i++)
			buf_addf(&what, "%s%s", i ? ", " : "", p->files[i].name ? p->files[i].name : p->files[i].path);
	audit_log(c->db, p->by, p->addr ? p->addr : "local", ok ? "import" : "import_refused", what.s, NULL, summary);
	buf_release(&what);
}

int import_run(struct cmdctx *c, const void *arg)
{
	const struct import_params *p = arg;
	struct importer im;
	memset(&im, 0, sizeof im);
	im.db = c->db;
	int dry = p->dry;
	if (p->region[0]) {
		snprintf(im.region, sizeof im.region, "%s", p->region);
		char *side = division_side_of(c->db, im.region);
		im.region_east = side && streq(side, "east");
		free(side);
	}
	im.key = c->key;
	diag_init(&im.d);
	buf_init(&im.last_household);
	queue_init(&im.q);
	time_t now = time(NULL);
	struct tm tm;
	localtime_r(&now, &tm);
	strftime(im.today, sizeof im.today, "%Y-%m-%d", &tm);

	struct job *jobs = NULL;
	int njobs = 0, ajobs = 0;
	for (int i = 0; i < p->nfiles; i++)
		collect(&im.d, &p->files[i], &jobs, &njobs, &ajobs);
	if (njobs > 1)
		qsort(jobs, (size_t)njobs, sizeof *jobs, job_cmp);

	db_bulk(c->db);
	/* files of a bulk size, and the store to ourselves: written once */
	int64_t bytes = 0;
	struct stat sb;
	for (int i = 0; i < njobs; i++)
		if (stat(jobs[i].path, &sb) == 0)
			bytes += (int64_t)sb.st_size;
	int solo = bytes / ROW_BYTES >= bulk_rows() && db_bulk_solo(c->db);
	db_begin(c->db);
	im.q_div = db_prepare(c->db, "SELECT level, side, parent FROM divisions WHERE code = ?");
	im.q_org = db_prepare(c->db, "SELECT division FROM orgs WHERE code = ?");
	im.q_household = db_prepare(c->db, "SELECT 1 FROM households WHERE id = ?");
	im.q_pairing = db_prepare(c->db, "SELECT east, west FROM pairings WHERE id = ?");
	im.q_fund = db_prepare(c->db, "SELECT to_, reverses FROM funds WHERE id = ?");
	im.q_project = db_prepare(c->db, "SELECT county, status FROM projects WHERE id = ?");
	{
		struct buf q = BUF_INIT;
		buf_adds(&q, "SELECT p.id_number_hash, p.died, "
			     "CASE WHEN h.status IN ('poor', 'exited', 'monitored') THEN 1 ELSE 0 END "
			     "FROM persons p JOIN households h ON h.id = p.household WHERE p.id_number_hash IN (");
		for (int r = 0; r < BATCH; r++)
			buf_adds(&q, r ? ", ?" : "?");
		buf_adds(&q, ")");
		im.q_person = db_prepare(c->db, q.s);
		buf_release(&q);
	}
	im.ledger = ledger_open(c->db);
	im.year_min = 9999;
	{
		struct buf q = BUF_INIT;
		buf_adds(&q, "SELECT id FROM households WHERE id IN (");
		for (int r = 0; r < BATCH; r++)
			buf_adds(&q, r ? ", ?" : "?");
		buf_adds(&q, ")");
		im.ref_batch = db_prepare(c->db, q.s);
		buf_release(&q);
	}
	struct buf summary = BUF_INIT;
	for (int i = 0; i < njobs; i++) {
		im.k = jobs[i].k;
		im.path = jobs[i].path;
		im.xlsx = jobs[i].xlsx;
		diag_set_file(&im.d, jobs[i].name);
		im.rows = im.added = im.same = im.updated = 0;
		prepare_kind(&im);
		import_file(&im);
		finish_kind(&im);
		buf_addf(&summary, "%s: %ld rows, %ld new, %ld already there", jobs[i].name,
			 im.rows, im.added, im.same - im.updated);
		if (im.updated)
			buf_addf(&summary, ", %ld updated", im.updated);
		buf_addc(&summary, '\n');
	}
	stmt_finalize(im.q_div);
	stmt_finalize(im.q_org);
	stmt_finalize(im.q_household);
	stmt_finalize(im.q_pairing);
	stmt_finalize(im.q_fund);
	stmt_finalize(im.q_project);
	stmt_finalize(im.q_person);
	stmt_finalize(im.ref_batch);
	ledger_close(im.ledger);
	store_years_widen(c->db, im.year_min, im.year_max);
	/* the store's generation: what the server's cached pages were made from */
	db_exec(c->db, "INSERT INTO meta(key, value) VALUES('generation', '1') "
		       "ON CONFLICT(key) DO UPDATE SET value = CAST(CAST(meta.value AS INTEGER) + 1 AS TEXT)");
	if (im.tally && (im.d.nerr || im.registry_changed))
		tally_free(im.tally);
	else if (im.tally)
		tally_close(im.tally);
	if (!im.d.nerr && im.registry_changed)
		tally_rebuild(c->db);
	map_release(&im.known, NULL);
	map_release(&im.seen, NULL);
	map_release(&im.ref_ok, NULL);
	map_release(&im.pinfo, free_pinfo);
	map_release(&im.finfo, free_finfo);
	map_release(&im.divs, free_dinfo);
	map_release(&im.orgs, free);
	map_release(&im.pairs, NULL);
	map_release(&im.people, free);
	diag_print(&im.d, c->err, 1);
	int rc = 0;
	if (im.d.nerr) {
		db_rollback(c->db);
		diag_print(&im.d, c->err, 0);
		fprintf(c->err, "%s: import failed: %d error%s; nothing was imported\n", progname,
			im.d.nerr, im.d.nerr == 1 ? "" : "s");
		rc = 1;
	} else if (dry) {
		db_rollback(c->db);
		fputs(summary.s, c->out);
		fputs("dry run: everything checked, nothing imported\n", c->out);
	} else {
		db_commit(c->db);
		fputs(summary.s, c->out);
	}
	if (solo)
		db_bulk_end(c->db);
	if (!dry) {
		char *errs = rc ? diag_errors(&im.d) : NULL;
		import_audit(c, p, jobs, njobs, rc == 0, rc ? errs : summary.s);
		free(errs);
	}
	for (int i = 0; i < njobs; i++) {
		free(jobs[i].path);
		free(jobs[i].name);
	}
	free(jobs);
	queue_release(&im.q);
	free(im.defer);
	buf_release(&im.last_household);
	buf_release(&summary);
	diag_release(&im.d);
	return rc;
}
