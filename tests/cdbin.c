/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cdbin.c — raw 2352-byte CD sectors for the tests, made by the emulator's
 * ECMA-130 encoder (drivers/emu/cd.c), not discburn's own (src/mmc):
 *
 *   cdbin mode1|form1|form2|mixed LBA < user-data > image.bin
 *
 * reads user data (2048 bytes a sector for mode 1 and form 1, 2324 for
 * form 2; mixed alternates form 1 and form 2, taking 2048 or 2324) and
 * writes each sector whole, its header addressed from LBA on. The last
 * sector is completed with zeros. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "emu_int.h"

int main(int argc, char **argv)
{
	if (argc != 3) {
		fprintf(stderr, "usage: cdbin mode1|form1|form2|mixed LBA < data > bin\n");
		return 2;
	}
	const char *kind = argv[1];
	int32_t lba = (int32_t)strtol(argv[2], NULL, 10);
	static const uint8_t sh1[4] = { 0, 0, 0x08, 0 }, sh2[4] = { 0, 0, 0x20, 0 };
	for (unsigned i = 0;; i++, lba++) {
		bool form2 = !strcmp(kind, "form2") || (!strcmp(kind, "mixed") && i % 2);
		size_t want = form2 ? 2324 : 2048;
		uint8_t user[2324] = { 0 }, raw[2352];
		size_t got = fread(user, 1, want, stdin);
		if (got == 0)
			break;
		if (!strcmp(kind, "mode1"))
			emu_cd_mode1(raw, lba, user);
		else
			emu_cd_xa(raw, lba, form2 ? sh2 : sh1, user);
		if (fwrite(raw, 1, sizeof(raw), stdout) != sizeof(raw))
			return 1;
		if (got < want)
			break;
	}
	return 0;
}
