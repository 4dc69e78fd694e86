//! libpq's connection service file (`pg_service.conf`): named groups of
//! connection settings an administrator hands out, so a user types
//! `postgres://?service=assay` instead of host, port, database and TLS files.
//!
//! Read the way libpq reads it (fe-connect.c, `parseServiceInfo`): the file
//! `PGSERVICEFILE` names, else `~/.pg_service.conf` when it exists; a service
//! not defined there is looked up in `pg_service.conf` in `PGSYSCONFDIR`
//! (else the system's libpq configuration folder). Lines are `key=value`
//! (no spaces around `=`), `#` starts a comment, `[name]` starts a group and
//! the first group with the name is used. Hand-written rather than an INI
//! crate because the format is libpq's own: INI parsers accept quoting,
//! `;` comments and spaces around `=` that libpq would reject, and a file
//! that works in Assay must work in psql.
//!
//! Which keys Assay honours is decided by the caller (`connect.rs`); this
//! module only finds the group and says where each line came from.

use super::TeamError;
use crate::Text;
use std::path::{Path, PathBuf};

/// One `key=value` line of the service's group.
#[derive(Debug, Clone)]
pub(super) struct ServiceLine {
    pub key: String,
    pub value: String,
    /// 1-based, for messages.
    pub line: usize,
}

/// The service's group, and the file it came from.
#[derive(Debug, Clone)]
pub(super) struct ServiceGroup {
    pub file: PathBuf,
    pub lines: Vec<ServiceLine>,
}

/// The system-wide folder libpq reads `pg_service.conf` from when
/// `PGSYSCONFDIR` is not set: Debian's and Ubuntu's libpq are built with
/// `/etc/postgresql-common`; elsewhere it depends on how libpq was built, so
/// docs/team.md tells the user to set `PGSYSCONFDIR`.
fn system_folder() -> PathBuf {
    match std::env::var_os("PGSYSCONFDIR").filter(|d| !d.is_empty()) {
        Some(dir) => PathBuf::from(dir),
        None if cfg!(target_os = "linux") => PathBuf::from("/etc/postgresql-common"),
        None => PathBuf::from("/etc"),
    }
}

fn service_error(place: String, en: String, zh_cn: String) -> TeamError {
    TeamError::Address {
        url: place,
        reason: Text { en, zh_cn },
    }
}

/// The group named `name`, from the user's service file or the system's.
pub(super) fn find(name: &str) -> Result<ServiceGroup, TeamError> {
    let mut looked_in = Vec::new();
    let user_file = match std::env::var_os("PGSERVICEFILE").filter(|f| !f.is_empty()) {
        // A file the user named must exist (libpq: "service file not found").
        Some(named) => {
            let named = PathBuf::from(named);
            if !named.is_file() {
                return Err(service_error(
                    named.display().to_string(),
                    "the service file PGSERVICEFILE names does not exist".into(),
                    "PGSERVICEFILE 指定的服务文件不存在".into(),
                ));
            }
            Some(named)
        }
        None => dirs::home_dir()
            .map(|home| home.join(".pg_service.conf"))
            .filter(|f| f.is_file()),
    };
    if let Some(file) = user_file {
        if let Some(lines) = read_group(&file, name)? {
            return Ok(ServiceGroup { file, lines });
        }
        looked_in.push(file.display().to_string());
    } else if let Some(home) = dirs::home_dir() {
        looked_in.push(home.join(".pg_service.conf").display().to_string());
    }
    let system_file = system_folder().join("pg_service.conf");
    if system_file.is_file() {
        if let Some(lines) = read_group(&system_file, name)? {
            return Ok(ServiceGroup {
                file: system_file,
                lines,
            });
        }
    }
    looked_in.push(system_file.display().to_string());
    let looked_in = looked_in.join(", ");
    Err(service_error(
        format!("service={name}"),
        format!("no service named \"{name}\" is defined (looked in {looked_in}; PGSERVICEFILE and PGSYSCONFDIR name other places)"),
        format!("未找到名为“{name}”的服务定义（已查找 {looked_in}；可用 PGSERVICEFILE 与 PGSYSCONFDIR 指定其他位置）"),
    ))
}

/// The most a service file may weigh: libpq reads lines of up to 1 KB, and
/// a file of many services is a few KB.
const MAX_SERVICE_FILE_BYTES: u64 = 1024 * 1024;

/// The `key=value` lines of the first group named `name` in `file`, or
/// `None` when the file has no such group.
fn read_group(file: &Path, name: &str) -> Result<Option<Vec<ServiceLine>>, TeamError> {
    let bytes =
        crate::bounded_read::read_regular_file(file, MAX_SERVICE_FILE_BYTES).map_err(|e| {
            service_error(
                file.display().to_string(),
                format!("cannot read the service file: {e}"),
                format!("无法读取服务文件：{e}"),
            )
        })?;
    let text = String::from_utf8(bytes).map_err(|e| {
        let line = 1 + e.as_bytes()[..e.utf8_error().valid_up_to()]
            .iter()
            .filter(|&&b| b == b'\n')
            .count();
        service_error(
            format!("{}:{line}", file.display()),
            "the service file is not UTF-8 text".into(),
            "服务文件不是 UTF-8 文本".into(),
        )
    })?;
    parse_group(&text, name).map_err(|(line, reason)| TeamError::Address {
        url: format!("{}:{line}", file.display()),
        reason,
    })
}

/// [`read_group`] on the file's text; an error carries its line number.
fn parse_group(text: &str, name: &str) -> Result<Option<Vec<ServiceLine>>, (usize, Text)> {
    let mut in_group = false;
    let mut lines = Vec::new();
    for (index, raw) in text.lines().enumerate() {
        let line = raw.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        if let Some(header) = line.strip_prefix('[') {
            if in_group {
                // The end of the wanted group: later groups of the same name
                // are not read, as in libpq.
                return Ok(Some(lines));
            }
            in_group = header
                .strip_prefix(name)
                .is_some_and(|rest| rest.starts_with(']'));
            continue;
        }
        if !in_group {
            continue;
        }
        let number = index + 1;
        let Some((key, value)) = line.split_once('=') else {
            return Err((
                number,
                Text {
                    en: format!("\"{line}\" is not key=value"),
                    zh_cn: format!("“{line}”不是 键=值 的形式"),
                },
            ));
        };
        if key == "service" {
            return Err((
                number,
                Text {
                    en: "a service cannot name another service".into(),
                    zh_cn: "服务定义中不能再指定另一个服务".into(),
                },
            ));
        }
        lines.push(ServiceLine {
            key: key.to_string(),
            value: value.to_string(),
            line: number,
        });
    }
    Ok(in_group.then_some(lines))
}

#[cfg(test)]
mod tests {
    use super::*;

    const FILE: &str = "\
# shared by the security team
[other]
host=elsewhere

[assay]
host=db.example.com
  port=6543
dbname=assay   
# a comment inside the group
sslmode=verify-full
[assay]
host=ignored, as libpq ignores a second group of the same name
";

    #[test]
    fn the_first_group_of_the_name_is_read_with_its_line_numbers() {
        let lines = parse_group(FILE, "assay").unwrap().unwrap();
        let read: Vec<_> = lines
            .iter()
            .map(|l| (l.key.as_str(), l.value.as_str(), l.line))
            .collect();
        assert_eq!(
            read,
            [
                ("host", "db.example.com", 6),
                ("port", "6543", 7),
                ("dbname", "assay", 8),
                ("sslmode", "verify-full", 10),
            ]
        );
        assert!(parse_group(FILE, "missing").unwrap().is_none());
        // A name that is only the start of a group's name is another group.
        assert!(parse_group(FILE, "ass").unwrap().is_none());
        assert!(parse_group("[assay]\n", "assay")
            .unwrap()
            .unwrap()
            .is_empty());
    }

    #[test]
    fn a_line_libpq_would_reject_is_refused_with_its_number() {
        let (line, reason) = parse_group("[assay]\nhost db\n", "assay").unwrap_err();
        assert_eq!(line, 2);
        assert!(
            reason.en.contains("\"host db\" is not key=value"),
            "{}",
            reason.en
        );
        let (line, reason) = parse_group("[assay]\n\nservice=other\n", "assay").unwrap_err();
        assert_eq!(line, 3);
        assert!(reason.en.contains("cannot name another service"));
        // Lines of other groups are not looked at.
        assert!(parse_group("[other]\nnonsense\n[assay]\nport=1\n", "assay").is_ok());
    }
}
