/*
** import_files.c: what an import reads: each file given, or each file of a
** bundle folder, with its kind (by its name, else by its header for a
** file given by itself), in the order a bundle imports in.
*/
#include "bangfu.h"
#include "params.h"
#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "banned.h"
#include "importer.h"

static void kinds_list(struct buf *b)
{
	for (int i = 0; i < nkinds; i++)
		buf_addf(b, "%s%s.csv", i ? ", " : "", kinds[i].name);
}

int import_job_cmp(const void *a, const void *b)
{
	const struct job *x = a, *y = b;
	if (x->k->rank != y->k->rank)
		return x->k->rank - y->k->rank;
	return strcmp(x->name, y->name);
}

static void add_job(struct job **jobs, int *n, int *alloc, const char *path,
		    const struct kind *k, const char *name, int xlsx)
{
	if (*n == *alloc) {
		*alloc = *alloc ? *alloc * 2 : 16;
		*jobs = xrealloc(*jobs, (size_t)*alloc * sizeof **jobs);
	}
	(*jobs)[*n].path = xstrdup(path);
	(*jobs)[*n].name = xstrdup(name ? name : path);
	(*jobs)[*n].k = k;
	(*jobs)[*n].xlsx = xlsx;
	(*n)++;
}

static int is_xlsx(const char *path)
{
	size_t pl = strlen(path);
	return pl > 5 && strcmp(path + pl - 5, ".xlsx") == 0;
}

void import_collect(struct diag *d, const struct import_file *file, struct job **jobs, int *n, int *alloc)
{
	struct stat st;
	const char *arg = file->path;
	diag_set_file(d, file->name ? file->name : arg);
	if (stat(arg, &st) != 0) {
		diag_error(d, 0, 0, "no such file or folder");
		return;
	}
	if (!S_ISDIR(st.st_mode) && !S_ISREG(st.st_mode)) {
		diag_error(d, 0, 0, "not a file: only regular files and folders of them are read");
		return;
	}
	if (file->k) {
		add_job(jobs, n, alloc, arg, file->k, file->name, file->xlsx);
		return;
	}
	if (!S_ISDIR(st.st_mode)) {
		const struct kind *k = kind_of_file(arg);
		if (!k && bundle_ext(arg)) /* 导入表.xlsx: by its header, when that fits one kind */
			k = kind_by_header(arg, is_xlsx(arg));
		if (!k) {
			struct buf b = BUF_INIT;
			kinds_list(&b);
			diag_error(d, 0, 0, "neither the file name nor its header names a kind of record "
				   "(name it one of %s, or .xlsx)", b.s);
			buf_release(&b);
			return;
		}
		add_job(jobs, n, alloc, arg, k, NULL, is_xlsx(arg));
		return;
	}
	DIR *dir = opendir(arg);
	if (!dir) {
		diag_error(d, 0, 0, "cannot open the folder");
		return;
	}
	struct dirent *e;
	int found = 0;
	while ((e = readdir(dir)) != NULL) {
		if (!bundle_ext(e->d_name) || e->d_name[0] == '.')
			continue;
		char *path = xasprintf("%s/%s", arg, e->d_name);
		const struct kind *k = kind_of_file(path);
		if (stat(path, &st) != 0 || !S_ISREG(st.st_mode)) {
			diag_set_file(d, path);
			diag_error(d, 0, 0, "not a file: only regular files are read");
		} else if (!k) {
			struct buf b = BUF_INIT;
			kinds_list(&b);
			diag_set_file(d, path);
			diag_error(d, 0, 0, "not a kind of record (expected one of %s)", b.s);
			buf_release(&b);
		} else {
			add_job(jobs, n, alloc, path, k, NULL, is_xlsx(path));
			found++;
		}
		free(path);
	}
	closedir(dir);
	diag_set_file(d, arg);
	if (!found)
		diag_error(d, 0, 0, "the folder holds no bundle files (%s)", "divisions.csv, orgs.csv, ...");
}

