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
	struct cmdctx *c;
	int64_t dup_days, idle_days, large_fen, large_times, median_min, overdue_days, stalled_days;
	char asof[11];
	char west[13];          /* --west: the code's significant digits, or "" */
	char like[16];          /* the same as a LIKE pattern: "6211%", or "" */
	struct finding *f;
	int n, alloc;
};

/* A finding about record id (detail: allocated, the finding takes it). */
void found(struct audit *a, const char *check, const char *kind, const char *id, const char *county,
	   int64_t amount, int has_amount, char *detail);

/* auditscan.c: paid_before_allocation, duplicate_payment and
** large_personal_payment, those of them asked for, together. */
void audit_scan(struct audit *a, int paid_before, int duplicate, int large);
#endif
