/*
 * base64 - RFC 4648 base64 and base64url encode/decode with a decode table
 * built at start-up (signed 8-bit entries, -1 = invalid), checked against
 * the RFC test vectors, round trips of pseudo-random data and rejection of
 * malformed input.
 */
#include "applet.h"

static const char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
static const char alphabet_url[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

static i8 decode_table[256];
static i8 decode_table_url[256];
static int failures;

static void build_table(i8 *t, const char *alpha)
{
    for (int i = 0; i < 256; i++)
        t[i] = -1;
    for (int i = 0; i < 64; i++)
        t[(u8)alpha[i]] = (i8)i;
}

/* Returns the encoded length; pad selects '=' padding. */
static int encode(const u8 *in, int n, char *out, const char *alpha, int pad)
{
    int o = 0, i = 0;
    for (; i + 3 <= n; i += 3) {
        u32 v = ((u32)in[i] << 16) | ((u32)in[i + 1] << 8) | in[i + 2];
        out[o++] = alpha[(v >> 18) & 63];
        out[o++] = alpha[(v >> 12) & 63];
        out[o++] = alpha[(v >> 6) & 63];
        out[o++] = alpha[v & 63];
    }
    int rest = n - i;
    if (rest) {
        u32 v = (u32)in[i] << 16;
        if (rest == 2)
            v |= (u32)in[i + 1] << 8;
        out[o++] = alpha[(v >> 18) & 63];
        out[o++] = alpha[(v >> 12) & 63];
        if (rest == 2)
            out[o++] = alpha[(v >> 6) & 63];
        else if (pad)
            out[o++] = '=';
        if (pad)
            out[o++] = '=';
    }
    return o;
}

/* Returns the decoded length or -1 on malformed input.  Padding is
 * optional, but if present it must be correct. */
static int decode(const char *in, int n, u8 *out, const i8 *table)
{
    int o = 0;
    u32 acc = 0;
    int bits = 0, pads = 0, quads = 0;
    for (int i = 0; i < n; i++) {
        u8 c = (u8)in[i];
        if (c == '=') {
            pads++;
            continue;
        }
        if (pads)
            return -1; /* data after padding */
        int v = table[c];
        if (v < 0)
            return -1;
        acc = (acc << 6) | (u32)v;
        bits += 6;
        quads++;
        if (bits >= 8) {
            bits -= 8;
            out[o++] = (u8)(acc >> bits);
        }
    }
    int r = quads % 4;
    if (r == 1)
        return -1;
    if (pads && (quads + pads) % 4 != 0)
        return -1;
    if (pads > 2)
        return -1;
    /* leftover bits must be zero (canonical encoding) */
    if (bits && (acc & ((1u << bits) - 1u)))
        return -1;
    return o;
}

static void expect_str(const char *label, const char *got, int n, const char *want)
{
    int wn = cstr_len(want);
    int ok = n == wn && memcmp(got, want, (usize)n) == 0;
    print_cstr(label);
    print_cstr(" -> \"");
    print_str(got, n);
    print_cstr(ok ? "\" ok\n" : "\" FAIL\n");
    if (!ok)
        failures++;
}

static u8 data[301];
static char enc[420];
static u8 dec[320];

int run(void)
{
    u32 sum = 0;
    build_table(decode_table, alphabet);
    build_table(decode_table_url, alphabet_url);

    static const char *const vec_in[] = {"", "f", "fo", "foo", "foob", "fooba", "foobar"};
    static const char *const vec_out[] = {"", "Zg==", "Zm8=", "Zm9v", "Zm9vYg==", "Zm9vYmE=", "Zm9vYmFy"};
    for (int i = 0; i < 7; i++) {
        int n = encode((const u8 *)vec_in[i], cstr_len(vec_in[i]), enc, alphabet, 1);
        print_cstr("\"");
        print_cstr(vec_in[i]);
        print_cstr("\"");
        expect_str("", enc, n, vec_out[i]);
        int d = decode(enc, n, dec, decode_table);
        if (d != cstr_len(vec_in[i]) || memcmp(dec, vec_in[i], (usize)d) != 0) {
            print_cstr("  decode FAIL\n");
            failures++;
        }
        sum = mix32(sum, (u32)n);
    }

    /* round trips of every length 0..300 of pseudo-random data */
    u32 seed = 31337u;
    for (int i = 0; i < 301; i++)
        data[i] = (u8)xorshift32(&seed);
    int rt_ok = 1;
    u32 enc_hash = 2166136261u;
    for (int len = 0; len <= 300; len += 13) {
        int n = encode(data, len, enc, alphabet, 1);
        for (int k = 0; k < n; k++)
            enc_hash = (enc_hash ^ (u8)enc[k]) * 16777619u;
        int d = decode(enc, n, dec, decode_table);
        if (d != len || memcmp(dec, data, (usize)len) != 0)
            rt_ok = 0;
        n = encode(data, len, enc, alphabet_url, 0);
        d = decode(enc, n, dec, decode_table_url);
        if (d != len || memcmp(dec, data, (usize)len) != 0)
            rt_ok = 0;
    }
    print_cstr(rt_ok ? "round trips ok\n" : "round trips FAIL\n");
    if (!rt_ok)
        failures++;
    print_kv_hex32("encoding hash: ", enc_hash);
    sum = mix32(sum, enc_hash);

    int n = encode(data, 40, enc, alphabet, 1);
    print_cstr("std: ");
    print_str(enc, n);
    print_nl();
    n = encode(data, 40, enc, alphabet_url, 0);
    print_cstr("url: ");
    print_str(enc, n);
    print_nl();

    static const char *const bad[] = {"Zg=", "Z===", "Zm9v!", "Zg==Zg==", "Zh==", "A", "Zm8=x"};
    print_cstr("malformed:");
    int rejected = 0;
    for (int i = 0; i < 7; i++) {
        int d = decode(bad[i], cstr_len(bad[i]), dec, decode_table);
        print_char(' ');
        print_i32(d);
        rejected += d < 0;
    }
    print_nl();
    print_kv_i32("rejected: ", rejected);
    /* unpadded input is accepted */
    int d = decode("Zm9vYg", 6, dec, decode_table);
    print_cstr("unpadded: ");
    print_str((const char *)dec, d > 0 ? d : 0);
    print_nl();
    sum = mix32(sum, (u32)rejected);

    print_kv_i32("failures: ", failures);
    return failures ? -1 : (int)(sum & 0x7fffffffu);
}
