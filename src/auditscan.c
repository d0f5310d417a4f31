/*
** auditscan.c: the audit checks that look at every payment
** (paid_before_allocation, duplicate_payment, large_personal_payment), in
** at most two passes over the payments however many there are, read as one
** stream, with a few bytes a payment in memory and no sort in the database.
**
**   Pass 1.  A payment dated before its project's first allocation is a
**   finding at once.  Each payment's key (payee, project, purpose, amount)
**   is kept as a 64-bit hash beside its day and seq, each payment to a
**   person's amount beside its group (county, year, purpose).  Sorted, the
**   hashes name the payments that may repeat one at most the window's days
**   before them; the amounts give each group's median.
**   Pass 2.  Those payments are read whole and compared by their keys
**   themselves (two keys may share a hash: the keys decide), and each
**   payment to a person is held against its group's median.
**
** Reversed payments and reversals are never findings: both passes skip them.
*/
#include "bangfu.h"
#include "checks.h"
#include "db.h"
#include "map.h"
#include <stdlib.h>
#include <string.h>
#include "banned.h"

/* Amounts above this are kept as this for the medians: already beyond any
** amount threshold (large_yuan is at most 10^8 yuan), they are findings as
** they stand. */
#define AMOUNT_BITS 44
#define GROUP_MAX ((1u << (64 - AMOUNT_BITS)) - 1)

struct project {
	char county[13];
	char first[11]; /* the date of its earliest allocation, or "" */
};

struct group {
	int64_t n, median; /* median: -1 when it rests on too few payments */
};

/* A payment's key hash, and its day (high 24 bits) and seq (low 40). */
struct key {
	uint64_t h, ds;
};

/* The payments that may repeat one, read whole in pass 2. */
struct cand {
	char *id, *date, *payee, *project, *purpose, *county;
	int64_t amount;
};

struct scan {
	struct audit *a;
	int paid_before, duplicate, large;
	struct map projects; /* id: struct project */
	struct map reversed; /* ids of reversed payments */
	struct map groups;   /* "county|year|purpose": group index + 1 */
	struct group *g;
	int ng, galloc;
	struct key *keys;
	uint64_t *amounts; /* group << AMOUNT_BITS | amount */
	size_t nkeys, namounts, cap;
	unsigned char *mark; /* seqs of the payments to read whole in pass 2 */
	int64_t seq_lo, seq_hi;
	struct cand *cand;
	size_t ncand, acand;
};

/* Days since 1900-01-01 of a date YYYY-MM-DD (the civil calendar): never
** negative for a date the store holds. */
static int64_t day_number(const char *d)
{
	int64_t y = strtol(d, NULL, 10), m = strtol(d + 5, NULL, 10), dd = strtol(d + 8, NULL, 10);
	y -= m <= 2;
	int64_t era = (y >= 0 ? y : y - 399) / 400, yoe = y - era * 400;
	int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + dd - 1;
	return era * 146097 + yoe * 365 + yoe / 4 - yoe / 100 + doy - 719468 + 25567;
}

static void load_projects(struct scan *s)
{
	struct db *db = s->a->c->db;
	size_t wl = strlen(s->a->west);
	struct stmt *st = db_prepare_stream(db, "SELECT id, county FROM projects");
	while (stmt_step(st)) {
		const char *county = stmt_text(st, 1);
		if (wl && strncmp(county, s->a->west, wl) != 0)
			continue;
		struct project *p = xcalloc(1, sizeof *p);
		snprintf(p->county, sizeof p->county, "%s", county);
		map_put(&s->projects, stmt_text(st, 0), p);
	}
	stmt_finalize(st);
	if (!s->paid_before)
		return;
	/* the earliest allocation, a reversed one included: money was given then */
	st = db_prepare_stream(db, "SELECT project, MIN(date) FROM allocations WHERE reverses IS NULL GROUP BY project");
	while (stmt_step(st)) {
		struct project *p = map_get(&s->projects, stmt_text(st, 0));
		if (p)
			snprintf(p->first, sizeof p->first, "%s", stmt_text(st, 1));
	}
	stmt_finalize(st);
}

static void load_reversed(struct scan *s)
{
	struct stmt *st = db_prepare_stream(s->a->c->db, "SELECT reverses FROM payments WHERE reverses IS NOT NULL");
	while (stmt_step(st))
		map_put(&s->reversed, stmt_text(st, 0), s);
	stmt_finalize(st);
}

/* The group of a payment to a person: its index, made on first sight. */
static int group_of(struct scan *s, const char *county, const char *date, const char *purpose, int make)
{
	char k[128];
	snprintf(k, sizeof k, "%s|%.4s|%s", county, date, purpose);
	uintptr_t v = (uintptr_t)map_get(&s->groups, k);
	if (v || !make)
		return (int)v - 1;
	if ((unsigned)s->ng >= GROUP_MAX)
		die("audit: more than %u groups of county, year and purpose", GROUP_MAX);
	if (s->ng == s->galloc) {
		s->galloc = s->galloc ? 2 * s->galloc : 256;
		s->g = xrealloc(s->g, (size_t)s->galloc * sizeof *s->g);
	}
	s->g[s->ng] = (struct group){ 0, -1 };
	map_put(&s->groups, k, (void *)(uintptr_t)(s->ng + 1));
	return s->ng++;
}

static const char scan_sql[] =
	"SELECT seq, id, date, project, COALESCE(payee_org, payee_hash), CASE WHEN payee_hash IS NULL THEN 0 ELSE 1 END, "
	"purpose, amount FROM payments WHERE reverses IS NULL";

/* The next live payment of the region: its project, or NULL at the end. */
static const struct project *next_payment(struct scan *s, struct stmt *st)
{
	while (stmt_step(st)) {
		if (s->reversed.n && map_get(&s->reversed, stmt_text(st, 1)))
			continue;
		const struct project *p = map_get(&s->projects, stmt_text(st, 3));
		if (p)
			return p;
	}
	return NULL;
}

static void pass1(struct scan *s)
{
	struct audit *a = s->a;
	struct db *db = a->c->db;
	s->seq_lo = db_int(db, 0, "SELECT MIN(seq) FROM payments", (char *)NULL);
	s->seq_hi = db_int(db, -1, "SELECT MAX(seq) FROM payments", (char *)NULL);
	s->cap = s->seq_hi >= s->seq_lo ? (size_t)(s->seq_hi - s->seq_lo + 1) : 0;
	if (s->duplicate && s->cap)
		s->keys = xmalloc(s->cap * sizeof *s->keys);
	if (s->large && s->cap)
		s->amounts = xmalloc(s->cap * sizeof *s->amounts);
	struct stmt *st = db_prepare_stream(db, scan_sql);
	const struct project *p;
	while ((p = next_payment(s, st)) != NULL) {
		const char *date = stmt_text(st, 2);
		int64_t seq = stmt_int(st, 0), amount = stmt_int(st, 7);
		if (seq < s->seq_lo || seq > s->seq_hi)
			die("audit: the payments changed while they were read; run the checks again");
		if (s->paid_before && p->first[0] && strcmp(date, p->first) < 0)
			found(a, "paid_before_allocation", "payments", stmt_text(st, 1), p->county, date, amount, 1,
			      xasprintf("paid %s; project %s first given money %s", date, stmt_text(st, 3), p->first));
		if (s->duplicate) {
			char k[512];
			snprintf(k, sizeof k, "%s|%s|%s|%lld", stmt_text(st, 4), stmt_text(st, 3), stmt_text(st, 6),
				 (long long)amount);
			s->keys[s->nkeys++] = (struct key){ map_hash(k), (uint64_t)day_number(date) << 40 |
								      (uint64_t)(seq - s->seq_lo) };
		}
		if (s->large && stmt_int(st, 5)) {
			uint64_t g = (uint64_t)group_of(s, p->county, date, stmt_text(st, 6), 1);
			uint64_t v = amount < 0 ? 0 : (uint64_t)amount;
			if (v >> AMOUNT_BITS)
				v = (1ull << AMOUNT_BITS) - 1;
			s->amounts[s->namounts++] = g << AMOUNT_BITS | v;
		}
	}
	stmt_finalize(st);
}

/*
** In-place sorts of the two arrays (quicksort, the median of three as the
** pivot, insertion sort below 16, the smaller side first so that the stack
** stays shallow): qsort would take a second array as large as the first
** for its merge sort, doubling the memory these passes need.
*/
#define SORT_IN_PLACE(name, type, less)                                                      \
	static void name(type *v, size_t n)                                                  \
	{                                                                                    \
		while (n > 16) {                                                             \
			type *m = v + n / 2, *z = v + n - 1, t;                              \
			if (less(*m, *v))                                                    \
				t = *m, *m = *v, *v = t;                                     \
			if (less(*z, *m)) {                                                  \
				t = *z, *z = *m, *m = t;                                     \
				if (less(*m, *v))                                            \
					t = *m, *m = *v, *v = t;                             \
			}                                                                    \
			type p = *m;                                                         \
			size_t i = 0, j = n - 1;                                             \
			for (;;) {                                                           \
				while (less(v[i], p))                                        \
					i++;                                                 \
				while (less(p, v[j]))                                        \
					j--;                                                 \
				if (i >= j)                                                  \
					break;                                               \
				t = v[i], v[i] = v[j], v[j] = t;                             \
				i++, j--;                                                    \
			}                                                                    \
			if (j + 1 < n - j - 1) {                                             \
				name(v, j + 1);                                              \
				v += j + 1, n -= j + 1;                                      \
			} else {                                                             \
				name(v + j + 1, n - j - 1);                                  \
				n = j + 1;                                                   \
			}                                                                    \
		}                                                                            \
		for (size_t i = 1; i < n; i++) {                                             \
			type x = v[i];                                                       \
			size_t j = i;                                                        \
			for (; j > 0 && less(x, v[j - 1]); j--)                              \
				v[j] = v[j - 1];                                             \
			v[j] = x;                                                            \
		}                                                                            \
	}

#define KEY_LESS(a, b) ((a).h < (b).h || ((a).h == (b).h && (a).ds < (b).ds))
#define U64_LESS(a, b) ((a) < (b))
SORT_IN_PLACE(sort_keys, struct key, KEY_LESS)
SORT_IN_PLACE(sort_u64, uint64_t, U64_LESS)

/* Marks both payments of each pair of the same hash at most the window
** apart; those are the only ones that may be findings. */
static size_t mark_candidates(struct scan *s)
{
	size_t marked = 0;
	sort_keys(s->keys, s->nkeys);
	s->mark = xcalloc(s->cap / 8 + 1, 1);
	for (size_t i = 1; i < s->nkeys; i++) {
		const struct key *x = &s->keys[i - 1], *y = &s->keys[i];
		if (x->h != y->h || (int64_t)(y->ds >> 40) - (int64_t)(x->ds >> 40) > s->a->dup_days)
			continue;
		for (int k = 0; k < 2; k++) {
			uint64_t b = (k ? y : x)->ds & ((1ull << 40) - 1);
			marked += !(s->mark[b / 8] & (1u << (b % 8)));
			s->mark[b / 8] |= (unsigned char)(1u << (b % 8));
		}
	}
	free(s->keys);
	s->keys = NULL;
	return marked;
}

/* Each group's median (the lower middle), where it rests on enough payments. */
static void medians(struct scan *s)
{
	sort_u64(s->amounts, s->namounts);
	const uint64_t low = (1ull << AMOUNT_BITS) - 1;
	for (size_t i = 0, j; i < s->namounts; i = j) {
		uint64_t g = s->amounts[i] >> AMOUNT_BITS;
		for (j = i; j < s->namounts && s->amounts[j] >> AMOUNT_BITS == g; j++)
			;
		int64_t n = (int64_t)(j - i);
		s->g[g].n = n;
		s->g[g].median = n >= s->a->median_min ? (int64_t)(s->amounts[i + (size_t)(n - 1) / 2] & low) : -1;
	}
	free(s->amounts);
	s->amounts = NULL;
}

static void large_payment(struct scan *s, struct stmt *st, const struct project *p)
{
	struct audit *a = s->a;
	int gi = group_of(s, p->county, stmt_text(st, 2), stmt_text(st, 6), 0);
	if (gi < 0)
		BUG("a payment to a person in no group");
	const struct group *g = &s->g[gi];
	int64_t amount = stmt_int(st, 7);
	int over = amount > a->large_fen, times = g->median >= 0 && amount > a->large_times * g->median;
	if (!over && !times)
		return;
	char m[32];
	money_format(g->median, m);
	found(a, "large_personal_payment", "payments", stmt_text(st, 1), p->county, stmt_text(st, 2), amount, 1,
	      times ? xasprintf("more than %lld times the median %s of %lld payments", (long long)a->large_times, m,
				(long long)g->n)
		    : xasprintf("more than %lld.00 to one person", (long long)(a->large_fen / 100)));
}

static void pass2(struct scan *s, int read_marked)
{
	struct stmt *st = db_prepare_stream(s->a->c->db, scan_sql);
	const struct project *p;
	while ((p = next_payment(s, st)) != NULL) {
		if (s->large && stmt_int(st, 5))
			large_payment(s, st, p);
		uint64_t b = (uint64_t)(stmt_int(st, 0) - s->seq_lo);
		if (!read_marked || b >= s->cap || !(s->mark[b / 8] & (1u << (b % 8))))
			continue;
		if (s->ncand == s->acand) {
			s->acand = s->acand ? 2 * s->acand : 64;
			s->cand = xrealloc(s->cand, s->acand * sizeof *s->cand);
		}
		s->cand[s->ncand++] = (struct cand){ xstrdup(stmt_text(st, 1)), xstrdup(stmt_text(st, 2)),
						     xstrdup(stmt_text(st, 4)),  xstrdup(stmt_text(st, 3)),
						     xstrdup(stmt_text(st, 6)),  xstrdup(p->county),
						     stmt_int(st, 7) };
	}
	stmt_finalize(st);
}

/* By payee, project, purpose, amount, then date and id: earlier first. */
static int cand_cmp(const void *x, const void *y)
{
	const struct cand *a = x, *b = y;
	int c = strcmp(a->payee, b->payee);
	if (!c)
		c = strcmp(a->project, b->project);
	if (!c)
		c = strcmp(a->purpose, b->purpose);
	if (!c)
		c = a->amount < b->amount ? -1 : a->amount > b->amount;
	if (!c)
		c = strcmp(a->date, b->date);
	return c ? c : strcmp(a->id, b->id);
}

/* The later of two payments of the same payee, project, purpose and amount
** at most the window's days apart; the closest earlier one is the one
** before it in this order. */
static void duplicates(struct scan *s)
{
	if (s->ncand)
		qsort(s->cand, s->ncand, sizeof *s->cand, cand_cmp);
	for (size_t i = 0; i < s->ncand; i++) {
		const struct cand *x = i ? &s->cand[i - 1] : NULL, *y = &s->cand[i];
		if (x && streq(x->payee, y->payee) && streq(x->project, y->project) && streq(x->purpose, y->purpose) &&
		    x->amount == y->amount && day_number(y->date) - day_number(x->date) <= s->a->dup_days)
			found(s->a, "duplicate_payment", "payments", y->id, y->county, y->date, y->amount, 1,
			      xasprintf("the same as payment %s of %s", x->id, x->date));
	}
	for (size_t i = 0; i < s->ncand; i++) {
		struct cand *c = &s->cand[i];
		free(c->id), free(c->date), free(c->payee), free(c->project), free(c->purpose), free(c->county);
	}
	free(s->cand);
}

void audit_scan(struct audit *a, int paid_before, int duplicate, int large)
{
	if (!paid_before && !duplicate && !large)
		return;
	struct scan s;
	memset(&s, 0, sizeof s);
	s.a = a, s.paid_before = paid_before, s.duplicate = duplicate, s.large = large;
	map_init(&s.projects);
	map_init(&s.reversed);
	map_init(&s.groups);
	load_projects(&s);
	load_reversed(&s);
	pass1(&s);
	size_t marked = duplicate ? mark_candidates(&s) : 0;
	if (large)
		medians(&s);
	if (marked || large)
		pass2(&s, marked > 0);
	if (duplicate)
		duplicates(&s);
	free(s.mark);
	free(s.g);
	map_release(&s.projects, free);
	map_release(&s.reversed, NULL);
	map_release(&s.groups, NULL);
}
