//! The archive: one zip with the database snapshot, `config.json` and the data directory's
//! small state (TLS material, keys), everything except what is backed up another way (the
//! database files, uploaded files, the backup's own state).

use std::fs::File;
use std::io::{self, Read};
use std::os::unix::fs::OpenOptionsExt;
use std::path::{Component, Path, PathBuf};

use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipArchive, ZipWriter};

use crate::source::{Database, Source};
use crate::{Error, Result};

const CONFIG: &str = "config.json";
const DATA: &str = "data/";
/// The snapshot's name in the archive, by database kind.
fn snapshot_name(database: &Database) -> &'static str {
    match database {
        Database::Sqlite(_) => "database/hearth.db",
        Database::Postgres(_) => "database/hearth.pgdump",
    }
}

/// Packs `snapshot`, the config and the data directory's state into a zip at `out`.
pub async fn pack(source: &Source, snapshot: &Path, out: &Path) -> Result<()> {
    let (source, snapshot, out) = (source.clone(), snapshot.to_path_buf(), out.to_path_buf());
    tokio::task::spawn_blocking(move || {
        pack_blocking(&source, &snapshot, &out)
            .map_err(Error::io(format!("packing the archive {}", out.display())))
    })
    .await
    .expect("packing does not panic")
}

fn pack_blocking(source: &Source, snapshot: &Path, out: &Path) -> io::Result<()> {
    let file = std::fs::OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(true)
        .mode(0o600)
        .open(out)?;
    let mut zip = ZipWriter::new(io::BufWriter::new(file));
    let options = |size: u64, method| {
        SimpleFileOptions::default()
            .compression_method(method)
            .large_file(size >= u32::MAX as u64)
            .unix_permissions(0o600)
    };
    // A custom-format dump is compressed already.
    let method = match source.database {
        Database::Sqlite(_) => CompressionMethod::Deflated,
        Database::Postgres(_) => CompressionMethod::Stored,
    };
    add_file(
        &mut zip,
        snapshot_name(&source.database),
        snapshot,
        options(size(snapshot)?, method),
    )?;
    if source.config_file.is_file() {
        add_file(
            &mut zip,
            CONFIG,
            &source.config_file,
            options(size(&source.config_file)?, CompressionMethod::Deflated),
        )?;
    }
    for relative in state_files(source)? {
        let path = source.data_dir.join(&relative);
        let name = format!("{DATA}{}", relative.to_str().expect("UTF-8 names"));
        add_file(
            &mut zip,
            &name,
            &path,
            options(size(&path)?, CompressionMethod::Deflated),
        )?;
    }
    zip.finish()?
        .into_inner()
        .map_err(|e| e.into_error())?
        .sync_all()
}

fn size(path: &Path) -> io::Result<u64> {
    Ok(std::fs::metadata(path)?.len())
}

fn add_file(
    zip: &mut ZipWriter<io::BufWriter<File>>,
    name: &str,
    path: &Path,
    options: SimpleFileOptions,
) -> io::Result<()> {
    zip.start_file(name, options)?;
    io::copy(&mut File::open(path)?, zip)?;
    Ok(())
}

/// The data directory's files the archive carries: all but the database, the uploaded files,
/// the backup's own state and the config (stored on its own).
fn state_files(source: &Source) -> io::Result<Vec<PathBuf>> {
    let canonical = |p: &Path| std::fs::canonicalize(p).unwrap_or_else(|_| p.to_path_buf());
    let mut skip = vec![
        canonical(&source.files_dir),
        canonical(&source.state_dir()),
        canonical(&source.config_file),
    ];
    if let Database::Sqlite(db) = &source.database {
        for suffix in ["", "-wal", "-shm", "-journal"] {
            let mut name = db.as_os_str().to_owned();
            name.push(suffix);
            skip.push(canonical(Path::new(&name)));
        }
    }
    let root = canonical(&source.data_dir);
    let mut out = Vec::new();
    let mut pending = vec![PathBuf::new()];
    while let Some(relative) = pending.pop() {
        for entry in std::fs::read_dir(root.join(&relative))? {
            let entry = entry?;
            let path = entry.path();
            if skip.contains(&path) || entry.file_name().to_str().is_none() {
                continue;
            }
            let kind = entry.file_type()?;
            if kind.is_dir() {
                pending.push(relative.join(entry.file_name()));
            } else if kind.is_file() {
                out.push(relative.join(entry.file_name()));
            }
        }
    }
    out.sort();
    Ok(out)
}

/// An archive fetched for a restore.
pub struct Archive {
    path: PathBuf,
}

impl Archive {
    pub fn new(path: PathBuf) -> Archive {
        Archive { path }
    }

    /// The `config.json` inside, if it has one.
    pub fn config(&self) -> Result<Option<Vec<u8>>> {
        let mut zip = self.open()?;
        let Ok(mut entry) = zip.by_name(CONFIG) else {
            return Ok(None);
        };
        let mut bytes = Vec::new();
        (&mut entry)
            .take(16 << 20)
            .read_to_end(&mut bytes)
            .map_err(Error::io("reading config.json from the archive"))?;
        Ok(Some(bytes))
    }

    /// Which database the snapshot inside is for: `sqlite` or `postgres`.
    pub fn database_kind(&self) -> Result<&'static str> {
        let zip = self.open()?;
        let names: Vec<String> = zip.file_names().flatten().map(|n| n.into_owned()).collect();
        if names.iter().any(|n| n == "database/hearth.db") {
            Ok("sqlite")
        } else if names.iter().any(|n| n == "database/hearth.pgdump") {
            Ok("postgres")
        } else {
            Err(Error::Corrupt(
                "the archive holds no database snapshot".into(),
            ))
        }
    }

    /// Writes the data directory's state and the config into `source`'s places, and the
    /// snapshot to `snapshot_out`.
    pub async fn unpack(&self, source: &Source, snapshot_out: &Path) -> Result<()> {
        let (path, source, out) = (
            self.path.clone(),
            source.clone(),
            snapshot_out.to_path_buf(),
        );
        tokio::task::spawn_blocking(move || {
            let archive = Archive { path };
            archive.unpack_blocking(&source, &out)
        })
        .await
        .expect("unpacking does not panic")
    }

    fn open(&self) -> Result<ZipArchive<io::BufReader<File>>> {
        let file = File::open(&self.path)
            .map_err(Error::io(format!("opening {}", self.path.display())))?;
        ZipArchive::new(io::BufReader::new(file))
            .map_err(|e| Error::Corrupt(format!("the archive is not a readable zip: {e}")))
    }

    fn unpack_blocking(&self, source: &Source, snapshot_out: &Path) -> Result<()> {
        let mut zip = self.open()?;
        for i in 0..zip.len() {
            let mut entry = zip
                .by_index(i)
                .map_err(|e| Error::Corrupt(format!("reading the archive: {e}")))?;
            if entry.is_dir() {
                continue;
            }
            let name = entry
                .name()
                .map_err(|e| Error::Corrupt(format!("the archive holds a bad name: {e}")))?
                .into_owned();
            let dest = if name == CONFIG {
                source.config_file.clone()
            } else if name == snapshot_name(&source.database) {
                snapshot_out.to_path_buf()
            } else if let Some(relative) = name.strip_prefix(DATA) {
                let plain = !relative.is_empty()
                    && Path::new(relative)
                        .components()
                        .all(|c| matches!(c, Component::Normal(_)));
                if !plain {
                    return Err(Error::Corrupt(format!(
                        "the archive holds a bad name {name:?}"
                    )));
                }
                source.data_dir.join(relative)
            } else if name.starts_with("database/") {
                return Err(Error::Invalid(format!(
                    "this backup's database is {name}, but the server is configured for {}; \
                     restore with the matching database setting",
                    source.database.kind()
                )));
            } else {
                continue;
            };
            crate::local::write_private(&dest, &mut entry)
                .map_err(Error::io(format!("writing {}", dest.display())))?;
        }
        Ok(())
    }
}
