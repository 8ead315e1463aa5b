//! Where a store lives: a SQLite file, or a PostgreSQL database.

use std::path::{Path, PathBuf};

/// Where a store lives.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Location {
    /// A SQLite database file (the embedded default).
    Sqlite(PathBuf),
    /// A PostgreSQL database: a `postgres://` or `postgresql://` URL, or a libpq `key=value` string
    /// (`host=/var/run/postgresql dbname=grassroots`).
    Postgres(String),
}

impl Location {
    /// A SQLite file at `path`.
    pub fn sqlite(path: impl AsRef<Path>) -> Location {
        Location::Sqlite(path.as_ref().to_path_buf())
    }

    /// A PostgreSQL database named by a URL or a `key=value` connection string.
    pub fn postgres(conninfo: impl Into<String>) -> Location {
        Location::Postgres(conninfo.into())
    }

    /// Reads what a person types: `postgres://…`, `postgresql://…` or a string with `dbname=` or
    /// `host=` is PostgreSQL; `sqlite:PATH` or any other text is a SQLite file path.
    pub fn parse(text: &str) -> Location {
        let t = text.trim();
        if t.starts_with("postgres://") || t.starts_with("postgresql://") {
            return Location::Postgres(t.to_string());
        }
        if t.split_whitespace().any(|kv| kv.starts_with("dbname=") || kv.starts_with("host=")) {
            return Location::Postgres(t.to_string());
        }
        Location::Sqlite(PathBuf::from(t.strip_prefix("sqlite:").unwrap_or(t)))
    }
}

impl std::fmt::Display for Location {
    /// The location for messages and logs, with any password masked.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Location::Sqlite(path) => write!(f, "{}", path.display()),
            Location::Postgres(conninfo) => f.write_str(&mask_password(conninfo)),
        }
    }
}

/// `conninfo` with its password replaced by `***` (URL `user:password@` or `password=`).
fn mask_password(conninfo: &str) -> String {
    if let Some((scheme, rest)) = conninfo.split_once("://") {
        if let Some((userinfo, host)) = rest.split_once('@')
            && let Some((user, _)) = userinfo.split_once(':')
        {
            return format!("{scheme}://{user}:***@{host}");
        }
        return conninfo.to_string();
    }
    conninfo
        .split_whitespace()
        .map(|kv| if kv.starts_with("password=") { "password=***".to_string() } else { kv.to_string() })
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_masks() {
        assert_eq!(Location::parse("campaign.db"), Location::sqlite("campaign.db"));
        assert_eq!(Location::parse("sqlite:/tmp/a.db"), Location::sqlite("/tmp/a.db"));
        let url = Location::parse("postgres://office:secret@db.local/grassroots");
        assert_eq!(url.to_string(), "postgres://office:***@db.local/grassroots");
        let kv = Location::parse("host=/run/postgresql dbname=g password=secret");
        assert!(matches!(kv, Location::Postgres(_)));
        assert_eq!(kv.to_string(), "host=/run/postgresql dbname=g password=***");
    }
}
