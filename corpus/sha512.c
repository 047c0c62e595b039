/*
 * sha512 - SHA-512 and SHA-512/256 (FIPS 180-4): 64-bit rotates, adds and
 * big-endian 64-bit packing, checked against the FIPS example digests.
 */
#include "applet.h"

typedef struct {
    u64 h[8];
    u8 buf[128];
    int buflen;
    u64 total;
} sha512_ctx;

static const u64 sha512_iv[8] = {
    0x6a09e667f3bcc908ull, 0xbb67ae8584caa73bull,
    0x3c6ef372fe94f82bull, 0xa54ff53a5f1d36f1ull,
    0x510e527fade682d1ull, 0x9b05688c2b3e6c1full,
    0x1f83d9abfb41bd6bull, 0x5be0cd19137e2179ull,
};

static const u64 sha512_256_iv[8] = {
    0x22312194fc2bf72cull, 0x9f555fa3c84c64c2ull,
    0x2393b86b6f53b151ull, 0x963877195940eabdull,
    0x96283ee2a88effe3ull, 0xbe5e1e2553863992ull,
    0x2b0199fc2c85b8aaull, 0x0eb72ddc81c52ca2ull,
};

static const u64 K[80] = {
    0x428a2f98d728ae22ull, 0x7137449123ef65cdull,
    0xb5c0fbcfec4d3b2full, 0xe9b5dba58189dbbcull,
    0x3956c25bf348b538ull, 0x59f111f1b605d019ull,
    0x923f82a4af194f9bull, 0xab1c5ed5da6d8118ull,
    0xd807aa98a3030242ull, 0x12835b0145706fbeull,
    0x243185be4ee4b28cull, 0x550c7dc3d5ffb4e2ull,
    0x72be5d74f27b896full, 0x80deb1fe3b1696b1ull,
    0x9bdc06a725c71235ull, 0xc19bf174cf692694ull,
    0xe49b69c19ef14ad2ull, 0xefbe4786384f25e3ull,
    0x0fc19dc68b8cd5b5ull, 0x240ca1cc77ac9c65ull,
    0x2de92c6f592b0275ull, 0x4a7484aa6ea6e483ull,
    0x5cb0a9dcbd41fbd4ull, 0x76f988da831153b5ull,
    0x983e5152ee66dfabull, 0xa831c66d2db43210ull,
    0xb00327c898fb213full, 0xbf597fc7beef0ee4ull,
    0xc6e00bf33da88fc2ull, 0xd5a79147930aa725ull,
    0x06ca6351e003826full, 0x142929670a0e6e70ull,
    0x27b70a8546d22ffcull, 0x2e1b21385c26c926ull,
    0x4d2c6dfc5ac42aedull, 0x53380d139d95b3dfull,
    0x650a73548baf63deull, 0x766a0abb3c77b2a8ull,
    0x81c2c92e47edaee6ull, 0x92722c851482353bull,
    0xa2bfe8a14cf10364ull, 0xa81a664bbc423001ull,
    0xc24b8b70d0f89791ull, 0xc76c51a30654be30ull,
    0xd192e819d6ef5218ull, 0xd69906245565a910ull,
    0xf40e35855771202aull, 0x106aa07032bbd1b8ull,
    0x19a4c116b8d2d0c8ull, 0x1e376c085141ab53ull,
    0x2748774cdf8eeb99ull, 0x34b0bcb5e19b48a8ull,
    0x391c0cb3c5c95a63ull, 0x4ed8aa4ae3418acbull,
    0x5b9cca4f7763e373ull, 0x682e6ff3d6b2b8a3ull,
    0x748f82ee5defb2fcull, 0x78a5636f43172f60ull,
    0x84c87814a1f0ab72ull, 0x8cc702081a6439ecull,
    0x90befffa23631e28ull, 0xa4506cebde82bde9ull,
    0xbef9a3f7b2c67915ull, 0xc67178f2e372532bull,
    0xca273eceea26619cull, 0xd186b8c721c0c207ull,
    0xeada7dd6cde0eb1eull, 0xf57d4f7fee6ed178ull,
    0x06f067aa72176fbaull, 0x0a637dc5a2c898a6ull,
    0x113f9804bef90daeull, 0x1b710b35131c471bull,
    0x28db77f523047d84ull, 0x32caab7b40c72493ull,
    0x3c9ebe0a15c9bebcull, 0x431d67c49c100d4cull,
    0x4cc5d4becb3e42b6ull, 0x597f299cfc657e2aull,
    0x5fcb6fab3ad6faecull, 0x6c44198c4a475817ull,
};

static inline u64 rotr64(u64 x, int n)
{
    return (x >> n) | (x << ((64 - n) & 63));
}

static u64 load_be64(const u8 *p)
{
    u64 v = 0;
    for (int i = 0; i < 8; i++)
        v = (v << 8) | p[i];
    return v;
}

static void store_be64(u8 *p, u64 v)
{
    for (int i = 7; i >= 0; i--) {
        p[i] = (u8)v;
        v >>= 8;
    }
}

static void compress(u64 h[8], const u8 *block)
{
    u64 w[80];
    for (int t = 0; t < 16; t++)
        w[t] = load_be64(block + 8 * t);
    for (int t = 16; t < 80; t++) {
        u64 s0 = rotr64(w[t - 15], 1) ^ rotr64(w[t - 15], 8) ^ (w[t - 15] >> 7);
        u64 s1 = rotr64(w[t - 2], 19) ^ rotr64(w[t - 2], 61) ^ (w[t - 2] >> 6);
        w[t] = w[t - 16] + s0 + w[t - 7] + s1;
    }
    u64 v[8];
    for (int i = 0; i < 8; i++)
        v[i] = h[i];
    for (int t = 0; t < 80; t++) {
        u64 e = v[4], a = v[0];
        u64 S1 = rotr64(e, 14) ^ rotr64(e, 18) ^ rotr64(e, 41);
        u64 ch = (e & v[5]) ^ (~e & v[6]);
        u64 t1 = v[7] + S1 + ch + K[t] + w[t];
        u64 S0 = rotr64(a, 28) ^ rotr64(a, 34) ^ rotr64(a, 39);
        u64 maj = (a & v[1]) ^ (a & v[2]) ^ (v[1] & v[2]);
        for (int i = 7; i > 0; i--)
            v[i] = v[i - 1];
        v[4] += t1;
        v[0] = t1 + S0 + maj;
    }
    for (int i = 0; i < 8; i++)
        h[i] += v[i];
}

static void sha512_init(sha512_ctx *c, const u64 *iv)
{
    for (int i = 0; i < 8; i++)
        c->h[i] = iv[i];
    c->buflen = 0;
    c->total = 0;
}

static void sha512_update(sha512_ctx *c, const void *data, int len)
{
    const u8 *p = (const u8 *)data;
    c->total += (u64)len;
    for (int i = 0; i < len; i++) {
        c->buf[c->buflen++] = p[i];
        if (c->buflen == 128) {
            compress(c->h, c->buf);
            c->buflen = 0;
        }
    }
}

/* Writes outlen bytes (64 for SHA-512, 32 for SHA-512/256). */
static void sha512_final(sha512_ctx *c, u8 *out, int outlen)
{
    u64 bits = c->total << 3;
    c->buf[c->buflen++] = 0x80;
    if (c->buflen > 112) {
        while (c->buflen < 128)
            c->buf[c->buflen++] = 0;
        compress(c->h, c->buf);
        c->buflen = 0;
    }
    while (c->buflen < 120)
        c->buf[c->buflen++] = 0;
    /* the upper 64 bits of the 128-bit length are zero here */
    store_be64(c->buf + 120, bits);
    compress(c->h, c->buf);
    u8 full[64];
    for (int i = 0; i < 8; i++)
        store_be64(full + 8 * i, c->h[i]);
    for (int i = 0; i < outlen; i++)
        out[i] = full[i];
}

static int failures;
static u64 sum;

static int hexval(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    return c - 'a' + 10;
}

static void check(const char *label, const u8 *d, int n, const char *want)
{
    int ok = 1;
    for (int i = 0; i < n; i++) {
        if (d[i] != (u8)(hexval(want[2 * i]) * 16 + hexval(want[2 * i + 1])))
            ok = 0;
        sum = sum * 1099511628211ull + d[i];
    }
    print_cstr(label);
    print_cstr(": ");
    print_hex_bytes(d, n);
    print_cstr(ok ? " ok\n" : " FAIL\n");
    if (!ok)
        failures++;
}

static void hash(const u64 *iv, const char *msg, u8 *out, int outlen)
{
    sha512_ctx c;
    sha512_init(&c, iv);
    sha512_update(&c, msg, cstr_len(msg));
    sha512_final(&c, out, outlen);
}

int run(void)
{
    u8 d[64];
    static const char m896[] = "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmn"
                               "hijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu";

    hash(sha512_iv, "abc", d, 64);
    check("sha512(abc)", d, 64,
          "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a"
          "2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f");
    hash(sha512_iv, "", d, 64);
    check("sha512()", d, 64,
          "cf83e1357eefb8bdf1542850d66d8007d620e4050b5715dc83f4a921d36ce9ce"
          "47d0d13c5d85f2b0ff8318d2877eec2f63b931bd47417a81a538327af927da3e");
    hash(sha512_iv, m896, d, 64);
    check("sha512(896)", d, 64,
          "8e959b75dae313da8cf4f72814fc143f8f7779c6eb9f7fa17299aeadb6889018"
          "501d289e4900f7e4331b99dec4b5433ac7d329eeb6dd26545e96e55b874be909");
    hash(sha512_256_iv, "abc", d, 32);
    check("sha512/256(abc)", d, 32,
          "53048e2681941ef99b2e29b76b4c7dabe4c2d0c634fc6d46e0e2f13107e7af23");

    /* 64-bit arithmetic sanity: the sum of all round constants */
    u64 ksum = 0, kxor = 0;
    for (int i = 0; i < 80; i++) {
        ksum += K[i];
        kxor ^= rotr64(K[i], i % 64);
    }
    print_cstr("ksum: ");
    print_hex64(ksum);
    print_cstr(" kxor: ");
    print_hex64(kxor);
    print_nl();

    /* iterated: 8 rounds of d = sha512(d) */
    for (int i = 0; i < 8; i++) {
        sha512_ctx c;
        sha512_init(&c, sha512_iv);
        sha512_update(&c, d, 64);
        sha512_final(&c, d, 64);
    }
    print_cstr("iter8: ");
    print_hex_bytes(d, 64);
    print_nl();
    print_cstr("checksum: ");
    print_i64((long long)(sum >> 1));
    print_nl();
    print_kv_i32("failures: ", failures);
    return failures ? -1 : (int)((sum ^ (sum >> 32)) & 0x7fffffffu);
}
