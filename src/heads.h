/*
** heads.h: the ledger's daily heads, signed, kept outside the store (heads.c).
*/
#ifndef HEADS_H
#define HEADS_H
#include "bangfu.h"
#include "db.h"
#include <sodium.h>

#define HEADS_PK_TEXT 80

/* The signing key's file: bangfu.sign beside the identity-number key.
** Caller frees. */
char *heads_key_path(const char *keypath);
/* Loads the signing key (making it, 0600, when create and it is absent):
** 0, or -1 when absent; dies when damaged or readable by others. */
int heads_key_load(const char *path, int create, unsigned char sk[crypto_sign_SECRETKEYBYTES],
		   unsigned char pk[crypto_sign_PUBLICKEYBYTES]);
/* "ed25519:" and the public key in base64. */
void heads_pk_text(const unsigned char pk[crypto_sign_PUBLICKEYBYTES], char out[HEADS_PK_TEXT]);
/* Appends the signed document of every daily head to out. */
void heads_document(struct db *db, const unsigned char sk[crypto_sign_SECRETKEYBYTES],
		    const unsigned char pk[crypto_sign_PUBLICKEYBYTES], struct buf *out);

/* A copy of the heads, read back and its signature checked. */
struct kept_head {
	char day[11], hash[65];
	int64_t seq;
};
struct kept_heads {
	unsigned char pk[crypto_sign_PUBLICKEYBYTES];
	struct kept_head *v; /* in the file's order (by entry) */
	int n;
};
/* 0; -1 with why (unreadable, malformed, or its signature fails). */
int heads_read(const char *path, struct kept_heads *h, char *why, size_t n);
#endif
