#!/bin/bash
# t0920: hostile files are refused quickly and cheaply: zip bombs, entity
# declarations, FIFOs and devices, NUL bytes, and files with millions of
# bad rows (the errors are listed up to a limit, then counted).
. "$(dirname "$0")/../lib.sh"

# bomb FILE MB: a workbook whose sheet unpacks to MB megabytes from a few.
bomb() {
	python3 - "$1" "$2" <<-EOP
	import sys, zipfile
	z = zipfile.ZipFile(sys.argv[1], "w", zipfile.ZIP_DEFLATED)
	z.writestr("xl/workbook.xml", '<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheets><sheet name="s" sheetId="1"/></sheets></workbook>')
	row = ('<row><c t="inlineStr"><is><t>x</t></is></c></row>' * 20000).encode()
	with z.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as f:
	    f.write(b'<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>')
	    n = 0
	    while n < int(sys.argv[2]) << 20:
	        f.write(row); n += len(row)
	    f.write(b"</sheetData></worksheet>")
	z.close()
	EOP
}

test_expect_success 'setup' '
	make_money_bundle b && new_store && bf init >/dev/null && bf import b >/dev/null &&
	bf export before >/dev/null &&
	bomb projects.xlsx 300 && test "$(stat -c %s projects.xlsx)" -lt 2000000
'

test_expect_success 'a zip bomb is refused in under a second, with one clear message and little memory' '
	/usr/bin/time -f "%e %M" -o used "$BANGFU" --db "$DB" import projects.xlsx 2>err; rc=$?;
	test $rc = 1 && test "$(grep -c "" err)" = 2 &&
	test_grep "projects.xlsx:0:0: refused: a part of the workbook unpacks to 300 MB from .* KB, as a zip bomb does" err &&
	tail -1 used | awk "{ exit !(\$1 < 1.0 && \$2 < 200000) }" &&
	bf export after >/dev/null && diff -r before after && rm -rf after
'

test_expect_success 'a workbook declaring entities (billion laughs) is refused' '
	python3 - <<-EOP &&
	import zipfile
	z = zipfile.ZipFile("funds.xlsx", "w", zipfile.ZIP_DEFLATED)
	z.writestr("xl/workbook.xml", "<?xml version=\"1.0\"?><workbook><sheets><sheet name=\"s\" sheetId=\"1\"/></sheets></workbook>")
	ents = "<!DOCTYPE l [<!ENTITY l0 \"lol\">" + "".join("<!ENTITY l%d \"%s\">" % (i, ("&l%d;" % (i - 1)) * 10) for i in range(1, 10)) + "]>"
	z.writestr("xl/sharedStrings.xml", "<?xml version=\"1.0\"?>" + ents + "<sst><si><t>&l9;</t></si></sst>")
	z.writestr("xl/worksheets/sheet1.xml", "<?xml version=\"1.0\"?><worksheet><sheetData><row><c t=\"s\"><v>0</v></c></row></sheetData></worksheet>")
	z.close()
	EOP
	test_must_fail bf import funds.xlsx 2>err &&
	test_grep "sharedStrings.xml of the workbook declares a DOCTYPE, which workbooks do not: refused" err
'

test_expect_success 'only regular files are read: a FIFO or a device is refused at once' '
	mkdir -p f && mkfifo f/funds.csv &&
	timeout 5 "$BANGFU" --db "$DB" import f/funds.csv 2>err; rc=$?;
	test $rc = 1 && test_grep "f/funds.csv:0:0: not a file: only regular files" err &&
	timeout 5 "$BANGFU" --db "$DB" import f 2>err; rc=$?;
	test $rc = 1 && test_grep "not a file: only regular files are read" err &&
	timeout 5 "$BANGFU" --db "$DB" import /dev/zero 2>err; rc=$?;
	test $rc = 1 && test_grep "/dev/zero:0:0: not a file" err
'

test_expect_success 'a NUL byte is an error at its line and column, not a field cut short' '
	printf "id,date,kind,from,to,pairing,amount,reverses,note\nF-NUL,2018-03-21,fiscal,350102,621126,GL-MX,10.00,,ab\0cd\n" >funds.csv &&
	test_must_fail bf import funds.csv 2>err &&
	test_grep "funds.csv:2:9: the field holds a NUL byte" err &&
	test "$(store_sql "SELECT COUNT(*) FROM funds WHERE id = '"'"'F-NUL'"'"'")" = 0
'

test_expect_success 'a file of many bad rows: the first 1000 errors listed, the rest counted' '
	{ echo "id,date,kind,from,to,pairing,amount,reverses,note"
	  seq 1 30000 | awk "{ printf \"F-BAD-%d,2018-13-01,fiscal,350102,621126,GL-MX,1.00,,\\n\", \$1 }"; } >funds.csv &&
	test_must_fail bf import funds.csv 2>err &&
	test "$(grep -c "^funds.csv:" err)" = 1000 &&
	test_grep "^… and 29000 more errors (the first 1000 are listed)" err &&
	test_grep "import failed: 30000 errors; nothing was imported" err
'

test_expect_success 'uploaded by a clerk, a bomb is refused the same way, and the worker goes on' '
	echo "minxian-clerk-pw" | bf user add mclerk --role clerk --region 621126 >/dev/null &&
	start_server && signin mclerk minxian-clerk-pw &&
	code=$(curl -s -m 10 -b mclerk.jar -F "csrf=$(cat mclerk.csrf)" -F "file=@projects.xlsx" -o r.html -w "%{http_code}" "$URL/import") &&
	test "$code" = 422 && test_grep "as a zip bomb does" r.html &&
	test "$(curl -s -o /dev/null -w "%{http_code}" "$URL/login")" = 200 &&
	stop_server
'

test_done
