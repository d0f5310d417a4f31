#ifndef BANGFU_PARTITIONS_H
#define BANGFU_PARTITIONS_H

struct db;

/* the years whose partition this run has made sure of: 1 there, 2 archived */
struct partitions {
	unsigned char have[10000];
};

extern const char partitions_migration_sql[];
int partitions_year(struct db *db, struct partitions *ps, int y);
char *partitions_all_payments(struct db *db);
char *partitions_archived(struct db *db, const char *sep);
char *partitions_archived_year_of(struct db *db, const char *id);

#endif
