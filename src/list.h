/*
** list.h: what list.c and list_narrow.c share: a WHERE clause being built
** with its bound values.
*/
#ifndef LIST_H
#define LIST_H
#include "bangfu.h"
#include "kinds.h"
#include "params.h"

struct filter {
	struct buf where;   /* "" or " WHERE ..." */
	char **params;      /* bound in order; each owned */
	int n, cap;
	const char *sort;   /* --sort COLUMN, or NULL */
	int desc;
	const char *output; /* --output FILE.xlsx */
	int sums;           /* the payments' kept sums can count what it keeps */
	int by_seq;         /* read payments in their order, not by project */
};

/* Binds p (taken over) to the next '?' of the WHERE clause. */
void filter_param(struct filter *f, char *p);
/* " WHERE " or " AND ", as the clause so far needs. */
void filter_and(struct filter *f);
void filter_release(struct filter *f);
/* The narrowing options of list (--year, --pairing, --where, --min,
** --max): dies with what is wrong when one does not suit the kind. */
void list_narrow(struct cmdctx *c, struct filter *f, const struct kind *k, const struct list_params *p);
/* The region of a user on the east side sees as well what counts for the
** region's pairings (the projects, payments, workshops, workers of the
** western counties they help): " OR ..." after the region's own. */
void list_east_or(struct cmdctx *c, struct filter *f, const struct kind *k, const char *region);
#endif
