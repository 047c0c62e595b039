/*
 * quicksort - a generic qsort (median-of-three quicksort with an insertion
 * sort cutoff) driven by comparator function pointers (call_indirect),
 * sorting ints, 16-bit keyed records and strings, plus a specialised
 * recursive int quicksort and a binary search over the result.
 */
#include "applet.h"

#define N 300

typedef int (*cmp_fn)(const void *, const void *);

static int compare_count;

static void swap_bytes(u8 *a, u8 *b, int size)
{
    for (int i = 0; i < size; i++) {
        u8 t = a[i];
        a[i] = b[i];
        b[i] = t;
    }
}

static void insertion_sort(u8 *base, int n, int size, cmp_fn cmp)
{
    for (int i = 1; i < n; i++)
        for (int j = i; j > 0 && cmp(base + (j - 1) * size, base + j * size) > 0; j--)
            swap_bytes(base + (j - 1) * size, base + j * size, size);
}

static void generic_qsort(void *vbase, int n, int size, cmp_fn cmp)
{
    u8 *base = (u8 *)vbase;
    while (n > 8) {
        u8 *lo = base, *mid = base + (n / 2) * size, *hi = base + (n - 1) * size;
        /* order lo <= mid <= hi, then use mid as the pivot (kept at lo) */
        if (cmp(mid, lo) < 0)
            swap_bytes(mid, lo, size);
        if (cmp(hi, mid) < 0) {
            swap_bytes(hi, mid, size);
            if (cmp(mid, lo) < 0)
                swap_bytes(mid, lo, size);
        }
        swap_bytes(lo, mid, size);
        int i = 0, j = n;
        for (;;) {
            do
                i++;
            while (i < n && cmp(base + i * size, lo) < 0);
            do
                j--;
            while (cmp(base + j * size, lo) > 0);
            if (i >= j)
                break;
            swap_bytes(base + i * size, base + j * size, size);
        }
        swap_bytes(lo, base + j * size, size);
        /* recurse into the smaller part, loop on the larger one */
        int left = j, right = n - j - 1;
        if (left < right) {
            generic_qsort(base, left, size, cmp);
            base += (j + 1) * size;
            n = right;
        } else {
            generic_qsort(base + (j + 1) * size, right, size, cmp);
            n = left;
        }
    }
    insertion_sort(base, n, size, cmp);
}

static int cmp_int_asc(const void *a, const void *b)
{
    int x = *(const int *)a, y = *(const int *)b;
    compare_count++;
    return (x > y) - (x < y);
}

static int cmp_int_desc(const void *a, const void *b)
{
    return cmp_int_asc(b, a);
}

/* by absolute value, ties broken by sign (negative first) */
static int cmp_int_abs(const void *a, const void *b)
{
    int x = *(const int *)a, y = *(const int *)b;
    int ax = x < 0 ? -x : x, ay = y < 0 ? -y : y;
    compare_count++;
    if (ax != ay)
        return ax < ay ? -1 : 1;
    return (x > y) - (x < y);
}

/* by last decimal digit (signed remainder), then value */
static int cmp_int_mod10(const void *a, const void *b)
{
    int x = *(const int *)a, y = *(const int *)b;
    int rx = x % 10, ry = y % 10;
    compare_count++;
    if (rx != ry)
        return rx - ry;
    return (x > y) - (x < y);
}

typedef struct {
    i16 key;
    u8 tag;
    u8 flags;
    int payload;
} record;

static int cmp_record(const void *a, const void *b)
{
    const record *x = (const record *)a, *y = (const record *)b;
    compare_count++;
    if (x->key != y->key)
        return x->key - y->key;
    return (int)x->tag - (int)y->tag;
}

static int str_cmp(const char *a, const char *b)
{
    while (*a && *a == *b) {
        a++;
        b++;
    }
    return (int)(u8)*a - (int)(u8)*b;
}

static int cmp_str(const void *a, const void *b)
{
    compare_count++;
    return str_cmp(*(const char *const *)a, *(const char *const *)b);
}

static int data[N];
static int work[N];
static record recs[N / 2];
static int failures;

static int is_sorted(const void *vbase, int n, int size, cmp_fn cmp)
{
    const u8 *base = (const u8 *)vbase;
    for (int i = 1; i < n; i++)
        if (cmp(base + (i - 1) * size, base + i * size) > 0)
            return 0;
    return 1;
}

static u32 checksum_ints(const int *a, int n)
{
    u32 s = 0;
    for (int i = 0; i < n; i++)
        s = s * 31u + (u32)a[i];
    return s;
}

/* Lomuto-partition quicksort specialised for int, plain recursion. */
static void int_quicksort(int *a, int lo, int hi)
{
    if (lo >= hi)
        return;
    int pivot = a[lo + (hi - lo) / 2];
    int i = lo, j = hi;
    while (i <= j) {
        while (a[i] < pivot)
            i++;
        while (a[j] > pivot)
            j--;
        if (i <= j) {
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
            i++;
            j--;
        }
    }
    int_quicksort(a, lo, j);
    int_quicksort(a, i, hi);
}

static int binary_search(const int *a, int n, int key)
{
    int lo = 0, hi = n - 1;
    while (lo <= hi) {
        int mid = lo + (hi - lo) / 2;
        if (a[mid] == key)
            return mid;
        if (a[mid] < key)
            lo = mid + 1;
        else
            hi = mid - 1;
    }
    return -1;
}

static void report(const char *name, const void *base, int n, int size, cmp_fn cmp, u32 cs)
{
    int ok = is_sorted(base, n, size, cmp);
    print_cstr(name);
    print_cstr(ok ? ": sorted" : ": NOT SORTED");
    print_cstr(" checksum=");
    print_hex32(cs);
    print_nl();
    if (!ok)
        failures++;
}

static void print_ints(const char *label, const int *a, int n)
{
    print_cstr(label);
    for (int i = 0; i < n; i++) {
        print_char(' ');
        print_i32(a[i]);
    }
    print_nl();
}

static const char *const words[] = {
    "watchdog", "uart", "gpio", "adc", "dma", "timer", "spi", "i2c",
    "flash", "eeprom", "rtc", "pwm", "can", "usb", "nvic", "systick",
    "bootloader", "crc", "aes", "rng", "comparator", "opamp", "dac", "lcd",
    "touch", "ethernet", "sdio", "qspi", "fmc", "iwdg", "wwdg", "exti",
};

struct sort_case {
    const char *name;
    cmp_fn cmp;
};

int run(void)
{
    u32 seed = 20240601u;
    u32 total = 0;

    for (int i = 0; i < N; i++)
        data[i] = (int)(xorshift32(&seed) % 20001u) - 10000;
    data[7] = data[100] = data[250]; /* duplicates */

    static const struct sort_case cases[] = {
        {"asc", cmp_int_asc},
        {"desc", cmp_int_desc},
        {"abs", cmp_int_abs},
        {"mod10", cmp_int_mod10},
    };
    for (int c = 0; c < 4; c++) {
        for (int i = 0; i < N; i++)
            work[i] = data[i];
        compare_count = 0;
        generic_qsort(work, N, (int)sizeof(int), cases[c].cmp);
        u32 cs = checksum_ints(work, N);
        report(cases[c].name, work, N, (int)sizeof(int), cases[c].cmp, cs);
        print_ints("  first:", work, 6);
        total = mix32(total, cs);
    }

    /* sorting sorted and reverse-sorted input (the median-of-three case) */
    generic_qsort(work, N, (int)sizeof(int), cmp_int_asc);
    generic_qsort(work, N, (int)sizeof(int), cmp_int_desc);
    report("resort", work, N, (int)sizeof(int), cmp_int_desc, checksum_ints(work, N));

    /* records with 16-bit keys */
    for (int i = 0; i < N / 2; i++) {
        recs[i].key = (i16)((int)(xorshift32(&seed) % 200u) - 100);
        recs[i].tag = (u8)(xorshift32(&seed) & 0xff);
        recs[i].flags = (u8)i;
        recs[i].payload = i * 1000;
    }
    generic_qsort(recs, N / 2, (int)sizeof(record), cmp_record);
    u32 rs = 0;
    for (int i = 0; i < N / 2; i++)
        rs = rs * 131u + (u32)(u16)recs[i].key * 7u + recs[i].tag + (u32)recs[i].payload;
    report("records", recs, N / 2, (int)sizeof(record), cmp_record, rs);
    print_cstr("  first keys:");
    for (int i = 0; i < 5; i++) {
        print_char(' ');
        print_i32(recs[i].key);
        print_char('/');
        print_i32(recs[i].tag);
    }
    print_nl();
    total = mix32(total, rs);

    /* strings through a pointer array */
    const char *ws[sizeof(words) / sizeof(words[0])];
    int nw = (int)(sizeof(words) / sizeof(words[0]));
    for (int i = 0; i < nw; i++)
        ws[i] = words[i];
    generic_qsort(ws, nw, (int)sizeof(ws[0]), cmp_str);
    report("strings", ws, nw, (int)sizeof(ws[0]), cmp_str, 0);
    print_cstr(" ");
    for (int i = 0; i < nw; i++) {
        print_char(' ');
        print_cstr(ws[i]);
        total = mix32(total, (u32)cstr_len(ws[i]) * 97u + (u8)ws[i][0]);
    }
    print_nl();

    /* specialised int quicksort must agree with the generic one */
    for (int i = 0; i < N; i++)
        work[i] = data[i];
    int_quicksort(work, 0, N - 1);
    int sorted_copy[N];
    for (int i = 0; i < N; i++)
        sorted_copy[i] = data[i];
    generic_qsort(sorted_copy, N, (int)sizeof(int), cmp_int_asc);
    int same = 1;
    for (int i = 0; i < N; i++)
        if (work[i] != sorted_copy[i])
            same = 0;
    print_cstr(same ? "int_quicksort agrees\n" : "int_quicksort DIFFERS\n");
    if (!same)
        failures++;
    print_kv_i32("min: ", work[0]);
    print_kv_i32("max: ", work[N - 1]);
    print_kv_i32("median: ", work[N / 2]);

    int found = 0;
    for (int i = 0; i < N; i += 7)
        if (binary_search(work, N, data[i]) >= 0)
            found++;
    int missing = binary_search(work, N, 10001);
    print_kv_i32("found: ", found);
    print_kv_i32("missing: ", missing);
    total = mix32(total, (u32)found);

    print_kv_i32("failures: ", failures);
    return failures ? -1 : (int)(total & 0x7fffffffu);
}
