/* SPDX-License-Identifier: GPL-3.0-or-later */
/* linux-sg.h — the Linux SG_IO backend and the helpers its tests reach.
 *
 * linux_sg_transport (drivers/transport.h contract) talks to /dev/sr*, /dev/sg*
 * and anything else that resolves to a SCSI block or char node, through the
 * SG_IO ioctl. Discovery is libudev with a plain sysfs walk as fallback.
 *
 * Where the backend looks: sysfs under $DISCBURN_SYSFS_ROOT (default "/sys"),
 * procfs under $DISCBURN_PROC_ROOT (default "/proc"); tests point them at a
 * fake tree. Device nodes it names are always "/dev/<name>".
 */
#ifndef DISCBURN_LINUX_SG_H
#define DISCBURN_LINUX_SG_H

#include <stddef.h>
#include "transport.h"

extern const struct transport_ops linux_sg_transport;

/* Default command timeout when scsi_cmd.timeout_ms is 0: long enough for a
 * drive spinning up a disc or calibrating power, short enough to notice a
 * hung bus (Linux sr uses the same order of magnitude). */
#define LINUX_SG_TIMEOUT_MS 30000

/* cdrecord's "b,t,l" or "ATA:b,t,l" (bus = SCSI host number, target, lun).
 * Returns 1 when spec has that shape and fills *bus, *target, *lun; 0 when
 * it does not. Pure: no I/O. */
int linux_sg_parse_btl(const char *spec, int *bus, int *target, int *lun);

/* Map a b,t,l spec to a device node through sysfs: the scsi_generic device
 * whose h:c:t:l has h == bus, t == target, l == lun; its block child
 * (/dev/srN) when it has one, else /dev/sgN. Returns 0 with node filled,
 * -EINVAL when spec is not b,t,l, -ENOENT when nothing matches,
 * -ENAMETOOLONG when node is too small. */
int linux_sg_resolve_btl(const char *spec, char *node, size_t nodelen);

/* Map the outcome of one SG_IO call to the transport contract: ioctl_rc and
 * err are the ioctl's return value and errno; host, driver, status come
 * from the sg_io_hdr. Returns 0 when the device answered (any SCSI status)
 * or -errno (-ETIMEDOUT, -ENODEV, -EBUSY, -EIO...). Pure. */
int linux_sg_map_result(int ioctl_rc, int err, unsigned host, unsigned driver);

/* Write into why one sentence explaining why opening node failed with
 * errno err, naming the fix: for EACCES the node's owner, group and mode;
 * for EBUSY the mount point holding it (from mountinfo) and a process that
 * has it open (from /proc/PID/fd); for ENOENT a pointer to --devices. */
void linux_sg_explain_open(const char *node, int err, char *why, size_t whylen);

#endif
