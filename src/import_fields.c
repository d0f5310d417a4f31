/*
** import_fields.c: reading one field of a row (checked, normalised, an
** identity number sealed, a name folded for search) and a file's header
** (English or Chinese names, in any order): the reader thread's side.
*/
#include "bangfu.h"
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include "importer.h"
#include "enums.h"
#include "banned.h"

/* ---- field normalisation -------------------------------------------- */

static int enum_ok(const char *values, const char *s)
{
	size_t n = strlen(s);
	for (const char *p = values; *p;) {
		const char *e = strchr(p, '|');
		size_t len = e ? (size_t)(e - p) : strlen(p);
		if (len == n && strncmp(p, s, n) == 0)
			return 1;
		if (!e)
			break;
		p = e + 1;
	}
	return 0;
}

static void list_values(struct buf *b, const char *values)
{
	for (const char *p = values; *p; p++)
		buf_adds(b, *p == '|' ? ", " : (char[]){ *p, 0 });
}

/* Checks and normalises one field into v; reports to the diag.  Runs in
** the reader thread: it touches no store, only the key and the fold table. */
int norm_field(struct importer *im, int line, int fi, const struct column *c,
		      const char *raw, struct val *v)
{
	char why[200], tmp[32];
	v->is_org = 0;
	int ok;
	buf_reset(&v->s);
	free(v->fold);
	v->fold = NULL;
	v->n = 0;
	v->null = raw[0] == 0;
	if (v->null) {
		if (!(c->flags & C_REQ))
			return 0;
		diag_error(&im->d, line, fi, "%s: a value is required", c->name);
		return -1;
	}
	switch (c->type) {
	case T_TEXT:
	case T_REF:
		if (!utf8_valid((const unsigned char *)raw, strlen(raw), NULL)) {
			diag_error(&im->d, line, fi, "%s: not valid UTF-8 text", c->name);
			return -1;
		}
		buf_adds(&v->s, raw);
		break;
	case T_ENUM: {
		/* the value, or a Chinese name offices write for it (产业, 谋划) */
		const char *value = enum_ok(c->values, raw) ? raw : enum_from_words(im->k->name, c->name, raw);
		if (!value) {
			struct buf b = BUF_INIT;
			list_values(&b, c->values);
			diag_error(&im->d, line, fi, "%s: '%s' is not one of: %s", c->name, raw, b.s);
			buf_release(&b);
			return -1;
		}
		buf_adds(&v->s, value);
		break;
	}
	case T_DIV: {
		char code[13];
		if (divcode_norm(raw, code, why, sizeof why) < 0) {
			diag_error(&im->d, line, fi, "%s: %s", c->name, why);
			return -1;
		}
		buf_adds(&v->s, code);
		break;
	}
	case T_ORG:
		if (orgcode_check(raw, &ok, why, sizeof why) < 0) {
			diag_error(&im->d, line, fi, "%s: %s", c->name, why);
			return -1;
		}
		/* warned where the organisation is defined, not at each reference */
		if (!ok && (c->flags & C_KEY))
			diag_warn(&im->d, line, fi,
				  "%s: %s fails its GB 32100 check character (expected %c); imported as given",
				  c->name, raw, uscc_check_char(raw));
		buf_adds(&v->s, raw);
		break;
	case T_PARTY: {
		size_t n = strlen(raw);
		int digits = n > 0 && strspn(raw, "0123456789") == n;
		if (digits && (n == 6 || n == 9 || n == 12)) {
			char code[13];
			if (divcode_norm(raw, code, why, sizeof why) < 0) {
				diag_error(&im->d, line, fi, "%s: %s", c->name, why);
				return -1;
			}
			buf_adds(&v->s, code);
		} else {
			if (orgcode_check(raw, &ok, why, sizeof why) < 0) {
				diag_error(&im->d, line, fi,
					   "%s: '%s' is neither a division code (6, 9 or 12 digits) nor an organisation code (%s)",
					   c->name, raw, why);
				return -1;
			}
			buf_adds(&v->s, raw);
		}
		break;
	}
	case T_PAYEE:
		v->is_org = 0;
		if (!starts_with(raw, "enc:") && idnum_check(raw, tmp, why, sizeof why) < 0) {
			if (orgcode_check(raw, &ok, why, sizeof why) < 0) {
				diag_error(&im->d, line, fi,
					   "%s: '%s' is neither an identity number nor an organisation code",
					   c->name, raw);
				return -1;
			}
			v->is_org = 1;
			buf_adds(&v->s, raw);
			break;
		}
		/* a person: as an identity number */
		__attribute__((fallthrough));
	case T_IDNUM: {
		char id[19];
		if (idnum_check(raw, id, why, sizeof why) < 0) {
			if (starts_with(raw, "enc:") && secret_open_token(im->key, raw, id) == 0)
				goto sealed;
			if (starts_with(raw, "enc:"))
				diag_error(&im->d, line, fi,
					   "%s: sealed with another store's key: import with --key naming the key file of the store that exported it, or export with --clear-ids",
					   c->name);
			else
				diag_error(&im->d, line, fi, "%s: %s", c->name, why);
			return -1;
		}
sealed:
		secret_hash(im->key, id, v->hash);
		secret_seal(im->key, id, v->ct);
		idnum_ends(id, v->ends);
		buf_adds(&v->s, v->hash);
		break;
	}
	case T_DATE:
		if (date_parse(raw, tmp, why, sizeof why) < 0) {
			diag_error(&im->d, line, fi, "%s: %s", c->name, why);
			return -1;
		}
		buf_adds(&v->s, tmp);
		break;
	case T_YEAR:
	case T_COUNT:
	case T_BOOL: {
		int64_t lo = 0, hi = INT32_MAX;
		const char *r = raw;
		if (c->type == T_YEAR)
			lo = 1900, hi = 2199;
		if (c->type == T_BOOL) {
			hi = 1;
			r = streq(raw, "是") ? "1" : streq(raw, "否") ? "0" : raw;
		}
		if (int_parse(r, lo, hi, &v->n, why, sizeof why) < 0) {
			diag_error(&im->d, line, fi, "%s: %s", c->name, why);
			return -1;
		}
		buf_addf(&v->s, "%lld", (long long)v->n);
		break;
	}
	case T_MONEY:
		if (money_parse(raw, &v->n, why, sizeof why) < 0) {
			diag_error(&im->d, line, fi, "%s: %s", c->name, why);
			return -1;
		}
		buf_addf(&v->s, "%lld", (long long)v->n);
		break;
	}
	if (c->flags & C_FOLD) {
		v->fold = fold_text(v->s.s);
		if (streq(v->fold, v->s.s)) {
			free(v->fold);
			v->fold = NULL;
		}
	}
	return 0;
}

/* ---- header --------------------------------------------------------- */

static int alias_match(const char *aliases, const char *h)
{
	return aliases && enum_ok(aliases, h);
}

/* Lower-cases ASCII, folds Traditional to Simplified and full-width
** brackets to ASCII, so that 身份證號 and 金額（元） are recognised. */
static char *header_key(const char *h)
{
	struct buf b = BUF_INIT;
	for (const char *p = h; *p; p++) {
		if (starts_with(p, "（")) {
			buf_addc(&b, '(');
			p += strlen("（") - 1;
		} else if (starts_with(p, "）")) {
			buf_addc(&b, ')');
			p += strlen("）") - 1;
		} else {
			buf_addc(&b, (char)tolower((unsigned char)*p));
		}
	}
	int ascii = 1;
	for (size_t i = 0; i < b.len; i++)
		if ((unsigned char)b.s[i] >= 0x80)
			ascii = 0;
	if (ascii)
		return buf_detach(&b);
	char *f = fold_text(b.s);
	buf_release(&b);
	return f;
}

/* The column of kind k a header names, by its English or Chinese name; -1
** for none. */
static int header_column(const struct kind *k, const char *header)
{
	char *h = header_key(header);
	int ci = -1;
	for (int j = 0; j < k->ncols && ci < 0; j++)
		if (strcmp(h, k->cols[j].name) == 0 || alias_match(k->cols[j].aliases, h))
			ci = j;
	free(h);
	return ci;
}

int read_header(struct importer *im, int line, int nf, char **f)
{
	const struct kind *k = im->k;
	int bad = 0;
	memset(im->present, 0, sizeof im->present);
	im->nhead = nf;
	for (int i = 0; i < nf; i++) {
		int ci = header_column(k, f[i]);
		if (ci < 0) {
			struct buf b = BUF_INIT;
			for (int j = 0; j < k->ncols; j++)
				buf_addf(&b, "%s%s", j ? ", " : "", k->cols[j].name);
			if (!f[i][0])
				diag_error(&im->d, line, i + 1, "column %d has no name (columns of %s.csv: %s)",
					   i + 1, k->name, b.s);
			else
				diag_error(&im->d, line, i + 1, "unknown column '%s' (columns of %s.csv: %s)",
					   f[i], k->name, b.s);
			buf_release(&b);
			bad = 1;
		} else if (im->present[ci]) {
			diag_error(&im->d, line, i + 1, "column '%s' appears twice", k->cols[ci].name);
			bad = 1;
		} else {
			im->present[ci] = i + 1;
		}
		im->map[i] = ci;
	}
	for (int j = 0; j < k->ncols; j++)
		if ((k->cols[j].flags & C_REQ) && !im->present[j]) {
			diag_error(&im->d, line, nf + 1, "missing required column '%s'", k->cols[j].name);
			bad = 1;
		}
	return bad ? -1 : 0;
}

/* ---- a file's kind by its header ------------------------------------------ */

struct head_guess {
	const struct kind *k; /* the one kind the header fits, or NULL */
	int fits;             /* how many kinds it fits */
};

/* Does the header fit kind k: every column one of k's (by its English
** or Chinese name), every required one there? */
static int header_fits(const struct kind *k, int nf, char **f)
{
	unsigned char seen[64] = { 0 };
	for (int i = 0; i < nf; i++) {
		int ci = header_column(k, f[i]);
		if (ci < 0 || seen[ci])
			return 0;
		seen[ci] = 1;
	}
	for (int j = 0; j < k->ncols; j++)
		if ((k->cols[j].flags & C_REQ) && !seen[j])
			return 0;
	return 1;
}

static int guess_row(void *ctx, int line, int nf, char **f)
{
	(void)line;
	struct head_guess *g = ctx;
	for (int i = 0; i < nkinds; i++)
		if (header_fits(&kinds[i], nf, f)) {
			g->k = &kinds[i];
			g->fits++;
		}
	return -1; /* the header is all it needs */
}

const struct kind *kind_by_header(const char *path, int xlsx)
{
	struct diag d;
	diag_init(&d);
	diag_set_file(&d, path);
	struct head_guess g = { NULL, 0 };
	if (xlsx)
		xlsxin_read(path, &d, guess_row, &g);
	else
		csvin_read(path, &d, guess_row, &g);
	diag_release(&d);
	return g.fits == 1 ? g.k : NULL;
}
