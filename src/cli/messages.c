/* SPDX-License-Identifier: GPL-3.0-or-later */
/* messages.c — reasons and facts into words and exit codes (messages.h).
 *
 * A row's text and advice are templates. Placeholders name the facts of
 * struct db_error:
 *   {s} subject   {o} other   {w} what   {n1} {n2} numbers
 *   {n1mb} {n2mb} sectors of 2048 bytes as MB   {n1size} bytes as "N MB" or "N bytes"
 *   {p} the profile's name   {op} the command   {sense} K/AA/QQ
 *   {sensetext} what that sense means   {lba}   {errno} the OS error's text
 *   {issue} the image issue n1 names   {n1hex} n1 as 2 hex digits
 *   {n1time} {n2time} CD sectors as a playing time, mm:ss:ff (75 sectors a second)
 * and {?COND:yes|no} picks a branch (COND: n1, cd, other, what, errno,
 * touched, sense, n2), each branch a template itself.
 */
#include "config.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "cli/exitcodes.h"
#include "cli/messages.h"
#include "drive/device.h"
#include "image/iso.h"
#include "mmc/disctype.h"
#include "mmc/sense.h"

enum {
	EX_CLASS = -1,          /* from the result code (and the context) */
	EX_OPEN = -2,           /* 4 for a permission or busy error, else 3 */
	EX_CONTEXT = -3,        /* what the drive failing means in this context */
	EX_STREAM = -4,         /* the image broke: 8 while the disc is untouched, 10 after */
};

struct row {
	int exit;
	const char *text;
	const char *advice;
};

#define ROW(name, ex, text, advice) [DB_R_##name] = { ex, text, advice }

static const char ADV_DEVICES[] = "Check dev=; `discburn --devices` lists the recorders";
static const char ADV_REDOWNLOAD[] = "Download it again (resume it if your downloader can) "
				     "and check its checksum";
static const char ADV_SHA_DIGITS[] = "Give the 64 hexadecimal digits of the SHA-256, as "
				     "sha256sum prints them";
static const char ADV_BAD_COPY[] = "The disc is not a good copy; burn another one, perhaps at "
				   "a lower speed";
/* Why a READ failed: the drive's sense, the transport's error, or how much
 * of the data came. */
#define READ_WHY "{?sense:{sensetext}|{?errno:{errno}|{?n2:the drive returned {n1} of {n2} " \
		 "bytes|no reason given}}}"
static const char ADV_REBUILD[] = "Rebuild the image with mkisofs -C $(discburn dev={o} -msinfo)";

static const struct row rows[DB_R_COUNT] = {
	ROW(NONE, EX_CLASS, "no error", ""),
	ROW(NO_MEMORY, EX_CLASS, "out of memory", ""),
	ROW(INTERNAL, EXIT_FAILURE_OTHER, "internal error ({w})", "Please report this"),
	ROW(OS_CALL, EX_CLASS, "{w} failed{?other: on {s}|}: {errno}", ""),

	ROW(NO_DEVICE_GIVEN, EX_CLASS, "no device given",
	    "Name the recorder with dev=, e.g. dev=/dev/sr0; `discburn --devices` lists them"),
	ROW(DEVICE_OPEN, EX_OPEN, "cannot open {s}: {?other:{o}|{errno}}", ""),
	ROW(NO_INQUIRY, EX_CLASS, "{s} did not answer INQUIRY, so it cannot be shown to be an "
	    "optical recorder; nothing was written", ADV_DEVICES),
	ROW(NOT_RECORDER, EX_CLASS, "{s} ({o}) is not an optical recorder (SCSI peripheral "
	    "type {n1}, a recorder is 5); refusing to write to it", ADV_DEVICES),
	ROW(NO_CONFIGURATION, EX_CLASS, "{s} did not answer GET CONFIGURATION, so it cannot be "
	    "shown to be an MMC recorder; nothing was written", ADV_DEVICES),
	ROW(NO_DISC, EX_CLASS, "there is no disc in {s}",
	    "Insert a disc and run the command again"),
	ROW(DISC_NOT_WRITABLE, EX_CLASS, "the disc in {s} is {p}, which cannot be written",
	    "Insert a blank recordable disc"),
	ROW(COMMAND_FAILED, EX_CLASS, "{op} failed on {s}: {sensetext} (sense {sense})", ""),
	ROW(COMMAND_STATUS, EX_CLASS, "{op} on {s}: SCSI status 0x{n1hex}",
	    "The drive is busy or reserved by another initiator; try again later"),
	ROW(TRANSPORT, EX_CLASS, "{op} on {s}: {errno}", ""),
	ROW(DRIVE_TIMEOUT, EX_CLASS, "{op} on {s}: the drive did not answer in time",
	    "Give slow drives more time with timeout=, or check the drive"),
	ROW(DRIVE_GONE, EX_CLASS, "{op} on {s}: the drive is gone (disconnected or switched off)",
	    "Check the drive's cable and power, then run the command again"),
	ROW(DRIVE_BUSY_TOO_LONG, EX_CLASS, "{op} failed on {s}: the drive stayed busy "
	    "({sensetext}, sense {sense})", "Wait until the drive is ready, then try again"),
	ROW(CANCELLED_WAITING, EX_CLASS, "interrupted while {op} waited for the drive", ""),
	ROW(ANSWER_SHORT, EX_CLASS, "the drive's answer to {w} was too short to read",
	    "The drive or its connection misbehaves; try another drive or cable"),
	ROW(ANSWER_BAD, EX_CONTEXT, "the drive's answer to {w} was not understood",
	    "The drive or its connection misbehaves; try another drive or cable"),
	ROW(READ_SHORT, EX_CLASS, "READ at LBA {lba} returned {n1} of {n2} bytes", ""),
	ROW(WRITE_SHORT, EX_CLASS, "{op} at LBA {lba} took only {n1} of {n2} bytes: the drive "
	    "did not write all it was sent",
	    "The drive or its bridge (USB) misbehaves; burn on another drive or cable"),
	ROW(NO_SENSE_DATA, EX_CLASS, "REQUEST SENSE returned no sense data",
	    "The drive or its connection misbehaves; try another drive or cable"),
	ROW(NO_WRITE_SPEED, EX_CLASS, "the drive lists no write speed for this disc", ""),

	ROW(SHA256_EMPTY, EX_CLASS, "--sha256 needs a value", ADV_SHA_DIGITS),
	ROW(SHA256_NOT_HEX, EX_CLASS, "--sha256: '{w}' at position {n1} is not a hexadecimal digit",
	    ADV_SHA_DIGITS),
	ROW(SHA256_LENGTH, EX_CLASS, "--sha256 expects 64 hexadecimal digits, got {n1}"
	    "{?what: (that is a {w} digest)|}", ADV_SHA_DIGITS),
	ROW(SUMS_TWICE, EX_CLASS, "{s} lists {o} twice with different digests",
	    "Fetch the checksum file again from the image's publisher"),
	ROW(SUMS_OTHER_ALGO, EX_CLASS, "{s} lists {o} only with a {w} digest, not SHA-256",
	    "Use the SHA256SUMS file of the release, or pass --sha256 HEX"),
	ROW(SUMS_NOT_LISTED, EX_CLASS, "{o} is not listed in {s}",
	    "Check that the checksum file belongs to this release and that the image keeps "
	    "its original name"),
	ROW(SUMS_OPEN, EX_CLASS, "cannot open checksum file {s}: {errno}", ""),
	ROW(SUMS_READ, EX_CLASS, "cannot read checksum file {s}", ""),
	ROW(SUMS_TOO_BIG, EX_CLASS, "{s} is larger than {n1} MiB: not a checksum file", ""),

	ROW(IMAGE_OPEN, EX_CLASS, "cannot open {s}: {errno}", ""),
	ROW(IMAGE_STAT, EX_CLASS, "cannot stat {s}: {errno}", ""),
	ROW(IMAGE_DIRECTORY, EX_CLASS, "{s} is a directory, not an image", ""),
	ROW(IMAGE_NOT_FILE, EX_CLASS, "{s} is neither a file nor a block device", ""),
	ROW(IMAGE_SIZE_UNKNOWN, EX_CLASS, "the size of {s} cannot be known in advance",
	    "Declare it with tsize="),
	ROW(IMAGE_EMPTY, EX_CLASS, "{?other:{s}|The file} is empty",
	    "Check the file name; download the image again"),
	ROW(IMAGE_SMALLER_THAN_TSIZE, EX_CLASS, "image {s} has {n1} bytes, {n2} declared",
	    "The image is truncated; fetch it again"),
	ROW(IMAGE_READ, EX_CLASS, "cannot read the image{?errno:: {errno}|}", ""),
	ROW(IMAGE_TRUNCATED, EX_CLASS, "The file is {n1size} shorter than the {w} volume it "
	    "declares: the download is incomplete", ADV_REDOWNLOAD),
	ROW(IMAGE_PVD_CORRUPT, EX_CLASS, "The ISO 9660 primary volume descriptor is corrupt "
	    "({issue})", "Download the image again; use -force to burn the bytes as they are"),
	ROW(IMAGE_DISK_ONLY, EX_CLASS, "The file is a disk image ({w}) without a CD/DVD file "
	    "system: a disc made from it will not boot or mount",
	    "Write it to a USB stick instead; use -force to burn it anyway"),
	ROW(IMAGE_UNKNOWN, EX_CLASS, "The file is not a disc image: no ISO 9660, UDF, El Torito "
	    "or partition table found",
	    "Check that you picked the .iso file; use -force to burn raw data anyway"),
	ROW(IMAGE_INCOMPLETE, EX_CLASS, "The image looks incomplete: {issue}",
	    "Download it again and check its checksum; use -force to burn it as it is"),
	ROW(IMAGE_TOO_LARGE, EX_CLASS, "{s} is far larger than any disc", ""),
	ROW(STREAM_ENDED_PIPE, EX_STREAM, "{s} ended after {n1} of {n2} bytes",
	    "The program feeding the pipe stopped early, or tsize= is too large"),
	ROW(STREAM_ENDED_FILE, EX_STREAM, "{s} ended after {n1} of {n2} bytes",
	    "The image shrank after the burn was planned"),
	ROW(STREAM_READ, EX_STREAM, "reading {s} failed after {n1} bytes: {errno}", ""),
	ROW(STREAM_CANCELLED, EX_CLASS, "the burn was cancelled while reading {s}", ""),
	ROW(STREAM_NO_READER, EX_CLASS, "stopped reading {s}: the burn was cancelled or no drive "
	    "is left", ""),
	ROW(CHECKSUM_MISMATCH, EX_CLASS, "{s} has SHA-256 {o}, expected {w}",
	    "The image is damaged or not the one the checksum is for; download it again"),

	ROW(SAO_NO_FEATURE, EX_CLASS, "the drive cannot write CDs in SAO mode (no CD Mastering "
	    "feature)", "Use -tao"),
	ROW(SAO_NOT_BLANK, EX_CLASS, "SAO needs a blank CD; this one already holds a session",
	    "Use -tao to append a session"),
	ROW(TAO_NO_FEATURE, EX_CLASS, "the drive cannot write CDs in TAO mode", "Use -sao"),
	ROW(INCR_NO_FEATURE, EX_CLASS, "the drive cannot write DVD-R incrementally (needed for "
	    "-tao and -multi)", "Leave out -tao/-multi to write the disc at once (DAO)"),
	ROW(DAO_MULTI, EX_CLASS, "DAO leaves no room for another session",
	    "Leave out -dao to write incrementally"),
	ROW(DISC_TYPE_UNWRITABLE, EX_CLASS, "the disc ({p}) cannot be written by discburn",
	    "Insert a blank recordable disc"),
	ROW(LATER_SESSION_ON_BLANK, EX_CLASS, "{s} is a later session but the {p} is blank",
	    "Burn the first session first"),
	ROW(SESSION_NOT_FOR_APPEND, EX_CLASS, "{s} was made for a later session, but not for one "
	    "starting at LBA {n1} where the next session on this disc goes", ADV_REBUILD),
	ROW(SESSION_NOT_FOR_NWA, EX_CLASS, "{s} was made for a later session, but not for one "
	    "starting at LBA {n1}, the disc's next writable address", ADV_REBUILD),
	ROW(OVERWRITE_HOLDS_DATA, EX_CLASS, "the {p} in {s} already holds data that this burn "
	    "would overwrite", "Add -force to overwrite it, or append a session made with "
	    "mkisofs -C $(discburn dev={s} -msinfo)"),
	ROW(OVERWRITE_START_UNREADABLE, EX_CLASS, "the start of the {p} in {s} cannot be read "
	    "(" READ_WHY "), so it may hold data that this burn would overwrite",
	    "Add -force to overwrite it anyway"),
	ROW(DISC_CLOSED, EX_CLASS, "the {p} in {s} is closed (finalized): nothing can be added "
	    "to it", "{?n1:Blank it first with blank=fast|Insert a blank disc}"),
	ROW(NO_SIMULATE, EX_CLASS, "{p} media cannot simulate a write: a -dummy burn would "
	    "really write the disc",
	    "Leave out -dummy; test writes exist on CD-R/RW and DVD-R/RW only"),
	ROW(OVERBURN_MEDIA, EX_CLASS, "{p} media cannot be overburnt: the drive refuses every "
	    "WRITE past the disc's capacity", "Leave out -overburn (it applies to CDs), or use a "
	    "larger disc"),
	ROW(NOFIX_CLOSED_MODE, EX_CLASS, "-nofix leaves the session open, but {w} on a {p} ends "
	    "with a lead-out the drive writes itself", "Leave out -sao/-dao (TAO leaves the "
	    "session open), or leave out -nofix"),
	ROW(FIX_NOTHING_OPEN, EX_CLASS, "the {p} in {s} has no open session: there is nothing to "
	    "fix", "-fix closes a session that a -nofix burn left open"),
	ROW(TSIZE_SHORT, EX_CLASS, "tsize= declares {n2} bytes, fewer than the {n1} of {s}: the "
	    "disc would hold a truncated image", "Leave out tsize= for a file (or give "
	    "tsize={n1}); -isosize takes the size from the ISO 9660 volume"),
	ROW(ISOSIZE_NOT_ISO, EX_CLASS, "{s} holds no ISO 9660 volume whose size -isosize could "
	    "take", "Leave out -isosize, or give the size with tsize="),
	ROW(NO_NWA, EX_CLASS, "the drive reports no next writable address on the disc in {s}",
	    "Insert a blank or appendable disc"),
	ROW(NO_FIT, EX_CLASS, "{s} needs {n1} blocks ({n1mb} MB) but the {p} has {n2} free "
	    "({n2mb} MB)", "Use a larger disc{?cd: (or -overburn, at your own risk)|}"),
	ROW(CANCELLED, EX_CLASS, "interrupted{?touched: while writing| before writing}"
	    "{?other:; the journal {o} says what is done|}", ""),
	ROW(FIFO_ALLOC, EX_CLASS, "cannot allocate a {n1}-byte FIFO", "Give a smaller fs="),
	ROW(SOURCE_START, EX_CLASS, "cannot start reading {s}", ""),
	ROW(NO_DESCRIPTOR_SET, EX_CLASS, "the session image has no terminated volume descriptor "
	    "set; the old volume on the disc was left as it was", ""),
	ROW(VERIFY_UNREADABLE, EX_CLASS, "verify: the disc cannot be read back at LBA {lba} "
	    "({?other:{o}|" READ_WHY "})", ADV_BAD_COPY),
	ROW(VERIFY_MISMATCH, EX_CLASS, "verify failed: the disc differs from the image at LBA "
	    "{lba}", ADV_BAD_COPY),

	ROW(LONG_OP_FAILED, EX_CLASS, "{w} failed: {sensetext} (sense {sense})", ""),
	ROW(LONG_OP_CANCELLED, EX_CLASS, "interrupted while the drive was busy with {w}; the drive "
	    "finishes it by itself and answers again afterwards",
	    "Run the same command again once the drive is ready"),
	ROW(LONG_OP_TIMEOUT, EX_CLASS, "{w} did not finish within {n1} hours", ""),
	ROW(BLANK_TYPE_UNKNOWN, EX_CLASS, "blank={w} is not a blanking type", "See blank=help"),
	ROW(BLANK_OVERWRITABLE, EX_CLASS, "a {p} is not blanked: it is overwritten in place",
	    "Burn with -force to overwrite it, or reformat it with -format -force"),
	ROW(BLANK_WRITE_ONCE, EX_CLASS, "a {p} is write-once and cannot be blanked",
	    "Use a rewritable disc (CD-RW, DVD-RW) or a blank one"),
	ROW(BLANK_NO_FEATURE, EX_CLASS, "the drive in {s} cannot blank {p} media", ""),
	ROW(FORMAT_UNAVAILABLE, EX_CLASS, "the drive offers no format of type {n1hex}h for this "
	    "disc", ""),
	ROW(FORMAT_NOT_APPLICABLE, EX_CLASS, "a {p} cannot be formatted",
	    "Formatting applies to DVD+RW, DVD-RW and BD-RE"),
	ROW(FORMAT_TYPE_WRONG, EX_CLASS, "format={w} does not apply to a {p}",
	    "DVD+RW: full; DVD-RW: ro, quick, full, seq; BD-RE: spare, nospare"),
	ROW(FORMAT_HOLDS_DATA, EX_CLASS, "the {p} in {s} holds data that formatting would destroy",
	    "Add -force to format it anyway"),

	ROW(FORMAT_START_UNREADABLE, EX_CLASS, "the start of the {p} in {s} cannot be read "
	    "(" READ_WHY "), so it may hold data that formatting would destroy",
	    "Add -force to format it anyway"),

	ROW(JOB_ARGS, EX_CLASS, "duplication needs 1 to {n1} drives and at least one copy", ""),
	ROW(JOURNAL_OPEN, EX_CLASS, "cannot open the journal {s}: {errno}", ""),
	ROW(JOURNAL_OTHER_JOB, EXIT_USAGE, "the journal {s} belongs to another job ({o}, {n1} "
	    "bytes, {n2} copies)", "Use a new --journal file for a new job"),
	ROW(JOURNAL_OTHER_IMAGE, EXIT_USAGE, "the journal {s} belongs to another image: it was "
	    "started with SHA-256 {w}, and {o} is not that image",
	    "Resume with the image the job was started with, or use a new --journal file"),
	ROW(JOURNAL_WRITE, EXIT_FAILURE_OTHER, "cannot write the journal {s}: {errno}; the job "
	    "stopped so that no disc goes unrecorded",
	    "Free space or fix the journal's file system, then run the same command again"),
	ROW(MSIFILE_WRITE, EXIT_FAILURE_OTHER, "cannot write msifile={s}: {errno}",
	    "Name a file in a directory you can write"),
	ROW(REPORT_WRITE, EXIT_FAILURE_OTHER, "cannot write the report {s}: {errno}; the "
	    "burn itself is not affected", "Give --report a file in a writable directory"),
	ROW(JOURNAL_BAD_LINE, EXIT_USAGE, "the journal {s} is damaged at line {n1} ({w})",
	    "Repair or remove that line, or use a new --journal file"),
	ROW(JOURNAL_NO_JOB, EXIT_USAGE, "the journal {s} has no job line: it was not written by "
	    "discburn, or its first line is lost", "Use a new --journal file"),
	ROW(JOURNAL_NOT_FILE, EXIT_USAGE, "the journal {s} is not a regular file",
	    "Name a file with --journal"),
	ROW(WAIT_DISC_TIMEOUT, EX_CLASS, "no blank disc was put into {s} within {n1} seconds",
	    "Insert blank discs and run the same command again{?other:; the journal remembers "
	    "what is done|}"),
	ROW(REJECT_NOT_BLANK, EX_CLASS, "the {p} in {s} is not blank; ejected it instead of "
	    "writing it", "Insert a blank disc"),
	ROW(REJECT_UNWRITABLE, EX_CLASS, "the disc in {s} is {p}, which cannot be written; ejected",
	    "Insert a blank recordable disc"),
	ROW(REJECT_START_UNREADABLE, EX_CLASS, "the start of the {p} in {s} cannot be read, so it "
	    "may hold data; ejected it instead of writing it", "Insert a blank disc"),
	ROW(SPOOL_CREATE, EX_CLASS, "cannot create a spool file in {s}: {errno}",
	    "Set TMPDIR to a directory with room for the image"),
	ROW(SPOOL_LOST, EX_CLASS, "the image from standard input could not be kept for further "
	    "copies", "Set TMPDIR to a directory with room for the image"),
	ROW(THREAD_START, EX_CLASS, "cannot start a thread for {s}", ""),
	ROW(COPIES_NOT_MADE, EXIT_BATCH_PARTIAL, "{n1} of {n2} copies were not made", ""),

	ROW(USAGE, EXIT_USAGE, "{o}", ""),
	ROW(NO_DRIVES_FOUND, EXIT_NO_DEVICE, "{?what:{w} found|found} no optical drives",
	    "Check that the drive is connected and that you may open /dev/sr* (group 'cdrom'); "
	    "over the network use dev=iscsi://..."),
	ROW(MSINFO_NO_VOLUME, EX_CLASS, "the {p} holds no ISO 9660 volume to append to",
	    "Burn a first image; a session can then be added"),
	ROW(MSINFO_NOT_APPENDABLE, EX_CLASS, "the disc is {w}: -msinfo needs an appendable disc "
	    "(written with -multi)", ""),
	ROW(ATIP_NOT_CD, EX_CLASS, "-atip needs a CD-R or CD-RW; the disc is {p}", ""),
	ROW(TOC_BLANK, EX_CLASS, "the {p} in {s} is blank: it has no table of contents yet",
	    "-minfo shows what the disc can take"),

	ROW(SHEET_OPEN, EX_CLASS, "cannot open {s}: {errno}", ""),
	ROW(SHEET_TOO_BIG, EX_CLASS, "{s} is larger than {n1} KiB: not a cue sheet, TOC file or "
	    "track description", "Check that you named the .cue, .toc or .inf file"),
	ROW(SHEET_SYNTAX, EX_CLASS, "{s}, line {n1}: {w}{?other: '{o}'|}",
	    "Correct that line of the file"),
	ROW(SHEET_VALUE, EX_CLASS, "{s}, line {n1}: '{o}' is not a valid {w}",
	    "Correct that line of the file"),
	ROW(SHEET_NO_TRACKS, EX_CLASS, "{s} describes no tracks", ""),
	ROW(SHEET_TRACK_ORDER, EX_CLASS, "{s}, line {n1}: track {n2} does not follow the track "
	    "before it", "Number the tracks in order, one up from the track before"),
	ROW(SHEET_TOO_MANY_TRACKS, EX_CLASS, "{s} has more than 99 tracks ({n1}); a CD holds "
	    "99 at most", "Split the tracks over two discs"),
	ROW(SHEET_INDEX_ORDER, EX_CLASS, "{s}, line {n1}: {w} of track {n2} does not come after "
	    "the index before it", "Indices must be given in order, each at a later time"),
	ROW(SHEET_NO_INDEX1, EX_CLASS, "{s}, line {n1}: track {n2} has no INDEX 01, so it has no "
	    "start", "Add an INDEX 01 line to the track"),
	ROW(SHEET_NO_FILE, EX_CLASS, "{s}, line {n1}: {w} comes before any FILE line",
	    "Name the file the track is in with a FILE line first"),
	ROW(SHEET_FILE_TYPE, EX_CLASS, "{s}, line {n1}: files of type {w} cannot be burnt"
	    "{?other: ({o})|}", "Decode it to WAV first, e.g. ffmpeg -i in.mp3 -ar 44100 -ac 2 "
	    "-sample_fmt s16 out.wav, and name that file"),
	ROW(SHEET_TRACK_MODE, EX_CLASS, "{s}, line {n1}: tracks of mode {w} cannot be burnt",
	    "Audio, mode 1 (2048, 2352) and mode 2 (2048, 2324, 2336, 2352) tracks are written; "
	    "CD+G needs sub-channel writing, which discburn does not do"),
	ROW(SHEET_TEXT_CHARSET, EX_CLASS, "{s}, line {n1}: the {w} has characters CD-TEXT cannot "
	    "carry (it takes ISO-8859-1)", "Replace those characters, or remove the line"),
	ROW(TRACK_FILE_OPEN, EX_CLASS, "cannot open {s}{?other: (named in {o})|}: {errno}",
	    "Check the file's name{?other:; relative names are taken from the sheet's directory|}"),
	ROW(TRACK_FILE_SHORT, EX_CLASS, "{s} is {n1} sectors ({n1time}) too short for track {n2}",
	    "The file is incomplete, or not the one the sheet was made for"),
	ROW(TRACK_TOO_SHORT, EX_CLASS, "track {n1}{?other: of {o}|} lasts {n2time} ({n2} sectors); "
	    "a CD track lasts at least 4 seconds (300 sectors)",
	    "Join it to the track next to it, or lengthen it with silence"),
	ROW(TRACK_PARTIAL_SECTOR, EX_CLASS, "{s} is not a whole number of {n2}-byte sectors "
	    "({n1} bytes over)", "{?what:Add -pad to complete the track with silence|The data "
	    "file is cut short, or not of the track's mode}"),
	ROW(AUDIO_FORMAT, EX_CLASS, "{s} is {n1} Hz, {n2} channel(s), {w} audio; an audio CD takes "
	    "44100 Hz, 2 channels, 16-bit", "Convert it first: sox '{s}' -b 16 -r 44100 -c 2 "
	    "out.wav (and name out.wav instead)"),
	ROW(AUDIO_UNREADABLE, EX_CLASS, "{s} is not audio discburn can decode{?other: ({o})|}",
	    "WAV, AIFF, AU, FLAC and Ogg are read; convert others first, e.g. ffmpeg -i '{s}' "
	    "-ar 44100 -ac 2 -sample_fmt s16 out.wav"),
	ROW(AUDIO_DECODE, EX_CLASS, "decoding {s} stopped after {n1} of {n2} sample frames",
	    "The file is damaged, or changed after the burn was planned; check it with sox"),
	ROW(TRACKLIST_EMPTY, EX_CLASS, "no tracks were given",
	    "Name audio files after -audio and data images after -data"),
	ROW(TRACKLIST_VALUE, EX_CLASS, "{w}={o} is not valid{?n1: (track {n1})|}",
	    "See discburn(1) for the form of the value"),
	ROW(CDTEXT_TOO_LONG, EX_CLASS, "the CD-TEXT needs {n1} packs in language block {n2}; a "
	    "block holds at most 256", "Shorten the titles, names and messages"),
	ROW(CDTEXT_FILE_BAD, EX_CLASS, "{s} is not a usable CD-TEXT file (its {w} is wrong"
	    "{?n1:, pack {n1}|})", "Make it again: icedax/cdda2wav and readcd write such files "
	    "from a disc"),
	ROW(CDTEXT_TRACKS, EX_CLASS, "{s} has CD-TEXT for {n1} tracks, but there are {n2}",
	    "Use the CD-TEXT file made for these tracks"),
	ROW(CD_TOO_LONG, EX_CLASS, "{s} plays for {n1time} but the disc "
	    "holds {n2time}", "Leave out a track or use a longer disc (or -overburn, at your own "
	    "risk)"),

	/* stations ({s} names the database without its password) */
	ROW(STATIONS_NOT_BUILT, EXIT_USAGE, "this discburn was built without stations "
	    "(configure found no libpq, or was given --without-libpq)",
	    "Install libpq-dev (and libcurl4-openssl-dev for images by URL) and build again"),
	ROW(DB_CONNINFO, EXIT_USAGE, "the database {?other:\"{o}\" |}is not a connection string "
	    "libpq understands{?what: ({w})|}",
	    "Give postgresql://user@host/dbname, \"host=... dbname=...\", @FILE or -"),
	ROW(DB_CONNINFO_FILE, EXIT_USAGE, "cannot read the connection string from {s}: {errno}", ""),
	ROW(DB_CONNECT, EXIT_DATABASE, "cannot connect to the database {s}: {o}",
	    "Check the server, the connection string, and the password (~/.pgpass, "
	    "PGPASSFILE or a service file keep it off the command line)"),
	ROW(DB_QUERY, EXIT_DATABASE, "the database {s} refused to {w}: {o}", ""),
	ROW(DB_SCHEMA_NEWER, EXIT_DATABASE, "the database {s} holds schema version {n1}, newer "
	    "than this discburn knows ({n2})", "Install the newer discburn on this machine"),
	ROW(DB_SCHEMA_MIGRATE, EXIT_DATABASE, "the database {s} holds schema version {n1} and "
	    "could not be brought to version {n2}: {o}",
	    "Run discburn --submit or --status once as the role that owns the tables"),
	ROW(QUEUE_NO_JOB, EXIT_USAGE, "there is no job {n1} in {s}", "`discburn --status` lists them"),
	ROW(QUEUE_JOB_STATE, EXIT_USAGE, "job {n1} is {w}; it cannot be {o}", ""),
	ROW(STATION_LOST, EX_CLASS, "the station {s} stopped answering while it burnt this disc; "
	    "the disc is a coaster and the copy was owed again", ""),
	ROW(STATION_IMAGE_DIGEST, EX_CLASS, "the image {s} has SHA-256 {o}, but job {n1} is for "
	    "{w}; refused before any drive was touched",
	    "Put the job's own image there, or submit a new job for this one"),
	ROW(STATION_FETCH, EX_CLASS, "cannot fetch the image {s}: {o}", ""),
	ROW(STATION_NO_CURL, EX_CLASS, "the image {s} is a URL, and this discburn was built "
	    "without libcurl", "Install libcurl4-openssl-dev and build again, or give a path"),
	ROW(STATION_CACHE, EX_CLASS, "cannot keep the image in the cache {s}: {errno}",
	    "Give a directory with room for the image with --cache"),
	ROW(STATION_JOURNAL, EX_CLASS, "cannot write the station's journal {s}: {errno}; the "
	    "station stopped so that no disc goes unrecorded", ""),
	ROW(STATION_NO_DRIVES, EXIT_BATCH_PARTIAL, "the station has no drive left that can burn{?other: "
	    "(the last one: {o})|}", "Check the drives; `discburn --status` shows their failures"),
	ROW(STATION_CLAIM_LOST, EX_CLASS, "the station lost track of a claimed copy (the "
	    "database went away as it was claimed); it was owed again", ""),

	ROW(READ_BLANK_DISC, EX_CLASS, "the {p} in {s} is blank: there is nothing to read",
	    "Insert the disc to read"),
	ROW(READ_NO_DATA_TRACK, EX_CLASS, "the disc in {s} holds no data track, only {n1} audio "
	    "track(s)", "Read it into a BIN/CUE: f=NAME.cue"),
	ROW(READ_NO_SESSION, EX_CLASS, "session={n1}: the disc in {s} has {n2} session(s) with "
	    "data", "Name a session from 1 to {n2}; -toc lists them"),
	ROW(READ_RANGE_OUTSIDE, EX_CLASS, "sectors={n1}-{n2} is not a range of the disc in {s}, "
	    "whose data ends at LBA {lba}", "Give START-END with END after START and at most {lba}"),
	ROW(READ_UNREADABLE, EXIT_UNREADABLE, "LBA {lba} of the disc in {s} could not be read in "
	    "{n1} tries ({sensetext}); stopped{?other: (the map {o} says what was read)|}",
	    "Run the same command again to retry only what is missing; -noerror reads on past "
	    "bad sectors; a lower speed= or a clean disc may help"),
	ROW(READ_BAD_SECTORS, EXIT_UNREADABLE, "{n1} sector(s) of the disc in {s} could not be "
	    "read, the first at LBA {lba}; they are zeros in the image{?other: and the map {o} "
	    "lists them|}", "Run the same command again to retry only those; clean the disc, "
	    "lower the speed with speed= or try another drive"),
	ROW(READ_OUTPUT_OPEN, EXIT_IMAGE, "cannot open {s} for writing: {errno}", ""),
	ROW(READ_OUTPUT_WRITE, EXIT_IMAGE, "writing {s} failed at byte {n1}: {errno}",
	    "Free space or write the image elsewhere"),
	ROW(READ_MAP_BAD, EXIT_USAGE, "the map {s} is damaged at line {n1} ({w})",
	    "Repair or remove it (the disc is then read from the start), or name another with map="),
	ROW(READ_MAP_OTHER_DISC, EXIT_USAGE, "the map {s} belongs to another disc or range ({w})",
	    "Remove it to read this disc from the start, or name another with map="),
	ROW(READ_MAP_WRITE, EXIT_IMAGE, "cannot write the map {s}: {errno}",
	    "Free space or name another place with map="),
	ROW(READ_CANCELLED, EX_CLASS, "interrupted while reading the disc in {s}{?other:; the map "
	    "{o} says what is done, and the same command continues from there|}", ""),
	ROW(CHECK_MISMATCH, EX_CLASS, "the disc in {s} differs from {o} at LBA {lba} (byte {n1} of "
	    "the image)", ADV_BAD_COPY),
	ROW(CHECK_SHORT, EX_CLASS, "the data of the disc in {s} ends at LBA {lba}, before the end "
	    "of {o} ({n1} sectors)", ADV_BAD_COPY),
	ROW(CHECK_UNREADABLE, EX_CLASS, "the disc in {s} cannot be read at LBA {lba} in {n1} tries "
	    "({sensetext})", ADV_BAD_COPY),
	ROW(CHECK_CHECKSUM_MISMATCH, EX_CLASS, "the {n1} bytes read from the disc in {s} have "
	    "SHA-256 {o}, expected {w}", "The disc is not a good copy, or the checksum is of "
	    "another image; if the disc's size is not that of the image, give it with tsize="),
	ROW(SUMS_WHICH, EX_CLASS, "{s} lists several images; which one is on the disc is not known",
	    "Name it: --check NAME (the file itself need not be there), or give --sha256 HEX"),
	ROW(MASTER_UNREADABLE, EX_STREAM, "the master disc in {s} cannot be read at LBA {lba} in "
	    "{n1} tries ({sensetext})", "Clean the master or put it in another drive; a copy "
	    "needs every sector (f= reads what can be read into a file)"),
	ROW(MASTER_MULTISESSION, EX_CLASS, "the master in {s} holds {n1} sessions; a copy would "
	    "hold them as one", "Copy a single-session disc, or read one session into a file with "
	    "f= session=N"),
	ROW(SAME_DRIVE_TWICE, EXIT_USAGE, "{s} and {o} are the same drive: one drive makes one "
	    "copy at a time", "Name each drive once"),
	ROW(MASTER_IN_JOB, EXIT_USAGE, "{s} is the master and cannot also be written",
	    "Name the master with --from and the writers with dev="),
	ROW(READ_NOT_CD, EX_CLASS, "a BIN/CUE holds CD sectors, but the disc in {s} is a {p}",
	    "Read it into an ISO image: f=NAME.iso"),

	ROW(CD_TAO_LAYOUT, EX_CLASS, "TAO cannot write {w}{?n1: (track {n1})|} of {s}: the "
	    "drive itself writes each track's lead-in, its 2 s pregap of silence and index 1 "
	    "alone", "Use -sao (session at once), or leave out -tao"),
	ROW(CD_LAYOUT_NOT_CD, EX_CLASS, "{s} is a CD layout (audio, several tracks or sessions, "
	    "or sectors other than 2048 bytes); the disc is {p}", "Insert a CD-R or CD-RW"),
	ROW(RAW_NO_FEATURE, EX_CLASS, "the drive in {s} cannot write CDs raw{?what: ({w})|}",
	    "Use -sao or -tao"),
	ROW(RAW_CDTEXT, EX_CLASS, "raw writing (-raw96r) cannot carry the CD-TEXT of {s}: its "
	    "R-W sub-channel would have to be interleaved and error-corrected by discburn, "
	    "which it does not do", "Use -sao to write CD-TEXT"),
	ROW(RAW_NOT_CD, EX_CLASS, "raw writing (-raw96r) is for CDs; the disc is {p}",
	    "Leave out -raw96r"),
	ROW(VERIFY_TRACK_MISMATCH, EX_CLASS, "verify failed: track {n1} differs from its "
	    "source at LBA {lba} (sector {n2} of the track)", ADV_BAD_COPY),
	ROW(VERIFY_TOC, EX_CLASS, "verify failed: {?n1:track {n1}'s|the disc's} {w} in the TOC "
	    "reads back as {o}, not {s}", ADV_BAD_COPY),
	ROW(VERIFY_INDEX, EX_CLASS, "verify failed: the sub-channel Q around LBA {lba} says "
	    "{o}, not {s} (track {n1}, {w})", ADV_BAD_COPY),
	ROW(VERIFY_ISRC, EX_CLASS, "verify failed: track {n1}'s ISRC reads back as '{o}', not "
	    "'{s}'", ADV_BAD_COPY),
	ROW(VERIFY_MCN, EX_CLASS, "verify failed: the disc's catalog number reads back as '{o}', "
	    "not '{s}'", ADV_BAD_COPY),
	ROW(VERIFY_CDTEXT, EX_CLASS, "verify failed: the CD-TEXT in the lead-in is not what was "
	    "written ({o})", ADV_BAD_COPY),
};

/* ---- rendering ------------------------------------------------------------ */

struct out {
	char *buf;
	size_t size, len;
};

static void put(struct out *o, const char *s, size_t n)
{
	while (n-- && o->len + 1 < o->size)
		o->buf[o->len++] = *s++;
	o->buf[o->len] = '\0';
}

static void puts_(struct out *o, const char *s)
{
	put(o, s, strlen(s));
}

static void putf(struct out *o, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void putf(struct out *o, const char *fmt, ...)
{
	char tmp[256];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(tmp, sizeof(tmp), fmt, ap);
	va_end(ap);
	puts_(o, tmp);
}

struct ctx {
	const struct db_error *e;
	bool touched;
};

static bool cond(const struct ctx *c, const char *name, size_t n)
{
	const struct db_error *e = c->e;
#define IS(s) (n == sizeof(s) - 1 && !memcmp(name, s, n))
	if (IS("n1"))
		return e->n1 != 0;
	if (IS("cd"))
		return disc_type(e->profile)->family == MMC_FAM_CD;
	if (IS("other"))
		return e->other[0] != '\0';
	if (IS("what"))
		return e->what[0] != '\0';
	if (IS("errno"))
		return e->os_errno != 0;
	if (IS("touched"))
		return c->touched;
	if (IS("sense"))
		return e->have_sense;
	if (IS("n2"))
		return e->n2 != 0;
	return false;
}

static void fact(const struct ctx *c, struct out *o, const char *name, size_t n)
{
	const struct db_error *e = c->e;
	if (IS("s"))
		puts_(o, e->subject);
	else if (IS("o"))
		puts_(o, e->other);
	else if (IS("w"))
		puts_(o, e->what);
	else if (IS("n1"))
		putf(o, "%llu", (unsigned long long)e->n1);
	else if (IS("n2"))
		putf(o, "%llu", (unsigned long long)e->n2);
	else if (IS("n1mb"))
		putf(o, "%.1f", (double)e->n1 * 2048.0 / 1e6);
	else if (IS("n2mb"))
		putf(o, "%.1f", (double)e->n2 * 2048.0 / 1e6);
	else if (IS("n1size"))
		putf(o, e->n1 >= (1u << 20) ? "%llu MB" : "%llu bytes",
		     (unsigned long long)(e->n1 >= (1u << 20) ? e->n1 >> 20 : e->n1));
	else if (IS("n1time") || IS("n2time")) {
		uint64_t v = name[1] == '1' ? e->n1 : e->n2;
		putf(o, "%02llu:%02u:%02u", (unsigned long long)(v / 4500),
		     (unsigned)(v / 75 % 60), (unsigned)(v % 75));
	} else if (IS("n1hex"))
		putf(o, "%02llX", (unsigned long long)e->n1);
	else if (IS("p"))
		puts_(o, disc_type(e->profile)->name);
	else if (IS("op"))
		puts_(o, e->opcode_valid ? device_opcode_name(e->opcode) : "a command");
	else if (IS("sense"))
		putf(o, "%X/%02X/%02X", e->key, e->asc, e->ascq);
	else if (IS("sensetext"))
		puts_(o, sense_lookup(e->key, e->asc, e->ascq)->text);
	else if (IS("lba"))
		putf(o, "%d", (int32_t)e->lba);        /* CD pregaps start at -150 */
	else if (IS("errno"))
		puts_(o, e->os_errno ? strerror(e->os_errno) : "unknown error");
	else if (IS("issue"))
		puts_(o, iso_issue_text((unsigned)e->n1));
	else
		put(o, name - 1, n + 2);        /* unknown: left visible, tests catch it */
#undef IS
}

/* The end of the template element that starts at p (after its '{'), at
 * its matching '}'; or the separator `sep` at depth 0 if asked. */
static const char *scan(const char *p, const char *end, char sep)
{
	int depth = 0;
	for (; p < end; p++) {
		if (*p == '{')
			depth++;
		else if (*p == '}' && depth-- == 0)
			return p;
		else if (*p == sep && depth == 0)
			return p;
	}
	return end;
}

static void render(const struct ctx *c, struct out *o, const char *p, const char *end)
{
	while (p < end) {
		const char *brace = memchr(p, '{', (size_t)(end - p));
		if (!brace) {
			put(o, p, (size_t)(end - p));
			return;
		}
		put(o, p, (size_t)(brace - p));
		const char *close = scan(brace + 1, end, 0);
		if (brace[1] == '?') {
			const char *colon = memchr(brace + 2, ':', (size_t)(close - brace - 2));
			if (!colon)
				colon = close;
			const char *bar = scan(colon + 1, close, '|');
			if (cond(c, brace + 2, (size_t)(colon - brace - 2)))
				render(c, o, colon + 1, bar);
			else if (bar < close)
				render(c, o, bar + 1, close);
		} else {
			fact(c, o, brace + 1, (size_t)(close - brace - 1));
		}
		p = close < end ? close + 1 : end;
	}
}

/* Sense advice: the first row matching the key, ASC and ASCQ (-1 = any) and,
 * where `writing` is set, only a command of the write path. */
struct sense_advice {
	uint8_t key;
	int16_t asc, ascq;
	bool writing;
	const char *advice;
};

/* Advice for one command's sense, looked at before the general table. */
static const struct {
	uint8_t op, key, asc, ascq;
	const char *advice;
} op_advice[] = {
	/* BLANK of a type the drive does not offer (blank=track, say) */
	{ 0xA1, 0x5, 0x24, 0x00, "The drive does not offer this blanking type; use blank=fast or "
	  "blank=all" },
};

static const char SA_SPEED[] = "Lower the speed with speed=4 or try other media";
static const char SA_MEDIA[] = "Try another disc, preferably of another brand";
static const char SA_DISC[] = "Use a disc type this drive can write (see --devices and -atip)";
static const char SA_FIT[] = "The image does not fit on this disc; use a larger disc";

static const struct sense_advice sense_advice[] = {
	{ 0x2, 0x04, -1, false, "Wait a moment, then try again; reload the disc if it persists" },
	{ 0x2, 0x3A, 0x01, false, "Insert a disc" },
	{ 0x2, 0x3A, -1, false, "Insert a disc and close the tray" },
	{ 0x2, 0x30, -1, false, SA_DISC },
	{ 0x2, 0x57, 0x00, false, "The disc is unreadable; if it is rewritable blank it with "
	  "blank=all" },
	{ 0x3, 0x0C, 0x09, false, "Enable burnfree (driveropts=burnfree), use a larger fs= or a "
	  "lower speed" },
	{ 0x3, 0x0C, -1, false, SA_SPEED },
	{ 0x3, 0x11, -1, false, "The disc may be scratched, dirty or badly written; clean it or "
	  "burn again at a lower speed" },
	{ 0x3, 0x02, 0x00, false, SA_MEDIA },
	{ 0x3, 0x15, -1, false, SA_MEDIA },
	{ 0x3, 0x31, -1, false, "Blank or format the disc again (blank=all or format)" },
	{ 0x3, 0x73, -1, false, SA_SPEED },
	{ 0x3, -1, -1, false, SA_SPEED },
	{ 0x4, 0x09, -1, false, "Clean the disc and the drive lens, then try other media or a "
	  "lower speed" },
	{ 0x4, 0x44, -1, false, "Power-cycle the drive; if it persists the drive may be faulty" },
	{ 0x4, -1, -1, false, "Power-cycle the drive; clean the lens; it may be faulty" },
	{ 0x5, 0x20, 0x00, true, "This drive cannot do what was asked; try another write mode "
	  "(-tao or -sao)" },
	{ 0x5, 0x20, 0x00, false, "This drive does not know the command" },
	{ 0x5, 0x21, 0x00, true, SA_FIT },
	{ 0x5, 0x21, 0x02, true, "The disc was written or closed meanwhile; check it with -minfo "
	  "and use a blank disc" },
	{ 0x5, 0x24, 0x00, true, "The drive refused an option; try another write mode or speed" },
	{ 0x5, 0x26, -1, true, "The drive refused the write parameters; try another write mode "
	  "(-tao or -sao) or speed" },
	{ 0x5, 0x27, -1, false, "Use a writable disc or remove the write protection" },
	{ 0x5, 0x2C, 0x00, false, "The drive was in an unexpected state; reload the disc and try "
	  "again" },
	{ 0x5, 0x30, 0x05, false, "Use a blank disc or blank it first with blank=fast" },
	{ 0x5, 0x30, -1, false, SA_DISC },
	{ 0x5, 0x63, 0x00, false, "The image is larger than the free space on this disc; use a "
	  "larger disc" },
	{ 0x5, 0x64, 0x00, false, "The disc was written in another mode; use a blank disc or "
	  "blank it first with blank=fast" },
	{ 0x5, 0x6F, -1, false, "This disc is copy protected; discburn cannot work around that" },
	{ 0x5, 0x72, 0x03, false, "The disc is left open; try closing it again or use a new disc" },
	{ 0x5, 0x72, 0x05, false, "The disc has no room for another track; use a new disc" },
	{ 0x5, 0x72, -1, false, "The disc may be left unreadable; try other media or a lower "
	  "speed" },
	{ 0x5, 0x73, 0x02, false, "This disc has no room left for calibration; use a new disc" },
	{ 0x5, 0x73, 0x05, false, "This disc cannot take more tracks; use a new disc" },
	{ 0x5, 0x73, -1, false, SA_SPEED },
	{ 0x5, -1, -1, true, "The drive or disc cannot do this; try another write mode or disc" },
	{ 0x5, -1, -1, false, "The drive or disc cannot do this" },
	{ 0x7, -1, -1, false, "Use a writable disc or remove the write protection" },
	{ 0x8, -1, -1, false, "The disc or this part of it is blank; nothing was written there" },
	{ 0xD, -1, -1, false, SA_FIT },
};

static bool write_path(uint8_t op)
{
	switch (op) {
	case 0x2A: case 0xAA:   /* WRITE(10), WRITE(12) */
	case 0x55:              /* MODE SELECT(10): the write parameters */
	case 0x5D: case 0x53:   /* SEND CUE SHEET, RESERVE TRACK */
	case 0x5B: case 0x35:   /* CLOSE TRACK/SESSION, SYNCHRONIZE CACHE */
	case 0x54: case 0xB6: case 0xBB:   /* SEND OPC, the speed commands */
		return true;
	}
	return false;
}

const char *msg_sense_advice(uint8_t opcode, uint8_t key, uint8_t asc, uint8_t ascq)
{
	for (size_t i = 0; i < sizeof(op_advice) / sizeof(op_advice[0]); i++)
		if (op_advice[i].op == opcode && op_advice[i].key == key &&
		    op_advice[i].asc == asc && op_advice[i].ascq == ascq)
			return op_advice[i].advice;
	bool w = write_path(opcode);
	for (size_t i = 0; i < sizeof(sense_advice) / sizeof(sense_advice[0]); i++) {
		const struct sense_advice *a = &sense_advice[i];
		if (a->key == key && (a->asc < 0 || a->asc == asc) &&
		    (a->ascq < 0 || a->ascq == ascq) && (!a->writing || w))
			return a->advice;
	}
	return "";
}

void msg_render(const struct db_error *err, struct msg_text *out)
{
	struct ctx c = { err, err->touched };
	enum db_reason r = (unsigned)err->reason < DB_R_COUNT ? err->reason : DB_R_INTERNAL;
	const struct row *row = &rows[r];
	struct out t = { out->text, sizeof(out->text), 0 };
	struct out a = { out->advice, sizeof(out->advice), 0 };
	out->text[0] = out->advice[0] = '\0';
	const char *text = row->text ? row->text : "unexplained failure";
	render(&c, &t, text, text + strlen(text));
	const char *adv = row->advice ? row->advice : "";
	if (!*adv && err->have_sense && err->opcode_valid)
		adv = msg_sense_advice(err->opcode, err->key, err->asc, err->ascq);
	render(&c, &a, adv, adv + strlen(adv));
}

static int context_exit(enum msg_context ctx, bool touched)
{
	switch (ctx) {
	case MSG_BURN: return touched ? EXIT_WRITE : EXIT_PREWRITE;
	case MSG_INFO: return EXIT_FAILURE_OTHER;
	case MSG_BLANK: return EXIT_BLANK;
	}
	return EXIT_FAILURE_OTHER;
}

static int class_exit(int code, enum msg_context ctx, bool touched)
{
	switch (code) {
	case DB_OK: return EXIT_OK;
	case DB_EINVAL: return EXIT_USAGE;
	case DB_ENOMEM: return EXIT_FAILURE_OTHER;
	case DB_EUNSAFE: return EXIT_NOT_RECORDER;
	case DB_EMEDIA: case DB_EUNSUPP: return EXIT_MEDIA;
	case DB_ENOSPACE: return EXIT_NO_FIT;
	case DB_EIMAGE: return EXIT_IMAGE;
	case DB_EVERIFY: return EXIT_VERIFY;
	case DB_ECHECKSUM: return EXIT_CHECKSUM;
	case DB_ECANCEL: return EXIT_INTERRUPTED;
	case DB_EHASDATA: return EXIT_HAS_DATA;
	case DB_EDRIVE: return EXIT_DRIVE_CANNOT;
	}
	/* the drive or the OS failed: what it means depends on what was done */
	return context_exit(ctx, touched);
}

int msg_exit_code(const struct db_error *err, enum msg_context ctx)
{
	if (err->code == DB_OK)
		return EXIT_OK;
	enum db_reason r = (unsigned)err->reason < DB_R_COUNT ? err->reason : DB_R_INTERNAL;
	int ex = rows[r].exit;
	if (ex == EX_OPEN) {
		switch (err->os_errno) {
		case EACCES: case EPERM: case EBUSY: case EROFS:
			return EXIT_PERMISSION;
		}
		return EXIT_NO_DEVICE;
	}
	if (ex == EX_CONTEXT)
		return context_exit(ctx, err->touched);
	if (ex == EX_STREAM)
		return ctx == MSG_BURN && err->touched ? EXIT_WRITE : EXIT_IMAGE;
	if (ex >= 0)
		return ex;
	return class_exit(err->code, ctx, err->touched);
}
