//! `codecision import`: builds a register from the Parliament's data (EP Open
//! Data Portal API v2 documents, the Parltrack dump).

use std::path::{Path, PathBuf};

use codecision::import::{Import, Options, ep_api, parltrack};

use crate::{CliError, Context, is_std_stream, output_file, refuse_overwriting_an_input};

/// Arguments of `codecision import`.
#[derive(clap::Args, Debug)]
#[command(after_help = "Examples:\n  \
    codecision import ep-api 2016-0132.json > register.json\n  \
    codecision import ep-api page-*.json --output register.json --keep-going\n  \
    codecision import parltrack ep_dossiers.json.zst --output register.json\n\n\
The register (format version 1) goes to stdout, or atomically to --output. \
What the importer kept but wants you to know (unknown activity types, duplicates, \
what --keep-going skipped) is printed on stderr as warnings.")]
pub struct ImportArgs {
    #[command(subcommand)]
    pub source: Source,
}

/// Where the data comes from.
#[derive(clap::Subcommand, Debug)]
pub enum Source {
    /// Procedure documents of the EP Open Data Portal API v2
    /// (`/procedures/{id}` or `/procedures` responses, JSON-LD).
    EpApi(EpApiArgs),
    /// The Parltrack `ep_dossiers` dump (`.json` or `.json.zst`).
    Parltrack(ParltrackArgs),
}

/// Arguments of `codecision import ep-api`.
#[derive(clap::Args, Debug)]
pub struct EpApiArgs {
    /// API response documents, plain or zstd-compressed (`-`: standard
    /// input); their procedures join one register, in order.
    #[arg(value_name = "PATH", required = true)]
    pub paths: Vec<PathBuf>,
    #[command(flatten)]
    pub common: Common,
}

/// Arguments of `codecision import parltrack`.
#[derive(clap::Args, Debug)]
pub struct ParltrackArgs {
    /// The dump, plain or zstd-compressed (`-`: standard input).
    #[arg(value_name = "PATH")]
    pub path: PathBuf,
    #[command(flatten)]
    pub common: Common,
}

/// Options of both importers.
#[derive(clap::Args, Debug)]
pub struct Common {
    /// Write the register to FILE (atomically; a device or FIFO is written
    /// directly) instead of stdout (`-`: stdout). Never one of the inputs.
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Skip a bad procedure or a bad input file (with a warning) and import
    /// the rest (a Parltrack dump that breaks off: the records before the
    /// break); without it the first error stops the import and nothing is
    /// written.
    #[arg(long)]
    pub keep_going: bool,
    /// The most a zstd input may decompress to (bytes, or with KiB, MiB,
    /// GiB); past it the import stops, naming the input and the limit.
    #[arg(long, value_name = "SIZE", default_value = "4GiB", value_parser = crate::parse_size)]
    pub max_decompressed: u64,
    /// The longest text value (one JSON string) an input may hold (bytes,
    /// or with KiB, MiB, GiB).
    #[arg(long, value_name = "SIZE", default_value = "16MiB", value_parser = crate::parse_size)]
    pub max_text: u64,
    /// Do not infer entry into force (the twentieth day after publication in
    /// the Official Journal, Art. 297(1) TFEU) for COD procedures.
    #[arg(long)]
    pub no_infer: bool,
}

impl ImportArgs {
    fn common(&self) -> &Common {
        match &self.source {
            Source::EpApi(a) => &a.common,
            Source::Parltrack(a) => &a.common,
        }
    }

    /// The input paths, as given.
    fn inputs(&self) -> impl Iterator<Item = &Path> {
        let paths: &[PathBuf] = match &self.source {
            Source::EpApi(a) => &a.paths,
            Source::Parltrack(a) => std::slice::from_ref(&a.path),
        };
        paths.iter().map(PathBuf::as_path)
    }
}

impl Common {
    fn options(&self) -> Options {
        Options::default()
            .keep_going(self.keep_going)
            .infer_entry_into_force(!self.no_infer)
            .max_decompressed(self.max_decompressed)
            .max_text(self.max_text)
    }
}

/// Runs `codecision import`.
///
/// # Errors
///
/// Exit 1: an input that cannot be read, is not JSON or not of the source's
/// shape (with path, line and column), or a procedure whose content is wrong
/// (with path, procedure and activity); nothing is written then. Exit 1 too
/// when `--output` cannot be written.
pub fn run(args: &ImportArgs, ctx: &Context) -> Result<(), CliError> {
    crate::ctx::stdin_at_most_once(args.inputs())?;
    if let Some(output) = args.common().output.as_deref() {
        refuse_overwriting_an_input(output, args.inputs().map(|p| (p, "input")))?;
    }
    let (result, common, ep_api) = match &args.source {
        Source::EpApi(a) => (import_ep_api(a), &a.common, true),
        Source::Parltrack(a) => (import_parltrack(a), &a.common, false),
    };
    let import = result.map_err(|e| with_hint(e, common, ep_api))?;
    for d in &import.diagnostics {
        ctx.warn(d);
    }
    let Some(output) = output_file(common.output.as_deref()) else {
        ctx.print_raw(import.register.to_json());
        return Ok(());
    };
    import.register.save(output)?;
    let files = import.register.files().len();
    if ctx.is_json() {
        return ctx.json(&import.summary(output));
    }
    let n = import.diagnostics.len();
    ctx.println(format!(
        "{}: {files} file{} imported, {n} warning{}",
        output.display(),
        if files == 1 { "" } else { "s" },
        if n == 1 { "" } else { "s" },
    ));
    Ok(())
}

/// A failed import says what can be done about it: skipping what cannot be
/// imported, when that was not asked for and would help (a bad procedure or
/// record; a document that is not JSON too: for the EP API skipped whole,
/// for Parltrack from the break on).
fn with_hint(error: CliError, common: &Common, ep_api: bool) -> CliError {
    let skippable = matches!(
        &error,
        CliError::Lib(codecision::Error::Import { .. } | codecision::Error::Json { .. })
    );
    if common.keep_going || !skippable {
        return error;
    }
    CliError::input(format!(
        "{error}\n(nothing was written; --keep-going skips {}, with a warning, and imports the rest)",
        if ep_api {
            "a bad procedure or input file"
        } else {
            "a bad record (or the rest of a dump that breaks off)"
        }
    ))
}

fn import_ep_api(args: &EpApiArgs) -> Result<Import, CliError> {
    let mut importer = ep_api::Importer::new(args.common.options());
    for path in &args.paths {
        if is_std_stream(path) {
            importer.read(std::io::stdin().lock(), "<stdin>")?;
        } else {
            importer.read_path(path)?;
        }
    }
    Ok(importer.finish()?)
}

fn import_parltrack(args: &ParltrackArgs) -> Result<Import, CliError> {
    let options = args.common.options();
    Ok(if is_std_stream(&args.path) {
        parltrack::from_reader(std::io::stdin().lock(), options)?
    } else {
        parltrack::from_path(&args.path, options)?
    })
}
