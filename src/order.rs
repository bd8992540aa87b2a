//! One sorting routine for the whole app.
//!
//! Every `sort_by` with a closure of its own makes the compiler emit a whole copy of the
//! standard library's sort for it: about 6 KB of WebAssembly each, so dozens of call
//! sites cost the first load tens of kilobytes. These functions sort a list of
//! positions instead, with the comparison behind a reference to a trait object, so the
//! app carries one copy of the sort; what stays per call site is the small reordering.
//! Stable and O(n log n), like `slice::sort_by`; one comparison costs an indirect call.

use std::cmp::Ordering;

/// The positions of `n` items in sorted order (stable): the only instantiation of the
/// standard library's sort that these functions use.
fn sorted_positions(n: usize, cmp: &dyn Fn(usize, usize) -> Ordering) -> Vec<usize> {
    let mut positions: Vec<usize> = (0..n).collect();
    positions.sort_by(|&a, &b| cmp(a, b));
    positions
}

/// Sorts `items` by `cmp`, keeping equal items in their order.
pub fn sort_by<T>(items: &mut [T], cmp: impl Fn(&T, &T) -> Ordering) {
    if items.len() < 2 {
        return;
    }
    let order = sorted_positions(items.len(), &|a, b| cmp(&items[a], &items[b]));
    // `goes_to[i]`: where the item now at `i` belongs. Each swap puts one item in its
    // place, so this is O(n).
    let mut goes_to = vec![0; order.len()];
    for (place, &from) in order.iter().enumerate() {
        goes_to[from] = place;
    }
    for i in 0..items.len() {
        while goes_to[i] != i {
            let j = goes_to[i];
            items.swap(i, j);
            goes_to.swap(i, j);
        }
    }
}

/// Sorts `items` by a key, keeping equal keys in their order.
pub fn sort_by_key<T, K: Ord>(items: &mut [T], key: impl Fn(&T) -> K) {
    sort_by(items, |a, b| key(a).cmp(&key(b)));
}

/// Sorts `items` in their natural order.
pub fn sort<T: Ord>(items: &mut [T]) {
    sort_by(items, T::cmp);
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    proptest! {
        /// The same order as the standard library's stable sort, equal keys included.
        #[test]
        fn sorts_like_the_standard_stable_sort(items in proptest::collection::vec((0u8..8, any::<u16>()), 0..200)) {
            let mut ours = items.clone();
            super::sort_by_key(&mut ours, |x| x.0);
            let mut std = items.clone();
            std.sort_by_key(|x| x.0);
            prop_assert_eq!(ours, std);
            let mut whole = items.clone();
            super::sort(&mut whole);
            let mut std = items;
            std.sort();
            prop_assert_eq!(whole, std);
        }
    }
}
