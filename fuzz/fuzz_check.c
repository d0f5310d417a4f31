/*
** fuzz_check.c: libFuzzer driver for the field validators and parsers.
*/
#include "bangfu.h"
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = xstrndup((const char *)data, size);
	char why[256], out[32];
	int ok;
	int64_t v;
	if (idnum_check(s, out, why, sizeof why) == 0 && strlen(out) != 18)
		abort();
	uscc_check(s, &ok, why, sizeof why);
	orgcode_check(s, &ok, why, sizeof why);
	if (divcode_norm(s, out, why, sizeof why) == 0 && divcode_level(out) < 0)
		abort();
	if (date_parse(s, out, why, sizeof why) == 0 && strlen(out) != 10)
		abort();
	if (money_parse(s, &v, why, sizeof why) == 0) {
		char back[32];
		int64_t again;
		money_format(v, back);
		if (money_parse(back, &again, why, sizeof why) != 0 || again != v)
			abort();
	}
	int_parse(s, -1000, 1000, &v, why, sizeof why);
	utf8_width(s);
	free(fold_text(s));
	free(name_mask(s));
	free(s);
	return 0;
}
