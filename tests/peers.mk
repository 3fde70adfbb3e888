# SPDX-License-Identifier: GPL-3.0-or-later
# tests/peers.mk — third-party burners (wodim, cdrskin, growisofs) onto the
# emulator through an LD_PRELOAD front (issue 7; doc/peers.md has the matrix).
#
# The front is a plain shared object built by an explicit rule (the build has
# no libtool). It embeds the same emulator sources as libdiscburn.a, so a
# change that breaks a peer breaks make check. It is loaded into uninstrumented
# third-party programs, so it is built WITHOUT the user's CFLAGS: a sanitizer
# runtime cannot be preloaded behind a program that lacks it.
PEERS_PRELOAD_SRC = \
	$(top_srcdir)/tests/peers/emu-preload.c $(top_srcdir)/tests/peers/emu-preload-cdrom.c \
	$(top_srcdir)/drivers/emu/emu.c $(top_srcdir)/drivers/emu/emu_fault.c \
	$(top_srcdir)/drivers/emu/emu_state.c $(top_srcdir)/drivers/emu/emu_media.c \
	$(top_srcdir)/drivers/emu/emu_config.c $(top_srcdir)/drivers/emu/emu_info.c \
	$(top_srcdir)/drivers/emu/emu_struct.c $(top_srcdir)/drivers/emu/emu_read.c \
	$(top_srcdir)/drivers/emu/emu_write.c $(top_srcdir)/drivers/emu/emu_close.c \
	$(top_srcdir)/drivers/emu/cd.c $(top_srcdir)/drivers/emu/cd_sub.c \
	$(top_srcdir)/drivers/emu/cd_files.c $(top_srcdir)/drivers/emu/cd_write.c \
	$(top_srcdir)/drivers/emu/cd_cue.c $(top_srcdir)/drivers/emu/cd_raw.c \
	$(top_srcdir)/drivers/emu/cd_toc.c
PEERS_PRELOAD_HDR = \
	$(top_srcdir)/tests/peers/emu-preload.h $(top_srcdir)/drivers/emu/emu.h $(top_srcdir)/drivers/emu/emu_int.h \
	$(top_srcdir)/drivers/transport.h $(top_srcdir)/src/base/bytes.h

check_SCRIPTS += tests/peers/emu-preload.so
CLEANFILES = tests/peers/emu-preload.so

tests/peers/emu-preload.so: $(PEERS_PRELOAD_SRC) $(PEERS_PRELOAD_HDR)
	@$(MKDIR_P) tests/peers
	$(AM_V_CCLD)$(CC) -shared -fPIC -O2 -g $(WARN_CFLAGS) -pthread \
		-I$(top_srcdir)/src -I$(top_srcdir)/drivers -I$(top_srcdir)/drivers/emu \
		-o $@ $(PEERS_PRELOAD_SRC) -ldl

PEERS_TESTS = tests/peers/wodim.sh tests/peers/cdrskin.sh tests/peers/growisofs.sh \
	tests/peers/info.sh tests/peers/audio.sh tests/peers/cdrom.sh tests/peers/readom.sh \
	tests/peers/bincue.sh tests/peers/cdburn.sh tests/peers/wodim-info.sh
TESTS += $(PEERS_TESTS)
EXTRA_DIST += $(PEERS_TESTS) tests/peers/lib.sh tests/peers/emu-preload.c \
	tests/peers/emu-preload-cdrom.c tests/peers/emu-preload.h tests/peers/fixtures
