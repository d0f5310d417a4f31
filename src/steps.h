/*
** steps.h: correcting the date of a project's step (steps.c).
*/
#ifndef STEPS_H
#define STEPS_H
#include "db.h"

struct step_fix_req {
	const char *id, *step, *date, *reason;
	const char *who, *addr; /* for the audit trail */
};
enum step_fix {
	SF_OK, SF_BAD_STEP, SF_BAD_DATE, SF_FUTURE, SF_NO_REASON, SF_NO_PROJECT, SF_NOT_TAKEN, SF_SAME,
	SF_BEFORE_EARLIER, /* the new date comes before the date of an earlier step (info->other) */
	SF_AFTER_LATER,    /* ... after the date of a later step */
};
struct step_fix_info {
	char before[11];     /* the step's date before */
	char other[16];      /* the step it would cross */
	char other_date[11]; /* its date (SF_FUTURE: today) */
};
/* Corrects the step's date, keeping the correction, in one transaction,
** and writes the audit trail.  SF_OK, or why not. */
enum step_fix step_fix(struct db *db, const struct step_fix_req *r, struct step_fix_info *info);
/* Each correction of a project's step, oldest first. */
void step_corrections(struct db *db, const char *id, const char *step,
		      void (*fn)(void *arg, const char *before, const char *after, const char *reason,
				 const char *by, const char *at),
		      void *arg);
#endif
