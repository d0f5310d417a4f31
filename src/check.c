/*
** check.c: validators and parsers for the identifiers, dates and amounts
** of the bundle format.  Pure functions: no I/O, no allocation.
**
**   GB 11643  resident identity number: 17 digits + ISO 7064 MOD 11-2 check
**   GB 32100  unified social credit code: 18 chars of a 31-symbol alphabet
**             with a MOD 31 check character
**   GB/T 2260 + statistical codes: 6 (county and above), 9 (town), 12 (village)
*/
#define _XOPEN_SOURCE 700
#include "bangfu.h"
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <wchar.h>
#include "banned.h"

static int fail(char *why, size_t whylen, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static int fail(char *why, size_t whylen, const char *fmt, ...)
{
	if (why && whylen) {
		va_list ap;
		va_start(ap, fmt);
		vsnprintf(why, whylen, fmt, ap);
		va_end(ap);
	}
	return -1;
}

static int is_leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int days_in_month(int y, int m)
{
	static const int d[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	return m == 2 && is_leap(y) ? 29 : d[m - 1];
}

static int ymd_valid(int y, int m, int d)
{
	return y >= 1900 && y <= 2199 && m >= 1 && m <= 12 && d >= 1 &&
	       d <= days_in_month(y, m);
}

char idnum_check_char(const char *s)
{
	static const int w[17] = { 7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2 };
	int sum = 0;
	for (int i = 0; i < 17; i++) {
		if (!isdigit((unsigned char)s[i]))
			return 0;
		sum += (s[i] - '0') * w[i];
	}
	int c = (12 - sum % 11) % 11;
	return c == 10 ? 'X' : (char)('0' + c);
}

/* How many characters s holds (UTF-8), for a message about its length. */
static size_t chars_of(const char *s)
{
	size_t n = 0;
	for (; *s; s++)
		n += ((unsigned char)*s & 0xC0) != 0x80;
	return n;
}

int idnum_check(const char *s, char out[19], char *why, size_t whylen)
{
	size_t n = strlen(s);
	if (n != 18) {
		/* a spreadsheet's full-width digits (１２３) say so; a length
		** counts characters, not bytes */
		char a[64];
		typed_ascii(n < sizeof a ? s : "", a, sizeof a);
		if (strlen(a) == 18 && strspn(a, "0123456789Xx") == 18)
			return fail(why, whylen, "identity number is in full-width digits (１２３): write it with 0-9 and X");
		return fail(why, whylen, "identity number must have 18 characters, not %zu", chars_of(s));
	}
	for (int i = 0; i < 17; i++)
		if (!isdigit((unsigned char)s[i]))
			return fail(why, whylen, "identity number character %d is not a digit", i + 1);
	char last = (char)toupper((unsigned char)s[17]);
	if (!isdigit((unsigned char)last) && last != 'X')
		return fail(why, whylen, "identity number must end in a digit or X");
	int y = (s[6] - '0') * 1000 + (s[7] - '0') * 100 + (s[8] - '0') * 10 + (s[9] - '0');
	int m = (s[10] - '0') * 10 + (s[11] - '0');
	int d = (s[12] - '0') * 10 + (s[13] - '0');
	if (!ymd_valid(y, m, d))
		return fail(why, whylen, "identity number has no valid birth date (%.8s)", s + 6);
	static int today; /* YYYYMMDD, computed once */
	if (!today) {
		time_t now = time(NULL);
		struct tm tm;
		localtime_r(&now, &tm);
		today = (tm.tm_year + 1900) * 10000 + (tm.tm_mon + 1) * 100 + tm.tm_mday;
	}
	if (y * 10000 + m * 100 + d > today)
		return fail(why, whylen, "identity number has a birth date in the future (%.8s)", s + 6);
	char c = idnum_check_char(s);
	if (c != last)
		return fail(why, whylen, "identity number check digit is %c, expected %c", last, c);
	memcpy(out, s, 17);
	out[17] = last;
	out[18] = 0;
	return 0;
}

/* GB 32100 alphabet: digits and capitals without I, O, S, V, Z. */
static const char uscc_alpha[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";

static int uscc_value(char c)
{
	const char *p = c ? strchr(uscc_alpha, c) : NULL;
	return p ? (int)(p - uscc_alpha) : -1;
}

char uscc_check_char(const char *s)
{
	static const int w[17] = { 1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28 };
	int sum = 0;
	for (int i = 0; i < 17; i++) {
		int v = uscc_value(s[i]);
		if (v < 0)
			return 0;
		sum += v * w[i];
	}
	int c = 31 - sum % 31;
	return uscc_alpha[c == 31 ? 0 : c];
}

int uscc_check(const char *s, int *check_ok, char *why, size_t whylen)
{
	size_t n = strlen(s);
	*check_ok = 0;
	if (n != 18)
		return fail(why, whylen, "unified social credit code must have 18 characters, not %zu", chars_of(s));
	for (int i = 0; i < 18; i++)
		if (uscc_value(s[i]) < 0)
			return fail(why, whylen,
				    "unified social credit code character %d ('%c') is not allowed "
				    "(digits and capitals other than I, O, S, V, Z)", i + 1,
				    isprint((unsigned char)s[i]) ? s[i] : '?');
	if (!strchr("123456789ABCDEFGHNY", s[0]))
		return fail(why, whylen, "unified social credit code: '%c' is not a registration authority", s[0]);
	for (int i = 2; i < 8; i++)
		if (!isdigit((unsigned char)s[i]))
			return fail(why, whylen, "unified social credit code: characters 3-8 must be a division code");
	*check_ok = uscc_check_char(s) == s[17];
	return 0;
}

int orgcode_check(const char *s, int *check_ok, char *why, size_t whylen)
{
	if (starts_with(s, "L-")) {
		size_t n = strlen(s);
		*check_ok = 1;
		if (n < 3 || n > 40)
			return fail(why, whylen, "local organisation code must be L- and 1 to 38 characters");
		for (size_t i = 2; i < n; i++)
			if (!isalnum((unsigned char)s[i]) && s[i] != '-' && s[i] != '_')
				return fail(why, whylen, "local organisation code may hold only letters, digits, - and _");
		return 0;
	}
	return uscc_check(s, check_ok, why, whylen);
}

int divcode_norm(const char *s, char out[13], char *why, size_t whylen)
{
	size_t n = strlen(s);
	for (size_t i = 0; i < n; i++)
		if (!isdigit((unsigned char)s[i]))
			return fail(why, whylen, "division code must be digits only");
	if (n != 6 && n != 9 && n != 12)
		return fail(why, whylen, "division code must have 6, 9 or 12 digits, not %zu", n);
	memcpy(out, s, n);
	memset(out + n, '0', 12 - n);
	out[12] = 0;
	if (divcode_level(out) < 0)
		return fail(why, whylen, "division code %s has no valid structure", s);
	return 0;
}

static int zeros(const char *s, int from, int to)
{
	for (int i = from; i < to; i++)
		if (s[i] != '0')
			return 0;
	return 1;
}

int divcode_level(const char *c)
{
	if (strlen(c) != 12 || zeros(c, 0, 2))
		return -1;
	if (!zeros(c, 9, 12))
		return 4;
	if (!zeros(c, 6, 9))
		return 3;
	if (!zeros(c, 4, 6))
		return 2;
	if (!zeros(c, 2, 4))
		return 1;
	return 0;
}

int divcode_sig(int level)
{
	static const int sig[] = { 2, 4, 6, 9, 12 };
	return level >= 0 && level <= 4 ? sig[level] : 12;
}

static int digits(const char **p, int max, int *v)
{
	int n = 0;
	*v = 0;
	while (n < max && isdigit((unsigned char)**p)) {
		*v = *v * 10 + (**p - '0');
		(*p)++;
		n++;
	}
	return n;
}

int date_parse(const char *s, char out[11], char *why, size_t whylen)
{
	const char *p = s;
	int y, m, d;
	if (digits(&p, 4, &y) != 4 || (*p != '-' && *p != '/'))
		goto bad;
	char sep = *p++;
	int nm = digits(&p, 2, &m);
	if (nm == 0 || *p++ != sep)
		goto bad;
	int nd = digits(&p, 2, &d);
	if (nd == 0 || *p)
		goto bad;
	if (sep == '-' && (nm != 2 || nd != 2))
		goto bad;
	if (!ymd_valid(y, m, d))
		return fail(why, whylen, "%s is not a date in the calendar", s);
	snprintf(out, 11, "%04u-%02u-%02u", (unsigned)y % 10000u, (unsigned)m % 100u, (unsigned)d % 100u);
	return 0;
bad:
	return fail(why, whylen, "'%s' is not a date: write YYYY-MM-DD or YYYY/M/D", s);
}

void date_add_months(const char *d, int months, char out[11])
{
	int y = atoi(d), m = atoi(d + 5), day = atoi(d + 8);
	int t = y * 12 + (m - 1) + months;
	y = t / 12;
	m = t % 12 + 1;
	if (day > days_in_month(y, m))
		day = days_in_month(y, m);
	snprintf(out, 11, "%04u-%02u-%02u", (unsigned)y % 10000u, (unsigned)m % 100u, (unsigned)day % 100u);
}

void date_today(char out[11])
{
	time_t now = time(NULL);
	struct tm tm;
	localtime_r(&now, &tm);
	strftime(out, 11, "%Y-%m-%d", &tm);
}

int money_parse(const char *s, int64_t *fen, char *why, size_t whylen)
{
	const char *p = s;
	int64_t yuan = 0;
	int n = 0;
	if (!*p)
		return fail(why, whylen, "amount is empty");
	/* thousands separators as offices write them (35,246,430.00): only
	** whole groups of three after the first, or none at all */
	int group = -1; /* digits since the last separator; -1 before any */
	while (isdigit((unsigned char)*p) || (*p == ',' && n > 0)) {
		if (*p == ',') {
			if ((group < 0 && n > 3) || (group >= 0 && group != 3))
				goto bad;
			group = 0;
			p++;
			continue;
		}
		if (yuan > (INT64_MAX / 100 - 9) / 10)
			return fail(why, whylen, "amount %s is too large", s);
		yuan = yuan * 10 + (*p++ - '0');
		n++;
		if (group >= 0)
			group++;
	}
	if (n == 0 || (group >= 0 && group != 3))
		goto bad;
	int64_t f = 0;
	if (*p == '.') {
		p++;
		int k = 0;
		while (isdigit((unsigned char)*p)) {
			if (++k > 2)
				return fail(why, whylen,
					    "amount %s has more than two decimals (fen is the smallest unit)", s);
			f = f * 10 + (*p++ - '0');
		}
		if (k == 0)
			goto bad;
		if (k == 1)
			f *= 10;
	}
	if (*p)
		goto bad;
	*fen = yuan * 100 + f;
	return 0;
bad:
	return fail(why, whylen, "'%s' is not an amount: write yuan like 1234.5 or 35246430.00", s);
}

char *int_format(int64_t v, char out[24])
{
	char tmp[24], *p = tmp + sizeof tmp;
	uint64_t a = v < 0 ? (uint64_t)(-(v + 1)) + 1 : (uint64_t)v;
	*--p = 0;
	do {
		*--p = (char)('0' + a % 10);
		a /= 10;
	} while (a);
	if (v < 0)
		*--p = '-';
	memcpy(out, p, (size_t)(tmp + sizeof tmp - p));
	return out;
}

void money_format(int64_t fen, char out[32])
{
	const char *sign = fen < 0 ? "-" : "";
	uint64_t a = fen < 0 ? (uint64_t)(-(fen + 1)) + 1 : (uint64_t)fen;
	snprintf(out, 32, "%s%llu.%02llu", sign, (unsigned long long)(a / 100),
		 (unsigned long long)(a % 100));
}

int int_parse(const char *s, int64_t lo, int64_t hi, int64_t *v, char *why, size_t whylen)
{
	const char *p = s;
	int neg = 0;
	int64_t x = 0;
	if (*p == '-') {
		neg = 1;
		p++;
	}
	if (!isdigit((unsigned char)*p))
		goto bad;
	while (isdigit((unsigned char)*p)) {
		if (x > INT64_MAX / 10 - 10)
			goto range;
		x = x * 10 + (*p++ - '0');
	}
	if (*p)
		goto bad;
	if (neg)
		x = -x;
	if (x < lo || x > hi)
		goto range;
	*v = x;
	return 0;
bad:
	return fail(why, whylen, "'%s' is not a whole number", s);
range:
	return fail(why, whylen, "%s is out of range (%lld to %lld)", s, (long long)lo, (long long)hi);
}

int utf8_valid(const unsigned char *s, size_t n, size_t *bad_at)
{
	size_t i = 0;
	while (i < n) {
		unsigned char c = s[i];
		if (c < 0x80) {
			i++;
			continue;
		}
		size_t len;
		uint32_t cp, min;
		if ((c & 0xE0) == 0xC0) {
			len = 2; cp = c & 0x1F; min = 0x80;
		} else if ((c & 0xF0) == 0xE0) {
			len = 3; cp = c & 0x0F; min = 0x800;
		} else if ((c & 0xF8) == 0xF0) {
			len = 4; cp = c & 0x07; min = 0x10000;
		} else {
			goto bad;
		}
		if (i + len > n)
			goto bad;
		for (size_t k = 1; k < len; k++) {
			if ((s[i + k] & 0xC0) != 0x80)
				goto bad;
			cp = (cp << 6) | (s[i + k] & 0x3F);
		}
		if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
			goto bad;
		i += len;
	}
	return 1;
bad:
	if (bad_at)
		*bad_at = i;
	return 0;
}

int utf8_width(const char *s)
{
	mbstate_t st;
	memset(&st, 0, sizeof st);
	int w = 0;
	size_t n = strlen(s);
	while (n > 0) {
		wchar_t wc;
		size_t k = mbrtowc(&wc, s, n, &st);
		if (k == (size_t)-1 || k == (size_t)-2) {
			w++;
			s++;
			n--;
			memset(&st, 0, sizeof st);
			continue;
		}
		if (k == 0)
			break;
		int cw = wcwidth(wc);
		/* CJK is wide even where the C library is unsure. */
		if (cw < 0)
			cw = 1;
		if (wc >= 0x2E80 && wc <= 0xFFEF && cw < 2 && !(wc >= 0xFF61 && wc <= 0xFFDC))
			cw = 2;
		w += cw;
		s += k;
		n -= k;
	}
	return w;
}
