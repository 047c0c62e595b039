/*
 * sha256 - SHA-256 digests of the FIPS 180 / NIST example messages, of a
 * multi-block message fed in irregular pieces, and a small hash chain.
 */
#include "sha256_impl.h"

static int failures;

static void check_digest(const char *label, const u8 *digest, const char *want_hex)
{
    u8 want[SHA256_DIGEST];
    hex_decode(want_hex, want, SHA256_DIGEST);
    print_cstr(label);
    print_cstr(": ");
    print_hex_bytes(digest, SHA256_DIGEST);
    if (memcmp(digest, want, SHA256_DIGEST) == 0) {
        print_cstr(" ok\n");
    } else {
        print_cstr(" FAIL\n");
        failures++;
    }
}

static u8 big[1000];

int run(void)
{
    u8 d[SHA256_DIGEST];
    u32 sum = 0;

    sha256("abc", 3, d);
    check_digest("abc", d,
                 "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    sum = mix32(sum, d[0]);

    sha256("", 0, d);
    check_digest("empty", d,
                 "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    sum = mix32(sum, d[1]);

    static const char m448[] = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
    sha256(m448, cstr_len(m448), d);
    check_digest("448-bit", d,
                 "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
    sum = mix32(sum, d[2]);

    static const char m896[] = "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmn"
                               "hijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu";
    sha256(m896, cstr_len(m896), d);
    check_digest("896-bit", d,
                 "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1");
    sum = mix32(sum, d[3]);

    /* 1000 x 'a', once in one piece, once in ragged pieces */
    for (int i = 0; i < 1000; i++)
        big[i] = 'a';
    u8 d1[SHA256_DIGEST], d2[SHA256_DIGEST];
    sha256(big, 1000, d1);
    sha256_ctx ctx;
    sha256_init(&ctx);
    int pos = 0, step = 1;
    while (pos < 1000) {
        int n = step;
        if (n > 1000 - pos)
            n = 1000 - pos;
        sha256_update(&ctx, big + pos, n);
        pos += n;
        step = (step * 7 + 3) % 131;
    }
    sha256_final(&ctx, d2);
    check_digest("1000a", d1,
                 "41edece42d63e8d9bf515a9ba6932e1c20cbc9f5a5d134645adb5db1b9737ea3");
    print_cstr("pieces match: ");
    print_cstr(memcmp(d1, d2, SHA256_DIGEST) == 0 ? "yes\n" : "no\n");
    if (memcmp(d1, d2, SHA256_DIGEST) != 0)
        failures++;

    /* lengths around the padding boundary: 55, 56, 63, 64, 65 bytes */
    static const int lens[] = {55, 56, 63, 64, 65, 119, 120};
    for (int i = 0; i < (int)(sizeof(lens) / sizeof(lens[0])); i++) {
        for (int k = 0; k < lens[i]; k++)
            big[k] = (u8)(k * 7 + i);
        sha256(big, lens[i], d);
        print_cstr("len ");
        print_i32(lens[i]);
        print_cstr(": ");
        print_hex_bytes(d, 8);
        print_nl();
        sum = mix32(sum, ((u32)d[0] << 24) | ((u32)d[1] << 16) | ((u32)d[2] << 8) | d[3]);
    }

    /* hash chain: d = sha256(d), 20 times */
    sha256("xipwasm", 7, d);
    for (int i = 0; i < 20; i++)
        sha256(d, SHA256_DIGEST, d);
    print_cstr("chain20: ");
    print_hex_bytes(d, SHA256_DIGEST);
    print_nl();
    for (int i = 0; i < SHA256_DIGEST; i += 4)
        sum = mix32(sum, ((u32)d[i] << 24) | ((u32)d[i + 1] << 16) | ((u32)d[i + 2] << 8) | d[i + 3]);

    print_kv_i32("failures: ", failures);
    return failures ? -1 : (int)(sum & 0x7fffffffu);
}
