/* SPDX-License-Identifier: GPL-3.0-or-later */
/* source.h — the producer: reads the stream into the ring in its own thread.
 *
 * The stream is a list of pieces (src/image/layout.h): runs of files (read
 * with pread, or with read() in order for a pipe, whose read may wait),
 * runs of zeros, decoders' output. The thread reads large blocks straight
 * into the ring, hashes the stream with SHA-256 on the way (no second read;
 * not at all when nobody wants the digest: source_skip_digest)
 * and stops at the end of the last piece. Every way the stream can go wrong
 * reaches the writer through ring_finish() before the writer sees end of
 * data, so it fails before it closes the track:
 *   - a piece ends early (a file shrank since the burn was planned, stdin
 *     closed early): DB_EIMAGE;
 *   - read() fails: DB_EOS;
 *   - an expected digest was given and the stream's differs: DB_ECHECKSUM.
 * A clean stream ends with ring_finish(ring, 0).
 *
 * Threads: source_new, source_expect_digest, source_start, source_join and
 * source_close belong to one controlling thread; source_cancel and
 * source_bytes_read may be called from any thread while the source runs.
 */
#ifndef DISCBURN_SOURCE_H
#define DISCBURN_SOURCE_H

#include <stdint.h>
#include "base/err.h"
#include "image/layout.h"
#include "pipeline/ring.h"
#include "base/sha256.h"

struct source;

/* A source of the n pieces (copied; the files they name must stay open
 * until source_close). name is used in messages. Returns 0, DB_EOS or
 * DB_ENOMEM. */
int source_new(const struct layout_piece *pieces, unsigned n, const char *name,
	       struct source **out, struct db_error *err);

/* Bytes the source will deliver: the sum of its pieces. */
uint64_t source_size(const struct source *src);

/* Require the stream to have this SHA-256, given as 64 hex digits; checked at
 * the end, before ring_finish. Call before source_start. Returns 0 or
 * DB_EINVAL (not a SHA-256 in hex). */
int source_expect_digest(struct source *src, const char *hex,
			 struct db_error *err);

/* Spawn the producer thread filling ring. Call once. The ring must outlive
 * source_join. Returns 0, DB_ESTATE (already started) or DB_EOS. */
int source_start(struct source *src, struct ring *ring);

/* Hash in a thread of its own that reads the ring as reader `reader` (the
 * ring must have been made with that reader to spare), instead of in the
 * producer: the producer then reads ahead while the hash runs on another
 * core. The contract is unchanged: the producer ends the stream
 * (ring_finish) only once the digest is known and checked, so readers still
 * see a checksum mismatch before end of data. Call before source_start;
 * DB_ESTATE after. */
int source_hash_in_thread(struct source *src, unsigned reader);

/* Compute no digest: nobody will ask for one (source_digest then stays
 * NULL), and SHA-256 is most of the pipeline's CPU. Not with an expected
 * digest (DB_ESTATE), nor after source_start. */
int source_skip_digest(struct source *src);

/* Ask the thread to stop: cancels the ring and interrupts a read() waiting
 * on a pipe. Safe from any thread (it takes a mutex, so not from a signal
 * handler: use a thread that sigwait()s). Harmless before source_start. */
void source_cancel(struct source *src);

/* Wait for the thread; returns its result (0, DB_EIMAGE, DB_EOS,
 * DB_ECHECKSUM, DB_ECANCEL) and fills err with the details. */
int source_join(struct source *src, struct db_error *err);

/* Bytes read from the source so far (any thread, for progress). */
uint64_t source_bytes_read(const struct source *src);

/* The digest of the whole stream, or NULL while it is not known. It is
 * known before the stream ends cleanly for the readers, so a reader that
 * got the clean end of data from the ring may ask for it from its own
 * thread; after source_join it is known unless the stream failed (with
 * DB_ECHECKSUM it is the digest actually read). */
const uint8_t *source_digest(const struct source *src);

/* Cancel and join a running thread, close the file (not stdin), free. */
void source_close(struct source *src);

#endif
