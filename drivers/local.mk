# drivers/local.mk — build fragment included by Makefile.am
# The pass-through backends (drivers/transport.h contract). libcdio and
# libiscsi are portable; the SG_IO backend is Linux only.
libdiscburn_a_SOURCES += drivers/transport.h drivers/cdio.c drivers/iscsi.c

if LINUX
libdiscburn_a_SOURCES += drivers/linux-sg.h drivers/linux-sg.c

# The SG_IO seam: ioctl() is wrapped at link time so the test sees the
# sg_io_hdr the backend builds and decides what the "kernel" answers.
check_PROGRAMS += tests/test_linux_sg
TESTS += tests/test_linux_sg
tests_test_linux_sg_SOURCES = tests/test_linux_sg.c
tests_test_linux_sg_CFLAGS = $(DB_TEST_CFLAGS)
tests_test_linux_sg_LDFLAGS = -Wl,--wrap=ioctl
tests_test_linux_sg_LDADD = $(DB_TEST_LIBS)
endif

# A transport exerciser used by the tgt and QEMU rigs: opens a device through
# one backend and sends INQUIRY / GET CONFIGURATION / READ DISC INFORMATION.
check_PROGRAMS += tests/rig/db-probe
tests_rig_db_probe_SOURCES = tests/rig/db-probe.c
tests_rig_db_probe_LDADD = $(DISCBURN_LIBS)

# Shell tests against third-party peers: tgt's MMC target over iSCSI, and a
# real Linux kernel in QEMU (tests/rig/).
TESTS += tests/tgt-iscsi.sh tests/qemu-sg.sh
EXTRA_DIST += tests/tgt-iscsi.sh tests/qemu-sg.sh tests/rig/lib.sh \
	tests/rig/fetch-kernel tests/rig/build-initramfs tests/rig/run-guest \
	tests/rig/guest-test.sh
