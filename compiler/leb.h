/*
 * leb.h: a bounds-checked byte reader over the Wasm input, with the LEB128
 * integer forms of the binary format. Every read either succeeds and
 * advances, or records a malformed-input error (with the byte offset) in
 * the reader's error and returns false. Offsets are absolute file offsets.
 */
#ifndef XC_LEB_H
#define XC_LEB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "diag.h"

typedef struct xc_reader {
    const uint8_t *bytes; /* the whole input */
    size_t pos;           /* next byte to read */
    size_t end;           /* reads stop here (section, body or file end) */
    xc_error *error;
    uint32_t func_index;  /* reported with errors; XC_NO_FUNC outside code */
    const char *eof_message; /* message for reads past end; NULL: the in-section one */
} xc_reader;

/* Bytes left before the reader's end. */
size_t xc_reader_left(const xc_reader *reader);

/* Records a malformed-input error at offset; always returns false. */
bool xc_reader_fail(xc_reader *reader, size_t offset, const char *message);

/* Reads one byte. */
bool xc_read_u8(xc_reader *reader, uint8_t *out);

/* Reads n raw bytes; *out points into the input. */
bool xc_read_bytes(xc_reader *reader, size_t n, const uint8_t **out);

/* Reads an unsigned LEB128 of at most 32 bits. */
bool xc_read_u32(xc_reader *reader, uint32_t *out);

/* Reads a signed LEB128 of at most 32 bits. */
bool xc_read_s32(xc_reader *reader, int32_t *out);

/* Reads a signed LEB128 of at most 33 bits (block types). */
bool xc_read_s33(xc_reader *reader, int64_t *out);

/* Reads a signed LEB128 of at most 64 bits. */
bool xc_read_s64(xc_reader *reader, int64_t *out);

/* Reads a little-endian 32-bit word. */
bool xc_read_fixed32(xc_reader *reader, uint32_t *out);

/* Reads a little-endian 64-bit word. */
bool xc_read_fixed64(xc_reader *reader, uint64_t *out);

/*
 * Reads a vector length and checks it against the bytes left (every element
 * takes at least one byte), so callers may allocate that many elements.
 */
bool xc_read_count(xc_reader *reader, uint32_t *out);

#endif /* XC_LEB_H */
