//! CPython 3.13's hash table for `set` and `frozenset` (Objects/setobject.c),
//! reproduced slot for slot so that iterating a set visits its members in the
//! order CPython prints them.
//!
//! The table has a power-of-two number of slots (8 at first). A member goes
//! to slot `hash & mask`; on a collision the next nine slots are tried in turn
//! (linear probing, when they fit before the end of the table), then the
//! probe jumps to `(i * 5 + 1 + perturb) & mask` with `perturb` the hash
//! shifted right by 5 bits more at each jump. A table is rebuilt, four times
//! as large as its members (twice beyond 50,000), as soon as 3/5 of its slots
//! have been used. Removed members leave a "dummy" that later insertions may
//! reuse.
//!
//! The table is generic over its members so that it knows nothing of Python
//! values: callers give each member's hash and the equality to use.

/// One slot of the table.
#[derive(Debug, Clone, PartialEq)]
enum Slot<K> {
    /// Never used since the table was built.
    Empty,
    /// Held a member that was removed.
    Dummy,
    /// Holds a member and its hash.
    Full(i64, K),
}

/// A CPython set table of members `K`, in CPython's slot order.
#[derive(Debug, Clone, PartialEq)]
pub struct SetTable<K> {
    slots: Vec<Slot<K>>,
    /// Members.
    used: usize,
    /// Members plus dummies.
    fill: usize,
}

/// CPython's `PySet_MINSIZE`.
const MIN_SIZE: usize = 8;
/// CPython's `LINEAR_PROBES`.
const LINEAR_PROBES: usize = 9;
/// CPython's `PERTURB_SHIFT`.
const PERTURB_SHIFT: u32 = 5;

impl<K> Default for SetTable<K> {
    fn default() -> Self {
        Self::new()
    }
}

impl<K> SetTable<K> {
    /// An empty table of 8 slots, as `set()` makes.
    pub fn new() -> Self {
        Self {
            slots: empty_slots(MIN_SIZE),
            used: 0,
            fill: 0,
        }
    }

    /// The number of members.
    pub fn len(&self) -> usize {
        self.used
    }

    /// Whether the table has no members.
    pub fn is_empty(&self) -> bool {
        self.used == 0
    }

    /// The members in slot order, which is the order CPython iterates and prints them.
    pub fn iter(&self) -> impl DoubleEndedIterator<Item = &K> + '_ {
        self.entries().map(|(_, k)| k)
    }

    /// The members with their hashes, in slot order.
    pub fn entries(&self) -> impl DoubleEndedIterator<Item = (i64, &K)> + '_ {
        self.slots.iter().filter_map(|s| match s {
            Slot::Full(h, k) => Some((*h, k)),
            _ => None,
        })
    }

    /// The members in slot order, by value.
    pub fn into_members(self) -> impl DoubleEndedIterator<Item = K> {
        self.slots.into_iter().filter_map(|s| match s {
            Slot::Full(_, k) => Some(k),
            _ => None,
        })
    }

    /// The number of slots (`mask + 1`).
    pub fn capacity(&self) -> usize {
        self.slots.len()
    }

    fn mask(&self) -> usize {
        self.slots.len() - 1
    }

    /// The slot holding a member equal to `key`, as `set_lookkey` finds it.
    pub fn find(&self, hash: i64, key: &K, mut eq: impl FnMut(&K, &K) -> bool) -> Option<usize> {
        let mask = self.mask();
        let mut perturb = hash as u64;
        let mut i = (hash as u64 as usize) & mask;
        loop {
            let probes = if i + LINEAR_PROBES <= mask {
                LINEAR_PROBES
            } else {
                0
            };
            for j in i..=i + probes {
                match &self.slots[j] {
                    Slot::Empty => return None,
                    Slot::Full(h, k) if *h == hash && eq(k, key) => return Some(j),
                    _ => {}
                }
            }
            perturb >>= PERTURB_SHIFT;
            i = (i
                .wrapping_mul(5)
                .wrapping_add(1)
                .wrapping_add(perturb as usize))
                & mask;
        }
    }

    /// Whether a member equal to `key` is present.
    pub fn contains(&self, hash: i64, key: &K, eq: impl FnMut(&K, &K) -> bool) -> bool {
        self.find(hash, key, eq).is_some()
    }

    /// Adds `key` unless an equal member is present (which is kept), as
    /// `set_add_entry` does: into the last dummy slot passed while probing,
    /// else the empty slot that ended the probe, growing the table as
    /// CPython does. Returns whether it was added.
    pub fn insert(&mut self, hash: i64, key: K, mut eq: impl FnMut(&K, &K) -> bool) -> bool {
        let mask = self.mask();
        let mut perturb = hash as u64;
        let mut i = (hash as u64 as usize) & mask;
        let mut freeslot: Option<usize> = None;
        let empty = 'probe: loop {
            let probes = if i + LINEAR_PROBES <= mask {
                LINEAR_PROBES
            } else {
                0
            };
            for j in i..=i + probes {
                match &self.slots[j] {
                    Slot::Empty => break 'probe j,
                    Slot::Full(h, k) => {
                        if *h == hash && eq(k, &key) {
                            return false;
                        }
                    }
                    // CPython 3.13 keeps the last dummy it passes, not the first.
                    Slot::Dummy => freeslot = Some(j),
                }
            }
            perturb >>= PERTURB_SHIFT;
            i = (i
                .wrapping_mul(5)
                .wrapping_add(1)
                .wrapping_add(perturb as usize))
                & mask;
        };
        if let Some(free) = freeslot {
            self.slots[free] = Slot::Full(hash, key);
            self.used += 1;
            return true;
        }
        self.slots[empty] = Slot::Full(hash, key);
        self.fill += 1;
        self.used += 1;
        if self.fill * 5 >= mask * 3 {
            self.resize(self.grown_size());
        }
        true
    }

    /// CPython's growth target after an insertion fills the table.
    fn grown_size(&self) -> usize {
        if self.used > 50_000 {
            self.used * 2
        } else {
            self.used * 4
        }
    }

    /// Removes the member equal to `key`, leaving a dummy, as
    /// `set_discard_entry` does. Returns whether one was removed.
    pub fn discard(&mut self, hash: i64, key: &K, eq: impl FnMut(&K, &K) -> bool) -> bool {
        match self.find(hash, key, eq) {
            Some(j) => {
                self.slots[j] = Slot::Dummy;
                self.used -= 1;
                true
            }
            None => false,
        }
    }

    /// Rebuilds the table with the smallest power-of-two size above
    /// `min_used` (at least 8), dropping the dummies, as `set_table_resize` does.
    pub fn resize(&mut self, min_used: usize) {
        let mut size = MIN_SIZE;
        while size <= min_used {
            size <<= 1;
        }
        let old = std::mem::replace(&mut self.slots, empty_slots(size));
        self.fill = self.used;
        let mask = size - 1;
        for slot in old {
            if let Slot::Full(h, k) = slot {
                insert_clean(&mut self.slots, mask, h, k);
            }
        }
    }

    /// After removals: rebuilds the table when more than a quarter of its
    /// slots are dummies, as `set_difference_update_internal` does.
    pub fn purge_dummies(&mut self) {
        if self.fill - self.used > self.mask() / 4 {
            self.resize(self.grown_size());
        }
    }

    /// Number of dummies in the table.
    pub fn dummies(&self) -> usize {
        self.fill - self.used
    }

    /// The XOR-mix of every slot's hash that `frozenset.__hash__` starts from,
    /// with CPython's corrections for empty slots and dummies.
    pub(crate) fn frozenset_hash(&self) -> i64 {
        let shuffle = |h: u64| ((h ^ 89_869_747) ^ (h << 16)).wrapping_mul(3_644_798_167);
        let mut hash: u64 = 0;
        for slot in &self.slots {
            hash ^= shuffle(match slot {
                Slot::Full(h, _) => *h as u64,
                Slot::Dummy => u64::MAX,
                Slot::Empty => 0,
            });
        }
        if (self.slots.len() - self.fill) & 1 == 1 {
            hash ^= shuffle(0);
        }
        if (self.fill - self.used) & 1 == 1 {
            hash ^= shuffle(u64::MAX);
        }
        hash ^= (self.used as u64 + 1).wrapping_mul(1_927_868_237);
        hash ^= (hash >> 11) ^ (hash >> 25);
        hash = hash.wrapping_mul(69_069).wrapping_add(907_133_923);
        if hash == u64::MAX {
            590_923_713
        } else {
            hash as i64
        }
    }
}

impl<K: Clone> SetTable<K> {
    /// Adds every member of `other`, as `set_merge` does: one resize first,
    /// then a slot-for-slot copy when this table is empty, of the same size
    /// and `other` has no dummies; a clean reinsertion when this table is
    /// empty; ordinary insertions otherwise.
    pub fn merge(&mut self, other: &SetTable<K>, mut eq: impl FnMut(&K, &K) -> bool) {
        if other.used == 0 {
            return;
        }
        if (self.fill + other.used) * 5 >= self.mask() * 3 {
            self.resize((self.used + other.used) * 2);
        }
        if self.fill == 0 && self.mask() == other.mask() && other.fill == other.used {
            for (mine, theirs) in self.slots.iter_mut().zip(&other.slots) {
                if let Slot::Full(h, k) = theirs {
                    *mine = Slot::Full(*h, k.clone());
                }
            }
            self.fill = other.fill;
            self.used = other.used;
            return;
        }
        if self.fill == 0 {
            let mask = self.mask();
            for (h, k) in other.entries() {
                insert_clean(&mut self.slots, mask, h, k.clone());
            }
            self.fill = other.used;
            self.used = other.used;
            return;
        }
        for (h, k) in other.entries() {
            self.insert(h, k.clone(), &mut eq);
        }
    }

    /// Prepares for `extra` insertions from a dict, as `set_update_local` does
    /// before iterating a dict: one resize when they would fill the table.
    pub fn reserve_for_dict(&mut self, extra: usize) {
        if (self.fill + extra) * 5 >= self.mask() * 3 {
            self.resize((self.used + extra) * 2);
        }
    }
}

fn empty_slots<K>(n: usize) -> Vec<Slot<K>> {
    let mut v = Vec::with_capacity(n);
    v.resize_with(n, || Slot::Empty);
    v
}

/// `set_insert_clean`: places a member known to be absent into a table without dummies.
fn insert_clean<K>(slots: &mut [Slot<K>], mask: usize, hash: i64, key: K) {
    let mut perturb = hash as u64;
    let mut i = (hash as u64 as usize) & mask;
    loop {
        if matches!(slots[i], Slot::Empty) {
            slots[i] = Slot::Full(hash, key);
            return;
        }
        if i + LINEAR_PROBES <= mask
            && let Some(slot) = slots[i + 1..=i + LINEAR_PROBES]
                .iter_mut()
                .find(|s| matches!(s, Slot::Empty))
        {
            *slot = Slot::Full(hash, key);
            return;
        }
        perturb >>= PERTURB_SHIFT;
        i = (i
            .wrapping_mul(5)
            .wrapping_add(1)
            .wrapping_add(perturb as usize))
            & mask;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set_of(items: &[i64]) -> SetTable<i64> {
        let mut t = SetTable::new();
        for &x in items {
            // Small non-negative ints hash to themselves in CPython.
            t.insert(x, x, |a, b| a == b);
        }
        t
    }

    fn order(t: &SetTable<i64>) -> Vec<i64> {
        t.iter().copied().collect()
    }

    #[test]
    fn small_ints_land_in_their_own_slots() {
        assert_eq!(order(&set_of(&[3, 1, 2])), [1, 2, 3]);
        // 8 collides with 0 and goes to the next slot.
        assert_eq!(order(&set_of(&[8, 0])), [8, 0]);
    }

    #[test]
    fn the_table_grows_at_three_fifths() {
        let t = set_of(&[0, 1, 2, 3]);
        assert_eq!(t.capacity(), 8);
        let t = set_of(&[0, 1, 2, 3, 4]);
        assert_eq!(t.capacity(), 32);
        // After the growth to 32 slots 16 has its own slot: CPython's
        // BUILD_SET of 0, 1, 2, 4, 16 iterates as [0, 1, 2, 4, 16].
        assert_eq!(order(&set_of(&[0, 1, 2, 4, 16])), [0, 1, 2, 4, 16]);
        // Merged into an empty set, the table is sized for 10: 16 probes
        // linearly from slot 0 to slot 3 (CPython's constant {0, 1, 2, 4, 16}).
        let mut merged = SetTable::new();
        merged.merge(&set_of(&[0, 1, 2, 4, 16]), |a, b| a == b);
        assert_eq!(merged.capacity(), 16);
        assert_eq!(order(&merged), [0, 1, 2, 16, 4]);
    }

    #[test]
    fn a_dummy_is_reused_by_the_next_insertion() {
        let mut t = set_of(&[0, 8]);
        assert!(t.discard(0, &0, |a, b| a == b));
        assert_eq!(t.dummies(), 1);
        t.insert(16, 16, |a, b| a == b);
        assert_eq!(order(&t), [16, 8]);
    }
}
