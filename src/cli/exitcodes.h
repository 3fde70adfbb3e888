/* SPDX-License-Identifier: GPL-3.0-or-later */
/* exitcodes.h — what discburn's exit status means. Documented in README.md
 * and doc/discburn.1; scripts depend on these numbers, so never renumber. */
#ifndef DISCBURN_EXITCODES_H
#define DISCBURN_EXITCODES_H

enum exit_code {
	EXIT_OK            = 0,
	EXIT_FAILURE_OTHER = 1,  /* an internal error not listed below */
	EXIT_USAGE         = 2,  /* bad option or argument; nothing was opened */
	EXIT_NO_DEVICE     = 3,  /* the device does not exist or cannot be opened */
	EXIT_PERMISSION    = 4,  /* permission denied, or the drive is busy / mounted */
	EXIT_NOT_RECORDER  = 5,  /* safety: the device is not an MMC recorder */
	EXIT_MEDIA         = 6,  /* no disc, disc not blank/appendable, or it cannot
				    do what was asked (e.g. -dummy on DVD+R) */
	EXIT_NO_FIT        = 7,  /* the image does not fit on the disc */
	EXIT_IMAGE         = 8,  /* image missing, unreadable, truncated, not an image */
	EXIT_PREWRITE      = 9,  /* failed before the first WRITE: the disc is untouched */
	EXIT_WRITE         = 10, /* failed while writing or closing: the disc is spoilt
				    (write-once) or must be blanked/overwritten */
	EXIT_VERIFY        = 11, /* read-back differs from the image */
	EXIT_CHECKSUM      = 12, /* the image's SHA-256 differs from the expected one */
	EXIT_INTERRUPTED   = 13, /* stopped by a signal (Ctrl-C) */
	EXIT_BATCH_PARTIAL = 14, /* duplication: some copies failed (see the journal) */
	EXIT_BLANK         = 15, /* blank or format failed */
	EXIT_HAS_DATA      = 16, /* the disc holds data; not destroyed without -force
				    or blank= */
	EXIT_DRIVE_CANNOT  = 17, /* the drive lacks what was asked (blanking, SAO...) */
	EXIT_DATABASE      = 18, /* stations: the job database cannot be reached, or
				    refused what was asked */
	EXIT_UNREADABLE    = 19, /* reading a disc: sectors stayed unreadable (the map
				    lists them; running the same command again
				    retries only those) */
};

#endif
