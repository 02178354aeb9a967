//! Builds the pages (`ui/dist`, whose `manager.html` entry is the Manager's) before tauri's own
//! build step reads `tauri.conf.json` and embeds them.

#[path = "../ui/build_dist.rs"]
mod build_dist;

fn main() {
    build_dist::build_ui();
    tauri_build::build();
}
