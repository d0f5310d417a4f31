/*
** upload.c: import by upload, from the page and the API: files are named
** and checked, read from memory (never written to disk), and imported in
** one transaction within the user's region, as `bangfu import` does.
*/
#include "bangfu.h"
#include "kinds.h"
#include "web.h"
#include <event2/buffer.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include <xlsxwriter.h>
#include "banned.h"

/* ---- import by upload ----------------------------------------------------- */

/* May this user import this kind?  An eastern office sets targets only. */
static int may_import(struct req *q, const struct kind *k)
{
	if (kind_for_auditors(k)) /* other offices' lists, the findings: for the whole store */
		return q->u.role == ROLE_ADMIN;
	if (q->u.role == ROLE_ADMIN || q->u.role == ROLE_CLERK)
		return 1;
	return q->u.role == ROLE_EAST && streq(k->name, "targets");
}

/* The kind of an upload by its header (kind_by_header), read from memory. */
static const struct kind *kind_of_data(const char *data, size_t len, int xlsx)
{
	int fd = memfd_create("bangfu-header", MFD_CLOEXEC);
	if (fd < 0)
		return NULL;
	size_t done = 0;
	while (done < len) {
		ssize_t w = write(fd, data + done, len - done);
		if (w <= 0)
			break;
		done += (size_t)w;
	}
	char path[32];
	snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
	const struct kind *k = done == len ? kind_by_header(path, xlsx) : NULL;
	close(fd);
	return k;
}

/* Names and checks one uploaded file: its kind by its name (funds.csv,
** 帮扶资金.xlsx), else the kind chosen in the form, else by its header.  0; -1 with the reason
** in why (400); -2 when the user may not import that kind (403). */
static int upload_add(struct req *q, struct upload *u, const char *filename, const char *kind, const char *data,
		      size_t len, char *why, size_t n)
{
	const char *base = filename; /* without any folder a browser sends */
	for (const char *p = filename; *p; p++)
		if (*p == '/' || *p == '\\')
			base = p + 1;
	snprintf(u->name, sizeof u->name, "%s", base);
	for (char *p = u->name; *p; p++)
		if ((unsigned char)*p < 0x20 || *p == ':')
			*p = '_';
	size_t ext = bundle_ext(u->name);
	if (!ext) {
		snprintf(why, n, "%s: not a .csv or .xlsx file", u->name);
		return -1;
	}
	u->ext = ext == 5 ? ".xlsx" : ".csv";
	u->k = kind_of_file(u->name);
	if (!u->k && kind && *kind)
		u->k = kind_find(kind);
	if (!u->k) /* 我的项目表.xlsx: by its header, read from memory */
		u->k = kind_of_data(data, len, ext == 5);
	if (!u->k) {
		snprintf(why, n, "%s: neither the file name nor its header names a kind of record "
			 "(funds.csv, 帮扶资金.xlsx, ...): choose its kind", u->name);
		return -1;
	}
	if (!may_import(q, u->k)) {
		snprintf(why, n, "%s", u->name);
		return -2;
	}
	u->data = data;
	u->len = len;
	return 0;
}

/* Imports the files in one transaction, limited to the user's region, as
** `bangfu import` does a bundle: 0 when it landed.  out gets the summary,
** err the row errors as the command line prints them, each file under the
** name the user gave it (FILE:LINE:COLUMN: reason).  The files are read
** from memory (memfd): what a user uploads, identity numbers in clear
** among it, never reaches the disk, and nothing is left behind when the
** worker dies. */
int import_upload(struct req *q, const struct upload *up, int n, int dry, struct buf *out, struct buf *err)
{
	struct import_file files[MAX_UPLOADS];
	char paths[MAX_UPLOADS][32];
	int fds[MAX_UPLOADS], rc = -1, made = 0;
	char why[512] = "";
	for (; made < n; made++) {
		fds[made] = memfd_create("bangfu-upload", MFD_CLOEXEC);
		if (fds[made] < 0)
			break;
		size_t done = 0;
		while (done < up[made].len) {
			ssize_t w = write(fds[made], up[made].data + done, up[made].len - done);
			if (w <= 0)
				break;
			done += (size_t)w;
		}
		if (done < up[made].len) {
			close(fds[made]);
			break;
		}
		snprintf(paths[made], sizeof paths[made], "/proc/self/fd/%d", fds[made]);
		files[made] = (struct import_file){ paths[made], up[made].k, up[made].name, streq(up[made].ext, ".xlsx") };
	}
	struct import_params p;
	memset(&p, 0, sizeof p);
	p.files = files;
	p.nfiles = n;
	snprintf(p.region, sizeof p.region, "%s", q->u.region);
	p.by = q->u.name;
	p.addr = q->addr;
	p.dry = dry;
	if (made == n)
		rc = run2(q, import_run, &p, out, err, why, sizeof why);
	else
		snprintf(why, sizeof why, "serve: cannot keep the upload in memory");
	if (rc < 0)
		buf_adds(err, why);
	for (int i = 0; i < made; i++)
		close(fds[i]);
	return rc;
}

/* A plain field of the form (urlencoded or multipart), NULL when absent. */
static const char *form_value(struct req *q, const char *name)
{
	for (int i = 0; i < q->nparts; i++)
		if (!q->parts[i].filename && streq(q->parts[i].name, name))
			return q->parts[i].data;
	return evhttp_find_header(&q->form, name);
}

/* The files of a multipart request (field "file", chosen) and the pasted
** CSV (field "csv", with the kind chosen) as uploads: their number, or -1
** (400) / -2 (403) with the reason in why. */
static int uploads_of(struct req *q, const char *kind, struct upload *up, char *why, size_t n)
{
	int k = 0, rc;
	for (int i = 0; i < q->nparts; i++) {
		const struct form_part *p = &q->parts[i];
		if (!p->filename || !*p->filename) /* a file field left empty */
			continue;
		if (k == MAX_UPLOADS) {
			snprintf(why, n, "at most %d files at a time", MAX_UPLOADS);
			return -1;
		}
		if ((rc = upload_add(q, &up[k], p->filename, kind, p->data, p->len, why, n)) < 0)
			return rc;
		k++;
	}
	const char *csv = form_value(q, "csv");
	if (csv && csv[strspn(csv, " \t\r\n")]) {
		if (!kind || !*kind || !kind_find(kind)) {
			snprintf(why, n, "choose the kind of record of the pasted CSV");
			return -1;
		}
		char name[64];
		snprintf(name, sizeof name, "%s.csv", kind);
		if (k == MAX_UPLOADS) {
			snprintf(why, n, "at most %d files at a time", MAX_UPLOADS);
			return -1;
		}
		if ((rc = upload_add(q, &up[k], name, kind, csv, strlen(csv), why, n)) < 0)
			return rc;
		k++;
	}
	if (!k)
		snprintf(why, n, "choose a file (.csv or .xlsx, several for a bundle) or paste CSV");
	return k ? k : -1;
}

void h_import(struct req *q)
{
	const char *kind = form_value(q, "kind"), *check = form_value(q, "check");
	int dry = check && *check;
	struct buf out = BUF_INIT, err = BUF_INIT;
	int rc = -2;
	if (evhttp_request_get_command(q->r) == EVHTTP_REQ_POST) {
		struct upload up[MAX_UPLOADS];
		char why[512];
		int n = uploads_of(q, kind, up, why, sizeof why);
		if (n == -2) {
			fail(q, 403, "Forbidden", "forbidden", why);
			return;
		}
		if (n < 0) {
			fail(q, 400, "Bad Request", "bad_request", why);
			return;
		}
		rc = import_upload(q, up, n, dry, &out, &err);
	}
	buf_reset(&q->body);
	page_head(q, T(q, "import"));
	if (rc == 0) {
		buf_addf(&q->body, "<p class=\"ok\">%s</p>\n", T(q, dry ? "checked_only" : "imported"));
		import_results_html(q, out.s);
		if (err.len) /* warnings: imported as given */
			import_errors_html(q, err.s);
	} else if (rc != -2) {
		buf_addf(&q->body, "<p class=\"error\">%s</p>\n", T(q, "not_imported"));
		import_errors_html(q, err.s);
	}
	buf_addf(&q->body, "<form method=\"post\" action=\"/import\" enctype=\"multipart/form-data\">"
			   "<input type=\"hidden\" name=\"csrf\" value=\"%s\">"
			   "<p><label>%s<br><input type=\"file\" name=\"file\" multiple accept=\".csv,.xlsx\"></label></p>"
			   "<p class=\"hint\">%s</p><label>%s <select name=\"kind\"><option value=\"\">%s</option>",
		 q->csrf, T(q, "files"), T(q, "files_hint"), T(q, "kind"), T(q, "by_file_name"));
	for (int i = 0; i < nkinds; i++) {
		if (!may_import(q, &kinds[i]))
			continue;
		buf_addf(&q->body, "<option value=\"%s\"%s>", kinds[i].name,
			 kind && streq(kind, kinds[i].name) ? " selected" : "");
		buf_add_html(&q->body, kind_label(&kinds[i], q->lang == EN));
		buf_addf(&q->body, " (%s.csv)</option>", kinds[i].name);
	}
	buf_addf(&q->body, "</select></label><p><label>%s<br><textarea name=\"csv\" rows=\"8\" cols=\"80\">"
			   "</textarea></label></p><button type=\"submit\">%s</button> "
			   "<button type=\"submit\" name=\"check\" value=\"1\">%s</button></form>\n",
		 T(q, "csv"), T(q, "import"), T(q, "check_only"));
	/* a template for each kind: the headers as an office's spreadsheet has them */
	buf_addf(&q->body, "<h2>%s</h2><p class=\"templates\">", T(q, "templates"));
	for (int i = 0; i < nkinds; i++)
		if (may_import(q, &kinds[i]))
			buf_addf(&q->body, "<a href=\"/import/template/%s.xlsx\">%s</a> ", kinds[i].name,
				 kind_label(&kinds[i], q->lang == EN));
	buf_adds(&q->body, "</p>\n");
	page_foot(q);
	send_page(q, rc > 0 || rc == -1 ? 422 : 200, rc > 0 || rc == -1 ? "Unprocessable Entity" : "OK");
	buf_release(&out);
	buf_release(&err);
}

/* POST /api/v1/import?kind=KIND with the CSV (or, as
** application/vnd.openxmlformats-officedocument.spreadsheetml.sheet, the
** workbook) as the body; or multipart/form-data with files named by kind. */
void h_api_import(struct req *q)
{
	const char *kind = qarg(q, "kind");
	struct upload up[MAX_UPLOADS];
	char why[512];
	int n;
	struct evbuffer *in = evhttp_request_get_input_buffer(q->r);
	size_t len = evbuffer_get_length(in);
	char *body = NULL;
	if (q->nparts) {
		n = uploads_of(q, kind, up, why, sizeof why);
	} else {
		const char *ctype = evhttp_find_header(evhttp_request_get_input_headers(q->r), "Content-Type");
		int xlsx = ctype && strstr(ctype, "spreadsheetml") != NULL;
		char name[64];
		snprintf(name, sizeof name, "%s%s", kind ? kind : "", xlsx ? ".xlsx" : ".csv");
		body = xmalloc(len + 1);
		evbuffer_copyout(in, body, len);
		body[len] = 0;
		if (!kind || !kind_find(kind)) {
			snprintf(why, sizeof why, "?kind= names a kind of record");
			n = -1;
		} else {
			n = upload_add(q, &up[0], name, kind, body, len, why, sizeof why);
			n = n == 0 ? 1 : n;
		}
	}
	if (n < 0) {
		free(body);
		if (n == -2)
			fail(q, 403, "Forbidden", "forbidden", NULL);
		else
			fail(q, 400, "Bad Request", "bad_request", why);
		return;
	}
	struct buf out = BUF_INIT, err = BUF_INIT;
	const char *dry = qarg(q, "dry_run");
	int rc = import_upload(q, up, n, dry && streq(dry, "1"), &out, &err);
	free(body);
	json_t *lines = json_array();
	for (char *p = err.s; *p;) {
		size_t l = strcspn(p, "\n");
		json_array_append_new(lines, json_stringn(p, l));
		p += l;
		if (*p)
			p++;
	}
	json_t *j = json_pack("{s:i, s:b, s:s, s:o}", "status", rc == 0 ? 200 : 422, "imported", rc == 0,
			      "summary", out.s, "errors", lines);
	send_json(q, rc == 0 ? 200 : 422, rc == 0 ? "OK" : "Unprocessable Entity", j);
	buf_release(&out);
	buf_release(&err);
}


/* GET /import/template/KIND.xlsx: an empty workbook of the kind, its
** headers in Chinese as import reads them (the first Chinese name of each
** column), required ones marked in a second row's note, columns as wide as
** their headers. */
void h_import_template(struct req *q)
{
	const char *rest = q->path + strlen("/import/template/");
	char name[64];
	snprintf(name, sizeof name, "%.*s", (int)strcspn(rest, "."), rest);
	const struct kind *k = kind_find(name);
	if (!k || !streq(rest + strlen(name), ".xlsx") || !may_import(q, k)) {
		fail(q, 404, "Not Found", "not_found", NULL);
		return;
	}
	char dir[1024], path[1100];
	if (private_dir(dir, sizeof dir, "template") < 0)
		die("serve: cannot make a temporary folder");
	snprintf(path, sizeof path, "%s/template.xlsx", dir);
	lxw_workbook *wb = workbook_new(path);
	lxw_worksheet *ws = wb ? workbook_add_worksheet(wb, k->label) : NULL;
	lxw_format *bold = wb ? workbook_add_format(wb) : NULL;
	if (bold)
		format_set_bold(bold);
	for (int i = 0; ws && i < k->ncols; i++) {
		const struct column *c = &k->cols[i];
		char head[64];
		snprintf(head, sizeof head, "%.*s", (int)strcspn(c->aliases ? c->aliases : c->name, "|"),
			 c->aliases ? c->aliases : c->name);
		worksheet_write_string(ws, 0, (lxw_col_t)i, head, bold);
		worksheet_set_column(ws, (lxw_col_t)i, (lxw_col_t)i, 4 + utf8_width(head), NULL);
	}
	struct buf file = BUF_INIT;
	int ok = wb && workbook_close(wb) == LXW_NO_ERROR && read_file(path, &file) == 0;
	unlink(path);
	rmdir(dir);
	if (!ok) {
		fail(q, 500, "Internal Server Error", "bad_request", "no workbook");
	} else {
		char fname[96];
		snprintf(fname, sizeof fname, "%s.xlsx", k->name);
		download(q, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", fname, file.s, file.len);
	}
	buf_release(&file);
}
