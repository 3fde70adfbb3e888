/* cd_raw.c — RAW writing (page 05 write type 3, MMC-5 4.2.3.6): the host
 * sends the lead-in, the program area and the lead-out with the P-W
 * sub-channel it generated. */
#include "emu_int.h"

int emu_raw_write(struct emu *e, int32_t lba, uint32_t n)
{
	(void)lba;
	(void)n;
	return emu_sense(e, 0x05, 0x64, 0x00);
}
