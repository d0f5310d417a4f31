/*
** heads.c: the ledger's daily heads, signed, to be kept outside the store.
**
** verify proves the chain is whole, but an intruder who can write the
** store can also rewrite the whole chain after a change, recompute every
** hash, head and balance, and verify would pass.  What defeats that is a
** copy of the heads kept where the intruder cannot reach: an auditor's
** disk, a citizen's phone, a printed bulletin.  `bangfu heads` writes them
** as a small text document signed with Ed25519 (libsodium) by a signing
** key kept beside the identity-number key, never in the store; `verify
** --heads FILE` checks the signature and then that the chain still passes
** through every head the copy holds, naming the first day that no longer
** matches.  The public portal offers the same document for download.
**
** The document:
**   # bangfu: the ledger's daily heads (账本每日哈希) ...
**   key: ed25519:BASE64 public key
**   day,entries,hash
**   2020-05-01,1234,HEX
**   ...
**   signature: BASE64 of the Ed25519 signature of every byte above this line
*/
#include "bangfu.h"
#include "cmd.h"
#include "heads.h"
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "banned.h"

char *heads_key_path(const char *keypath)
{
	char *copy = xstrdup(keypath);
	char *path = xasprintf("%s/bangfu.sign", dirname(copy));
	free(copy);
	return path;
}

static void make_seed(unsigned char *seed, size_t len)
{
	randombytes_buf(seed, len);
}

int heads_key_load(const char *path, int create, unsigned char sk[crypto_sign_SECRETKEYBYTES],
		   unsigned char pk[crypto_sign_PUBLICKEYBYTES])
{
	unsigned char seed[crypto_sign_SEEDBYTES];
	if (sodium_init() < 0)
		die("libsodium could not be initialised");
	if (key_file_load(path, create, "signing key", seed, sizeof seed, make_seed) < 0)
		return -1;
	crypto_sign_seed_keypair(pk, sk, seed);
	sodium_memzero(seed, sizeof seed);
	return 0;
}

void heads_pk_text(const unsigned char pk[crypto_sign_PUBLICKEYBYTES], char out[HEADS_PK_TEXT])
{
	char b64[64];
	sodium_bin2base64(b64, sizeof b64, pk, crypto_sign_PUBLICKEYBYTES, sodium_base64_VARIANT_ORIGINAL);
	snprintf(out, HEADS_PK_TEXT, "ed25519:%s", b64);
}

void heads_document(struct db *db, const unsigned char sk[crypto_sign_SECRETKEYBYTES],
		    const unsigned char pk[crypto_sign_PUBLICKEYBYTES], struct buf *out)
{
	char key[HEADS_PK_TEXT];
	heads_pk_text(pk, key);
	size_t start = out->len;
	buf_addf(out, "# bangfu: the ledger's daily heads (账本每日哈希): the hash of the chain of money records at the\n"
		      "# end of each day it changed.  Keep this file; 'bangfu verify --heads FILE' shows whether the\n"
		      "# ledger still passes through every head, and so whether anything before them was rewritten.\n"
		      "key: %s\nday,entries,hash\n", key);
	db_begin_read(db);
	struct stmt *st = db_prepare(db, "SELECT day, seq, hash FROM ledger_heads ORDER BY seq, day");
	while (stmt_step(st))
		buf_addf(out, "%s,%lld,%s\n", stmt_text(st, 0), (long long)stmt_int(st, 1), stmt_text(st, 2));
	stmt_finalize(st);
	db_commit(db);
	unsigned char sig[crypto_sign_BYTES];
	crypto_sign_detached(sig, NULL, (const unsigned char *)out->s + start, out->len - start, sk);
	char b64[128];
	sodium_bin2base64(b64, sizeof b64, sig, sizeof sig, sodium_base64_VARIANT_ORIGINAL);
	buf_addf(out, "signature: %s\n", b64);
}

int heads_read(const char *path, struct kept_heads *h, char *why, size_t n)
{
	memset(h, 0, sizeof *h);
	struct buf b = BUF_INIT;
	struct stat st;
	if (stat(path, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size > (64 << 20) || read_file(path, &b) < 0) {
		snprintf(why, n, "%s: cannot read it (a file of the heads, as 'bangfu heads' writes it)", path);
		buf_release(&b);
		return -1;
	}
	int rc = -1;
	char *sig = strstr(b.s, "\nsignature: ");
	char *key = strstr(b.s, "\nkey: ed25519:");
	unsigned char pk[crypto_sign_PUBLICKEYBYTES], s[crypto_sign_BYTES];
	size_t len;
	if (!sig || !key || key > sig) {
		snprintf(why, n, "%s: not a signed file of heads (no key: or signature: line)", path);
		goto out;
	}
	char *kend = key + 14 + strcspn(key + 14, "\n");
	char *send = sig + 12 + strcspn(sig + 12, "\n");
	if (sodium_base642bin(pk, sizeof pk, key + 14, (size_t)(kend - key - 14), NULL, &len, NULL,
			      sodium_base64_VARIANT_ORIGINAL) != 0 || len != sizeof pk ||
	    sodium_base642bin(s, sizeof s, sig + 12, (size_t)(send - sig - 12), NULL, &len, NULL,
			      sodium_base64_VARIANT_ORIGINAL) != 0 || len != sizeof s) {
		snprintf(why, n, "%s: its key or signature is damaged", path);
		goto out;
	}
	if (crypto_sign_verify_detached(s, (const unsigned char *)b.s, (size_t)(sig + 1 - b.s), pk) != 0) {
		snprintf(why, n, "%s: its signature does not match its content: the file was changed after it was signed",
			 path);
		goto out;
	}
	memcpy(h->pk, pk, sizeof pk);
	/* the rows after the header line */
	char *p = strstr(key, "\nday,entries,hash\n");
	if (!p || p > sig) {
		snprintf(why, n, "%s: no day,entries,hash header", path);
		goto out;
	}
	for (p += 18; p <= sig; p += strcspn(p, "\n") + 1) {
		char day[11], hash[65];
		long long seq;
		int used = 0;
		if (sscanf(p, "%10[0-9-],%lld,%64[0-9a-f]%n", day, &seq, hash, &used) != 3 || p[used] != '\n' ||
		    strlen(hash) != 64) {
			snprintf(why, n, "%s: a line of the heads is malformed", path);
			goto out;
		}
		h->v = xrealloc(h->v, (size_t)(h->n + 1) * sizeof *h->v);
		snprintf(h->v[h->n].day, sizeof h->v[h->n].day, "%s", day);
		snprintf(h->v[h->n].hash, sizeof h->v[h->n].hash, "%s", hash);
		h->v[h->n].seq = seq;
		h->n++;
		if (p + used == sig)
			break;
	}
	rc = 0;
out:
	buf_release(&b);
	return rc;
}

/*
** COMMAND: heads
** USAGE: bangfu --db PATH heads [--output FILE]
** NEEDS: read
**
** The ledger's daily heads, signed, to keep outside the store.
**
** Writes every day's head of the money ledger (the hash of the whole
** chain of funds, allocations and payments at the end of each day it
** changed) as a small text file signed with Ed25519.  The signing key is
** bangfu.sign beside the identity-number key (made at first use, mode
** 0600); keep a copy of it with the key file, never in the store.  Keep
** the heads file somewhere an intruder into the server cannot reach (an
** auditor's disk, a printed annex of the bulletin), and later check the
** store against it with 'bangfu verify --heads FILE': a ledger rewritten
** from some day on, however consistently, no longer passes through the
** heads of that day and after.  The public portal offers the same file
** at /p/ledger/heads.
*/
int cmd_heads(struct cmdctx *c, int argc, char **argv)
{
	const char *output = opt_value(&argc, argv, "--output");
	opt_no_more(argc, argv, "heads");
	if (argc)
		die("heads: unexpected argument %s", argv[0]);
	char *path = heads_key_path(c->keypath);
	unsigned char sk[crypto_sign_SECRETKEYBYTES], pk[crypto_sign_PUBLICKEYBYTES];
	heads_key_load(path, 1, sk, pk);
	struct buf doc = BUF_INIT;
	heads_document(c->db, sk, pk, &doc);
	sodium_memzero(sk, sizeof sk);
	if (output) {
		int fd = open(output, O_WRONLY | O_CREAT | O_TRUNC, 0644);
		if (fd < 0 || write(fd, doc.s, doc.len) != (ssize_t)doc.len || close(fd) != 0)
			die("heads: cannot write %s: %s", output, strerror(errno));
		char key[HEADS_PK_TEXT];
		heads_pk_text(pk, key);
		fprintf(stderr, "heads: wrote %s, signed by %s (key file %s)\n", output, key, path);
	} else {
		fwrite(doc.s, 1, doc.len, c->out);
	}
	buf_release(&doc);
	free(path);
	return 0;
}
