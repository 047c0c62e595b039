/*
 * aes128 - AES-128 (FIPS 197) with S-boxes computed at start-up from
 * GF(2^8) arithmetic, key expansion, block encrypt/decrypt, then ECB, CBC
 * and CTR modes over a few blocks (NIST SP 800-38A vectors).
 */
#include "applet.h"

static u8 sbox[256];
static u8 inv_sbox[256];
static u8 round_keys[176];
static int failures;
static u32 sum;

static u8 xtime(u8 x)
{
    return (u8)((x << 1) ^ ((x & 0x80) ? 0x1b : 0x00));
}

static u8 gmul(u8 a, u8 b)
{
    u8 r = 0;
    while (b) {
        if (b & 1)
            r ^= a;
        a = xtime(a);
        b >>= 1;
    }
    return r;
}

static u8 rotl8(u8 x, int n)
{
    return (u8)((x << n) | (x >> (8 - n)));
}

/* Walk the multiplicative group with generator 3; p*q == 1 at each step
 * (q walks with 3^-1 = 0xf6), giving the inverse for the S-box. */
static void build_sboxes(void)
{
    u8 p = 1, q = 1;
    do {
        p = (u8)(p ^ xtime(p));   /* p *= 3 */
        q = gmul(q, 0xf6);        /* q /= 3 */
        u8 s = (u8)(q ^ rotl8(q, 1) ^ rotl8(q, 2) ^ rotl8(q, 3) ^ rotl8(q, 4) ^ 0x63);
        sbox[p] = s;
    } while (p != 1);
    sbox[0] = 0x63;
    for (int i = 0; i < 256; i++)
        inv_sbox[sbox[i]] = (u8)i;
}

static void expand_key(const u8 key[16])
{
    u8 rcon = 1;
    for (int i = 0; i < 16; i++)
        round_keys[i] = key[i];
    for (int i = 16; i < 176; i += 4) {
        u8 t[4];
        for (int k = 0; k < 4; k++)
            t[k] = round_keys[i - 4 + k];
        if (i % 16 == 0) {
            u8 first = t[0];
            t[0] = (u8)(sbox[t[1]] ^ rcon);
            t[1] = sbox[t[2]];
            t[2] = sbox[t[3]];
            t[3] = sbox[first];
            rcon = xtime(rcon);
        }
        for (int k = 0; k < 4; k++)
            round_keys[i + k] = (u8)(round_keys[i - 16 + k] ^ t[k]);
    }
}

static void add_round_key(u8 *s, int round)
{
    for (int i = 0; i < 16; i++)
        s[i] ^= round_keys[16 * round + i];
}

/* state is column-major: s[4*c + r] */
static void shift_rows(u8 *s, int inverse)
{
    u8 t[16];
    for (int c = 0; c < 4; c++)
        for (int r = 0; r < 4; r++) {
            int src = inverse ? (c - r + 4) % 4 : (c + r) % 4;
            t[4 * c + r] = s[4 * src + r];
        }
    for (int i = 0; i < 16; i++)
        s[i] = t[i];
}

static void mix_columns(u8 *s)
{
    for (int c = 0; c < 4; c++) {
        u8 *col = s + 4 * c;
        u8 a0 = col[0], a1 = col[1], a2 = col[2], a3 = col[3];
        u8 all = (u8)(a0 ^ a1 ^ a2 ^ a3);
        col[0] = (u8)(a0 ^ all ^ xtime((u8)(a0 ^ a1)));
        col[1] = (u8)(a1 ^ all ^ xtime((u8)(a1 ^ a2)));
        col[2] = (u8)(a2 ^ all ^ xtime((u8)(a2 ^ a3)));
        col[3] = (u8)(a3 ^ all ^ xtime((u8)(a3 ^ a0)));
    }
}

static void inv_mix_columns(u8 *s)
{
    for (int c = 0; c < 4; c++) {
        u8 *col = s + 4 * c;
        u8 a[4] = {col[0], col[1], col[2], col[3]};
        for (int r = 0; r < 4; r++)
            col[r] = (u8)(gmul(a[r], 14) ^ gmul(a[(r + 1) % 4], 11) ^
                          gmul(a[(r + 2) % 4], 13) ^ gmul(a[(r + 3) % 4], 9));
    }
}

static void encrypt_block(const u8 in[16], u8 out[16])
{
    u8 s[16];
    for (int i = 0; i < 16; i++)
        s[i] = in[i];
    add_round_key(s, 0);
    for (int round = 1; round <= 10; round++) {
        for (int i = 0; i < 16; i++)
            s[i] = sbox[s[i]];
        shift_rows(s, 0);
        if (round != 10)
            mix_columns(s);
        add_round_key(s, round);
    }
    for (int i = 0; i < 16; i++)
        out[i] = s[i];
}

static void decrypt_block(const u8 in[16], u8 out[16])
{
    u8 s[16];
    for (int i = 0; i < 16; i++)
        s[i] = in[i];
    add_round_key(s, 10);
    for (int round = 9; round >= 0; round--) {
        shift_rows(s, 1);
        for (int i = 0; i < 16; i++)
            s[i] = inv_sbox[s[i]];
        add_round_key(s, round);
        if (round != 0)
            inv_mix_columns(s);
    }
    for (int i = 0; i < 16; i++)
        out[i] = s[i];
}

static int unhex(const char *hex, u8 *out)
{
    int n = 0;
    for (; hex[0] && hex[1]; hex += 2) {
        int v = 0;
        for (int k = 0; k < 2; k++) {
            char c = hex[k];
            v = v * 16 + (c <= '9' ? c - '0' : c - 'a' + 10);
        }
        out[n++] = (u8)v;
    }
    return n;
}

static void check(const char *label, const u8 *got, int n, const char *want_hex)
{
    u8 want[64];
    unhex(want_hex, want);
    int ok = memcmp(got, want, (usize)n) == 0;
    print_cstr(label);
    print_cstr(": ");
    print_hex_bytes(got, n);
    print_cstr(ok ? " ok\n" : " FAIL\n");
    if (!ok)
        failures++;
    for (int i = 0; i < n; i++)
        sum = mix32(sum, got[i]);
}

static void cbc_encrypt(const u8 *iv, const u8 *in, u8 *out, int blocks)
{
    u8 chain[16];
    for (int i = 0; i < 16; i++)
        chain[i] = iv[i];
    for (int b = 0; b < blocks; b++) {
        u8 x[16];
        for (int i = 0; i < 16; i++)
            x[i] = in[16 * b + i] ^ chain[i];
        encrypt_block(x, out + 16 * b);
        for (int i = 0; i < 16; i++)
            chain[i] = out[16 * b + i];
    }
}

static void cbc_decrypt(const u8 *iv, const u8 *in, u8 *out, int blocks)
{
    u8 chain[16];
    for (int i = 0; i < 16; i++)
        chain[i] = iv[i];
    for (int b = 0; b < blocks; b++) {
        u8 x[16];
        decrypt_block(in + 16 * b, x);
        for (int i = 0; i < 16; i++) {
            out[16 * b + i] = x[i] ^ chain[i];
            chain[i] = in[16 * b + i];
        }
    }
}

/* CTR mode with a 128-bit big-endian counter; encrypt == decrypt. */
static void ctr_crypt(const u8 *iv, const u8 *in, u8 *out, int len)
{
    u8 ctr[16], ks[16];
    for (int i = 0; i < 16; i++)
        ctr[i] = iv[i];
    for (int off = 0; off < len; off += 16) {
        encrypt_block(ctr, ks);
        for (int i = 0; i < 16 && off + i < len; i++)
            out[off + i] = in[off + i] ^ ks[i];
        for (int i = 15; i >= 0; i--) {
            ctr[i] = (u8)(ctr[i] + 1);
            if (ctr[i] != 0)
                break;
        }
    }
}

static const char sp800_plain[] =
    "6bc1bee22e409f96e93d7e117393172a"
    "ae2d8a571e03ac9c9eb76fac45af8e51"
    "30c81c46a35ce411e5fbc1191a0a52ef"
    "f69f2445df4f9b17ad2b417be66c3710";

int run(void)
{
    u8 key[16], pt[64], ct[64], back[64], iv[16];

    build_sboxes();
    print_cstr("sbox[00,01,53,ff]: ");
    u8 probe[4] = {sbox[0x00], sbox[0x01], sbox[0x53], sbox[0xff]};
    print_hex_bytes(probe, 4);
    print_nl();
    if (probe[0] != 0x63 || probe[1] != 0x7c || probe[2] != 0xed || probe[3] != 0x16)
        failures++;

    /* FIPS 197 appendix C.1 */
    unhex("000102030405060708090a0b0c0d0e0f", key);
    unhex("00112233445566778899aabbccddeeff", pt);
    expand_key(key);
    encrypt_block(pt, ct);
    check("fips197 C.1 enc", ct, 16, "69c4e0d86a7b0430d8cdb78070b4c55a");
    decrypt_block(ct, back);
    check("fips197 C.1 dec", back, 16, "00112233445566778899aabbccddeeff");

    /* FIPS 197 appendix B */
    unhex("2b7e151628aed2a6abf7158809cf4f3c", key);
    unhex("3243f6a8885a308d313198a2e0370734", pt);
    expand_key(key);
    check("last round key", round_keys + 160, 16, "d014f9a8c9ee2589e13f0cc8b6630ca6");
    encrypt_block(pt, ct);
    check("fips197 B enc", ct, 16, "3925841d02dc09fbdc118597196a0b32");

    /* SP 800-38A F.1.1 ECB (same key) */
    unhex(sp800_plain, pt);
    for (int b = 0; b < 4; b++)
        encrypt_block(pt + 16 * b, ct + 16 * b);
    check("ecb", ct, 64,
          "3ad77bb40d7a3660a89ecaf32466ef97f5d3d58503b9699de785895a96fdbaaf"
          "43b1cd7f598ece23881b00e3ed0306887b0c785e27e8ad3f8223207104725dd4");
    for (int b = 0; b < 4; b++)
        decrypt_block(ct + 16 * b, back + 16 * b);
    print_cstr(memcmp(back, pt, 64) == 0 ? "ecb roundtrip ok\n" : "ecb roundtrip FAIL\n");
    if (memcmp(back, pt, 64) != 0)
        failures++;

    /* F.2.1 CBC */
    unhex("000102030405060708090a0b0c0d0e0f", iv);
    cbc_encrypt(iv, pt, ct, 4);
    check("cbc", ct, 64,
          "7649abac8119b246cee98e9b12e9197d5086cb9b507219ee95db113a917678b2"
          "73bed6b8e3c1743b7116e69e222295163ff1caa1681fac09120eca307586e1a7");
    cbc_decrypt(iv, ct, back, 4);
    check("cbc dec", back, 64, sp800_plain);

    /* F.5.1 CTR */
    unhex("f0f1f2f3f4f5f6f7f8f9fafbfcfdfeff", iv);
    ctr_crypt(iv, pt, ct, 64);
    check("ctr", ct, 64,
          "874d6191b620e3261bef6864990db6ce9806f66b7970fdff8617187bb9fffdff"
          "5ae4df3edbd5d35e5b4f09020db03eab1e031dda2fbe03d1792170a0f3009cee");
    /* partial final block */
    ctr_crypt(iv, ct, back, 37);
    print_cstr(memcmp(back, pt, 37) == 0 ? "ctr partial ok\n" : "ctr partial FAIL\n");
    if (memcmp(back, pt, 37) != 0)
        failures++;

    /* counter wrap: the low bytes carry into higher ones */
    unhex("000000000000000000000000fffffffe", iv);
    memset(pt, 0, 48);
    ctr_crypt(iv, pt, ct, 48);
    print_cstr("ctr wrap keystream: ");
    print_hex_bytes(ct + 32, 16);
    print_nl();
    for (int i = 0; i < 48; i++)
        sum = mix32(sum, ct[i]);

    print_kv_i32("failures: ", failures);
    return failures ? -1 : (int)(sum & 0x7fffffffu);
}
