/* SPDX-License-Identifier: GPL-3.0-or-later */
/* audio.c — audio files as layout pieces (see audio.h). */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <sndfile.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "image/audio.h"

#define HEADER_SCAN (1u << 20)          /* WAV chunks searched for "data" */

static uint32_t le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static uint16_t le16(const uint8_t *p)
{
	return (uint16_t)(p[0] | p[1] << 8);
}

static uint32_t rd_be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | (uint32_t)p[3];
}

int audio_wav_data(const uint8_t *buf, size_t len, uint64_t file_size,
		   uint64_t *offset, uint64_t *size)
{
	if (len < 12 || memcmp(buf, "RIFF", 4) || memcmp(buf + 8, "WAVE", 4))
		return -1;
	bool fmt_ok = false;
	size_t pos = 12;
	while (pos + 8 <= len) {
		const uint8_t *c = buf + pos;
		uint64_t csize = le32(c + 4);
		if (!memcmp(c, "fmt ", 4)) {
			if (csize < 16 || pos + 8 + 16 > len)
				return -1;
			const uint8_t *f = c + 8;
			unsigned tag = le16(f);
			if (tag == 0xFFFE && csize >= 40 && pos + 8 + 40 <= len)
				tag = le16(f + 24);     /* WAVE_FORMAT_EXTENSIBLE: the sub-format */
			fmt_ok = tag == 1 && le16(f + 2) == 2 && le32(f + 4) == 44100 &&
				 le16(f + 12) == 4 && le16(f + 14) == 16;
		} else if (!memcmp(c, "data", 4)) {
			if (!fmt_ok)
				return -1;
			uint64_t start = pos + 8;
			if (start > file_size)
				return -1;
			if (csize > file_size - start)
				csize = file_size - start;  /* a streamed WAV's size is often wrong */
			*offset = start;
			*size = csize;
			return 0;
		}
		pos += 8 + csize + (csize & 1);
		if (pos < 8 + csize)            /* overflow on 32-bit size_t */
			return -1;
	}
	return -1;
}

/* Sun/NeXT .au with 16-bit linear PCM, stereo, 44.1 kHz. */
static int au_data(const uint8_t *buf, size_t len, uint64_t file_size,
		   uint64_t *offset, uint64_t *size)
{
	if (len < 24 || memcmp(buf, ".snd", 4))
		return -1;
	uint32_t off = rd_be32(buf + 4), dsize = rd_be32(buf + 8);
	if (rd_be32(buf + 12) != 3 || rd_be32(buf + 16) != 44100 || rd_be32(buf + 20) != 2 ||
	    off < 24 || off > file_size)
		return -1;
	uint64_t avail = file_size - off;
	*offset = off;
	*size = dsize == 0xFFFFFFFFu || dsize > avail ? avail : dsize;
	return 0;
}

static const char *sample_name(int subtype)
{
	switch (subtype) {
	case SF_FORMAT_PCM_S8: case SF_FORMAT_PCM_U8: return "8-bit";
	case SF_FORMAT_PCM_16: return "16-bit";
	case SF_FORMAT_PCM_24: return "24-bit";
	case SF_FORMAT_PCM_32: return "32-bit";
	case SF_FORMAT_FLOAT: return "32-bit float";
	case SF_FORMAT_DOUBLE: return "64-bit float";
	case SF_FORMAT_ULAW: return "u-law";
	case SF_FORMAT_ALAW: return "A-law";
	case SF_FORMAT_IMA_ADPCM: case SF_FORMAT_MS_ADPCM: return "ADPCM";
	case SF_FORMAT_ALAC_20: return "20-bit";
	case SF_FORMAT_ALAC_24: return "24-bit";
	case SF_FORMAT_ALAC_32: return "32-bit";
	}
	return "not 16-bit";
}

/* Encodings whose decoding to 16 bits loses nothing a CD could hold: 16-bit
 * PCM and the lossy codecs (which have no sample size of their own). */
static bool subtype_ok(int subtype)
{
	switch (subtype) {
	case SF_FORMAT_PCM_16:
	case SF_FORMAT_ALAC_16:
	case SF_FORMAT_VORBIS:
	case SF_FORMAT_OPUS:
	case SF_FORMAT_MPEG_LAYER_I:
	case SF_FORMAT_MPEG_LAYER_II:
	case SF_FORMAT_MPEG_LAYER_III:
		return true;
	}
	return false;
}

static const char *major_name(int major)
{
	switch (major) {
	case SF_FORMAT_WAV: case SF_FORMAT_WAVEX: return "wav";
	case SF_FORMAT_RF64: return "rf64";
	case SF_FORMAT_W64: return "w64";
	case SF_FORMAT_AIFF: return "aiff";
	case SF_FORMAT_AU: return "au";
	case SF_FORMAT_FLAC: return "flac";
	case SF_FORMAT_OGG: return "ogg";
	case SF_FORMAT_MPEG: return "mp3";
	case SF_FORMAT_CAF: return "caf";
	}
	return "audio";
}

/* cdrecord's -audio rule: these suffixes are read by their contents. */
static bool decoded_by_name(const char *path)
{
	static const char *const ext[] = { ".wav", ".au", ".aif", ".aiff", ".aifc", ".flac",
					   ".ogg", ".oga", ".mp3", ".caf", ".w64", ".rf64" };
	size_t n = strlen(path);
	for (size_t i = 0; i < sizeof(ext) / sizeof(ext[0]); i++) {
		size_t e = strlen(ext[i]);
		if (n > e && !strcasecmp(path + n - e, ext[i]))
			return true;
	}
	return false;
}

int audio_open(struct layout *l, const char *path, const char *sheet,
	       enum audio_container container, struct audio_src *out,
	       struct db_error *err)
{
	memset(out, 0, sizeof(*out));
	out->fd = -1;
	const char *name = layout_keep_name(l, path, err);
	if (!name)
		return DB_ENOMEM;
	out->path = name;
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return db_fail(err, DB_R_TRACK_FILE_OPEN, .subject = path, .other = sheet,
			       .os_errno = errno);
	struct stat st;
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		int e = S_ISDIR(st.st_mode) ? EISDIR : errno ? errno : EINVAL;
		close(fd);
		return db_fail(err, DB_R_TRACK_FILE_OPEN, .subject = path, .other = sheet,
			       .os_errno = e);
	}
	int rc = layout_add_file(l, fd, err);
	if (rc < 0)
		return rc;
	out->fd = fd;
	uint64_t size = (uint64_t)st.st_size;

	if (container == AUDIO_BY_NAME)
		container = decoded_by_name(path) ? AUDIO_DECODE : AUDIO_RAW_BE;
	if (container == AUDIO_RAW_BE || container == AUDIO_RAW_LE) {
		out->direct = true;
		out->big_endian = container == AUDIO_RAW_BE;
		out->bytes = size;
		out->format = "raw";
		return 0;
	}

	SF_INFO info;
	memset(&info, 0, sizeof(info));
	if (lseek(fd, 0, SEEK_SET) != 0)
		return db_fail(err, DB_R_TRACK_FILE_OPEN, .subject = path, .other = sheet,
			       .os_errno = errno);
	SNDFILE *sf = sf_open_fd(fd, SFM_READ, &info, SF_FALSE);
	if (!sf)
		return db_fail(err, DB_R_AUDIO_UNREADABLE, .subject = path,
			       .other = sf_strerror(NULL));
	sf_close(sf);
	int major = info.format & SF_FORMAT_TYPEMASK, sub = info.format & SF_FORMAT_SUBMASK;
	out->sf_format = info.format;
	out->format = major_name(major);
	if (info.samplerate != 44100 || info.channels != 2 || !subtype_ok(sub))
		return db_fail(err, DB_R_AUDIO_FORMAT, .subject = path,
			       .n1 = (uint64_t)(info.samplerate > 0 ? info.samplerate : 0),
			       .n2 = (uint64_t)(info.channels > 0 ? info.channels : 0),
			       .what = sample_name(sub));
	if (info.frames < 0 || (uint64_t)info.frames > UINT64_MAX / CD_FRAME_BYTES)
		return db_fail(err, DB_R_AUDIO_UNREADABLE, .subject = path, .other = "length");
	out->bytes = (uint64_t)info.frames * CD_FRAME_BYTES;

	/* PCM WAV and AU: read the samples where they lie. */
	if (sub == SF_FORMAT_PCM_16 && (major == SF_FORMAT_WAV || major == SF_FORMAT_WAVEX ||
					major == SF_FORMAT_AU)) {
		size_t want = size < HEADER_SCAN ? (size_t)size : HEADER_SCAN;
		uint8_t *buf = malloc(want ? want : 1);
		if (!buf)
			return db_fail(err, DB_R_NO_MEMORY);
		ssize_t got = pread(fd, buf, want, 0);
		uint64_t off = 0, dsize = 0;
		int found = got <= 0 ? -1 : major == SF_FORMAT_AU
			? au_data(buf, (size_t)got, size, &off, &dsize)
			: audio_wav_data(buf, (size_t)got, size, &off, &dsize);
		free(buf);
		if (found == 0 && dsize >= out->bytes) {
			out->direct = true;
			out->big_endian = major == SF_FORMAT_AU;
			out->data_offset = off;
		}
	}
	return 0;
}

/* ---- the decoder ------------------------------------------------------------ */

struct dec {
	int fd;                 /* the layout's */
	const char *path;
	SNDFILE *sf;
	uint64_t first, frames, done;   /* in frames */
	uint8_t carry[CD_FRAME_BYTES];  /* a frame split between two reads */
	unsigned ncarry, carry_pos;
};

static void dec_close(void *ctx)
{
	struct dec *d = ctx;
	if (d->sf)
		sf_close(d->sf);
	free(d);
}

static void put_le16(uint8_t *p, short v)
{
	uint16_t u = (uint16_t)v;
	p[0] = (uint8_t)u;
	p[1] = (uint8_t)(u >> 8);
}

static int dec_read(void *ctx, void *buf, size_t len, struct db_error *err)
{
	struct dec *d = ctx;
	uint8_t *o = buf;
	if (!d->sf) {
		if (d->done)            /* asked for more after the end */
			return db_fail(err, DB_R_AUDIO_DECODE, .subject = d->path, .n1 = d->done,
				       .n2 = d->frames);
		SF_INFO info;
		memset(&info, 0, sizeof(info));
		if (lseek(d->fd, 0, SEEK_SET) != 0 ||
		    !(d->sf = sf_open_fd(d->fd, SFM_READ, &info, SF_FALSE)))
			return db_fail(err, DB_R_AUDIO_DECODE, .subject = d->path, .n1 = 0,
				       .n2 = d->frames);
		if (d->first && sf_seek(d->sf, (sf_count_t)d->first, SEEK_SET) < 0)
			return db_fail(err, DB_R_AUDIO_DECODE, .subject = d->path, .n1 = 0,
				       .n2 = d->frames);
	}
	while (len) {
		if (d->carry_pos < d->ncarry) {
			size_t n = d->ncarry - d->carry_pos;
			if (n > len)
				n = len;
			memcpy(o, d->carry + d->carry_pos, n);
			d->carry_pos += (unsigned)n;
			o += n;
			len -= n;
			continue;
		}
		short tmp[2 * 1024];
		uint64_t want = (len + CD_FRAME_BYTES - 1) / CD_FRAME_BYTES;
		if (want > 1024)
			want = 1024;
		if (want > d->frames - d->done)
			return db_fail(err, DB_R_AUDIO_DECODE, .subject = d->path, .n1 = d->done,
				       .n2 = d->frames);
		sf_count_t got = sf_readf_short(d->sf, tmp, (sf_count_t)want);
		if (got <= 0)
			return db_fail(err, DB_R_AUDIO_DECODE, .subject = d->path, .n1 = d->done,
				       .n2 = d->frames);
		d->done += (uint64_t)got;
		for (sf_count_t i = 0; i < got; i++) {
			uint8_t f[CD_FRAME_BYTES];
			put_le16(f, tmp[2 * i]);
			put_le16(f + 2, tmp[2 * i + 1]);
			if (len >= CD_FRAME_BYTES) {
				memcpy(o, f, CD_FRAME_BYTES);
				o += CD_FRAME_BYTES;
				len -= CD_FRAME_BYTES;
			} else if (len) {
				memcpy(o, f, len);
				memcpy(d->carry, f, CD_FRAME_BYTES);
				d->ncarry = CD_FRAME_BYTES;
				d->carry_pos = (unsigned)len;
				o += len;
				len = 0;
			} else {
				/* asked for less than was decoded: cannot happen, want
				 * rounds up by less than a frame */
				return db_fail(err, DB_R_INTERNAL, .what = "decoder overrun");
			}
		}
	}
	if (d->done == d->frames && d->carry_pos >= d->ncarry && d->sf) {
		sf_close(d->sf);        /* the next piece of this file opens its own */
		d->sf = NULL;
	}
	return 0;
}

int audio_add(struct layout *l, const struct audio_src *s, uint64_t offset, uint64_t len,
	      struct db_error *err)
{
	if (!len)
		return 0;
	if (offset > s->bytes || len > s->bytes - offset)
		return db_fail(err, DB_R_INTERNAL, .what = "audio range");
	if (s->direct) {
		struct layout_piece p = { .kind = PIECE_FILE, .fd = s->fd,
					  .offset = s->data_offset + offset, .length = len,
					  .swap16 = s->big_endian, .name = s->path };
		return layout_add_piece(l, &p, err);
	}
	if (offset % CD_FRAME_BYTES || len % CD_FRAME_BYTES)
		return db_fail(err, DB_R_INTERNAL, .what = "audio frame");
	struct dec *d = calloc(1, sizeof(*d));
	if (!d)
		return db_fail(err, DB_R_NO_MEMORY);
	d->fd = s->fd;
	d->path = s->path;
	d->first = offset / CD_FRAME_BYTES;
	d->frames = len / CD_FRAME_BYTES;
	struct layout_piece p = { .kind = PIECE_DECODER, .length = len, .name = s->path,
				  .dec = { dec_read, dec_close, d } };
	int rc = layout_add_piece(l, &p, err);
	if (rc < 0)
		free(d);
	return rc;
}

int layout_add_zero(struct layout *l, uint64_t n, const char *name, struct db_error *err)
{
	if (!n)
		return 0;
	struct layout_piece p = { .kind = PIECE_ZERO, .length = n, .name = name };
	return layout_add_piece(l, &p, err);
}
