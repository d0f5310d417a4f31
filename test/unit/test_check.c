/*
** Unit tests for the pure parts: validators, money, dates, folding,
** masking and sealing, the CSV reader's edge cases, and the table of
** limits the server's workers share.
*/
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "bangfu.h"
#include "csvin.h"
#include "limits.h"
#include <sys/wait.h>

static char why[256];

static void test_idnum(void **state)
{
	(void)state;
	char out[19];
	/* GB 11643's published example */
	assert_int_equal(idnum_check("11010519491231002X", out, why, sizeof why), 0);
	assert_string_equal(out, "11010519491231002X");
	assert_int_equal(idnum_check("11010519491231002x", out, why, sizeof why), 0);
	assert_string_equal(out, "11010519491231002X");
	assert_int_equal(idnum_check("110105194912310021", out, why, sizeof why), -1);
	assert_non_null(strstr(why, "check digit is 1, expected X"));
	assert_int_equal(idnum_check("11010519491231002", out, why, sizeof why), -1);
	assert_non_null(strstr(why, "18 characters"));
	/* a spreadsheet's full-width digits are named as such; a length is in characters */
	assert_int_equal(idnum_check("１１０１０５１９４９１２３１００２Ｘ", out, why, sizeof why), -1);
	assert_non_null(strstr(why, "full-width digits"));
	assert_int_equal(idnum_check("１１０１０５１９４９１２３１００２", out, why, sizeof why), -1);
	assert_non_null(strstr(why, "18 characters, not 17"));
	/* 2019-02-29 does not exist */
	char s[19] = "62112620190229001";
	s[17] = idnum_check_char(s);
	s[18] = 0;
	assert_int_equal(idnum_check(s, out, why, sizeof why), -1);
	assert_non_null(strstr(why, "birth date"));
	memcpy(s, "62112620200229001", 17);
	s[17] = idnum_check_char(s);
	assert_int_equal(idnum_check(s, out, why, sizeof why), 0);
	memcpy(s, "62112621990101001", 17);
	s[17] = idnum_check_char(s);
	assert_int_equal(idnum_check(s, out, why, sizeof why), -1);
	assert_non_null(strstr(why, "future"));
}

static void test_uscc(void **state)
{
	(void)state;
	int ok;
	char code[19] = "91350100M000100Y4";
	/* a well-formed code with its check character computed */
	code[17] = uscc_check_char(code);
	code[18] = 0;
	assert_int_equal(uscc_check(code, &ok, why, sizeof why), 0);
	assert_int_equal(ok, 1);
	code[17] = code[17] == '0' ? '1' : '0';
	assert_int_equal(uscc_check(code, &ok, why, sizeof why), 0);
	assert_int_equal(ok, 0); /* a warning, not an error */
	assert_int_equal(uscc_check("91350100M000100Y", &ok, why, sizeof why), -1);
	assert_int_equal(uscc_check("91350100M000100YI3", &ok, why, sizeof why), -1);
	assert_non_null(strstr(why, "character 17"));
	assert_int_equal(uscc_check("9135A100M000100Y43", &ok, why, sizeof why), -1);
	assert_int_equal(orgcode_check("L-FZ-001", &ok, why, sizeof why), 0);
	assert_int_equal(orgcode_check("L-", &ok, why, sizeof why), -1);
	assert_int_equal(orgcode_check("L-a b", &ok, why, sizeof why), -1);
}

static void test_divcode(void **state)
{
	(void)state;
	char out[13];
	assert_int_equal(divcode_norm("621126", out, why, sizeof why), 0);
	assert_string_equal(out, "621126000000");
	assert_int_equal(divcode_level(out), 2);
	assert_int_equal(divcode_norm("621126100", out, why, sizeof why), 0);
	assert_string_equal(out, "621126100000");
	assert_int_equal(divcode_level(out), 3);
	assert_int_equal(divcode_norm("621126100201", out, why, sizeof why), 0);
	assert_int_equal(divcode_level(out), 4);
	assert_int_equal(divcode_norm("620000", out, why, sizeof why), 0);
	assert_int_equal(divcode_level(out), 0);
	assert_int_equal(divcode_norm("621100", out, why, sizeof why), 0);
	assert_int_equal(divcode_level(out), 1);
	assert_int_equal(divcode_norm("6211", out, why, sizeof why), -1);
	assert_int_equal(divcode_norm("62112a", out, why, sizeof why), -1);
	assert_int_equal(divcode_norm("000000", out, why, sizeof why), -1);
	assert_int_equal(divcode_sig(3), 9);
}

static void test_date(void **state)
{
	(void)state;
	char out[11];
	assert_int_equal(date_parse("2020-02-29", out, why, sizeof why), 0);
	assert_string_equal(out, "2020-02-29");
	assert_int_equal(date_parse("2020/3/5", out, why, sizeof why), 0);
	assert_string_equal(out, "2020-03-05");
	assert_int_equal(date_parse("2020-02-30", out, why, sizeof why), -1);
	assert_non_null(strstr(why, "not a date in the calendar"));
	assert_int_equal(date_parse("2019-02-29", out, why, sizeof why), -1);
	assert_int_equal(date_parse("2020-2-3", out, why, sizeof why), -1);
	assert_int_equal(date_parse("2020/3-5", out, why, sizeof why), -1);
	assert_int_equal(date_parse("20200305", out, why, sizeof why), -1);
	assert_int_equal(date_parse("2020-13-01", out, why, sizeof why), -1);
	assert_int_equal(date_parse("2020-01-01x", out, why, sizeof why), -1);
}

static void test_money(void **state)
{
	(void)state;
	int64_t f;
	char out[32];
	assert_int_equal(money_parse("1234.5", &f, why, sizeof why), 0);
	assert_int_equal(f, 123450);
	assert_int_equal(money_parse("35246430.00", &f, why, sizeof why), 0);
	assert_int_equal(f, 3524643000LL);
	assert_int_equal(money_parse("0.01", &f, why, sizeof why), 0);
	assert_int_equal(f, 1);
	assert_int_equal(money_parse("7", &f, why, sizeof why), 0);
	assert_int_equal(f, 700);
	assert_int_equal(money_parse("1.234", &f, why, sizeof why), -1);
	assert_non_null(strstr(why, "more than two decimals"));
	/* thousands separators as offices write them, in whole groups only */
	assert_int_equal(money_parse("1,234.00", &f, why, sizeof why), 0);
	assert_int_equal(f, 123400);
	assert_int_equal(money_parse("35,246,430.5", &f, why, sizeof why), 0);
	assert_int_equal(f, 3524643050LL);
	assert_int_equal(money_parse("1,23", &f, why, sizeof why), -1);
	assert_int_equal(money_parse("1234,567", &f, why, sizeof why), -1);
	assert_int_equal(money_parse("1,234,56", &f, why, sizeof why), -1);
	assert_int_equal(money_parse(",123", &f, why, sizeof why), -1);
	assert_int_equal(money_parse("1,,234", &f, why, sizeof why), -1);
	assert_int_equal(money_parse("1,234,", &f, why, sizeof why), -1);
	assert_int_equal(money_parse("-5", &f, why, sizeof why), -1);
	assert_int_equal(money_parse("1.", &f, why, sizeof why), -1);
	assert_int_equal(money_parse(".5", &f, why, sizeof why), -1);
	assert_int_equal(money_parse("", &f, why, sizeof why), -1);
	assert_int_equal(money_parse("1e5", &f, why, sizeof why), -1);
	assert_int_equal(money_parse("99999999999999999999", &f, why, sizeof why), -1);
	money_format(112300000000LL, out);
	assert_string_equal(out, "1123000000.00");
	money_format(5, out);
	assert_string_equal(out, "0.05");
	money_format(-150, out);
	assert_string_equal(out, "-1.50");
}

static void test_fold_and_mask(void **state)
{
	(void)state;
	char *a = fold_text("鎮雄縣 ABC"), *b = fold_text("镇雄县 abc");
	assert_string_equal(a, b);
	free(a);
	free(b);
	char m[19], ends[9];
	idnum_ends("62112619800101001X", ends);
	assert_string_equal(ends, "6211001X");
	idnum_mask(ends, m);
	assert_string_equal(m, "6211**********001X");
	char *n = name_mask("张小明");
	assert_string_equal(n, "张*明");
	free(n);
	n = name_mask("张三");
	assert_string_equal(n, "张*");
	free(n);
	n = name_mask("欧阳小明");
	assert_string_equal(n, "欧**明");
	free(n);
	assert_int_equal(utf8_width("岷县ab"), 6);
}

static void test_seal(void **state)
{
	(void)state;
	char path[] = "/tmp/bangfu-unit-keyXXXXXX";
	int fd = mkstemp(path);
	close(fd);
	unlink(path);
	struct secret *k = secret_load(path, 1);
	const char *id = "11010519491231002X";
	char h1[SECRET_HASH_LEN + 1], h2[SECRET_HASH_LEN + 1], c1[SECRET_CT_LEN + 1], c2[SECRET_CT_LEN + 1];
	secret_hash(k, id, h1);
	secret_hash(k, id, h2);
	assert_string_equal(h1, h2);
	assert_int_equal(strlen(h1), SECRET_HASH_LEN);
	secret_seal(k, id, c1);
	secret_seal(k, id, c2);
	assert_string_equal(c1, c2); /* deterministic: exports are byte-stable */
	assert_int_equal(strlen(c1), SECRET_CT_LEN);
	char back[19];
	assert_int_equal(secret_open(k, h1, c1, back), 0);
	assert_string_equal(back, id);
	char tok[SECRET_TOKEN_LEN + 1];
	secret_token(h1, c1, tok);
	assert_true(starts_with(tok, "enc:"));
	assert_null(strstr(tok, "1101051949"));
	assert_int_equal(secret_open_token(k, tok, back), 0);
	assert_string_equal(back, id);
	c1[3] = c1[3] == 'A' ? 'B' : 'A';
	assert_int_equal(secret_open(k, h1, c1, back), -1); /* tampering is detected */
	tok[10] = tok[10] == 'A' ? 'B' : 'A';
	assert_int_equal(secret_open_token(k, tok, back), -1);
	secret_hash(k, "110105194912310039", h2);
	assert_string_not_equal(h1, h2);
	/* another key opens nothing */
	char path2[] = "/tmp/bangfu-unit-keyXXXXXX";
	fd = mkstemp(path2);
	close(fd);
	unlink(path2);
	struct secret *k2 = secret_load(path2, 1);
	secret_seal(k, id, c1);
	assert_int_equal(secret_open(k2, h1, c1, back), -1);
	secret_free(k);
	secret_free(k2);
	unlink(path);
	unlink(path2);
}

/* ---- CSV reader ---- */

struct rows {
	int n;
	int lines[16];
	char first[16][64];
	int nf[16];
};

static int collect_row(void *ctx, int line, int nf, char **f)
{
	struct rows *r = ctx;
	if (r->n < 16) {
		r->lines[r->n] = line;
		r->nf[r->n] = nf;
		snprintf(r->first[r->n], 64, "%s", nf > 1 ? f[1] : f[0]);
	}
	r->n++;
	return 0;
}

static char *last_errs;
static const char *errs_of(struct diag *d)
{
	free(last_errs);
	last_errs = diag_errors(d);
	return last_errs;
}

static int read_text(const char *text, size_t len, struct rows *r, struct diag *d)
{
	char path[] = "/tmp/bangfu-unit-csvXXXXXX";
	int fd = mkstemp(path);
	assert_true(write(fd, text, len) == (ssize_t)len);
	close(fd);
	memset(r, 0, sizeof *r);
	diag_init(d);
	diag_set_file(d, "t.csv");
	int rc = csvin_read(path, d, collect_row, r);
	unlink(path);
	return rc;
}

static void test_csv(void **state)
{
	(void)state;
	struct rows r;
	struct diag d;
	/* quoted field spanning lines: the next record knows its own line */
	const char *t = "a,b\n1,\"x\ny\"\n2, z \n";
	assert_int_equal(read_text(t, strlen(t), &r, &d), 0);
	assert_int_equal(r.n, 3);
	assert_int_equal(r.lines[1], 2);
	assert_string_equal(r.first[1], "x\ny");
	assert_int_equal(r.lines[2], 4);
	assert_string_equal(r.first[2], "z");
	diag_release(&d);
	/* BOM and CRLF, no final newline */
	t = "\xEF\xBB\xBF" "a,b\r\n1,2\r\n3,4";
	assert_int_equal(read_text(t, strlen(t), &r, &d), 0);
	assert_int_equal(r.n, 3);
	assert_string_equal(r.first[0], "b");
	assert_string_equal(r.first[2], "4");
	diag_release(&d);
	/* GB18030: 姓名 is D0 D5 C3 FB */
	t = "id,\xD0\xD5\xC3\xFB\r\n1,\xD5\xC5\xC8\xFD\r\n";
	assert_int_equal(read_text(t, strlen(t), &r, &d), 0);
	assert_string_equal(r.first[0], "姓名");
	assert_string_equal(r.first[1], "张三");
	diag_release(&d);
	/* unterminated quote */
	t = "a,b\n1,\"open\n2,3\n";
	assert_int_equal(read_text(t, strlen(t), &r, &d), -1);
	assert_non_null(strstr(errs_of(&d), "t.csv:2:"));
	assert_non_null(strstr(errs_of(&d), "unterminated"));
	diag_release(&d);
	/* neither UTF-8 nor GB18030 */
	t = "a,b\n1,2\n3,\xFF\xFF\n";
	assert_int_equal(read_text(t, strlen(t), &r, &d), -1);
	assert_non_null(strstr(errs_of(&d), "t.csv:3:"));
	assert_non_null(strstr(errs_of(&d), "neither UTF-8 nor GB18030"));
	diag_release(&d);
	/* empty file */
	assert_int_equal(read_text("", 0, &r, &d), -1);
	assert_non_null(strstr(errs_of(&d), "empty"));
	diag_release(&d);
	/* a field over the limit */
	size_t big = CSV_FIELD_MAX + 10;
	char *long_text = malloc(big + 16);
	memcpy(long_text, "a\n", 2);
	memset(long_text + 2, 'x', big);
	memcpy(long_text + 2 + big, "\nok\n", 4);
	assert_int_equal(read_text(long_text, big + 6, &r, &d), 0);
	assert_non_null(strstr(errs_of(&d), "t.csv:2:1: field is longer than"));
	assert_int_equal(r.n, 2); /* the header and "ok" */
	free(long_text);
	diag_release(&d);
	free(last_errs);
	last_errs = NULL;
}

static void test_json_and_dates(void **state)
{
	(void)state;
	struct buf b = BUF_INIT;
	buf_add_json(&b, "a\"b\\c\nd\te\x01" "f 镇雄");
	assert_string_equal(b.s, "\"a\\\"b\\\\c\\nd\\te\\u0001f 镇雄\"");
	buf_reset(&b);
	buf_add_json(&b, NULL);
	assert_string_equal(b.s, "null");
	buf_release(&b);
	char d[11];
	date_add_months("2020-11-30", 3, d);
	assert_string_equal(d, "2021-02-28");
	date_add_months("2020-01-31", 1, d);
	assert_string_equal(d, "2020-02-29");
	date_add_months("2019-12-15", 3, d);
	assert_string_equal(d, "2020-03-15");
	date_add_months("2018-02-31", 0, d);
	assert_string_equal(d, "2018-02-28");
}

/* The table of limits the server's workers share. */
static void test_limits(void **state)
{
	(void)state;
	struct limit_slot *t = limits_new();
	const uint64_t a = 77, b = 77 + 65536, c = 77 + 2 * 65536; /* keys that start at one slot */
	uint32_t now = 1000000;
	/* three a minute: the fourth refused; another key counted apart */
	for (int i = 0; i < 3; i++)
		assert_int_equal(limits_take(t, a, now + (uint32_t)i, 3), 1);
	assert_int_equal(limits_take(t, a, now + 10, 3), 0);
	assert_int_equal(limits_take(t, b, now + 10, 3), 1);
	/* the minute began at the key's first request: 59 s on still refused, 60 s on anew */
	assert_int_equal(limits_take(t, a, now + 59, 3), 0);
	assert_int_equal(limits_take(t, a, now + 60, 3), 1);
	/* a's minute now runs from now + 60; b's ended at now + 70: c, probing
	** past both, takes b's slot over and is counted from nought */
	assert_int_equal(limits_take(t, c, now + 75, 1), 1);
	assert_int_equal(limits_take(t, c, now + 76, 1), 0);
	/* a slot before a key's own, taken over, never gives the key a second count */
	const uint64_t x = 500, y = 500 + 65536;
	assert_int_equal(limits_take(t, x, now, 2), 1);
	assert_int_equal(limits_take(t, y, now + 30, 2), 1);
	assert_int_equal(limits_take(t, y, now + 31, 2), 1);
	assert_int_equal(limits_take(t, y, now + 65, 2), 0); /* x's slot before y's is stale by now */
	/* a worker forked after the table was made counts in the same table */
	const uint64_t z = 9999;
	assert_int_equal(limits_take(t, z, now, 3), 1);
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0)
		_exit(limits_take(t, z, now + 1, 3) && limits_take(t, z, now + 2, 3) ? 0 : 1);
	int st;
	assert_int_equal(waitpid(pid, &st, 0), pid);
	assert_true(WIFEXITED(st) && WEXITSTATUS(st) == 0);
	assert_int_equal(limits_take(t, z, now + 3, 3), 0);
	/* a flood that fills every slot a key probes: the key still gets its count */
	for (uint64_t k = 1; k <= 16; k++)
		assert_int_equal(limits_take(t, 3000 + k * 65536, now, 1), 1);
	assert_int_equal(limits_take(t, 3000 + 17 * 65536, now, 1), 1);
	limits_free(t);
	/* what of an address is limited: IPv4 whole, IPv6 by its /64 */
	unsigned char x1[16], x2[16];
	size_t n1 = limits_addr("2001:db8:1:2::1", x1), n2 = limits_addr("2001:db8:1:2:ffff:1:2:3", x2);
	assert_int_equal(n1, 8);
	assert_int_equal(n2, 8);
	assert_memory_equal(x1, x2, 8);
	n2 = limits_addr("2001:db8:1:3::1", x2);
	assert_memory_not_equal(x1, x2, 8);
	n1 = limits_addr("198.51.100.7", x1);
	n2 = limits_addr("::ffff:198.51.100.7", x2);
	assert_int_equal(n1, 4);
	assert_int_equal(n2, 4);
	assert_memory_equal(x1, x2, 4);
	n2 = limits_addr("198.51.100.8", x2);
	assert_memory_not_equal(x1, x2, 4);
	assert_int_equal(limits_addr("?", x1), 1);
}

static void put_upper(struct buf *b, const char *v)
{
	for (; *v; v++)
		buf_addc(b, (char)(*v >= 'a' && *v <= 'z' ? *v - 'a' + 'A' : *v));
}

/* A message in English said by a form: values taken the fewest bytes that
** let the rest match, put in the other form's order; other text no match. */
/* int_format writes what %lld writes, the extremes too */
static void test_int_format(void **state)
{
	(void)state;
	static const int64_t cases[] = { 0, 7, -7, 10, 1234567890123LL, -100, INT64_MAX, INT64_MIN };
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char want[32], got[24];
		snprintf(want, sizeof want, "%lld", (long long)cases[i]);
		assert_string_equal(int_format(cases[i], got), want);
	}
}

static void test_typed_ascii(void **state)
{
	(void)state;
	char out[64];
	typed_ascii("６２１１２４　１９８０－ｘＸ!ok", out, sizeof out);
	assert_string_equal(out, "621124 1980-xX!ok");
	typed_ascii("安定区（Ａ）～", out, sizeof out); /* full-width brackets too; other text as it was */
	assert_string_equal(out, "安定区(A)~");
	typed_ascii("１２３４５", out, 4); /* cut to fit */
	assert_string_equal(out, "123");
	typed_ascii(NULL, out, sizeof out);
	assert_string_equal(out, "");
}

static void test_form_words(void **state)
{
	(void)state;
	struct buf b = BUF_INIT;
	assert_int_equal(form_words(&b, "the same as payment %s of %s", "与 {2} 的拨付 {1} 相同",
				    "the same as payment X4 of 2018-06-07", put_upper), 1);
	assert_string_equal(b.s, "与 2018-06-07 的拨付 X4 相同");
	buf_reset(&b);
	assert_int_equal(form_words(&b, "a project of %s still %s", "{1}:{2}", "a project of 2017 still planned", put_upper), 1);
	assert_string_equal(b.s, "2017:PLANNED");
	buf_reset(&b);
	assert_int_equal(form_words(&b, "more than %s to one person", "x", "more than 5 to two persons", put_upper), 0);
	assert_int_equal(form_words(&b, "paid %s to %s", "x", "paid  to y", put_upper), 0); /* a value is never empty */
	assert_int_equal(form_words(&b, "fiscal fund arrived %s, after 31 March", "{1}",
				    "fiscal fund arrived 2018-04-15, after 31 March, late", put_upper), 0);
	buf_release(&b);
}

int main(void)
{
	setlocale(LC_CTYPE, "C.UTF-8");
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_idnum),
		cmocka_unit_test(test_uscc),
		cmocka_unit_test(test_divcode),
		cmocka_unit_test(test_date),
		cmocka_unit_test(test_money),
		cmocka_unit_test(test_int_format),
		cmocka_unit_test(test_fold_and_mask),
		cmocka_unit_test(test_seal),
		cmocka_unit_test(test_csv),
		cmocka_unit_test(test_json_and_dates),
		cmocka_unit_test(test_limits),
		cmocka_unit_test(test_form_words),
		cmocka_unit_test(test_typed_ascii),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
