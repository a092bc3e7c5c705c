//! Streaming JSON pieces shared by the importers: an array read element by
//! element, values that are one string or a list of them, language maps.

use std::fmt;
use std::io::{self, BufReader, Read};
use std::marker::PhantomData;

use serde::Deserialize;
use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};

use crate::error::Error;

/// The message of the error that stops a stream on purpose (a procedure
/// failed and `keep_going` is off); the caller reports the real error.
pub(crate) const STOPPED: &str = "import stopped";

/// Reads a JSON array element by element, handing each to `f` with its index
/// as soon as it is read, so that only one element is in memory at a time.
/// `f` returns `false` to stop reading.
pub(crate) struct ForEach<'a, T, F> {
    f: &'a mut F,
    what: &'static str,
    element: PhantomData<fn() -> T>,
}

impl<'a, T, F> ForEach<'a, T, F> {
    pub fn new(what: &'static str, f: &'a mut F) -> Self {
        ForEach {
            f,
            what,
            element: PhantomData,
        }
    }
}

impl<'de, T, F> DeserializeSeed<'de> for ForEach<'_, T, F>
where
    T: Deserialize<'de>,
    F: FnMut(usize, T) -> bool,
{
    type Value = usize;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<usize, D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de, T, F> Visitor<'de> for ForEach<'_, T, F>
where
    T: Deserialize<'de>,
    F: FnMut(usize, T) -> bool,
{
    type Value = usize;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "an array of {}", self.what)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<usize, A::Error> {
        let mut index = 0;
        while let Some(element) = seq.next_element::<T>()? {
            if !(self.f)(index, element) {
                return Err(de::Error::custom(STOPPED));
            }
            index += 1;
        }
        Ok(index)
    }
}

/// Reads one JSON document from `reader` with `seed`, and checks that nothing
/// but white space follows it.
///
/// serde_json reads a reader byte by byte; the standard library serves those
/// bytes straight from the buffer only when the reader is a `BufReader`
/// itself, so the reader is wrapped in one, whatever it is (a file, a zstd
/// decoder); the time it saves is in benches/README.md.
pub(crate) fn read_document<'de, S: DeserializeSeed<'de>>(
    reader: impl Read,
    seed: S,
) -> Result<S::Value, serde_json::Error> {
    let reader = BufReader::with_capacity(1 << 16, reader);
    let mut de = serde_json::Deserializer::from_reader(reader);
    let value = seed.deserialize(&mut de)?;
    de.end()?;
    Ok(value)
}

/// The crate error for a JSON problem in `origin`: an I/O error (a truncated
/// or corrupt compressed stream) as such, a syntax or type error with its
/// line and column.
pub(crate) fn error(origin: &str, err: serde_json::Error) -> Error {
    if err.is_io() {
        Error::io(origin, io::Error::from(err))
    } else {
        Error::json(Some(origin), &err)
    }
}

/// One string or an array of strings (JSON-LD gives a list where a
/// procedure has two types), as a list.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Strings(pub Vec<String>);

impl Strings {
    pub fn first(&self) -> Option<&str> {
        self.0.first().map(String::as_str)
    }
}

impl<'de> Deserialize<'de> for Strings {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Strings;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string or an array of strings")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Strings, E> {
                Ok(Strings(vec![v.to_string()]))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<Strings, E> {
                Ok(Strings(vec![v]))
            }
            fn visit_unit<E: de::Error>(self) -> Result<Strings, E> {
                Ok(Strings::default())
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Strings, A::Error> {
                let mut out = Vec::new();
                while let Some(s) = seq.next_element::<Option<String>>()? {
                    out.extend(s);
                }
                Ok(Strings(out))
            }
        }
        d.deserialize_any(V)
    }
}

/// A text in several languages (`{"en": "...", "fr": "..."}`), of which only
/// the English one is kept (or the first, when there is no English one); a
/// plain string is accepted too. The other languages are skipped unread.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct English(pub Option<String>);

impl<'de> Deserialize<'de> for English {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = English;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a map of language codes to texts, or a string")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<English, E> {
                Ok(English(Some(v.to_string())))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<English, E> {
                Ok(English(Some(v)))
            }
            fn visit_unit<E: de::Error>(self) -> Result<English, E> {
                Ok(English(None))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<English, A::Error> {
                let mut english = None;
                let mut first = None;
                while let Some(language) = map.next_key::<LanguageKey>()? {
                    match language {
                        LanguageKey::English if english.is_none() => {
                            english = map.next_value::<Strings>()?.0.into_iter().next();
                        }
                        LanguageKey::Other if english.is_none() && first.is_none() => {
                            first = map.next_value::<Strings>()?.0.into_iter().next();
                        }
                        _ => {
                            map.next_value::<IgnoredAny>()?;
                        }
                    }
                }
                Ok(English(english.or(first)))
            }
        }
        d.deserialize_any(V)
    }
}

/// A language code: English or not, without keeping the text.
enum LanguageKey {
    English,
    Other,
}

impl<'de> Deserialize<'de> for LanguageKey {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = LanguageKey;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a language code")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<LanguageKey, E> {
                Ok(if v == "en" {
                    LanguageKey::English
                } else {
                    LanguageKey::Other
                })
            }
        }
        d.deserialize_identifier(V)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_take_one_or_many() {
        let one: Strings = serde_json::from_str(r#""2016/0132(COD)""#).unwrap();
        assert_eq!(one.0, ["2016/0132(COD)"]);
        let two: Strings = serde_json::from_str(r#"["2025/0803(CNS)", "2025/0803(NLE)"]"#).unwrap();
        assert_eq!(two.first(), Some("2025/0803(CNS)"));
        assert_eq!(two.0.len(), 2);
        assert!(serde_json::from_str::<Strings>("3").is_err());
    }

    #[test]
    fn english_is_preferred_then_the_first_language() {
        let t: English =
            serde_json::from_str(r#"{"fr": "Titre", "en": "Title", "de": "Titel"}"#).unwrap();
        assert_eq!(t.0.as_deref(), Some("Title"));
        let t: English = serde_json::from_str(r#"{"fr": "Titre", "de": "Titel"}"#).unwrap();
        assert_eq!(t.0.as_deref(), Some("Titre"));
        let t: English = serde_json::from_str(r#""Title""#).unwrap();
        assert_eq!(t.0.as_deref(), Some("Title"));
        assert!(serde_json::from_str::<English>(r#"{"en": 3}"#).is_err());
    }

    #[test]
    fn for_each_hands_out_elements_in_order_and_can_stop() {
        let mut seen = Vec::new();
        let mut f = |i: usize, x: u32| {
            seen.push((i, x));
            x < 2
        };
        let err = read_document(&b"[1, 2, 3]"[..], ForEach::new("numbers", &mut f)).unwrap_err();
        assert!(err.to_string().starts_with(STOPPED));
        assert_eq!(seen, [(0, 1), (1, 2)]);
        let mut count = |_: usize, _: u32| true;
        let n = read_document(&b" [1, 2, 3] \n"[..], ForEach::new("numbers", &mut count)).unwrap();
        assert_eq!(n, 3);
        let err = read_document(&b"[1] [2]"[..], ForEach::new("numbers", &mut count)).unwrap_err();
        assert_eq!((err.line(), err.column()), (1, 5));
    }
}
