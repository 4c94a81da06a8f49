//! The random numbers behind the fictional practice (`demo`) and its notes (`notes::sample`):
//! SplitMix64, small and stable, so that a seed gives the same practice on every platform and
//! with every version of every crate (a library generator may change its numbers).

pub(crate) struct SplitMix64(u64);

impl SplitMix64 {
    pub(crate) fn new(seed: u64) -> Self {
        Self(seed)
    }

    pub(crate) fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// In `0..n` (0 when `n` is 0).
    pub(crate) fn below(&mut self, n: usize) -> usize {
        usize::try_from(self.next() % n.max(1) as u64).unwrap_or(0)
    }

    /// In `low..=high`.
    pub(crate) fn range(&mut self, low: u64, high: u64) -> u64 {
        low + self.next() % (high.saturating_sub(low) + 1)
    }

    pub(crate) fn percent(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }

    pub(crate) fn per_thousand(&mut self, per_thousand: u64) -> bool {
        self.next() % 1000 < per_thousand
    }

    pub(crate) fn pick<T: Copy + Default>(&mut self, items: &[T]) -> T {
        items.get(self.below(items.len())).copied().unwrap_or_default()
    }

    /// Skewed towards the start of the list (roughly Zipf): early items are common.
    pub(crate) fn skewed<T: Copy + Default>(&mut self, items: &[T]) -> T {
        let a = self.below(items.len());
        let b = self.below(items.len());
        items.get(a.min(b)).copied().unwrap_or_default()
    }
}
