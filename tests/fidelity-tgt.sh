#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Emulator fidelity: a blank DVD+R in the emulator and tgt's blank DVD+R LUN
# (over iSCSI on loopback) must answer INQUIRY, GET CONFIGURATION, READ DISC
# INFORMATION, READ TRACK INFORMATION, READ CAPACITY and READ BUFFER CAPACITY
# alike, field by field, wherever tgt implements the field (tests/fidelity.c;
# the known differences are printed and listed in doc/emulator.md).
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"
. "$top_srcdir/tests/rig/lib.sh"
need_root "tgt's iSCSI target (tgtd)"
need_tools tgtd:tgt tgtadm:tgt
need_backend iscsi iscsi
trap 'tgt_stop; rm -rf "$T"' EXIT

tgt_start "$T" iqn.2024-01.org.discburn:fidelity || exit 1
tgt_lun_cd 1 "$T/tgt.img" FIDELITY || exit 1
tgt_bind || exit 1
"${top_builddir:-.}/tests/fidelity" "emu:dvd+r:$T/emu.img" "$TGT_URL/1"
