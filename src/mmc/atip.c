/* SPDX-License-Identifier: GPL-3.0-or-later */
/* atip.c — what a CD-R/RW's ATIP says of its maker and its dye.
 *
 * The start of the lead-in, 97:SS:FF, is the disc manufacturer's code in
 * the Orange Book registry: the seconds and the tens of the frame name the
 * manufacturer, the last digit of the frame the dye (below 5 a long
 * strategy dye such as cyanine or azo, from 5 a short strategy one such as
 * phthalocyanine). Codes in the 40s are the same manufacturers' codes for
 * rewritable and later discs. The list below holds the registry's
 * permanent and tentative assignments as cdrecord and libburn also carry
 * them; a code not in it is reported as not listed, never guessed.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "mmc/mmc.h"

/* Each manufacturer once, with its codes as "SS:F" (seconds, tens of the
 * frame) under minute 97. */
static const struct {
	const char *codes;
	const char *name;
} makers[] = {
	{ "15:0 32:0 49:0", "TDK Corporation" },
	{ "15:1 31:0 47:5", "Ritek Co." },
	{ "15:2 34:2 50:2", "Mitsubishi Chemical Corporation" },
	{ "16:3 31:3 51:1", "Grand Advance Technology Ltd." },
	{ "18:1", "Wealth Fair Investment Limited" },
	{ "18:6", "Taroko International Co., Ltd." },
	{ "21:3", "Bestdisc Technology Corporation" },
	{ "21:4", "Optical Disc Manufacturing Equipment" },
	{ "21:5", "Sound Sound Multi-Media Development Limited" },
	{ "22:0", "Woongjin Media Corp." },
	{ "22:1", "Seantram Technology Inc." },
	{ "22:3", "Eximpo" },
	{ "22:4 45:4", "CIS Technology Inc." },
	{ "22:5 46:1", "Hong Kong Digital Technology Co., Ltd." },
	{ "22:6 45:2", "Acer Media Technology, Inc." },
	{ "23:0 49:6", "Matsushita Electric Industrial Co., Ltd." },
	{ "23:1", "Doremi Media Co., Ltd." },
	{ "23:2", "Nacar Media srl" },
	{ "23:3", "Audio Distributors Co., Ltd." },
	{ "23:4 49:4", "Victor Company of Japan, Limited" },
	{ "23:5", "Optrom Inc." },
	{ "23:6", "Customer Pressing Oosterhout" },
	{ "24:0 46:0", "Taiyo Yuden Company Limited" },
	{ "24:1", "Sony Corporation" },
	{ "24:2 46:3", "Computer Support Italy s.r.l." },
	{ "24:3", "Unitech Japan Inc." },
	{ "24:4", "kdg mediatech AG" },
	{ "24:5 45:5", "Guann Yinn Co., Ltd." },
	{ "25:0", "MPO" },
	{ "25:2 47:1", "Hitachi Maxell, Ltd." },
	{ "25:3 51:2", "Infodisc Technology Co., Ltd." },
	{ "25:4", "Vivastar AG" },
	{ "25:5", "AMS Technology Inc." },
	{ "25:6 45:6", "Xcitec Inc." },
	{ "26:0 45:0", "Fornet International Pte Ltd." },
	{ "26:1 47:4", "POSTECH Corporation" },
	{ "26:2", "SKC Co., Ltd." },
	{ "26:3", "Optical Disc Corporation" },
	{ "26:4 46:4", "FUJI Photo Film Co., Ltd." },
	{ "26:5 48:6", "Lead Data Inc." },
	{ "26:6 46:6", "CMC Magnetics Corporation" },
	{ "27:0 48:4", "Digital Storage Technology Co., Ltd." },
	{ "27:1 48:2", "Plasmon Data Systems Ltd." },
	{ "27:2 47:2", "Princo Corporation" },
	{ "27:3 48:3", "Pioneer Video Corporation" },
	{ "27:4 48:1", "Kodak Japan Limited" },
	{ "27:5 48:5", "Mitsui Chemicals, Inc." },
	{ "27:6 48:0", "Ricoh Company Limited" },
	{ "28:0 49:3", "Opti.Me.S. S.p.A." },
	{ "28:1 49:1", "Gigastorage Corporation" },
	{ "28:2 46:2", "Multi Media Masters & Machinery SA" },
	{ "28:3 46:5", "Auvistar Industry Co., Ltd." },
	{ "28:4 49:2", "King Pro Mediatek Inc." },
	{ "28:5", "Delphi Technology Inc." },
	{ "28:6", "Friendly CD-Tek Co." },
	{ "29:0", "Taeil Media Co., Ltd." },
	{ "29:1 50:1", "Vanguard Disc Inc." },
	{ "29:2", "Unidisc Technology Co., Ltd." },
	{ "29:3 51:5", "Hile Optical Disc Technology Corp." },
	{ "29:4", "Viva Magnetics Limited" },
	{ "29:5", "General Magnetics Ltd." },
	{ "30:1 50:3", "CDA Datenträger Albrechts GmbH." },
	{ "32:1 47:6", "Prodisc Technology Inc." },
};

const char *mmc_atip_manufacturer(uint8_t m, uint8_t s, uint8_t f)
{
	if (m != 97 || s > 59 || f > 74)
		return NULL;
	char code[8];
	snprintf(code, sizeof(code), "%02u:%u", s, f / 10);
	size_t n = strlen(code);
	for (size_t i = 0; i < sizeof(makers) / sizeof(makers[0]); i++)
		for (const char *p = strstr(makers[i].codes, code); p; p = strstr(p + 1, code))
			if ((p == makers[i].codes || p[-1] == ' ') && (p[n] == ' ' || !p[n]))
				return makers[i].name;
	return NULL;
}

bool mmc_atip_long_strategy(uint8_t f)
{
	return f % 10 < 5;
}
