//! Several optional texts kept in one allocation: an event's source, note
//! and committee; a file's title, procedure, proposal, act and committee.
//!
//! A register holds hundreds of thousands of such short texts; one
//! allocation per item instead of one per text, with the lengths in a
//! header of a few bytes instead of 24-byte `String`s, is most of what
//! keeps a loaded register within a small multiple of its JSON's size.

/// The most bytes the texts of one item may take together.
pub(crate) const LIMIT: usize = (1 << 30) - 1;

/// Texts `0..=M` in one string: a header, then the texts present one
/// after the other. The header's first byte has bit `i` set when text `i`
/// is present (a present text may be empty); then comes the length in
/// bytes of each present text but the last, in base 64, six bits a byte,
/// least significant first, `0x40` set on every byte but a length's last.
/// Every header byte is below `0x80`, so the whole is UTF-8 and a text is
/// a slice of it (no check on reading). `None` when no text is present.
///
/// One pointer (16 bytes) instead of a pointer and `M` 4-byte offsets: an
/// event takes 24 bytes, not 32, and a register of 100,000 files about 5 MB
/// less (`benches/README.md`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Packed<const M: usize> {
    text: Option<Box<str>>,
}

/// The flag of a length's byte that another follows.
const MORE: u8 = 0x40;

impl<const M: usize> Packed<M> {
    /// Whether `parts` fit: [`LIMIT`] bytes together.
    pub(crate) fn fits(parts: &[Option<&str>]) -> bool {
        parts.iter().flatten().map(|p| p.len()).sum::<usize>() <= LIMIT
    }

    /// Packs `parts` (`M + 1` of them). Parts beyond [`LIMIT`] bytes in all
    /// are kept empty rather than wrap around: the register loader refuses
    /// such texts before they get here (see [`fits`](Packed::fits)).
    pub(crate) fn new(parts: &[Option<&str>]) -> Self {
        debug_assert!((1..8).contains(&M) && parts.len() == M + 1);
        if parts.iter().all(Option::is_none) {
            return Packed::default(); // most events: no text
        }
        let mut kept = [None::<&str>; 8];
        let mut total = 0;
        let mut present = 0u8;
        for (i, part) in parts.iter().enumerate().take(M + 1) {
            if let Some(part) = part {
                present |= 1 << i;
                let fits = total + part.len() <= LIMIT;
                kept[i] = Some(if fits { part } else { "" });
                total += kept[i].map_or(0, str::len);
            }
        }
        if present == 0 {
            return Packed::default();
        }
        let last = last_present(present);
        // Of exactly its size: a block shrunk afterwards may stay as large
        // as it was (mimalloc keeps it when it shrinks by half or less).
        let digits =
            |len: usize| 1 + (usize::BITS - len.leading_zeros()).saturating_sub(1) as usize / 6;
        let header: usize = 1 + kept
            .iter()
            .take(last)
            .flatten()
            .map(|p| digits(p.len()))
            .sum::<usize>();
        let mut text = String::with_capacity(header + total);
        text.push(char::from(present));
        for part in kept.iter().take(last).flatten() {
            let mut len = part.len();
            loop {
                let digit = (len & 0x3F) as u8;
                len >>= 6;
                text.push(char::from(if len > 0 { digit | MORE } else { digit }));
                if len == 0 {
                    break;
                }
            }
        }
        for part in kept.iter().flatten() {
            text.push_str(part);
        }
        debug_assert_eq!(text.len(), header + total);
        Packed {
            text: Some(text.into_boxed_str()),
        }
    }

    /// Text `which`, if present.
    pub(crate) fn get(&self, which: usize) -> Option<&str> {
        let text = self.text.as_deref()?;
        let bytes = text.as_bytes();
        let present = bytes[0];
        if which > M || present & (1 << which) == 0 {
            return None;
        }
        let last = last_present(present);
        // The lengths of the present texts before `last`, read in order.
        let mut at = 1;
        let mut start = 0;
        let mut len = None;
        for i in 0..last {
            if present & (1 << i) == 0 {
                continue;
            }
            let mut value = 0;
            let mut shift = 0;
            loop {
                let byte = *bytes.get(at)?;
                at += 1;
                value |= usize::from(byte & 0x3F) << shift;
                shift += 6;
                if byte & MORE == 0 {
                    break;
                }
            }
            if i < which {
                start += value;
            } else if i == which {
                len = Some(value);
            }
        }
        let start = at + start;
        let end = len.map_or(text.len(), |len| start + len);
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

/// The index of the last text present in `present` (not 0).
fn last_present(present: u8) -> usize {
    7 - present.leading_zeros() as usize
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
        assert_eq!(size_of::<Packed<2>>(), 16);
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

    #[test]
    fn long_and_non_ascii_texts_keep_their_lengths() {
        // Lengths of one, two and four header bytes, texts with multi-byte
        // characters, absent texts between present ones.
        let long = "é".repeat(3000);
        let huge = "x".repeat(1 << 20);
        for parts in [
            [Some("a"), None, Some(long.as_str()), Some(""), None],
            [Some(huge.as_str()), Some("ü"), None, None, Some("LIBE")],
            [None, None, None, None, Some("")],
            [Some(""), Some(""), Some(""), Some(""), Some("")],
            [
                Some(&long[..64]),
                Some(&long[..4096]),
                Some(huge.as_str()),
                None,
                Some("z"),
            ],
        ] {
            let p: Packed<4> = Packed::new(&parts);
            assert_eq!((0..5).map(|i| p.get(i)).collect::<Vec<_>>(), parts);
            assert_eq!(p.get(5), None);
        }
        assert_eq!(Packed::<4>::new(&[None; 5]), Packed::default());
    }
}
