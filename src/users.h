/*
** users.h: staff accounts, roles and regions (see users.c).
*/
#ifndef USERS_H
#define USERS_H
#include "bangfu.h"
#include "db.h"

enum role { ROLE_ADMIN, ROLE_CLERK, ROLE_EAST, ROLE_AUDITOR, ROLE_VIEWER };
extern const char *const roles[]; /* by enum role, NULL-terminated */
int role_index(const char *s);    /* -1 when unknown */

#define LOCKOUT_FAILURES 5
#define LOCKOUT_TEXT "5" /* the same, in SQL */
#define LOCKOUT_SECONDS (15 * 60)

struct user {
	char name[65];
	int role;
	char region[13]; /* 12-digit division code; "" for every region */
	int disabled;
};

int user_load(struct db *db, const char *name, struct user *u); /* 1 when found */

enum signin { SIGNIN_OK, SIGNIN_BAD, SIGNIN_LOCKED };
/* Checks a password (Argon2id), counts failures, locks after
** LOCKOUT_FAILURES, and audits the attempt. */
enum signin user_signin(struct db *db, const char *name, const char *password, const char *addr,
			struct user *u);
#endif
