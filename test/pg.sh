# pg.sh: start and stop a throwaway PostgreSQL server (sourced by
# test/run.sh and the benchmarks).  PostgreSQL refuses to run as root, so as
# root it runs as the postgres user that Debian's package creates, in a
# temporary folder, on a free loopback port.  Sets PGHOST, PGPORT.
PGBIN=${PGBIN:-/usr/lib/postgresql/15/bin}

pg_free_port() { # [FROM]: the first port from FROM (55432) nobody listens on
	local p
	for p in $(seq "${1:-55432}" 55532); do
		(: </dev/tcp/127.0.0.1/$p) 2>/dev/null || { echo "$p"; return 0; }
	done
	return 1
}

# pg_ctl_free AS DIR FROM [server options]: starts the server of DIR/data
# (its log DIR/server.log, its socket in DIR) as user AS on the first port
# from FROM nobody listens on, and sets PG_BOUND to it.  A port free when
# probed may be taken before the server binds it (an outgoing connection's
# own port): then the next one.
pg_ctl_free() {
	local as=$1 dir=$2 tries=0
	PG_BOUND=$(pg_free_port "$3") || { echo "no free port for PostgreSQL" >&2; return 1; }
	shift 3
	until $as "$PGBIN/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -o \
		"-p $PG_BOUND -k $dir -c listen_addresses=127.0.0.1 $*" start >/dev/null; do
		tries=$((tries + 1))
		if [ $tries -ge 5 ] || ! grep -q "could not bind\|could not create any TCP" "$dir/server.log"; then
			cat "$dir/server.log" >&2
			return 1
		fi
		PG_BOUND=$(pg_free_port $((PG_BOUND + 1))) || { echo "no free port for PostgreSQL" >&2; return 1; }
	done
}

# start_pg [extra server options]
start_pg() {
	PGDIR=$(mktemp -d /tmp/bangfu-pg.XXXXXX)
	chmod 755 "$PGDIR"
	PG_AS=""
	if [ "$(id -u)" -eq 0 ]; then
		chown postgres "$PGDIR"
		PG_AS="runuser -u postgres --"
	fi
	$PG_AS "$PGBIN/initdb" -D "$PGDIR/data" -A trust -U postgres -E UTF8 --no-sync >"$PGDIR/initdb.log" 2>&1 ||
		{ cat "$PGDIR/initdb.log" >&2; return 1; }
	pg_ctl_free "$PG_AS" "$PGDIR" 55432 "$@" || return 1
	PGPORT=$PG_BOUND
	PGHOST=127.0.0.1
	export PGHOST PGPORT
}

stop_pg() {
	[ -n "${PGDIR:-}" ] || return 0
	$PG_AS "$PGBIN/pg_ctl" -D "$PGDIR/data" -m immediate stop >/dev/null 2>&1
	rm -rf "$PGDIR"
	PGDIR=
}

# start_standby [-c NAME=VALUE ...]: a streaming standby of the server on
# PGHOST:PGPORT, made with pg_basebackup over loopback (as a province's
# replica is), hot: it answers reads.  Sets STANDBY_PORT and STANDBY_DIR.
start_standby() {
	STANDBY_DIR=$(mktemp -d /tmp/bangfu-standby.XXXXXX)
	chmod 755 "$STANDBY_DIR"
	local as=""
	if [ "$(id -u)" -eq 0 ]; then
		chown postgres "$STANDBY_DIR"
		as="runuser -u postgres --"
	fi
	$as "$PGBIN/pg_basebackup" -h 127.0.0.1 -p "$PGPORT" -U postgres -D "$STANDBY_DIR/data" -R -X stream -c fast \
		>"$STANDBY_DIR/basebackup.log" 2>&1 || { cat "$STANDBY_DIR/basebackup.log" >&2; return 1; }
	pg_ctl_free "$as" "$STANDBY_DIR" $((PGPORT + 1)) -c hot_standby=on "$@" || return 1
	STANDBY_PORT=$PG_BOUND
}

stop_standby() {
	[ -n "${STANDBY_DIR:-}" ] || return 0
	local as=""
	[ "$(id -u)" -eq 0 ] && as="runuser -u postgres --"
	$as "$PGBIN/pg_ctl" -D "$STANDBY_DIR/data" -m immediate stop >/dev/null 2>&1
	rm -rf "$STANDBY_DIR"
	STANDBY_DIR=
}
