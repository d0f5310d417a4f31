/*
** fold.c: fold Traditional to Simplified for search, so that 镇雄 finds 鎮雄
** and the other way round.  The stored name and the query go through the
** same function.
**
** OpenCC converts whole phrases and costs about 2 µs a name: too slow for
** the import path.  Search needs only a character-wise fold, so each
** distinct code point goes through OpenCC once and the answer is cached in
** a table; after that a name costs a few table look-ups.
*/
#include "bangfu.h"
#include <opencc/opencc.h>
#include <stdlib.h>
#include <string.h>
#include "banned.h"

static opencc_t t2s;
static uint32_t *cache; /* BMP code point -> folded code point, 0 unknown */

static size_t utf8_encode(uint32_t cp, char *out)
{
	if (cp < 0x80) {
		out[0] = (char)cp;
		return 1;
	} else if (cp < 0x800) {
		out[0] = (char)(0xC0 | (cp >> 6));
		out[1] = (char)(0x80 | (cp & 0x3F));
		return 2;
	} else if (cp < 0x10000) {
		out[0] = (char)(0xE0 | (cp >> 12));
		out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		out[2] = (char)(0x80 | (cp & 0x3F));
		return 3;
	}
	out[0] = (char)(0xF0 | (cp >> 18));
	out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
	out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
	out[3] = (char)(0x80 | (cp & 0x3F));
	return 4;
}

/* Decode one code point; returns its length, 0 on a malformed sequence. */
static size_t utf8_decode(const unsigned char *s, uint32_t *cp)
{
	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	if ((s[0] & 0xE0) == 0xC0 && (s[1] & 0xC0) == 0x80) {
		*cp = ((uint32_t)(s[0] & 0x1F) << 6) | (s[1] & 0x3F);
		return 2;
	}
	if ((s[0] & 0xF0) == 0xE0 && (s[1] & 0xC0) == 0x80 && (s[2] & 0xC0) == 0x80) {
		*cp = ((uint32_t)(s[0] & 0x0F) << 12) | ((uint32_t)(s[1] & 0x3F) << 6) | (s[2] & 0x3F);
		return 3;
	}
	if ((s[0] & 0xF8) == 0xF0 && (s[1] & 0xC0) == 0x80 && (s[2] & 0xC0) == 0x80 &&
	    (s[3] & 0xC0) == 0x80) {
		*cp = ((uint32_t)(s[0] & 0x07) << 18) | ((uint32_t)(s[1] & 0x3F) << 12) |
		      ((uint32_t)(s[2] & 0x3F) << 6) | (s[3] & 0x3F);
		return 4;
	}
	return 0;
}

static uint32_t fold_cp(uint32_t cp)
{
	if (cp < 0x80)
		return cp >= 'A' && cp <= 'Z' ? cp + 32 : cp;
	if (cp >= 0x10000)
		return cp;
	if (!cache) {
		t2s = opencc_open(OPENCC_DEFAULT_CONFIG_TRAD_TO_SIMP);
		if (t2s == (opencc_t)-1)
			die("OpenCC could not load %s: %s", OPENCC_DEFAULT_CONFIG_TRAD_TO_SIMP,
			    opencc_error());
		cache = xcalloc(0x10000, sizeof *cache);
	}
	if (cache[cp])
		return cache[cp];
	char in[5];
	size_t n = utf8_encode(cp, in);
	uint32_t r = cp;
	char *out = opencc_convert_utf8(t2s, in, n);
	if (out) {
		uint32_t c2;
		size_t k = utf8_decode((const unsigned char *)out, &c2);
		if (k && out[k] == 0)
			r = c2;
		opencc_convert_utf8_free(out);
	}
	cache[cp] = r;
	return r;
}

char *fold_text(const char *s)
{
	struct buf b = BUF_INIT;
	const unsigned char *p = (const unsigned char *)s;
	buf_grow(&b, strlen(s));
	while (*p) {
		uint32_t cp;
		size_t k = utf8_decode(p, &cp);
		if (!k) {
			buf_addc(&b, (char)*p++);
			continue;
		}
		char enc[4];
		size_t m = utf8_encode(fold_cp(cp), enc);
		buf_add(&b, enc, m);
		p += k;
	}
	return buf_detach(&b);
}
