/*
** enums.h: the one place that says every enumerated value of the bundle
** format (FORMATS.md) in words: Simplified Chinese and English, and the
** other Chinese names offices write for it (产业 for industry, 谋划 for
** planned).  Import reads those names; pages, reports and exports show
** the words.
*/
#ifndef ENUMS_H
#define ENUMS_H

/* The words for value of kind's column (e.g. "projects", "category",
** "industry"): Simplified Chinese (en 0) or English (en 1); NULL when the
** value is not one of that column's. */
const char *enum_label(const char *kind, const char *column, const char *value, int en);
/* The same for a value alone, whatever column it is of (the first that
** has it); NULL when none does. */
const char *enum_label_any(const char *value, int en);
/* The value a Chinese word names in kind's column (in Simplified or
** Traditional: 产业, 產業, 产业发展 all name industry); NULL for none. */
const char *enum_from_words(const char *kind, const char *column, const char *words);
#endif
