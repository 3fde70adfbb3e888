#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Stations against a real PostgreSQL server that this test starts itself
# (initdb into the test's directory, pg_ctl on a free loopback port with its
# unix socket there, stopped at the end; as root the server runs as nobody,
# since PostgreSQL refuses to run as root). The stations connect as the
# least-privileged role of doc/station-role.sql, with a password.
#   A: 12 copies from an http URL, 3 stations x 2 emulated drives.
#   B: kill -9 of a station mid-burn and a database restart during the job.
#   C: an image whose SHA-256 is not the job's is refused, no drive touched.
#   D: pause, resume, cancel, priorities, --status, passwords never shown.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"
SRC=${top_srcdir:-$(dirname "$0")/..}
DISCBURN=$(realpath "$DISCBURN")

"$DISCBURN" --status - 2>&1 | grep -q 'built without stations' &&
	skip "discburn was built without stations (configure --with-libpq; Debian: libpq-dev)"
PGBIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
if [ -z "$PGBIN" ] || [ ! -x "$PGBIN/initdb" ]; then
	PGBIN=$(dirname "$(command -v initdb 2>/dev/null || echo /nonexistent/initdb)")
fi
[ -x "$PGBIN/initdb" ] && [ -x "$PGBIN/pg_ctl" ] ||
	skip "PostgreSQL's server (initdb, pg_ctl) is not installed (Debian package postgresql)"
PSQL=$PGBIN/psql; [ -x "$PSQL" ] || PSQL=psql

# ---- the server ------------------------------------------------------------
PIDS=()
cleanup() {
	for p in "${PIDS[@]}"; do kill -KILL "$p" 2>/dev/null; done
	[ -n "${PGD:-}" ] && [ -f "$PGD/postmaster.pid" ] && as_pg "$PGBIN/pg_ctl" -D "$PGD" -m immediate stop >/dev/null 2>&1
	[ -n "${PGT:-}" ] && { if [ -n "${STATION_PG_KEEP:-}" ]; then echo "# kept $PGT"; else rm -rf "$PGT"; fi; }
	# STATION_PG_KEEP=1 keeps the directory (logs, discs, the server's data)
	if [ -n "${STATION_PG_KEEP:-}" ]; then echo "# kept $T"; else rm -rf "$T"; fi
}
trap cleanup EXIT
PGT=
# the server's files in a directory of their own under /tmp: reachable by the
# server's user whatever TMPDIR is, and a unix socket path well under its limit
PGT=$(mktemp -d /tmp/discburn-pg.XXXXXX)
if [ "$(id -u)" = 0 ]; then
	PGUSER_OS=nobody    # initdb and postgres refuse to run as root
	chmod 711 "$PGT"
	as_pg() { runuser -u "$PGUSER_OS" -- "$@"; }
else
	as_pg() { "$@"; }
fi
PGD=$PGT/data SOCK=$PGT/sock
mkdir -p "$PGD" "$SOCK"; chmod 700 "$PGD"
[ "$(id -u)" = 0 ] && chown "$PGUSER_OS" "$PGD" "$SOCK"
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
PORT=$(free_port)
LC_ALL=C as_pg "$PGBIN/initdb" -D "$PGD" -U burnadmin -A trust -E UTF8 --no-sync > "$T/initdb.log" 2>&1 ||
	{ cat "$T/initdb.log"; echo "initdb failed"; exit 1; }
cat > "$T/hba" <<HBA
local all discburn_station scram-sha-256
local all all trust
host all discburn_station 127.0.0.1/32 scram-sha-256
HBA
as_pg tee "$PGD/pg_hba.conf" < "$T/hba" > /dev/null || { echo "cannot write pg_hba.conf"; exit 1; }
pg_start() {
	as_pg "$PGBIN/pg_ctl" -D "$PGD" -l "$PGD/server.log" -w -t 60 \
		-o "-p $PORT -k $SOCK -c listen_addresses=127.0.0.1 -c fsync=off" start > /dev/null
}
pg_start || { as_pg cat "$PGD/server.log"; echo "the server did not start"; exit 1; }
ADMIN="host=$SOCK port=$PORT user=burnadmin dbname=burn"
"$PSQL" -qX "host=$SOCK port=$PORT user=burnadmin dbname=postgres" -c 'CREATE DATABASE burn' >/dev/null
sql() { "$PSQL" -qXAt "$ADMIN" -c "$1"; }

# the schema on first use, then the stations' role with its password
PW="pw-$RANDOM-$RANDOM-station"
run "$DISCBURN" --status "$ADMIN"
expect_rc 0 "--status on an empty database creates the schema"
check "the schema is version 1" test "$(sql 'SELECT max(version) FROM schema_version')" = 1
"$PSQL" -qX "$ADMIN" -v ON_ERROR_STOP=1 -f "$SRC/doc/station-role.sql" > "$T/role.log" 2>&1
check "the README's role and grants apply" test $? = 0
sql "ALTER ROLE discburn_station PASSWORD '$PW'"
run "$DISCBURN" --status "host=$SOCK port=$PORT dbname=burn user=discburn_station"
expect_rc 18 "the stations' role needs its password"
STATION_DB=$T/station.conf
echo "host=$SOCK port=$PORT dbname=burn user=discburn_station password=$PW" > "$STATION_DB"
chmod 600 "$STATION_DB"

ISO=$T/image.iso
make_iso "$ISO" 4 FLEET
SIZE=$(stat -c %s "$ISO")
SUM=$(sha256sum < "$ISO" | cut -c1-64)

# events_valid FILE: every line of FILE validates against doc/events.schema.json
SCHEMA=${top_srcdir:-$(dirname "$0")/..}/doc/events.schema.json
events_valid() {
	python3 - "$SCHEMA" "$1" <<'PY'
import json, sys, jsonschema
v = jsonschema.Draft202012Validator(json.load(open(sys.argv[1])))
bad = [(l, e.message) for l in open(sys.argv[2]) for e in v.iter_errors(json.loads(l))]
for l, m in bad[:5]:
    print("# %s\n#    %s" % (l.rstrip()[:200], m[:200]))
sys.exit(1 if bad else 0)
PY
}
python3 -c 'import jsonschema' 2> /dev/null ||
	skip "python3's jsonschema module is missing (Debian package python3-jsonschema)"

# a station: NAME, then its two drives' base paths, then more options
station() {
	local name=$1 a=$2 b=$3; shift 3
	"$DISCBURN" --station "@$STATION_DB" "dev=emu:dvd+r:${EMU_OPTS:-}stack=6:$a,emu:dvd+r:${EMU_OPTS:-}stack=6:$b" \
		--name "$name" --cache "$T/cache-$name" --lease 4 --until-idle --wait-disc 5 "$@" \
		> "$T/$name.out" 2> "$T/$name.err" &
	PIDS+=($!)
	eval "PID_$name=$!"
}
# wait_all SECONDS PID...: each exits by then; their statuses in RCS
wait_all() {
	local limit=$1 p; shift
	RCS=()
	local t0=$SECONDS
	for p in "$@"; do
		while kill -0 "$p" 2>/dev/null && [ $((SECONDS - t0)) -lt "$limit" ]; do sleep 0.2; done
		if kill -0 "$p" 2>/dev/null; then kill -KILL "$p"; RCS+=(timeout); wait "$p" 2>/dev/null
		else wait "$p"; RCS+=($?); fi
	done
}
# good_files BASE...: disc files of those stacks that equal the image
good_files() {
	local n=0 f
	for f in $(for b in "$@"; do ls "$b".[0-9]* 2>/dev/null; done | grep -v '\.state$'); do
		same_prefix "$ISO" "$f" && n=$((n + 1))
	done
	echo $n
}

# ---- A: 12 copies from a URL, three stations with two drives each ------------
mkdir -p "$T/www"; cp "$ISO" "$T/www/image.iso"
HPORT=$(free_port)
python3 -m http.server --bind 127.0.0.1 --directory "$T/www" "$HPORT" > "$T/http.log" 2>&1 &
PIDS+=($!)
python3 - "$HPORT" <<'PY'
import sys, time, urllib.request
for _ in range(100):
    try:
        urllib.request.urlopen("http://127.0.0.1:%s/image.iso" % sys.argv[1], timeout=1).read(1)
        break
    except OSError:
        time.sleep(0.1)
PY
run "$DISCBURN" --submit "$ADMIN" "http://127.0.0.1:$HPORT/image.iso" --copies 12 --verify --label fleet --json
expect_rc 0 "--submit a job of 12 copies by URL"
check "--submit --json: the event validates against the schema" events_valid "$T/out"
JOB_A=$(python3 -c 'import json,sys; print(json.loads(open(sys.argv[1]).readline())["job"])' "$T/out")
check "the job records the image's SHA-256 and size" \
	test "$(sql "SELECT sha256 || ' ' || size FROM jobs WHERE id = $JOB_A")" = "$SUM $SIZE"
t0=$SECONDS
EMU_OPTS=speed=8:
for s in 1 2 3; do station a$s "$T/a${s}x" "$T/a${s}y"; done
wait_all 240 "$PID_a1" "$PID_a2" "$PID_a3"
FLEET_S=$((SECONDS - t0))
echo "# fleet of 3 stations x 2 drives, 12 copies: ${FLEET_S}s"
check "all three stations ended when nothing was owed (${RCS[*]})" test "${RCS[*]}" = "0 0 0"
check "exactly 12 good discs recorded" \
	test "$(sql "SELECT count(*) FROM discs WHERE job_id = $JOB_A AND result = 'good'")" = 12
check "12 different copies, every copy good, the job done" \
	test "$(sql "SELECT count(DISTINCT d.copy_no) || ' ' || (SELECT count(*) FROM copies WHERE job_id = $JOB_A AND state = 'good') || ' ' || (SELECT state FROM job_status WHERE id = $JOB_A) FROM discs d WHERE d.job_id = $JOB_A AND d.result = 'good'")" = "12 12 done"
check "no disc failed" test "$(sql "SELECT count(*) FROM discs WHERE job_id = $JOB_A AND result <> 'good'")" = 0
check "12 disc files in the stacks equal the image, byte for byte" \
	test "$(good_files "$T"/a{1,2,3}{x,y})" = 12
# which station burnt which: the rows name station and drive, and each drive's
# good rows are as many as its stack holds good discs
ok_rows=1
while IFS='|' read -r name dev n; do
	base=${dev##*:}
	[ "$(good_files "$base")" = "$n" ] || { ok_rows=0; echo "# $name $dev: $n rows, $(good_files "$base") discs"; }
done < <(sql "SELECT s.name, dr.dev, count(*) FROM discs d JOIN stations s ON s.id = d.station_id JOIN drives dr ON dr.id = d.drive_id WHERE d.job_id = $JOB_A AND d.result = 'good' GROUP BY 1, 2")
check "each drive's good discs in the table match its stack" test "$ok_rows" = 1
check "every good disc row has its station, drive, times, bytes, digest, verify" \
	test "$(sql "SELECT count(*) FROM discs WHERE job_id = $JOB_A AND result = 'good' AND started IS NOT NULL AND ended >= started AND bytes = $SIZE AND sha256 = '$SUM' AND verified")" = 12
check "more than one station took part" \
	test "$(sql "SELECT count(DISTINCT station_id) FROM discs WHERE job_id = $JOB_A AND result = 'good'")" -ge 2
check "the image was fetched once per station into its cache" \
	bash -c "ls '$T'/cache-a[123]/$SUM.img | wc -l | grep -qx 3"
check "the stations said they stopped when nothing was owed" grep -q "nothing is owed" "$T/a1.err"

# ---- B: kill -9 of a station mid-burn; the database restarted ----------------
run "$DISCBURN" --submit "$ADMIN" "$ISO" --copies 12
expect_rc 0 "--submit a job of 12 copies by path"
JOB_B=$(sql "SELECT max(id) FROM jobs")
EMU_OPTS=speed=1:
for s in 1 2 3; do station b$s "$T/b${s}x" "$T/b${s}y"; done
# b1 in mid-burn: a copy claimed more than a second ago (at 1x a disc takes
# over 3 s to write)
mid=0
for _ in $(seq 300); do
	if [ "$(sql "SELECT count(*) FROM discs d JOIN stations s ON s.id = d.station_id WHERE s.name = 'b1' AND d.result = 'burning' AND now() - d.claimed > interval '1 second'")" -ge 1 ]; then mid=1; break; fi
	sleep 0.1
done
check "station b1 was burning when killed" test "$mid" = 1
kill -KILL "$PID_b1"; wait "$PID_b1" 2>/dev/null
KILLED=$(sql "SELECT string_agg(d.id::text, ',' ORDER BY d.id) FROM discs d JOIN stations s ON s.id = d.station_id WHERE s.name = 'b1' AND d.result = 'burning'")
KILLED_N=$(echo "$KILLED" | tr ',' '\n' | grep -c .)
echo "# killed b1 while it burnt disc(s) $KILLED"
# the database goes away while the others burn, longer than a disc takes
for _ in $(seq 200); do
	[ "$(sql "SELECT count(*) FROM discs d JOIN stations s ON s.id = d.station_id WHERE s.name <> 'b1' AND d.result = 'burning' AND d.job_id = $JOB_B")" -ge 2 ] && break
	sleep 0.1
done
as_pg "$PGBIN/pg_ctl" -D "$PGD" -m fast -w stop > /dev/null
sleep 7
pg_start
check "the database came back" test "$(sql 'SELECT 1')" = 1
wait_all 300 "$PID_b2" "$PID_b3"
check "the other stations finished the job (${RCS[*]})" test "${RCS[*]}" = "0 0"
check "exactly 12 good discs, 12 different copies, the job done" \
	test "$(sql "SELECT count(*) || ' ' || count(DISTINCT copy_no) || ' ' || (SELECT state FROM job_status WHERE id = $JOB_B) FROM discs WHERE job_id = $JOB_B AND result = 'good'")" = "12 12 done"
check "the killed station's disc(s) are failed coasters (station-lost)" \
	test "$(sql "SELECT count(*) FROM discs WHERE id IN ($KILLED) AND result = 'failed' AND reason = 'station-lost'")" = "$KILLED_N"
check "their copies were burnt again by another station" \
	test "$(sql "SELECT count(*) FROM discs g JOIN stations s ON s.id = g.station_id WHERE g.result = 'good' AND s.name <> 'b1' AND (g.job_id, g.copy_no) IN (SELECT job_id, copy_no FROM discs WHERE id IN ($KILLED))")" = "$KILLED_N"
check "no disc counted twice, none extra" \
	test "$(sql "SELECT count(*) FROM discs WHERE job_id = $JOB_B AND result IN ('extra', 'burning')")" = 0
check "station b1 is recorded as lost" \
	test "$(sql "SELECT state FROM stations WHERE name = 'b1'")" = lost
# each drive's good rows match its stack; a coaster of b1 may be whole on the
# disc (killed while verifying) but is not counted
drives_ok=1
while IFS='|' read -r name dev n; do
	base=${dev##*:} files=$(good_files "${dev##*:}")
	if [ "$name" = b1 ]; then [ "$files" -ge "$n" ] && [ "$files" -le $((n + KILLED_N)) ] || drives_ok=0
	else [ "$files" = "$n" ] || drives_ok=0; fi
	[ "$drives_ok" = 1 ] || echo "# $name $dev: $n good rows, $files good discs"
done < <(sql "SELECT s.name, dr.dev, count(d.id) FILTER (WHERE d.result = 'good') FROM drives dr JOIN stations s ON s.id = dr.station_id LEFT JOIN discs d ON d.drive_id = dr.id AND d.job_id = $JOB_B WHERE s.name LIKE 'b_' GROUP BY 1, 2")
check "each drive's good discs in the table match its stack" test "$drives_ok" = 1
check "a disc finished while the database was away was reported from the outbox" \
	grep -q "reported late" "$T/b2.err" "$T/b3.err"
check "the stations said the database went away and came back" \
	bash -c "grep -q 'database is away' '$T/b2.err' && grep -q 'database is back' '$T/b2.err'"
check "the other stations found b1 lost" grep -q "stopped answering" "$T/b2.err" "$T/b3.err"

# ---- C: another image at the job's path: refused before any drive is touched --
CISO=$T/c.iso
cp "$ISO" "$CISO"
run "$DISCBURN" --submit "$ADMIN" "$CISO" --copies 3
JOB_C=$(sql "SELECT max(id) FROM jobs")
make_iso "$CISO" 4 OTHER          # replaced after the job was submitted
timeout 120 "$DISCBURN" --station "@$STATION_DB" "dev=emu:dvd+r:log=$T/c.log:stack=3:$T/cdisc" --name c1 \
	--cache "$T/cache-c1" --lease 4 --until-idle --wait-disc 5 > "$T/c1.out" 2> "$T/c1.err"
RC=$?
cp "$T/c1.err" "$T/err"
expect_rc 12 "a station given another image than the job's refuses it"
check "it says why, naming both digests" \
	bash -c "grep -q 'refused before any drive was touched' '$T/c1.err' && grep -q '$(sha256sum < "$CISO" | cut -c1-64)' '$T/c1.err'"
check "the drive saw no WRITE (the command log)" \
	bash -c "! grep -q '^WRITE' '$T/c.log' 2>/dev/null"
check "the drive was not even opened: no command at all" bash -c "! test -s '$T/c.log'"
check "no disc of the stack was written" bash -c "! ls '$T'/cdisc.* >/dev/null 2>&1 || ! grep -q . '$T'/cdisc.1"
check "nothing of the wrong image is kept in the cache" bash -c "! ls '$T'/cache-c1/*.img >/dev/null 2>&1"
check "the job's copies are still owed" \
	test "$(sql "SELECT count(*) FROM copies WHERE job_id = $JOB_C AND state = 'owed'")" = 3
sql "UPDATE jobs SET state = 'cancelled' WHERE id = $JOB_C"

# ---- a drive that keeps failing is taken out, and the table says why --------
run "$DISCBURN" --submit "$ADMIN" "$ISO" --copies 2 --label faulty
JOB_F=$(sql "SELECT max(id) FROM jobs")
timeout 120 "$DISCBURN" --station "@$STATION_DB" "dev=emu:dvd+r:stack=6:fault=medium-error@1000:$T/f" --name f1 \
	--cache "$T/cache-f1" --lease 4 --until-idle --wait-disc 5 > "$T/f1.out" 2> "$T/f1.err"
RC=$?; cp "$T/f1.err" "$T/err"
expect_rc 14 "a station whose only drive keeps failing stops"
check "three coasters recorded with the drive's error, none good" \
	test "$(sql "SELECT count(*) FILTER (WHERE result = 'failed' AND reason = 'command-failed' AND sense = '3/0C/00') || ' ' || count(*) FILTER (WHERE result = 'good') FROM discs WHERE job_id = $JOB_F")" = "3 0"
check "the drive is out, with its reason" \
	test "$(sql "SELECT d.state || ' ' || d.reason FROM drives d JOIN stations s ON s.id = d.station_id WHERE s.name = 'f1'")" = "out command-failed"
check "the copies are owed again" \
	test "$(sql "SELECT count(*) FROM copies WHERE job_id = $JOB_F AND state = 'owed'")" = 2
check "the station said it took the drive out" grep -q "taken out after 3 failed discs in a row" "$T/f1.err"
run "$DISCBURN" --status "$ADMIN" --json
check "--status shows the drive out with 3 failures" python3 -c '
import json, sys
d = [e for e in map(json.loads, open(sys.argv[1])) if e["event"] == "drive" and e["station"] == "f1"]
sys.exit(0 if len(d) == 1 and d[0]["state"] == "out" and d[0]["failed"] == 3 and d[0]["reason"] == "command-failed" else 1)' "$T/out"
sql "UPDATE jobs SET state = 'cancelled' WHERE id = $JOB_F"

# ---- D: pause, resume, cancel, priorities; status; passwords ----------------
# a pause while a station burns: its disc is finished, nothing more is claimed
run "$DISCBURN" --submit "$ADMIN" "$ISO" --copies 4 --label paused-live
JOB_P=$(sql "SELECT max(id) FROM jobs")
"$DISCBURN" --station "@$STATION_DB" "dev=emu:dvd+r:speed=2:stack=6:$T/pl" --name pl1 \
	--cache "$T/cache-pl1" --lease 4 --until-idle --wait-disc 5 > "$T/pl1.out" 2> "$T/pl1.err" &
PL=$!; PIDS+=($PL)
for _ in $(seq 200); do
	[ "$(sql "SELECT count(*) FROM discs WHERE job_id = $JOB_P AND result = 'burning'")" = 1 ] && break
	sleep 0.1
done
run "$DISCBURN" --pause "$ADMIN" "$JOB_P"
expect_rc 0 "--pause a job while a station burns it"
wait_all 120 "$PL"
check "the station finished its disc and stopped (${RCS[*]})" test "${RCS[*]}" = 0
check "one good disc, three copies still owed, the job paused" \
	test "$(sql "SELECT good || ' ' || owed || ' ' || state FROM job_status WHERE id = $JOB_P")" = "1 3 paused"
run "$DISCBURN" --resume "$ADMIN" "$JOB_P"
run timeout 120 "$DISCBURN" --station "@$STATION_DB" "dev=emu:dvd+r:stack=6:$T/pl" --name pl1 \
	--cache "$T/cache-pl1" --lease 4 --until-idle --wait-disc 5
expect_rc 0 "resumed, the station burns the rest"
check "the job is done with four good discs" \
	test "$(sql "SELECT good || ' ' || state FROM job_status WHERE id = $JOB_P")" = "4 done"
check "four discs of that stack equal the image" test "$(good_files "$T/pl")" = 4

run "$DISCBURN" --submit "$ADMIN" "$ISO" --copies 1 --label low
JOB_LOW=$(sql "SELECT max(id) FROM jobs")
run "$DISCBURN" --submit "$ADMIN" "$ISO" --copies 1 --label high --priority 9
JOB_HIGH=$(sql "SELECT max(id) FROM jobs")
run "$DISCBURN" --pause "$ADMIN" "$JOB_LOW"
expect_rc 0 "--pause a job"
run "$DISCBURN" --pause "$ADMIN" "$JOB_LOW"
expect_rc 2 "--pause a paused job is refused"
run "$DISCBURN" --pause "$ADMIN" 999
expect_rc 2 "--pause a job that does not exist"
check "and says so" grep -q "no job 999" "$T/err"
timeout 120 "$DISCBURN" --station "@$STATION_DB" "dev=emu:dvd+r:stack=3:$T/d" --name d1 --cache "$T/cache-d1" \
	--lease 4 --until-idle --wait-disc 5 > "$T/d1.out" 2> "$T/d1.err"
check "a station burns the active job and leaves the paused one" \
	test "$(sql "SELECT (SELECT state FROM job_status WHERE id = $JOB_HIGH) || ' ' || (SELECT count(*) FROM discs WHERE job_id = $JOB_LOW)")" = "done 0"
run "$DISCBURN" --resume "$ADMIN" "$JOB_LOW"
expect_rc 0 "--resume it"
run "$DISCBURN" --set-priority "$ADMIN" "$JOB_LOW" 3
expect_rc 0 "--set-priority"
run "$DISCBURN" --submit "$ADMIN" "$ISO" --copies 1 --label top --priority 5
JOB_TOP=$(sql "SELECT max(id) FROM jobs")
timeout 120 "$DISCBURN" --station "@$STATION_DB" "dev=emu:dvd+r:stack=3:$T/e" --name e1 --cache "$T/cache-e1" \
	--lease 4 --until-idle --wait-disc 5 > "$T/e1.out" 2> "$T/e1.err"
check "the higher priority is burnt first" \
	test "$(sql "SELECT string_agg(job_id::text, ' ' ORDER BY id) FROM discs WHERE station_id = (SELECT max(id) FROM stations WHERE name = 'e1')")" = "$JOB_TOP $JOB_LOW"
(cd "$T" && "$DISCBURN" --submit "$ADMIN" image.iso --copies 2 > /dev/null 2>&1)
JOB_X=$(sql "SELECT max(id) FROM jobs")
check "a relative image path is recorded as the absolute path stations read" \
	test "$(sql "SELECT image FROM jobs WHERE id = $JOB_X")" = "$(realpath "$ISO")"
run "$DISCBURN" --cancel "$ADMIN" "$JOB_X"
expect_rc 0 "--cancel a job"
check "a cancelled job is recorded so" test "$(sql "SELECT state FROM job_status WHERE id = $JOB_X")" = cancelled
run "$DISCBURN" --cancel "$ADMIN" "$JOB_A"
expect_rc 2 "a finished job cannot be cancelled"
check "and says it is done" grep -q "is done" "$T/err"
run "$DISCBURN" --cancel "$ADMIN" "$JOB_X"
expect_rc 2 "cancelling it again is refused"
run "$DISCBURN" --submit "$ADMIN" "$ISO" --copies 1 --label spare
JOB_S=$(sql "SELECT max(id) FROM jobs")
run "$DISCBURN" --pause "@$STATION_DB" "$JOB_S"
expect_rc 18 "the stations' role cannot pause jobs"
run "$DISCBURN" --submit "@$STATION_DB" "$ISO" --copies 1
expect_rc 18 "nor submit them"

# a station whose role lacks a right stops with the database's reason
run "$DISCBURN" --submit "$ADMIN" "$ISO" --copies 1 --label rights
JOB_R=$(sql "SELECT max(id) FROM jobs")
sql "REVOKE INSERT ON discs FROM discburn_station"
run timeout 120 "$DISCBURN" --station "@$STATION_DB" "dev=emu:dvd+r:stack=2:$T/r" --name r1 \
	--cache "$T/cache-r1" --lease 4 --until-idle --wait-disc 5
expect_rc 18 "a station refused a claim by the database stops"
check "naming the claim and the reason" grep -q "refused to claim a copy: .*permission denied" "$T/err"
check "and wrote nothing" bash -c "! grep -q . '$T/r.1' 2>/dev/null"
sql "GRANT INSERT ON discs TO discburn_station"
sql "UPDATE jobs SET state = 'cancelled' WHERE id = $JOB_R"

run "$DISCBURN" --status "@$STATION_DB" --json
expect_rc 0 "--status --json as the stations' role"
check "--status --json: every event validates against the schema" events_valid "$T/out"
check "--status --json: jobs, stations, drives, who burnt what" python3 -c '
import json, sys
ev = [json.loads(l) for l in open(sys.argv[1])]
jobs = {e["job"]: e for e in ev if e["event"] == "job"}
a, b = jobs[int(sys.argv[2])], jobs[int(sys.argv[3])]
st = {e["name"]: e for e in ev if e["event"] == "station"}
drives = [e for e in ev if e["event"] == "drive"]
burnt = [e for e in ev if e["event"] == "burnt" and e["job"] == int(sys.argv[2])]
ok = (a["good"] == 12 and a["owed"] == 0 and a["state"] == "done" and a["failed"] == 0
      and b["good"] == 12 and b["failed"] >= 1 and st["b1"]["state"] == "lost"
      and st["a1"]["state"] == "stopped" and sum(e["good"] for e in burnt) == 12
      and len(drives) >= 12 and ev[-1]["event"] == "status")
sys.exit(0 if ok else 1)' "$T/out" "$JOB_A" "$JOB_B"
run "$DISCBURN" --status "@$STATION_DB"
check "--status in text lists the jobs and the lost station" \
	bash -c "grep -q '^ *$JOB_A  done' '$T/out' && grep -q '^b1 .* lost' '$T/out'"
check "--status names the database without the password" \
	bash -c "grep -q 'user=discburn_station' '$T/out' && ! grep -q -- '$PW' '$T/out'"

# a password on the command line: hidden from ps at once, never printed
"$DISCBURN" --station "host=$SOCK port=$PORT dbname=burn user=discburn_station password=$PW" \
	"dev=emu:dvd+r:stack=1:$T/p" --name p1 --cache "$T/cache-p1" --lease 4 > "$T/p1.out" 2> "$T/p1.err" &
P1=$!; PIDS+=($P1)
for _ in $(seq 100); do grep -q registered "$T/p1.err" && break; sleep 0.1; done
check "the password no longer shows in the station's command line" \
	bash -c "tr '\\0' ' ' < /proc/$P1/cmdline | grep -q 'user=discburn_station' && ! tr '\\0' ' ' < /proc/$P1/cmdline | grep -q -- '$PW'"
check "and the station warned about it" grep -q "password was given on the command line" "$T/p1.err"
kill -TERM "$P1"; wait "$P1" 2>/dev/null
check "no station printed the password" bash -c "! grep -q -- '$PW' '$T'/*.err '$T'/*.out"
# libpq's own environment and password file ("-")
printf '*:*:burn:discburn_station:%s\n' "$PW" > "$T/pgpass"; chmod 600 "$T/pgpass"
PGHOST=$SOCK PGPORT=$PORT PGDATABASE=burn PGUSER=discburn_station PGPASSFILE=$T/pgpass \
	run "$DISCBURN" --status -
expect_rc 0 "DB - takes libpq's environment and password file"
check "and names the database as libpq's defaults" grep -q '^Database (libpq defaults)' "$T/out"
run "$DISCBURN" --status "host=$SOCK port=$PORT dbname=burn user=discburn_station password=wrong-$PW"
expect_rc 18 "a wrong password: the database cannot be reached"
check "the message does not repeat the password" bash -c "grep -q 'cannot connect' '$T/err' && ! grep -q -- 'wrong-' '$T/err'"

finish
