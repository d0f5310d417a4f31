/*
** params.c: a command's options, checked and normalised once, whether they
** come from the command line or a request (see params.h).
*/
#include "bangfu.h"
#include "params.h"
#include <stdlib.h>
#include <string.h>
#include "banned.h"

/* Valid UTF-8 of at most max bytes, without control characters (but line
** breaks and tabs when lines). */
static int text_check(const char *s, size_t max, int lines)
{
	size_t n = strlen(s), bad;
	if (n > max || !utf8_valid((const unsigned char *)s, n, &bad))
		return 0;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if ((*p < 0x20 && !(lines && (*p == '\n' || *p == '\r' || *p == '\t'))) || *p == 0x7f)
			return 0;
	return 1;
}

int text_lines_ok(const char *s, size_t max)
{
	return text_check(s, max, 1);
}

int text_ok(const char *s, size_t max)
{
	return text_check(s, max, 0);
}

static int format_set(const char *allowed, const char *v, enum fmt *out, char *why, size_t n)
{
	static const struct {
		const char *name;
		enum fmt f;
	} names[] = { { "table", FMT_TABLE }, { "text", FMT_TABLE }, { "csv", FMT_CSV }, { "json", FMT_JSON },
		      { "xlsx", FMT_XLSX }, { "html", FMT_HTML } };
	size_t vl = strlen(v);
	for (const char *a = allowed; *a;) {
		size_t l = strcspn(a, "|");
		if (l == vl && strncmp(a, v, l) == 0)
			for (size_t i = 0; i < ARRAY_SIZE(names); i++)
				if (streq(names[i].name, v)) {
					*out = names[i].f;
					return 0;
				}
		a += l + (a[l] == '|');
	}
	snprintf(why, n, "%s is not available here (choose: %s)", text_ok(v, 32) ? v : "that", allowed);
	return -1;
}

int params_set(const struct param *t, void *p, const char *v, char *why, size_t n)
{
	char *at = (char *)p + t->off;
	char w[128];
	if (t->type == P_FLAG) {
		*(int *)at = 1;
		return 0;
	}
	if (!v) {
		snprintf(why, n, "needs a value");
		return -1;
	}
	if (!text_ok(v, PARAM_TEXT_MAX)) {
		snprintf(why, n, "not valid text (UTF-8 without control characters, at most %d bytes)",
			 PARAM_TEXT_MAX);
		return -1;
	}
	switch (t->type) {
	case P_TEXT:
		*(const char **)at = v;
		return 0;
	case P_INT: {
		int64_t x;
		if (int_parse(v, t->lo, t->hi, &x, w, sizeof w) < 0)
			goto bad;
		*(int64_t *)at = x;
		return 0;
	}
	case P_YEAR: {
		int64_t x;
		if (int_parse(v, 1900, 2199, &x, w, sizeof w) < 0)
			goto bad;
		*(int *)at = (int)x;
		return 0;
	}
	case P_DATE:
		if (date_parse(v, at, w, sizeof w) < 0)
			goto bad;
		return 0;
	case P_MONTH: {
		char first[24], d[11];
		if (strlen(v) != 7 || (snprintf(first, sizeof first, "%s-01", v),
				       date_parse(first, d, w, sizeof w) < 0)) {
			snprintf(why, n, "%s: write the month as YYYY-MM", v);
			return -1;
		}
		snprintf(at, 8, "%.7s", d);
		return 0;
	}
	case P_DIVISION:
		if (divcode_norm(v, at, w, sizeof w) < 0)
			goto bad;
		return 0;
	case P_PARTY:
		if (*v && strspn(v, "0123456789") == strlen(v)) {
			char c12[13];
			if (divcode_norm(v, c12, w, sizeof w) < 0)
				goto bad;
			snprintf(at, PARTY_MAX, "%s", c12);
			return 0;
		}
		if (!*v || strlen(v) >= PARTY_MAX) {
			snprintf(why, n, "%s: not a division or organisation code", v);
			return -1;
		}
		snprintf(at, PARTY_MAX, "%s", v);
		return 0;
	case P_FORMAT:
		return format_set(t->allowed, v, (enum fmt *)at, why, n);
	case P_FLAG:
		break;
	}
	BUG("unknown parameter type");
bad:
	snprintf(why, n, "%s: %s", v, w);
	return -1;
}

const struct param *params_find(const struct param *t, int nt, const char *name)
{
	for (int i = 0; i < nt; i++)
		if (streq(t[i].name, name))
			return &t[i];
	return NULL;
}

void params_from_argv(const struct param *t, int nt, void *p, int *argc, char **argv, const char *cmd)
{
	for (int i = 0; i < nt; i++) {
		char opt[48], why[256];
		snprintf(opt, sizeof opt, "--%s", t[i].name);
		const char *v;
		if (t[i].type == P_FLAG) {
			if (!opt_flag(argc, argv, opt))
				continue;
			v = NULL;
		} else if (!(v = opt_value(argc, argv, opt))) {
			continue;
		}
		if (params_set(&t[i], p, v, why, sizeof why) < 0)
			die("%s: %s %s", cmd, opt, why);
	}
	opt_no_more(*argc, argv, cmd);
}
