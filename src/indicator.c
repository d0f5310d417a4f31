/*
** indicator.c: the indicators and the pairing roll-up (see indicator.h).
*/
#include "indicator.h"
#include "map.h"
#include <stdlib.h>
#include <string.h>
#include "banned.h"

const struct indicator indicators[] = {
	{ "fiscal_funds", "财政帮扶资金", "Fiscal funds", IND_MONEY, "fiscal funds arrived, net of reversals" },
	{ "social_funds", "社会帮扶资金", "Social funds", IND_MONEY, "social funds arrived, cash and goods valued in yuan, net of reversals" },
	{ "projects", "帮扶项目", "Projects", IND_COUNT, "projects of the year, not cancelled" },
	{ "workers_transferred", "转移就业人数", "Workers moved", IND_COUNT, "workers moved (person-times)" },
	{ "workers_poor", "其中建档立卡", "of them registered poor", IND_COUNT, "workers moved who belong to a registered poor household" },
	{ "workers_stable", "稳岗三个月以上", "Employed 3 months or more", IND_COUNT, "workers employed three months or more" },
	{ "sales", "消费帮扶", "Purchases (consumption aid)", IND_MONEY, "purchases of western products" },
	{ "investment", "引导投资", "Investment brought in", IND_MONEY, "money invested by eastern enterprises" },
	{ "enterprises", "引进企业", "Enterprises brought in", IND_COUNT, "distinct investing organisations", 1 },
	{ "workshops", "帮扶车间", "Aid workshops", IND_COUNT, "workshops certified" },
	{ "workshop_jobs", "车间就业", "Workshop jobs", IND_COUNT, "jobs in the workshops" },
	{ "workshop_poor_jobs", "其中贫困人口", "of them held by the poor", IND_COUNT, "jobs in the workshops held by registered poor" },
	{ "cadres", "挂职干部", "Cadres seconded", IND_COUNT, "cadres seconded" },
	{ "teachers", "支教教师", "Teachers sent", IND_COUNT, "teachers sent" },
	{ "doctors", "支医医生", "Doctors sent", IND_COUNT, "doctors sent" },
	{ "technicians", "专业技术人才", "Technicians exchanged", IND_COUNT, "technicians exchanged" },
	{ "trained_person_times", "培训人次", "Person-times trained", IND_COUNT, "person-times trained" },
	{ "joint_meetings", "联席会议", "Joint meetings", IND_COUNT, "joint meetings held" },
	{ "leader_visits", "领导互访", "Leaders' visits", IND_COUNT, "leaders' visits" },
	{ "paired_poor_villages", "结对贫困村", "Poor villages paired", IND_COUNT,
	  "poor villages of the west side that are the west side of a pairing in force during the year", 1 },
	/* added with the division table and the articles' figures (FIGURES.md) */
	{ "graduates_hired", "高校毕业生招录", "College graduates hired", IND_COUNT, "college graduates of the west hired in the east (workers of kind graduate)" },
	{ "public_welfare_jobs", "公益性岗位", "Public-welfare jobs", IND_COUNT, "public-welfare jobs given to people of the west (workers of kind public_welfare)" },
	{ "workers_to_partner", "转移到协作地", "Moved to the partner province", IND_COUNT,
	  "workers moved into the province of the pairing's east side (person-times)" },
	{ "workers_elsewhere", "就近就地和异地就业", "Employed nearby or elsewhere", IND_COUNT,
	  "workers moved anywhere but the province of the pairing's east side: workers_local plus workers_other_provinces" },
	{ "workers_local", "就近就地就业", "Employed in their own province", IND_COUNT, "workers employed within their own province" },
	{ "workers_other_provinces", "到其他省份就业", "Moved to other provinces", IND_COUNT,
	  "workers moved to a province neither their own nor that of the pairing's east side" },
	{ "job_fairs", "招聘会", "Job fairs", IND_COUNT, "job fairs held (events of kind job_fair)" },
	{ "supervision_visits", "常态督导", "Supervision visits", IND_COUNT, "supervision visits (events of kind supervision)" },
	{ "department_visits", "部门互访", "Department visits", IND_COUNT, "visits between departments (events of kind department_visit)" },
	{ "west_towns_paired", "结对乡镇", "Western towns paired", IND_COUNT, "western towns that are the west side of a town pairing in force", 1 },
	{ "east_towns_paired", "东部结对街镇", "Eastern towns paired", IND_COUNT, "eastern towns and streets that are the east side of a town pairing in force", 1 },
	{ "east_villages_paired", "东部结对村社", "Eastern villages paired", IND_COUNT,
	  "eastern villages and communities that are the east side of a village pairing in force", 1 },
	{ "enterprises_paired", "结对企业", "Enterprises paired", IND_COUNT, "enterprises that are the east side of an enterprise pairing in force", 1 },
	{ "social_orgs_paired", "结对社会组织", "Social organisations paired", IND_COUNT,
	  "social organisations that are the east side of a social-organisation pairing in force", 1 },
	{ "schools_paired", "结对学校", "Schools paired", IND_COUNT, "schools that are the east side of a school pairing in force", 1 },
	{ "hospitals_paired", "结对医院", "Hospitals paired", IND_COUNT, "hospitals that are the east side of a hospital pairing in force", 1 },
};
const int nindicators = (int)ARRAY_SIZE(indicators);

int indicator_find(const char *name)
{
	for (int i = 0; i < nindicators; i++)
		if (streq(indicators[i].name, name))
			return i;
	return -1;
}

/* ---- the roll-up ----------------------------------------------------- */

struct pairing {
	char *id, *east, *west;
	int *within;   /* indexes of the pairings this one lies within (itself included) */
	int nwithin;
};

struct org {
	char *code, *division;
};

struct scope {
	struct pairing *p;
	int np;
	struct org *o;
	int no;
	struct map by_west; /* west side code -> struct wlist: the pairings it is the west side of */
};

struct wlist {
	int n;
	int i[];
};

static int org_cmp(const void *a, const void *b)
{
	return strcmp(((const struct org *)a)->code, ((const struct org *)b)->code);
}

static const char *org_division(const struct scope *s, const char *code)
{
	struct org key = { (char *)code, NULL };
	struct org *o = s->no ? bsearch(&key, s->o, (size_t)s->no, sizeof *s->o, org_cmp) : NULL;
	return o ? o->division : NULL;
}

static int is_division(const char *code)
{
	return strlen(code) == 12 && strspn(code, "0123456789") == 12;
}

/* Division a lies within division b (or is b). */
static int div_within(const char *a, const char *b)
{
	int lb = divcode_level(b);
	if (lb < 0)
		return 0;
	return strncmp(a, b, (size_t)divcode_sig(lb)) == 0 && divcode_level(a) >= lb;
}

const char *scope_party_division(const struct scope *s, const char *code)
{
	return is_division(code) ? code : org_division(s, code);
}

int scope_within(const struct scope *s, const char *a, const char *b)
{
	if (!a || !b)
		return 0;
	if (streq(a, b))
		return 1;
	if (!is_division(b))
		return 0; /* nothing lies within an organisation but itself */
	if (!is_division(a)) {
		a = org_division(s, a);
		if (!a)
			return 0;
	}
	return div_within(a, b);
}

struct scope *scope_load(struct db *db)
{
	struct scope *s = xcalloc(1, sizeof *s);
	struct stmt *st = db_prepare(db, "SELECT code, division FROM orgs ORDER BY code");
	int a = 0;
	while (stmt_step(st)) {
		if (s->no == a) {
			a = a ? a * 2 : 64;
			s->o = xrealloc(s->o, (size_t)a * sizeof *s->o);
		}
		s->o[s->no].code = xstrdup(stmt_text(st, 0));
		s->o[s->no].division = stmt_text(st, 1) ? xstrdup(stmt_text(st, 1)) : NULL;
		s->no++;
	}
	stmt_finalize(st);
	/* ORDER BY in the database may not be byte order: sort here */
	if (s->no > 1)
		qsort(s->o, (size_t)s->no, sizeof *s->o, org_cmp);
	st = db_prepare(db, "SELECT id, east, west FROM pairings");
	a = 0;
	while (stmt_step(st)) {
		if (s->np == a) {
			a = a ? a * 2 : 64;
			s->p = xrealloc(s->p, (size_t)a * sizeof *s->p);
		}
		struct pairing *p = &s->p[s->np++];
		p->id = xstrdup(stmt_text(st, 0));
		p->east = xstrdup(stmt_text(st, 1));
		p->west = xstrdup(stmt_text(st, 2));
		p->within = NULL;
		p->nwithin = 0;
	}
	stmt_finalize(st);
	for (int i = 1; i < s->np; i++) /* by id, byte order */
		for (int j = i; j > 0 && strcmp(s->p[j - 1].id, s->p[j].id) > 0; j--) {
			struct pairing t = s->p[j];
			s->p[j] = s->p[j - 1];
			s->p[j - 1] = t;
		}
	map_init(&s->by_west);
	for (int i = 0; i < s->np; i++) {
		struct wlist *w = map_get(&s->by_west, s->p[i].west);
		int n = w ? w->n : 0;
		w = xrealloc(w, sizeof *w + (size_t)(n + 1) * sizeof w->i[0]);
		w->n = n + 1;
		w->i[n] = i;
		map_put(&s->by_west, s->p[i].west, w);
	}
	/* q lies within p: p's west side holds q's, and its east side q's */
	int *list = xmalloc(((size_t)s->np + 1) * sizeof *list);
	for (int i = 0; i < s->np; i++) {
		struct pairing *q = &s->p[i];
		int n = scope_counts_list(s, NULL, q->west, q->east, list);
		q->within = xmalloc(((size_t)n + 1) * sizeof *q->within);
		memcpy(q->within, list, (size_t)n * sizeof *list);
		q->nwithin = n;
	}
	free(list);
	return s;
}

void scope_free(struct scope *s)
{
	if (!s)
		return;
	for (int i = 0; i < s->np; i++) {
		free(s->p[i].id);
		free(s->p[i].east);
		free(s->p[i].west);
		free(s->p[i].within);
	}
	for (int i = 0; i < s->no; i++) {
		free(s->o[i].code);
		free(s->o[i].division);
	}
	free(s->p);
	free(s->o);
	map_release(&s->by_west, free);
	free(s);
}

int scope_npairings(const struct scope *s)
{
	return s->np;
}

const char *scope_pairing_id(const struct scope *s, int i)
{
	return s->p[i].id;
}

const char *scope_pairing_east(const struct scope *s, int i)
{
	return s->p[i].east;
}

int scope_pairing_index(const struct scope *s, const char *id)
{
	int lo = 0, hi = s->np - 1;
	while (lo <= hi) {
		int mid = (lo + hi) / 2, c = strcmp(s->p[mid].id, id);
		if (c == 0)
			return mid;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid - 1;
	}
	return -1;
}

/* Adds pairing i to the list unless it is there (lists are short). */
static void hit_add(int *out, int *n, int i)
{
	for (int k = 0; k < *n; k++)
		if (out[k] == i)
			return;
	out[(*n)++] = i;
}

int scope_counts_list(const struct scope *s, const char *pairing, const char *west, const char *east,
		      int *out)
{
	int n = 0;
	if (pairing && *pairing) {
		int q = scope_pairing_index(s, pairing);
		if (q < 0)
			return 0;
		for (int k = 0; k < s->p[q].nwithin; k++)
			hit_add(out, &n, s->p[q].within[k]);
		return n;
	}
	if (!west)
		return 0;
	/* the pairings whose west side is the place itself or a division it
	** lies in: look up the place, then each of its ancestors */
	const struct wlist *w = map_get(&s->by_west, west);
	for (int k = 0; w && k < w->n; k++)
		if (!east || scope_within(s, east, s->p[w->i[k]].east))
			hit_add(out, &n, w->i[k]);
	const char *d = is_division(west) ? west : org_division(s, west);
	int lvl = d ? divcode_level(d) : -1;
	for (int l = 0; l <= lvl; l++) {
		char anc[13];
		int sig = divcode_sig(l);
		memcpy(anc, d, (size_t)sig);
		memset(anc + sig, '0', (size_t)(12 - sig));
		anc[12] = 0;
		if (streq(anc, west) || divcode_level(anc) != l)
			continue;
		w = map_get(&s->by_west, anc);
		for (int k = 0; w && k < w->n; k++)
			if (!east || scope_within(s, east, s->p[w->i[k]].east))
				hit_add(out, &n, w->i[k]);
	}
	return n;
}

void scope_counts_for(const struct scope *s, const char *pairing, const char *west,
		      const char *east, unsigned char *hit)
{
	int *list = xmalloc(((size_t)s->np + 1) * sizeof *list);
	int n = scope_counts_list(s, pairing, west, east, list);
	for (int k = 0; k < n; k++)
		hit[list[k]] = 1;
	free(list);
}

int scope_pairing_within(const struct scope *s, int q, int p)
{
	for (int k = 0; k < s->p[q].nwithin; k++)
		if (s->p[q].within[k] == p)
			return 1;
	return 0;
}

const char *scope_pairing_west(const struct scope *s, int i)
{
	return s->p[i].west;
}
