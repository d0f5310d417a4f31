/*
** fuzz_xlsxin.c: libFuzzer driver for the workbook reader: the zip (libzip)
** and each XML part (expat): workbook, relationships, shared strings,
** styles and the first sheet, with the caps on sizes, rows and DOCTYPEs.
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

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	int fd = memfd_create("xlsx", 0);
	if (fd < 0)
		abort();
	if (size && write(fd, data, size) != (ssize_t)size)
		abort();
	char path[64];
	snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
	struct diag d;
	diag_init(&d);
	diag_set_file(&d, "fuzz.xlsx");
	size_t total = 0;
	xlsxin_read(path, &d, on_row, &total);
	free(diag_errors(&d));
	diag_release(&d);
	close(fd);
	return 0;
}
