/* SPDX-License-Identifier: GPL-3.0-or-later */
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
 *          overwrite), dvd-r-dl (DVD-R DL, sequential recording), dvd+r,
 *          dvd+rw, dvd+r-dl, dvd+rw-dl, dvd-ram (arrives formatted),
 *          bd-r, bd-re. Needed only
 *          when PATH does not exist yet (a fresh blank disc); afterwards the
 *          kind comes from the state file and a KIND given is ignored.
 *          Pressed discs: cd-rom, dvd-rom, bd-rom (profiles 0008h, 0010h,
 *          0040h) are made of PATH, an existing image of 2048-byte blocks:
 *          a complete disc of one data track as long as the image, only
 *          ever read (PATH is opened read-only, no state file is written,
 *          so name the kind every time). Every command that would record
 *          or erase gets 5/30/05. A CD-ROM reads also as raw 2352-byte
 *          mode 1 sectors through READ CD (sync, header, EDC, ECC made by
 *          the emulator). When PATH.state exists, the pressed disc is the
 *          finished disc the emulator wrote there, of the same family (an
 *          audio CD-R becomes a pressed audio CD), with its files opened
 *          read-only and its state left as it is.
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
 *     no-tao, no-sao, no-raw   the drive lacks that way of writing CDs: its
 *                    feature (002Dh; 002Eh's SAO bit; 002Eh's Raw and Raw MS
 *                    bits) is not reported and page 05 with that write type
 *                    is refused (5/26/00). Otherwise a CD recorder offers
 *                    all three.
 *     no-blank       the drive cannot blank: no CD-RW/DVD-RW bit in its write
 *                    features, and BLANK gets 5/20/00.
 *     toc-mode5      READ TOC format 2 also lists the mode 5 points B0 and C0
 *                    (see below).
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
 *                                        sector is changed on the disc (PATH,
 *                                        PATH.bin): byte 100 of its user
 *                                        data (of an audio sector, of its
 *                                        2352 bytes)
 *                      read-error@LBA    a READ or READ CD covering LBA fails
 *                                        3/11/00, always
 *                      flaky@LBA[,N]     the first N (default 2) READs or READ
 *                                        CDs covering LBA fail 3/11/00, later
 *                                        ones succeed
 *                      slow@LBA[,MS]     every read covering LBA takes MS
 *                                        milliseconds more (default 300), as
 *                                        a drive retrying a weak sector
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
 *                      flip@OP+BYTE      the answer to every command OP (hex)
 *                                        has the lowest bit of byte BYTE
 *                                        (decimal) flipped: a drive that says
 *                                        what is not so
 *
 * Files: none is opened through a symbolic link. PATH, PATH.bin and the log
 * are opened with O_NOFOLLOW (a link there is refused, with a why that says
 * so); PATH.state, PATH.cue and PATH.loader are written to a new file that
 * mkstemp creates beside them and renamed over the old one. (A pressed
 * disc's image, only ever read, may be a link.)
 *
 * State file PATH.state (text, one key=value per line, replaced atomically
 * on every change of the disc, at SYNCHRONIZE CACHE and at close, and while
 * a track is written every 16 MiB or every second, whichever comes first;
 * it never claims a block the disc file does not hold, so a burner killed
 * at any moment leaves a disc whose open track holds what was saved --
 * at most 16 MiB or one second of writing less than the file):
 *     emu-state 1                 format version, first line (2 for a CD
 *                                 that is not plain data: see below)
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
 *         MODE is the CD control nibble (4 data, 0 audio, 8 four channels,
 *         2 copy permitted, 1 pre-emphasis); SIZE is 0 for the invisible
 *         track; START is index 1.
 *   Version 2 adds (a reader of version 1 keeps working on data discs,
 *   which never get version 2):
 *     bin=1                       PATH.bin holds every sector (2352 bytes)
 *     sub=1                       PATH.sub holds R-W sub-channel a host sent
 *     mcn=DIGITS                  the catalog number, 13 digits
 *     cdtext=N                    N CD-TEXT packs, kept in PATH.cdt
 *     trackx=NUM,FORM,PREGAP,SCMS,ISRC   for each track that is not a mode 1
 *         track with a 150-block pregap: FORM 0 mode 1, 1 audio, 2 mode 2
 *         formless, 3 mode 2 XA; PREGAP the blocks of index 0 before START;
 *         ISRC 12 characters or "-"
 *     index=NUM,I,LBA             index I (2..99) of track NUM starts at LBA
 *
 * CDs with audio, raw or XA tracks (MMC-5 4.2.3, 6.33; cd_*.c):
 *   - TAO and packet: page 05's track mode (control nibble) and Data Block
 *     Type decide the blocks: 0 (2352: audio, or a raw data sector), 8
 *     (2048, mode 1), 9 (2336, mode 2), 10-13 (XA: 2048, 2056, 2324, 2332);
 *     a block type the track mode does not take, or a transfer of another
 *     block size, gets 5/64/00. The first WRITE fixes the track's mode,
 *     ISRC (page 05 bytes 32-47) and the disc's catalog number (16-31);
 *     SYNCHRONIZE CACHE ends a TAO track (audio tracks have no run-out),
 *     the next one starts after a 150-block pregap.
 *   - SAO: SEND CUE SHEET with any number of tracks, indices 0-99, index
 *     0 of any length (a hidden track one), control flags, SCMS, every data
 *     form (00, 01, 10, 11, 14, 20, 21, 24, 30, 31, 34; sub-channel 01b or
 *     11b appends 96 bytes), ADR 2 and ADR 3 entries; a malformed sheet
 *     gets 5/26/00. With the lead-in data form 41h the host writes 96-byte
 *     R-W blocks from the ATIP's lead-in start to -151: their CD-TEXT packs
 *     are kept. Then every block in the size its data form gives.
 *   - RAW (write type 3, Data Block Type 1, 2, 3): blocks with P-Q 16 or
 *     P-W 96 from the lead-in start on; the Q channel gives the TOC,
 *     indices and codes (cd_raw.c); malformed Q gets 5/64/00.
 *   - Disc files: PATH keeps the 2048-byte user data of the data sectors at
 *     LBA * 2048 for every disc; a disc with anything else also gets
 *     PATH.bin (every sector, 2352 bytes at LBA * 2352), PATH.cue (a CDRWIN
 *     cue sheet of PATH.bin: CATALOG, CDTEXTFILE, TITLE, PERFORMER, FLAGS,
 *     ISRC, INDEX, REM SESSION), PATH.cdt (the CD-TEXT packs as READ TOC
 *     format 5 returns them) and PATH.sub (R-W). Blocks before LBA 0 are
 *     not kept.
 *
 * Reading: READ(10)/(12) return the 2048-byte user data of data sectors
 * (5/64/00 on audio or mode 2 formless tracks); READ CD (BEh) and READ CD
 * MSF (B9h) return any part of the raw sector (sync, header, sub-header,
 * user data, EDC/ECC; no C2 error information; audio as written) and the
 * sub-channel (raw P-W, formatted Q, R-W) the drive generates from the
 * disc's layout: Q with track, index, times, catalog and ISRC frames.
 * READ TOC formats 0, 1, 2 (A0/A1/A2 of each session; B0/C0 with the
 * option toc-mode5), 4 (ATIP), 5 (CD-TEXT); READ SUB-CHANNEL formats 1
 * (the last block read), 2 (MCN), 3 (ISRC).
 *
 * Option toc-mode5: READ TOC format 2 lists the mode 5 points B0 (next
 * program area, last lead-out) of each session another may follow and C0
 * of the first, as drives that return them do; off, the full TOC has the
 * mode 1 points only.
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
