/*
** limits.h: how often an address may do a thing a minute (the portal's
** look-ups and reports), counted in one table all of a server's workers
** share.  See limits.c.
*/
#ifndef BANGFU_LIMITS_H
#define BANGFU_LIMITS_H

#include <stdint.h>

struct limit_slot;

/* The table, all slots free: made before the workers fork, so that they
** share it. */
struct limit_slot *limits_new(void);
/* The same table in a file (made when absent, 0600), shared by every
** process that maps it: every server of one SQLite store.  NULL: limits_new. */
struct limit_slot *limits_open(const char *path);
void limits_free(struct limit_slot *t);

/* The part of a client's address that is limited, in out (up to 16
** bytes), and its length: an IPv4 address whole; an IPv6 address by its
** first 64 bits, the network a single subscriber is given (who could
** otherwise take a new address from it for every request); anything else
** (a name, "?") as it is, cut to 16 bytes. */
size_t limits_addr(const char *addr, unsigned char out[16]);

/* One more request of key (a keyed hash of address and kind; never 0) at
** now (seconds): 1 while it is within per_minute requests of the minute
** that began with the key's first request, 0 beyond. */
int limits_take(struct limit_slot *t, uint64_t key, uint32_t now, uint32_t per_minute);

/* Where the count is kept in the database (PostgreSQL), a worker takes
** limits_share(per_minute) requests of an address's minute at once (1 for
** a limit under 128) and keeps what it did not spend yet: limits_lease_take
** spends one of key's (1) or finds none left in its minute (0);
** limits_lease_keep keeps left of the minute that began at start. */
uint32_t limits_share(uint32_t per_minute);
int limits_lease_take(uint64_t key, uint32_t now);
void limits_lease_keep(uint64_t key, uint32_t start, uint32_t left);

#endif
