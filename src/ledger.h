/*
** ledger.h: the fund ledger's inside: every money row (fund, allocation,
** payment) is an entry with a sequence number and a hash that chains it to
** the one before; every entry moves an amount from one account to another
** (double entry), and the balances are kept as it posts.
**
** Accounts: source:CODE (an eastern giver), fund:ID, project:ID, and
** paid:ID, what a project has paid out to its payees (a control account:
** the payments themselves are its sub-ledger, person by person).
**   fund arrives      debit fund:F        credit source:FROM
**   allocation        debit project:P     credit fund:F
**   payment           debit paid:P        credit project:P
** A reversal (a row whose reverses names another) posts the opposite.
** Payments are drawn from a project's funds first in, first out (flows),
** so that every paid yuan is traced to the fund it came from.
*/
#ifndef LEDGER_H
#define LEDGER_H
#include "bangfu.h"
#include "db.h"

struct ledger;
/* Reads the chain's head; call inside the import's transaction.  Balances
** and flows are cached for the import and written back by ledger_close. */
struct ledger *ledger_open(struct db *db);
/* Writes the new head (same transaction) and frees. */
void ledger_close(struct ledger *l);
/* Frees, writing nothing (an import begun again). */
void ledger_discard(struct ledger *l);

/* The next entry: its sequence number, and its hash over content and the
** previous hash (hex, 64 chars).  Advances the head. */
int64_t ledger_next(const struct ledger *l); /* the number the next entry gets */
int64_t ledger_append(struct ledger *l, const char *content, size_t len, char hash[65]);
/* Hash of one entry given the previous one (used by verify as well). */
void ledger_hash(const unsigned char prev[32], const char *content, size_t len,
		 unsigned char out[32]);

int64_t ledger_balance(struct ledger *l, const char *account);
void ledger_post(struct ledger *l, const char *debit, const char *credit, int64_t amount);

/* flows: what fund F gave project P, and how much of it is paid out. */
int64_t ledger_flow_allocated(struct ledger *l, const char *fund, const char *project,
			      int64_t *paid);
void ledger_flow_allocate(struct ledger *l, const char *fund, const char *project,
			  int64_t amount, int64_t seq);

/* A project's handles, looked up once and kept by the caller for the
** ledger's life, so that each payment posts without a look-up by name:
** its account of money allocated and not paid (project:P), its account
** of money paid (paid:P), and its flows. */
struct project_books {
	struct acct *owed, *paid;
	struct pflows *flows;
};
void ledger_project_books(struct ledger *l, const char *project, struct project_books *b);
/* The books of up to 512 projects read at once (a batch of payments),
** so that ledger_project_books finds them read. */
void ledger_preload_projects(struct ledger *l, const char *const *projects, int n);
int64_t ledger_owed(const struct project_books *b);
/* A payment posts paid:P against project:P and draws on the flows first in,
** first out; its reversal the other way, last in, first out. */
void ledger_pay(struct project_books *b, int64_t amount);
void ledger_unpay(struct project_books *b, int64_t amount);

/* The canonical content of a money row, as hashed: its kind, its stored
** column values (NULL for empty) and its sequence number. */
void ledger_content(const char *kind, const char *const *vals, int n, int64_t seq,
		    struct buf *out);
#endif
