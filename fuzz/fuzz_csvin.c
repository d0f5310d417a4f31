/*
** fuzz_csvin.c: libFuzzer driver for the CSV reader (encoding detection,
** GB18030 decoding, libcsv, line tracking, field limits).
*/
#include "reader.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_reader(data, size, csvin_read, "fuzz.csv");
	return 0;
}
