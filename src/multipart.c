/*
** multipart.c: multipart/form-data through GMime (see multipart.h).  The
** body is given the request's Content-Type as its header and parsed as one
** MIME part; each subpart's Content-Disposition names the field and file.
*/
#include "bangfu.h"
#include "multipart.h"
#include <gmime/gmime.h>
#include <string.h>
#include "banned.h"

static void init_once(void)
{
	static int done;
	if (!done) {
		g_mime_init();
		done = 1;
	}
}

int multipart_parse(const char *ctype, const char *body, size_t len, struct form_part **parts)
{
	*parts = NULL;
	if (!ctype || !starts_with(ctype, "multipart/form-data") || strchr(ctype, '\n') || strchr(ctype, '\r'))
		return -1;
	init_once();
	struct buf whole = BUF_INIT;
	buf_addf(&whole, "Content-Type: %s\r\n\r\n", ctype);
	buf_add(&whole, body, len);
	GMimeStream *s = g_mime_stream_mem_new_with_buffer(whole.s, whole.len);
	buf_release(&whole);
	GMimeParser *p = g_mime_parser_new_with_stream(s);
	GMimeObject *o = g_mime_parser_construct_part(p, NULL);
	g_object_unref(p);
	g_object_unref(s);
	if (!o || !GMIME_IS_MULTIPART(o)) {
		if (o)
			g_object_unref(o);
		return -1;
	}
	GMimeMultipart *mp = GMIME_MULTIPART(o);
	int n = g_mime_multipart_get_count(mp), k = 0;
	struct form_part *fp = xcalloc((size_t)(n > 0 ? n : 1), sizeof *fp);
	for (int i = 0; i < n; i++) {
		GMimeObject *part = g_mime_multipart_get_part(mp, i);
		GMimeContentDisposition *disp = g_mime_object_get_content_disposition(part);
		const char *name = disp ? g_mime_content_disposition_get_parameter(disp, "name") : NULL;
		if (!name || !GMIME_IS_PART(part))
			continue;
		const char *file = g_mime_content_disposition_get_parameter(disp, "filename");
		GMimeStream *ms = g_mime_stream_mem_new();
		GMimeDataWrapper *w = g_mime_part_get_content(GMIME_PART(part));
		if (w)
			g_mime_data_wrapper_write_to_stream(w, ms);
		GByteArray *ba = g_mime_stream_mem_get_byte_array(GMIME_STREAM_MEM(ms));
		fp[k].name = xstrdup(name);
		fp[k].filename = file ? xstrdup(file) : NULL;
		fp[k].len = ba ? ba->len : 0;
		fp[k].data = xmalloc(fp[k].len + 1);
		if (fp[k].len)
			memcpy(fp[k].data, ba->data, fp[k].len);
		fp[k].data[fp[k].len] = 0;
		k++;
		g_object_unref(ms);
	}
	g_object_unref(o);
	*parts = fp;
	return k;
}

void multipart_free(struct form_part *parts, int n)
{
	for (int i = 0; i < n; i++) {
		free(parts[i].name);
		free(parts[i].filename);
		free(parts[i].data);
	}
	free(parts);
}
