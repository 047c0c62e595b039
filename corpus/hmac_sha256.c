/*
 * hmac_sha256 - HMAC-SHA-256 (RFC 2104) checked against RFC 4231 test
 * cases, plus PBKDF2-HMAC-SHA256 (RFC 8018) with a small iteration count
 * and an HKDF-style expand step, as used for key derivation in firmware.
 */
#include "sha256_impl.h"

typedef struct {
    sha256_ctx inner;
    sha256_ctx outer;
} hmac_ctx;

static void hmac_init(hmac_ctx *h, const u8 *key, int keylen)
{
    u8 k[SHA256_BLOCK];
    u8 pad[SHA256_BLOCK];
    memset(k, 0, sizeof(k));
    if (keylen > SHA256_BLOCK)
        sha256(key, keylen, k);
    else
        memcpy(k, key, (usize)keylen);
    for (int i = 0; i < SHA256_BLOCK; i++)
        pad[i] = (u8)(k[i] ^ 0x36);
    sha256_init(&h->inner);
    sha256_update(&h->inner, pad, SHA256_BLOCK);
    for (int i = 0; i < SHA256_BLOCK; i++)
        pad[i] = (u8)(k[i] ^ 0x5c);
    sha256_init(&h->outer);
    sha256_update(&h->outer, pad, SHA256_BLOCK);
}

static void hmac_update(hmac_ctx *h, const void *data, int len)
{
    sha256_update(&h->inner, data, len);
}

static void hmac_final(hmac_ctx *h, u8 out[SHA256_DIGEST])
{
    u8 ih[SHA256_DIGEST];
    sha256_final(&h->inner, ih);
    sha256_update(&h->outer, ih, SHA256_DIGEST);
    sha256_final(&h->outer, out);
}

static void hmac_sha256(const u8 *key, int keylen, const void *data, int len,
                        u8 out[SHA256_DIGEST])
{
    hmac_ctx h;
    hmac_init(&h, key, keylen);
    hmac_update(&h, data, len);
    hmac_final(&h, out);
}

/* PBKDF2 with a precomputed keyed context: copying the context (a struct
 * assignment, so memcpy) avoids re-hashing the padded key each round. */
static void pbkdf2_sha256(const u8 *pw, int pwlen, const u8 *salt, int saltlen,
                          int iterations, u8 *out, int outlen)
{
    hmac_ctx base;
    hmac_init(&base, pw, pwlen);
    u32 block = 1;
    while (outlen > 0) {
        u8 u[SHA256_DIGEST], t[SHA256_DIGEST];
        u8 be[4] = {(u8)(block >> 24), (u8)(block >> 16), (u8)(block >> 8), (u8)block};
        hmac_ctx h = base;
        hmac_update(&h, salt, saltlen);
        hmac_update(&h, be, 4);
        hmac_final(&h, u);
        memcpy(t, u, SHA256_DIGEST);
        for (int i = 1; i < iterations; i++) {
            h = base;
            hmac_update(&h, u, SHA256_DIGEST);
            hmac_final(&h, u);
            for (int k = 0; k < SHA256_DIGEST; k++)
                t[k] ^= u[k];
        }
        int n = outlen < SHA256_DIGEST ? outlen : SHA256_DIGEST;
        memcpy(out, t, (usize)n);
        out += n;
        outlen -= n;
        block++;
    }
}

static int failures;
static u32 sum;

static void check(const char *label, const u8 *got, int n, const char *want_hex)
{
    u8 want[64];
    int wn = hex_decode(want_hex, want, 64);
    print_cstr(label);
    print_cstr(": ");
    print_hex_bytes(got, n);
    if (wn == n && memcmp(got, want, (usize)n) == 0) {
        print_cstr(" ok\n");
    } else {
        print_cstr(" FAIL\n");
        failures++;
    }
    for (int i = 0; i < n; i++)
        sum = mix32(sum, got[i]);
}

static u8 key[131];
static u8 data[50];

int run(void)
{
    u8 mac[SHA256_DIGEST];

    /* RFC 4231 test case 1 */
    memset(key, 0x0b, 20);
    hmac_sha256(key, 20, "Hi There", 8, mac);
    check("rfc4231-1", mac, 32,
          "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7");

    /* test case 2 */
    static const char jefe_msg[] = "what do ya want for nothing?";
    hmac_sha256((const u8 *)"Jefe", 4, jefe_msg, cstr_len(jefe_msg), mac);
    check("rfc4231-2", mac, 32,
          "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");

    /* test case 3 */
    memset(key, 0xaa, 20);
    memset(data, 0xdd, 50);
    hmac_sha256(key, 20, data, 50, mac);
    check("rfc4231-3", mac, 32,
          "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe");

    /* test case 4 */
    for (int i = 0; i < 25; i++)
        key[i] = (u8)(i + 1);
    memset(data, 0xcd, 50);
    hmac_sha256(key, 25, data, 50, mac);
    check("rfc4231-4", mac, 32,
          "82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b");

    /* test case 5 (truncated to 128 bits) */
    memset(key, 0x0c, 20);
    hmac_sha256(key, 20, "Test With Truncation", 20, mac);
    check("rfc4231-5", mac, 16, "a3b6167473100ee06e0c796c2955552b");

    /* test case 6: key longer than the block size */
    memset(key, 0xaa, 131);
    static const char big_key_msg[] = "Test Using Larger Than Block-Size Key - Hash Key First";
    hmac_sha256(key, 131, big_key_msg, cstr_len(big_key_msg), mac);
    check("rfc4231-6", mac, 32,
          "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54");

    /* streaming in pieces must match one-shot */
    hmac_ctx h;
    hmac_init(&h, key, 131);
    for (int i = 0; i < cstr_len(big_key_msg); i += 5) {
        int n = cstr_len(big_key_msg) - i;
        hmac_update(&h, big_key_msg + i, n < 5 ? n : 5);
    }
    u8 mac2[SHA256_DIGEST];
    hmac_final(&h, mac2);
    print_cstr("streamed: ");
    print_cstr(memcmp(mac, mac2, SHA256_DIGEST) == 0 ? "same\n" : "DIFFERENT\n");
    if (memcmp(mac, mac2, SHA256_DIGEST) != 0)
        failures++;

    /* PBKDF2-HMAC-SHA256, "password"/"salt" */
    u8 dk[40];
    pbkdf2_sha256((const u8 *)"password", 8, (const u8 *)"salt", 4, 1, dk, 32);
    check("pbkdf2 c=1", dk, 32,
          "120fb6cffcf8b32c43e7225256c4f837a86548c92ccc35480805987cb70be17b");
    pbkdf2_sha256((const u8 *)"password", 8, (const u8 *)"salt", 4, 2, dk, 32);
    check("pbkdf2 c=2", dk, 32,
          "ae4d0c95af6b46d32d0adff928f06dd02a303f8ef3c251dfd6e2d85a95474c43");
    pbkdf2_sha256((const u8 *)"passwordPASSWORDpassword", 24,
                  (const u8 *)"saltSALTsaltSALTsaltSALTsaltSALTsalt", 36, 4, dk, 40);
    check("pbkdf2 c=4 len=40", dk, 40,
          "420789272fa094b8d87841e9e36ad173e3fbb3855ef99e286c3b22efd72401e1f048e23f3c28d5e4");

    /* HKDF-like expand: T(i) = HMAC(prk, T(i-1) | info | i) */
    u8 prk[SHA256_DIGEST], t[SHA256_DIGEST];
    hmac_sha256((const u8 *)"salt", 4, "input key material", 18, prk);
    int tlen = 0;
    u8 okm[3 * SHA256_DIGEST];
    for (int i = 1; i <= 3; i++) {
        u8 ctr = (u8)i;
        hmac_init(&h, prk, SHA256_DIGEST);
        hmac_update(&h, t, tlen);
        hmac_update(&h, "xipwasm", 7);
        hmac_update(&h, &ctr, 1);
        hmac_final(&h, t);
        tlen = SHA256_DIGEST;
        memcpy(okm + (i - 1) * SHA256_DIGEST, t, SHA256_DIGEST);
    }
    print_cstr("okm: ");
    print_hex_bytes(okm, 3 * SHA256_DIGEST);
    print_nl();
    for (int i = 0; i < 3 * SHA256_DIGEST; i++)
        sum = mix32(sum, okm[i]);

    print_kv_i32("failures: ", failures);
    return failures ? -1 : (int)(sum & 0x7fffffffu);
}
