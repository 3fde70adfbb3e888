# SPDX-License-Identifier: GPL-3.0-or-later
# tests/local.mk — end-to-end tests of the discburn binary (shell, exit codes).
TESTS += tests/burn-emu.sh tests/rw-emu.sh tests/dup-emu.sh tests/underrun-emu.sh tests/faults-emu.sh \
	tests/engine-emu.sh tests/types-emu.sh tests/licence.sh tests/read-emu.sh tests/copy-emu.sh \
	tests/copy-cd-emu.sh tests/cd-emu.sh tests/report-emu.sh \
	tests/nothing-lost-emu.sh tests/hostile-emu.sh tests/signals-emu.sh tests/journal-emu.sh \
	tests/fault-matrix.sh tests/crash-emu.sh tests/frontend-replay.sh tests/output-emu.sh
EXTRA_DIST += tests/lib.sh tests/skip.sh tests/burn-emu.sh tests/rw-emu.sh tests/dup-emu.sh tests/underrun-emu.sh tests/faults-emu.sh \
	tests/engine-emu.sh tests/types-emu.sh tests/licence.sh tests/read-emu.sh tests/copy-emu.sh \
	tests/copy-cd-emu.sh tests/cd-emu.sh tests/report-emu.sh tests/pngcheck.py \
	tests/nothing-lost-emu.sh tests/hostile-emu.sh tests/signals-emu.sh tests/journal-emu.sh \
	tests/fault-matrix.sh tests/crash-emu.sh tests/frontend-replay.sh tests/output-emu.sh

# the emulator against tgt, field by field
check_PROGRAMS += tests/fidelity
tests_fidelity_SOURCES = tests/fidelity.c
tests_fidelity_LDADD = $(DISCBURN_LIBS)
TESTS += tests/fidelity-tgt.sh tests/tgt-dup.sh
EXTRA_DIST += tests/fidelity-tgt.sh tests/tgt-dup.sh

# the bash completion, under bash-completion's own helpers
TESTS += tests/completion.sh
EXTRA_DIST += tests/completion.sh contrib/bash-completion/discburn

# raw CD sectors made by the emulator's encoder, for the CD burn tests
check_PROGRAMS += tests/cdbin
tests_cdbin_SOURCES = tests/cdbin.c
tests_cdbin_CFLAGS = $(AM_CFLAGS) -I$(top_srcdir)/drivers/emu
tests_cdbin_LDADD = $(DISCBURN_LIBS)

# the hostile-drive fuzzer (run by tests/fuzz/run.sh, not by make check)
EXTRA_DIST += tests/fuzz/fuzz_drive.c tests/fuzz/drive.dict

# what is said when things go wrong, the NDJSON events against their schema, and
# later sessions on overwritable media
TESTS += tests/messages-emu.sh tests/json-emu.sh tests/multisession-emu.sh
EXTRA_DIST += tests/messages-emu.sh tests/json-emu.sh tests/multisession-emu.sh

# the cdrecord/wodim compatibility contract, row by row (doc/cdrecord-compat.md)
TESTS += tests/compat-options.sh
EXTRA_DIST += tests/compat-options.sh
