# lib.sh: the black-box test harness, sourced by every test/t/tNNNN-*.sh.
#
# Each case runs the real binary against a real store:
#   test_expect_success 'what it shows' '
#       bf init && bf import bundle && ...
#   '
# Environment (set by test/run.sh): BANGFU (the binary), BACKEND (sqlite
# or pg), PGHOST and PGPORT for pg.  Each script runs in its own temporary
# folder; new_store gives a fresh, empty store of the chosen backend in $DB.
set -u
: "${BANGFU:?set BANGFU to the bangfu binary}"
: "${BACKEND:=sqlite}"
TEST_NAME=$(basename "$0" .sh)
SRCDIR=$(cd "$(dirname "$0")/../.." && pwd)
TRASH=$(mktemp -d "/tmp/bangfu-$TEST_NAME.XXXXXX")
cd "$TRASH" || exit 1
test_count=0
test_failed=0
store_n=0

new_store() {
	store_n=$((store_n + 1))
	if [ "$BACKEND" = pg ]; then
		name=$(printf 't_%s_%s_%s' "$TEST_NAME" "$$" "$store_n" | tr -c 'a-z0-9\n' '_')
		psql -X -q -h "$PGHOST" -p "$PGPORT" -U postgres -d postgres \
			-c "CREATE DATABASE $name" >/dev/null || return 1
		DB="postgresql://postgres@$PGHOST:$PGPORT/$name"
		PGDBNAME=$name
	else
		DB="$TRASH/store$store_n.db"
	fi
}

# Run SQL directly against the current store (for checks behind the program's back).
store_sql() {
	if [ "$BACKEND" = pg ]; then
		psql -X -q -A -t -h "$PGHOST" -p "$PGPORT" -U postgres -d "$PGDBNAME" -c "$1"
	else
		sqlite3 "$DB" "$1"
	fi
}

bf() {
	"$BANGFU" --db "$DB" "$@"
}

# The command must fail cleanly: exit status exactly 1 (not a crash).
test_must_fail() {
	"$@"
	rc=$?
	if [ "$rc" -eq 1 ]; then
		return 0
	fi
	echo "expected exit status 1, got $rc: $*" >&2
	return 1
}

# refused FILE...: import must fail cleanly and leave the store exactly as
# the export in ./before shows it.
refused() {
	test_must_fail bf import "$@" 2>err || return 1
	test_grep "nothing was imported" err || return 1
	bf export after >/dev/null && diff -r before after || return 1
	rm -rf after
}

test_cmp() {
	diff -u "$1" "$2"
}

# test_grep PATTERN FILE: like grep -q, but shows the file when it fails.
test_grep() {
	if grep -q -e "$1" "$2"; then
		return 0
	fi
	echo "no line matching '$1' in $2:" >&2
	sed 's/^/| /' "$2" >&2
	return 1
}

test_grep_not() {
	if grep -q -e "$1" "$2"; then
		echo "unexpected line matching '$1' in $2:" >&2
		grep -e "$1" "$2" | sed 's/^/| /' >&2
		return 1
	fi
	return 0
}

test_expect_success() {
	test_count=$((test_count + 1))
	# The body runs as a function in this shell (so "return 1" fails the
	# case and variables such as $DB carry over to later cases).
	eval "test_body() {
$2
}"
	if test_body >"$TRASH/case.log" 2>&1; then
		echo "ok $test_count - $BACKEND: $1"
	else
		test_failed=$((test_failed + 1))
		echo "not ok $test_count - $BACKEND: $1"
		sed 's/^/#   /' "$TRASH/case.log"
		cp "$TRASH/case.log" "$TRASH/case-$test_count.log"
	fi
}

test_done() {
	echo "# $TEST_NAME ($BACKEND): $((test_count - test_failed)) passed, $test_failed failed"
	if [ "$test_failed" -eq 0 ]; then
		cd / && rm -rf "$TRASH"
		exit 0
	fi
	echo "# kept $TRASH"
	exit 1
}

# idnum PREFIX17: a valid identity number (GB 11643 check digit appended).
idnum() {
	awk -v s="$1" 'BEGIN {
		split("7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2", w, " ")
		t = 0
		for (i = 1; i <= 17; i++) t += substr(s, i, 1) * w[i]
		c = (12 - t % 11) % 11
		printf "%s%s\n", s, (c == 10 ? "X" : c)
	}'
}

# A small valid bundle in folder $1, shared by many tests.
make_bundle() {
	mkdir -p "$1"
	cat >"$1/divisions.csv" <<-EOD
	code,name,level,parent,side,poor,exited
	620000,甘肃省,province,,west,,
	621100,定西市,city,620000,,,
	621126,岷县,county,621100,,1,2020
	621126100,岷阳镇,town,621126,,,
	621126100201,城关村,village,621126100,,1,
	621126100202,鎮南村,village,621126100,,1,
	350000,福建省,province,,east,,
	350100,福州市,city,350000,,,
	350102,鼓楼区,county,350100,,,
	530000,云南省,province,,west,,
	530600,昭通市,city,530000,,,
	530627,鎮雄縣,county,530600,,1,2020
	EOD
	cat >"$1/orgs.csv" <<-EOD
	code,name,kind,division
	L-GL-001,鼓楼区东西部协作办,government,350102
	EOD
	cat >"$1/pairings.csv" <<-EOD
	id,east,west,level,since,until,agreement
	GL-MX,350102,621126,county,2017-03-01,,鼓楼区—岷县携手奔小康协议
	EOD
	HEAD1=$(idnum 62112619800101001)
	HEAD2=$(idnum 62112619750505003)
	WIFE=$(idnum 62112619820202002)
	cat >"$1/households.csv" <<-EOD
	id,village,head,size,status,registered,exited
	MX-0001,621126100201,$HEAD1,2,poor,2014,
	MX-0002,621126100202,$HEAD2,1,exited,2014,2019
	EOD
	cat >"$1/persons.csv" <<-EOD
	id_number,name,household,relation,labour,died
	$HEAD1,张小明,MX-0001,户主,1,
	$WIFE,李秀英,MX-0001,配偶,1,
	$HEAD2,王德福,MX-0002,户主,0,
	EOD
}

# The small bundle plus money: two funds, two projects, allocations and
# payments (one reversed), in folder $1.
make_money_bundle() {
	make_bundle "$1"
	H1=$(idnum 62112619800101001)
	cat >"$1/funds.csv" <<-EOD
	id,date,kind,from,to,pairing,amount,reverses,note
	F2018-1,2018-03-20,fiscal,350102,621126,GL-MX,1000000.00,,鼓楼区2018年财政帮扶资金
	F2018-2,2018/5/1,social,L-GL-001,621126,,50000,,
	EOD
	cat >"$1/projects.csv" <<-EOD
	id,name,county,village,pairing,category,budget,year,status,started,completed,accepted,settled
	P1,城关村饮水工程,621126,621126100201,GL-MX,water,600000,2018,settled,2018-04-01,2018-08-01,2018-09-01,2018-10-01
	P2,岷阳镇劳务奖补,621126,,,labour,300000,2018,started,2018-05-01,,,
	EOD
	cat >"$1/beneficiaries.csv" <<-EOD
	project,household
	P1,MX-0001
	P1,MX-0002
	EOD
	cat >"$1/allocations.csv" <<-EOD
	id,date,fund,project,amount,reverses
	A1,2018-03-25,F2018-1,P1,600000,
	A2,2018-04-25,F2018-1,P2,300000,
	A3,2018-05-02,F2018-2,P2,50000,
	EOD
	cat >"$1/payments.csv" <<-EOD
	id,date,project,payee,amount,purpose,reverses
	X1,2018-06-01,P1,L-GL-001,500000,contract,
	X2,2018-06-05,P2,$H1,320000,industry_award,
	X3,2018-06-06,P2,$H1,320000,industry_award,X2
	X4,2018-06-07,P2,$H1,32000,industry_award,
	EOD
}

# The money bundle plus cooperation records and targets, in folder $1.
# Figures of GL-MX for 2018 (see t0600): 4 transfers of 3 persons, 3 of
# them registered poor, 3 stable by the year's end; sales 1200000.50, of
# which 1000000.50 through the enterprise pairing GLQ-CG that lies in GL-MX.
make_coop_bundle() {
	make_money_bundle "$1"
	cat >>"$1/orgs.csv" <<-EOD
	L-MX-001,城关村农民专业合作社,cooperative,621126100201
	L-GL-002,鼓楼区惠民超市,enterprise,350102
	L-GL-003,福州闽岷食品有限公司,enterprise,350102
	EOD
	cat >>"$1/pairings.csv" <<-EOD
	GLQ-CG,L-GL-002,621126100201,enterprise,2018-01-01,,村企结对协议
	EOD
	OTHER=$(idnum 35010219900101001)
	DEAD=$(idnum 62112619400101005)
	cat >>"$1/persons.csv" <<-EOD
	$DEAD,赵老汉,MX-0002,父亲,0,2017-01-01
	EOD
	cat >"$1/workers.csv" <<-EOD
	id_number,name,origin,employer,destination,batch,start,end
	$HEAD1,张小明,621126,L-GL-003,350102,2018-1,2018-03-01,2018-05-31
	$HEAD1,张小明,621126,L-GL-003,350102,2018-2,2018-07-01,
	$WIFE,李秀英,621126,L-GL-002,350102,2018-1,2018-03-01,2018-06-01
	$OTHER,陈志强,621126,,350100,2018-3,2018-11-30,2019-02-28
	EOD
	cat >"$1/workshops.csv" <<-EOD
	id,name,org,village,certified,jobs,poor_jobs
	W1,城关村扶贫车间,L-MX-001,621126100201,2018-06-01,50,20
	W2,鎮南村扶贫车间,,621126100202,2019-01-10,30,30
	EOD
	cat >"$1/sales.csv" <<-EOD
	id,date,seller,buyer,product,amount,poor_households,pairing
	S1,2018-09-01,L-MX-001,L-GL-002,岷归,1000000.50,12,
	S2,2018-10-01,L-MX-001,L-GL-003,马铃薯,200000,5,GL-MX
	EOD
	cat >"$1/investments.csv" <<-EOD
	id,date,org,county,amount,poor_employed,poor_driven,pairing
	I1,2018-05-01,L-GL-003,621126,5000000,30,100,
	I2,2018-08-01,L-GL-003,621126,1000000,,,GL-MX
	I3,2019-02-01,L-GL-002,621126,300000,,,
	EOD
	cat >"$1/exchanges.csv" <<-EOD
	id,name,kind,direction,pairing,start,end
	E1,刘建国,cadre,west_east,GL-MX,2018-04-01,2019-04-01
	E2,黄丽,teacher,east_west,GLQ-CG,2018-09-01,
	E3,周强,technician,east_west,GL-MX,2019-03-01,2019-06-30
	EOD
	cat >"$1/trainings.csv" <<-EOD
	id,date,title,kind,pairing,person_times
	T1,2018-06-01,劳务技能培训,labour,GL-MX,120
	T2,2018-07-01,电商技术培训,technical,GLQ-CG,30
	EOD
	cat >"$1/events.csv" <<-EOD
	id,date,kind,pairing,note
	V1,2018-04-01,joint_meeting,GL-MX,
	V2,2018-04-02,leader_visit,GL-MX,
	V3,2018-05-01,job_fair,GL-MX,
	EOD
	cat >"$1/targets.csv" <<-EOD
	year,pairing,indicator,target
	2018,GL-MX,workers_transferred,5
	2018,GL-MX,sales,1500000
	2018,GL-MX,cadres,2
	2018,GLQ-CG,sales,1000000
	EOD
}

# demo_store_with_roles: a new store with the demo bundle and an account a
# role: admin, clerk (Anding), east (Fuzhou), auditor, viewer (Dingxi),
# whose passwords signin_all knows.
demo_store_with_roles() {
	new_store && bf init >/dev/null && bf import "$SRCDIR/data/demo" >/dev/null 2>&1 &&
	echo "admin-password-1" | bf user add admin --role admin >/dev/null &&
	echo "anding-clerk-pw1" | bf user add clerk --role clerk --region 621102 >/dev/null &&
	echo "fuzhou-office-pw" | bf user add east --role east_office --region 350100 >/dev/null &&
	echo "auditor-password" | bf user add auditor --role auditor >/dev/null &&
	echo "dingxi-viewer-pw" | bf user add viewer --role viewer --region 621100 >/dev/null
}

# signin_all: a session for each account demo_store_with_roles made.
signin_all() {
	signin admin admin-password-1 && signin clerk anding-clerk-pw1 && signin east fuzhou-office-pw &&
	signin auditor auditor-password && signin viewer dingxi-viewer-pw
}

# start_server: serve $DB on a free loopback port; sets URL and SERVER_PID.
# serve_bg OUT LISTEN [ARGS]: a server on the store in the background, its
# output in OUT.out and OUT.err; its address (http://[::1]:PORT for IPv6)
# in SERVED_URL, its pid in SERVED_PID.  stop_served PID stops it.
serve_bg() {
	local out=$1 listen=$2
	shift 2
	"$BANGFU" --db "$DB" serve --listen "$listen" "$@" >"$out.out" 2>"$out.err" &
	SERVED_PID=$!
	for i in $(seq 100); do grep -q "http://" "$out.out" && break; sleep 0.05; done
	SERVED_URL=$(sed -n "s|.* on \(http://.*\)/\$|\1|p" "$out.out")
	test -n "$SERVED_URL"
}

stop_served() {
	pkill -P "$1" 2>/dev/null; kill "$1" 2>/dev/null; wait "$1" 2>/dev/null; true
}

start_server() {
	serve_bg server 127.0.0.1:0 "$@"
	local rc=$?
	URL=$SERVED_URL SERVER_PID=$SERVED_PID
	return $rc
}

stop_server() {
	stop_served "$SERVER_PID"
}

# signin NAME PASSWORD: a session in cookie jar NAME.jar; the page's CSRF
# token in NAME.csrf.
signin() {
	curl -s -c "$1.jar" -b "$1.jar" "$URL/login" >login.html &&
	csrf=$(sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p' login.html | tail -1) &&
	curl -s -c "$1.jar" -b "$1.jar" -o /dev/null -w "%{http_code}" \
		--data-urlencode "csrf=$csrf" --data-urlencode "name=$1" --data-urlencode "password=$2" \
		"$URL/login" >signin.code &&
	test "$(cat signin.code)" = 303 &&
	curl -s -b "$1.jar" "$URL/dashboard" >dash.html &&
	sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p' dash.html | head -1 >"$1.csrf"
}

# status JAR PATH [curl args]: the HTTP status of a GET (or what args say).
status() {
	local jar=$1 path=$2; shift 2
	curl -s -o /dev/null -w "%{http_code}" -b "$jar" "$@" "$URL$path"
}
