//! Builds the web client into `ui/dist` before the server compiles (see `ui/build_dist.rs`), so
//! `cargo run -p hearth -- serve` always serves a current client.

#[path = "../ui/build_dist.rs"]
mod build_dist;

fn main() {
    build_dist::build_ui();
}
