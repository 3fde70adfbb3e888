/* SPDX-License-Identifier: GPL-3.0-or-later */
/* emu_fault.c — fault injection: the fault=SPEC option and the lookups
 * the command handlers make. */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "emu_int.h"

struct emu_fault *emu_fault_in(struct emu *e, enum emu_fault_kind k, int64_t lba, uint32_t n)
{
	for (unsigned i = 0; i < e->nfaults; i++) {
		struct emu_fault *f = &e->faults[i];
		if (f->kind != k || f->used)
			continue;
		if ((int64_t)f->arg >= lba && (int64_t)f->arg < lba + (int64_t)n)
			return f;
	}
	return NULL;
}

struct emu_fault *emu_fault_counter(struct emu *e, enum emu_fault_kind k)
{
	for (unsigned i = 0; i < e->nfaults; i++)
		if (e->faults[i].kind == k && !e->faults[i].used && e->faults[i].arg > 0)
			return &e->faults[i];
	return NULL;
}

struct emu_fault *emu_fault_flag(struct emu *e, enum emu_fault_kind k)
{
	for (unsigned i = 0; i < e->nfaults; i++)
		if (e->faults[i].kind == k && !e->faults[i].used)
			return &e->faults[i];
	return NULL;
}

struct emu_fault *emu_fault_op(struct emu *e, enum emu_fault_kind k, uint8_t op)
{
	for (unsigned i = 0; i < e->nfaults; i++)
		if (e->faults[i].kind == k && e->faults[i].arg == op)
			return &e->faults[i];
	return NULL;
}

static const struct {
	const char *name;
	enum emu_fault_kind kind;
	int arg;        /* 0 none, 1 decimal number, 2 hex opcode, 3 LBA[,N],
			 * 4 hex opcode+BYTE */
	uint32_t dflt;  /* the N of 3 when none is given */
} fault_names[] = {
	{ "medium-error",   FAULT_MEDIUM_ERROR,   1, 0 },
	{ "corrupt",        FAULT_CORRUPT,        1, 0 },
	{ "read-error",     FAULT_READ_ERROR,     1, 0 },
	{ "not-ready",      FAULT_NOT_READY,      1, 0 },
	{ "lwip",           FAULT_LWIP,           1, 0 },
	{ "unit-attention", FAULT_UNIT_ATTENTION, 0, 0 },
	{ "opc-fail",       FAULT_OPC_FAIL,       0, 0 },
	{ "timeout",        FAULT_TIMEOUT,        1, 0 },
	{ "vanish",         FAULT_VANISH,         1, 0 },
	{ "short",          FAULT_SHORT,          2, 0 },
	{ "garble",         FAULT_GARBLE,         2, 0 },
	{ "slow",           FAULT_SLOW,           3, 300 },
	{ "flaky",          FAULT_FLAKY,          3, 2 },
	{ "fail",           FAULT_FAIL,           2, 0 },
	{ "flip",           FAULT_FLIP,           4, 0 },
	{ "empty",          FAULT_EMPTY,          2, 0 },
};

int emu_parse_fault(struct emu *e, const char *spec, char *why, size_t whylen)
{
	char name[32];
	const char *at = strchr(spec, '@');
	size_t nl = at ? (size_t)(at - spec) : strlen(spec);

	if (nl >= sizeof(name) || e->nfaults >= EMU_MAX_FAULTS)
		goto bad;
	memcpy(name, spec, nl);
	name[nl] = '\0';
	for (size_t i = 0; i < sizeof(fault_names) / sizeof(fault_names[0]); i++) {
		if (strcmp(fault_names[i].name, name) != 0)
			continue;
		struct emu_fault *f = &e->faults[e->nfaults];
		memset(f, 0, sizeof(*f));
		f->kind = fault_names[i].kind;
		if (fault_names[i].arg) {
			if (!at || !at[1])
				goto bad;
			char *end;
			errno = 0;
			bool op = fault_names[i].arg == 2 || fault_names[i].arg == 4;
			unsigned long v = strtoul(at + 1, &end, op ? 16 : 10);
			if (errno || v > UINT32_MAX || (op && v > 0xff))
				goto bad;
			if (fault_names[i].arg == 4) {
				/* the byte of the answer that is flipped (after a
				 * '+': a comma would split discburn's dev= list) */
				if (*end != '+')
					goto bad;
				const char *n = end + 1;
				unsigned long b = strtoul(n, &end, 10);
				if (end == n || errno || b > 0xFFFF)
					goto bad;
				f->arg2 = (uint32_t)b;
			}
			f->arg = (uint32_t)v;
			if (fault_names[i].arg != 4)
				f->arg2 = fault_names[i].dflt;
			if (fault_names[i].arg == 3 && *end == ',') {
				const char *n = end + 1;
				unsigned long v2 = strtoul(n, &end, 10);
				if (end == n || errno || v2 == 0 || v2 > 600000)
					goto bad;
				f->arg2 = (uint32_t)v2;
			}
			if (*end)
				goto bad;
		} else if (at) {
			goto bad;
		}
		e->nfaults++;
		return 0;
	}
bad:
	snprintf(why, whylen, "emu: bad fault \"%s\"; use e.g. fault=medium-error@LBA, "
		 "fault=not-ready@N, fault=short@51, fault=flaky@LBA,N (see emu.h)", spec);
	return -EINVAL;
}

