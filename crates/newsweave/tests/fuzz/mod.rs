//! Shared machinery of the time-budgeted mutation fuzzers (stable Rust, in
//! the ordinary test build; see `fuzz_html.rs` for why not cargo-fuzz):
//! a small RNG, byte-level mutations with a dictionary, and a driver that
//! runs a target until its budget is spent, fails on the first panic with
//! the input written under `target/`, and prints the inputs tried.
//!
//! Budget: `NEWSWEAVE_FUZZ_SECS` (seconds per target, default 5);
//! `NEWSWEAVE_FUZZ_SEED=N` replays a run.

use std::path::PathBuf;
use std::time::{Duration, Instant};

/// xorshift64*: enough randomness for mutations, no dependency.
pub struct Rng(pub u64);

impl Rng {
    /// The next 64 random bits.
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    /// A number in `0..n` (0 when `n` is 0).
    pub fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }
}

/// One input made from `seeds`: 1 to 8 of byte flips, dictionary words
/// (sometimes repeated thousands of times), cuts, truncations,
/// duplications, splices from another seed and random junk.
pub fn mutate(rng: &mut Rng, seeds: &[Vec<u8>], dict: &[&str]) -> Vec<u8> {
    let mut input = seeds[rng.below(seeds.len())].clone();
    for _ in 0..1 + rng.below(8) {
        let len = input.len();
        let at = rng.below(len + 1);
        match rng.below(7) {
            0 => {
                if len > 0 {
                    let i = rng.below(len);
                    input[i] = rng.next() as u8;
                }
            }
            1 => {
                let word = dict[rng.below(dict.len())].as_bytes();
                let times = if rng.below(10) == 0 {
                    1 + rng.below(3000)
                } else {
                    1
                };
                input.splice(at..at, word.repeat(times));
            }
            2 => {
                let end = (at + rng.below(2000)).min(len);
                input.drain(at..end);
            }
            3 => input.truncate(at),
            4 => {
                let end = (at + rng.below(4000)).min(len);
                let copy = input[at..end].to_vec();
                let to = rng.below(input.len() + 1);
                input.splice(to..to, copy);
            }
            5 => {
                let other = &seeds[rng.below(seeds.len())];
                let from = rng.below(other.len());
                let end = (from + rng.below(5000)).min(other.len());
                input.splice(at..at, other[from..end].iter().copied());
            }
            _ => {
                let junk: Vec<u8> = (0..rng.below(64)).map(|_| rng.next() as u8).collect();
                input.splice(at..at, junk);
            }
        }
    }
    input
}

/// Runs `target` on mutations of `seeds` for the budget. `target` returns
/// whether the input was accepted (for the count); a panic fails the test
/// after writing the input to `target/fuzz-NAME-crash.EXT`.
pub fn run(
    name: &str,
    ext: &str,
    seeds: &[Vec<u8>],
    dict: &[&str],
    target: impl Fn(&[u8]) -> bool + std::panic::RefUnwindSafe,
) {
    let secs: f64 = std::env::var("NEWSWEAVE_FUZZ_SECS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(5.0);
    let seed: u64 = std::env::var("NEWSWEAVE_FUZZ_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(1, |d| d.as_nanos() as u64)
                | 1
        });
    assert!(!seeds.is_empty(), "{name}: no seed inputs");
    let mut rng = Rng(seed);
    let budget = Duration::from_secs_f64(secs);
    let start = Instant::now();
    let (mut runs, mut ok) = (0u64, 0u64);
    let crash = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join(format!("../../target/fuzz-{name}-crash.{ext}"));
    while start.elapsed() < budget {
        let input = mutate(&mut rng, seeds, dict);
        runs += 1;
        match std::panic::catch_unwind(|| target(&input)) {
            Ok(true) => ok += 1,
            Ok(false) => {}
            Err(_) => {
                let _ = std::fs::create_dir_all(crash.parent().unwrap());
                let _ = std::fs::write(&crash, &input);
                panic!(
                    "{name}: panic on input #{runs} (seed {seed}); input written to {}",
                    crash.display()
                );
            }
        }
    }
    #[allow(clippy::print_stderr)]
    {
        eprintln!(
            "fuzz_{name}: {runs} inputs in {:.1} s ({ok} accepted, {} refused), seed {seed}, no panic",
            start.elapsed().as_secs_f64(),
            runs - ok
        );
    }
}
