/*
** util.c: error reporting and checked allocation.
*/
#include "bangfu.h"
#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

const char *progname = "bangfu";

static void report(const char *prefix, const char *fmt, va_list ap)
{
	struct buf b = BUF_INIT;
	buf_addf(&b, "%s: %s", progname, prefix);
	buf_vaddf(&b, fmt, ap);
	buf_addc(&b, '\n');
	fputs(b.s, stderr);
	buf_release(&b);
}

static struct die_trap *trap;

struct die_trap *die_trap_set(struct die_trap *t)
{
	struct die_trap *was = trap;
	trap = t;
	return was;
}

void die(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	if (trap) {
		/* the server answers the request with the message and goes on */
		struct die_trap *t = trap;
		trap = NULL;
		vsnprintf(t->msg, sizeof t->msg, fmt, ap);
		va_end(ap);
		longjmp(t->jb, 1);
	}
	report("", fmt, ap);
	va_end(ap);
	exit(1);
}

int error(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	report("", fmt, ap);
	va_end(ap);
	return -1;
}

void warning(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	report("warning: ", fmt, ap);
	va_end(ap);
}

void bug_at(const char *file, int line, const char *msg)
{
	fprintf(stderr, "%s: BUG at %s:%d: %s\n", progname, file, line, msg);
	abort();
}

void *xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (!p)
		die("out of memory (%zu bytes)", n);
	return p;
}

void *xcalloc(size_t n, size_t m)
{
	void *p = calloc(n ? n : 1, m ? m : 1);
	if (!p)
		die("out of memory");
	return p;
}

void *xrealloc(void *p, size_t n)
{
	p = realloc(p, n ? n : 1);
	if (!p)
		die("out of memory (%zu bytes)", n);
	return p;
}

char *xstrdup(const char *s)
{
	return xstrndup(s, strlen(s));
}

char *xstrndup(const char *s, size_t n)
{
	char *p = xmalloc(n + 1);
	memcpy(p, s, n);
	p[n] = 0;
	return p;
}

char *xasprintf(const char *fmt, ...)
{
	struct buf b = BUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	buf_vaddf(&b, fmt, ap);
	va_end(ap);
	return buf_detach(&b);
}

int streq(const char *a, const char *b)
{
	if (!a || !b)
		return a == b;
	return strcmp(a, b) == 0;
}

int starts_with(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

void typed_ascii(const char *in, char *out, size_t n)
{
	size_t k = 0;
	for (const unsigned char *p = (const unsigned char *)(in ? in : ""); *p && k + 1 < n;) {
		unsigned cp = 0;
		if (p[0] == 0xEF && (p[1] == 0xBC || p[1] == 0xBD) && p[2] >= 0x80 && p[2] <= 0xBF)
			cp = ((p[1] & 0x3Fu) << 6 | (p[2] & 0x3Fu)) + 0xF000u; /* U+FF00 .. U+FF7F */
		if (cp >= 0xFF01 && cp <= 0xFF5E) { /* ！ .. ～: the ASCII sign it stands for */
			out[k++] = (char)(cp - 0xFEE0);
			p += 3;
		} else if (p[0] == 0xE3 && p[1] == 0x80 && p[2] == 0x80) { /* the ideographic space */
			out[k++] = ' ';
			p += 3;
		} else {
			out[k++] = (char)*p++;
		}
	}
	out[k] = 0;
}

void idnum_typed(const char *in, char *out, size_t n)
{
	char a[128];
	typed_ascii(in, a, sizeof a);
	size_t k = 0;
	for (const char *p = a; *p && k + 1 < n; p++)
		if (*p != ' ' && *p != '-' && *p != '\t')
			out[k++] = *p == 'x' ? 'X' : *p;
	out[k] = 0;
}

int read_file(const char *path, struct buf *out)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return -1;
	char tmp[65536];
	size_t n;
	while ((n = fread(tmp, 1, sizeof tmp, f)) > 0)
		buf_add(out, tmp, n);
	int err = ferror(f);
	fclose(f);
	if (err) {
		errno = EIO;
		return -1;
	}
	return 0;
}

/* ---- private temporary folders ----------------------------------------- */

static const char *tmp_root(void)
{
	const char *t = getenv("TMPDIR");
	return t && *t == '/' ? t : "/tmp";
}

int private_dir(char *out, size_t n, const char *what)
{
	if ((size_t)snprintf(out, n, "%s/bangfu-tmp.%ld.%s.XXXXXX", tmp_root(), (long)getpid(), what) >= n)
		return -1;
	return mkdtemp(out) ? 0 : -1; /* mkdtemp makes it 0700 */
}

/* Removes a folder and the files (one level of folders deep) in it. */
static void remove_tree(const char *path, int depth)
{
	DIR *d = opendir(path);
	if (d) {
		struct dirent *e;
		while ((e = readdir(d)) != NULL) {
			if (streq(e->d_name, ".") || streq(e->d_name, ".."))
				continue;
			char *p = xasprintf("%s/%s", path, e->d_name);
			if (unlink(p) != 0 && errno == EISDIR && depth < 2)
				remove_tree(p, depth + 1);
			free(p);
		}
		closedir(d);
	}
	rmdir(path);
}

int private_dirs_clear(void)
{
	DIR *d = opendir(tmp_root());
	if (!d)
		return 0;
	int n = 0;
	struct dirent *e;
	while ((e = readdir(d)) != NULL) {
		if (!starts_with(e->d_name, "bangfu-tmp."))
			continue;
		char *end;
		long pid = strtol(e->d_name + 11, &end, 10);
		if (pid <= 0 || *end != '.' || (kill((pid_t)pid, 0) == 0 || errno != ESRCH))
			continue;
		char *p = xasprintf("%s/%s", tmp_root(), e->d_name);
		remove_tree(p, 0);
		free(p);
		n++;
	}
	closedir(d);
	return n;
}

char *like_pattern(const char *s, int prefix_only)
{
	struct buf b = BUF_INIT;
	if (!prefix_only)
		buf_addc(&b, '%');
	for (; *s; s++) {
		if (*s == '%' || *s == '_' || *s == '\\')
			buf_addc(&b, '\\');
		buf_addc(&b, *s);
	}
	buf_addc(&b, '%');
	return buf_detach(&b);
}

/* Does s match pattern p from its k-th %s on ("%s": one or more bytes,
** the fewest that let the rest match)?  Where each matched: st, ln. */
static int form_match(const char *p, const char *s, const char **st, size_t *ln, int k)
{
	while (*p && !(p[0] == '%' && p[1] == 's')) {
		if (*p++ != *s++)
			return 0;
	}
	if (!*p)
		return !*s;
	if (k == 8)
		return 0;
	for (const char *e = s + 1; e <= s + strlen(s); e++)
		if (form_match(p + 2, e, st, ln, k + 1)) {
			st[k] = s;
			ln[k] = (size_t)(e - s);
			return 1;
		}
	return 0;
}

int form_words(struct buf *b, const char *en, const char *zh, const char *text, void (*value)(struct buf *, const char *))
{
	const char *st[8];
	size_t ln[8];
	if (!form_match(en, text, st, ln, 0))
		return 0;
	int n = 0;
	for (const char *e = strstr(en, "%s"); e; e = strstr(e + 2, "%s"))
		n++;
	for (const char *z = zh; *z; z++) {
		if (z[0] == '{' && z[1] >= '1' && z[1] - '1' < n && z[2] == '}') {
			char *v = xstrndup(st[z[1] - '1'], ln[z[1] - '1']);
			value(b, v);
			free(v);
			z += 2;
		} else {
			buf_addc(b, *z);
		}
	}
	return 1;
}
