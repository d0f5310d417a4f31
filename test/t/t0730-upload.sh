#!/bin/bash
# t0730: spreadsheets and uploads: .xlsx files read like .csv (on the
# command line and by upload), a bundle uploaded as several files at once,
# lists sorted and downloaded as csv and xlsx.
. "$(dirname "$0")/../lib.sh"
XLSX="$SRCDIR/build/csv2xlsx"

test_expect_success 'setup: the demo bundle, a clerk of Anding and an administrator, a server' '
	new_store && bf init && bf import "$SRCDIR/data/demo" >/dev/null 2>&1 &&
	echo "anding-clerk-pw1" | bf user add clerk --role clerk --region 621102 >/dev/null &&
	echo "admin-password-1" | bf user add admin --role admin >/dev/null &&
	start_server && signin clerk anding-clerk-pw1 && signin admin admin-password-1
'

test_expect_success 'import reads a workbook: dates, numbers and text as the csv has them' '
	printf "id,name,county,village,pairing,category,budget,year,status,started\n" >projects.csv &&
	printf "AD-X-1,安定区表格项目,621102,621102108217,,water,120000.5,2020,started,2020-03-31\n" >>projects.csv &&
	mkdir -p wb && "$XLSX" projects.csv wb/projects.xlsx &&
	bf import wb/projects.xlsx >out &&
	test_grep "wb/projects.xlsx: 1 rows, 1 new" out &&
	bf list projects --search AD-X-1 --format csv >got &&
	test_grep "^AD-X-1,安定区表格项目,621102000000,621102108217,,water,120000.50,2020,started,2020-03-31," got &&
	bf import wb/projects.xlsx >again && test_grep "1 rows, 0 new, 1 already there" again
'

test_expect_success 'a bad row of a workbook: FILE:ROW:COLUMN, and nothing lands' '
	printf "id,name,county,category,budget,year,status\nAD-X-2,好项目,621102,water,100,2020,planned\nAD-X-3,坏项目,621102,water,-5,2020,planned\n" >bad.csv &&
	mkdir -p bad && "$XLSX" --inline bad.csv bad/项目.xlsx &&
	test_must_fail bf import bad/项目.xlsx 2>err &&
	test_grep "bad/项目.xlsx:3:5: budget" err &&
	test "$(store_sql "SELECT COUNT(*) FROM projects WHERE id LIKE '"'"'AD-X-%'"'"'")" = 1 &&
	printf "id,name,county,category,budget,year,status\nAD-X-4,%s,621102,water,10,2020,planned\n" \
		"$(head -c 1500 /dev/zero | tr "\0" x | sed "s/x/长/g")" >long.csv &&
	mkdir -p long && "$XLSX" long.csv long/projects.xlsx &&
	test_must_fail bf import long/projects.xlsx 2>err &&
	test "$(grep -c "^long/projects.xlsx:" err)" = 1 &&
	test_grep "long/projects.xlsx:2:2: field is longer than 4096 bytes" err &&
	printf "not a zip" >bad/funds.xlsx &&
	test_must_fail bf import bad/funds.xlsx 2>err &&
	test_grep "bad/funds.xlsx:0:0: not an Excel workbook (.xlsx): Not a zip archive" err
'

test_expect_success 'a list as a workbook reads back as the same records' '
	bf list payments --clear-ids --format xlsx --output pay.xlsx &&
	mkdir -p back && cp pay.xlsx back/payments.xlsx &&
	n=$(store_sql "SELECT COUNT(*) FROM payments") &&
	bf import back/payments.xlsx >out &&
	test_grep "back/payments.xlsx: $n rows, 0 new, $n already there" out &&
	test_must_fail bf list payments --format xlsx 2>err && test_grep "needs --output FILE.xlsx" err
'

test_expect_success 'list --sort COLUMN [--desc]' '
	top=$(store_sql "SELECT id FROM projects ORDER BY budget DESC, id LIMIT 1") &&
	bf list projects --sort budget --desc --limit 1 --format csv >got &&
	test "$(sed -n 2p got | cut -d, -f1)" = "$top" &&
	low=$(store_sql "SELECT id FROM projects ORDER BY budget, id LIMIT 1") &&
	bf list projects --sort budget --limit 1 --format csv | sed -n 2p | grep -q "^$low," &&
	test_must_fail bf list projects --sort nope 2>err && test_grep "no such column" err &&
	test_must_fail bf list persons --sort id_number 2>err && test_grep "cannot be sorted" err
'

test_expect_success 'upload a bundle: several files, csv and xlsx, in one transaction' '
	printf "id,date,kind,from,to,pairing,amount,reverses,note\nF-UP-1,2020-05-01,fiscal,350103,621102,TJ-AD,50000.00,,上传\n" >funds.csv &&
	printf "id,name,county,category,budget,year,status\nAD-UP-1,上传项目,621102,water,40000,2020,approved\n" >p.csv &&
	"$XLSX" p.csv projects.xlsx &&
	printf "id,date,fund,project,amount,reverses\nA-UP-1,2020-05-02,F-UP-1,AD-UP-1,40000,\n" >allocations.csv &&
	curl -s -b clerk.jar -F "csrf=$(cat clerk.csrf)" -F "kind=" -F "file=@allocations.csv" -F "file=@projects.xlsx" \
		-F "file=@funds.csv" -w "%{http_code}" -o r.html "$URL/import" >code &&
	test "$(cat code)" = 200 &&
	test_grep "<tr><td>funds.csv</td><td class=\"n\">1</td><td class=\"n\">1</td>" r.html &&
	test_grep "<tr><td>projects.xlsx</td><td class=\"n\">1</td><td class=\"n\">1</td>" r.html &&
	test_grep "<tr><td>allocations.csv</td><td class=\"n\">1</td><td class=\"n\">1</td>" r.html && ! grep -q "/tmp/" r.html &&
	bf trace project AD-UP-1 >trace && test_grep "F-UP-1" trace &&
	test "$(store_sql "SELECT what FROM audit ORDER BY seq DESC LIMIT 1")" = "funds.csv, projects.xlsx, allocations.csv"
'

test_expect_success 'check only: everything checked, nothing lands, nothing in the audit trail' '
	printf "id,name,county,category,budget,year,status\nAD-CK-1,只检查项目,621102,产业,1000,2020,谋划\n" >ck.csv &&
	before=$(store_sql "SELECT COUNT(*) FROM audit") &&
	curl -s -b clerk.jar -F "csrf=$(cat clerk.csrf)" -F "kind=projects" -F "file=@ck.csv;filename=projects.csv" \
		-F "check=1" -w "%{http_code}" -o r.html "$URL/import" >code &&
	test "$(cat code)" = 200 && test_grep "检查通过，未导入任何记录" r.html &&
	test_grep "<tr><td>projects.csv</td><td class=\"n\">1</td><td class=\"n\">1</td>" r.html &&
	test "$(store_sql "SELECT COUNT(*) FROM projects WHERE id = '"'"'AD-CK-1'"'"'")" = 0 &&
	test "$(store_sql "SELECT COUNT(*) FROM audit")" = "$before"
'

test_expect_success 'a template for each kind: an empty workbook with the Chinese headers import reads' '
	curl -s -b clerk.jar "$URL/import" >i.html && test_grep "href=\"/import/template/projects.xlsx\">项目</a>" i.html &&
	curl -s -b clerk.jar -D h -o t.xlsx "$URL/import/template/projects.xlsx" &&
	test_grep "filename=\"projects.xlsx\"" h &&
	unzip -p t.xlsx xl/sharedStrings.xml >strings && test_grep "项目编号\|编号" strings && test_grep "预算" strings &&
	mkdir -p tpl && cp t.xlsx tpl/projects.xlsx && bf import --dry-run tpl/projects.xlsx >out &&
	test_grep "tpl/projects.xlsx: 0 rows" out &&
	test "$(status clerk.jar /import/template/nosuch.xlsx)" = 404 &&
	test "$(status clerk.jar /import/template/users.xlsx)" = 404
'

test_expect_success 'an uploaded bundle with a bad row: the errors under the files'"'"' own names, nothing lands' '
	n0=$(store_sql "SELECT COUNT(*) FROM projects") && f0=$(store_sql "SELECT COUNT(*) FROM funds") &&
	printf "id,date,kind,from,to,pairing,amount,reverses,note\nF-UP-2,2020-06-01,fiscal,350103,621102,TJ-AD,1000.00,,好\n" >funds.csv &&
	printf "id,name,county,category,budget,year,status\nAD-UP-2,项目,621102,water,10,2020,planned\nAD-UP-3,坏,621102,nosuch,10,2020,planned\n" >p.csv &&
	"$XLSX" p.csv 我的项目表.xlsx &&
	curl -s -b clerk.jar -F "csrf=$(cat clerk.csrf)" -F "kind=projects" -F "file=@我的项目表.xlsx" \
		-w "%{http_code}" -o r.html "$URL/import" >code &&
	test "$(cat code)" = 422 && test_grep "<td>我的项目表.xlsx</td><td class=\"n\">3</td><td class=\"n\">4</td><td>类别：“nosuch”不是可选值之一：产业发展、" r.html &&
	curl -s -b clerk.jar -F "csrf=$(cat clerk.csrf)" -F "file=@funds.csv" -F "file=@我的项目表.xlsx" \
		-w "%{http_code}" -o r.html "$URL/import" >code &&
	test "$(cat code)" = 422 && test_grep "<td>我的项目表.xlsx</td><td class=\"n\">3</td><td class=\"n\">4</td><td>类别：“nosuch”不是可选值之一：产业发展、" r.html &&
	test "$(store_sql "SELECT COUNT(*) FROM projects")" = "$n0" && test "$(store_sql "SELECT COUNT(*) FROM funds")" = "$f0" &&
	curl -s -b clerk.jar -F "file=@funds.csv" -o /dev/null -w "%{http_code}" "$URL/import" >code &&
	test "$(cat code)" = 403
'

test_expect_success 'the API takes a workbook as the body, and multipart files' '
	printf "id,name,county,category,budget,year,status\nAD-UP-4,接口项目,621102,water,10,2020,planned\n" >p.csv &&
	"$XLSX" p.csv p.xlsx &&
	curl -s -b clerk.jar -H "X-CSRF-Token: $(cat clerk.csrf)" \
		-H "Content-Type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" \
		--data-binary @p.xlsx -w "%{http_code}" -o r.json "$URL/api/v1/import?kind=projects" >code &&
	test "$(cat code)" = 200 && test_grep "projects.xlsx: 1 rows, 1 new" r.json &&
	printf "id,name,county,category,budget,year,status\nAD-UP-5,接口项目二,621102,water,10,2020,planned\n" >projects.csv &&
	curl -s -b clerk.jar -H "X-CSRF-Token: $(cat clerk.csrf)" -F "file=@projects.csv" \
		-w "%{http_code}" -o r.json "$URL/api/v1/import" >code &&
	test "$(cat code)" = 200 && test_grep "projects.csv: 1 rows, 1 new" r.json &&
	curl -s -b clerk.jar -H "X-CSRF-Token: $(cat clerk.csrf)" -H "Content-Type: multipart/form-data; boundary=zz" \
		--data-binary "garbage" -w "%{http_code}" -o /dev/null "$URL/api/v1/import" >code &&
	test "$(cat code)" = 400
'

test_expect_success 'records pages sort by a column, keep the search when paging, download csv and xlsx' '
	top=$(store_sql "SELECT id FROM projects WHERE county = '"'"'621102000000'"'"' ORDER BY budget DESC, id LIMIT 1") &&
	curl -s -b clerk.jar "$URL/records/projects?sort=budget&desc=1" >r.html &&
	test "$(grep -o "/projects/[^\"]*" r.html | head -1)" = "/projects/$top" &&
	test_grep "sort=budget\">预算（元） ▼" r.html &&
	curl -s -b admin.jar "$URL/records/payments?search=X2017&page=0" >r.html &&
	test_grep "page=1&amp;search=X2017" r.html &&
	curl -s -b clerk.jar -D h -o list.xlsx "$URL/records/projects?format=xlsx&sort=budget&desc=1" &&
	test_grep "filename=\"projects.xlsx\"" h &&
	mkdir -p dl && cp list.xlsx dl/projects.xlsx &&
	n=$(store_sql "SELECT COUNT(*) FROM projects WHERE county = '"'"'621102000000'"'"'") &&
	bf import dl/projects.xlsx >out && test_grep "dl/projects.xlsx: $n rows, 0 new, $n already there" out &&
	curl -s -b clerk.jar "$URL/records/projects?format=csv&sort=budget&desc=1" | sed -n 2p | grep -q "^$top," &&
	test "$(status clerk.jar "/records/projects?sort=nope")" = 400
'

test_expect_success 'a list the API keeps is made again once an import changes the store' '
	curl -s -b clerk.jar "$URL/api/v1/records/projects?search=AD-KEPT" >before.json &&
	test "$(tr -d "\n" <before.json)" = "[]" &&
	printf "id,name,county,category,budget,year,status\nAD-KEPT-1,缓存项目,621102,water,10,2020,planned\n" >projects.csv &&
	curl -s -b clerk.jar -H "X-CSRF-Token: $(cat clerk.csrf)" -F "file=@projects.csv" -o /dev/null "$URL/api/v1/import" &&
	curl -s -b clerk.jar "$URL/api/v1/records/projects?search=AD-KEPT" >after.json &&
	test_grep "\"id\":\"AD-KEPT-1\"" after.json &&
	curl -s -b admin.jar "$URL/api/v1/records/projects?search=AD-KEPT&in=621126" >other.json &&
	test "$(tr -d "\n" <other.json)" = "[]"
'

test_expect_success 'stop the server' '
	stop_server
'
test_done
