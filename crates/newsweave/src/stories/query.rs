//! An article's query vector in a small open-addressed table: scoring a
//! story looks each of its centroid terms up here, in cache, instead of
//! walking two sorted lists side by side.

use super::vocab::TermId;

/// Term → query weight, for one article at a time.
#[derive(Default)]
pub(crate) struct QueryTable {
    /// `term + 1` per slot, 0 when empty.
    keys: Vec<u32>,
    weights: Vec<f32>,
    /// 32 minus the number of bits of a slot index.
    shift: u32,
}

impl QueryTable {
    /// Holds `query` (distinct terms), and nothing else.
    pub fn fill(&mut self, query: &[(TermId, f32)]) {
        let bits = (query.len().max(16) * 4)
            .next_power_of_two()
            .trailing_zeros();
        let size = 1usize << bits;
        self.keys.clear();
        self.keys.resize(size, 0);
        self.weights.resize(size, 0.0);
        self.shift = 32 - bits;
        for &(t, w) in query {
            let mut i = self.slot(t);
            while self.keys[i] != 0 {
                i = (i + 1) & (size - 1);
            }
            self.keys[i] = t + 1;
            self.weights[i] = w;
        }
    }

    #[inline]
    fn slot(&self, t: TermId) -> usize {
        ((t.wrapping_add(1)).wrapping_mul(0x9E37_79B9) >> self.shift) as usize
    }

    /// The weight of `t` in the query, if it is there.
    #[inline]
    pub fn get(&self, t: TermId) -> Option<f32> {
        let mask = self.keys.len().wrapping_sub(1);
        let mut i = self.slot(t);
        loop {
            let k = *self.keys.get(i)?;
            if k == t.wrapping_add(1) {
                return Some(self.weights[i]);
            }
            if k == 0 {
                return None;
            }
            i = (i + 1) & mask;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_query_terms_only() {
        let mut table = QueryTable::default();
        assert_eq!(table.get(3), None);
        let query: Vec<(TermId, f32)> = (0..100).map(|i| (i * 7, i as f32)).collect();
        table.fill(&query);
        for &(t, w) in &query {
            assert_eq!(table.get(t), Some(w));
            assert_eq!(table.get(t + 1), None);
        }
        table.fill(&[(5, 1.5)]);
        assert_eq!(table.get(5), Some(1.5));
        assert_eq!(table.get(7), None);
    }
}
