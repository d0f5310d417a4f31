/*
** portal.h: what the public portal's files share (portal.c, the pages of
** money and places; portal_reports.c, reports of problems).  Not for use
** outside the portal.
*/
#ifndef PORTAL_H
#define PORTAL_H
#include "web.h"

/* The frame of a public page, and a public page's error (in the page's language). */
void portal_head(struct req *q, const char *title);
void portal_foot(struct req *q);
void portal_fail(struct req *q, int code, const char *reason, const char *key);
/* Text into a page, escaped (NULL for nothing). */
void add_text(struct buf *b, const char *s);
/* May this address do what once more this minute?  Counted for all workers. */
int within_limit(struct req *q, const char *what, int per_minute);
/* The double-submitted token of a public form (its cookie's, set when shown). */
void public_token(struct req *q, char out[48]);
void h_portal_report(struct req *q);
void h_portal_track(struct req *q);
#endif
