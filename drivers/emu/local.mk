# SPDX-License-Identifier: GPL-3.0-or-later
# drivers/emu/local.mk — the recorder emulator (backend "emu") and its tests.
libdiscburn_a_SOURCES += \
	drivers/emu/emu.h drivers/emu/emu_int.h \
	drivers/emu/emu.c drivers/emu/emu_fault.c drivers/emu/emu_state.c \
	drivers/emu/emu_media.c drivers/emu/emu_config.c drivers/emu/emu_info.c \
	drivers/emu/emu_struct.c drivers/emu/emu_read.c drivers/emu/emu_write.c \
	drivers/emu/emu_close.c drivers/emu/cd.c drivers/emu/cd_sub.c \
	drivers/emu/cd_files.c drivers/emu/cd_write.c drivers/emu/cd_cue.c drivers/emu/cd_raw.c \
	drivers/emu/cd_toc.c

if HAVE_CMOCKA
check_PROGRAMS += tests/test_emu
TESTS += tests/test_emu
tests_test_emu_SOURCES = tests/test_emu.c
tests_test_emu_CFLAGS = $(DB_TEST_CFLAGS)
tests_test_emu_LDADD = $(DB_TEST_LIBS)
endif
