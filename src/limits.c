/*
** limits.c: the counts of look-ups and reports an address made this
** minute, in one table every worker of a server shares (mapped before they
** fork), so that N workers allow the limit once, not N times.  With a
** SQLite store the table is a file beside it, which every server of that
** store on the machine maps; PostgreSQL's servers count in the database
** (portal.c).
**
** The table has a fixed size (it never grows, whatever the flood of
** addresses); each slot is a key and a count, read and changed with atomic
** operations only, so that no worker ever waits for another, and a worker
** that dies midway leaves nothing locked.  Keys are keyed hashes: no
** address is kept.
*/
#include "bangfu.h"
#include "limits.h"
#include <arpa/inet.h>
#include <errno.h>
#include <string.h>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include "banned.h"

#define LIMIT_SLOTS 65536 /* a power of two; 1 MiB */
#define LIMIT_PROBE 16

struct limit_slot {
	uint64_t key;   /* 0: free */
	uint64_t count; /* start of the minute (s) << 32 | requests in it */
};

struct limit_slot *limits_new(void)
{
	void *p = mmap(NULL, LIMIT_SLOTS * sizeof(struct limit_slot), PROT_READ | PROT_WRITE,
		       MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		die("serve: cannot map the table of limits: %s", strerror(errno));
	return p; /* zero-filled: every slot free */
}

struct limit_slot *limits_open(const char *path)
{
	if (!path)
		return limits_new();
	int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
	if (fd < 0)
		die("serve: cannot open the table of limits %s: %s", path, strerror(errno));
	struct stat sb;
	if (fstat(fd, &sb) != 0 || (sb.st_size != (off_t)(LIMIT_SLOTS * sizeof(struct limit_slot)) &&
				    ftruncate(fd, (off_t)(LIMIT_SLOTS * sizeof(struct limit_slot))) != 0))
		die("serve: cannot size the table of limits %s: %s", path, strerror(errno));
	void *p = mmap(NULL, LIMIT_SLOTS * sizeof(struct limit_slot), PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	close(fd);
	if (p == MAP_FAILED)
		die("serve: cannot map the table of limits %s: %s", path, strerror(errno));
	return p; /* a new file reads as zeros: every slot free */
}

void limits_free(struct limit_slot *t)
{
	if (t)
		munmap(t, LIMIT_SLOTS * sizeof(struct limit_slot));
}

size_t limits_addr(const char *addr, unsigned char out[16])
{
	if (inet_pton(AF_INET, addr, out) == 1)
		return 4;
	if (inet_pton(AF_INET6, addr, out) == 1) {
		static const unsigned char v4mapped[12] = { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff };
		if (memcmp(out, v4mapped, sizeof v4mapped) == 0) { /* ::ffff:a.b.c.d is an IPv4 client */
			memmove(out, out + 12, 4);
			return 4;
		}
		return 8;
	}
	size_t n = strlen(addr);
	n = n < 16 ? n : 16;
	memcpy(out, addr, n);
	return n;
}

static struct limit_slot *probe(struct limit_slot *t, uint64_t key, int i)
{
	return &t[(key + (uint64_t)i) & (LIMIT_SLOTS - 1)];
}

/* The slot of key: its own if it has one; else a free one, or one whose
** minute is over (taken over); in a flood that fills every slot it probes,
** the first, counted from nought.  Its own is looked for first, so that
** taking over a slot before it never gives a key a second count. */
static struct limit_slot *slot_of(struct limit_slot *t, uint64_t key, uint32_t now)
{
	for (int i = 0; i < LIMIT_PROBE; i++) {
		struct limit_slot *s = probe(t, key, i);
		uint64_t k = __atomic_load_n(&s->key, __ATOMIC_ACQUIRE);
		if (k == key)
			return s;
		if (k == 0) /* slots are never freed: no key lies past a free one */
			break;
	}
	for (int i = 0; i < LIMIT_PROBE; i++) {
		struct limit_slot *s = probe(t, key, i);
		uint64_t k = __atomic_load_n(&s->key, __ATOMIC_ACQUIRE);
		uint64_t c = __atomic_load_n(&s->count, __ATOMIC_ACQUIRE);
		/* a key with no count yet was just taken by another worker: not stale */
		int stale = k && c && now - (uint32_t)(c >> 32) >= 60;
		if ((k == 0 || stale) &&
		    __atomic_compare_exchange_n(&s->key, &k, key, 0, __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE)) {
			if (stale) /* the earlier key's count is not this one's */
				__atomic_compare_exchange_n(&s->count, &c, 0, 0, __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE);
			return s;
		}
		if (k == key) /* another worker took it for the same key just now */
			return s;
	}
	struct limit_slot *s = probe(t, key, 0);
	__atomic_store_n(&s->key, key, __ATOMIC_RELEASE);
	__atomic_store_n(&s->count, 0, __ATOMIC_RELEASE);
	return s;
}

int limits_take(struct limit_slot *t, uint64_t key, uint32_t now, uint32_t per_minute)
{
	struct limit_slot *s = slot_of(t, key, now);
	uint64_t c = __atomic_load_n(&s->count, __ATOMIC_ACQUIRE), next;
	do {
		uint32_t start = (uint32_t)(c >> 32), n = (uint32_t)c;
		if (c == 0 || now - start >= 60)
			next = (uint64_t)now << 32 | 1;
		else
			next = n == UINT32_MAX ? c : c + 1;
	} while (!__atomic_compare_exchange_n(&s->count, &c, next, 1, __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE));
	return (uint32_t)next <= per_minute;
}

/* ---- a worker's share of a minute ---------------------------------------------- */

/* PostgreSQL's servers count in the database, a statement on the primary a
** request.  Where the limit is large (an address a whole township shares,
** a load test) that statement is the look-up's dearest part, and every
** worker of every server writes the same row.  So a worker takes a share
** of the address's minute at a time (limits_share) and spends it here
** before it asks again.  What it holds unspent is lost to the others for
** the rest of the minute: the installation allows the limit at most, and
** at least the limit less each worker's unspent share.  The table is the
** worker's own, of a fixed size; a key that takes another's slot only
** forgets the other's share (it is allowed less, never more). */
#define LEASE_SLOTS 256
static struct lease {
	uint64_t key;
	uint32_t start; /* the minute's, as the database counts it */
	uint32_t left;
} leases[LEASE_SLOTS];

uint32_t limits_share(uint32_t per_minute)
{
	return per_minute / 64 > 1 ? per_minute / 64 : 1;
}

int limits_lease_take(uint64_t key, uint32_t now)
{
	struct lease *l = &leases[key & (LEASE_SLOTS - 1)];
	if (l->key != key || l->left == 0 || now - l->start >= 60)
		return 0;
	l->left--;
	return 1;
}

void limits_lease_keep(uint64_t key, uint32_t start, uint32_t left)
{
	struct lease *l = &leases[key & (LEASE_SLOTS - 1)];
	l->key = key;
	l->start = start;
	l->left = left;
}
