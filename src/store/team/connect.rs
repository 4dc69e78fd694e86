//! The team database's address: a `postgres://` URL read the way libpq reads
//! it where Assay supports a parameter, completed from a libpq service file
//! (`?service=NAME`, `service.rs`) and libpq's environment variables
//! (`PGHOST`, `PGSSLMODE`, …) in libpq's order, and refused with the reason
//! where a setting asks for something Assay does not do — nothing in the URL,
//! the service file or the environment is ignored.
//!
//! Passwords never travel in the URL (it ends up in shell history, process
//! lists and the app's settings): they come from the service file's group
//! (when the file is private to its owner), `PGPASSWORD` or the libpq
//! password file (`passfile` / `PGPASSFILE`, else `~/.pgpass`), which must be
//! private to its owner (mode 0600), as libpq requires — or, when none has
//! one and the server asks for it, from the system keyring (`keyring.rs`).

use super::{service, TeamError};
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

/// A parsed team-database address. Its only password is one a libpq service
/// file holds (see the module comment): never one from the URL.
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
    /// The libpq password file named by `passfile` / `PGPASSFILE`.
    pub password_file: Option<PathBuf>,
    /// The service file's `password`, when the address names a service
    /// whose group has one.
    service_password: Option<ServicePassword>,
}

/// A password read from a service file, kept out of `Debug` output.
#[derive(Clone)]
struct ServicePassword(String);

impl std::fmt::Debug for ServicePassword {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ServicePassword(…)")
    }
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

/// The libpq settings Assay reads, each with the environment variable libpq
/// takes it from when neither the URL nor the service sets it.
const SUPPORTED: [(&str, &str); 9] = [
    ("host", "PGHOST"),
    ("port", "PGPORT"),
    ("dbname", "PGDATABASE"),
    ("user", "PGUSER"),
    ("sslmode", "PGSSLMODE"),
    ("sslrootcert", "PGSSLROOTCERT"),
    ("connect_timeout", "PGCONNECT_TIMEOUT"),
    ("application_name", "PGAPPNAME"),
    ("passfile", "PGPASSFILE"),
];

/// libpq's other connection settings (PostgreSQL 17), with their environment
/// variables. Assay does not do what they ask (client certificates, GSSAPI,
/// several hosts, …), so each is refused wherever it is set — in the URL, a
/// service file or the environment — rather than connecting in a way the
/// user did not ask for (a `PGSSLCERT` silently dropped, say).
const NOT_SUPPORTED: [(&str, Option<&str>); 30] = [
    ("hostaddr", Some("PGHOSTADDR")),
    ("channel_binding", Some("PGCHANNELBINDING")),
    ("client_encoding", Some("PGCLIENTENCODING")),
    ("options", Some("PGOPTIONS")),
    ("fallback_application_name", None),
    ("keepalives", None),
    ("keepalives_idle", None),
    ("keepalives_interval", None),
    ("keepalives_count", None),
    ("tcp_user_timeout", None),
    ("sslcompression", Some("PGSSLCOMPRESSION")),
    ("sslcert", Some("PGSSLCERT")),
    ("sslkey", Some("PGSSLKEY")),
    ("sslcertmode", Some("PGSSLCERTMODE")),
    ("sslpassword", None),
    ("sslcrl", Some("PGSSLCRL")),
    ("sslcrldir", Some("PGSSLCRLDIR")),
    ("sslsni", Some("PGSSLSNI")),
    ("sslnegotiation", Some("PGSSLNEGOTIATION")),
    ("requirepeer", Some("PGREQUIREPEER")),
    ("require_auth", Some("PGREQUIREAUTH")),
    ("ssl_min_protocol_version", Some("PGSSLMINPROTOCOLVERSION")),
    ("ssl_max_protocol_version", Some("PGSSLMAXPROTOCOLVERSION")),
    ("gssencmode", Some("PGGSSENCMODE")),
    ("krbsrvname", Some("PGKRBSRVNAME")),
    ("gsslib", Some("PGGSSLIB")),
    ("gssdelegation", Some("PGGSSDELEGATION")),
    ("replication", None),
    ("target_session_attrs", Some("PGTARGETSESSIONATTRS")),
    ("load_balance_hosts", Some("PGLOADBALANCEHOSTS")),
];

/// The parameters Assay reads, joined with `separator` (", " or "、").
fn supported_list(separator: &str) -> String {
    let mut names: Vec<&str> = SUPPORTED.iter().map(|(k, _)| *k).collect();
    names.push("service");
    names.join(separator)
}

/// Where a setting came from, so a message says where to mend it.
#[derive(Debug, Clone)]
enum Origin {
    Url,
    ServiceFile { file: PathBuf, line: usize },
    Environment(&'static str),
}

/// The settings as given: the URL's first, then the service's, then the
/// environment's — libpq's order; a later source never overrides.
struct Given {
    url: String,
    settings: Vec<(&'static str, String, Origin)>,
    service_password: Option<ServicePassword>,
    /// The URL's `service=`.
    service: Option<String>,
}

impl Given {
    fn get(&self, key: &str) -> Option<(&str, &Origin)> {
        self.settings
            .iter()
            .find(|(k, _, _)| *k == key)
            .map(|(_, v, o)| (v.as_str(), o))
    }

    /// Adds `key=value` unless an earlier source set it; an empty value
    /// counts as not given.
    fn offer(&mut self, key: &'static str, value: String, origin: Origin) {
        if !value.is_empty() && self.get(key).is_none() {
            self.settings.push((key, value, origin));
        }
    }

    /// The error for `key`'s value, placed where that value was written.
    fn wrong(&self, origin: &Origin, en: String, zh_cn: String) -> TeamError {
        match origin {
            Origin::Url => bad(&self.url, en, zh_cn),
            Origin::ServiceFile { file, line } => TeamError::Address {
                url: format!("{}:{line}", file.display()),
                reason: Text { en, zh_cn },
            },
            Origin::Environment(var) => TeamError::Address {
                url: var.to_string(),
                reason: Text {
                    en: format!("(environment variable) {en}"),
                    zh_cn: format!("（环境变量）{zh_cn}"),
                },
            },
        }
    }
}

impl TeamAddress {
    /// Reads `postgres://USER@HOST:PORT/DBNAME?sslmode=…&sslrootcert=…` or
    /// `postgres://?service=NAME`, then the libpq service file and
    /// environment variables for what the URL leaves out, then libpq's
    /// defaults: the OS user, localhost, 5432, the user's name as the
    /// database, sslmode=prefer.
    pub fn parse(text: &str) -> Result<TeamAddress, TeamError> {
        let mut given = Given::from_url(text)?;
        let service = match given.service_name()? {
            Some(name) => Some(service::find(&name)?),
            None => None,
        };
        if let Some(group) = service {
            given.add_service(group)?;
        }
        given.add_environment()?;
        given.into_address()
    }

    /// `user@host:port/dbname`, for messages (never a password).
    pub fn shown(&self) -> String {
        format!("{}@{}:{}/{}", self.user, self.host, self.port, self.dbname)
    }

    /// Opens a session; the password, when the server asks for one, from
    /// the service file, `PGPASSWORD`, the password file or the keyring.
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
        // libpq's order: the one given, the service file's, PGPASSWORD, the
        // password file; the keyring last (below).
        let password = match password {
            Some(p) => Some(p.to_string()),
            None => match &self.service_password {
                Some(p) => Some(p.0.clone()),
                None => password_for(self)?,
            },
        };
        let from_keyring_possible = password.is_none();
        if let Some(p) = password {
            config.password(p);
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

/// Values of libpq settings Assay does not read that ask for what Assay does
/// anyway (UTF-8, SNI, no TLS compression, no GSSAPI encryption, one host
/// tried as given): honoured, so a profile that sets them — psql users often
/// export `PGCLIENTENCODING=UTF8` — is not refused.
const ALREADY_SO: [(&str, &[&str]); 6] = [
    ("client_encoding", &["utf8", "utf-8", "unicode"]),
    ("sslsni", &["1"]),
    ("sslcompression", &["0"]),
    ("gssencmode", &["disable"]),
    ("target_session_attrs", &["any"]),
    ("load_balance_hosts", &["disable"]),
];

fn already_so(key: &str, value: &str) -> bool {
    ALREADY_SO
        .iter()
        .any(|(k, values)| *k == key && values.contains(&value.to_ascii_lowercase().as_str()))
}

/// The message for a libpq setting Assay does not read, or a name libpq does
/// not know either.
fn not_supported(key: &str) -> (String, String) {
    let (supported, zh_supported) = (supported_list(", "), supported_list("、"));
    if NOT_SUPPORTED.iter().any(|(k, _)| *k == key) {
        (
            format!("the parameter {key} is not supported (supported: {supported})"),
            format!("不支持参数 {key}（支持：{zh_supported}）"),
        )
    } else {
        (
            format!("{key} is not a libpq connection parameter (supported: {supported})"),
            format!("{key} 不是 libpq 的连接参数（支持：{zh_supported}）"),
        )
    }
}

impl Given {
    fn from_url(text: &str) -> Result<Given, TeamError> {
        if !is_team_url(text) {
            return Err(bad(
                text,
                "a team database is a postgres:// URL",
                "团队数据库的地址应为 postgres:// URL",
            ));
        }
        let url = url::Url::parse(text).map_err(|e| match e {
            // libpq reads `postgres://user@/db`; the URL parser does not.
            url::ParseError::EmptyHost => bad(
                text,
                "a user name needs a host after '@' (postgres://USER@HOST/DATABASE); with a service or PGHOST, give the user as ?user=NAME",
                "“@”后需要主机名（postgres://用户@主机/数据库）；使用服务或 PGHOST 时，请以 ?user=用户名 指定用户",
            ),
            e => bad(text, e.to_string(), format!("不是有效的 URL（{e}）")),
        })?;
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
        let mut given = Given {
            url: text.to_string(),
            settings: Vec::new(),
            service_password: None,
            service: None,
        };
        given.set("user", decode(url.username())?);
        if let Some(host) = url.host_str() {
            given.set(
                "host",
                decode(host.trim_start_matches('[').trim_end_matches(']'))?,
            );
        }
        if let Some(port) = url.port() {
            given.set("port", port.to_string());
        }
        match url.path().trim_start_matches('/') {
            p if p.contains('/') => {
                return Err(bad(
                    text,
                    "the database name cannot contain '/'",
                    "数据库名称不能包含“/”",
                ))
            }
            p => given.set("dbname", decode(p)?),
        }
        // A query parameter overrides the same setting in the URL's body, as
        // in libpq (`postgres://h/db?host=other`).
        for (key, value) in url.query_pairs() {
            match SUPPORTED.iter().find(|(k, _)| *k == key) {
                Some((known, _)) => given.set(known, value.into_owned()),
                None if key == "service" => given.service = Some(value.into_owned()),
                None if key == "password" => return Err(TeamError::PasswordInUrl),
                None if already_so(&key, &value) => {}
                None => {
                    let (en, zh_cn) = not_supported(&key);
                    return Err(bad(text, en, zh_cn));
                }
            }
        }
        Ok(given)
    }

    /// Sets a URL setting; an empty value counts as not given.
    fn set(&mut self, key: &'static str, value: String) {
        self.settings.retain(|(k, _, _)| *k != key);
        if !value.is_empty() {
            self.settings.push((key, value, Origin::Url));
        }
    }

    /// The service the URL names, else `PGSERVICE`'s (as libpq).
    fn service_name(&self) -> Result<Option<String>, TeamError> {
        if let Some(name) = self.service.clone().filter(|n| !n.is_empty()) {
            return Ok(Some(name));
        }
        environment("PGSERVICE")
    }

    /// Settings from the service's group that the URL leaves out.
    fn add_service(&mut self, group: service::ServiceGroup) -> Result<(), TeamError> {
        for line in group.lines {
            let origin = Origin::ServiceFile {
                file: group.file.clone(),
                line: line.line,
            };
            if line.key == "password" {
                // libpq reads a service file's password whoever can read the
                // file; Assay holds it to the password file's rule.
                if !is_private(&group.file) {
                    let file = group.file.display();
                    return Err(self.wrong(
                        &origin,
                        format!("this service holds a password, but other users can read the file: chmod 600 {file}, or keep the password in ~/.pgpass"),
                        format!("该服务中写有密码，但其他用户可读取此文件：请执行 chmod 600 {file}，或将密码写入 ~/.pgpass"),
                    ));
                }
                if self.service_password.is_none() && !line.value.is_empty() {
                    self.service_password = Some(ServicePassword(line.value));
                }
                continue;
            }
            match SUPPORTED.iter().find(|(k, _)| *k == line.key) {
                Some((known, _)) => self.offer(known, line.value, origin),
                None if already_so(&line.key, &line.value) => {}
                None => {
                    let (en, zh_cn) = not_supported(&line.key);
                    return Err(self.wrong(&origin, en, zh_cn));
                }
            }
        }
        Ok(())
    }

    /// Settings from libpq's environment variables that neither the URL nor
    /// the service set; a variable for a setting Assay does not support is
    /// refused.
    fn add_environment(&mut self) -> Result<(), TeamError> {
        for (key, var) in SUPPORTED {
            if let Some(value) = environment(var)? {
                self.offer(key, value, Origin::Environment(var));
            }
        }
        for (key, var) in NOT_SUPPORTED {
            let Some(var) = var else { continue };
            if environment(var)?.is_some_and(|value| !already_so(key, &value)) {
                let (supported, zh_supported) = (supported_list(", "), supported_list("、"));
                return Err(self.wrong(
                    &Origin::Environment(var),
                    format!("it asks for {key}, which Assay does not support (supported: {supported}); unset {var} to connect"),
                    format!("它要求 {key}，Assay 不支持（支持：{zh_supported}）；请取消设置 {var} 后再连接"),
                ));
            }
        }
        Ok(())
    }

    /// The address, with libpq's defaults for what no source set.
    fn into_address(self) -> Result<TeamAddress, TeamError> {
        let user = match self.get("user") {
            Some((user, _)) => user.to_string(),
            None => os_user().ok_or_else(|| {
                bad(
                    &self.url,
                    "name the database user: postgres://USER@HOST/DATABASE",
                    "请写明数据库用户：postgres://用户@主机/数据库",
                )
            })?,
        };
        let port = match self.get("port") {
            Some((value, origin)) => value.parse().map_err(|_| {
                self.wrong(
                    origin,
                    format!("port={value} is not a port number"),
                    format!("port={value} 不是端口号"),
                )
            })?,
            None => 5432,
        };
        let tls = match self.get("sslmode") {
            Some((value, origin)) => {
                TlsMode::parse(value).map_err(|r| self.wrong(origin, r.en, r.zh_cn))?
            }
            None => TlsMode::Prefer,
        };
        let connect_timeout = match self.get("connect_timeout") {
            Some((value, origin)) => {
                let secs: u64 = value.parse().map_err(|_| {
                    self.wrong(
                        origin,
                        format!("connect_timeout={value} is not a number of seconds"),
                        format!("connect_timeout={value} 不是秒数"),
                    )
                })?;
                Duration::from_secs(secs.max(1))
            }
            None => Duration::from_secs(10),
        };
        let mut root_cert = self.get("sslrootcert").map(|(p, _)| PathBuf::from(p));
        if let Some((_, origin)) = self.get("sslrootcert") {
            if !tls.verifies() {
                return Err(self.wrong(
                    origin,
                    format!(
                        "sslrootcert is only used with sslmode=verify-ca or verify-full (here sslmode={})",
                        tls.as_str()
                    ),
                    format!(
                        "sslrootcert 仅与 sslmode=verify-ca 或 verify-full 一起使用（此处 sslmode={}）",
                        tls.as_str()
                    ),
                ));
            }
        }
        if tls.verifies() && root_cert.is_none() {
            // libpq's default place for the trusted CA.
            let default = dirs::home_dir().map(|h| h.join(".postgresql/root.crt"));
            match default.filter(|p| p.is_file()) {
                Some(p) => root_cert = Some(p),
                None => {
                    let origin = self
                        .get("sslmode")
                        .map(|(_, o)| o.clone())
                        .unwrap_or(Origin::Url);
                    return Err(self.wrong(
                        &origin,
                        format!("sslmode={} needs the CA certificate that signed the server's: add sslrootcert=/path/ca.pem (or put it in ~/.postgresql/root.crt)", tls.as_str()),
                        format!("sslmode={} 需要签发服务器证书的 CA 证书：请添加 sslrootcert=/路径/ca.pem（或将其放在 ~/.postgresql/root.crt）", tls.as_str()),
                    ));
                }
            }
        }
        Ok(TeamAddress {
            host: self
                .get("host")
                .map_or("localhost".to_string(), |(h, _)| h.to_string()),
            port,
            dbname: self
                .get("dbname")
                .map_or_else(|| user.clone(), |(d, _)| d.to_string()),
            user,
            tls,
            root_cert,
            connect_timeout,
            application_name: self
                .get("application_name")
                .map_or("assay".to_string(), |(a, _)| a.to_string()),
            password_file: self.get("passfile").map(|(p, _)| PathBuf::from(p)),
            service_password: self.service_password,
        })
    }
}

/// An environment variable's value; unset and empty are the same, and a
/// value that is not UTF-8 is refused rather than skipped.
fn environment(var: &str) -> Result<Option<String>, TeamError> {
    match std::env::var(var) {
        Ok(value) if value.is_empty() => Ok(None),
        Ok(value) => Ok(Some(value)),
        Err(std::env::VarError::NotPresent) => Ok(None),
        Err(std::env::VarError::NotUnicode(_)) => Err(TeamError::Address {
            url: var.to_string(),
            reason: Text {
                en: "(environment variable) its value is not UTF-8 text".into(),
                zh_cn: "（环境变量）其值不是 UTF-8 文本".into(),
            },
        }),
    }
}

/// Whether only the owner may read `file` (always true off Unix).
fn is_private(file: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::metadata(file).is_ok_and(|m| m.permissions().mode() & 0o077 == 0)
    }
    #[cfg(not(unix))]
    {
        let _ = file;
        true
    }
}

/// libpq's last resort for the user name (`PGUSER` is read with the other
/// environment variables).
fn os_user() -> Option<String> {
    std::env::var("USER").ok().filter(|u| !u.is_empty())
}

/// The most a password file may weigh (a line per database: a few KB).
const MAX_PASSWORD_FILE_BYTES: u64 = 1024 * 1024;

/// The password for `address`: `PGPASSWORD`, else the first matching line of
/// the password file (`passfile` / `PGPASSFILE`, else `~/.pgpass`). A password file others can read is refused (libpq
/// ignores it with a warning; a silent fallback would hide the mistake).
fn password_for(address: &TeamAddress) -> Result<Option<String>, TeamError> {
    if let Some(p) = std::env::var("PGPASSWORD").ok().filter(|p| !p.is_empty()) {
        return Ok(Some(p));
    }
    let file = match &address.password_file {
        Some(f) => f.clone(),
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
    let unreadable = |e: String| TeamError::Address {
        url: file.display().to_string(),
        reason: Text {
            en: format!("cannot read the password file: {e}"),
            zh_cn: format!("无法读取密码文件：{e}"),
        },
    };
    let bytes = crate::bounded_read::read_regular_file(&file, MAX_PASSWORD_FILE_BYTES)
        .map_err(|e| unreadable(e.to_string()))?;
    let text = String::from_utf8(bytes).map_err(|_| unreadable("it is not UTF-8 text".into()))?;
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
                "postgres://u@h/db?client_encoding=LATIN1",
                "the parameter client_encoding is not supported",
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
    fn a_setting_that_asks_for_what_assay_does_anyway_is_accepted() {
        for url in [
            "postgres://u@h/db?client_encoding=UTF8",
            "postgres://u@h/db?sslsni=1&gssencmode=disable&target_session_attrs=any",
        ] {
            assert!(TeamAddress::parse(url).is_ok(), "{url}");
        }
        // Other values of the same settings are refused (see the test above).
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
