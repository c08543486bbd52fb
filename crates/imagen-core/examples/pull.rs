//! `cargo run --release -p imagen-core --example pull -- REFERENCE`: pulls through
//! Imagen's pull (the same code the app runs) and prints the elapsed milliseconds.
//! Used by scripts/bench-pull.sh to compare against `docker pull`.

use imagen_core::engine::resolve::{self, Environment};
use imagen_core::pull::{self, PullOptions};
use imagen_core::Connection;
use std::time::Instant;
use tokio_util::sync::CancellationToken;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let text = std::env::args().nth(1).ok_or("usage: pull REFERENCE")?;
    let reference = pull::parse_reference(&text)?;
    let resolved = resolve::resolve(&Environment::from_process(), resolve::probe)?;
    let connection = Connection::new(resolved.endpoint);
    let engine = connection.engine().await?;
    let started = Instant::now();
    let mut updates = 0u32;
    let outcome = pull::pull(
        &engine,
        &reference,
        &PullOptions::default(),
        CancellationToken::new(),
        |_| updates += 1,
    )
    .await?;
    println!(
        "{} ms ({outcome:?}, {updates} progress updates)",
        started.elapsed().as_millis()
    );
    Ok(())
}
