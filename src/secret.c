/*
** secret.c: identity numbers are never stored in clear text.
**
** A store has a 32-byte master key in a file beside it (mode 0600, never
** inside the store).  From it libsodium derives three subkeys:
**   1. a BLAKE2b key for the look-up hash (de-duplication, joins);
**   2. a secretbox key for the encrypted copy shown to authorised users;
**   3. a BLAKE2b key that derives each nonce from the plaintext, so that
**      sealing is deterministic: the same number gives the same token, and
**      an export is byte-stable.  (Equal plaintexts are visible as equal,
**      which the look-up hash reveals anyway.)
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
	unsigned char hash_key[crypto_generichash_KEYBYTES];
	unsigned char box_key[crypto_secretbox_KEYBYTES];
	unsigned char nonce_key[crypto_generichash_KEYBYTES];
};

#define TOKEN_PREFIX "enc:"
#define ID_LEN 18
#define SEALED_LEN (crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES + ID_LEN)

static void derive(struct secret *k, const unsigned char master[crypto_kdf_KEYBYTES])
{
	crypto_kdf_derive_from_key(k->hash_key, sizeof k->hash_key, 1, "bangfuid", master);
	crypto_kdf_derive_from_key(k->box_key, sizeof k->box_key, 2, "bangfuid", master);
	crypto_kdf_derive_from_key(k->nonce_key, sizeof k->nonce_key, 3, "bangfuid", master);
}

struct secret *secret_load(const char *path, int create)
{
	unsigned char master[crypto_kdf_KEYBYTES];
	if (sodium_init() < 0)
		die("libsodium could not be initialised");
	int fd = open(path, O_RDONLY);
	if (fd < 0 && errno == ENOENT && create) {
		crypto_kdf_keygen(master);
		fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0600);
		if (fd < 0)
			die("cannot create key file %s: %s", path, strerror(errno));
		if (write(fd, master, sizeof master) != (ssize_t)sizeof master || fsync(fd) < 0)
			die("cannot write key file %s: %s", path, strerror(errno));
		close(fd);
	} else if (fd < 0) {
		die("cannot open key file %s: %s (it is made by 'bangfu init' beside the store; "
		    "name another with --key FILE)", path, strerror(errno));
	} else {
		struct stat st;
		if (fstat(fd, &st) == 0 && (st.st_mode & 077))
			die("key file %s is readable by others (mode %03o): chmod 600 %s", path,
			    (unsigned)(st.st_mode & 0777), path);
		ssize_t n = read(fd, master, sizeof master);
		close(fd);
		if (n != (ssize_t)sizeof master)
			die("key file %s is damaged: it must hold %zu bytes", path, sizeof master);
	}
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

void secret_hash(const struct secret *k, const char *idnum, char out[65])
{
	unsigned char h[32];
	crypto_generichash(h, sizeof h, (const unsigned char *)idnum, strlen(idnum),
			   k->hash_key, sizeof k->hash_key);
	sodium_bin2hex(out, 65, h, sizeof h);
}

char *secret_seal(const struct secret *k, const char *idnum)
{
	unsigned char sealed[SEALED_LEN];
	unsigned char *nonce = sealed;
	if (strlen(idnum) != ID_LEN)
		BUG("secret_seal: identity number must be normalised");
	crypto_generichash(nonce, crypto_secretbox_NONCEBYTES, (const unsigned char *)idnum,
			   ID_LEN, k->nonce_key, sizeof k->nonce_key);
	crypto_secretbox_easy(sealed + crypto_secretbox_NONCEBYTES, (const unsigned char *)idnum,
			      ID_LEN, nonce, k->box_key);
	size_t blen = sodium_base64_ENCODED_LEN(SEALED_LEN, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	char *out = xmalloc(sizeof TOKEN_PREFIX + blen);
	memcpy(out, TOKEN_PREFIX, sizeof TOKEN_PREFIX - 1);
	sodium_bin2base64(out + sizeof TOKEN_PREFIX - 1, blen, sealed, SEALED_LEN,
			  sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	return out;
}

int secret_open(const struct secret *k, const char *token, char out[19])
{
	unsigned char sealed[SEALED_LEN];
	size_t n;
	if (!starts_with(token, TOKEN_PREFIX))
		return -1;
	const char *b64 = token + strlen(TOKEN_PREFIX);
	if (sodium_base642bin(sealed, sizeof sealed, b64, strlen(b64), NULL, &n, NULL,
			      sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0 || n != SEALED_LEN)
		return -1;
	if (crypto_secretbox_open_easy((unsigned char *)out, sealed + crypto_secretbox_NONCEBYTES,
				       SEALED_LEN - crypto_secretbox_NONCEBYTES, sealed, k->box_key) != 0)
		return -1;
	out[ID_LEN] = 0;
	return 0;
}

void idnum_mask(const char *idnum, char out[19])
{
	size_t n = strlen(idnum);
	if (n != ID_LEN) {
		memset(out, '*', ID_LEN);
		out[ID_LEN] = 0;
		return;
	}
	memcpy(out, idnum, 4);
	memset(out + 4, '*', 10);
	memcpy(out + 14, idnum + 14, 4);
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
