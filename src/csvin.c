/*
** csvin.c: one CSV file in, record by record (see csvin.h).
*/
#include "bangfu.h"
#include "csvin.h"
#include <csv.h>
#include <errno.h>
#include <iconv.h>
#include <string.h>
#include "banned.h"

#define CHUNK (1 << 20)
#define MAX_FIELDS 256

struct reader {
	struct diag *d;
	csvin_row_fn fn;
	void *ctx;
	struct csv_parser p;
	int line;       /* physical line being fed */
	int rec_line;   /* line the current record started on */
	int nf;
	struct buf f[MAX_FIELDS];
	int too_many, too_long_col, nul_col;
	int stop;
	int first;      /* at the first byte of decoded text (BOM check) */
};

static void on_field(void *s, size_t len, void *arg)
{
	struct reader *r = arg;
	if (r->nf >= MAX_FIELDS) {
		r->too_many = 1;
		return;
	}
	struct buf *b = &r->f[r->nf++];
	buf_reset(b);
	if (len > CSV_FIELD_MAX) {
		if (!r->too_long_col)
			r->too_long_col = r->nf;
		len = 0;
	}
	if (s && len && memchr(s, 0, len)) { /* would cut the field short, unseen */
		if (!r->nul_col)
			r->nul_col = r->nf;
		len = 0;
	}
	if (s)
		buf_add(b, s, len);
	/* trim blanks that quoting protected is not our business: libcsv
	** trims unquoted fields; trim quoted ones too, as spreadsheets do. */
	while (b->len && (b->s[b->len - 1] == ' ' || b->s[b->len - 1] == '\t'))
		b->s[--b->len] = 0;
	size_t k = 0;
	while (k < b->len && (b->s[k] == ' ' || b->s[k] == '\t'))
		k++;
	if (k) {
		memmove(b->s, b->s + k, b->len - k + 1);
		b->len -= k;
	}
}

static void on_record(int c, void *arg)
{
	(void)c;
	struct reader *r = arg;
	char *fields[MAX_FIELDS];
	if (r->stop) {
		r->nf = 0;
		return;
	}
	if (r->too_many) {
		diag_error(r->d, r->rec_line, MAX_FIELDS + 1, "more than %d fields on one row",
			   MAX_FIELDS);
	} else if (r->too_long_col) {
		diag_error(r->d, r->rec_line, r->too_long_col,
			   "field is longer than %d bytes", CSV_FIELD_MAX);
	} else if (r->nul_col) {
		diag_error(r->d, r->rec_line, r->nul_col,
			   "the field holds a NUL byte (character 0), which no text has: is this a CSV file?");
	} else {
		for (int i = 0; i < r->nf; i++)
			fields[i] = r->f[i].s;
		if (r->fn(r->ctx, r->rec_line, r->nf, fields) < 0)
			r->stop = 1;
	}
	r->nf = 0;
	r->too_many = 0;
	r->too_long_col = 0;
	r->nul_col = 0;
}

/* Feeds decoded UTF-8 text line by line, so that each record knows the
** physical line it started on (quoted fields may span lines). */
static int feed(struct reader *r, const char *s, size_t n)
{
	if (r->first && n > 0) {
		r->first = 0;
		if (n >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0) {
			s += 3;
			n -= 3;
		}
	}
	while (n > 0 && !r->stop) {
		const char *nl = memchr(s, '\n', n);
		size_t k = nl ? (size_t)(nl - s) + 1 : n;
		if (r->p.pstate == 0 /* ROW_NOT_BEGUN */ && r->nf == 0)
			r->rec_line = r->line;
		if (csv_parse(&r->p, s, k, on_field, on_record, r) != k) {
			diag_error(r->d, r->line, r->nf + 1,
				   "malformed quoting: a quote inside an unquoted field, or text after a closing quote (%s)",
				   csv_strerror(csv_error(&r->p)));
			return -1;
		}
		if (nl)
			r->line++;
		s += k;
		n -= k;
	}
	return 0;
}

/* First pass: is the whole file UTF-8?  Returns 1 yes, 0 no, -1 unreadable. */
static int is_utf8(FILE *f, int *bad_line)
{
	unsigned char *b = xmalloc(CHUNK + 4);
	size_t carry = 0, n;
	int line = 1, ok = 1;
	while (ok && (n = fread(b + carry, 1, CHUNK, f)) > 0) {
		size_t have = carry + n, bad;
		/* keep an incomplete sequence at the end for the next chunk */
		size_t end = have, back = 0;
		while (back < 3 && end > 0 && (b[end - 1] & 0xC0) == 0x80) {
			end--;
			back++;
		}
		if (end > 0 && b[end - 1] >= 0xC0)
			end--;
		else
			end = have;
		if (!utf8_valid(b, end, &bad)) {
			for (size_t i = 0; i < bad; i++)
				line += b[i] == '\n';
			*bad_line = line;
			ok = 0;
			break;
		}
		for (size_t i = 0; i < end; i++)
			line += b[i] == '\n';
		carry = have - end;
		memmove(b, b + end, carry);
	}
	if (ok && carry) {
		*bad_line = line;
		ok = 0;
	}
	int err = ferror(f);
	free(b);
	return err ? -1 : ok;
}

static int read_utf8(FILE *f, struct reader *r)
{
	char *b = xmalloc(CHUNK);
	size_t n;
	int rc = 0;
	while (rc == 0 && !r->stop && (n = fread(b, 1, CHUNK, f)) > 0)
		rc = feed(r, b, n);
	free(b);
	return rc;
}

static int read_gb18030(FILE *f, struct reader *r)
{
	iconv_t cd = iconv_open("UTF-8", "GB18030");
	if (cd == (iconv_t)-1) {
		diag_error(r->d, 1, 1, "GB18030 decoding is not available: %s", strerror(errno));
		return -1;
	}
	char *in = xmalloc(CHUNK + 8), *out = xmalloc(CHUNK * 2 + 16);
	size_t carry = 0, n;
	int rc = 0;
	while (rc == 0 && !r->stop && (n = fread(in + carry, 1, CHUNK, f)) > 0) {
		char *ip = in, *op = out;
		size_t il = carry + n, ol = CHUNK * 2 + 16;
		size_t x = iconv(cd, &ip, &il, &op, &ol);
		if (x == (size_t)-1 && errno == EILSEQ) {
			/* count the lines that did decode */
			feed(r, out, (size_t)(op - out));
			diag_error(r->d, r->line, 1,
				   "not valid text: neither UTF-8 nor GB18030 (byte 0x%02X); save the file as UTF-8 or as Excel's CSV",
				   (unsigned char)*ip);
			rc = -1;
			break;
		}
		rc = feed(r, out, (size_t)(op - out));
		carry = il; /* EINVAL: an incomplete sequence at the end */
		memmove(in, ip, carry);
	}
	if (rc == 0 && carry && !r->stop) {
		diag_error(r->d, r->line, 1, "not valid text: the file ends inside a GB18030 character");
		rc = -1;
	}
	iconv_close(cd);
	free(in);
	free(out);
	return rc;
}

int csvin_read(const char *path, struct diag *d, csvin_row_fn fn, void *ctx)
{
	size_t pl = strlen(path);
	if (pl > 5 && strcmp(path + pl - 5, ".xlsx") == 0)
		return xlsxin_read(path, d, fn, ctx);
	FILE *f = fopen(path, "rb");
	if (!f) {
		diag_error(d, 0, 0, "cannot read: %s", strerror(errno));
		return -1;
	}
	int c = fgetc(f);
	if (c == EOF) {
		fclose(f);
		diag_error(d, 1, 1, "the file is empty: a header row is required");
		return -1;
	}
	ungetc(c, f);
	int bad_line = 0;
	int utf8 = is_utf8(f, &bad_line);
	if (utf8 < 0 || fseek(f, 0, SEEK_SET) != 0) {
		fclose(f);
		diag_error(d, 0, 0, "cannot read: %s", strerror(errno));
		return -1;
	}
	struct reader *r = xcalloc(1, sizeof *r);
	r->d = d;
	r->fn = fn;
	r->ctx = ctx;
	r->line = 1;
	r->first = 1;
	for (int i = 0; i < MAX_FIELDS; i++)
		buf_init(&r->f[i]);
	csv_init(&r->p, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL);
	int rc = utf8 ? read_utf8(f, r) : read_gb18030(f, r);
	if (rc == 0 && !r->stop) {
		if (csv_fini(&r->p, on_field, on_record, r) != 0) {
			diag_error(d, r->rec_line, r->nf + 1,
				   "unterminated quoted field: the quote opened on this row is never closed");
			rc = -1;
		}
	}
	if (ferror(f)) {
		diag_error(d, r->line, 0, "read error: %s", strerror(errno));
		rc = -1;
	}
	csv_free(&r->p);
	for (int i = 0; i < MAX_FIELDS; i++)
		buf_release(&r->f[i]);
	free(r);
	fclose(f);
	return rc;
}
