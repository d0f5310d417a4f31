/*
** xlsxin.c: the first sheet of an Excel workbook (.xlsx), row by row, as
** csvin hands a CSV file's records (see csvin.h).
**
** A workbook is a zip of XML parts (libzip, expat): the workbook names its
** sheets, its relationships say which part is the first one, the shared
** strings hold the text of cells, and the styles tell which numbers are
** dates.  A row reaches the callback as its row number (so FILE:LINE:COLUMN
** names the spreadsheet's own row and column), its cells as text: shared
** and inline strings as written, dates as YYYY-MM-DD, other numbers as the
** shortest decimal that reads back the same (3524.64, not 3524.6399999999).
** Empty rows are skipped, as blank lines of a CSV are; a row's empty
** trailing cells beyond the header's width are dropped.
*/
#include "bangfu.h"
#include "csvin.h"
#include <expat.h>
#include <math.h>
#include <string.h>
#include <zip.h>
#include "banned.h"

#define MAX_COLS 256
/* Hostile workbooks are refused before they are read: no part may unpack
** to more than MAX_PART, the whole to more than MAX_BOOK, nor a large part
** to more than MAX_RATIO times its packed size (a zip bomb); the shared
** strings are held to MAX_STRINGS bytes; a DOCTYPE (and so any entity) is
** refused.  A bundle file of a million rows stays well inside. */
#define MAX_PART (256u << 20)
#define MAX_BOOK (512ull << 20)
#define MAX_RATIO 200
#define MAX_STRINGS (128u << 20)

typedef void (*start_fn)(void *, const char *, const char **);
typedef void (*end_fn)(void *, const char *);

/* The parser at work in this thread (the import reads in a thread of its
** own), for the DOCTYPE handler to stop; and whether it did. */
static _Thread_local XML_Parser current;
static _Thread_local int saw_doctype;

/* Workbooks have no DOCTYPE: one (with its entities) stops the parser. */
static void no_doctype(void *ctx, const XML_Char *name, const XML_Char *sysid, const XML_Char *pubid,
		       int has_internal)
{
	(void)ctx;
	(void)name;
	(void)sysid;
	(void)pubid;
	(void)has_internal;
	saw_doctype = 1;
	XML_StopParser(current, XML_FALSE);
}

/* A parser for one part: no DOCTYPE, so no entities; none read from outside. */
static XML_Parser parser_new(void *ctx)
{
	XML_Parser p = XML_ParserCreate("UTF-8");
	XML_SetUserData(p, ctx);
	XML_SetParamEntityParsing(p, XML_PARAM_ENTITY_PARSING_NEVER);
	XML_SetStartDoctypeDeclHandler(p, no_doctype);
	current = p;
	saw_doctype = 0;
	return p;
}

/* Reads one part of the zip through expat; -1 (reported) when it is
** missing or not XML.  missing_ok: 1 when its absence is not an error. */
static int parse_part(zip_t *z, const char *name, struct diag *d, void *ctx, start_fn st, end_fn en,
		      XML_CharacterDataHandler text, int missing_ok)
{
	zip_file_t *f = zip_fopen(z, name, 0);
	if (!f) {
		if (missing_ok)
			return 0;
		diag_error(d, 0, 0, "not a workbook Excel writes: it has no %s", name);
		return -1;
	}
	XML_Parser p = parser_new(ctx);
	XML_SetElementHandler(p, st, en);
	if (text)
		XML_SetCharacterDataHandler(p, text);
	char b[65536];
	zip_int64_t n;
	zip_uint64_t total = 0;
	int rc = 0;
	do {
		n = zip_fread(f, b, sizeof b);
		if (n < 0 || (total += (zip_uint64_t)(n > 0 ? n : 0)) > MAX_PART) {
			diag_error(d, 0, 0, "cannot read %s of the workbook: %s", name,
				   n < 0 ? zip_file_strerror(f) : "too large");
			rc = -1;
			break;
		}
		if (XML_Parse(p, b, (int)n, n == 0) == XML_STATUS_ERROR) {
			if (saw_doctype) {
				diag_error(d, 0, 0, "%s of the workbook declares a DOCTYPE, which workbooks do not: refused",
					   name);
				rc = -1;
			} else if (XML_GetErrorCode(p) != XML_ERROR_ABORTED) { /* a callback may stop it on purpose */
				diag_error(d, 0, 0, "%s of the workbook is not well-formed XML (line %lu): %s", name,
					   (unsigned long)XML_GetCurrentLineNumber(p),
					   XML_ErrorString(XML_GetErrorCode(p)));
				rc = -1;
			}
			break;
		}
	} while (n > 0);
	XML_ParserFree(p);
	zip_fclose(f);
	return rc;
}

/* Element names without their namespace prefix (x:row and row alike). */
static const char *local(const char *name)
{
	const char *c = strrchr(name, ':');
	return c ? c + 1 : name;
}

static const char *attr(const char **a, const char *name)
{
	for (; a && a[0]; a += 2)
		if (streq(local(a[0]), name))
			return a[1];
	return NULL;
}

/* ---- the workbook: its first sheet, and whether dates count from 1904 ---- */

struct book {
	char rid[64];
	char target[256];
	int date1904;
};

static void book_start(void *ctx, const char *el, const char **a)
{
	struct book *b = ctx;
	const char *n = local(el), *v;
	if (streq(n, "workbookPr") && (v = attr(a, "date1904")))
		b->date1904 = streq(v, "1") || streq(v, "true");
	else if (streq(n, "sheet") && !b->rid[0] && (v = attr(a, "id")))
		snprintf(b->rid, sizeof b->rid, "%s", v);
}

static void rels_start(void *ctx, const char *el, const char **a)
{
	struct book *b = ctx;
	const char *id = attr(a, "Id"), *t = attr(a, "Target");
	if (streq(local(el), "Relationship") && id && t && streq(id, b->rid) && !b->target[0]) {
		if (t[0] == '/')
			snprintf(b->target, sizeof b->target, "%s", t + 1);
		else
			snprintf(b->target, sizeof b->target, "xl/%s", t);
	}
}

static void no_end(void *ctx, const char *el)
{
	(void)ctx;
	(void)el;
}

/* ---- shared strings ------------------------------------------------------ */

struct strings {
	char **s;
	int n, alloc;
	struct buf cur;
	int in_t, in_ph; /* inside <t>; inside a phonetic run, whose text is not the cell's */
	size_t bytes;    /* held so far: at most MAX_STRINGS */
	int too_many;
};

static void ss_start(void *ctx, const char *el, const char **a)
{
	struct strings *ss = ctx;
	const char *n = local(el);
	if (streq(n, "si"))
		buf_reset(&ss->cur);
	else if (streq(n, "t"))
		ss->in_t = 1;
	else if (streq(n, "rPh"))
		ss->in_ph = 1;
}

static void ss_end(void *ctx, const char *el)
{
	struct strings *ss = ctx;
	const char *n = local(el);
	if (streq(n, "t")) {
		ss->in_t = 0;
	} else if (streq(n, "rPh")) {
		ss->in_ph = 0;
	} else if (streq(n, "si")) {
		if (ss->n == ss->alloc) {
			ss->alloc = ss->alloc ? ss->alloc * 2 : 256;
			ss->s = xrealloc(ss->s, (size_t)ss->alloc * sizeof *ss->s);
		}
		ss->bytes += ss->cur.len + 1;
		if (ss->bytes > MAX_STRINGS) {
			ss->too_many = 1;
			XML_StopParser(current, XML_FALSE);
			return;
		}
		ss->s[ss->n++] = xstrdup(ss->cur.s);
	}
}

static void ss_text(void *ctx, const XML_Char *s, int len)
{
	struct strings *ss = ctx;
	/* kept to one byte over the limit, so that a longer cell is reported */
	if (ss->in_t && !ss->in_ph && ss->cur.len <= CSV_FIELD_MAX) {
		size_t room = CSV_FIELD_MAX + 1 - ss->cur.len;
		buf_add(&ss->cur, s, (size_t)len < room ? (size_t)len : room);
	}
}

/* ---- styles: which cell formats show dates ------------------------------ */

struct styles {
	int in_xfs;
	int nxf;
	unsigned char is_date[4096]; /* by cell format index */
	int custom_id[512];
	unsigned char custom_date[512];
	int ncustom;
	int xf_fmt[4096];
};

/* A number format shows a date when it has a day or a year in it outside
** quoted text and [colour] brackets (m alone may be minutes). */
static int format_is_date(const char *f)
{
	for (int q = 0, br = 0; *f; f++) {
		if (*f == '"')
			q = !q;
		else if (!q && *f == '[')
			br = 1;
		else if (!q && *f == ']')
			br = 0;
		else if (!q && !br && *f == '\\' && f[1])
			f++;
		else if (!q && !br && strchr("dDyYeE", *f))
			return 1;
	}
	return 0;
}

static int builtin_date(int id)
{
	/* the built-in date formats, and those of the Chinese and Japanese editions */
	return (id >= 14 && id <= 17) || id == 22 || (id >= 27 && id <= 36) || (id >= 50 && id <= 58);
}

static void st_start(void *ctx, const char *el, const char **a)
{
	struct styles *s = ctx;
	const char *n = local(el);
	if (streq(n, "numFmt")) {
		const char *id = attr(a, "numFmtId"), *code = attr(a, "formatCode");
		if (id && code && s->ncustom < 512) {
			s->custom_id[s->ncustom] = atoi(id);
			s->custom_date[s->ncustom++] = (unsigned char)format_is_date(code);
		}
	} else if (streq(n, "cellXfs")) {
		s->in_xfs = 1;
	} else if (streq(n, "xf") && s->in_xfs && s->nxf < 4096) {
		const char *id = attr(a, "numFmtId");
		s->xf_fmt[s->nxf++] = id ? atoi(id) : 0;
	}
}

static void st_end(void *ctx, const char *el)
{
	struct styles *s = ctx;
	if (streq(local(el), "cellXfs"))
		s->in_xfs = 0;
}

static void styles_resolve(struct styles *s)
{
	for (int i = 0; i < s->nxf; i++) {
		int id = s->xf_fmt[i], date = builtin_date(id);
		for (int k = 0; k < s->ncustom; k++)
			if (s->custom_id[k] == id)
				date = s->custom_date[k];
		s->is_date[i] = (unsigned char)date;
	}
}

/* ---- the sheet ----------------------------------------------------------- */

struct sheetctx {
	XML_Parser p;
	struct diag *d;
	csvin_row_fn fn;
	void *ctx;
	const struct strings *ss;
	const struct styles *st;
	int date1904;
	int row, next_row;    /* the row being read; the row after the last one seen */
	int col, next_col;    /* the cell being read (1-based); the column after the last cell */
	char type[16];
	int style;
	int in_v, in_is_t, in_ph;
	struct buf val;
	struct buf f[MAX_COLS];
	int nf;
	int header_width;
	int bad;  /* the row had a cell reported already: not handed on, as csvin does */
	int stop;
};

/* Column letters of a cell reference (B12 -> 2); 0 when there are none. */
static int ref_col(const char *r)
{
	int c = 0;
	for (; *r >= 'A' && *r <= 'Z'; r++) {
		c = c * 26 + (*r - 'A' + 1);
		if (c > 16384)
			return 0;
	}
	return c;
}

static int ref_row(const char *r)
{
	while (*r >= 'A' && *r <= 'Z')
		r++;
	return *r ? atoi(r) : 0;
}

/* Days since 1899-12-30 (or 1904-01-01) to YYYY-MM-DD (civil from days). */
static void serial_date(double v, int date1904, char *out, size_t n)
{
	long days = (long)floor(v) + (date1904 ? 1462 : 0) - 25569; /* to 1970-01-01 */
	long z = days + 719468, era = (z >= 0 ? z : z - 146096) / 146097;
	long doe = z - era * 146097, yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	long y = yoe + era * 400, doy = doe - (365 * yoe + yoe / 4 - yoe / 100), mp = (5 * doy + 2) / 153;
	long d = doy - (153 * mp + 2) / 5 + 1, m = mp < 10 ? mp + 3 : mp - 9;
	snprintf(out, n, "%04ld-%02ld-%02ld", y + (m <= 2), m, d);
}

/* A number cell as text: a date, or the shortest decimal that reads back. */
static void number_text(struct sheetctx *sc, struct buf *b)
{
	char *end;
	double v = strtod(sc->val.s, &end);
	if (end == sc->val.s || *end || !isfinite(v)) {
		buf_adds(b, sc->val.s);
		return;
	}
	char out[64];
	if (sc->style >= 0 && sc->style < sc->st->nxf && sc->st->is_date[sc->style] && v >= 1 && v < 2958466) {
		serial_date(v, sc->date1904, out, sizeof out);
	} else if (v == floor(v) && fabs(v) < 1e15) {
		snprintf(out, sizeof out, "%.0f", v);
	} else {
		for (int prec = 1; prec <= 17; prec++) {
			snprintf(out, sizeof out, "%.*g", prec, v);
			if (strtod(out, NULL) == v)
				break;
		}
	}
	buf_adds(b, out);
}

static void emit_row(struct sheetctx *sc)
{
	/* a row with nothing in it is skipped, as a blank line of a CSV */
	int last = sc->nf;
	while (last > 0 && sc->f[last - 1].len == 0)
		last--;
	if (last == 0 || sc->stop || sc->bad)
		return;
	int n = sc->nf;
	if (!sc->header_width)
		sc->header_width = last;
	/* drop empty cells beyond the header's width (formatted but blank) */
	if (n > sc->header_width)
		n = last > sc->header_width ? last : sc->header_width;
	/* and give a short row the header's width, as Excel leaves out blanks */
	while (sc->nf < sc->header_width && sc->nf < MAX_COLS)
		buf_reset(&sc->f[sc->nf++]);
	if (n < sc->header_width)
		n = sc->header_width;
	char *fields[MAX_COLS];
	for (int i = 0; i < n; i++)
		fields[i] = sc->f[i].s;
	if (sc->fn(sc->ctx, sc->row, n, fields) < 0) {
		sc->stop = 1;
		XML_StopParser(sc->p, XML_FALSE);
	}
}

static void sh_start(void *ctx, const char *el, const char **a)
{
	struct sheetctx *sc = ctx;
	const char *n = local(el), *v;
	if (sc->stop)
		return;
	if (streq(n, "row")) {
		sc->row = (v = attr(a, "r")) ? atoi(v) : sc->next_row;
		if (sc->row < sc->next_row)
			sc->row = sc->next_row;
		if (sc->row > 1048576) { /* Excel's last row */
			diag_error(sc->d, 1048576, 0, "the sheet goes past row 1048576, the last row Excel has: refused");
			sc->stop = 1;
			XML_StopParser(sc->p, XML_FALSE);
			return;
		}
		sc->next_row = sc->row + 1;
		sc->nf = 0;
		sc->next_col = 1;
		sc->bad = 0;
	} else if (streq(n, "c")) {
		v = attr(a, "r");
		sc->col = v ? ref_col(v) : sc->next_col;
		if (v && ref_row(v) && ref_row(v) != sc->row)
			sc->col = sc->next_col;
		if (sc->col < sc->next_col)
			sc->col = sc->next_col;
		sc->next_col = sc->col + 1;
		snprintf(sc->type, sizeof sc->type, "%s", (v = attr(a, "t")) ? v : "n");
		sc->style = (v = attr(a, "s")) ? atoi(v) : -1;
		buf_reset(&sc->val);
	} else if (streq(n, "v")) {
		sc->in_v = 1;
	} else if (streq(n, "t")) {
		sc->in_is_t = 1;
	} else if (streq(n, "rPh")) {
		sc->in_ph = 1;
	}
}

static void trim(struct buf *b)
{
	while (b->len && strchr(" \t\r\n", b->s[b->len - 1]))
		b->s[--b->len] = 0;
	size_t k = 0;
	while (k < b->len && strchr(" \t\r\n", b->s[k]))
		k++;
	if (k) {
		memmove(b->s, b->s + k, b->len - k + 1);
		b->len -= k;
	}
}

static void sh_end(void *ctx, const char *el)
{
	struct sheetctx *sc = ctx;
	const char *n = local(el);
	if (sc->stop)
		return;
	if (streq(n, "v")) {
		sc->in_v = 0;
	} else if (streq(n, "t")) {
		sc->in_is_t = 0;
	} else if (streq(n, "rPh")) {
		sc->in_ph = 0;
	} else if (streq(n, "c")) {
		if (sc->col < 1) { /* a cell before any row */
			diag_error(sc->d, sc->row, 0, "a cell outside any row: not a sheet as Excel writes it");
			sc->bad = 1;
			return;
		}
		if (sc->col > MAX_COLS) {
			if (sc->val.len) {
				diag_error(sc->d, sc->row, sc->col, "more than %d columns on one row", MAX_COLS);
				sc->bad = 1;
			}
			return;
		}
		while (sc->nf < sc->col)
			buf_reset(&sc->f[sc->nf++]);
		struct buf *b = &sc->f[sc->col - 1];
		buf_reset(b);
		if (streq(sc->type, "s")) {
			long i = strtol(sc->val.s, NULL, 10);
			if (i < 0 || i >= sc->ss->n) {
				diag_error(sc->d, sc->row, sc->col, "the cell names shared string %s, which the workbook lacks",
					   sc->val.s);
				sc->bad = 1;
				return;
			}
			buf_adds(b, sc->ss->s[i]);
		} else if (streq(sc->type, "n")) {
			number_text(sc, b);
		} else if (streq(sc->type, "b")) {
			buf_adds(b, streq(sc->val.s, "1") ? "TRUE" : "FALSE");
		} else {
			buf_adds(b, sc->val.s); /* str, inlineStr, e (#N/A and the like) */
		}
		if (b->len > CSV_FIELD_MAX) {
			diag_error(sc->d, sc->row, sc->col, "field is longer than %d bytes", CSV_FIELD_MAX);
			buf_reset(b);
			sc->bad = 1;
		}
		trim(b);
	} else if (streq(n, "row")) {
		emit_row(sc);
	}
}

static void sh_text(void *ctx, const XML_Char *s, int len)
{
	struct sheetctx *sc = ctx;
	if ((sc->in_v || (sc->in_is_t && !sc->in_ph)) && sc->val.len <= CSV_FIELD_MAX)
		buf_add(&sc->val, s, (size_t)len);
}

static int parse_sheet(zip_t *z, const char *name, struct sheetctx *sc)
{
	/* like parse_part, but the callback may stop the parser */
	zip_file_t *f = zip_fopen(z, name, 0);
	if (!f) {
		diag_error(sc->d, 0, 0, "the workbook's first sheet (%s) is missing", name);
		return -1;
	}
	sc->p = parser_new(sc);
	XML_SetElementHandler(sc->p, sh_start, sh_end);
	XML_SetCharacterDataHandler(sc->p, sh_text);
	char b[65536];
	zip_int64_t n;
	zip_uint64_t total = 0;
	int rc = 0;
	do {
		n = zip_fread(f, b, sizeof b);
		if (n < 0 || (total += (zip_uint64_t)(n > 0 ? n : 0)) > MAX_PART) {
			diag_error(sc->d, 0, 0, "cannot read the sheet: %s", n < 0 ? zip_file_strerror(f) : "too large");
			rc = -1;
			break;
		}
		if (XML_Parse(sc->p, b, (int)n, n == 0) == XML_STATUS_ERROR) {
			if (saw_doctype) {
				diag_error(sc->d, 0, 0, "the sheet declares a DOCTYPE, which workbooks do not: refused");
				rc = -1;
			} else if (!sc->stop) {
				diag_error(sc->d, sc->row, 0, "the sheet is not well-formed XML: %s",
					   XML_ErrorString(XML_GetErrorCode(sc->p)));
				rc = -1;
			}
			break;
		}
	} while (n > 0);
	XML_ParserFree(sc->p);
	zip_fclose(f);
	return rc;
}

/* What the zip says its parts unpack to, checked before any is read. */
static int book_sizes_ok(zip_t *z, struct diag *d)
{
	zip_int64_t n = zip_get_num_entries(z, 0);
	zip_uint64_t total = 0;
	for (zip_int64_t i = 0; i < n; i++) {
		zip_stat_t st;
		zip_stat_init(&st);
		if (zip_stat_index(z, (zip_uint64_t)i, 0, &st) != 0 || !(st.valid & ZIP_STAT_SIZE))
			continue;
		total += st.size;
		int bomb = st.size > (16u << 20) && (st.valid & ZIP_STAT_COMP_SIZE) &&
			   st.size / (st.comp_size ? st.comp_size : 1) > MAX_RATIO;
		if (bomb) {
			diag_error(d, 0, 0, "refused: a part of the workbook unpacks to %llu MB from %llu KB, as a zip bomb "
				   "does, not as a spreadsheet does", (unsigned long long)(st.size >> 20),
				   (unsigned long long)(st.comp_size >> 10));
			return -1;
		}
		if (st.size > MAX_PART || total > MAX_BOOK) {
			diag_error(d, 0, 0, "refused: the workbook unpacks to more than %u MB a part or %llu MB in all: "
				   "too large for a bundle file (split it, or save it as CSV)", MAX_PART >> 20,
				   (unsigned long long)(MAX_BOOK >> 20));
			return -1;
		}
	}
	return 0;
}

int xlsxin_read(const char *path, struct diag *d, csvin_row_fn fn, void *ctx)
{
	int zerr = 0;
	zip_t *z = zip_open(path, ZIP_RDONLY, &zerr);
	if (!z) {
		zip_error_t e;
		zip_error_init_with_code(&e, zerr);
		diag_error(d, 0, 0, "not an Excel workbook (.xlsx): %s", zip_error_strerror(&e));
		zip_error_fini(&e);
		return -1;
	}
	struct book bk = { 0 };
	struct strings ss = { 0 };
	struct styles *st = xcalloc(1, sizeof *st);
	struct sheetctx *sc = xcalloc(1, sizeof *sc);
	buf_init(&ss.cur);
	int rc = book_sizes_ok(z, d);
	if (rc == 0)
		rc = parse_part(z, "xl/workbook.xml", d, &bk, book_start, no_end, NULL, 0);
	if (rc == 0 && bk.rid[0])
		rc = parse_part(z, "xl/_rels/workbook.xml.rels", d, &bk, rels_start, no_end, NULL, 0);
	if (rc == 0)
		rc = parse_part(z, "xl/sharedStrings.xml", d, &ss, ss_start, ss_end, ss_text, 1);
	if (ss.too_many) {
		diag_error(d, 0, 0, "the workbook's shared strings hold more than %u MB: too large for a bundle file "
			   "(split it, or save it as CSV)", MAX_STRINGS >> 20);
		rc = -1;
	}
	if (rc == 0)
		rc = parse_part(z, "xl/styles.xml", d, st, st_start, st_end, NULL, 1);
	if (rc == 0) {
		styles_resolve(st);
		sc->d = d;
		sc->fn = fn;
		sc->ctx = ctx;
		sc->ss = &ss;
		sc->st = st;
		sc->date1904 = bk.date1904;
		sc->next_row = 1;
		buf_init(&sc->val);
		for (int i = 0; i < MAX_COLS; i++)
			buf_init(&sc->f[i]);
		rc = parse_sheet(z, bk.target[0] ? bk.target : "xl/worksheets/sheet1.xml", sc);
		if (rc == 0 && !sc->header_width)
			diag_error(d, 1, 1, "the first sheet is empty: a header row is required");
		buf_release(&sc->val);
		for (int i = 0; i < MAX_COLS; i++)
			buf_release(&sc->f[i]);
	}
	for (int i = 0; i < ss.n; i++)
		free(ss.s[i]);
	free(ss.s);
	buf_release(&ss.cur);
	free(st);
	free(sc);
	zip_discard(z);
	return rc;
}
