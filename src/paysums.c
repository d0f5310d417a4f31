/*
** paysums.c: kept sums of the payments by project, year and purpose (see
** paysums.h).
*/
#include "bangfu.h"
#include "map.h"
#include "paysums.h"
#include <stdlib.h>
#include <string.h>
#include "banned.h"

struct sum {
	int64_t n, fen;
};

struct paysums {
	struct map m; /* "project\x1fYYYY\x1fpurpose" -> struct sum */
};

const char paysums_rebuild_sql[] =
	"INSERT INTO payment_sums(project, date, purpose, n, amount) "
	"SELECT project, substr(date, 1, 4) || '-01-01', purpose, COUNT(*), "
	"SUM(CASE WHEN reverses IS NULL THEN amount ELSE -amount END) FROM payments "
	"GROUP BY project, substr(date, 1, 4) || '-01-01', purpose";

struct paysums *paysums_new(void)
{
	struct paysums *ps = xcalloc(1, sizeof *ps);
	map_init(&ps->m);
	return ps;
}

static struct sum *sum_of(struct paysums *ps, const char *project, const char *date, const char *purpose)
{
	char key[512];
	size_t np = strlen(project), nu = strlen(purpose);
	if (np + nu + 7 > sizeof key)
		die("paysums: a project and purpose of %zu bytes", np + nu);
	memcpy(key, project, np);
	key[np] = '\x1f';
	memcpy(key + np + 1, date, 4);
	key[np + 5] = '\x1f';
	memcpy(key + np + 6, purpose, nu + 1);
	struct sum *s = map_get(&ps->m, key);
	if (!s) {
		s = xcalloc(1, sizeof *s);
		map_put(&ps->m, key, s);
	}
	return s;
}

void paysums_add(struct paysums *ps, const char *project, const char *date, const char *purpose, int64_t fen)
{
	struct sum *s = sum_of(ps, project, date, purpose);
	s->n++;
	s->fen += fen;
}

void paysums_add_hinted(struct paysums *ps, struct paysums_hint *h, const char *project, const char *date,
			const char *purpose, int64_t fen)
{
	struct sum *s = h->sum;
	if (!s || memcmp(h->year, date, 4) != 0 || strcmp(h->purpose, purpose) != 0) {
		s = sum_of(ps, project, date, purpose);
		if (strlen(purpose) < sizeof h->purpose) {
			h->sum = s;
			memcpy(h->year, date, 4);
			h->year[4] = 0;
			memcpy(h->purpose, purpose, strlen(purpose) + 1);
		}
	}
	s->n++;
	s->fen += fen;
}

void paysums_flush(struct paysums *ps, struct db *db)
{
	struct db_rows *w = db_rows_new(db, "INSERT INTO payment_sums(project, date, purpose, n, amount) VALUES", 5,
		" ON CONFLICT(project, date, purpose) DO UPDATE SET n = payment_sums.n + excluded.n, "
		"amount = payment_sums.amount + excluded.amount");
	for (size_t i = 0; i < ps->m.cap; i++) {
		if (!ps->m.e[i].key)
			continue;
		const char *k = ps->m.e[i].key, *y = strchr(k, '\x1f'), *p = strchr(y + 1, '\x1f');
		const struct sum *s = ps->m.e[i].value;
		char project[512], date[16], n[24], fen[24];
		snprintf(project, sizeof project, "%.*s", (int)(y - k), k);
		snprintf(date, sizeof date, "%.4s-01-01", y + 1);
		db_rows_add(w, (const char *[]){ project, date, p + 1, int_format(s->n, n), int_format(s->fen, fen) });
	}
	db_rows_end(w);
	paysums_free(ps);
}

void paysums_free(struct paysums *ps)
{
	if (!ps)
		return;
	map_release(&ps->m, free);
	free(ps);
}
