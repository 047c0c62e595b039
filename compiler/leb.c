/* leb.c: bounds-checked reads of bytes and LEB128 integers from the input. */
#include "leb.h"

#include <assert.h>

size_t xc_reader_left(const xc_reader *reader)
{
    return reader->end - reader->pos;
}

bool xc_reader_fail(xc_reader *reader, size_t offset, const char *message)
{
    return xc_error_set(reader->error, offset, reader->func_index, "%s", message);
}

/* Reports a read that needs bytes past the reader's end; the item started at offset. */
static bool fail_end(xc_reader *reader, size_t offset)
{
    const char *message = reader->eof_message;
    if (message == NULL)
        message = "unexpected end of section or function";
    return xc_reader_fail(reader, offset, message);
}

bool xc_read_u8(xc_reader *reader, uint8_t *out)
{
    if (reader->pos >= reader->end)
        return fail_end(reader, reader->pos);
    *out = reader->bytes[reader->pos++];
    return true;
}

bool xc_read_bytes(xc_reader *reader, size_t n, const uint8_t **out)
{
    if (n > xc_reader_left(reader))
        return fail_end(reader, reader->pos);
    *out = reader->bytes + reader->pos;
    reader->pos += n;
    return true;
}

/*
 * Reads an LEB128 of at most `bits` bits into *out (zero- or sign-extended
 * to 64 bits). The last permitted byte must not continue and its bits above
 * the value's width must be zero (unsigned) or copies of the sign bit.
 */
static bool read_leb(xc_reader *reader, unsigned bits, bool is_signed, uint64_t *out)
{
    size_t start = reader->pos;
    unsigned max_bytes = (bits + 6) / 7;
    uint64_t value = 0;
    unsigned shift = 0;
    for (unsigned i = 0; i < max_bytes; i++) {
        if (reader->pos >= reader->end)
            return fail_end(reader, start);
        size_t at = reader->pos;
        uint8_t byte = reader->bytes[reader->pos++];
        if (i == max_bytes - 1) {
            if (byte & 0x80)
                return xc_reader_fail(reader, at, "integer representation too long");
            unsigned used = bits - shift; /* value bits in this byte, 1..7 */
            uint8_t extra = (uint8_t)(byte & 0x7f) >> used;
            uint8_t all = (uint8_t)(0x7f >> used);
            bool negative = is_signed && ((byte >> (used - 1)) & 1);
            if (extra != (negative ? all : 0))
                return xc_reader_fail(reader, at, "integer too large");
        }
        value |= (uint64_t)(byte & 0x7f) << shift;
        shift += 7;
        if (!(byte & 0x80)) {
            if (is_signed && shift < 64 && (byte & 0x40))
                value |= ~(uint64_t)0 << shift;
            *out = value;
            return true;
        }
    }
    assert(!"the last permitted byte always ends the loop");
    return false;
}

bool xc_read_u32(xc_reader *reader, uint32_t *out)
{
    uint64_t value;
    if (!read_leb(reader, 32, false, &value))
        return false;
    *out = (uint32_t)value;
    return true;
}

bool xc_read_s32(xc_reader *reader, int32_t *out)
{
    uint64_t value;
    if (!read_leb(reader, 32, true, &value))
        return false;
    *out = (int32_t)(uint32_t)value;
    return true;
}

bool xc_read_s33(xc_reader *reader, int64_t *out)
{
    uint64_t value;
    if (!read_leb(reader, 33, true, &value))
        return false;
    *out = (int64_t)value;
    return true;
}

bool xc_read_s64(xc_reader *reader, int64_t *out)
{
    uint64_t value;
    if (!read_leb(reader, 64, true, &value))
        return false;
    *out = (int64_t)value;
    return true;
}

bool xc_read_fixed32(xc_reader *reader, uint32_t *out)
{
    const uint8_t *p = NULL;
    if (!xc_read_bytes(reader, 4, &p))
        return false;
    *out = (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
    return true;
}

bool xc_read_fixed64(xc_reader *reader, uint64_t *out)
{
    uint32_t lo, hi;
    if (!xc_read_fixed32(reader, &lo) || !xc_read_fixed32(reader, &hi))
        return false;
    *out = (uint64_t)hi << 32 | lo;
    return true;
}

bool xc_read_count(xc_reader *reader, uint32_t *out)
{
    size_t start = reader->pos;
    if (!xc_read_u32(reader, out))
        return false;
    if (*out > xc_reader_left(reader)) {
        /* Like the reference interpreter: absurd lengths are "out of bounds", short contents "end". */
        if (*out > reader->end)
            return xc_reader_fail(reader, start, "length out of bounds");
        return fail_end(reader, reader->end);
    }
    return true;
}
