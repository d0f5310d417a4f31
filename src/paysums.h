/*
** paysums.h: kept sums of the payments (paysums.c), so that a list's
** total line does not read ten million rows.
**
** payment_sums holds, for each project, year and purpose, how many
** payment rows there are and their amount net of reversals; its date
** column is the year's first day, so that a list's own conditions on
** project, date (by year) and purpose read it as they read payments.
** Import adds what it stores; migration 13 adds up what was there.
*/
#ifndef PAYSUMS_H
#define PAYSUMS_H
#include "db.h"
#include <stdint.h>

struct paysums;
struct paysums *paysums_new(void);
/* A payment row stored: fen is its amount, negative for a reversal. */
void paysums_add(struct paysums *ps, const char *project, const char *date, const char *purpose, int64_t fen);
/* The same, with a hint the caller keeps for the project (zeroed at
** first): the next payment of its year and purpose finds its sum there. */
struct paysums_hint {
	void *sum;
	char year[5], purpose[40];
};
void paysums_add_hinted(struct paysums *ps, struct paysums_hint *h, const char *project, const char *date,
			const char *purpose, int64_t fen);
/* Adds what was gathered into the store and frees it. */
void paysums_flush(struct paysums *ps, struct db *db);
void paysums_free(struct paysums *ps);
/* The migration's SQL that adds up every payment stored (both engines). */
extern const char paysums_rebuild_sql[];
#endif
