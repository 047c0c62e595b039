/*
 * matmul - integer linear algebra: i32 matrix products, a Q8 fixed-point
 * 16-bit product with saturation, transpose/trace, a 2x2 u64 matrix power
 * (Fibonacci numbers), an exact Bareiss determinant using signed i64
 * division, and a table of signed division/remainder results.
 */
#include "applet.h"

#define R1 12
#define K1 16
#define C1 10

static int A[R1][K1];
static int B[K1][C1];
static int Cm[R1][C1];
static int Ct[C1][R1];
static i16 Q[16][16];
static i16 QQ[16][16];
static int failures;

static void matmul_i32(int *c, const int *a, const int *b, int rows, int inner, int cols)
{
    for (int i = 0; i < rows; i++)
        for (int j = 0; j < cols; j++) {
            int acc = 0;
            for (int k = 0; k < inner; k++)
                acc += a[i * inner + k] * b[k * cols + j];
            c[i * cols + j] = acc;
        }
}

static void transpose_i32(int *t, const int *m, int rows, int cols)
{
    for (int i = 0; i < rows; i++)
        for (int j = 0; j < cols; j++)
            t[j * rows + i] = m[i * cols + j];
}

static i16 sat16(int v)
{
    if (v > 32767)
        return 32767;
    if (v < -32768)
        return -32768;
    return (i16)v;
}

/* Q8.8 product: (a*b) >> 8 with rounding, accumulated in 32 bits */
static void matmul_q8(i16 *c, const i16 *a, const i16 *b, int n, int *saturated)
{
    for (int i = 0; i < n; i++)
        for (int j = 0; j < n; j++) {
            int acc = 0;
            for (int k = 0; k < n; k++)
                acc += (int)a[i * n + k] * (int)b[k * n + j];
            int v = (acc + 128) >> 8;
            if (v > 32767 || v < -32768)
                (*saturated)++;
            c[i * n + j] = sat16(v);
        }
}

static void mat2_mul(u64 r[4], const u64 a[4], const u64 b[4])
{
    u64 t[4];
    t[0] = a[0] * b[0] + a[1] * b[2];
    t[1] = a[0] * b[1] + a[1] * b[3];
    t[2] = a[2] * b[0] + a[3] * b[2];
    t[3] = a[2] * b[1] + a[3] * b[3];
    for (int i = 0; i < 4; i++)
        r[i] = t[i];
}

/* F(n) via [[1,1],[1,0]]^n, mod 2^64 */
static u64 fib_matrix(int n)
{
    u64 result[4] = {1, 0, 0, 1};
    u64 base[4] = {1, 1, 1, 0};
    while (n > 0) {
        if (n & 1)
            mat2_mul(result, result, base);
        mat2_mul(base, base, base);
        n >>= 1;
    }
    return result[1];
}

/* Fraction-free Gaussian elimination; every division is exact. */
static i64 det_bareiss(i64 *m, int n)
{
    i64 prev = 1;
    int sign = 1;
    for (int k = 0; k < n - 1; k++) {
        if (m[k * n + k] == 0) {
            int p = k + 1;
            while (p < n && m[p * n + k] == 0)
                p++;
            if (p == n)
                return 0;
            for (int j = 0; j < n; j++) {
                i64 t = m[k * n + j];
                m[k * n + j] = m[p * n + j];
                m[p * n + j] = t;
            }
            sign = -sign;
        }
        for (int i = k + 1; i < n; i++)
            for (int j = k + 1; j < n; j++)
                m[i * n + j] = (m[i * n + j] * m[k * n + k] - m[i * n + k] * m[k * n + j]) / prev;
        prev = m[k * n + k];
    }
    return sign * m[(n - 1) * n + (n - 1)];
}

static u32 checksum_i32(const int *m, int n)
{
    u32 s = 0;
    for (int i = 0; i < n; i++)
        s = mix32(s, (u32)m[i]);
    return s;
}

int run(void)
{
    u32 seed = 77u;
    u32 total = 0;

    for (int i = 0; i < R1; i++)
        for (int k = 0; k < K1; k++)
            A[i][k] = (int)(xorshift32(&seed) % 201u) - 100;
    for (int k = 0; k < K1; k++)
        for (int j = 0; j < C1; j++)
            B[k][j] = (int)(xorshift32(&seed) % 61u) - 30;

    matmul_i32(&Cm[0][0], &A[0][0], &B[0][0], R1, K1, C1);
    u32 cs = checksum_i32(&Cm[0][0], R1 * C1);
    print_kv_hex32("C = A*B checksum: ", cs);
    print_cstr("C row 0:");
    for (int j = 0; j < C1; j++) {
        print_char(' ');
        print_i32(Cm[0][j]);
    }
    print_nl();
    total = mix32(total, cs);

    /* (A*B)^T == B^T * A^T */
    int At[K1][R1], Bt[C1][K1], BtAt[C1][R1];
    transpose_i32(&At[0][0], &A[0][0], R1, K1);
    transpose_i32(&Bt[0][0], &B[0][0], K1, C1);
    matmul_i32(&BtAt[0][0], &Bt[0][0], &At[0][0], C1, K1, R1);
    transpose_i32(&Ct[0][0], &Cm[0][0], R1, C1);
    int same = 1;
    for (int i = 0; i < C1; i++)
        for (int j = 0; j < R1; j++)
            if (Ct[i][j] != BtAt[i][j])
                same = 0;
    print_cstr(same ? "transpose identity ok\n" : "transpose identity FAIL\n");
    if (!same)
        failures++;

    /* trace of (A*B) restricted to its leading 10x10 block, and A*A^T */
    int trace = 0;
    for (int i = 0; i < C1; i++)
        trace += Cm[i][i];
    print_kv_i32("trace: ", trace);
    int AAt[R1][R1];
    matmul_i32(&AAt[0][0], &A[0][0], &At[0][0], R1, K1, R1);
    int symmetric = 1;
    i64 frob = 0;
    for (int i = 0; i < R1; i++)
        for (int j = 0; j < R1; j++) {
            if (AAt[i][j] != AAt[j][i])
                symmetric = 0;
            frob += (i64)AAt[i][j] * AAt[i][j];
        }
    print_cstr(symmetric ? "A*A^T symmetric, " : "A*A^T NOT symmetric, ");
    print_cstr("sum of squares: ");
    print_i64(frob);
    print_nl();
    if (!symmetric)
        failures++;
    total = mix32(total, (u32)frob ^ (u32)(frob >> 32));

    /* Q8.8 fixed point: 16x16, 16-bit loads and stores */
    for (int i = 0; i < 16; i++)
        for (int j = 0; j < 16; j++)
            Q[i][j] = (i16)((int)(xorshift32(&seed) % 4097u) - 2048); /* [-8, 8] */
    int saturated = 0;
    matmul_q8(&QQ[0][0], &Q[0][0], &Q[0][0], 16, &saturated);
    u32 qs = 0;
    for (int i = 0; i < 16; i++)
        for (int j = 0; j < 16; j++)
            qs = qs * 33u + (u16)QQ[i][j];
    print_kv_hex32("Q8 square checksum: ", qs);
    print_kv_i32("Q8 saturated: ", saturated);
    print_cstr("Q8 diag:");
    for (int i = 0; i < 4; i++) {
        print_char(' ');
        print_i32(QQ[i][i]);
    }
    print_nl();
    total = mix32(total, qs);

    /* Fibonacci through 2x2 matrix powers */
    print_cstr("F(10), F(50), F(90), F(93): ");
    static const int fn[] = {10, 50, 90, 93};
    for (int i = 0; i < 4; i++) {
        u64 f = fib_matrix(fn[i]);
        if (i)
            print_cstr(", ");
        if (f > 0x7fffffffffffffffull)
            print_hex64(f);
        else
            print_i64((i64)f);
        total = mix32(total, (u32)f);
    }
    print_nl();
    if (fib_matrix(90) != 2880067194370816120ull)
        failures++;

    /* determinants */
    i64 m3[9] = {2, -3, 1, 2, 0, -1, 1, 4, 5};
    i64 d3 = det_bareiss(m3, 3);
    print_cstr("det3: ");
    print_i64(d3);
    print_nl();
    if (d3 != 49)
        failures++;
    i64 m6[36];
    for (int i = 0; i < 36; i++)
        m6[i] = (i64)(xorshift32(&seed) % 19u) - 9;
    m6[0] = 0; /* force a pivot swap */
    i64 d6 = det_bareiss(m6, 6);
    print_cstr("det6: ");
    print_i64(d6);
    print_nl();
    total = mix32(total, (u32)d6);
    i64 sing[16] = {1, 2, 3, 4, 2, 4, 6, 8, -1, 0, 1, 2, 5, 5, 5, 5};
    i64 ds = det_bareiss(sing, 4);
    print_cstr("det singular: ");
    print_i64(ds);
    print_nl();

    /* signed division / remainder semantics (truncation toward zero) */
    static const int nums[] = {7, -7, 100, -100, 2147483647, -2147483647, 0, 13};
    static const int dens[] = {2, -2, 3, -3, 7, -1000};
    int qsum = 0, rsum = 0;
    print_cstr("divs:");
    for (int i = 0; i < 8; i++)
        for (int j = 0; j < 6; j++) {
            int q = nums[i] / dens[j], r = nums[i] % dens[j];
            qsum ^= q + j;
            rsum += r;
            if (i < 2 && j < 2) {
                print_char(' ');
                print_i32(q);
                print_char('r');
                print_i32(r);
            }
        }
    print_nl();
    print_kv_i32("qsum: ", qsum);
    print_kv_i32("rsum: ", rsum);
    i64 big = -9000000000000000007ll;
    print_cstr("i64 div: ");
    print_i64(big / 1000000007);
    print_char(' ');
    print_i64(big % 1000000007);
    print_char(' ');
    print_i64((i64)((u64)big / 3u));
    print_nl();
    total = mix32(total, (u32)qsum);
    total = mix32(total, (u32)rsum);

    print_kv_i32("failures: ", failures);
    return failures ? -1 : (int)(total & 0x7fffffffu);
}
