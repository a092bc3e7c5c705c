//! Importers: build a [`Register`] from the data the Parliament publishes.
//!
//! Two sources, one result:
//!
//! - [`ep_api`]: procedure documents of the European Parliament Open Data
//!   Portal API v2 (`/procedures/{id}`, `/procedures`), JSON-LD, one document
//!   or a whole dump.
//! - [`parltrack`]: the Parltrack `ep_dossiers` dump (a JSON array, one record
//!   per line, plain or zstd-compressed), whose events carry the Legislative
//!   Observatory's (OEIL) key-event labels.
//!
//! Both read their input as a stream: each procedure is mapped to a
//! [`LegislativeFile`](crate::LegislativeFile) as soon as it has been read and
//! only the mapped file is kept, so memory grows with the register produced,
//! not with the raw JSON (a `/procedures` dump of tens of thousands of
//! procedures never sits in memory).
//!
//! # What is mapped, and what is not
//!
//! Each procedure becomes one file. Its id comes from the procedure reference
//! (`2016/0132(COD)` becomes `2016-0132-cod`): reference-based ids are unique,
//! stable across imports and sources (the EP API and Parltrack give the same
//! id to the same procedure), and a reader can type them; a slug of the title
//! would be readable but long, not unique, and would change when the title is
//! edited. The reference itself is kept in `procedure`.
//!
//! Activities or key events that mark a stage become staged events (the
//! tables are in [`ep_api`] and [`parltrack`]); every other one is kept as an
//! informational event whose `note` starts with its type and whose `source`
//! is its id or document. Nothing is inferred silently: where a date is
//! derived rather than read (entry into force on the twentieth day after
//! publication, see [`Options::infer_entry_into_force`]) the event's `note`
//! says so. A type the importer does not know is kept as an informational
//! event and reported as an [`ImportDiagnostic`], never an error.
//!
//! The sources do not record everything the register can hold: the EP API
//! has no Commission proposal and no Council mandate, so imported files
//! usually start at the committee vote, and order diagnostics
//! ([`Register::diagnostics`]) report that gap rather than the importer
//! guessing the missing events.
//!
//! # Errors
//!
//! A document that is not what the importer reads is an error naming the
//! input and, for a JSON problem, the line and column
//! ([`Error::Json`](crate::Error::Json)); a procedure whose content is wrong
//! (an activity with no date, a date that is not one) is an
//! [`Error::Import`](crate::Error::Import) naming the input, the procedure and
//! the activity. With [`Options::keep_going`], a bad procedure (or Parltrack
//! record) is skipped, a bad document among several EP API documents is
//! skipped whole, and a Parltrack dump that breaks off (truncated, or not
//! JSON from some point on) keeps the records read whole before the break,
//! each skip reported as a diagnostic; without it, the first error stops the
//! import and nothing is imported.
//!
//! # Example
//!
//! ```
//! use codecision::import::{Options, ep_api};
//! use codecision::{Stage, parse_date};
//!
//! let json = r#"{"data": [{
//!     "id": "eli/dl/proc/2016-0132", "type": "Process",
//!     "process_id": "2016-0132", "label": "2016/0132(COD)",
//!     "process_title": {"en": "Eurodac recast"},
//!     "consists_of": [
//!       {"activity_id": "2016-0132-DEC-ADCP-2017-05-30", "activity_date": "2017-05-30",
//!        "had_activity_type": "def/ep-activities/COMMITTEE_ADOPTING_REPORT"},
//!       {"activity_id": "2016-0132-SIGN-2024-05-14", "activity_date": "2024-05-14",
//!        "had_activity_type": "def/ep-activities/SIGNATURE"}
//!     ],
//!     "had_participation": [
//!       {"participation_role": "def/ep-roles/COMMITTEE_LEAD", "had_participant_organization": ["org/LIBE"]}
//!     ]
//! }]}"#;
//! let import = ep_api::from_reader(json.as_bytes(), Options::default())?;
//! let eurodac = import.register.file("2016-0132-cod").unwrap();
//! assert_eq!(eurodac.procedure(), Some("2016/0132(COD)"));
//! assert_eq!(eurodac.committee(), Some("LIBE"));
//! let now = eurodac.stage_at(parse_date("2024-06-01")?).unwrap();
//! assert_eq!((now.stage, now.since.to_string().as_str()), (Stage::Adoption, "2024-05-14"));
//! assert!(import.diagnostics.is_empty());
//! # Ok::<(), codecision::Error>(())
//! ```

mod collect;
mod diagnostic;
mod draft;
pub mod ep_api;
mod input;
mod json;
pub mod parltrack;
mod reference;
mod summary;

pub use diagnostic::{ImportDiagnostic, ImportDiagnosticKind};
pub use summary::Summary;

use crate::register::Register;

/// What an import produced: a valid register and what the importer noticed
/// on the way.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct Import {
    /// The register, one file per procedure, in input order.
    pub register: Register,
    /// Everything the importer kept but wants a person to know: unknown
    /// activity types, duplicate procedures, what `keep_going` skipped.
    pub diagnostics: Vec<ImportDiagnostic>,
}

/// How an import behaves.
///
/// ```
/// use codecision::import::Options;
/// let options = Options::default().keep_going(true);
/// assert!(options.keep_going);
/// assert!(options.infer_entry_into_force);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Options {
    /// Skip what cannot be imported (a bad procedure, a bad input file),
    /// report it as an [`ImportDiagnostic`], and import the rest. Off by
    /// default: the first error stops the import and nothing is imported.
    pub keep_going: bool,
    /// Record an `entry_into_force` event on the twentieth day after the act's
    /// publication in the Official Journal, for ordinary legislative
    /// procedures (`COD`). Article 297(1) TFEU makes that day the default when
    /// the act sets no date of its own; many acts keep it, some set another,
    /// so the event's note says the date is inferred. On by default, because
    /// a `requires` link waits for entry into force and neither source records
    /// it.
    pub infer_entry_into_force: bool,
    /// The most a compressed (zstd) input may decompress to, in bytes:
    /// 4 GiB by default. Reading stops with an error naming the input and
    /// the limit as soon as it is passed, so a small file that decompresses
    /// to terabytes (a decompression bomb) costs no more than the limit.
    pub max_decompressed: u64,
    /// The longest text value (one JSON string, a title, a note...) an input
    /// may hold, in bytes: 16 MiB by default, far above any real title or
    /// summary. Checked as the input is read, so one huge string costs no
    /// more memory than the limit.
    pub max_text: u64,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            keep_going: false,
            infer_entry_into_force: true,
            max_decompressed: 4 << 30,
            max_text: 16 << 20,
        }
    }
}

impl Options {
    /// Sets [`keep_going`](Options::keep_going).
    #[must_use]
    pub fn keep_going(mut self, yes: bool) -> Self {
        self.keep_going = yes;
        self
    }

    /// Sets [`max_decompressed`](Options::max_decompressed).
    #[must_use]
    pub fn max_decompressed(mut self, bytes: u64) -> Self {
        self.max_decompressed = bytes;
        self
    }

    /// Sets [`max_text`](Options::max_text).
    #[must_use]
    pub fn max_text(mut self, bytes: u64) -> Self {
        self.max_text = bytes;
        self
    }

    /// Sets [`infer_entry_into_force`](Options::infer_entry_into_force).
    #[must_use]
    pub fn infer_entry_into_force(mut self, yes: bool) -> Self {
        self.infer_entry_into_force = yes;
        self
    }
}
