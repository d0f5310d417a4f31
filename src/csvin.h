/*
** csvin.h: reading one CSV file of a bundle.
**
** Detects the encoding (UTF-8 with or without BOM; otherwise GB18030/GBK as
** Excel writes it on Chinese Windows), parses with libcsv in strict mode,
** and hands each record to a callback with the physical line it starts on.
** Fields are trimmed of surrounding blanks and limited to CSV_FIELD_MAX
** bytes.  Problems go to the diag as FILE:LINE:COLUMN: reason.
*/
#ifndef CSVIN_H
#define CSVIN_H
#include "diag.h"

#define CSV_FIELD_MAX 4096

/* Called for every record, the header included (its line is 1 or, after
** blank lines, later).  fields[i] is NUL-terminated.  Return 0 to go on,
** -1 to stop reading this file. */
typedef int (*csvin_row_fn)(void *ctx, int line, int nfields, char **fields);

/* Returns 0 when the file was read to its end (rows may still have been
** reported bad by the callback), -1 when the file itself is unreadable,
** undecodable or malformed (reported to d). */
int csvin_read(const char *path, struct diag *d, csvin_row_fn fn, void *ctx);

/* The same for the first sheet of an Excel workbook (xlsxin.c): LINE is the
** sheet's row number, COLUMN its column.  csvin_read hands a path ending in
** .xlsx to it. */
int xlsxin_read(const char *path, struct diag *d, csvin_row_fn fn, void *ctx);
#endif
