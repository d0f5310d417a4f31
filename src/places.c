/*
** places.c: the built-in division table (see places.h).
**
** build/places.bin, written by tool/mkplaces.js, is carried in the binary
** as it is (.incbin).  Its layout, all little-endian:
**
**   128 bytes  "BFPLACE1", u32 count, u32 names' size, u32 suffixes' size,
**              u32 number of suffixes, the edition (NUL-terminated)
**   count u64  the codes as numbers, ascending
**   count u32  each code's name: offset of its stem (bits 0-23), level
**              (bits 24-26), suffix number (bits 27-31, 0 for none)
**   suffixes   NUL-terminated, in their numbers' order (1, 2 ...)
**   names      stems, NUL-terminated
**
** A code is found by binary search: some 20 steps for 665,000 codes.
*/
#include "bangfu.h"
#include "places.h"
#include <stdlib.h>
#include <string.h>
#include "banned.h"

#ifndef PLACES_BIN
#define PLACES_BIN "build/places.bin"
#endif

__asm__(".section .rodata.places,\"a\"\n"
	".balign 16\n"
	".globl bangfu_places\n"
	".hidden bangfu_places\n"
	"bangfu_places:\n"
	".incbin \"" PLACES_BIN "\"\n"
	".globl bangfu_places_end\n"
	".hidden bangfu_places_end\n"
	"bangfu_places_end:\n"
	".previous\n");
extern const unsigned char bangfu_places[], bangfu_places_end[];

#define HEAD 128
#define MAXSUFFIX 31

static struct {
	int ready;
	uint32_t n;
	const unsigned char *codes, *info;
	const char *names;
	const char *suffix[MAXSUFFIX + 1];
} t;

static uint32_t u32_at(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static uint64_t u64_at(const unsigned char *p)
{
	return (uint64_t)u32_at(p) | (uint64_t)u32_at(p + 4) << 32;
}

static void places_open(void)
{
	if (t.ready)
		return;
	const unsigned char *b = bangfu_places;
	size_t size = (size_t)(bangfu_places_end - bangfu_places);
	if (size < HEAD || memcmp(b, "BFPLACE1", 8) != 0)
		BUG("the built-in division table is damaged");
	t.n = u32_at(b + 8);
	uint32_t names = u32_at(b + 12), sfx = u32_at(b + 16), nsfx = u32_at(b + 20);
	if (nsfx > MAXSUFFIX || (uint64_t)HEAD + 12ull * t.n + sfx + names != size)
		BUG("the built-in division table is damaged");
	t.codes = b + HEAD;
	t.info = t.codes + 8ull * t.n;
	const char *s = (const char *)(t.info + 4ull * t.n);
	for (uint32_t i = 1; i <= nsfx; i++) {
		t.suffix[i] = s;
		s += strlen(s) + 1;
	}
	t.names = (const char *)(t.info + 4ull * t.n) + sfx;
	t.ready = 1;
}

const char *places_edition(void)
{
	places_open();
	return (const char *)bangfu_places + 24;
}

long places_count(void)
{
	places_open();
	return (long)t.n;
}

const char *place_level_name(int level)
{
	static const char *const names[] = { "province", "city", "county", "town", "village" };
	return level >= 0 && level <= 4 ? names[level] : "?";
}

/* The index of a code, or -1. */
static long find(uint64_t code)
{
	long lo = 0, hi = (long)t.n - 1;
	while (lo <= hi) {
		long mid = lo + (hi - lo) / 2;
		uint64_t c = u64_at(t.codes + 8 * mid);
		if (c == code)
			return mid;
		if (c < code)
			lo = mid + 1;
		else
			hi = mid - 1;
	}
	return -1;
}

static uint64_t code_value(const char *code12)
{
	if (strlen(code12) != 12 || strspn(code12, "0123456789") != 12)
		return 0;
	return strtoull(code12, NULL, 10);
}

int place_get(const char *code12, struct place *p)
{
	places_open();
	uint64_t v = code_value(code12);
	long i = v ? find(v) : -1;
	if (i < 0)
		return 0;
	uint32_t info = u32_at(t.info + 4 * i);
	memcpy(p->code, code12, 13);
	p->level = (int)(info >> 24 & 7);
	const char *stem = t.names + (info & 0xffffff), *sfx = t.suffix[info >> 27];
	snprintf(p->name, sizeof p->name, "%s%s", stem, sfx ? sfx : "");
	/* the nearest division above it that the table has */
	static const uint64_t scale[] = { 10000000000ull, 100000000ull, 1000000ull, 1000ull, 1ull };
	p->parent[0] = 0;
	for (int up = p->level - 1; up >= 0; up--) {
		uint64_t pv = v / scale[up] * scale[up];
		if (pv != v && find(pv) >= 0) {
			snprintf(p->parent, sizeof p->parent, "%012llu", (unsigned long long)pv);
			break;
		}
	}
	return 1;
}
