/* SPDX-License-Identifier: GPL-3.0-or-later */
/* audiofix.h — fixtures for the audio-CD layout tests: a temporary
 * directory, audio and data files with known samples, and a layout's
 * stream read back the way the producer will read it. */
#ifndef DISCBURN_TEST_AUDIOFIX_H
#define DISCBURN_TEST_AUDIOFIX_H

#include <fcntl.h>
#include <sndfile.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "image/layout.h"

static char fix_root[64];

static inline void fix_rmrf(void)
{
	if (fix_root[0]) {
		char cmd[128];
		snprintf(cmd, sizeof(cmd), "rm -rf '%s'", fix_root);
		if (system(cmd) != 0)
			fprintf(stderr, "could not remove %s\n", fix_root);
		fix_root[0] = '\0';
	}
}

static inline const char *fix_dir(void)
{
	fix_rmrf();
	strcpy(fix_root, "/tmp/discburn-audio.XXXXXX");
	if (!mkdtemp(fix_root))
		abort();
	return fix_root;
}

static inline char *fix_path(const char *name)
{
	static char p[8][512];
	static int k;
	k = (k + 1) % 8;
	snprintf(p[k], sizeof(p[k]), "%s/%s", fix_root, name);
	return p[k];
}

/* The sample of channel ch at frame i of a file with this seed. */
static inline int16_t fix_sample(unsigned seed, uint64_t i, int ch)
{
	uint32_t v = (uint32_t)(i * 7 + seed * 1000 + (unsigned)ch * 3);
	return (int16_t)(v & 0xFFFF ? v & 0x7FFF : 1);
}

static inline void fix_le16(uint8_t *p, int16_t v)
{
	p[0] = (uint8_t)(uint16_t)v;
	p[1] = (uint8_t)((uint16_t)v >> 8);
}

/* CD-DA bytes (little-endian) of frames [0, frames) for seed. */
static inline uint8_t *fix_pcm(unsigned seed, uint64_t frames)
{
	uint8_t *b = malloc(frames * 4 + 1);
	for (uint64_t i = 0; i < frames; i++) {
		fix_le16(b + 4 * i, fix_sample(seed, i, 0));
		fix_le16(b + 4 * i + 2, fix_sample(seed, i, 1));
	}
	return b;
}

static inline void fix_write(const char *name, const void *data, size_t n)
{
	FILE *f = fopen(fix_path(name), "wb");
	if (!f || fwrite(data, 1, n, f) != n || fclose(f) != 0)
		abort();
}

static inline void fix_text(const char *name, const char *text)
{
	fix_write(name, text, strlen(text));
}

/* A raw little-endian (or big-endian) CD-DA file. */
static inline void fix_raw(const char *name, unsigned seed, uint64_t frames, bool big_endian)
{
	uint8_t *b = fix_pcm(seed, frames);
	if (big_endian)
		for (uint64_t i = 0; i < frames * 2; i++) {
			uint8_t t = b[2 * i];
			b[2 * i] = b[2 * i + 1];
			b[2 * i + 1] = t;
		}
	fix_write(name, b, frames * 4);
	free(b);
}

/* A file of n bytes, byte i = (i + seed) & 0xFF (data tracks). */
static inline void fix_data(const char *name, unsigned seed, uint64_t n)
{
	uint8_t *b = malloc(n + 1);
	for (uint64_t i = 0; i < n; i++)
		b[i] = (uint8_t)(i + seed);
	fix_write(name, b, n);
	free(b);
}

/* A 16-bit stereo 44.1 kHz PCM WAV with a LIST chunk before its data. */
static inline void fix_wav(const char *name, unsigned seed, uint64_t frames)
{
	uint64_t n = frames * 4;
	uint8_t *b = malloc(n + 64);
	memcpy(b, "RIFF", 4);
	uint32_t riff = (uint32_t)(n + 56);
	for (int i = 0; i < 4; i++)
		b[4 + i] = (uint8_t)(riff >> 8 * i);
	memcpy(b + 8, "WAVEfmt ", 8);
	const uint8_t fmt[20] = { 16, 0, 0, 0, 1, 0, 2, 0, 0x44, 0xAC, 0, 0,
				  0x10, 0xB1, 0x02, 0, 4, 0, 16, 0 };
	memcpy(b + 16, fmt, 20);
	memcpy(b + 36, "LIST\x04\0\0\0INFO", 12);
	memcpy(b + 48, "data", 4);
	for (int i = 0; i < 4; i++)
		b[52 + i] = (uint8_t)((uint32_t)n >> 8 * i);
	uint8_t *pcm = fix_pcm(seed, frames);
	memcpy(b + 56, pcm, n);
	free(pcm);
	fix_write(name, b, n + 56);
	free(b);
}

/* A file libsndfile writes: format SF_FORMAT_FLAC | SF_FORMAT_PCM_16 etc. */
static inline void fix_sf(const char *name, int format, int rate, int channels, unsigned seed,
		   uint64_t frames)
{
	SF_INFO info = { .samplerate = rate, .channels = channels, .format = format };
	SNDFILE *sf = sf_open(fix_path(name), SFM_WRITE, &info);
	if (!sf)
		abort();
	short *s = malloc(frames * (size_t)channels * sizeof(short) + 2);
	for (uint64_t i = 0; i < frames; i++)
		for (int c = 0; c < channels; c++)
			s[i * (uint64_t)channels + (uint64_t)c] = fix_sample(seed, i, c);
	if (sf_writef_short(sf, s, (sf_count_t)frames) != (sf_count_t)frames)
		abort();
	sf_close(sf);
	free(s);
}

/* The whole stream of l, as the producer reads it. */
static inline uint8_t *fix_stream(const struct layout *l)
{
	uint8_t *out = malloc(l->stream_bytes + 1);
	uint64_t pos = 0;
	for (unsigned i = 0; i < l->npieces; i++) {
		const struct layout_piece *p = &l->piece[i];
		uint8_t *o = out + pos;
		switch (p->kind) {
		case PIECE_ZERO:
			memset(o, 0, p->length);
			break;
		case PIECE_FILE:
			if (pread(p->fd, o, p->length, (off_t)p->offset) != (ssize_t)p->length)
				abort();
			if (p->swap16)
				for (uint64_t k = 0; k + 1 < p->length; k += 2) {
					uint8_t t = o[k];
					o[k] = o[k + 1];
					o[k + 1] = t;
				}
			break;
		case PIECE_DECODER: {
			/* in odd-sized reads, to exercise the frame carry */
			uint64_t done = 0;
			size_t step = 1001;
			while (done < p->length) {
				size_t n = p->length - done < step ? (size_t)(p->length - done) : step;
				struct db_error err;
				if (p->dec.read(p->dec.ctx, o + done, n, &err) != 0)
					abort();
				done += n;
				step = step == 1001 ? 3 : 1001;
			}
			break;
		}
		case PIECE_READER: {
			struct db_error err;
			if (p->rd.read_at(p->rd.ctx, p->offset, o, p->length, &err) != 0)
				abort();
			break;
		}
		}
		pos += p->length;
	}
	return out;
}

/* A layout's report as "key=value" lines. */
static inline int fix_fact(void *ctx, const struct fact *f)
{
	char *b = ctx;
	size_t n = strlen(b);
	if (n + 300 > 65536)
		return 1;
	switch (f->type) {
	case FACT_STR: snprintf(b + n, 65536 - n, "%s=%s\n", f->key, f->str); break;
	case FACT_U64: snprintf(b + n, 65536 - n, "%s=%llu\n", f->key,
				(unsigned long long)f->u64); break;
	case FACT_BOOL: snprintf(b + n, 65536 - n, "%s=%s\n", f->key,
				 f->b ? "true" : "false"); break;
	}
	return 0;
}

static inline const char *fix_report(const struct layout *l, const struct layout_problems *pr)
{
	static char buf[65536];
	buf[0] = '\0';
	layout_report(l, pr, fix_fact, buf);
	return buf;
}

#endif
