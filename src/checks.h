/*
** checks.h: what the audit checks share (auditcheck.c runs them, with the
** checks that read a table's few rows or a register's; auditscan.c has
** the checks that look at every payment, in two passes over the table).
*/
#ifndef CHECKS_H
#define CHECKS_H
#include "bangfu.h"
#include "cmd.h"
#include <stdint.h>

struct finding {
	const char *check;
	char *id, *detail;
	char *county; /* the western county it lies in */
	const char *kind;
	int64_t amount;
	int has_amount;
};

struct audit {
	struct cmdctx *c;       /* c->db: where the checks read (--read-db: a standby) */
	struct db *keep;        /* the store, where --keep writes */
	int64_t dup_days, idle_days, large_fen, large_times, median_min, overdue_days, stalled_days;
	char asof[11];
	char from[11], to[11];  /* --from, --to: the period of the records found, or "" */
	char west[13];          /* --west: the code's significant digits, or "" */
	char like[16];          /* the same as a LIKE pattern: "6211%", or "" */
	struct finding *f;
	int n, alloc;
};

/* checkwords.c: each check in words, in the catalogue's order */
enum { NCHECKS = 12 };
struct check_words {
	const char *name, *zh[3], *en[3]; /* what it looks for, why it matters, what to do */
};
extern const struct check_words check_words[NCHECKS];
int check_index(const char *name); /* -1 when no check has that name */
/* A finding's detail in Chinese (allocated), or NULL when of no known form. */
char *detail_zh(const char *detail);

/* A finding about record id, dated date (a day, or a project's year),
** unless the period leaves it out (detail: allocated, the finding takes it). */
void found(struct audit *a, const char *check, const char *kind, const char *id, const char *county, const char *date,
	   int64_t amount, int has_amount, char *detail);

/* auditscan.c: paid_before_allocation, duplicate_payment and
** large_personal_payment, those of them asked for, together. */
void audit_scan(struct audit *a, int paid_before, int duplicate, int large);
#endif
