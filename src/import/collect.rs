//! Gathers the files of one or more inputs into a register: an input's files
//! join only once the whole input has been read, duplicates are reported, and
//! `keep_going` decides whether a problem skips or stops.

use std::collections::HashMap;

use crate::error::Error;
use crate::file::LegislativeFile;
use crate::import::draft::Draft;
use crate::import::{Import, ImportDiagnostic, ImportDiagnosticKind, Options};
use crate::register::Register;

/// Everything imported so far.
#[derive(Debug)]
pub(crate) struct Collector {
    options: Options,
    files: Vec<LegislativeFile>,
    /// File id -> index into `origins` of the input it came from.
    seen: HashMap<String, u32>,
    origins: Vec<String>,
    diagnostics: Vec<ImportDiagnostic>,
}

/// One input being read. Nothing of it reaches the collector unless it is
/// read to the end without error (or the error was skipped under
/// `keep_going`).
#[derive(Debug)]
pub(crate) struct Batch {
    pub origin: String,
    options: Options,
    files: Vec<LegislativeFile>,
    diagnostics: Vec<ImportDiagnostic>,
    error: Option<Error>,
}

impl Batch {
    /// A procedure mapped: it joins the batch as a file.
    pub fn push(&mut self, draft: Draft) {
        self.files.push(draft.into_file(self.options));
    }

    pub fn diagnose(&mut self, diagnostic: ImportDiagnostic) {
        self.diagnostics.push(diagnostic);
    }

    /// A procedure that cannot be imported. Returns whether reading should go
    /// on: under `keep_going` the procedure is skipped and reported; otherwise
    /// the error is kept and the input is abandoned.
    pub fn fail(&mut self, procedure: &str, error: Error) -> bool {
        if self.options.keep_going {
            self.diagnostics.push(
                ImportDiagnostic::new(
                    &self.origin,
                    ImportDiagnosticKind::Skipped {
                        error: error.to_string(),
                    },
                )
                .procedure(procedure),
            );
            true
        } else {
            self.error.get_or_insert(error);
            false
        }
    }

    /// The error that stopped the batch, if one did.
    pub fn take_error(&mut self) -> Option<Error> {
        self.error.take()
    }
}

impl Collector {
    /// The options the import runs with.
    pub fn options(&self) -> Options {
        self.options
    }

    pub fn new(options: Options) -> Self {
        Collector {
            options,
            files: Vec::new(),
            seen: HashMap::new(),
            origins: Vec::new(),
            diagnostics: Vec::new(),
        }
    }

    /// Starts reading an input named `origin`.
    pub fn batch(&self, origin: &str) -> Batch {
        Batch {
            origin: origin.to_string(),
            options: self.options,
            files: Vec::new(),
            diagnostics: Vec::new(),
            error: None,
        }
    }

    /// Adds a batch read to the end. Returns how many files joined.
    pub fn commit(&mut self, batch: Batch) -> usize {
        let origin = self.origins.len() as u32;
        self.origins.push(batch.origin);
        self.diagnostics.extend(batch.diagnostics);
        let before = self.files.len();
        for file in batch.files {
            if let Some(&first) = self.seen.get(file.id()) {
                let name = &self.origins[origin as usize];
                self.diagnostics.push(
                    ImportDiagnostic::new(
                        name,
                        ImportDiagnosticKind::Duplicate {
                            first: self.origins[first as usize].clone(),
                        },
                    )
                    .procedure(file.procedure().unwrap_or(file.id())),
                );
                continue;
            }
            self.seen.insert(file.id().to_string(), origin);
            self.files.push(file);
        }
        self.files.len() - before
    }

    /// An input that could not be read. Under `keep_going` it is skipped and
    /// reported; otherwise the error is returned.
    pub fn skip_or_fail(&mut self, origin: &str, error: Error) -> Result<(), Error> {
        if self.options.keep_going {
            self.diagnostics.push(ImportDiagnostic::new(
                origin,
                ImportDiagnosticKind::Skipped {
                    error: error.to_string(),
                },
            ));
            Ok(())
        } else {
            Err(error)
        }
    }

    /// The register of every file imported, checked.
    pub fn finish(self) -> Result<Import, Error> {
        let mut builder = Register::builder();
        for file in self.files {
            builder = builder.file(file);
        }
        Ok(Import {
            register: builder.build()?,
            diagnostics: self.diagnostics,
        })
    }
}
