# SPDX-License-Identifier: GPL-3.0-or-later
# drivers/local.mk — build fragment included by Makefile.am
# The pass-through backends (drivers/transport.h contract). Each optional
# one is built only when configure found its library (--with-X / --without-X);
# src/drive/device.c registers only what was built. The SG_IO backend is
# Linux only.
libdiscburn_a_SOURCES += drivers/transport.h
if HAVE_CDIO
libdiscburn_a_SOURCES += drivers/cdio.c
endif
if HAVE_ISCSI
libdiscburn_a_SOURCES += drivers/iscsi.c
endif
if HAVE_SGPT
libdiscburn_a_SOURCES += drivers/sgpt.c
# libsgutils2 faked at link time: the test decides what sg_pt answers
if HAVE_CMOCKA
check_PROGRAMS += tests/test_sgpt
TESTS += tests/test_sgpt
endif
endif
tests_test_sgpt_SOURCES = tests/test_sgpt.c
tests_test_sgpt_CFLAGS = $(DB_TEST_CFLAGS)
tests_test_sgpt_LDADD = $(DB_TEST_LIBS)
tests_test_sgpt_LDFLAGS = -Wl,--wrap=scsi_pt_open_flags -Wl,--wrap=scsi_pt_close_device \
	-Wl,--wrap=construct_scsi_pt_obj_with_fd -Wl,--wrap=destruct_scsi_pt_obj \
	-Wl,--wrap=clear_scsi_pt_obj -Wl,--wrap=set_scsi_pt_cdb -Wl,--wrap=set_scsi_pt_sense \
	-Wl,--wrap=set_scsi_pt_data_in -Wl,--wrap=set_scsi_pt_data_out -Wl,--wrap=do_scsi_pt \
	-Wl,--wrap=get_scsi_pt_result_category -Wl,--wrap=get_scsi_pt_status_response \
	-Wl,--wrap=get_scsi_pt_sense_len -Wl,--wrap=get_scsi_pt_resid \
	-Wl,--wrap=get_scsi_pt_os_err -Wl,--wrap=get_scsi_pt_transport_err

if LINUX
libdiscburn_a_SOURCES += drivers/linux-sg.h drivers/linux-sg.c

# The SG_IO seam: ioctl() is wrapped at link time so the test sees the
# sg_io_hdr the backend builds and decides what the "kernel" answers.
if HAVE_CMOCKA
check_PROGRAMS += tests/test_linux_sg
TESTS += tests/test_linux_sg
endif
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
