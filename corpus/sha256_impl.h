/*
 * sha256_impl.h - SHA-256 (FIPS 180-4), shared by sha256.c and
 * hmac_sha256.c.  Streaming interface: init / update / final.
 */
#ifndef XIPWASM_SHA256_IMPL_H
#define XIPWASM_SHA256_IMPL_H

#include "applet.h"

#define SHA256_BLOCK 64
#define SHA256_DIGEST 32
#define SHA_FN static APPLET_UNUSED

typedef struct {
    u32 h[8];
    u8 buf[SHA256_BLOCK];
    u32 buflen;
    u64 total; /* bytes hashed so far */
} sha256_ctx;

static const u32 sha256_init_h[8] = {
    0x6a09e667u, 0xbb67ae85u, 0x3c6ef372u, 0xa54ff53au,
    0x510e527fu, 0x9b05688cu, 0x1f83d9abu, 0x5be0cd19u,
};

static const u32 sha256_k[64] = {
    0x428a2f98u, 0x71374491u, 0xb5c0fbcfu, 0xe9b5dba5u,
    0x3956c25bu, 0x59f111f1u, 0x923f82a4u, 0xab1c5ed5u,
    0xd807aa98u, 0x12835b01u, 0x243185beu, 0x550c7dc3u,
    0x72be5d74u, 0x80deb1feu, 0x9bdc06a7u, 0xc19bf174u,
    0xe49b69c1u, 0xefbe4786u, 0x0fc19dc6u, 0x240ca1ccu,
    0x2de92c6fu, 0x4a7484aau, 0x5cb0a9dcu, 0x76f988dau,
    0x983e5152u, 0xa831c66du, 0xb00327c8u, 0xbf597fc7u,
    0xc6e00bf3u, 0xd5a79147u, 0x06ca6351u, 0x14292967u,
    0x27b70a85u, 0x2e1b2138u, 0x4d2c6dfcu, 0x53380d13u,
    0x650a7354u, 0x766a0abbu, 0x81c2c92eu, 0x92722c85u,
    0xa2bfe8a1u, 0xa81a664bu, 0xc24b8b70u, 0xc76c51a3u,
    0xd192e819u, 0xd6990624u, 0xf40e3585u, 0x106aa070u,
    0x19a4c116u, 0x1e376c08u, 0x2748774cu, 0x34b0bcb5u,
    0x391c0cb3u, 0x4ed8aa4au, 0x5b9cca4fu, 0x682e6ff3u,
    0x748f82eeu, 0x78a5636fu, 0x84c87814u, 0x8cc70208u,
    0x90befffau, 0xa4506cebu, 0xbef9a3f7u, 0xc67178f2u,
};

static inline u32 sha256_rotr(u32 x, int n)
{
    return (x >> n) | (x << (32 - n));
}

SHA_FN void sha256_compress(u32 h[8], const u8 *block)
{
    u32 w[64];
    for (int t = 0; t < 16; t++) {
        const u8 *p = block + 4 * t;
        w[t] = ((u32)p[0] << 24) | ((u32)p[1] << 16) | ((u32)p[2] << 8) | p[3];
    }
    for (int t = 16; t < 64; t++) {
        u32 s0 = sha256_rotr(w[t - 15], 7) ^ sha256_rotr(w[t - 15], 18) ^ (w[t - 15] >> 3);
        u32 s1 = sha256_rotr(w[t - 2], 17) ^ sha256_rotr(w[t - 2], 19) ^ (w[t - 2] >> 10);
        w[t] = w[t - 16] + s0 + w[t - 7] + s1;
    }
    u32 a = h[0], b = h[1], c = h[2], d = h[3];
    u32 e = h[4], f = h[5], g = h[6], hh = h[7];
    for (int t = 0; t < 64; t++) {
        u32 S1 = sha256_rotr(e, 6) ^ sha256_rotr(e, 11) ^ sha256_rotr(e, 25);
        u32 ch = (e & f) ^ (~e & g);
        u32 t1 = hh + S1 + ch + sha256_k[t] + w[t];
        u32 S0 = sha256_rotr(a, 2) ^ sha256_rotr(a, 13) ^ sha256_rotr(a, 22);
        u32 maj = (a & b) ^ (a & c) ^ (b & c);
        u32 t2 = S0 + maj;
        hh = g;
        g = f;
        f = e;
        e = d + t1;
        d = c;
        c = b;
        b = a;
        a = t1 + t2;
    }
    h[0] += a;
    h[1] += b;
    h[2] += c;
    h[3] += d;
    h[4] += e;
    h[5] += f;
    h[6] += g;
    h[7] += hh;
}

SHA_FN void sha256_init(sha256_ctx *ctx)
{
    for (int i = 0; i < 8; i++)
        ctx->h[i] = sha256_init_h[i];
    ctx->buflen = 0;
    ctx->total = 0;
}

SHA_FN void sha256_update(sha256_ctx *ctx, const void *data, int len)
{
    const u8 *p = (const u8 *)data;
    ctx->total += (u64)len;
    while (len > 0) {
        if (ctx->buflen == 0 && len >= SHA256_BLOCK) {
            sha256_compress(ctx->h, p);
            p += SHA256_BLOCK;
            len -= SHA256_BLOCK;
            continue;
        }
        int take = SHA256_BLOCK - (int)ctx->buflen;
        if (take > len)
            take = len;
        for (int i = 0; i < take; i++)
            ctx->buf[ctx->buflen + (u32)i] = p[i];
        ctx->buflen += (u32)take;
        p += take;
        len -= take;
        if (ctx->buflen == SHA256_BLOCK) {
            sha256_compress(ctx->h, ctx->buf);
            ctx->buflen = 0;
        }
    }
}

SHA_FN void sha256_final(sha256_ctx *ctx, u8 out[SHA256_DIGEST])
{
    u64 bits = ctx->total * 8u;
    u32 n = ctx->buflen;
    ctx->buf[n++] = 0x80;
    if (n > 56) {
        while (n < SHA256_BLOCK)
            ctx->buf[n++] = 0;
        sha256_compress(ctx->h, ctx->buf);
        n = 0;
    }
    while (n < 56)
        ctx->buf[n++] = 0;
    for (int i = 0; i < 8; i++)
        ctx->buf[56 + i] = (u8)(bits >> (56 - 8 * i));
    sha256_compress(ctx->h, ctx->buf);
    for (int i = 0; i < 8; i++) {
        out[4 * i + 0] = (u8)(ctx->h[i] >> 24);
        out[4 * i + 1] = (u8)(ctx->h[i] >> 16);
        out[4 * i + 2] = (u8)(ctx->h[i] >> 8);
        out[4 * i + 3] = (u8)ctx->h[i];
    }
}

SHA_FN void sha256(const void *data, int len, u8 out[SHA256_DIGEST])
{
    sha256_ctx ctx;
    sha256_init(&ctx);
    sha256_update(&ctx, data, len);
    sha256_final(&ctx, out);
}

/* Parse a lowercase/uppercase hex string into bytes; returns byte count. */
SHA_FN int hex_decode(const char *hex, u8 *out, int max)
{
    int n = 0;
    while (hex[0] && hex[1] && n < max) {
        int v = 0;
        for (int k = 0; k < 2; k++) {
            char c = hex[k];
            int d;
            if (c >= '0' && c <= '9')
                d = c - '0';
            else if (c >= 'a' && c <= 'f')
                d = c - 'a' + 10;
            else if (c >= 'A' && c <= 'F')
                d = c - 'A' + 10;
            else
                return -1;
            v = v * 16 + d;
        }
        out[n++] = (u8)v;
        hex += 2;
    }
    return n;
}

#endif /* XIPWASM_SHA256_IMPL_H */
