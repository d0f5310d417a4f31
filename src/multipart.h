/*
** multipart.h: the parts of a multipart/form-data body (a form with file
** uploads), parsed by GMime.
*/
#ifndef MULTIPART_H
#define MULTIPART_H
#include <stddef.h>

struct form_part {
	char *name;     /* the form field's name */
	char *filename; /* the file's name as the browser sent it, NULL for a plain field */
	char *data;     /* its content, NUL-terminated (binary files may hold NULs) */
	size_t len;
};

/* Parses body, whose Content-Type header is ctype.  Returns the number of
** parts (0 or more) in *parts, or -1 when the body is not multipart. */
int multipart_parse(const char *ctype, const char *body, size_t len, struct form_part **parts);
void multipart_free(struct form_part *parts, int n);
#endif
