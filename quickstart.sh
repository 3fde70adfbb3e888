#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Set discburn up on a fresh Debian machine and burn a sample image to the
# emulated recorder (no optical drive needed). Run as root, or with sudo
# available for the package installation.
set -e
cd "$(dirname "$0")"
pkgs=$(grep -vE '^[[:space:]]*(#|$)' .ci/packages)
SUDO=
[ "$(id -u)" = 0 ] || SUDO=sudo
# shellcheck disable=SC2086
$SUDO apt-get update -qq
# shellcheck disable=SC2086
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $pkgs >/dev/null
./autogen.sh >/dev/null
./configure -q
make -j"$(nproc)" >/dev/null

mkdir -p sample
rm -f sample/disc.img sample/disc.img.state
genisoimage -quiet -R -J -V DISCBURN_SAMPLE -o sample/sample.iso README.md doc
echo "== burning sample/sample.iso to an emulated blank DVD+R (sample/disc.img)"
./discburn -v dev=emu:dvd+r:sample/disc.img --verify sample/sample.iso
echo "== what the drive now reports"
./discburn dev=emu:sample/disc.img -minfo
echo "== the disc as a reader sees it"
cmp -n "$(stat -c %s sample/sample.iso)" sample/sample.iso sample/disc.img && echo "disc equals the image"
isoinfo -d -i sample/disc.img | grep -E 'Volume id|Volume size'
