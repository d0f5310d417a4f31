/*
** indicator.h: the one definition of every indicator (FORMATS.md): its
** name, its meaning, and how it is shown.  Reports, the bulletin, exports
** and web pages all read this table.
*/
#ifndef INDICATOR_H
#define INDICATOR_H
#include "bangfu.h"
#include "db.h"

enum { IND_COUNT, IND_MONEY };

struct indicator {
	const char *name;   /* as in FORMATS.md, targets.csv and every report */
	const char *label;  /* Chinese, for tables and the bulletin */
	const char *label_en; /* English, for English pages */
	int unit;           /* IND_COUNT or IND_MONEY (fen) */
	const char *meaning;
	int distinct;       /* counts things once however many years they count in:
			    ** a cumulative value is not the sum of the years' */
};
extern const struct indicator indicators[];
extern const int nindicators;
int indicator_find(const char *name); /* index or -1 */

/*
** The pairing roll-up (FORMATS.md, "Which pairing and year a record counts
** for").  Loads every pairing, division side and organisation once; then
** answers, for a record's own pairing (or its western place and eastern
** party when it names none), every pairing it counts for.
*/
struct scope;
struct scope *scope_load(struct db *db);
void scope_free(struct scope *s);
int scope_npairings(const struct scope *s);
const char *scope_pairing_id(const struct scope *s, int i); /* sorted by id */
int scope_pairing_index(const struct scope *s, const char *id); /* -1 if none */
const char *scope_pairing_east(const struct scope *s, int i);
/* Marks in hit[] (one flag per pairing) every pairing the record counts
** for.  pairing may be NULL; west is the record's western place (a division
** code or an organisation code); east its eastern party or NULL. */
void scope_counts_for(const struct scope *s, const char *pairing, const char *west,
		      const char *east, unsigned char *hit);
const char *scope_pairing_west(const struct scope *s, int i);
/* Does pairing q lie within pairing p (or is it p)? */
int scope_pairing_within(const struct scope *s, int q, int p);
/* The same as a list: writes the pairings' indexes to out (room for every
** pairing) and returns how many. */
int scope_counts_list(const struct scope *s, const char *pairing, const char *west, const char *east,
		      int *out);
/* The division of a party: a division code itself, an organisation's
** division; NULL for an organisation without one. */
const char *scope_party_division(const struct scope *s, const char *code);
/* Does party a (division or organisation code) lie within party b? */
int scope_within(const struct scope *s, const char *a, const char *b);
#endif
