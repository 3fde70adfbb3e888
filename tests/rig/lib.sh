# SPDX-License-Identifier: GPL-3.0-or-later
# tests/rig/lib.sh — a loopback tgt target for the shell tests (sourced).
#
# tgt (the Linux SCSI target framework) emulates an MMC recorder: a LUN of
# --device-type cd whose backing file is empty is a blank DVD+R (profile
# 0x001B, 2,295,104 blocks). We run our own tgtd on 127.0.0.1, on a port and
# control index no other test uses, and stop it by its PID.
#
# tgt_start DIR IQN      start tgtd, create target IQN (tid 1); sets TGT_PORT,
#                        TGT_CTL, TGT_PID, TGT_IQN, TGT_URL (iscsi://127.0.0.1:PORT/IQN)
# tgt_lun_cd LUN FILE MODEL   a blank DVD+R LUN backed by FILE (truncated)
# tgt_lun_disk LUN FILE       a disk LUN backed by FILE (left as it is)
# tgt_bind [INITIATOR-NAME]   allow all initiators, or only that name
# tgt_stop               stop tgtd (safe to call twice; call it from a trap)

: "${TGTD:=tgtd}"
: "${TGTADM:=tgtadm}"
TGT_PID=

# port_listening PORT: something listens on PORT (IPv4 or IPv6)
port_listening() {
	local hex
	hex=$(printf ':%04X ' "$1")
	cat /proc/net/tcp /proc/net/tcp6 2>/dev/null | awk -v h="$hex" \
		'$4 == "0A" && index($2 " ", h) { f = 1 } END { exit !f }'
}

tgt_adm() {
	"$TGTADM" -C "$TGT_CTL" --lld iscsi "$@"
}

tgt_start() {
	local dir=$1 tries=0 port i
	TGT_IQN=$2
	command -v "$TGTD" >/dev/null || { echo "tgt_start: $TGTD not installed (Debian: tgt)" >&2; return 1; }
	[ "$(id -u)" = 0 ] || { echo "tgt_start: tgtd needs root" >&2; return 1; }
	# Start from a port derived from our PID so parallel tests rarely meet;
	# never the standard 3260.
	port=$((3261 + ($$ % 2000)))
	while [ $tries -lt 20 ]; do
		tries=$((tries + 1))
		port=$((port + 1))
		port_listening "$port" && continue
		TGT_CTL=$port
		"$TGTD" -f -C "$TGT_CTL" --iscsi "portal=127.0.0.1:$port" > "$dir/tgtd.$port.log" 2>&1 &
		TGT_PID=$!
		for i in $(seq 1 100); do
			kill -0 "$TGT_PID" 2>/dev/null || break
			if "$TGTADM" -C "$TGT_CTL" --op show --mode target >/dev/null 2>&1 &&
			   port_listening "$port"; then
				TGT_PORT=$port
				TGT_URL=iscsi://127.0.0.1:$TGT_PORT/$TGT_IQN
				tgt_adm --mode target --op new --tid 1 -T "$TGT_IQN" || return 1
				return 0
			fi
			sleep 0.05
		done
		tgt_stop
	done
	echo "tgt_start: could not start tgtd (see $dir/tgtd.*.log)" >&2
	return 1
}

tgt_stop() {
	local i
	[ -n "$TGT_PID" ] || return 0
	if kill -0 "$TGT_PID" 2>/dev/null; then
		kill "$TGT_PID" 2>/dev/null
		for i in $(seq 1 40); do
			kill -0 "$TGT_PID" 2>/dev/null || break
			sleep 0.05
		done
		kill -0 "$TGT_PID" 2>/dev/null && kill -9 "$TGT_PID" 2>/dev/null
	fi
	wait "$TGT_PID" 2>/dev/null
	TGT_PID=
}

tgt_lun_cd() {
	local lun=$1 file=$2 model=$3
	: > "$file"
	tgt_adm --mode logicalunit --op new --tid 1 --lun "$lun" --device-type cd \
		--backing-store "$(realpath "$file")" &&
	tgt_adm --mode logicalunit --op update --tid 1 --lun "$lun" \
		--params "vendor_id=DISCBURN,product_id=$model,product_rev=0001,removable=1"
}

tgt_lun_disk() {
	local lun=$1 file=$2
	tgt_adm --mode logicalunit --op new --tid 1 --lun "$lun" --device-type disk \
		--backing-store "$(realpath "$file")"
}

tgt_bind() {
	if [ $# -gt 0 ]; then
		tgt_adm --mode target --op bind --tid 1 --initiator-name "$1"
	else
		tgt_adm --mode target --op bind --tid 1 -I ALL
	fi
}
