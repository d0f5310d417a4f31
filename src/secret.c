/*
** secret.c: identity numbers are never stored in clear text.
**
** A store has a 32-byte master key in a file beside it (mode 0600, never
** inside the store).  libsodium derives two subkeys from it:
**   k1 (16 bytes): SipHash-2-4 with 128-bit output, a keyed PRF.  Its value
**      for a number is the look-up hash (de-duplication, joins, search)
**      and the synthetic IV of the sealed copy.
**   k2 (32 bytes): ChaCha20 (IETF) for the sealed copy.
**
** Sealing is SIV (deterministic authenticated encryption, RFC 5297's
** construction): iv = PRF(k1, id); ct = id XOR ChaCha20(k2, nonce = iv[0..12],
** counter = iv[12..16]).  The store keeps iv (the look-up hash) and ct in
** two columns; a bundle carries them as one token, "enc:" base64url(iv)
** base64url(ct).  Opening
** recomputes the PRF of the plaintext and compares it with iv in constant
** time, so a token altered or sealed under another key is refused.  The same
** number always gives the same token: exports are byte-stable, and equal
** numbers are visible as equal, which the look-up hash reveals anyway.
** Per number this is one short SipHash and one ChaCha20 block: cheap
** enough for the import path.
*/
#include "bangfu.h"
#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "banned.h"

struct secret {
	unsigned char prf_key[crypto_shorthash_siphashx24_KEYBYTES];
	unsigned char stream_key[crypto_stream_chacha20_ietf_KEYBYTES];
};

#define TOKEN_PREFIX "enc:"
#define ID_LEN 18
#define IV_LEN crypto_shorthash_siphashx24_BYTES /* 16 */

static void derive(struct secret *k, const unsigned char master[crypto_kdf_KEYBYTES])
{
	crypto_kdf_derive_from_key(k->prf_key, sizeof k->prf_key, 1, "bangfuid", master);
	crypto_kdf_derive_from_key(k->stream_key, sizeof k->stream_key, 2, "bangfuid", master);
}

int key_file_load(const char *path, int create, const char *what, unsigned char *key, size_t len,
		  void (*make)(unsigned char *key, size_t len))
{
	int fd = open(path, O_RDONLY | O_NOFOLLOW);
	if (fd < 0 && errno == ENOENT && create) {
		make(key, len);
		fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0600);
		if (fd < 0)
			die("cannot create %s %s: %s", what, path, strerror(errno));
		if (write(fd, key, len) != (ssize_t)len || fsync(fd) < 0)
			die("cannot write %s %s: %s", what, path, strerror(errno));
		close(fd);
		return 0;
	}
	if (fd < 0)
		return -1;
	struct stat st;
	if (fstat(fd, &st) == 0 && (st.st_mode & 077))
		die("%s %s is readable by others (mode %03o): chmod 600 %s", what, path, (unsigned)(st.st_mode & 0777),
		    path);
	ssize_t n = read(fd, key, len);
	close(fd);
	if (n != (ssize_t)len)
		die("%s %s is damaged: it must hold %zu bytes", what, path, len);
	return 0;
}

static void make_master(unsigned char *key, size_t len)
{
	(void)len;
	crypto_kdf_keygen(key);
}

struct secret *secret_load(const char *path, int create)
{
	unsigned char master[crypto_kdf_KEYBYTES];
	if (sodium_init() < 0)
		die("libsodium could not be initialised");
	if (key_file_load(path, create, "key file", master, sizeof master, make_master) < 0)
		die("cannot open key file %s: %s (it is made by 'bangfu init' beside the store; "
		    "name another with --key FILE)", path, strerror(errno));
	struct secret *k = xmalloc(sizeof *k);
	derive(k, master);
	sodium_memzero(master, sizeof master);
	return k;
}

void secret_free(struct secret *k)
{
	if (!k)
		return;
	sodium_memzero(k, sizeof *k);
	free(k);
}

static void prf(const struct secret *k, const char *idnum, unsigned char iv[IV_LEN])
{
	crypto_shorthash_siphashx24(iv, (const unsigned char *)idnum, strlen(idnum), k->prf_key);
}

static void keystream_xor(const struct secret *k, const unsigned char iv[IV_LEN],
			  unsigned char *out, const unsigned char *in)
{
	uint32_t ic = (uint32_t)iv[12] | (uint32_t)iv[13] << 8 | (uint32_t)iv[14] << 16 |
		      (uint32_t)iv[15] << 24;
	crypto_stream_chacha20_ietf_xor_ic(out, in, ID_LEN, iv, ic, k->stream_key);
}

void secret_hash(const struct secret *k, const char *idnum, char out[SECRET_HASH_LEN + 1])
{
	unsigned char iv[IV_LEN];
	prf(k, idnum, iv);
	sodium_bin2base64(out, SECRET_HASH_LEN + 1, iv, IV_LEN,
			  sodium_base64_VARIANT_URLSAFE_NO_PADDING);
}

void secret_seal(const struct secret *k, const char *idnum, char out[SECRET_CT_LEN + 1])
{
	unsigned char iv[IV_LEN], ct[ID_LEN];
	if (strlen(idnum) != ID_LEN)
		BUG("secret_seal: identity number must be normalised");
	prf(k, idnum, iv);
	keystream_xor(k, iv, ct, (const unsigned char *)idnum);
	sodium_bin2base64(out, SECRET_CT_LEN + 1, ct, ID_LEN, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
}

int secret_open(const struct secret *k, const char *hash, const char *ct, char out[19])
{
	unsigned char iv[IV_LEN], c[ID_LEN], check[IV_LEN];
	size_t n;
	if (!hash || !ct ||
	    sodium_base642bin(iv, sizeof iv, hash, strlen(hash), NULL, &n, NULL,
			      sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0 || n != IV_LEN ||
	    sodium_base642bin(c, sizeof c, ct, strlen(ct), NULL, &n, NULL,
			      sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0 || n != ID_LEN)
		return -1;
	keystream_xor(k, iv, (unsigned char *)out, c);
	out[ID_LEN] = 0;
	prf(k, out, check);
	if (sodium_memcmp(check, iv, IV_LEN) != 0) {
		sodium_memzero(out, ID_LEN);
		out[0] = 0;
		return -1;
	}
	return 0;
}

void secret_token(const char *hash, const char *ct, char out[SECRET_TOKEN_LEN + 1])
{
	snprintf(out, SECRET_TOKEN_LEN + 1, "%s%s%s", TOKEN_PREFIX, hash, ct);
}

int secret_open_token(const struct secret *k, const char *token, char out[19])
{
	char hash[SECRET_HASH_LEN + 1];
	if (!starts_with(token, TOKEN_PREFIX) || strlen(token) != SECRET_TOKEN_LEN)
		return -1;
	token += strlen(TOKEN_PREFIX);
	memcpy(hash, token, SECRET_HASH_LEN);
	hash[SECRET_HASH_LEN] = 0;
	return secret_open(k, hash, token + SECRET_HASH_LEN, out);
}

void idnum_ends(const char *idnum, char out[9])
{
	size_t n = strlen(idnum);
	if (n != ID_LEN)
		BUG("idnum_ends: identity number must be normalised");
	memcpy(out, idnum, 4);
	memcpy(out + 4, idnum + 14, 4);
	out[8] = 0;
}

void idnum_mask(const char *ends, char out[19])
{
	if (strlen(ends) != 8) {
		memset(out, '*', ID_LEN);
		out[ID_LEN] = 0;
		return;
	}
	memcpy(out, ends, 4);
	memset(out + 4, '*', 10);
	memcpy(out + 14, ends + 4, 4);
	out[ID_LEN] = 0;
}

/* 张三 -> 张*, 张小明 -> 张*明, 欧阳小明 -> 欧**明: first and last character kept. */
char *name_mask(const char *name)
{
	size_t off[64];
	size_t nch = 0, len = strlen(name);
	for (size_t i = 0; i < len && nch < ARRAY_SIZE(off); i++)
		if (((unsigned char)name[i] & 0xC0) != 0x80)
			off[nch++] = i;
	struct buf b = BUF_INIT;
	if (nch <= 1) {
		buf_addc(&b, '*');
	} else if (nch == 2) {
		buf_add(&b, name, off[1]);
		buf_addc(&b, '*');
	} else {
		buf_add(&b, name, off[1]);
		for (size_t i = 1; i + 1 < nch; i++)
			buf_addc(&b, '*');
		buf_adds(&b, name + off[nch - 1]);
	}
	return buf_detach(&b);
}
