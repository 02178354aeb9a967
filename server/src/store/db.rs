//! The two database backends behind one small interface: run a statement, read rows, or apply a
//! list of statements atomically. SQL is written once with `$1`-style placeholders; SQLite gets them
//! rewritten to its numbered `?1` form.
//!
//! SQLite runs with WAL, one writer connection and a pool of readers, every call on tokio's blocking
//! pool so the async runtime never waits on disk. PostgreSQL runs through a deadpool connection pool.

use std::path::Path;
use std::sync::{Arc, Mutex};

use deadpool_postgres::{Manager, ManagerConfig, Pool, RecyclingMethod};
use futures_util::future::try_join_all;
use tokio::sync::Semaphore;
use tokio_postgres::types::{IsNull, ToSql, Type, to_sql_checked};

use super::StoreError;

/// One SQL parameter or column value, as both backends understand it.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Null,
    Int(i64),
    Text(String),
    Bool(bool),
}

impl From<i64> for Value {
    fn from(v: i64) -> Self {
        Value::Int(v)
    }
}
impl From<bool> for Value {
    fn from(v: bool) -> Self {
        Value::Bool(v)
    }
}
impl From<&str> for Value {
    fn from(v: &str) -> Self {
        Value::Text(v.to_owned())
    }
}
impl From<String> for Value {
    fn from(v: String) -> Self {
        Value::Text(v)
    }
}
impl From<&String> for Value {
    fn from(v: &String) -> Self {
        Value::Text(v.clone())
    }
}
impl<T: Into<Value>> From<Option<T>> for Value {
    fn from(v: Option<T>) -> Self {
        v.map_or(Value::Null, Into::into)
    }
}

/// Builds a `Vec<Value>` from anything convertible: `params![id, 5_i64, true]`.
#[macro_export]
macro_rules! params {
    ($($v:expr),* $(,)?) => { vec![$($crate::store::Value::from($v)),*] };
}

/// Types a column can be read as.
pub trait FromValue: Sized {
    fn from_value(v: &Value) -> Option<Self>;
}
impl FromValue for i64 {
    fn from_value(v: &Value) -> Option<Self> {
        match v {
            Value::Int(i) => Some(*i),
            Value::Bool(b) => Some(*b as i64),
            _ => None,
        }
    }
}
impl FromValue for bool {
    fn from_value(v: &Value) -> Option<Self> {
        match v {
            Value::Bool(b) => Some(*b),
            Value::Int(i) => Some(*i != 0),
            _ => None,
        }
    }
}
impl FromValue for String {
    fn from_value(v: &Value) -> Option<Self> {
        match v {
            Value::Text(s) => Some(s.clone()),
            Value::Null => Some(String::new()),
            _ => None,
        }
    }
}
impl<T: FromValue> FromValue for Option<T> {
    fn from_value(v: &Value) -> Option<Self> {
        match v {
            Value::Null => Some(None),
            other => T::from_value(other).map(Some),
        }
    }
}

/// A row read from either backend, columns in select order.
#[derive(Debug, Clone)]
pub struct Row(Vec<Value>);

impl Row {
    /// Column `index` as `T`; a type mismatch is a bug in the query, reported as a store error.
    pub fn get<T: FromValue>(&self, index: usize) -> Result<T, StoreError> {
        let value = self.0.get(index).ok_or_else(|| {
            StoreError::Internal(format!("column {index} missing from result row"))
        })?;
        T::from_value(value).ok_or_else(|| {
            StoreError::Internal(format!("column {index} has unexpected value {value:?}"))
        })
    }
}

/// A statement and its parameters, for [`Db::transaction`].
pub type Stmt = (String, Vec<Value>);

/// A handle to the database; cheap to clone.
#[derive(Clone)]
pub enum Db {
    Sqlite(Arc<Sqlite>),
    Postgres(Pool),
}

pub struct Sqlite {
    writer: Mutex<rusqlite::Connection>,
    readers: Mutex<Vec<rusqlite::Connection>>,
    reader_slots: Semaphore,
}

mod embedded {
    pub mod sqlite {
        refinery::embed_migrations!("migrations/sqlite");
    }
    pub mod postgres {
        refinery::embed_migrations!("migrations/postgres");
    }
}

impl Db {
    /// Opens (creating if needed) the SQLite database at `path` and applies migrations.
    pub async fn open_sqlite(path: &Path, readers: usize) -> Result<Db, StoreError> {
        let path = path.to_owned();
        tokio::task::spawn_blocking(move || {
            let open = || -> Result<rusqlite::Connection, StoreError> {
                let conn = rusqlite::Connection::open(&path).map_err(|e| {
                    StoreError::Unavailable(format!(
                        "cannot open SQLite database {}: {e}",
                        path.display()
                    ))
                })?;
                conn.busy_timeout(std::time::Duration::from_secs(10))?;
                // FULL: a commit is on disk before the client hears of it (NORMAL in WAL mode
                // may lose the last commits on power loss). It costs one flush per commit.
                conn.execute_batch(
                    "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;",
                )?;
                Ok(conn)
            };
            let mut writer = open()?;
            embedded::sqlite::migrations::runner()
                .run(&mut writer)
                .map_err(|e| StoreError::Unavailable(format!("SQLite migration failed: {e}")))?;
            restrict_permissions(&path);
            let readers = (0..readers.max(1))
                .map(|_| open())
                .collect::<Result<Vec<_>, _>>()?;
            Ok(Db::Sqlite(Arc::new(Sqlite {
                writer: Mutex::new(writer),
                reader_slots: Semaphore::new(readers.len()),
                readers: Mutex::new(readers),
            })))
        })
        .await
        .map_err(join_error)?
    }

    /// Connects to PostgreSQL at `url` with a pool of `size` and applies migrations.
    pub async fn open_postgres(url: &str, size: usize) -> Result<Db, StoreError> {
        let pg_config: tokio_postgres::Config = url
            .parse()
            .map_err(|e| StoreError::Unavailable(format!("invalid PostgreSQL URL: {e}")))?;
        let manager = Manager::from_config(
            pg_config,
            tokio_postgres::NoTls,
            ManagerConfig {
                recycling_method: RecyclingMethod::Fast,
            },
        );
        let pool = Pool::builder(manager)
            .max_size(size.max(2))
            .build()
            .map_err(|e| StoreError::Unavailable(e.to_string()))?;
        let mut client = pool
            .get()
            .await
            .map_err(|e| StoreError::Unavailable(format!("cannot connect to PostgreSQL: {e}")))?;
        embedded::postgres::migrations::runner()
            .run_async(&mut **client)
            .await
            .map_err(|e| StoreError::Unavailable(format!("PostgreSQL migration failed: {e}")))?;
        Ok(Db::Postgres(pool))
    }

    pub fn is_postgres(&self) -> bool {
        matches!(self, Db::Postgres(_))
    }

    /// Runs a read-only query.
    pub async fn query(&self, sql: &str, params: Vec<Value>) -> Result<Vec<Row>, StoreError> {
        self.query_planned(sql, params, Plan::Cached).await
    }

    /// Runs a read-only query planned for these very parameter values. PostgreSQL may otherwise
    /// switch a kept statement to one generic plan, which for a search (a rare or a common word,
    /// a recent date) is often the wrong one.
    pub async fn query_for_values(
        &self,
        sql: &str,
        params: Vec<Value>,
    ) -> Result<Vec<Row>, StoreError> {
        self.query_planned(sql, params, Plan::ForValues).await
    }

    async fn query_planned(
        &self,
        sql: &str,
        params: Vec<Value>,
        plan: Plan,
    ) -> Result<Vec<Row>, StoreError> {
        match self {
            Db::Sqlite(db) => {
                let _slot = db.reader_slots.acquire().await.map_err(|_| closed())?;
                let conn = db
                    .readers
                    .lock()
                    .expect("reader pool poisoned")
                    .pop()
                    .ok_or_else(closed)?;
                let db = db.clone();
                let sql = sqlite_sql(sql);
                tokio::task::spawn_blocking(move || {
                    let result = sqlite_query(&conn, &sql, &params);
                    db.readers.lock().expect("reader pool poisoned").push(conn);
                    result
                })
                .await
                .map_err(join_error)?
            }
            Db::Postgres(pool) => {
                let client = pg_client(pool).await?;
                let statement = match plan {
                    Plan::Cached => pg_prepare(&client, sql, params.len()).await?,
                    Plan::ForValues => client.prepare(sql).await?,
                };
                let rows = client.query(&statement, &pg_params(&params)).await?;
                rows.iter().map(pg_row).collect()
            }
        }
    }

    /// Runs a query expected to return at most one row.
    pub async fn query_opt(
        &self,
        sql: &str,
        params: Vec<Value>,
    ) -> Result<Option<Row>, StoreError> {
        Ok(self.query(sql, params).await?.into_iter().next())
    }

    /// Runs one writing statement, returning the number of rows it changed.
    pub async fn execute(&self, sql: &str, params: Vec<Value>) -> Result<u64, StoreError> {
        let mut changed = self.transaction(vec![(sql.to_owned(), params)]).await?;
        Ok(changed.pop().unwrap_or(0))
    }

    /// Applies `statements` in one transaction: all or nothing. Returns rows changed by each.
    pub async fn transaction(&self, statements: Vec<Stmt>) -> Result<Vec<u64>, StoreError> {
        match self {
            Db::Sqlite(db) => {
                let db = db.clone();
                tokio::task::spawn_blocking(move || {
                    let mut conn = db.writer.lock().expect("writer poisoned");
                    let tx =
                        conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
                    let mut changed = Vec::with_capacity(statements.len());
                    for (sql, params) in &statements {
                        let mut stmt = tx.prepare_cached(&sqlite_sql(sql))?;
                        changed
                            .push(stmt.execute(rusqlite::params_from_iter(params.iter()))? as u64);
                    }
                    tx.commit()?;
                    Ok(changed)
                })
                .await
                .map_err(join_error)?
            }
            Db::Postgres(pool) => {
                let mut client = pg_client(pool).await?;
                let prepared = try_join_all(
                    statements
                        .iter()
                        .map(|(sql, params)| pg_prepare(&client, sql, params.len())),
                )
                .await?;
                let params: Vec<_> = statements.iter().map(|(_, p)| pg_params(p)).collect();
                if let ([statement], [params]) = (&prepared[..], &params[..]) {
                    // One statement is atomic by itself: no BEGIN and COMMIT round trips.
                    return Ok(vec![client.execute(statement, params).await?]);
                }
                let run = prepared.iter().zip(&params);
                let tx = client.transaction().await?;
                // Polled together, the statements go out in one write and run in order: one
                // round trip for all of them, so a hot row (a channel's counters) stays locked
                // for less time.
                let changed =
                    try_join_all(run.map(|(statement, params)| tx.execute(statement, params)))
                        .await?;
                tx.commit().await?;
                Ok(changed)
            }
        }
    }

    /// The names of every table and its columns, sorted: used to check both dialects agree.
    /// Each dialect's own search machinery is left out (SQLite's FTS5 tables, PostgreSQL's
    /// generated word columns).
    pub async fn schema(&self) -> Result<Vec<(String, String)>, StoreError> {
        let sql = match self {
            Db::Sqlite(_) => {
                "SELECT m.name, p.name FROM sqlite_master m, pragma_table_info(m.name) p \
                 WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' AND m.name NOT LIKE 'refinery%' \
                 AND m.name NOT LIKE '%_fts%' ORDER BY 1, 2"
            }
            Db::Postgres(_) => {
                "SELECT table_name::TEXT, column_name::TEXT FROM information_schema.columns \
                 WHERE table_schema = current_schema() AND table_name NOT LIKE 'refinery%' \
                 AND is_generated = 'NEVER' ORDER BY 1, 2"
            }
        };
        self.query(sql, vec![])
            .await?
            .iter()
            .map(|r| Ok((r.get(0)?, r.get(1)?)))
            .collect()
    }
}

/// The database file holds password hashes and sessions: only the service user may read it.
fn restrict_permissions(path: &Path) {
    use std::os::unix::fs::PermissionsExt;
    for suffix in ["", "-wal", "-shm"] {
        let file = format!("{}{suffix}", path.display());
        let _ = std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o600));
    }
}

fn closed() -> StoreError {
    StoreError::Unavailable("database pool is closed".into())
}

fn join_error(e: tokio::task::JoinError) -> StoreError {
    StoreError::Internal(format!("database task failed: {e}"))
}

/// Rewrites `$1` placeholders to SQLite's `?1`.
fn sqlite_sql(sql: &str) -> String {
    let mut out = String::with_capacity(sql.len());
    let mut chars = sql.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '$' && chars.peek().is_some_and(|n| n.is_ascii_digit()) {
            out.push('?');
        } else {
            out.push(c);
        }
    }
    out
}

fn sqlite_query(
    conn: &rusqlite::Connection,
    sql: &str,
    params: &[Value],
) -> Result<Vec<Row>, StoreError> {
    let mut stmt = conn.prepare_cached(sql)?;
    let columns = stmt.column_count();
    let mut rows = stmt.query(rusqlite::params_from_iter(params.iter()))?;
    let mut out = Vec::new();
    while let Some(row) = rows.next()? {
        let mut values = Vec::with_capacity(columns);
        for i in 0..columns {
            use rusqlite::types::ValueRef;
            values.push(match row.get_ref(i)? {
                ValueRef::Null => Value::Null,
                ValueRef::Integer(n) => Value::Int(n),
                ValueRef::Real(f) => Value::Int(f as i64),
                ValueRef::Text(t) => Value::Text(String::from_utf8_lossy(t).into_owned()),
                ValueRef::Blob(b) => Value::Text(String::from_utf8_lossy(b).into_owned()),
            });
        }
        out.push(Row(values));
    }
    Ok(out)
}

impl rusqlite::ToSql for Value {
    fn to_sql(&self) -> rusqlite::Result<rusqlite::types::ToSqlOutput<'_>> {
        use rusqlite::types::{ToSqlOutput, ValueRef};
        Ok(match self {
            Value::Null => ToSqlOutput::Borrowed(ValueRef::Null),
            Value::Int(i) => ToSqlOutput::Borrowed(ValueRef::Integer(*i)),
            Value::Bool(b) => ToSqlOutput::Borrowed(ValueRef::Integer(*b as i64)),
            Value::Text(s) => ToSqlOutput::Borrowed(ValueRef::Text(s.as_bytes())),
        })
    }
}

/// How a PostgreSQL query is planned: once per connection and kept (a generic plan after a few
/// runs), or for each run's values.
#[derive(Clone, Copy)]
enum Plan {
    Cached,
    ForValues,
}

/// Statements with at most this many parameters are prepared once per connection and kept.
/// Longer ones are IN lists of varying length, prepared at each use so that the cache stays
/// bounded by the code's distinct queries.
const MAX_CACHED_PARAMS: usize = 16;

async fn pg_prepare(
    client: &deadpool_postgres::Object,
    sql: &str,
    param_count: usize,
) -> Result<tokio_postgres::Statement, tokio_postgres::Error> {
    if param_count <= MAX_CACHED_PARAMS {
        client.prepare_cached(sql).await
    } else {
        client.prepare(sql).await
    }
}

async fn pg_client(pool: &Pool) -> Result<deadpool_postgres::Object, StoreError> {
    pool.get()
        .await
        .map_err(|e| StoreError::Unavailable(format!("no PostgreSQL connection: {e}")))
}

fn pg_params(params: &[Value]) -> Vec<&(dyn ToSql + Sync)> {
    params.iter().map(|p| p as &(dyn ToSql + Sync)).collect()
}

fn pg_row(row: &tokio_postgres::Row) -> Result<Row, StoreError> {
    let mut values = Vec::with_capacity(row.len());
    for (i, column) in row.columns().iter().enumerate() {
        let ty = column.type_();
        let value = if *ty == Type::INT8 {
            row.try_get::<_, Option<i64>>(i)?.map(Value::Int)
        } else if *ty == Type::INT4 {
            row.try_get::<_, Option<i32>>(i)?
                .map(|v| Value::Int(v.into()))
        } else if *ty == Type::INT2 {
            row.try_get::<_, Option<i16>>(i)?
                .map(|v| Value::Int(v.into()))
        } else if *ty == Type::BOOL {
            row.try_get::<_, Option<bool>>(i)?.map(Value::Bool)
        } else if matches!(*ty, Type::TEXT | Type::VARCHAR | Type::BPCHAR | Type::NAME) {
            row.try_get::<_, Option<String>>(i)?.map(Value::Text)
        } else {
            return Err(StoreError::Internal(format!(
                "column {} has unsupported type {ty}",
                column.name()
            )));
        };
        values.push(value.unwrap_or(Value::Null));
    }
    Ok(Row(values))
}

impl ToSql for Value {
    fn to_sql(
        &self,
        ty: &Type,
        out: &mut tokio_postgres::types::private::BytesMut,
    ) -> Result<IsNull, Box<dyn std::error::Error + Sync + Send>> {
        match self {
            Value::Null => Ok(IsNull::Yes),
            Value::Int(i) if *ty == Type::INT4 => i32::try_from(*i)?.to_sql(ty, out),
            Value::Int(i) if *ty == Type::INT2 => i16::try_from(*i)?.to_sql(ty, out),
            Value::Int(i) => i.to_sql(ty, out),
            Value::Bool(b) => b.to_sql(ty, out),
            Value::Text(s) => s.to_sql(ty, out),
        }
    }

    fn accepts(_: &Type) -> bool {
        true
    }

    to_sql_checked!();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_become_sqlite_numbered() {
        assert_eq!(
            sqlite_sql("a = $1 AND b = $12 AND c = '$'"),
            "a = ?1 AND b = ?12 AND c = '$'"
        );
    }
}
