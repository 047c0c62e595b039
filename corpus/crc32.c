/*
 * crc32 - checksums as used by bootloaders and link layers:
 * table-driven and bitwise CRC-32 (IEEE 802.3), CRC-32C (Castagnoli),
 * CRC-16/CCITT-FALSE and Adler-32, checked against the catalogue check
 * values for "123456789" and cross-checked on a 4 KiB pseudo-random buffer.
 */
#include "applet.h"

#define BUF_LEN 2048

static u32 crc32_table[256];
static u32 crc32c_table[256];
static u16 crc16_table[256];
static u8 buffer[BUF_LEN];
static int failures;

static void make_reflected_table(u32 *table, u32 poly)
{
    for (u32 i = 0; i < 256; i++) {
        u32 c = i;
        for (int k = 0; k < 8; k++)
            c = (c & 1u) ? (c >> 1) ^ poly : c >> 1;
        table[i] = c;
    }
}

static void make_crc16_table(void)
{
    for (u32 i = 0; i < 256; i++) {
        u16 c = (u16)(i << 8);
        for (int k = 0; k < 8; k++)
            c = (c & 0x8000u) ? (u16)((c << 1) ^ 0x1021u) : (u16)(c << 1);
        crc16_table[i] = c;
    }
}

/* Incremental: pass 0 as the initial crc. */
static u32 crc_reflected_update(const u32 *table, u32 crc, const u8 *p, int n)
{
    crc = ~crc;
    for (int i = 0; i < n; i++)
        crc = table[(crc ^ p[i]) & 0xffu] ^ (crc >> 8);
    return ~crc;
}

static u32 crc32_bitwise(const u8 *p, int n)
{
    u32 crc = 0xffffffffu;
    while (n-- > 0) {
        crc ^= *p++;
        for (int k = 0; k < 8; k++) {
            u32 mask = 0u - (crc & 1u);
            crc = (crc >> 1) ^ (0xedb88320u & mask);
        }
    }
    return ~crc;
}

static u16 crc16_ccitt(const u8 *p, int n)
{
    u16 crc = 0xffffu;
    for (int i = 0; i < n; i++)
        crc = (u16)((crc << 8) ^ crc16_table[((crc >> 8) ^ p[i]) & 0xffu]);
    return crc;
}

static u16 crc16_ccitt_bitwise(const u8 *p, int n)
{
    u16 crc = 0xffffu;
    for (int i = 0; i < n; i++) {
        crc ^= (u16)(p[i] << 8);
        for (int k = 0; k < 8; k++)
            crc = (crc & 0x8000u) ? (u16)((crc << 1) ^ 0x1021u) : (u16)(crc << 1);
    }
    return crc;
}

static u32 adler32(const u8 *p, int n)
{
    u32 a = 1, b = 0;
    for (int i = 0; i < n; i++) {
        a = (a + p[i]) % 65521u;
        b = (b + a) % 65521u;
    }
    return (b << 16) | a;
}

static void check(const char *name, u32 got, u32 want)
{
    print_cstr(name);
    print_cstr(" = ");
    print_hex32(got);
    if (got == want) {
        print_cstr(" ok\n");
    } else {
        print_cstr(" FAIL want ");
        print_hex32(want);
        print_nl();
        failures++;
    }
}

int run(void)
{
    static const char check_str[] = "123456789";
    const u8 *cs = (const u8 *)check_str;
    u32 seed = 0x1234567u;
    u32 sum = 0;

    make_reflected_table(crc32_table, 0xedb88320u);
    make_reflected_table(crc32c_table, 0x82f63b78u);
    make_crc16_table();

    check("crc32", crc_reflected_update(crc32_table, 0, cs, 9), 0xcbf43926u);
    check("crc32-bitwise", crc32_bitwise(cs, 9), 0xcbf43926u);
    check("crc32c", crc_reflected_update(crc32c_table, 0, cs, 9), 0xe3069283u);
    check("crc16-ccitt", crc16_ccitt(cs, 9), 0x29b1u);
    check("crc16-ccitt-bitwise", crc16_ccitt_bitwise(cs, 9), 0x29b1u);
    check("adler32", adler32((const u8 *)"Wikipedia", 9), 0x11e60398u);
    check("crc32-empty", crc_reflected_update(crc32_table, 0, cs, 0), 0);

    for (int i = 0; i < BUF_LEN; i++)
        buffer[i] = (u8)(xorshift32(&seed) >> 24);

    u32 whole = crc_reflected_update(crc32_table, 0, buffer, BUF_LEN);
    print_kv_hex32("crc32(buf) = ", whole);
    check("crc32(buf) bitwise", crc32_bitwise(buffer, BUF_LEN), whole);

    /* incremental update over irregular chunk sizes must match one-shot */
    u32 inc = 0;
    int pos = 0, chunk = 1;
    while (pos < BUF_LEN) {
        int len = chunk;
        if (len > BUF_LEN - pos)
            len = BUF_LEN - pos;
        inc = crc_reflected_update(crc32_table, inc, buffer + pos, len);
        pos += len;
        chunk = chunk * 3 + 1;
        if (chunk > 700)
            chunk -= 690;
    }
    check("crc32(buf) chunked", inc, whole);

    u32 c32c = crc_reflected_update(crc32c_table, 0, buffer, BUF_LEN);
    print_kv_hex32("crc32c(buf) = ", c32c);
    u16 c16 = crc16_ccitt(buffer, BUF_LEN);
    check("crc16(buf) bitwise", crc16_ccitt_bitwise(buffer, BUF_LEN), c16);
    u32 ad = adler32(buffer, BUF_LEN);
    print_kv_hex32("adler32(buf) = ", ad);

    /* appending the little-endian CRC gives the fixed residue 0x2144df1c */
    u8 tail[13];
    for (int i = 0; i < 9; i++)
        tail[i] = cs[i];
    u32 c = crc_reflected_update(crc32_table, 0, cs, 9);
    for (int i = 0; i < 4; i++)
        tail[9 + i] = (u8)(c >> (8 * i));
    check("crc32 residue", crc_reflected_update(crc32_table, 0, tail, 13), 0x2144df1cu);

    /* single-bit error detection: flip each bit of the first 32 bytes */
    int detected = 0;
    u32 base = crc_reflected_update(crc32_table, 0, buffer, 32);
    for (int bit = 0; bit < 32 * 8; bit++) {
        buffer[bit >> 3] ^= (u8)(1u << (bit & 7));
        if (crc_reflected_update(crc32_table, 0, buffer, 32) != base)
            detected++;
        buffer[bit >> 3] ^= (u8)(1u << (bit & 7));
    }
    print_kv_i32("single-bit errors detected: ", detected);

    sum = mix32(sum, whole);
    sum = mix32(sum, c32c);
    sum = mix32(sum, c16);
    sum = mix32(sum, ad);
    sum = mix32(sum, (u32)detected);
    print_kv_i32("failures: ", failures);
    return failures ? -1 : (int)(sum & 0x7fffffffu);
}
