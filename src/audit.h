/*
** audit.h: the append-only, hash-chained audit trail (see audit.c).
*/
#ifndef AUDIT_H
#define AUDIT_H
#include "bangfu.h"
#include "db.h"

/* Appends an entry (in its own savepoint): who did what from where, with
** the record before and after where there is one (NULL otherwise). */
void audit_log(struct db *db, const char *who, const char *addr, const char *action, const char *what,
	       const char *before, const char *after);
/* Who runs a command on this machine, for the audit trail: "cli:" and the
** operating-system user (by the process's user id, not the environment). */
const char *audit_cli_who(char out[80]);
/* Now, in UTC, as the trail writes it (2026-11-30T22:40:00Z). */
void audit_now(char out[32]);
/* Recomputes the chain: 0 when intact (*n entries), else -1 and why. */
int audit_check(struct db *db, int64_t *n, char *why, size_t whylen);
/* findings.c: moves a kept finding on (action: assign NAME, confirm
** [YUAN to recover], dismiss, recovered, reopen; a reason for dismiss and
** reopen), in the audit trail.  0 with what changed in why, -1 with why not. */
int finding_move(struct db *db, const char *who, const char *addr, const char *id, const char *action,
		 const char *arg, const char *reason, char *why, size_t n);
#endif
