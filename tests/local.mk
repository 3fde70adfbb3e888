# tests/local.mk — end-to-end tests of the discburn binary (shell, exit codes).
TESTS += tests/burn-emu.sh tests/rw-emu.sh tests/dup-emu.sh tests/underrun-emu.sh
EXTRA_DIST += tests/lib.sh tests/burn-emu.sh tests/rw-emu.sh tests/dup-emu.sh tests/underrun-emu.sh
