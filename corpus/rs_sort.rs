//! rs_sort: slices and iterators in no_std Rust: xorshift data, core's
//! sort_unstable against hand-written heap and insertion sorts, binary
//! search, a stable merge sort of records by key, and checksums.
#![no_std]

#[path = "../sdk/xipwasm.rs"]
mod xipwasm;

use xipwasm::{print, print_i32, print_i64};

const N: usize = 3000;

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.0 = x;
        x
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
struct Record {
    key: u16,
    seq: u16,
}

fn heap_sort(a: &mut [u32]) {
    fn sift(a: &mut [u32], mut root: usize, end: usize) {
        loop {
            let mut child = 2 * root + 1;
            if child >= end {
                return;
            }
            if child + 1 < end && a[child] < a[child + 1] {
                child += 1;
            }
            if a[root] >= a[child] {
                return;
            }
            a.swap(root, child);
            root = child;
        }
    }
    for start in (0..a.len() / 2).rev() {
        sift(a, start, a.len());
    }
    for end in (1..a.len()).rev() {
        a.swap(0, end);
        sift(a, 0, end);
    }
}

fn insertion_sort(a: &mut [u32]) {
    for i in 1..a.len() {
        let v = a[i];
        let mut j = i;
        while j > 0 && a[j - 1] > v {
            a[j] = a[j - 1];
            j -= 1;
        }
        a[j] = v;
    }
}

/// Stable merge sort by key, using `tmp` as scratch.
fn merge_sort(a: &mut [Record], tmp: &mut [Record]) {
    let n = a.len();
    if n < 2 {
        return;
    }
    let mid = n / 2;
    merge_sort(&mut a[..mid], tmp);
    merge_sort(&mut a[mid..], tmp);
    let (mut i, mut j, mut k) = (0, mid, 0);
    while i < mid && j < n {
        if a[j].key < a[i].key {
            tmp[k] = a[j];
            j += 1;
        } else {
            tmp[k] = a[i];
            i += 1;
        }
        k += 1;
    }
    tmp[k..k + mid - i].copy_from_slice(&a[i..mid]);
    k += mid - i;
    tmp[k..k + n - j].copy_from_slice(&a[j..n]);
    a.copy_from_slice(&tmp[..n]);
}

fn checksum(a: &[u32]) -> u64 {
    a.iter().enumerate().fold(0u64, |h, (i, &v)| h.wrapping_mul(31).wrapping_add(v as u64 ^ i as u64))
}

static mut A: [u32; N] = [0; N];
static mut B: [u32; N] = [0; N];
static mut C: [u32; N] = [0; N];
static mut RECORDS: [Record; N] = [Record { key: 0, seq: 0 }; N];
static mut TMP: [Record; N] = [Record { key: 0, seq: 0 }; N];

#[no_mangle]
pub extern "C" fn run() -> i32 {
    // SAFETY: the only accesses to these statics, from a single-threaded entry point.
    let (a, b, c, records, tmp) = unsafe {
        (
            &mut *core::ptr::addr_of_mut!(A),
            &mut *core::ptr::addr_of_mut!(B),
            &mut *core::ptr::addr_of_mut!(C),
            &mut *core::ptr::addr_of_mut!(RECORDS),
            &mut *core::ptr::addr_of_mut!(TMP),
        )
    };
    let mut rng = Rng(0x9e3779b97f4a7c15);
    for v in a.iter_mut() {
        *v = (rng.next() % 100000) as u32;
    }
    b.copy_from_slice(a);
    c.copy_from_slice(a);
    print("unsorted checksum: ");
    print_i64(checksum(a) as i64);
    print("\n");
    a.sort_unstable();
    heap_sort(b);
    insertion_sort(c);
    print("sorted checksum: ");
    print_i64(checksum(a) as i64);
    print("\nheap sort agrees: ");
    print_i32((a == b) as i32);
    print("\ninsertion sort agrees: ");
    print_i32((a == c) as i32);
    print("\nmin, median, max: ");
    print_i32(a[0] as i32);
    print(", ");
    print_i32(a[N / 2] as i32);
    print(", ");
    print_i32(a[N - 1] as i32);
    let distinct = 1 + a.windows(2).filter(|w| w[0] != w[1]).count();
    print("\ndistinct: ");
    print_i32(distinct as i32);
    let found = (0..1000u32).filter(|k| a.binary_search(&(k * 97)).is_ok()).count();
    print("\nmultiples of 97 found: ");
    print_i32(found as i32);
    for (i, r) in records.iter_mut().enumerate() {
        *r = Record { key: (rng.next() % 64) as u16, seq: i as u16 };
    }
    merge_sort(records, tmp);
    let stable = records.windows(2).all(|w| w[0].key < w[1].key || (w[0].key == w[1].key && w[0].seq < w[1].seq));
    print("\nmerge sort stable: ");
    print_i32(stable as i32);
    let firsts: u64 = records.iter().step_by(100).map(|r| r.seq as u64).sum();
    print("\nsampled seqs: ");
    print_i64(firsts as i64);
    print("\n");
    (checksum(a) % 1000) as i32
}
