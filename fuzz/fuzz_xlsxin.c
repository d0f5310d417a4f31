/*
** fuzz_xlsxin.c: libFuzzer driver for the workbook reader: the zip (libzip)
** and each XML part (expat): workbook, relationships, shared strings,
** styles and the first sheet, with the caps on sizes, rows and DOCTYPEs.
*/
#include "reader.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_reader(data, size, xlsxin_read, "fuzz.xlsx");
	return 0;
}
