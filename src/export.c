/*
** export.c: the store back out as a bundle, byte-stable: the same store
** always gives the same files, and export -> import into an empty store ->
** export gives identical files.
*/
#include "bangfu.h"
#include "cmd.h"
#include "kinds.h"
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "banned.h"

struct line {
	char *sortkey;
	char *text;
};

static int line_cmp(const void *a, const void *b)
{
	return strcmp(((const struct line *)a)->sortkey, ((const struct line *)b)->sortkey);
}

/* Persons are ordered by household, workers by start, then identity number
** in clear, so the order does not depend on the key.  Groups are small. */
static void flush_group(struct buf *out, struct line *g, size_t n)
{
	if (n == 0)
		return;
	qsort(g, n, sizeof *g, line_cmp);
	for (size_t i = 0; i < n; i++) {
		buf_adds(out, g[i].text);
		free(g[i].sortkey);
		free(g[i].text);
	}
}

static void export_kind(struct cmdctx *c, const struct kind *k, const char *dir, int clear)
{
	struct buf sql = BUF_INIT, out = BUF_INIT, row = BUF_INIT;
	buf_adds(&sql, "SELECT ");
	kind_sql_cols(k, &sql, 0);
	buf_addf(&sql, " FROM %s ORDER BY %s", k->name, k->order);
	char *path = xasprintf("%s/%s.csv", dir, k->name);
	char *tmp = xasprintf("%s/.%s.csv.tmp", dir, k->name);
	/* identity numbers in clear are for the exporter alone: 0600 */
	int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC, clear ? 0600 : 0644);
	FILE *f = fd >= 0 ? fdopen(fd, "wb") : NULL;
	if (!f)
		die("export: cannot write %s: %s", tmp, strerror(errno));
	if (clear)
		fchmod(fd, 0600); /* a file left from an earlier export keeps its mode otherwise */
	for (int i = 0; i < k->ncols; i++)
		buf_addf(&out, "%s%s", i ? "," : "", k->cols[i].name);
	buf_addc(&out, '\n');
	int idcol = -1, groupcol = -1;
	if (streq(k->name, "persons") || streq(k->name, "workers")) {
		idcol = kind_col(k, "id_number");
		groupcol = kind_col(k, streq(k->name, "persons") ? "household" : "start");
	}
	struct line *group = NULL;
	size_t ngroup = 0, agroup = 0;
	char *cur_group = NULL;
	struct stmt *st = db_prepare(c->db, sql.s);
	while (stmt_step(st)) {
		int sc = 0;
		char *sortkey = NULL, *gval = NULL;
		buf_reset(&row);
		for (int i = 0; i < k->ncols; i++) {
			const struct column *col = &k->cols[i];
			int at = sc;
			char *v = kind_value(col, st, &sc, clear ? SHOW_CLEAR : SHOW_EXPORT, c->key);
			if (i)
				buf_addc(&row, ',');
			buf_add_csv(&row, v);
			if (i == idcol) {
				int s2 = at;
				sortkey = clear ? xstrdup(v) : kind_value(col, st, &s2, SHOW_CLEAR, c->key);
			}
			if (i == groupcol)
				gval = xstrdup(v ? v : "");
			free(v);
		}
		buf_addc(&row, '\n');
		if (idcol < 0) {
			buf_add(&out, row.s, row.len);
		} else {
			if (!streq(cur_group, gval)) {
				flush_group(&out, group, ngroup);
				ngroup = 0;
				free(cur_group);
				cur_group = gval;
			} else {
				free(gval);
			}
			if (ngroup == agroup) {
				agroup = agroup ? agroup * 2 : 16;
				group = xrealloc(group, agroup * sizeof *group);
			}
			group[ngroup].sortkey = sortkey;
			group[ngroup].text = xstrdup(row.s);
			ngroup++;
		}
		if (out.len > (1 << 20)) {
			fwrite(out.s, 1, out.len, f);
			buf_reset(&out);
		}
	}
	flush_group(&out, group, ngroup);
	free(group);
	free(cur_group);
	stmt_finalize(st);
	fwrite(out.s, 1, out.len, f);
	if (fflush(f) != 0 || ferror(f) || fsync(fileno(f)) != 0 || fclose(f) != 0)
		die("export: cannot write %s: %s", tmp, strerror(errno));
	if (rename(tmp, path) != 0)
		die("export: cannot write %s: %s", path, strerror(errno));
	free(path);
	free(tmp);
	buf_release(&sql);
	buf_release(&out);
	buf_release(&row);
}

/*
** COMMAND: export
** USAGE: bangfu --db PATH export DIR [--clear-ids]
** NEEDS: read
**
** Write the whole store out as a bundle.
**
** Writes the whole store to DIR as a bundle (one CSV file a kind, UTF-8,
** the header in English, rows in a fixed order), ready to import again.
** The same store always gives byte-identical files.
**
** Identity numbers are written sealed (enc:...), readable only with the
** store's key file: importing the bundle into a store that shares that key
** (any store in the same folder, or --key FILE) restores them.
**
** Options:
**   --clear-ids   write identity numbers in clear text (handle the files
**                 as personal information: PIPL)
*/
int cmd_export(struct cmdctx *c, int argc, char **argv)
{
	int clear = opt_flag(&argc, argv, "--clear-ids");
	opt_no_more(argc, argv, "export");
	if (argc != 1)
		die("export: name one folder to write the bundle into");
	const char *dir = argv[0];
	if (mkdir(dir, clear ? 0700 : 0755) != 0 && errno != EEXIST)
		die("export: cannot create %s: %s", dir, strerror(errno));
	struct stat st;
	if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode))
		die("export: %s is not a folder", dir);
	/* One read transaction: the files are one consistent snapshot. */
	db_begin_read(c->db);
	for (int i = 0; i < nkinds; i++)
		export_kind(c, &kinds[i], dir, clear);
	db_commit(c->db);
	return 0;
}
