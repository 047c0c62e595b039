/* decode_types.c: the decode pass's readers for types, limits and names. */
#include "decode_internal.h"
#include "xip_checked.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void *xc_alloc_array(size_t count, size_t size)
{
    void *array = calloc(count > 0 ? count : 1, size);
    if (array == NULL) {
        fprintf(stderr, "xipwasm: out of memory\n");
        abort();
    }
    return array;
}

void *xc_grow_array(void *array, size_t *capacity, size_t needed, size_t size)
{
    if (needed <= *capacity)
        return array;
    size_t new_capacity = *capacity > 0 ? *capacity : 16, bytes = 0;
    while (new_capacity < needed)
        new_capacity = new_capacity <= SIZE_MAX / 2 ? new_capacity * 2 : needed;
    void *grown = xip_mul_size(new_capacity, size, &bytes) ? realloc(array, bytes) : NULL;
    if (grown == NULL) {
        fprintf(stderr, "xipwasm: out of memory\n");
        abort();
    }
    *capacity = new_capacity;
    return grown;
}

bool xc_read_valtype(xc_reader *reader, wasm_valtype *out)
{
    size_t at = reader->pos;
    uint8_t byte;
    if (!xc_read_u8(reader, &byte))
        return false;
    switch (byte) {
    case WASM_I32:
    case WASM_I64:
    case WASM_F32:
    case WASM_F64:
    case WASM_FUNCREF:
    case WASM_EXTERNREF:
        *out = byte;
        return true;
    case WASM_V128:
        return xc_reader_fail(reader, at, "malformed value type: v128 (SIMD) is not supported");
    default:
        if (byte < WASM_FUNCREF)
            return xc_reader_fail(reader, at, "malformed reference type");
        return xc_reader_fail(reader, at, "malformed value type");
    }
}

bool xc_read_reftype(xc_reader *reader, wasm_valtype *out)
{
    size_t at = reader->pos;
    uint8_t byte;
    if (!xc_read_u8(reader, &byte))
        return false;
    if (byte != WASM_FUNCREF && byte != WASM_EXTERNREF)
        return xc_reader_fail(reader, at, "malformed reference type");
    *out = byte;
    return true;
}

/*
 * Reads a limits flags byte, which the binary format treats as a one-byte
 * integer: a continuation bit is "too long", an unknown value "too large".
 */
static bool read_limits_flags(xc_reader *reader, uint8_t allowed_mask, uint8_t *out)
{
    size_t at = reader->pos;
    if (!xc_read_u8(reader, out))
        return false;
    if (*out & 0x80)
        return xc_reader_fail(reader, at, "integer representation too long");
    if (*out & ~allowed_mask & 0x02)
        return xc_reader_fail(reader, at, "integer too large (shared limits: the threads proposal is not supported)");
    if (*out & ~allowed_mask & 0x04)
        return xc_reader_fail(reader, at, "integer too large (64-bit limits: the memory64 proposal is not supported)");
    if (*out & ~allowed_mask)
        return xc_reader_fail(reader, at, "integer too large");
    return true;
}

/* Reads min and, if has_max, max as u32. */
static bool read_limits_values(xc_reader *reader, bool has_max, wasm_limits *out)
{
    uint32_t min, max = 0;
    if (!xc_read_u32(reader, &min))
        return false;
    if (has_max && !xc_read_u32(reader, &max))
        return false;
    out->min = min;
    out->max = max;
    out->has_max = has_max;
    return true;
}

bool xc_read_table_type(xc_reader *reader, wasm_table_type *out)
{
    uint8_t flags;
    out->offset = reader->pos;
    if (!xc_read_reftype(reader, &out->elem_type) || !read_limits_flags(reader, 0x01, &flags))
        return false;
    return read_limits_values(reader, flags & 0x01, &out->limits);
}

bool xc_read_memory_type(xc_reader *reader, wasm_memory_type *out)
{
    uint8_t flags;
    /* bit 0: has max; bit 3: custom page size follows (custom-page-sizes proposal) */
    if (!read_limits_flags(reader, 0x09, &flags) || !read_limits_values(reader, flags & 0x01, &out->limits))
        return false;
    out->page_size_log2 = 16;
    if (flags & 0x08) {
        size_t at = reader->pos;
        uint32_t log2;
        if (!xc_read_u32(reader, &log2))
            return false;
        if (log2 > 64)
            return xc_reader_fail(reader, at, "invalid custom page size");
        /* Validation accepts only 0 and 16; other exponents are invalid, not malformed. */
        out->page_size_log2 = log2;
    }
    return true;
}

bool xc_read_global_type(xc_reader *reader, wasm_global_type *out)
{
    if (!xc_read_valtype(reader, &out->type))
        return false;
    size_t at = reader->pos;
    uint8_t mutability;
    if (!xc_read_u8(reader, &mutability))
        return false;
    if (mutability > 1)
        return xc_reader_fail(reader, at, "malformed mutability");
    out->mutable_ = mutability == 1;
    return true;
}

/* Length of the UTF-8 sequence starting at bytes[0..left), or 0 when it is malformed. */
static size_t utf8_sequence(const uint8_t *bytes, size_t left)
{
    uint8_t lead = bytes[0];
    size_t length;
    uint8_t low = 0x80, high = 0xbf; /* range of the first continuation byte */
    if (lead < 0x80)
        return 1;
    if (lead >= 0xc2 && lead <= 0xdf)
        length = 2;
    else if (lead >= 0xe0 && lead <= 0xef)
        length = 3;
    else if (lead >= 0xf0 && lead <= 0xf4)
        length = 4;
    else
        return 0;
    if (lead == 0xe0)
        low = 0xa0; /* overlong */
    else if (lead == 0xed)
        high = 0x9f; /* surrogates */
    else if (lead == 0xf0)
        low = 0x90; /* overlong */
    else if (lead == 0xf4)
        high = 0x8f; /* above U+10FFFF */
    if (left < length || bytes[1] < low || bytes[1] > high)
        return 0;
    for (size_t i = 2; i < length; i++)
        if (bytes[i] < 0x80 || bytes[i] > 0xbf)
            return 0;
    return length;
}

bool xc_utf8_valid(const uint8_t *bytes, size_t size)
{
    size_t i = 0;
    while (i < size) {
        size_t length = utf8_sequence(bytes + i, size - i);
        if (length == 0)
            return false;
        i += length;
    }
    return true;
}

bool xc_read_name(xc_reader *reader, char **out, uint32_t *out_len)
{
    size_t at = reader->pos;
    uint32_t length;
    const uint8_t *bytes = NULL;
    if (!xc_read_u32(reader, &length))
        return false;
    if (length > xc_reader_left(reader))
        return xc_reader_fail(reader, at, "length out of bounds");
    size_t text_at = reader->pos;
    if (!xc_read_bytes(reader, length, &bytes))
        return false;
    if (!xc_utf8_valid(bytes, length))
        return xc_reader_fail(reader, text_at, "malformed UTF-8 encoding");
    if (out != NULL) {
        char *copy = xc_alloc_array((size_t)length + 1, 1);
        memcpy(copy, bytes, length);
        copy[length] = '\0';
        *out = copy;
    }
    *out_len = length;
    return true;
}
