/*
** figures.h: every indicator's value for every pairing and year, and for
** regions (a western county or city, an eastern city) rolled up from the
** pairings that lie in them, each record counted once.  `report
** indicators`, `bulletin` and the web pages all read these.
*/
#ifndef FIGURES_H
#define FIGURES_H
#include "indicator.h"

#define NO_TARGET INT64_MIN

struct figures {
	struct scope *s;
	int np;            /* pairings (rows 0..np-1, in scope order) */
	int nr;            /* regions (rows np..np+nr-1) */
	char **region;     /* region codes, 12 digits or an organisation code */
	unsigned char *region_east;
	unsigned char *member; /* [region][pairing]: the pairing lies in the region */
	int y0, ny;
	int cum;           /* a slot after the last year holds the cumulative
			    ** value (figures_cumulative) */
	int64_t *v;        /* [row][year][indicator] */
	int64_t *t;        /* targets, NO_TARGET where none was set */
};

/* Rows for every pairing of s, years y0..y1 (none when y1 < y0). */
void figures_init(struct figures *f, struct scope *s, int y0, int y1);
/* A region row: pairings whose west side (east side when east) lies in
** code; every pairing when code is "" (the whole store, each record once). */
int figures_add_region(struct figures *f, const char *code, int east);
/* Asks figures_compute for the cumulative value too (累计): every year's
** records up to until, each thing counted once where an indicator counts
** distinct things (indicators[].distinct).  It is read as the year
** figures_cum_year(f). */
void figures_cumulative(struct figures *f);
int figures_cum_year(const struct figures *f);
/* Adds up the records: dated up to until (NULL: all), workers stable as
** of asof (NULL: today). */
void figures_compute(struct figures *f, struct db *db, const char *until, const char *asof);
int64_t figures_value(const struct figures *f, int row, int year, int ind);
int64_t figures_target(const struct figures *f, int row, int year, int ind);
const char *figures_row_name(const struct figures *f, int row);
void figures_release(struct figures *f);
/* The years of the store: every year from the earliest to the latest of
** any dated record, as import keeps them (y1 < y0 when there is none). */
void store_years(struct db *db, int *y0, int *y1);
#endif
