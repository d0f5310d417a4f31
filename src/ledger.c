/*
** ledger.c: postings, balances and the hash chain (see ledger.h); the
** `verify` and `trace` commands.
*/
#include "bangfu.h"
#include "cmd.h"
#include "kinds.h"
#include "ledger.h"
#include "tally.h"
#include "audit.h"
#include "map.h"
#include "heads.h"
#include "partitions.h"
#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include "banned.h"

struct ledger {
	struct db *db;
	int64_t seq;
	unsigned char head[32];
	/* Balances and flows are read once and then kept here for the
	** import; ledger_close writes what changed, in the same transaction. */
	struct map accounts; /* account -> struct acct */
	struct map flows;    /* project -> struct pflows */
	struct stmt *bal, *flows_of;
	struct stmt *bal_many, *flows_many; /* ledger_preload_projects */
};

struct acct {
	int64_t balance, delta;
	int stored, posted; /* a row exists in accounts; this import posted to it */
};

struct flow {
	char *fund;
	int64_t allocated, paid, first_seq;
};

struct pflows {
	int n, alloc, dirty;
	struct flow *f;
};

/* Adds a flow to a project's, in the order of its first entry. */
static void flow_push(struct pflows *p, const char *fund, int64_t allocated, int64_t paid, int64_t first_seq)
{
	if (p->n == p->alloc) {
		p->alloc = p->alloc ? p->alloc * 2 : 4;
		p->f = xrealloc(p->f, (size_t)p->alloc * sizeof *p->f);
	}
	p->f[p->n++] = (struct flow){ xstrdup(fund), allocated, paid, first_seq };
}

static const unsigned char zero_hash[32];

struct ledger *ledger_open(struct db *db)
{
	struct ledger *l = xcalloc(1, sizeof *l);
	l->db = db;
	map_init(&l->accounts);
	map_init(&l->flows);
	l->seq = db_int(db, 0, "SELECT value FROM meta WHERE key = 'ledger_seq'", (char *)NULL);
	char *head = db_text(db, "SELECT value FROM meta WHERE key = 'ledger_head'", (char *)NULL);
	if (head) {
		size_t n;
		if (sodium_hex2bin(l->head, sizeof l->head, head, strlen(head), NULL, &n, NULL) != 0 ||
		    n != sizeof l->head)
			die("the ledger's recorded head is damaged: run 'bangfu verify'");
		free(head);
	}
	l->bal = db_prepare(db, "SELECT balance FROM accounts WHERE account = ?");
	l->flows_of = db_prepare(db, "SELECT fund, allocated, paid, first_seq FROM flows WHERE project = ? "
				     "ORDER BY first_seq");
	return l;
}

static void set_meta(struct db *db, const char *key, const char *value)
{
	struct stmt *st = db_prepare(db, "INSERT INTO meta(key, value) VALUES(?, ?) "
					 "ON CONFLICT(key) DO UPDATE SET value = excluded.value");
	stmt_bind_text(st, 1, key);
	stmt_bind_text(st, 2, value);
	stmt_step(st);
	stmt_finalize(st);
}

static void free_pflows(void *v)
{
	struct pflows *p = v;
	for (int i = 0; i < p->n; i++)
		free(p->f[i].fund);
	free(p->f);
	free(p);
}

void ledger_close(struct ledger *l)
{
	if (!l)
		return;
	struct db_rows *w = db_rows_new(l->db, "INSERT INTO accounts(account, balance) VALUES", 2,
					" ON CONFLICT(account) DO UPDATE SET balance = accounts.balance + excluded.balance");
	for (size_t i = 0; i < l->accounts.cap; i++) {
		struct map_entry *e = &l->accounts.e[i];
		struct acct *a = e->value;
		if (!e->key || !a->posted || (a->stored && !a->delta))
			continue;
		char d[24];
		db_rows_add(w, (const char *[]){ e->key, int_format(a->delta, d) });
	}
	db_rows_end(w);
	w = db_rows_new(l->db, "INSERT INTO flows(fund, project, allocated, paid, first_seq) VALUES", 5,
			" ON CONFLICT(fund, project) DO UPDATE SET allocated = excluded.allocated, paid = excluded.paid");
	for (size_t i = 0; i < l->flows.cap; i++) {
		struct map_entry *e = &l->flows.e[i];
		struct pflows *p = e->value;
		if (!e->key || !p->dirty)
			continue;
		for (int k = 0; k < p->n; k++) {
			char a[24], pd[24], fs[24];
			db_rows_add(w, (const char *[]){ p->f[k].fund, e->key, int_format(p->f[k].allocated, a),
							 int_format(p->f[k].paid, pd), int_format(p->f[k].first_seq, fs) });
		}
	}
	db_rows_end(w);
	char hex[65], seq[32];
	sodium_bin2hex(hex, sizeof hex, l->head, sizeof l->head);
	snprintf(seq, sizeof seq, "%lld", (long long)l->seq);
	if (l->seq > 0) {
		set_meta(l->db, "ledger_seq", seq);
		set_meta(l->db, "ledger_head", hex);
		/* the head at the end of the day, for the published history */
		char day[11];
		date_today(day);
		db_run(l->db, "INSERT INTO ledger_heads(day, seq, hash) VALUES (?, ?, ?) "
			      "ON CONFLICT(day) DO UPDATE SET seq = excluded.seq, hash = excluded.hash",
		       day, seq, hex, (char *)NULL);
	}
	ledger_discard(l);
}

void ledger_discard(struct ledger *l)
{
	if (!l)
		return;
	stmt_finalize(l->bal_many);
	stmt_finalize(l->flows_many);
	stmt_finalize(l->bal);
	stmt_finalize(l->flows_of);
	map_release(&l->accounts, free);
	map_release(&l->flows, free_pflows);
	free(l);
}

void ledger_hash(const unsigned char prev[32], const char *content, size_t len, unsigned char out[32])
{
	crypto_generichash_state s;
	crypto_generichash_init(&s, NULL, 0, 32);
	crypto_generichash_update(&s, prev, 32);
	crypto_generichash_update(&s, (const unsigned char *)content, len);
	crypto_generichash_final(&s, out, 32);
}

int64_t ledger_next(const struct ledger *l)
{
	return l->seq + 1;
}

int64_t ledger_append(struct ledger *l, const char *content, size_t len, char hash[65])
{
	unsigned char h[32];
	ledger_hash(l->head, content, len, h);
	memcpy(l->head, h, sizeof h);
	sodium_bin2hex(hash, 65, h, sizeof h);
	return ++l->seq;
}

static struct acct *acct(struct ledger *l, const char *account)
{
	struct acct *a = map_get(&l->accounts, account);
	if (a)
		return a;
	a = xcalloc(1, sizeof *a);
	stmt_bind_text(l->bal, 1, account);
	a->stored = stmt_step(l->bal);
	a->balance = a->stored ? stmt_int(l->bal, 0) : 0;
	stmt_reset(l->bal);
	map_put(&l->accounts, account, a);
	return a;
}

int64_t ledger_balance(struct ledger *l, const char *account)
{
	return acct(l, account)->balance;
}

static void post(struct acct *d, struct acct *c, int64_t amount)
{
	d->balance += amount;
	d->delta += amount;
	c->balance -= amount;
	c->delta -= amount;
	d->posted = c->posted = 1;
}

void ledger_post(struct ledger *l, const char *debit, const char *credit, int64_t amount)
{
	post(acct(l, debit), acct(l, credit), amount);
}

#define PRELOAD 512 /* projects a statement of ledger_preload_projects reads */

/* Adds a flow read from columns c (fund), c+1 (allocated), c+2 (paid), c+3 (first_seq). */
static void flow_read(struct pflows *p, struct stmt *st, int c)
{
	flow_push(p, stmt_text(st, c), stmt_int(st, c + 1), stmt_int(st, c + 2), stmt_int(st, c + 3));
}

void ledger_preload_projects(struct ledger *l, const char *const *projects, int n)
{
	if (n > PRELOAD)
		BUG("ledger_preload_projects: too many projects at once");
	if (!l->bal_many) {
		l->bal_many = db_prepare_in(l->db, "SELECT account, balance FROM accounts WHERE account IN (",
					    2 * PRELOAD, ")");
		l->flows_many = db_prepare_in(l->db, "SELECT project, fund, allocated, paid, first_seq FROM flows "
					      "WHERE project IN (", PRELOAD, ") ORDER BY project, first_seq");
	}
	/* accounts: those not read yet exist (balance 0) unless a row says so */
	struct buf name = BUF_INIT;
	int b = 1, nf = 1;
	for (int i = 0; i < n; i++) {
		static const char *const books[] = { "project", "paid" };
		for (int k = 0; k < 2; k++) {
			buf_reset(&name);
			buf_addf(&name, "%s:%s", books[k], projects[i]);
			if (map_get(&l->accounts, name.s))
				continue;
			map_put(&l->accounts, name.s, xcalloc(1, sizeof(struct acct)));
			stmt_bind_text(l->bal_many, b++, name.s);
		}
		if (!map_get(&l->flows, projects[i])) {
			map_put(&l->flows, projects[i], xcalloc(1, sizeof(struct pflows)));
			stmt_bind_text(l->flows_many, nf++, projects[i]);
		}
	}
	buf_release(&name);
	if (b > 1) {
		while (b <= 2 * PRELOAD)
			stmt_bind_text(l->bal_many, b++, NULL);
		while (stmt_step(l->bal_many)) {
			struct acct *a = map_get(&l->accounts, stmt_text(l->bal_many, 0));
			a->stored = 1;
			a->balance = stmt_int(l->bal_many, 1);
		}
		stmt_reset(l->bal_many);
	}
	if (nf > 1) {
		while (nf <= PRELOAD)
			stmt_bind_text(l->flows_many, nf++, NULL);
		while (stmt_step(l->flows_many))
			flow_read(map_get(&l->flows, stmt_text(l->flows_many, 0)), l->flows_many, 1);
		stmt_reset(l->flows_many);
	}
}

static struct pflows *pflows(struct ledger *l, const char *project)
{
	struct pflows *p = map_get(&l->flows, project);
	if (p)
		return p;
	p = xcalloc(1, sizeof *p);
	stmt_bind_text(l->flows_of, 1, project);
	while (stmt_step(l->flows_of))
		flow_read(p, l->flows_of, 0);
	stmt_reset(l->flows_of);
	map_put(&l->flows, project, p);
	return p;
}

int64_t ledger_flow_allocated(struct ledger *l, const char *fund, const char *project, int64_t *paid)
{
	struct pflows *p = pflows(l, project);
	for (int i = 0; i < p->n; i++)
		if (streq(p->f[i].fund, fund)) {
			*paid = p->f[i].paid;
			return p->f[i].allocated;
		}
	*paid = 0;
	return 0;
}

void ledger_flow_allocate(struct ledger *l, const char *fund, const char *project, int64_t amount,
			  int64_t seq)
{
	struct pflows *p = pflows(l, project);
	p->dirty = 1;
	for (int i = 0; i < p->n; i++)
		if (streq(p->f[i].fund, fund)) {
			p->f[i].allocated += amount;
			return;
		}
	flow_push(p, fund, amount, 0, seq);
}

/* The caller has checked that the project holds enough. */
static void flows_pay(struct pflows *p, int64_t amount)
{
	p->dirty = 1;
	for (int i = 0; i < p->n && amount > 0; i++) {
		int64_t room = p->f[i].allocated - p->f[i].paid;
		int64_t take = room < amount ? room : amount;
		if (take > 0) {
			p->f[i].paid += take;
			amount -= take;
		}
	}
	if (amount > 0)
		BUG("a payment was posted beyond what its project's funds hold");
}

static void flows_unpay(struct pflows *p, int64_t amount)
{
	p->dirty = 1;
	for (int i = p->n - 1; i >= 0 && amount > 0; i--) {
		int64_t take = p->f[i].paid < amount ? p->f[i].paid : amount;
		if (take > 0) {
			p->f[i].paid -= take;
			amount -= take;
		}
	}
	if (amount > 0)
		BUG("a payment was reversed beyond what its project paid");
}

void ledger_project_books(struct ledger *l, const char *project, struct project_books *b)
{
	struct buf name = BUF_INIT;
	buf_addf(&name, "project:%s", project);
	b->owed = acct(l, name.s);
	buf_reset(&name);
	buf_addf(&name, "paid:%s", project);
	b->paid = acct(l, name.s);
	buf_release(&name);
	b->flows = pflows(l, project);
}

int64_t ledger_owed(const struct project_books *b)
{
	return b->owed->balance;
}

void ledger_pay(struct project_books *b, int64_t amount)
{
	post(b->paid, b->owed, amount);
	flows_pay(b->flows, amount);
}

void ledger_unpay(struct project_books *b, int64_t amount)
{
	post(b->owed, b->paid, amount);
	flows_unpay(b->flows, amount);
}

void ledger_content(const char *kind, const char *const *vals, int n, int64_t seq, struct buf *out)
{
	buf_reset(out);
	buf_adds(out, kind);
	for (int i = 0; i < n; i++) {
		const char *v = vals[i];
		buf_addc(out, '\x1f');
		buf_adds(out, v ? v : "\\N");
	}
	char num[24];
	buf_addc(out, '\x1e');
	buf_adds(out, int_format(seq, num));
}

/* ---- verify --------------------------------------------------------- */

/* A source of money rows in chain order: one kind's table (its stored
** columns, then seq and hash), or all of them merged (kind, seq, hash,
** then the stored columns). */
struct cursor {
	const struct kind *k;
	struct stmt *st;
	int nstored;
	int live;
	int64_t seq;
	int base, seqcol, hashcol, merged;
};

static int stored_width(const struct kind *k)
{
	int n = 0;
	for (int j = 0; j < k->ncols; j++)
		n += col_width(&k->cols[j]);
	return n;
}

static void cursor_next(struct cursor *c)
{
	c->live = stmt_step(c->st);
	if (!c->live)
		return;
	if (c->merged) {
		c->k = kind_find(stmt_text(c->st, 0));
		if (!c->k)
			BUG("a merged money row of no kind");
		c->nstored = stored_width(c->k);
	}
	c->seq = stmt_int(c->st, c->seqcol);
}

static _Noreturn void broken(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void broken(const char *fmt, ...)
{
	va_list ap;
	struct buf b = BUF_INIT;
	va_start(ap, fmt);
	buf_vaddf(&b, fmt, ap);
	va_end(ap);
	fprintf(stderr, "%s: verify: NOT INTACT: %s\n", progname, b.s);
	exit(1);
}

/* Where a money row's columns are among its stored ones. */
static int stored_at(const struct kind *k, const char *name)
{
	int at = 0;
	for (int i = 0; i < k->ncols; i++) {
		if (streq(k->cols[i].name, name))
			return at;
		at += col_width(&k->cols[i]);
	}
	BUG("no such money column");
}

static void add_to(struct map *m, const char *kind, const char *id, int64_t amount)
{
	char key[256];
	snprintf(key, sizeof key, "%s:%s", kind, id);
	int64_t *v = map_get(m, key);
	if (!v) {
		v = xcalloc(1, sizeof *v);
		map_put(m, key, v);
	}
	*v += amount;
}

/* The movement a money row posts, recomputed from the row itself. */
static void recompute(struct map *m, const struct kind *k, struct stmt *st, int base)
{
#define AT(name) (base + stored_at(k, name))
	const char *rev = stmt_text(st, AT("reverses"));
	int64_t a = stmt_int(st, AT("amount")) * (rev ? -1 : 1);
	if (streq(k->name, "funds")) {
		add_to(m, "fund", rev ? rev : stmt_text(st, AT("id")), a);
		add_to(m, "source", stmt_text(st, AT("from")), -a);
	} else if (streq(k->name, "allocations")) {
		add_to(m, "project", stmt_text(st, AT("project")), a);
		add_to(m, "fund", stmt_text(st, AT("fund")), -a);
	} else {
		add_to(m, "paid", stmt_text(st, AT("project")), a);
		add_to(m, "project", stmt_text(st, AT("project")), -a);
	}
#undef AT
}

/* Every kept balance must equal what its records add up to. */
static void check_balances(struct db *db, struct map *recomputed)
{
	struct stmt *st = db_prepare_cursor(db, "SELECT account, balance FROM accounts");
	size_t n = 0;
	int64_t total = 0;
	while (stmt_step(st)) {
		int64_t *v = map_get(recomputed, stmt_text(st, 0));
		if (!v || *v != stmt_int(st, 1))
			broken("account %s: its kept balance does not match its records", stmt_text(st, 0));
		total += stmt_int(st, 1);
		n++;
	}
	stmt_finalize(st);
	if (n != recomputed->n) {
		for (size_t i = 0; i < recomputed->cap; i++)
			if (recomputed->e[i].key &&
			    !db_int(db, 0, "SELECT COUNT(*) FROM accounts WHERE account = ?", recomputed->e[i].key, (char *)NULL))
				broken("account %s has records but no kept balance", recomputed->e[i].key);
	}
	if (total != 0)
		broken("the books do not balance: the accounts sum to %lld fen, not 0", (long long)total);
	/* what each project holds = what its funds gave it, less what it paid */
	char *p = db_text(db,
		"SELECT f.project FROM (SELECT project, SUM(allocated - paid) AS held FROM flows GROUP BY project) f "
		"LEFT JOIN accounts a ON a.account = 'project:' || f.project "
		"WHERE f.held <> COALESCE(a.balance, 0)", (char *)NULL);
	if (p)
		broken("project %s: what its funds gave it, less what it paid, is not its balance", p);
}

/*
** COMMAND: verify
** USAGE: bangfu --db PATH verify [--heads FILE]
** NEEDS: read
**
** Prove the money records are as they were written.
**
** Every money row (fund, allocation, payment) is an entry of a chain: its
** hash (BLAKE2b) covers its content and the hash of the entry before.
** verify recomputes the whole chain and names the first entry that no
** longer matches (a changed amount, payee, date ...), a missing entry, or
** a chain cut short; then it checks that every account's kept balance
** equals its records, that the books balance, and that the kept sums of
** workers and sales the reports read equal their records, and recomputes
** the audit trail's chain the same way (with its recorded head, so that
** removing its newest entries shows), and that the chain passes through
** every daily head the public portal publishes.  Prints the current head
** hash: anyone who wrote it down earlier can tell that nothing before it
** was rewritten.  Exit status 0 when intact, 1 when not.
**
** --heads FILE checks the store against a copy of the daily heads kept
** outside it (written by 'bangfu heads', or downloaded from the portal's
** /p/ledger/heads): its signature, then that the chain passes through every
** head it holds.  A ledger rewritten inside the store, however
** consistently (hashes, heads and balances all recomputed), fails here,
** naming the first day that no longer matches.
*/
int cmd_verify(struct cmdctx *c, int argc, char **argv)
{
	const char *kept_path = opt_value(&argc, argv, "--heads");
	opt_no_more(argc, argv, "verify");
	if (argc)
		die("verify: unexpected argument %s", argv[0]);
	/* a copy of the heads kept elsewhere: its signature first */
	struct kept_heads kept = { { 0 }, NULL, 0 };
	char kept_key[HEADS_PK_TEXT] = "", why_kept[512];
	int kept_ours = -1; /* signed by this installation's key: 1, by another 0, no key here -1 */
	if (kept_path) {
		if (heads_read(kept_path, &kept, why_kept, sizeof why_kept) < 0)
			broken("%s", why_kept);
		heads_pk_text(kept.pk, kept_key);
		char *kp = heads_key_path(c->keypath);
		unsigned char sk[crypto_sign_SECRETKEYBYTES], pk[crypto_sign_PUBLICKEYBYTES];
		if (heads_key_load(kp, 0, sk, pk) == 0)
			kept_ours = sodium_memcmp(pk, kept.pk, sizeof pk) == 0;
		sodium_memzero(sk, sizeof sk);
		free(kp);
		if (kept_ours == 0)
			broken("%s is signed by %s, which is not this installation's signing key", kept_path, kept_key);
	}
	int ki = 0;
	db_begin_read(c->db);
	/* the published daily heads: the chain must pass through each (read
	** first: on PostgreSQL the chain comes as one COPY stream) */
	struct head { int64_t seq; char day[11], hash[65]; } *heads = NULL;
	int nheads = 0, hi = 0;
	struct stmt *hs = db_prepare(c->db, "SELECT seq, day, hash FROM ledger_heads ORDER BY seq, day");
	while (stmt_step(hs)) {
		heads = xrealloc(heads, (size_t)(nheads + 1) * sizeof *heads);
		heads[nheads].seq = stmt_int(hs, 0);
		snprintf(heads[nheads].day, sizeof heads[nheads].day, "%s", stmt_text(hs, 1));
		snprintf(heads[nheads].hash, sizeof heads[nheads].hash, "%s", stmt_text(hs, 2));
		nheads++;
	}
	stmt_finalize(hs);
	struct cursor cur[8];
	memset(cur, 0, sizeof cur);
	int n = 0;
	if (db_engine(c->db) == DB_PG) {
		/* PostgreSQL: every kind merged in chain order, streamed (COPY), so
		** that the server sends while this side hashes */
		int w = 0;
		for (int i = 0; i < nkinds; i++)
			if (kinds[i].money && stored_width(&kinds[i]) > w)
				w = stored_width(&kinds[i]);
		struct buf q = BUF_INIT;
		for (int i = 0; i < nkinds; i++) {
			if (!kinds[i].money)
				continue;
			struct buf cols = BUF_INIT;
			kind_sql_cols(&kinds[i], &cols, 0);
			buf_addf(&q, "%sSELECT '%s' AS k, seq, hash", q.len ? " UNION ALL " : "", kinds[i].name);
			int j = 0;
			for (char *p = cols.s; *p; j++) {
				size_t len = strcspn(p, ",");
				buf_addf(&q, ", CAST(%.*s AS TEXT) AS c%d", (int)len, p, j);
				p += len;
				while (*p == ',' || *p == ' ')
					p++;
			}
			for (; j < w; j++)
				buf_addf(&q, ", CAST(NULL AS TEXT) AS c%d", j);
			if (streq(kinds[i].name, "payments")) { /* archived years too */
				char *all = partitions_all_payments(c->db);
				buf_addf(&q, " FROM %s", all);
				free(all);
			} else {
				buf_addf(&q, " FROM %s", kinds[i].name);
			}
			buf_release(&cols);
		}
		char *sql = xasprintf("SELECT * FROM (%s) u ORDER BY seq", q.s);
		cur[0] = (struct cursor){ NULL, db_prepare_stream(c->db, sql), 0, 0, 0, 3, 1, 2, 1 };
		free(sql);
		buf_release(&q);
		cursor_next(&cur[0]);
		n = 1;
	}
	int merged = n;
	for (int i = 0; i < nkinds && !merged; i++) {
		if (!kinds[i].money)
			continue;
		struct buf q = BUF_INIT;
		buf_adds(&q, "SELECT ");
		kind_sql_cols(&kinds[i], &q, 0);
		buf_addf(&q, ", seq, hash FROM %s ORDER BY seq", kinds[i].name);
		int ns = stored_width(&kinds[i]);
		cur[n] = (struct cursor){ &kinds[i], db_prepare_cursor(c->db, q.s), ns, 0, 0, 0, ns, ns + 1, 0 };
		cursor_next(&cur[n]);
		n++;
		buf_release(&q);
	}
	unsigned char prev[32], h[32];
	memcpy(prev, zero_hash, sizeof prev);
	struct map balances;
	map_init(&balances);
	int64_t expect = 1;
	struct buf content = BUF_INIT;
	const char *last_kind = NULL;
	char *last_id = NULL;
	for (;;) {
		struct cursor *next = NULL;
		for (int i = 0; i < n; i++)
			if (cur[i].live && (!next || cur[i].seq < next->seq))
				next = &cur[i];
		if (!next)
			break;
		struct stmt *st = next->st;
		const char *id = stmt_text(st, next->base + stored_at(next->k, "id"));
		if (next->seq != expect)
			broken("entry %lld is missing: after %s %s (entry %lld) comes %s %s (entry %lld)",
			       (long long)expect, last_kind ? last_kind : "the start", last_id ? last_id : "",
			       (long long)expect - 1, next->k->name, id, (long long)next->seq);
		const char *vals[64];
		for (int i = 0; i < next->nstored; i++)
			vals[i] = stmt_text(st, next->base + i);
		ledger_content(next->k->name, vals, next->nstored, next->seq, &content);
		ledger_hash(prev, content.s, content.len, h);
		char hex[65];
		sodium_bin2hex(hex, sizeof hex, h, sizeof h);
		if (!streq(hex, stmt_text(st, next->hashcol)))
			broken("%s %s (entry %lld) no longer matches its hash: it was changed after it was written",
			       next->k->name, id, (long long)next->seq);
		for (; ki < kept.n && kept.v[ki].seq <= next->seq; ki++)
			if (kept.v[ki].seq == next->seq && !streq(kept.v[ki].hash, hex))
				broken("the heads kept in %s give %s for %s (entry %lld), but the chain there is %s: "
				       "the ledger was rewritten on or before %s",
				       kept_path, kept.v[ki].hash, kept.v[ki].day, (long long)next->seq, hex, kept.v[ki].day);
		for (; hi < nheads && heads[hi].seq <= next->seq; hi++)
			if (heads[hi].seq == next->seq && !streq(heads[hi].hash, hex))
				broken("the head published for %s (entry %lld) is %s, but the chain there is %s: "
				       "records before it were rewritten, or the history was",
				       heads[hi].day, (long long)next->seq, heads[hi].hash, hex);
		memcpy(prev, h, sizeof prev);
		recompute(&balances, next->k, st, next->base);
		free(last_id);
		last_id = xstrdup(id);
		last_kind = next->k->name;
		expect++;
		cursor_next(next);
	}
	for (int i = 0; i < n; i++)
		stmt_finalize(cur[i].st);
	char hex[65];
	sodium_bin2hex(hex, sizeof hex, prev, sizeof prev);
	int64_t recorded = db_int(c->db, 0, "SELECT value FROM meta WHERE key = 'ledger_seq'", (char *)NULL);
	char *head = db_text(c->db, "SELECT value FROM meta WHERE key = 'ledger_head'", (char *)NULL);
	if (recorded != expect - 1)
		broken("the ledger recorded %lld entries but holds %lld: entries were removed from its end",
		       (long long)recorded, (long long)expect - 1);
	if (recorded > 0 && !streq(head, hex))
		broken("the recorded head %s is not the chain's head %s", head ? head : "(none)", hex);
	if (ki < kept.n)
		broken("the heads kept in %s name entry %lld for %s, but the ledger holds %lld entries: "
		       "entries were removed on or after %s", kept_path, (long long)kept.v[ki].seq, kept.v[ki].day,
		       (long long)expect - 1, kept.v[ki].day);
	if (hi < nheads)
		broken("the head published for %s is entry %lld, but the ledger holds %lld entries: entries were removed",
		       heads[hi].day, (long long)heads[hi].seq, (long long)expect - 1);
	free(heads);
	check_balances(c->db, &balances);
	map_release(&balances, free);
	char why[512];
	if (tally_check(c->db, why, sizeof why) < 0)
		broken("%s", why);
	int64_t naudit;
	if (audit_check(c->db, &naudit, why, sizeof why) < 0)
		broken("%s", why);
	db_commit(c->db);
	printf("ledger intact: %lld entries, every account balanced, every kept sum equal to its records\nhead: %s\n", (long long)expect - 1,
	       recorded > 0 ? hex : "(empty ledger)");
	printf("audit trail intact: %lld entries\n", (long long)naudit);
	if (kept_path)
		printf("the ledger passes through all %d heads kept in %s, signed by %s%s\n", kept.n, kept_path,
		       kept_key, kept_ours == 1 ? " (this installation's key)"
					    : " (no signing key here: compare it with the one your office published)");
	free(kept.v);
	free(head);
	free(last_id);
	buf_release(&content);
	return 0;
}
