/*
** map.c: see map.h.
*/
#include "bangfu.h"
#include "map.h"
#include <stdlib.h>
#include <string.h>
#include "banned.h"

uint64_t map_hash(const char *s)
{
	uint64_t h = 1469598103934665603ULL;
	for (; *s; s++) {
		h ^= (unsigned char)*s;
		h *= 1099511628211ULL;
	}
	/* FNV's low bits cluster for keys that differ only at the end (the
	** slot is taken from them): mix the high bits down */
	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdULL;
	h ^= h >> 33;
	return h;
}

void map_init(struct map *m)
{
	m->e = NULL;
	m->n = m->cap = 0;
}

void map_release(struct map *m, void (*free_value)(void *))
{
	map_empty(m, free_value);
	free(m->e);
	map_init(m);
}

void map_clear(struct map *m)
{
	map_empty(m, NULL);
}

void map_empty(struct map *m, void (*free_value)(void *))
{
	for (size_t i = 0; i < m->cap; i++)
		if (m->e[i].key) {
			free(m->e[i].key);
			if (free_value)
				free_value(m->e[i].value);
			m->e[i].key = NULL;
		}
	m->n = 0;
}

static struct map_entry *slot(const struct map *m, const char *key, uint64_t h)
{
	size_t i = (size_t)h & (m->cap - 1);
	while (m->e[i].key && (m->e[i].hash != h || strcmp(m->e[i].key, key) != 0))
		i = (i + 1) & (m->cap - 1);
	return &m->e[i];
}

void *map_get(const struct map *m, const char *key)
{
	if (!m->n)
		return NULL;
	struct map_entry *e = slot(m, key, map_hash(key));
	return e->key ? e->value : NULL;
}

static void grow(struct map *m)
{
	struct map old = *m;
	m->cap = old.cap ? old.cap * 2 : 64;
	m->e = xcalloc(m->cap, sizeof *m->e);
	m->n = 0;
	for (size_t i = 0; i < old.cap; i++)
		if (old.e[i].key) {
			struct map_entry *e = slot(m, old.e[i].key, old.e[i].hash);
			*e = old.e[i];
			m->n++;
		}
	free(old.e);
}

void map_put(struct map *m, const char *key, void *value)
{
	if ((m->n + 1) * 4 > m->cap * 3)
		grow(m);
	uint64_t h = map_hash(key);
	struct map_entry *e = slot(m, key, h);
	if (!e->key) {
		e->key = xstrdup(key);
		e->hash = h;
		m->n++;
	}
	e->value = value;
}
