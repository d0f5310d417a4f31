/*
** map.h: a hash map from strings to pointers (open addressing, FNV-1a).
** Keys are copied; values belong to the caller.  For caches that live as
** long as one command.
*/
#ifndef MAP_H
#define MAP_H
#include <stddef.h>
#include <stdint.h>

struct map_entry {
	char *key;
	void *value;
	uint64_t hash; /* of key: probes compare it before the key */
};

struct map {
	struct map_entry *e;
	size_t n, cap;
};

void map_init(struct map *m);
uint64_t map_hash(const char *s); /* the hash keys are kept by (FNV-1a, mixed) */
void map_release(struct map *m, void (*free_value)(void *)); /* free_value may be NULL */
void map_clear(struct map *m);                               /* empty, keeping its room */
void map_empty(struct map *m, void (*free_value)(void *));   /* the same, freeing values */
void *map_get(const struct map *m, const char *key);         /* NULL when absent */
void map_put(struct map *m, const char *key, void *value);   /* adds or replaces */
/* Iterate: for (size_t i = 0; i < m.cap; i++) if (m.e[i].key) ... */
#endif
