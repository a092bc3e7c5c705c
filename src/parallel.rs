//! Work spread over the cores by rayon when the `parallel` feature is on,
//! done on the calling thread when it is off. Every caller gets the same
//! answer either way: the work is cut into shares whose results are put
//! back in order, and no share's result depends on how the work was cut.

// Only the forecasts cut their work into shares so far.
#![cfg_attr(not(feature = "forecast"), allow(dead_code))]

/// How many shares to cut work into: rayon's number of threads (1 without
/// the `parallel` feature).
pub(crate) fn threads() -> usize {
    #[cfg(feature = "parallel")]
    {
        rayon::current_num_threads()
    }
    #[cfg(not(feature = "parallel"))]
    {
        1
    }
}

/// `f` of each item, in the items' order; on rayon's threads with the
/// `parallel` feature.
pub(crate) fn map<T, R, F>(items: &[T], f: F) -> Vec<R>
where
    T: Sync,
    R: Send,
    F: Fn(&T) -> R + Sync + Send,
{
    #[cfg(feature = "parallel")]
    {
        use rayon::prelude::*;
        items.par_iter().map(f).collect()
    }
    #[cfg(not(feature = "parallel"))]
    {
        items.iter().map(f).collect()
    }
}

/// `f` of each item, in the items' order, each item a task of its own on
/// rayon's threads with the `parallel` feature (for a few items of much
/// work each: a thread that is done takes the next item left, where
/// rayon's usual cut would give each thread a run of items).
pub(crate) fn map_each<T, R, F>(items: &[T], f: F) -> Vec<R>
where
    T: Sync,
    R: Send,
    F: Fn(&T) -> R + Sync + Send,
{
    #[cfg(feature = "parallel")]
    {
        use rayon::prelude::*;
        items.par_iter().with_max_len(1).map(f).collect()
    }
    #[cfg(not(feature = "parallel"))]
    {
        items.iter().map(f).collect()
    }
}

/// The `Some` results of `f` on each item, in the items' order; on rayon's
/// threads with the `parallel` feature when there are at least
/// `parallel_from` items (below that the threads cost more than they give).
pub(crate) fn filter_map<T, R, F>(items: &[T], parallel_from: usize, f: F) -> Vec<R>
where
    T: Sync,
    R: Send,
    F: Fn(&T) -> Option<R> + Sync + Send,
{
    #[cfg(feature = "parallel")]
    if items.len() >= parallel_from {
        use rayon::prelude::*;
        return items.par_iter().filter_map(f).collect();
    }
    let _ = parallel_from;
    items.iter().filter_map(f).collect()
}

/// `a()` and `b()`, at once on rayon's threads with the `parallel`
/// feature, one after the other without it.
pub(crate) fn join<A, B, RA, RB>(a: A, b: B) -> (RA, RB)
where
    A: FnOnce() -> RA + Send,
    B: FnOnce() -> RB + Send,
    RA: Send,
    RB: Send,
{
    #[cfg(feature = "parallel")]
    {
        rayon::join(a, b)
    }
    #[cfg(not(feature = "parallel"))]
    {
        (a(), b())
    }
}

/// `0..len` cut into `parts` ranges of nearly equal length, in order; each
/// range but the last starts at a multiple of `align`.
pub(crate) fn ranges(len: usize, parts: usize, align: usize) -> Vec<std::ops::Range<usize>> {
    let parts = parts.clamp(1, len.max(1));
    let align = align.max(1);
    let bound = |k: usize| {
        if k == parts {
            len
        } else {
            len * k / parts / align * align
        }
    };
    (0..parts).map(|k| bound(k)..bound(k + 1)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_cover_everything_once_in_order() {
        for len in [0, 1, 2, 7, 100, 1001] {
            for parts in [1, 2, 3, 8] {
                let cut = ranges(len, parts, 2);
                assert_eq!(cut.first().map(|r| r.start), Some(0));
                assert_eq!(cut.last().map(|r| r.end), Some(len));
                assert!(cut.windows(2).all(|w| w[0].end == w[1].start));
                assert!(cut[1..].iter().all(|r| r.start % 2 == 0));
            }
        }
    }

    #[test]
    fn filter_map_keeps_the_order() {
        let items: Vec<u32> = (0..10_000).collect();
        for from in [0, usize::MAX] {
            let odd = filter_map(&items, from, |&x| (x % 2 == 1).then_some(x));
            assert_eq!(odd, (0..5_000).map(|i| 2 * i + 1).collect::<Vec<_>>());
        }
    }

    #[test]
    fn map_keeps_the_order() {
        let items: Vec<u32> = (0..10_000).collect();
        let doubled = map(&items, |&x| 2 * x);
        assert!(doubled.iter().enumerate().all(|(i, &x)| x == 2 * i as u32));
    }
}
