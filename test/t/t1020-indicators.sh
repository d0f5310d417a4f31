#!/bin/bash
# t1020: what the articles count beyond the first indicators, on the small
# bundle: worker kinds and destinations, job fairs and supervision, the
# parties of pairings counted once, cumulative figures (--through), money
# by purpose and the new categories, a list's total, notes searched in
# either script, and a store of the previous schema brought up to date.
. "$(dirname "$0")/../lib.sh"

ind() { # ind FILE PAIRING YEAR INDICATOR: its value
	awk -F, -v p="$2" -v y="$3" -v i="$4" '$1 == p && $2 == y && $3 == i { print $4 }' "$1"
}

test_expect_success 'setup: the cooperation bundle and what the articles add' '
	make_coop_bundle b &&
	G=$(idnum 62112619980101002) && P=$(idnum 62112619700101003) && L=$(idnum 62112619850101004) &&
	X=$(idnum 62112619860101005) &&
	sed -i "1s/\$/,kind/; 2,5s/\$/,/" b/workers.csv &&
	cat >>b/workers.csv <<-EOD &&
	$G,毕业生甲,621126,L-GL-003,350102,2018届,2018-07-01,,graduate
	$P,护林员乙,621126,,621126,公益性岗位,2018-03-01,,public_welfare
	$L,本地工丙,621126,,620100,,2018-04-01,,
	$X,外省工丁,621126,,440300,,2018-05-01,2018-06-15,transfer
	EOD
	cat >>b/events.csv <<-EOD &&
	V4,2018-06-01,supervision,GL-MX,常态督导
	V6,2018-07-01,department_visit,GL-MX,人社部门互访
	V5,2019-06-01,job_fair,GL-MX,
	EOD
	cat >>b/divisions.csv <<-EOD &&
	621126100203,城南村,village,621126100,,1,
	EOD
	cat >>b/pairings.csv <<-EOD &&
	GLQ-CG2,L-GL-002,621126100203,enterprise,2019-01-01,,村企结对协议
	GLQ-TT,350102001,621126100,town,2018-01-01,,
	EOD
	cat >>b/investments.csv <<-EOD &&
	I4,2019-07-01,L-GL-003,621126,200000,,,
	EOD
	sed -i "s/^P2,岷阳镇劳务奖补,621126,,,labour,/P2,岷阳镇劳务奖补,621126,,,insurance,/" b/projects.csv &&
	cat >>b/payments.csv <<-EOD &&
	X5,2018-06-08,P2,$H1,1500,labour_award,
	EOD
	new_store && bf init && bf import b >out 2>err || { cat err; false; }
'

test_expect_success 'graduates hired and public-welfare jobs are counted apart from transfers' '
	bf report indicators --pairing GL-MX --year 2018 --as-of 2018-12-31 --format csv >i &&
	test "$(ind i GL-MX 2018 graduates_hired)" = 1 &&
	test "$(ind i GL-MX 2018 public_welfare_jobs)" = 1 &&
	test "$(ind i GL-MX 2018 workers_transferred)" = 6 &&
	bf report labour --west 621126 --format csv >l && test_grep "^total,all,6,5," l
'

test_expect_success 'where transfers went: the partner province, home, elsewhere' '
	test "$(ind i GL-MX 2018 workers_to_partner)" = 4 &&
	test "$(ind i GL-MX 2018 workers_local)" = 1 &&
	test "$(ind i GL-MX 2018 workers_other_provinces)" = 1 &&
	test "$(ind i GL-MX 2018 workers_elsewhere)" = 2
'

test_expect_success 'job fairs, supervision and department visits are counted' '
	test "$(ind i GL-MX 2018 job_fairs)" = 1 &&
	test "$(ind i GL-MX 2018 supervision_visits)" = 1 &&
	test "$(ind i GL-MX 2018 department_visits)" = 1
'

test_expect_success 'pairings in force by level: each party once, in the years it is in force' '
	test "$(ind i GL-MX 2018 enterprises_paired)" = 1 &&
	test "$(ind i GL-MX 2018 east_towns_paired)" = 1 && test "$(ind i GL-MX 2018 west_towns_paired)" = 1 &&
	bf report indicators --pairing GL-MX --year 2019 --format csv >j &&
	test "$(ind j GL-MX 2019 enterprises_paired)" = 1 &&
	test "$(ind j GL-MX 2019 paired_poor_villages)" = 2
'

test_expect_success 'cumulative: every record up to the date, distinct things once' '
	bf report indicators --pairing GL-MX --through 2019-12-31 --format csv >c &&
	test "$(ind c GL-MX "through 2019-12-31" enterprises)" = 2 &&
	test "$(ind i GL-MX 2018 enterprises)" = 1 && test "$(ind j GL-MX 2019 enterprises)" = 2 &&
	test "$(ind c GL-MX "through 2019-12-31" investment)" = 6500000.00 &&
	test "$(ind c GL-MX "through 2019-12-31" enterprises_paired)" = 1 &&
	test "$(ind c GL-MX "through 2019-12-31" job_fairs)" = 2 &&
	bf report indicators --pairing GL-MX --through 2018-06-30 --format csv >d &&
	test "$(ind d GL-MX "through 2018-06-30" investment)" = 5000000.00 &&
	test "$(ind d GL-MX "through 2018-06-30" job_fairs)" = 1 &&
	test "$(ind d GL-MX "through 2018-06-30" sales)" = 0.00 &&
	bf report funds --pairing GL-MX --through 2018-04-30 --format csv >f &&
	test_grep "^total,1000000.00,.*,1000000.00," f && ! grep -q 50000.00 f
'

test_expect_success 'paid by purpose, and the new categories' '
	bf report projects --pairing GL-MX --format csv >p &&
	test_grep "^purpose,labour_award,1,0.00,0.00,1500.00$" p &&
	test_grep "^purpose,industry_award,1,0.00,0.00,32000.00$" p &&
	test_grep "^category,insurance,1," p &&
	bf report projects --pairing GL-MX --through 2018-06-07 --format csv >q &&
	! grep -q "^purpose,labour_award" q
'

test_expect_success 'money by donor: each party that gave, largest first, and the total' '
	bf report funds --pairing GL-MX --by donor --format csv >d &&
	cat >expect <<-EOD &&
	donor,name,fiscal,social_cash,social_goods,total,funds
	350102000000,鼓楼区,1000000.00,0.00,0.00,1000000.00,1
	L-GL-001,鼓楼区东西部协作办,0.00,50000.00,0.00,50000.00,1
	total,,1000000.00,50000.00,0.00,1050000.00,2
	EOD
	test_cmp expect d &&
	test_must_fail bf report funds --by year 2>err && test_grep "by donor" err
'

test_expect_success 'a list ends with its money total: a reversing row subtracts' '
	bf list payments >t &&
	test_grep "^(5 records; 金额合计 533500.00元 (53.35万元))$" t &&
	bf list funds --search F2018-1 >t && test_grep "金额合计 1000000.00元 (100万元)" t &&
	bf list households >t && test_grep "^(2 records)$" t
'

test_expect_success 'a note is found in Simplified or Traditional alike' '
	bf list funds --search 財政幫扶 --format csv >s && test_grep "^F2018-1," s &&
	bf list funds --search 财政帮扶 --format csv >s && test_grep "^F2018-1," s
'

test_expect_success 'enumerations may be written in the Chinese offices use, Simplified or Traditional' '
	mkdir -p zh &&
	cat >zh/projects.csv <<-EOD &&
	id,name,county,village,pairing,category,budget,year,status,started,completed,accepted,settled
	ZH1,城关村产业项目,621126,,,产业,1000,2019,谋划,,,,
	ZH2,城关村保险项目,621126,,,農業保險,1000,2019,已批复,,,,
	EOD
	bf import zh >out &&
	bf list projects --search ZH --format csv >p &&
	test_grep "^ZH1,.*,industry,1000.00,2019,planned," p && test_grep "^ZH2,.*,insurance,1000.00,2019,approved," p &&
	printf "id,name,county,village,pairing,category,budget,year,status\nZH3,x,621126,,,产业园,1,2019,谋划\n" >zh/projects.csv &&
	test_must_fail bf import zh 2>err && test_grep "category: .产业园. is not one of" err
'

test_expect_success 'a store of the previous schema is brought up to date by the next command, even a read' '
	store_sql "UPDATE funds SET note_fold = NULL" &&
	store_sql "DELETE FROM tallies" && store_sql "DELETE FROM schema_migrations WHERE version >= 11" &&
	store_sql "ALTER TABLE funds DROP COLUMN note_fold" && store_sql "ALTER TABLE workers DROP COLUMN kind" &&
	store_sql "DROP TABLE step_corrections" && store_sql "DROP TABLE payment_sums" && store_sql "DROP TABLE registers" &&
	store_sql "DROP TABLE findings" && store_sql "DROP TABLE limits" &&
	if [ "$BACKEND" = pg ]; then
		: "PostgreSQL before 19: the payments in one table, with their keys unique in it" &&
		store_sql "CREATE TABLE single AS SELECT * FROM payments ORDER BY seq" &&
		store_sql "DROP TABLE payments; DROP TABLE payment_keys;
			DROP FUNCTION payments_year(INTEGER); DROP FUNCTION payment_keys_add()" &&
		store_sql "ALTER TABLE single RENAME TO payments; ALTER TABLE payments ADD PRIMARY KEY(seq), ADD UNIQUE(id);
			CREATE INDEX payments_project ON payments(project); CREATE INDEX payments_payee ON payments(payee_hash);
			CREATE UNIQUE INDEX payments_reverses ON payments(reverses) WHERE reverses IS NOT NULL" &&
		before=$(store_sql "SELECT COUNT(*), SUM(amount), MAX(seq) FROM payments")
	else
		: "SQLite before 20: persons and households kept by rowid, the payees indexed by the hash alone" &&
		store_sql "SELECT * FROM persons ORDER BY 1" >persons.before && test -s persons.before &&
		store_sql "SELECT * FROM households ORDER BY 1" >households.before && test -s households.before &&
		for t in persons households; do
			store_sql "CREATE TABLE old AS SELECT * FROM $t; DROP TABLE $t; ALTER TABLE old RENAME TO $t" || return 1
		done &&
		store_sql "DROP INDEX payments_payee; CREATE INDEX payments_payee ON payments(payee_hash)"
	fi &&
	bf list funds --search 財政幫扶 --format csv >s && test_grep "^F2018-1," s &&
	test "$(store_sql "SELECT MAX(version) FROM schema_migrations")" = 20 &&
	if [ "$BACKEND" = sqlite ]; then
		: "each found by one descent: persons and households kept in the order of their keys, every row kept" &&
		for t in persons households; do
			store_sql "SELECT sql FROM sqlite_master WHERE name = '"'"'$t'"'"'" | grep -q "WITHOUT ROWID" &&
			store_sql "SELECT * FROM $t ORDER BY 1" >$t.after && test_cmp $t.before $t.after || return 1
		done &&
		: "the look-up reads a payment from the payees index alone" &&
		test "$(store_sql "SELECT COUNT(*) FROM pragma_index_info('"'"'payments_payee'"'"')")" = 7
	fi &&
	if [ "$BACKEND" = pg ]; then
		: "the payments moved into a table a year, every key kept" &&
		test "$(store_sql "SELECT COUNT(*), SUM(amount), MAX(seq) FROM payments")" = "$before" &&
		test "$(store_sql "SELECT COUNT(*) FROM pg_inherits WHERE inhparent = CAST('"'"'payments'"'"' AS regclass)")" = \
			"$(store_sql "SELECT COUNT(DISTINCT substr(date, 1, 4)) FROM payments")" &&
		test "$(store_sql "SELECT COUNT(*) FROM payment_keys")" = "$(store_sql "SELECT COUNT(*) FROM payments")"
	fi &&
	: "the payments kept sums added up from what is stored" &&
	bf list payments | tail -1 >t &&
	test_grep "^($(store_sql "SELECT COUNT(*) FROM payments") records; 金额合计 $(bf list payments --format csv |
		awk -F, "NR > 1 { s += (\$7 == \"\" ? \$5 : -\$5) } END { printf \"%.2f\", s }")元" t &&
	bf report indicators --pairing GL-MX --year 2018 --as-of 2018-12-31 --format csv >u &&
	: "the kinds went with the dropped column: every worker is a transfer again, the sums added up anew" &&
	test "$(ind u GL-MX 2018 workers_transferred)" = 8 &&
	test "$(ind u GL-MX 2018 workers_to_partner)" = 5 && test "$(ind u GL-MX 2018 workers_local)" = 2 &&
	bf verify >/dev/null
'

test_done
