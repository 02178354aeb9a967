//! Hearth's installer engine, behind `hearth setup` and Hearth Manager's wizard; it knows
//! nothing of HTTP or GUI.
//!
//! - [`probe`] looks at the machine (system, disks, RAID arrays, ports, DNS, PostgreSQL),
//!   reading everything under a root prefix so tests can point it at sample files.
//! - [`recommend`] turns that into advice with reasons.
//! - [`answers`] are the admin's choices (file, flags or prompts), saved without the password.
//! - [`plan`] makes them an ordered list of [`steps`], described before anything changes.
//! - [`apply`] checks, applies and verifies each step, reporting progress as events.
//! - [`health_report`] is the running box's health as `hearth status` reports it.
//!
//! Everything is written under a [`root::Root`], `/` on a real box or a prefix in tests. What
//! only Hearth knows (its tables, first admin, certificate authority, backup targets) is asked of
//! a [`hearth::Hearth`] the binary provides.

pub mod answers;
pub mod apply;
pub mod health_report;
pub mod hearth;
pub mod plan;
pub mod probe;
pub mod recommend;
pub mod root;
pub mod steps;
