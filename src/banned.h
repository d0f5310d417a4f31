/*
** banned.h: string functions that invite overflow.  Include it last.
** Use struct buf (buf_addf, buf_adds) or snprintf into a sized array.
*/
#ifndef BANNED_H
#define BANNED_H
#undef strcpy
#define strcpy(a, b) BANNED_strcpy_use_buf_adds
#undef strcat
#define strcat(a, b) BANNED_strcat_use_buf_adds
#undef strncpy
#define strncpy(a, b, n) BANNED_strncpy_use_snprintf
#undef sprintf
#define sprintf(...) BANNED_sprintf_use_buf_addf
#undef vsprintf
#define vsprintf(...) BANNED_vsprintf_use_buf_vaddf
#undef gets
#define gets(a) BANNED_gets
#endif
