//! Several optional texts kept in one allocation: an event's source, note
//! and committee; a file's title, procedure, proposal, act and committee.
//!
//! A register holds hundreds of thousands of such short texts; one
//! allocation per item instead of one per text, and 4-byte offsets instead
//! of 24-byte `String`s, is most of what keeps a loaded register within a
//! small multiple of its JSON's size.

/// The most bytes the texts of one item may take together.
pub(crate) const LIMIT: usize = (1 << 30) - 1;

const OFFSET: u32 = (1 << 30) - 1;
const PRESENT: u32 = 1 << 31;
const LAST_PRESENT: u32 = 1 << 30;

/// Texts `0..=M` one after the other in `text`. Text `i` (for `i > 0`)
/// starts at the low 30 bits of `starts[i - 1]`; the top bit of `starts[i]`
/// says whether text `i < M` is there, bit 30 of `starts[M - 1]` whether
/// text `M` is (a present text may be empty).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Packed<const M: usize> {
    starts: [u32; M],
    text: Option<Box<str>>,
}

impl<const M: usize> Default for Packed<M> {
    fn default() -> Self {
        Packed {
            starts: [0; M],
            text: None,
        }
    }
}

impl<const M: usize> Packed<M> {
    /// Whether `parts` fit: [`LIMIT`] bytes together.
    pub(crate) fn fits(parts: &[Option<&str>]) -> bool {
        parts.iter().flatten().map(|p| p.len()).sum::<usize>() <= LIMIT
    }

    /// Packs `parts` (`M + 1` of them). Parts beyond [`LIMIT`] bytes in all
    /// are left out rather than wrap around: the register loader refuses
    /// such texts before they get here (see [`fits`](Packed::fits)).
    pub(crate) fn new(parts: &[Option<&str>]) -> Self {
        debug_assert!(M >= 1 && parts.len() == M + 1);
        let len: usize = parts.iter().flatten().map(|p| p.len()).sum();
        let mut packed = Packed::default();
        let mut text = String::with_capacity(len.min(LIMIT));
        for (i, part) in parts.iter().enumerate().take(M + 1) {
            if i > 0 {
                packed.starts[i - 1] |= text.len() as u32 & OFFSET;
            }
            if let Some(part) = part {
                if i < M {
                    packed.starts[i] |= PRESENT;
                } else {
                    packed.starts[M - 1] |= LAST_PRESENT;
                }
                if text.len() + part.len() <= LIMIT {
                    text.push_str(part);
                }
            }
        }
        if !text.is_empty() {
            packed.text = Some(text.into_boxed_str());
        }
        packed
    }

    fn present(&self, which: usize) -> bool {
        if which < M {
            self.starts[which] & PRESENT != 0
        } else {
            which == M && self.starts[M - 1] & LAST_PRESENT != 0
        }
    }

    /// Text `which`, if present.
    pub(crate) fn get(&self, which: usize) -> Option<&str> {
        if !self.present(which) {
            return None;
        }
        let text = self.text.as_deref().unwrap_or("");
        let start = match which {
            0 => 0,
            i => (self.starts[i - 1] & OFFSET) as usize,
        };
        let end = if which == M {
            text.len()
        } else {
            (self.starts[which] & OFFSET) as usize
        };
        text.get(start..end)
    }

    /// Replaces (or, with `None`, removes) text `which`.
    pub(crate) fn set(&mut self, which: usize, value: Option<&str>) {
        let mut parts = [None; 8];
        for (i, part) in parts.iter_mut().enumerate().take(M + 1) {
            *part = if i == which { value } else { self.get(i) };
        }
        *self = Packed::new(&parts[..=M.min(7)]);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn absent_empty_and_present_texts_are_told_apart() {
        let p: Packed<2> = Packed::new(&[Some(""), None, Some("LIBE")]);
        assert_eq!(
            (p.get(0), p.get(1), p.get(2), p.get(3)),
            (Some(""), None, Some("LIBE"), None)
        );
        let mut q = p.clone();
        q.set(1, Some("é note"));
        assert_eq!(
            (q.get(0), q.get(1), q.get(2)),
            (Some(""), Some("é note"), Some("LIBE"))
        );
        q.set(1, None);
        assert_eq!(p, q);
        assert_eq!(Packed::<2>::new(&[None, None, None]), Packed::default());
        assert_eq!(size_of::<Packed<2>>(), 24);
        assert!(Packed::<2>::fits(&[Some("a"), None, Some("b")]));
    }

    #[test]
    fn five_texts() {
        let parts = [
            Some("Title"),
            Some("2016/0357A(COD)"),
            None,
            Some(""),
            Some("LIBE"),
        ];
        let p: Packed<4> = Packed::new(&parts);
        assert_eq!((0..5).map(|i| p.get(i)).collect::<Vec<_>>(), parts);
    }
}
