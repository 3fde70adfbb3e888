/* SPDX-License-Identifier: GPL-3.0-or-later */
/* checksum.h — the digest an image is expected to have.
 *
 * The user names it with --sha256 HEX or --checksum-file FILE (SHA256SUMS,
 * foo.iso.sha256, ...). This module only produces the expected 32-byte
 * SHA-256; the streaming digest of what is burnt is computed elsewhere
 * (src/sha256.c) and compared by the caller.
 *
 * Checksum files understood, one entry per line, CRLF or LF:
 *   GNU coreutils   "<64 hex>  name"  or  "<64 hex> *name"  (binary mode),
 *                   and the escaped form "\<64 hex>  na\\me" (\\ and \n);
 *   BSD / tagged    "SHA256 (name) = <64 hex>";
 *   bare            a file holding only the 64 hex digits.
 * Lines that match none of these (comments, a PGP signature around the
 * list) are skipped; "- " dash-escaping of clear-signed files is undone.
 * An entry matches when the base name of its file name equals the base name
 * of the image, so "./debian.iso" and "isos/debian.iso" both match
 * "debian.iso". Hex digits may be upper or lower case.
 */
#ifndef DISCBURN_CHECKSUM_H
#define DISCBURN_CHECKSUM_H

#include <stddef.h>
#include <stdint.h>
#include "base/err.h"

#define CHECKSUM_SHA256_LEN 32
#define CHECKSUM_FILE_MAX (16u << 20)   /* larger files are refused */

/* Parse a --sha256 argument: exactly 64 hex digits, surrounding blanks
 * allowed, an optional "sha256:" prefix. Returns 0 or DB_EINVAL. */
int checksum_parse_sha256(const char *hex, uint8_t out[CHECKSUM_SHA256_LEN],
			  struct db_error *err);

/* Find the SHA-256 of image_path (only its base name is used) in the
 * checksum file at sums_path. Returns 0 with out filled; DB_EIMAGE if the
 * file cannot be read or is too large; DB_ECHECKSUM when the image is not
 * listed, listed with two different digests, or listed with a digest of
 * another algorithm (SHA-1, SHA-512...): err says which in one sentence. */
int checksum_find_sha256(const char *sums_path, const char *image_path,
			 uint8_t out[CHECKSUM_SHA256_LEN], struct db_error *err);

/* The same on text already in memory; sums_name is used in messages. */
int checksum_find_sha256_mem(const char *text, size_t len,
			     const char *sums_name, const char *image_path,
			     uint8_t out[CHECKSUM_SHA256_LEN],
			     struct db_error *err);

/* Lower-case hex of a digest, 64 characters plus NUL. */
void checksum_to_hex(const uint8_t digest[CHECKSUM_SHA256_LEN],
		     char out[2 * CHECKSUM_SHA256_LEN + 1]);

#endif
