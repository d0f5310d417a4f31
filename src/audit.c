/*
** audit.c: the audit trail: every sign-in, every write, every view of an
** identity number in clear.  Append-only and chained like the ledger: an
** entry's hash is BLAKE2b over the previous entry's hash and the entry's
** canonical content, so `verify` can tell an edited or removed entry.
*/
#include "audit.h"
#include "ledger.h"
#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include <pwd.h>
#include <time.h>
#include <unistd.h>
#include "banned.h"

const char *audit_cli_who(char out[80])
{
	struct passwd pw, *res = NULL;
	char b[1024];
	if (getpwuid_r(geteuid(), &pw, b, sizeof b, &res) == 0 && res)
		snprintf(out, 80, "cli:%s", pw.pw_name);
	else
		snprintf(out, 80, "cli:uid %lu", (unsigned long)geteuid());
	return out;
}

/* The fields, each followed by a record separator; NULL as \x1e alone is
** told apart from "" by a leading \x1d for present values. */
static void canonical(struct buf *b, int64_t seq, const char *const f[7])
{
	buf_reset(b);
	buf_addf(b, "audit\x1f%lld", (long long)seq);
	for (int i = 0; i < 7; i++) {
		buf_addc(b, '\x1f');
		if (f[i]) {
			buf_addc(b, '\x1d');
			buf_adds(b, f[i]);
		}
	}
}

void audit_now(char out[32])
{
	time_t t = time(NULL);
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

void audit_log(struct db *db, const char *who, const char *addr, const char *action, const char *what,
	       const char *before, const char *after)
{
	db_begin(db);
	struct stmt *st = db_prepare(db, "SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1");
	int64_t seq = 1;
	unsigned char prev[32] = { 0 };
	if (stmt_step(st)) {
		seq = stmt_int(st, 0) + 1;
		size_t n;
		if (sodium_hex2bin(prev, sizeof prev, stmt_text(st, 1), 64, NULL, &n, NULL) != 0 || n != 32)
			die("the audit trail's last entry has no valid hash: run 'bangfu verify'");
	}
	stmt_finalize(st);
	char at[32];
	audit_now(at);
	const char *f[7] = { at, who, addr, action, what, before, after };
	struct buf c = BUF_INIT;
	canonical(&c, seq, f);
	unsigned char h[32];
	ledger_hash(prev, c.s, c.len, h);
	char hex[65];
	sodium_bin2hex(hex, sizeof hex, h, sizeof h);
	st = db_prepare(db, "INSERT INTO audit(seq, at, who, addr, action, what, before, after, hash) "
			    "VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?)");
	stmt_bind_int(st, 1, seq);
	for (int i = 0; i < 7; i++)
		stmt_bind_text(st, i + 2, f[i]);
	stmt_bind_text(st, 9, hex);
	stmt_step(st);
	stmt_finalize(st);
	/* the head, recorded: removing the newest entries shows */
	char n[32];
	snprintf(n, sizeof n, "%lld", (long long)seq);
	static const char upsert[] = "INSERT INTO meta(key, value) VALUES(?, ?) "
				     "ON CONFLICT(key) DO UPDATE SET value = excluded.value";
	db_run(db, upsert, "audit_seq", n, (char *)NULL);
	db_run(db, upsert, "audit_head", hex, (char *)NULL);
	buf_release(&c);
	db_commit(db);
}

int audit_check(struct db *db, int64_t *n, char *why, size_t whylen)
{
	struct stmt *st = db_prepare_cursor(db,
		"SELECT seq, at, who, addr, action, what, before, after, hash FROM audit ORDER BY seq");
	unsigned char prev[32] = { 0 }, h[32];
	struct buf c = BUF_INIT;
	int64_t expect = 1;
	int bad = 0;
	while (!bad && stmt_step(st)) {
		int64_t seq = stmt_int(st, 0);
		if (seq != expect) {
			snprintf(why, whylen, "audit entry %lld is missing (the next is %lld)", (long long)expect,
				 (long long)seq);
			bad = 1;
			break;
		}
		const char *f[7];
		for (int i = 0; i < 7; i++)
			f[i] = stmt_text(st, i + 1);
		canonical(&c, seq, f);
		ledger_hash(prev, c.s, c.len, h);
		char hex[65];
		sodium_bin2hex(hex, sizeof hex, h, sizeof h);
		if (!streq(hex, stmt_text(st, 8))) {
			snprintf(why, whylen, "audit entry %lld (%s by %s at %s) no longer matches its hash: it was changed",
				 (long long)seq, f[3], f[1], f[0]);
			bad = 1;
		}
		memcpy(prev, h, sizeof prev);
		expect++;
	}
	stmt_finalize(st);
	buf_release(&c);
	*n = expect - 1;
	if (bad)
		return -1;
	int64_t recorded = db_int(db, 0, "SELECT value FROM meta WHERE key = 'audit_seq'", (char *)NULL);
	char *head = db_text(db, "SELECT value FROM meta WHERE key = 'audit_head'", (char *)NULL);
	char hex[65];
	sodium_bin2hex(hex, sizeof hex, prev, sizeof prev);
	if (recorded != *n) {
		snprintf(why, whylen, "the audit trail recorded %lld entries but holds %lld: %s", (long long)recorded,
			 (long long)*n, recorded > *n ? "its newest entries were removed" : "entries were added behind its back");
		bad = 1;
	} else if (recorded > 0 && !streq(head, hex)) {
		snprintf(why, whylen, "the audit trail's recorded head %s is not its chain's head %s", head ? head : "(none)",
			 hex);
		bad = 1;
	}
	free(head);
	return bad ? -1 : 0;
}
