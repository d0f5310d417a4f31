/*
** tally.c: kept sums of workers and sales (see tally.h).
*/
#include "tally.h"
#include "indicator.h"
#include "map.h"
#include <stdlib.h>
#include <string.h>
#include "banned.h"

#define SEP '\x1f'

struct tally {
	struct db *db;
	struct scope *s;
	int *list;
	struct map hitsets;  /* pairing ids -> (intptr_t) hitset id */
	int64_t next_id;
	struct map sums;     /* "hitset|indicator|year|month|stable_from" -> int64_t * */
	struct map places;   /* pairing SEP west SEP east -> (intptr_t) hitset id + 1 */
	struct buf key;
	int dry;             /* checking: hitsets are numbered in memory only */
};

/* dry: a check's, whose hitsets are numbered in memory from 1. */
static struct tally *tally_new(struct db *db, int dry)
{
	struct tally *t = xcalloc(1, sizeof *t);
	t->db = db;
	t->dry = dry;
	t->next_id = 1;
	t->s = scope_load(db);
	t->list = xmalloc(((size_t)scope_npairings(t->s) + 1) * sizeof *t->list);
	map_init(&t->hitsets);
	map_init(&t->sums);
	map_init(&t->places);
	buf_init(&t->key);
	return t;
}

struct tally *tally_open(struct db *db)
{
	struct tally *t = tally_new(db, 0);
	struct stmt *st = db_prepare(db, "SELECT id, pairings FROM hitsets");
	while (stmt_step(st)) {
		int64_t id = stmt_int(st, 0);
		map_put(&t->hitsets, stmt_text(st, 1), (void *)(intptr_t)id);
		if (id >= t->next_id)
			t->next_id = id + 1;
	}
	stmt_finalize(st);
	return t;
}

static int int_cmp(const void *a, const void *b)
{
	return *(const int *)a - *(const int *)b;
}

/* The hitset of a record, 0 when it counts for no pairing. */
static int64_t hitset_of(struct tally *t, const char *pairing, const char *west, const char *east)
{
	int n = scope_counts_list(t->s, pairing, west, east, t->list);
	if (!n)
		return 0;
	qsort(t->list, (size_t)n, sizeof *t->list, int_cmp);
	buf_reset(&t->key);
	for (int i = 0; i < n; i++) {
		if (i)
			buf_addc(&t->key, SEP);
		buf_adds(&t->key, scope_pairing_id(t->s, t->list[i]));
	}
	void *v = map_get(&t->hitsets, t->key.s);
	if (v)
		return (int64_t)(intptr_t)v;
	int64_t id = t->next_id++;
	if (!t->dry) {
		struct stmt *st = db_prepare(t->db, "INSERT INTO hitsets(id, pairings) VALUES(?, ?)");
		stmt_bind_int(st, 1, id);
		stmt_bind_text(st, 2, t->key.s);
		stmt_step(st);
		stmt_finalize(st);
	}
	map_put(&t->hitsets, t->key.s, (void *)(intptr_t)id);
	return id;
}

/* The same, remembered by the record's places (a few thousand of them). */
static int64_t hitset(struct tally *t, const char *pairing, const char *west, const char *east)
{
	char k[256];
	snprintf(k, sizeof k, "%s%c%s%c%s", pairing ? pairing : "", SEP, west ? west : "", SEP, east ? east : "");
	void *v = map_get(&t->places, k);
	if (v)
		return (int64_t)(intptr_t)v - 1;
	int64_t hs = hitset_of(t, pairing, west, east);
	map_put(&t->places, k, (void *)(intptr_t)(hs + 1));
	return hs;
}

static void add(struct tally *t, int64_t hs, const char *indicator, const char *date,
		const char *stable_from, int64_t v)
{
	if (!hs || !v)
		return;
	char k[128];
	snprintf(k, sizeof k, "%lld|%s|%.4s|%.7s|%s", (long long)hs, indicator, date, date, stable_from);
	int64_t *sum = map_get(&t->sums, k);
	if (!sum) {
		sum = xcalloc(1, sizeof *sum);
		map_put(&t->sums, k, sum);
	}
	*sum += v;
}

void tally_worker(struct tally *t, const char *kind, const char *origin, const char *destination,
		  const char *start, const char *end, const char *stable_from, int poor, int64_t n)
{
	int64_t hs = hitset(t, NULL, origin, NULL);
	if (streq(kind, "graduate") || streq(kind, "public_welfare")) {
		add(t, hs, streq(kind, "graduate") ? "graduates_hired" : "public_welfare_jobs", start, "", n);
		return;
	}
	add(t, hs, "workers_transferred", start, "", n);
	/* where they went, by province: the figures tell partner, home and elsewhere */
	char dest[24];
	snprintf(dest, sizeof dest, "workers_dest:%.2s:%.2s", origin, destination);
	add(t, hs, dest, start, "", n);
	if (poor)
		add(t, hs, "workers_poor", start, "", n);
	if (end && *end) {
		if (strcmp(end, stable_from) >= 0)
			add(t, hs, "workers_stable", start, "", n);
	} else {
		add(t, hs, "workers_open", start, stable_from, n); /* stable once the as-of date reaches it */
	}
}

void tally_sale(struct tally *t, const char *pairing, const char *seller, const char *buyer,
		const char *date, int64_t amount)
{
	add(t, hitset(t, pairing, seller, buyer), "sales", date, "", amount);
}

void tally_close(struct tally *t)
{
	struct stmt *up = db_prepare(t->db,
		"INSERT INTO tallies(hitset, indicator, year, month, stable_from, value) VALUES(?, ?, ?, ?, ?, ?) "
		"ON CONFLICT(hitset, indicator, year, month, stable_from) DO UPDATE "
		"SET value = tallies.value + excluded.value");
	for (size_t i = 0; i < t->sums.cap; i++) {
		struct map_entry *e = &t->sums.e[i];
		if (!e->key)
			continue;
		/* hitset|indicator|year|month|stable_from */
		char *f[5], *k = xstrdup(e->key), *p = k;
		for (int j = 0; j < 5; j++) {
			f[j] = p;
			p = strchr(p, '|');
			if (p)
				*p++ = 0;
			else if (j < 4)
				BUG("a tally key without its five parts");
		}
		stmt_bind_int(up, 1, atoll(f[0]));
		stmt_bind_text(up, 2, f[1]);
		stmt_bind_int(up, 3, atoi(f[2]));
		stmt_bind_text(up, 4, f[3]);
		stmt_bind_text(up, 5, f[4]);
		stmt_bind_int(up, 6, *(int64_t *)e->value);
		stmt_step(up);
		stmt_reset(up);
		free(k);
	}
	stmt_finalize(up);
	tally_free(t);
}

void tally_free(struct tally *t)
{
	map_release(&t->sums, free);
	map_release(&t->hitsets, NULL);
	map_release(&t->places, NULL);
	scope_free(t->s);
	buf_release(&t->key);
	free(t->list);
	free(t);
}

/* Adds up every worker and sale, by the places that decide their hitset. */
static void add_records(struct tally *t)
{
	struct stmt *st = db_prepare(t->db,
		"SELECT kind, origin, substr(destination, 1, 2), start_, end_, stable_from, poor, COUNT(*) FROM workers "
		"GROUP BY kind, origin, substr(destination, 1, 2), start_, end_, stable_from, poor");
	while (stmt_step(st))
		tally_worker(t, stmt_text(st, 0), stmt_text(st, 1), stmt_text(st, 2), stmt_text(st, 3), stmt_text(st, 4),
			     stmt_text(st, 5), (int)stmt_int(st, 6), stmt_int(st, 7));
	stmt_finalize(st);
	st = db_prepare(t->db, "SELECT pairing, seller, buyer, substr(date, 1, 7), SUM(amount) FROM sales "
			       "GROUP BY pairing, seller, buyer, substr(date, 1, 7)");
	while (stmt_step(st))
		tally_sale(t, stmt_text(st, 0), stmt_text(st, 1), stmt_text(st, 2), stmt_text(st, 3), stmt_int(st, 4));
	stmt_finalize(st);
}

void tally_rebuild(struct db *db)
{
	db_exec(db, "DELETE FROM tallies");
	db_exec(db, "DELETE FROM hitsets");
	struct tally *t = tally_open(db);
	add_records(t);
	tally_close(t);
}

int tally_check(struct db *db, char *why, size_t whylen)
{
	struct tally *t = tally_new(db, 1);
	add_records(t);
	int bad = 0;
	struct stmt *st = db_prepare(db,
		"SELECT h.pairings, t.indicator, t.year, t.month, t.stable_from, t.value "
		"FROM tallies t JOIN hitsets h ON h.id = t.hitset");
	while (!bad && stmt_step(st)) {
		void *id = map_get(&t->hitsets, stmt_text(st, 0));
		char k[128];
		snprintf(k, sizeof k, "%lld|%s|%04d|%s|%s", (long long)(intptr_t)id, stmt_text(st, 1),
			 (int)stmt_int(st, 2), stmt_text(st, 3), stmt_text(st, 4));
		int64_t *sum = id ? map_get(&t->sums, k) : NULL;
		if (!sum || *sum != stmt_int(st, 5)) {
			snprintf(why, whylen, "the kept sum of %s for %s in %s (month %s) is %lld, the records add up to %lld",
				 stmt_text(st, 1), stmt_text(st, 0), stmt_text(st, 2) ? stmt_text(st, 2) : "",
				 stmt_text(st, 3), (long long)stmt_int(st, 5), (long long)(sum ? *sum : 0));
			bad = 1;
		} else {
			*sum = INT64_MIN; /* matched */
		}
	}
	stmt_finalize(st);
	for (size_t i = 0; !bad && i < t->sums.cap; i++) {
		struct map_entry *e = &t->sums.e[i];
		if (e->key && *(int64_t *)e->value != INT64_MIN) {
			snprintf(why, whylen, "a sum the records add up to (%s: %lld) is not kept", e->key,
				 (long long)*(int64_t *)e->value);
			bad = 1;
		}
	}
	tally_free(t);
	return bad ? -1 : 0;
}

void tally_read(struct db *db, const char *until, tally_fn *fn, void *arg)
{
	char month[8];
	snprintf(month, sizeof month, "%.7s", until ? until : "9999-12");
	/* the hitsets are few: read them first, then stream the sums */
	char **sets = NULL;
	int64_t nsets = 0;
	struct stmt *st = db_prepare(db, "SELECT id, pairings FROM hitsets ORDER BY id");
	while (stmt_step(st)) {
		int64_t id = stmt_int(st, 0);
		if (id < 0 || id > 100000000)
			BUG("a hitset id out of range");
		if (id >= nsets) {
			int64_t n = id + 1 > nsets * 2 ? id + 1 : nsets * 2;
			sets = xrealloc(sets, (size_t)n * sizeof *sets);
			memset(sets + nsets, 0, (size_t)(n - nsets) * sizeof *sets);
			nsets = n;
		}
		sets[id] = xstrdup(stmt_text(st, 1));
	}
	stmt_finalize(st);
	st = db_prepare(db, "SELECT hitset, indicator, year, stable_from, value FROM tallies WHERE month <= ?");
	stmt_bind_text(st, 1, month);
	while (stmt_step(st)) {
		int64_t id = stmt_int(st, 0);
		if (id >= 0 && id < nsets && sets[id])
			fn(arg, id, sets[id], stmt_text(st, 1), (int)stmt_int(st, 2), stmt_text(st, 3), stmt_int(st, 4));
	}
	stmt_finalize(st);
	for (int64_t i = 0; i < nsets; i++)
		free(sets[i]);
	free(sets);
}
