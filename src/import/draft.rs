//! A file being imported: what a source said, before the few decisions that
//! need the whole procedure (which event dates the adoption, when the act
//! enters into force) are made.

use chrono::{Datelike as _, Days};

use crate::error::{Error, shorten};
use crate::event::Event;
use crate::file::LegislativeFile;
use crate::import::Options;
use crate::import::reference;
use crate::stage::Stage;

/// A procedure read from a source, mapped event by event.
#[derive(Debug)]
pub(crate) struct Draft {
    pub id: String,
    pub title: String,
    pub reference: String,
    pub proposal: Option<String>,
    pub act: Option<String>,
    pub committee: Option<String>,
    pub events: Vec<DraftEvent>,
}

/// One event, and what it may become once the whole procedure is known.
#[derive(Debug)]
pub(crate) struct DraftEvent {
    pub event: Event,
    pub role: Role,
}

/// What an event may become.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Role {
    /// The event as it is.
    Plain,
    /// A candidate date for the adoption: the register records one adoption,
    /// dated by the candidate of lowest `priority` (signature first), the
    /// earliest of those; `dated` says which ("at signature") in the note.
    Adoption { priority: u8, dated: &'static str },
    /// Publication of the act in the Official Journal: the date entry into
    /// force may be inferred from.
    Publication,
}

/// Days from publication to entry into force when the act sets no date
/// (Article 297(1) TFEU: "the twentieth day following that of their
/// publication").
const DEFAULT_ENTRY_INTO_FORCE_DAYS: u64 = 20;

impl Draft {
    /// The file, with its events in date order (same-day events keep their
    /// source order).
    pub fn into_file(mut self, options: Options) -> LegislativeFile {
        let adoption = self
            .events
            .iter()
            .enumerate()
            .filter_map(|(i, e)| match e.role {
                Role::Adoption { priority, dated } => Some((priority, e.event.date, i, dated)),
                _ => None,
            })
            .min();
        if let Some((_, _, i, dated)) = adoption {
            let event = &mut self.events[i].event;
            event.stage = Some(Stage::Adoption);
            append_note(event, &format!("adoption dated {dated}"));
        }
        let mut events: Vec<Event> = Vec::with_capacity(self.events.len() + 1);
        let mut publication: Option<Event> = None;
        for draft in self.events {
            if draft.role == Role::Publication
                && publication
                    .as_ref()
                    .is_none_or(|p| draft.event.date < p.date)
            {
                publication = Some(draft.event.clone());
            }
            events.push(draft.event);
        }
        if options.infer_entry_into_force && reference::is_cod(&self.reference) {
            if let Some(publication) = publication {
                events.extend(entry_into_force(&publication));
            }
        }
        // Stable: same-day events keep the order the source gave them.
        events.sort_by_key(|e| e.date);
        let mut file = LegislativeFile::new(self.id, self.title).with_procedure(self.reference);
        if let Some(proposal) = self.proposal {
            file = file.with_proposal(proposal);
        }
        if let Some(act) = self.act {
            file = file.with_act(act);
        }
        if let Some(committee) = self.committee {
            file = file.with_committee(committee);
        }
        file.with_events(events)
    }
}

/// The inferred entry into force, with a note that says it is inferred.
/// None when that day is past 9999-12-31: a register writes four-digit
/// years, and a file that could not be saved and read back is worse than one
/// inference fewer.
fn entry_into_force(publication: &Event) -> Option<Event> {
    let date = publication
        .date
        .checked_add_days(Days::new(DEFAULT_ENTRY_INTO_FORCE_DAYS))
        .filter(|d| d.year() <= 9999)?;
    let note = format!(
        "inferred, not read: the twentieth day after publication in the Official Journal on {}, \
         the default of Art. 297(1) TFEU; the act may set another date",
        publication.date
    );
    Some(Event::from_parts(
        date,
        Some(Stage::EntryIntoForce),
        publication.source(),
        Some(&note),
        None,
    ))
}

/// The lead committee as the register writes it: each committee the source
/// names as leading once, in the order given, joined by `/` (`LIBE`, or the
/// joint `AFET/LIBE`); `None` when it names none. Each importer says which
/// of its committees lead.
pub(crate) fn lead_committee<'a>(leads: impl IntoIterator<Item = &'a str>) -> Option<String> {
    let mut found: Vec<&str> = Vec::new();
    for code in leads {
        if !code.is_empty() && !found.contains(&code) {
            found.push(code);
        }
    }
    (!found.is_empty()).then(|| found.join("/"))
}

/// Where a procedure stands in an input, for the errors it raises.
pub(crate) struct ProcedureAt<'a> {
    /// The input.
    pub origin: &'a str,
    /// The procedure's reference.
    pub reference: &'a str,
    /// Its position in the input (`data[3]`, `record 3`).
    pub position: &'a str,
}

impl ProcedureAt<'_> {
    /// An error in the procedure, in `item` of it when given:
    /// `dump.json: procedure 2016/0132(COD) (data[3]), consists_of[2]: ...`.
    pub fn error(&self, message: String, item: Option<String>) -> Error {
        let mut at = format!(
            "{}: procedure {} ({})",
            self.origin,
            shorten(self.reference),
            self.position
        );
        if let Some(item) = item {
            at.push_str(", ");
            at.push_str(&item);
        }
        Error::Import {
            origin: at,
            message,
        }
    }

    /// The file id its reference gives, or the error that it gives none.
    pub fn file_id(&self) -> Result<String, Error> {
        reference::file_id(self.reference).ok_or_else(|| {
            self.error(
                format!(
                    "reference `{}` gives no usable id (it needs ASCII letters or digits)",
                    shorten(self.reference)
                ),
                None,
            )
        })
    }
}

/// Appends `text` to the event's note, after `; `.
pub(crate) fn append_note(event: &mut Event, text: &str) {
    match event.note() {
        Some(note) => {
            let note = format!("{note}; {text}");
            event.set_note(Some(&note));
        }
        None => event.set_note(Some(text)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse_date;

    fn draft(reference: &str, events: Vec<DraftEvent>) -> Draft {
        Draft {
            id: "x".into(),
            title: "X".into(),
            reference: reference.into(),
            proposal: None,
            act: None,
            committee: None,
            events,
        }
    }

    fn info(date: &str, note: &str, role: Role) -> DraftEvent {
        DraftEvent {
            event: Event::info(parse_date(date).unwrap(), note),
            role,
        }
    }

    #[test]
    fn adoption_is_the_best_candidate_and_entry_into_force_is_inferred_for_cod() {
        let signature = Role::Adoption {
            priority: 0,
            dated: "at signature",
        };
        let council = Role::Adoption {
            priority: 1,
            dated: "at the Council's adoption",
        };
        let file = draft(
            "2016/0132(COD)",
            vec![
                info("2024-05-22", "PUB", Role::Publication),
                info("2024-05-14", "SIGN", signature),
                info("2024-05-13", "COUNCIL", council),
            ],
        )
        .into_file(Options::default());
        let staged: Vec<_> = file
            .events()
            .iter()
            .map(|e| (e.date.to_string(), e.stage))
            .collect();
        assert_eq!(
            staged,
            [
                ("2024-05-13".to_string(), None),
                ("2024-05-14".to_string(), Some(Stage::Adoption)),
                ("2024-05-22".to_string(), None),
                ("2024-06-11".to_string(), Some(Stage::EntryIntoForce)),
            ]
        );
        assert_eq!(
            file.events()[1].note(),
            Some("SIGN; adoption dated at signature")
        );
        assert!(file.events()[3].note().unwrap().starts_with("inferred"));
    }

    #[test]
    fn no_inference_past_the_last_writable_day() {
        // 9999-12-12 + 20 days is 10000-01-01: not a date a register can hold.
        for (published, inferred) in [("9999-12-11", true), ("9999-12-12", false)] {
            let file = draft(
                "2016/0132(COD)",
                vec![info(published, "PUB", Role::Publication)],
            )
            .into_file(Options::default());
            assert_eq!(
                file.events().len(),
                1 + usize::from(inferred),
                "{published}"
            );
        }
    }

    #[test]
    fn no_inference_when_asked_not_to_or_outside_cod() {
        for (reference, options) in [
            (
                "2016/0132(COD)",
                Options::default().infer_entry_into_force(false),
            ),
            ("2024/2006(REG)", Options::default()),
        ] {
            let file = draft(
                reference,
                vec![info("2024-05-22", "PUB", Role::Publication)],
            )
            .into_file(options);
            assert_eq!(file.events().len(), 1, "{reference}");
        }
    }
}
