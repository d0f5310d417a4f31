/*
** fuzz_multipart.c: libFuzzer driver for the multipart/form-data reader
** (GMime) that every upload goes through.  The first line of the input is
** the Content-Type header's value, the rest the body.
*/
#include "bangfu.h"
#include "multipart.h"
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data;
	const char *nl = memchr(s, '\n', size);
	if (!nl)
		return 0;
	char *ctype = xstrndup(s, (size_t)(nl - s));
	struct form_part *p;
	int n = multipart_parse(ctype, nl + 1, size - (size_t)(nl + 1 - s), &p);
	size_t total = 0;
	for (int i = 0; i < n; i++)
		total += p[i].len + strlen(p[i].name);
	if (n >= 0)
		multipart_free(p, n);
	free(ctype);
	return total == (size_t)-1;
}
