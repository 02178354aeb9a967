//! `hearth setup`: the installer engine (`hearth_installer`) on the command line, with what only
//! the server knows supplied by [`hooks::ServerHooks`]: its tables, the first admin and team, the
//! local certificate authority, testing a backup target.

pub mod cli;
mod hooks;
