//! The team database's address: a `postgres://` URL read the way libpq reads
//! it where Assay supports a parameter, and refused with the reason where it
//! does not — nothing in the URL is ignored.
//!
//! Passwords never travel in the URL (it ends up in shell history, process
//! lists and the app's settings): they come from `PGPASSWORD` or the libpq
//! password file (`PGPASSFILE`, else `~/.pgpass`), which must be private to
//! its owner (mode 0600), as libpq requires — or, when neither has one and the
//! server asks for it, from the system keyring (`keyring.rs`).

use super::TeamError;
use crate::Text;
use openssl::ssl::{SslConnector, SslMethod, SslVerifyMode};
use postgres::config::SslMode;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// How the server's certificate is checked (libpq's `sslmode`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TlsMode {
    /// No TLS.
    Disable,
    /// TLS when the server offers it; its certificate is not checked.
    Prefer,
    /// TLS always; the certificate is not checked.
    Require,
    /// TLS; the certificate is signed by the trusted CA (`sslrootcert`).
    VerifyCa,
    /// TLS; the certificate is signed by the trusted CA and names the host.
    VerifyFull,
}

impl TlsMode {
    fn parse(value: &str) -> Result<TlsMode, Text> {
        Ok(match value {
            "disable" => TlsMode::Disable,
            "prefer" => TlsMode::Prefer,
            "require" => TlsMode::Require,
            "verify-ca" => TlsMode::VerifyCa,
            "verify-full" => TlsMode::VerifyFull,
            "allow" => {
                return Err(Text {
                    en: "sslmode=allow is not supported (it tries without TLS first); use prefer, require, verify-ca or verify-full".into(),
                    zh_cn: "不支持 sslmode=allow（它先尝试不加密的连接）；请使用 prefer、require、verify-ca 或 verify-full".into(),
                })
            }
            other => {
                return Err(Text {
                    en: format!("sslmode={other} is not one of disable, prefer, require, verify-ca, verify-full"),
                    zh_cn: format!("sslmode={other} 不是 disable、prefer、require、verify-ca、verify-full 之一"),
                })
            }
        })
    }

    pub fn as_str(self) -> &'static str {
        match self {
            TlsMode::Disable => "disable",
            TlsMode::Prefer => "prefer",
            TlsMode::Require => "require",
            TlsMode::VerifyCa => "verify-ca",
            TlsMode::VerifyFull => "verify-full",
        }
    }

    fn verifies(self) -> bool {
        matches!(self, TlsMode::VerifyCa | TlsMode::VerifyFull)
    }
}

/// A parsed team-database address (no password: see the module comment).
#[derive(Debug, Clone)]
pub struct TeamAddress {
    pub user: String,
    /// A host name or address, or a Unix-socket directory (starts with `/`).
    pub host: String,
    pub port: u16,
    pub dbname: String,
    pub tls: TlsMode,
    /// The CA certificate(s) trusted for verify-ca / verify-full.
    pub root_cert: Option<PathBuf>,
    pub connect_timeout: Duration,
    pub application_name: String,
}

/// Whether `db` names a team database rather than an SQLite file.
pub fn is_team_url(db: &str) -> bool {
    db.starts_with("postgres://") || db.starts_with("postgresql://")
}

/// `url` with any password in it replaced, for messages.
pub fn without_password(text: &str) -> String {
    match url::Url::parse(text) {
        Ok(mut url) if url.password().is_some() => {
            let _ = url.set_password(Some("…"));
            url.to_string()
        }
        Ok(url) => url.to_string(),
        Err(_) => "the postgres:// address".to_string(),
    }
}

fn bad(url: &str, en: impl Into<String>, zh_cn: impl Into<String>) -> TeamError {
    TeamError::Address {
        url: without_password(url),
        reason: Text {
            en: en.into(),
            zh_cn: zh_cn.into(),
        },
    }
}

impl TeamAddress {
    /// Reads `postgres://USER@HOST:PORT/DBNAME?sslmode=…&sslrootcert=…`.
    /// Defaults as libpq's: the OS user, localhost, 5432, the user's name as
    /// the database, sslmode=prefer.
    pub fn parse(text: &str) -> Result<TeamAddress, TeamError> {
        if !is_team_url(text) {
            return Err(bad(
                text,
                "a team database is a postgres:// URL",
                "团队数据库的地址应为 postgres:// URL",
            ));
        }
        let url = url::Url::parse(text)
            .map_err(|e| bad(text, e.to_string(), format!("不是有效的 URL（{e}）")))?;
        if url.password().is_some() {
            return Err(TeamError::PasswordInUrl);
        }
        let decode = |s: &str| {
            percent_encoding::percent_decode_str(s)
                .decode_utf8()
                .map(|c| c.into_owned())
                .map_err(|_| {
                    bad(
                        text,
                        "the URL is not UTF-8 once decoded",
                        "URL 解码后不是 UTF-8",
                    )
                })
        };
        let user = match url.username() {
            "" => os_user().ok_or_else(|| {
                bad(
                    text,
                    "name the database user: postgres://USER@HOST/DATABASE",
                    "请写明数据库用户：postgres://用户@主机/数据库",
                )
            })?,
            u => decode(u)?,
        };
        let host = match url.host_str() {
            None | Some("") => "localhost".to_string(),
            Some(h) => decode(h.trim_start_matches('[').trim_end_matches(']'))?,
        };
        let port = url.port().unwrap_or(5432);
        let dbname = match url.path().trim_start_matches('/') {
            "" => user.clone(),
            p if p.contains('/') => {
                return Err(bad(
                    text,
                    "the database name cannot contain '/'",
                    "数据库名称不能包含“/”",
                ))
            }
            p => decode(p)?,
        };
        let mut address = TeamAddress {
            user,
            host,
            port,
            dbname,
            tls: TlsMode::Prefer,
            root_cert: None,
            connect_timeout: Duration::from_secs(10),
            application_name: "assay".to_string(),
        };
        for (key, value) in url.query_pairs() {
            match &*key {
                "sslmode" => {
                    address.tls = TlsMode::parse(&value).map_err(|r| bad(text, r.en, r.zh_cn))?
                }
                "sslrootcert" => address.root_cert = Some(PathBuf::from(&*value)),
                "connect_timeout" => {
                    let secs: u64 = value.parse().map_err(|_| {
                        bad(
                            text,
                            format!("connect_timeout={value} is not a number of seconds"),
                            format!("connect_timeout={value} 不是秒数"),
                        )
                    })?;
                    address.connect_timeout = Duration::from_secs(secs.max(1));
                }
                "application_name" => address.application_name = value.into_owned(),
                "host" => address.host = value.into_owned(),
                "port" => {
                    address.port = value
                        .parse()
                        .map_err(|_| {
                            bad(
                                text,
                                format!("port={value} is not a port number"),
                                format!("port={value} 不是端口号"),
                            )
                        })?
                }
                "password" => return Err(TeamError::PasswordInUrl),
                other => {
                    return Err(bad(
                        text,
                        format!("the parameter {other} is not supported (supported: sslmode, sslrootcert, connect_timeout, application_name, host, port)"),
                        format!("不支持参数 {other}（支持：sslmode、sslrootcert、connect_timeout、application_name、host、port）"),
                    ))
                }
            }
        }
        if address.root_cert.is_some() && !address.tls.verifies() {
            return Err(bad(
                text,
                format!(
                    "sslrootcert is only used with sslmode=verify-ca or verify-full (here sslmode={})",
                    address.tls.as_str()
                ),
                format!(
                    "sslrootcert 仅与 sslmode=verify-ca 或 verify-full 一起使用（此处 sslmode={}）",
                    address.tls.as_str()
                ),
            ));
        }
        if address.tls.verifies() && address.root_cert.is_none() {
            // libpq's default place for the trusted CA.
            let default = dirs::home_dir().map(|h| h.join(".postgresql/root.crt"));
            match default.filter(|p| p.is_file()) {
                Some(p) => address.root_cert = Some(p),
                None => {
                    return Err(bad(
                        text,
                        format!("sslmode={} needs the CA certificate that signed the server's: add sslrootcert=/path/ca.pem (or put it in ~/.postgresql/root.crt)", address.tls.as_str()),
                        format!("sslmode={} 需要签发服务器证书的 CA 证书：请添加 sslrootcert=/路径/ca.pem（或将其放在 ~/.postgresql/root.crt）", address.tls.as_str()),
                    ))
                }
            }
        }
        Ok(address)
    }

    /// `user@host:port/dbname`, for messages (never a password).
    pub fn shown(&self) -> String {
        format!("{}@{}:{}/{}", self.user, self.host, self.port, self.dbname)
    }

    /// Opens a session; the password, when the server asks for one, from
    /// `PGPASSWORD` or the password file.
    pub fn connect(&self) -> Result<postgres::Client, TeamError> {
        self.connect_with(None)
    }

    /// Opens a session with `password` when given, else as [`Self::connect`].
    pub fn connect_with(&self, password: Option<&str>) -> Result<postgres::Client, TeamError> {
        let mut config = postgres::Config::new();
        config
            .user(&self.user)
            .dbname(&self.dbname)
            .port(self.port)
            .connect_timeout(self.connect_timeout)
            .application_name(&self.application_name);
        if self.host.starts_with('/') {
            config.host_path(&self.host);
        } else {
            config.host(&self.host);
        }
        let mut from_keyring_possible = false;
        match password {
            Some(p) => {
                config.password(p);
            }
            None => match password_for(self)? {
                Some(p) => {
                    config.password(p);
                }
                None => from_keyring_possible = true,
            },
        }
        config.ssl_mode(match self.tls {
            TlsMode::Disable => SslMode::Disable,
            TlsMode::Prefer => SslMode::Prefer,
            _ => SslMode::Require,
        });
        match config.connect(self.tls_connector()?) {
            Ok(client) => Ok(client),
            // The system keyring is asked only when the server wants a password
            // and libpq's places have none: a machine without a keyring (a
            // server, a container) or a database that needs no password never
            // talks to it. A keyring that cannot be read counts as empty here;
            // the server's "password missing" then says where to put one.
            Err(e)
                if from_keyring_possible && super::full_error(&e).contains("password missing") =>
            {
                match super::keyring::recall(self).ok().flatten() {
                    Some(p) => {
                        config.password(p);
                        config
                            .connect(self.tls_connector()?)
                            .map_err(|e| super::connect_error(self, e))
                    }
                    None => Err(super::connect_error(self, e)),
                }
            }
            Err(e) => Err(super::connect_error(self, e)),
        }
    }

    fn tls_connector(&self) -> Result<postgres_openssl::MakeTlsConnector, TeamError> {
        let tls_error = |e: openssl::error::ErrorStack| TeamError::Tls {
            detail: e.to_string(),
        };
        let mut builder = SslConnector::builder(SslMethod::tls_client()).map_err(tls_error)?;
        if self.tls.verifies() {
            let ca = self.root_cert.as_deref().unwrap_or(Path::new(""));
            builder.set_ca_file(ca).map_err(|e| TeamError::Tls {
                detail: format!("cannot read the CA certificate {}: {e}", ca.display()),
            })?;
            builder.set_verify(SslVerifyMode::PEER);
        } else {
            builder.set_verify(SslVerifyMode::NONE);
        }
        let mut connector = postgres_openssl::MakeTlsConnector::new(builder.build());
        let check_name = self.tls == TlsMode::VerifyFull;
        connector.set_callback(move |config, _domain| {
            config.set_verify_hostname(check_name);
            Ok(())
        });
        Ok(connector)
    }
}

fn os_user() -> Option<String> {
    std::env::var("PGUSER")
        .ok()
        .or_else(|| std::env::var("USER").ok())
        .filter(|u| !u.is_empty())
}

/// The password for `address`: `PGPASSWORD`, else the first matching line of
/// the password file. A password file others can read is refused (libpq
/// ignores it with a warning; a silent fallback would hide the mistake).
fn password_for(address: &TeamAddress) -> Result<Option<String>, TeamError> {
    if let Some(p) = std::env::var("PGPASSWORD").ok().filter(|p| !p.is_empty()) {
        return Ok(Some(p));
    }
    let file = match std::env::var_os("PGPASSFILE").filter(|f| !f.is_empty()) {
        Some(f) => PathBuf::from(f),
        None => match dirs::home_dir() {
            Some(home) => home.join(".pgpass"),
            None => return Ok(None),
        },
    };
    let Ok(meta) = std::fs::metadata(&file) else {
        return Ok(None);
    };
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        if meta.permissions().mode() & 0o077 != 0 {
            return Err(TeamError::PasswordFileOpen {
                file: file.display().to_string(),
            });
        }
    }
    #[cfg(not(unix))]
    let _ = meta;
    let text = std::fs::read_to_string(&file).map_err(|e| TeamError::Address {
        url: file.display().to_string(),
        reason: Text {
            en: format!("cannot read the password file: {e}"),
            zh_cn: format!("无法读取密码文件：{e}"),
        },
    })?;
    // A Unix-socket connection matches "localhost", as in libpq.
    let host = if address.host.starts_with('/') {
        "localhost"
    } else {
        &address.host
    };
    let port = address.port.to_string();
    let wanted = [host, &port, &address.dbname, &address.user];
    Ok(text.lines().find_map(|line| {
        if line.trim_start().starts_with('#') {
            return None;
        }
        let fields = pgpass_fields(line);
        if fields.len() != 5 {
            return None;
        }
        let matches = fields[..4]
            .iter()
            .zip(wanted)
            .all(|(field, want)| field == "*" || field == want);
        matches.then(|| fields[4].clone())
    }))
}

/// One password-file line's fields: `host:port:database:user:password`,
/// with `\:` and `\\` escaped.
fn pgpass_fields(line: &str) -> Vec<String> {
    let mut fields = vec![String::new()];
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                if let Some(next) = chars.next() {
                    fields.last_mut().expect("one field").push(next);
                }
            }
            ':' if fields.len() < 5 => fields.push(String::new()),
            c => fields.last_mut().expect("one field").push(c),
        }
    }
    fields
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_url_is_read_like_libpq_and_what_is_not_supported_is_refused() {
        let a = TeamAddress::parse("postgres://wang.li@db.example.com:6543/assay?sslmode=require")
            .unwrap();
        assert_eq!(a.shown(), "wang.li@db.example.com:6543/assay");
        assert_eq!(a.tls, TlsMode::Require);
        let a = TeamAddress::parse("postgresql://u@%2Fvar%2Frun%2Fpostgresql/team").unwrap();
        assert_eq!(a.host, "/var/run/postgresql");
        assert!(matches!(
            TeamAddress::parse("postgres://u:secret@h/db"),
            Err(TeamError::PasswordInUrl)
        ));
        for (url, says) in [
            (
                "postgres://u@h/db?sslmode=allow",
                "sslmode=allow is not supported",
            ),
            ("postgres://u@h/db?sslmode=strict", "not one of disable"),
            (
                "postgres://u@h/db?gssencmode=prefer",
                "gssencmode is not supported",
            ),
            (
                "postgres://u@h/db?sslrootcert=/ca.pem",
                "only used with sslmode=verify-ca",
            ),
            (
                "postgres://u@h/db?connect_timeout=soon",
                "not a number of seconds",
            ),
        ] {
            let e = TeamAddress::parse(url).unwrap_err().to_string();
            assert!(e.contains(says), "{url}: {e}");
        }
    }

    #[test]
    fn password_file_lines_unescape_colons_and_backslashes() {
        assert_eq!(
            pgpass_fields(r"db\:1:5432:*:wang:pa\:ss\\w:rd"),
            vec!["db:1", "5432", "*", "wang", r"pa:ss\w:rd"]
        );
        assert_eq!(pgpass_fields("a:b").len(), 2);
    }
}
