/*
** reader.h: what the readers' libFuzzer drivers share: the input kept in
** memory as a file (memfd), read by one reader of csvin.h with every row
** touched, its diagnostics collected and freed.
*/
#include "bangfu.h"
#include "csvin.h"
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

static int on_row(void *ctx, int line, int nf, char **f)
{
	size_t *total = ctx;
	for (int i = 0; i < nf; i++)
		*total += strlen(f[i]) + (size_t)line;
	return 0;
}

typedef int (*reader_fn)(const char *path, struct diag *d, csvin_row_fn fn, void *ctx);

static void fuzz_reader(const uint8_t *data, size_t size, reader_fn reader, const char *name)
{
	int fd = memfd_create(name, 0);
	if (fd < 0)
		abort();
	if (size && write(fd, data, size) != (ssize_t)size)
		abort();
	char path[64];
	snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
	struct diag d;
	diag_init(&d);
	diag_set_file(&d, name);
	size_t total = 0;
	reader(path, &d, on_row, &total);
	free(diag_errors(&d));
	diag_release(&d);
	close(fd);
}
