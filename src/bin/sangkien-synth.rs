//! `sangkien-synth --out DIR --initiatives N [--seed S]`: writes a valid
//! synthetic catalogue (see `sangkien::synthetic`) for benchmarks.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Parser;

#[derive(Parser)]
#[command(version, about = "Writes a valid synthetic catalogue of any size")]
struct Args {
    /// The folder to write the catalogue into.
    #[arg(long)]
    out: PathBuf,
    /// How many initiatives.
    #[arg(long)]
    initiatives: usize,
    /// The seed: the same seed and size give the same files.
    #[arg(long, default_value_t = 1)]
    seed: u64,
}

fn main() -> ExitCode {
    let a = Args::parse();
    let options = sangkien::synthetic::Options {
        initiatives: a.initiatives,
        seed: a.seed,
    };
    match sangkien::synthetic::write(&a.out, &options) {
        Ok(s) => {
            println!(
                "wrote {} initiatives, {} authors, {} units into {}",
                s.initiatives,
                s.authors,
                s.units,
                a.out.display()
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: cannot write {}: {e}", a.out.display());
            ExitCode::from(2)
        }
    }
}
