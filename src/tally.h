/*
** tally.h: kept sums of the big cooperation kinds (workers and sales), so
** that report indicators and the bulletin read a few thousand rows, not
** millions.
**
** A record counts for a set of pairings (the roll-up of FORMATS.md); each
** distinct set is a hitset.  A tally adds up one indicator of the records of
** one hitset, one year (the year they count for) and one month (their own
** date's, for the bulletin's cut-off); open-ended workers are kept apart by
** the day they become stable, which an as-of date decides.  Import adds to
** the tallies in the transaction that stores the records; when the
** registry changes (divisions, organisations, pairings, persons), sets of
** pairings change with it and the tallies are rebuilt from the records.
*/
#ifndef TALLY_H
#define TALLY_H
#include "bangfu.h"
#include "db.h"

struct tally;
struct tally *tally_open(struct db *db);
/* n workers of one kind (NULL or "transfer": moved for work; "graduate";
** "public_welfare") from origin to destination. */
void tally_worker(struct tally *t, const char *kind, const char *origin, const char *destination,
		  const char *start, const char *end, const char *stable_from, int poor, int64_t n);
void tally_sale(struct tally *t, const char *pairing, const char *seller, const char *buyer,
		const char *date, int64_t amount);
void tally_close(struct tally *t); /* writes the sums added; frees */
void tally_free(struct tally *t);  /* frees, writing nothing */
void tally_rebuild(struct db *db); /* every tally anew from the records */
/* Do the kept sums equal what the records add up to?  0 when they do;
** else -1 and why. */
int tally_check(struct db *db, char *why, size_t whylen);

/* Reading: calls fn for each kept sum up to month until (YYYY-MM, or NULL
** for all) with its hitset's id and pairing ids ('\x1f'-separated). */
typedef void tally_fn(void *arg, int64_t hitset, const char *pairings, const char *indicator, int year,
		      const char *stable_from, int64_t value);
void tally_read(struct db *db, const char *until, tally_fn *fn, void *arg);
#endif
