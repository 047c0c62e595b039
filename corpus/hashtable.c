/*
 * hashtable - open-addressing (linear probing) hash table keyed by strings
 * with FNV-1a hashing, tombstone deletion and growth by rehashing.  Counts
 * word frequencies in an embedded text, then deletes and re-queries.
 * Keys are copied into a static arena; the table stores arena offsets,
 * so nothing depends on pointer values.
 */
#include "applet.h"

#define ARENA_SIZE 4096
#define MAX_CAP 512

typedef struct {
    u32 hash;
    i16 key;     /* arena offset of the key; -1 empty, -2 deleted */
    u8 keylen;
    u8 probes;   /* probe distance when inserted */
    int count;
} slot;

static slot table[MAX_CAP];
static slot old_table[MAX_CAP];
static int capacity;
static int used;      /* live entries */
static int occupied;  /* live + tombstones */
static char arena[ARENA_SIZE];
static int arena_top;
static int total_probes;

#define EMPTY (-1)
#define DELETED (-2)

static u32 fnv1a(const char *s, int n)
{
    u32 h = 2166136261u;
    for (int i = 0; i < n; i++) {
        h ^= (u8)s[i];
        h *= 16777619u;
    }
    return h;
}

static int key_equals(const slot *e, const char *s, int n)
{
    if (e->keylen != n)
        return 0;
    const char *k = arena + e->key;
    for (int i = 0; i < n; i++)
        if (k[i] != s[i])
            return 0;
    return 1;
}

static void table_init(int cap)
{
    capacity = cap;
    used = occupied = 0;
    for (int i = 0; i < cap; i++) {
        table[i].key = EMPTY;
        table[i].count = 0;
    }
}

/* Returns the slot index of the key, or -1. */
static int table_find(const char *s, int n)
{
    u32 h = fnv1a(s, n);
    int mask = capacity - 1;
    int i = (int)(h & (u32)mask);
    for (int probes = 0; probes < capacity; probes++) {
        slot *e = &table[i];
        total_probes++;
        if (e->key == EMPTY)
            return -1;
        if (e->key >= 0 && e->hash == h && key_equals(e, s, n))
            return i;
        i = (i + 1) & mask;
    }
    return -1;
}

static void place(u32 h, int key, int keylen, int count)
{
    int mask = capacity - 1;
    int i = (int)(h & (u32)mask);
    int probes = 0;
    while (table[i].key >= 0) {
        i = (i + 1) & mask;
        probes++;
    }
    if (table[i].key == EMPTY)
        occupied++;
    table[i].hash = h;
    table[i].key = (i16)key;
    table[i].keylen = (u8)keylen;
    table[i].probes = (u8)(probes > 255 ? 255 : probes);
    table[i].count = count;
    used++;
}

/* Rebuilds the table at new_cap, dropping tombstones. */
static void rehash(int new_cap)
{
    int old_cap = capacity;
    for (int i = 0; i < old_cap; i++)
        old_table[i] = table[i];
    table_init(new_cap);
    for (int i = 0; i < old_cap; i++)
        if (old_table[i].key >= 0)
            place(old_table[i].hash, old_table[i].key, old_table[i].keylen, old_table[i].count);
}

/* Adds 1 to the key's count, inserting it if needed; returns new count. */
static int table_add(const char *s, int n)
{
    int i = table_find(s, n);
    if (i >= 0)
        return ++table[i].count;
    if ((occupied + 1) * 4 > capacity * 3) {
        if (used * 2 > capacity) {
            if (capacity == MAX_CAP)
                return -1;
            rehash(capacity * 2);
        } else {
            rehash(capacity); /* mostly tombstones: clean up in place */
        }
    }
    if (arena_top + n > ARENA_SIZE)
        return -1;
    int off = arena_top;
    for (int k = 0; k < n; k++)
        arena[off + k] = s[k];
    arena_top += n;
    place(fnv1a(s, n), off, n, 1);
    return 1;
}

static int table_remove(const char *s, int n)
{
    int i = table_find(s, n);
    if (i < 0)
        return 0;
    table[i].key = DELETED;
    used--;
    return 1;
}

static const char text[] =
    "The sensor node wakes up every second, samples the temperature and the\n"
    "humidity, and goes back to sleep. When the radio is idle the node keeps\n"
    "its samples in a ring buffer; when the buffer is full the node packs the\n"
    "samples, signs them with the device key and sends them to the gateway.\n"
    "The gateway checks the signature, stores the samples and answers with an\n"
    "acknowledgement. If no acknowledgement arrives the node keeps the samples\n"
    "and tries again at the next wake up, doubling the back-off each time, up\n"
    "to a limit of one minute. A watchdog resets the node if the main loop\n"
    "stalls, and the bootloader checks the firmware image before it jumps to\n"
    "it. The image is compiled once and executed in place from flash, so the\n"
    "small amount of RAM is left for the stack, the ring buffer and the radio.\n";

static int is_letter(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* Calls fn(word, len) for each lower-cased word. */
typedef void (*word_fn)(const char *w, int n);

static void for_each_word(const char *t, word_fn fn)
{
    char w[32];
    int n = 0;
    for (int i = 0;; i++) {
        char c = t[i];
        if (is_letter(c)) {
            if (n < 31)
                w[n++] = (c >= 'A' && c <= 'Z') ? (char)(c + 32) : c;
        } else {
            if (n > 0)
                fn(w, n);
            n = 0;
            if (c == 0)
                break;
        }
    }
}

static int word_total;

static void count_word(const char *w, int n)
{
    word_total++;
    table_add(w, n);
}

static int removed_short;

static void remove_short(const char *w, int n)
{
    if (n <= 3)
        removed_short += table_remove(w, n);
}

static int lookups_found;

static void lookup_word(const char *w, int n)
{
    if (table_find(w, n) >= 0)
        lookups_found++;
}

static void print_entry(int i)
{
    print_str(arena + table[i].key, table[i].keylen);
    print_char('=');
    print_i32(table[i].count);
}

int run(void)
{
    u32 sum = 0;
    table_init(16);

    for_each_word(text, count_word);
    print_kv_i32("words: ", word_total);
    print_kv_i32("distinct: ", used);
    print_kv_i32("capacity: ", capacity);
    print_kv_i32("arena bytes: ", arena_top);

    /* top entries by (count desc, key asc): selection over slot indices */
    int order[MAX_CAP];
    int no = 0;
    for (int i = 0; i < capacity; i++)
        if (table[i].key >= 0)
            order[no++] = i;
    for (int a = 0; a < no; a++) {
        int best = a;
        for (int b = a + 1; b < no; b++) {
            slot *x = &table[order[b]], *y = &table[order[best]];
            int better = x->count > y->count;
            if (x->count == y->count) {
                int n = x->keylen < y->keylen ? x->keylen : y->keylen;
                int c = memcmp(arena + x->key, arena + y->key, (usize)n);
                better = c < 0 || (c == 0 && x->keylen < y->keylen);
            }
            if (better)
                best = b;
        }
        int t = order[a];
        order[a] = order[best];
        order[best] = t;
    }
    print_cstr("top:");
    for (int a = 0; a < 8 && a < no; a++) {
        print_char(' ');
        print_entry(order[a]);
    }
    print_nl();
    for (int a = 0; a < no; a++)
        sum = mix32(sum, table[order[a]].hash + (u32)table[order[a]].count);

    int maxp = 0, sump = 0;
    for (int i = 0; i < capacity; i++)
        if (table[i].key >= 0) {
            sump += table[i].probes;
            if (table[i].probes > maxp)
                maxp = table[i].probes;
        }
    print_cstr("probe distance max/total: ");
    print_i32(maxp);
    print_char('/');
    print_i32(sump);
    print_nl();

    static const char *const queries[] = {"node", "samples", "gateway", "zigbee", "the", "watchdog", "", "flash"};
    print_cstr("queries:");
    for (int q = 0; q < 8; q++) {
        int i = table_find(queries[q], cstr_len(queries[q]));
        print_char(' ');
        print_cstr(queries[q][0] ? queries[q] : "<empty>");
        print_char(':');
        print_i32(i >= 0 ? table[i].count : 0);
    }
    print_nl();

    for_each_word(text, remove_short);
    print_kv_i32("removed short words: ", removed_short);
    print_kv_i32("live after remove: ", used);
    total_probes = 0;
    for_each_word(text, lookup_word);
    print_kv_i32("found after remove: ", lookups_found);
    print_kv_i32("probes for lookups: ", total_probes);
    sum = mix32(sum, (u32)lookups_found);

    /* re-insert synthetic keys so tombstones get reused / rehashed */
    char key[8] = {'k', 'e', 'y', '-', 0, 0, 0, 0};
    int inserted = 0;
    for (int i = 0; i < 150; i++) {
        key[4] = (char)('a' + i % 26);
        key[5] = (char)('a' + (i / 26) % 26);
        key[6] = (char)('0' + i % 10);
        if (table_add(key, 7) == 1)
            inserted++;
    }
    for (int i = 0; i < 150; i += 3) {
        key[4] = (char)('a' + i % 26);
        key[5] = (char)('a' + (i / 26) % 26);
        key[6] = (char)('0' + i % 10);
        table_add(key, 7);
    }
    print_kv_i32("inserted synthetic: ", inserted);
    print_kv_i32("live: ", used);
    print_kv_i32("capacity: ", capacity);
    int twice = 0;
    for (int i = 0; i < capacity; i++)
        if (table[i].key >= 0 && table[i].count == 2)
            twice++;
    print_kv_i32("count==2: ", twice);
    sum = mix32(sum, (u32)(used * 1000 + capacity + twice));
    return (int)(sum & 0x7fffffffu);
}
