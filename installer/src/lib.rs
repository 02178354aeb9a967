//! Hearth's installer engine, behind `hearth setup` and Hearth Manager's wizard; it knows
//! nothing of HTTP or GUI.
//!
//! [`probe`] looks at the machine (system, disks, RAID arrays, ports, DNS, PostgreSQL), reading
//! everything under a root prefix so tests can point it at sample files.

pub mod probe;
