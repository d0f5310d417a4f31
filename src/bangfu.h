/*
** bangfu.h: declarations shared by every part of the program.
**
** Conventions (see STYLE.md): library functions return 0 on success and -1
** on error (having reported the error); commands die() with a clear message;
** BUG() marks a broken invariant.  Strings are UTF-8.  Money is int64 fen.
*/
#ifndef BANGFU_H
#define BANGFU_H

#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdarg.h>

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* ---- buf.c: one growable buffer --------------------------------------
** Invariant: b->s is never NULL and always NUL-terminated; b->len is the
** length without the NUL.  BUF_INIT is a valid empty buffer.  */
struct buf {
	char *s;
	size_t len, cap;
};
extern char buf_empty[];
#define BUF_INIT { buf_empty, 0, 0 }
void buf_init(struct buf *b);
void buf_release(struct buf *b);
void buf_reset(struct buf *b);
void buf_grow(struct buf *b, size_t extra);
void buf_add(struct buf *b, const void *p, size_t n);
void buf_adds(struct buf *b, const char *s);
void buf_addc(struct buf *b, char c);
void buf_addf(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void buf_vaddf(struct buf *b, const char *fmt, va_list ap);
char *buf_detach(struct buf *b); /* caller frees; b is reset */
/* Escaping printers: raw data goes through one of these, never directly. */
void buf_add_csv(struct buf *b, const char *s);  /* quoted only when needed */
void buf_add_html(struct buf *b, const char *s);
void buf_add_json(struct buf *b, const char *s); /* a JSON string (as jansson writes it), or null */
/* A number as offices write it, with thousands separators: -1234567.50 as -1,234,567.50. */
void buf_add_grouped(struct buf *b, const char *num);

/* ---- util.c ------------------------------------------------------------ */
/* Does text have the form en ("%s": one or more bytes, the fewest that let
** the rest match; eight at most)?  Then zh into b, {n} standing for what
** the n-th %s matched, put there by value(b, it), and 1; else 0.  How a
** message written in English is said in Chinese. */
int form_words(struct buf *b, const char *en, const char *zh, const char *text, void (*value)(struct buf *, const char *));
extern const char *progname;
_Noreturn void die(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* While a trap is set, die() fills in its message and jumps back to it
** instead of exiting (the server, around one request); it is cleared
** when it fires, and must be cleared (NULL) when the request is done. */
struct die_trap {
	jmp_buf jb;
	char msg[512];
};
struct die_trap *die_trap_set(struct die_trap *t); /* returns the one it replaces */
int error(const char *fmt, ...) __attribute__((format(printf, 1, 2))); /* returns -1 */
void warning(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
_Noreturn void bug_at(const char *file, int line, const char *msg);
#define BUG(msg) bug_at(__FILE__, __LINE__, (msg))
void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t m);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int streq(const char *a, const char *b); /* NULL-safe */
int starts_with(const char *s, const char *prefix);
/* What a person typed with a Chinese input method's full-width forms
** (６２１１…, Ｘ, －, the ideographic space) as ASCII, into out (n bytes;
** the rest of the text as it was, cut to fit). */
void typed_ascii(const char *in, char *out, size_t n);
/* An identity number as people type it: that, with the spaces and dashes
** between its digits dropped and a lower-case x the check character X. */
void idnum_typed(const char *in, char *out, size_t n);
int read_file(const char *path, struct buf *out); /* 0 / -1 with errno */
/* A private folder (0700) for this process's temporary files, named
** $TMPDIR/bangfu-tmp.PID.WHAT.XXXXXX so that what a crashed process left
** can be told and cleared: 0, or -1 with errno. */
int private_dir(char *out, size_t n, const char *what);
/* Removes the private folders of processes that no longer run; how many. */
int private_dirs_clear(void);
/* "%text%" (or "text%" when prefix_only) for LIKE ... ESCAPE '\\', with the
** user's %, _ and \\ taken literally; the caller frees. */
char *like_pattern(const char *s, int prefix_only);

/* ---- check.c: validators and parsers (pure functions) ------------------ */
/* Each returns 0 when valid, else -1 with a reason in *why (static text or
** written into why_buf).  Normalised results go to out parameters. */
int idnum_check(const char *s, char out[19], char *why, size_t whylen);
int uscc_check(const char *s, int *check_ok, char *why, size_t whylen);
int orgcode_check(const char *s, int *check_ok, char *why, size_t whylen);
char uscc_check_char(const char *first17); /* 0 on bad input */
char idnum_check_char(const char *first17);
int divcode_norm(const char *s, char out[13], char *why, size_t whylen);
/* Level of a normalised 12-digit code by its structure: 0 province, 1 city,
** 2 county, 3 town, 4 village; -1 if malformed. */
int divcode_level(const char *code12);
int divcode_sig(int level);           /* significant digits: 2,4,6,9,12 */
int date_parse(const char *s, char out[11], char *why, size_t whylen);
/* d (YYYY-MM-DD) plus months calendar months, the day clamped to the
** month's last (2020-11-30 + 3 = 2021-02-28). */
void date_add_months(const char *d, int months, char out[11]);
void date_today(char out[11]);
int money_parse(const char *s, int64_t *fen, char *why, size_t whylen);
void money_format(int64_t fen, char out[32]); /* yuan with 2 decimals */
char *int_format(int64_t v, char out[24]);     /* decimal, as %lld writes it; returns out */
int int_parse(const char *s, int64_t lo, int64_t hi, int64_t *v, char *why, size_t whylen);
int utf8_valid(const unsigned char *s, size_t n, size_t *bad_at);
int utf8_width(const char *s); /* terminal columns */

/* ---- secret.c: identity numbers never stored in clear ------------------ */
struct secret;
struct secret *secret_load(const char *keypath, int create);
/* A key file beside the store (what names it in messages): its len bytes
** read into key, or, when it is absent and create, made by make and
** written 0600.  0; -1 with errno when absent (and not create); dies when
** it is damaged or readable by others. */
int key_file_load(const char *path, int create, const char *what, unsigned char *key, size_t len,
		  void (*make)(unsigned char *key, size_t len));
void secret_free(struct secret *k);
/* Keyed hash (base64url, 22 chars) for look-up and de-duplication; it is
** also the synthetic IV of the sealed copy. */
#define SECRET_HASH_LEN 22
#define SECRET_CT_LEN 24
#define SECRET_TOKEN_LEN (4 + SECRET_HASH_LEN + SECRET_CT_LEN)
void secret_hash(const struct secret *k, const char *idnum, char out[SECRET_HASH_LEN + 1]);
/* The sealed copy: base64url ciphertext, deterministic. */
void secret_seal(const struct secret *k, const char *idnum, char out[SECRET_CT_LEN + 1]);
/* 0 and the number in out, or -1 when altered or sealed under another key. */
int secret_open(const struct secret *k, const char *hash, const char *ct, char out[19]);
/* A bundle's form of a sealed number: "enc:" hash ct. */
void secret_token(const char *hash, const char *ct, char out[SECRET_TOKEN_LEN + 1]);
int secret_open_token(const struct secret *k, const char *token, char out[19]);
/* What the masked form keeps: the first four and last four characters. */
void idnum_ends(const char *idnum, char out[9]);
void idnum_mask(const char *ends, char out[19]); /* 6201**********1234 */
char *name_mask(const char *name);

/* ---- fold.c: Simplified/Traditional folding for search ----------------- */
/* Returns a new string: Traditional characters mapped to Simplified
** (OpenCC t2s, character by character, cached), ASCII lower-cased. */
char *fold_text(const char *s);

#endif
