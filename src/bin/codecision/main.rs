//! The `codecision` command line (placeholder until the CLI lands).

fn main() {
    eprintln!("codecision: the command line is not built yet");
    std::process::exit(2);
}
