/* emu.h — a file-backed MMC recorder: a drive and its disc, in software.
 *
 * The emulator answers SCSI MMC commands the way a real CD/DVD/BD recorder
 * answers them, so every layer above the transport (and, through an
 * LD_PRELOAD shim, unmodified third-party burners) runs unchanged against it.
 * It depends only on transport.h, bytes.h, libc and pthreads, so it can be
 * embedded on its own.
 *
 * Device string
 * -------------
 *     emu:[KIND:][OPTION[=VALUE]:...]PATH
 *
 *   KIND   cd-r, cd-rw, dvd-r, dvd-rw, dvd-rw-ro (DVD-RW in restricted
 *          overwrite), dvd+r, dvd+rw, dvd+r-dl, bd-r, bd-re. Needed only
 *          when PATH does not exist yet (a fresh blank disc); afterwards the
 *          kind comes from the state file and a KIND given is ignored.
 *   PATH   the disc image. It holds the user data exactly as a reader sees it:
 *          2048-byte blocks at LBA * 2048, sparse where nothing was written,
 *          so cmp, isoinfo and mount -o loop read a burnt data disc, including
 *          later sessions of a multisession disc (they address absolute LBAs).
 *          The state of the disc lives in PATH.state (see below).
 *
 *   Options (each followed by ':'; the last field is always PATH):
 *     speed=N        physical write speed in x of the media family (CD 1x =
 *                    176.4 kB/s, DVD 1385 kB/s, BD 4495 kB/s); 0 = unlimited
 *                    (default): no delays and no buffer underruns.
 *     buffer=KB      drive buffer size, default 2048 (CD) / 4096 (DVD, BD).
 *     size=BLOCKS    override the capacity of a fresh disc.
 *     no-burnfree    the drive lacks BURN-Free (BUFE is ignored).
 *     no-blank       the drive cannot blank: no CD-RW/DVD-RW bit in its write
 *                    features, and BLANK gets 5/20/00.
 *     progress-no-sense  while blanking/formatting, REQUEST SENSE answers NO
 *                    SENSE with the progress indication (some drives do)
 *                    instead of 2/04/04 or 2/04/07.
 *     closed         a fresh disc starts closed (complete) holding the
 *                    existing contents of PATH as one data track.
 *     removed        start with no medium in the drive.
 *     vendor=S, model=S   INQUIRY strings (8 and 16 characters at most).
 *     type=N         peripheral device type to report (default 5). type=0
 *                    makes a hard disk: only SPC commands are answered,
 *                    WRITE(10) writes anywhere, as a disk would, PATH is the
 *                    whole disk (its size is the capacity unless size= is
 *                    given) and no state file is read or written.
 *     log=FILE       append one line per command to FILE:
 *                        OP NAME cdb=HEX len=N status=S sense=K/AA/QQ
 *                    (the name is MMC's, e.g. "SEND CUE SHEET"; a transport
 *                    failure shows errno=N instead of status and sense),
 *                    and at close: "CLOSE burnfree=N underruns=N".
 *     fault=SPEC     inject a fault (repeatable):
 *                      medium-error@LBA  a WRITE covering LBA fails 3/0C/00
 *                      corrupt@LBA       the WRITE succeeds, one byte of that
 *                                        sector is changed in PATH
 *                      read-error@LBA    a READ covering LBA fails 3/11/00
 *                      not-ready@N       the next N commands get 2/04/01
 *                      lwip@N            the next N WRITEs get 2/04/08
 *                      unit-attention    the first command gets 6/28/00
 *                      opc-fail          the first WRITE or SEND OPC gets
 *                                        3/73/03
 *                      timeout@LBA       the first WRITE covering LBA returns
 *                                        -ETIMEDOUT from exec (nothing written)
 *                      vanish@LBA        from the WRITE covering LBA on, every
 *                                        exec returns -ENODEV
 *                      short@OP          data-in of opcode OP (hex) is cut to
 *                                        half, resid set; a data-out command
 *                                        OP takes only half of its data (a
 *                                        WRITE writes the first half of its
 *                                        blocks) and answers GOOD with the
 *                                        rest as residual
 *                      empty@OP          the answer to OP is GOOD with no
 *                                        data at all (resid = the whole
 *                                        allocation length)
 *                      garble@OP         the answer to OP claims a length
 *                                        larger than it sends
 *                      fail@OP           every command OP (hex) gets 4/44/00,
 *                                        whatever it would have done
 *
 * State file PATH.state (text, one key=value per line, replaced atomically
 * via rename on every change of the disc and at close):
 *     emu-state 1                 format version, first line
 *     kind=dvd+r                  one of the KIND names
 *     capacity=BLOCKS
 *     sessions=N                  closed sessions
 *     finalized=0|1               disc complete, nothing can be appended
 *     formatted=0|1               overwritable media or BD-R: formatted
 *     spare=BLOCKS                BD-R formatted with spare areas: the blocks
 *                                 they took (capacity is what is left)
 *     tray=open                   ejected (present only then): no medium until
 *                                 START STOP UNIT loads it
 *     burnfree_count=N            underruns absorbed by BURN-Free
 *     underruns=N                 underruns that ruined a track
 *     track=START,SIZE,WRITTEN,STATE,SESSION,MODE,DAMAGED   one per track,
 *         in order; STATE 0 invisible (open, last), 1 reserved, 2 closed;
 *         MODE is the CD control nibble (4 data, 0 audio); SIZE is 0 for
 *         the invisible track.
 *
 * Limits: data tracks only (2048-byte blocks: mode 1 / mode 2 form 1);
 * page 05 takes every write type / data block type pair MMC allows on CD,
 * but a WRITE in RAW mode, or TAO/packet with another block type, gets
 * 5/64/00.
 *
 * Threads: one struct emu is used by one thread at a time; no globals.
 */
#ifndef DISCBURN_EMU_H
#define DISCBURN_EMU_H

#include <stddef.h>
#include "transport.h"

struct emu;

/* Open the emulated drive described by spec (with or without the "emu:"
 * prefix). Returns 0, or -errno with one sentence in why (cause and fix). */
int emu_open(const char *spec, struct emu **out, char *why, size_t whylen);

/* Save the state file and free everything. NULL is allowed. */
void emu_close(struct emu *e);

/* Free everything WITHOUT saving the state file: for a caller that knows
 * another process has changed the disc since (the LD_PRELOAD front in
 * tests/peers shares one disc between a burner and the children it spawns).
 * NULL is allowed. */
void emu_discard(struct emu *e);

/* Execute one command. Same contract as transport_ops.exec: 0 when the drive
 * answered (c->status GOOD or CHECK CONDITION with fixed-format sense),
 * -errno when it did not (only under fault injection: -ETIMEDOUT, -ENODEV;
 * or -EIO when the image file cannot be written). */
int emu_exec(struct emu *e, struct scsi_cmd *c);

/* Transport backend "emu", device strings "emu:...". */
extern const struct transport_ops emu_transport;

#endif
