//! Team mode (issue 18): a PostgreSQL database several evaluators share.
//!
//! What is here: the address and TLS (`connect`), the team schema with its
//! roles, row-level security, append-only audit and sign-off freeze
//! (`migrations/`), the administrator's migration, a session's status, and
//! the database's refusals in plain words ([`TeamError`]).
//!
//! Invariants:
//! - the database enforces who may do what (roles, grants, row-level
//!   security, triggers); Assay only explains its refusals — a modified
//!   client gains nothing;
//! - a user's session never changes the schema: [`TeamDb::open`] refuses a
//!   database whose schema is older, newer or missing, and only
//!   [`migrate`] (an administrator's command) upgrades it, in one
//!   transaction under an advisory lock;
//! - the audit log's author is the database's `session_user`;
//! - no password is taken from a URL or kept by Assay (`connect`).
//!
//! Evaluations are read into a throw-away SQLite store (`exchange`: a
//! snapshot, or the app's copy of all) so every screen and command reads
//! them with the same code as a local database; a change runs the app's own
//! function on a snapshot and is written back row by row, each row only if
//! it is still as read (`replay`).

mod connect;
mod exchange;
pub(crate) mod keyring;
mod replay;
mod service;

pub use connect::{is_team_url, without_password, TeamAddress, TlsMode};
pub use exchange::{
    copy_evaluations, empty_snapshot, pull_bundle, push_bundle, push_store, read_also,
    recopy_evaluation, replay_answer, snapshot, Moved, TeamCopy, TeamSave, TeamSnapshot,
};
pub use replay::{capture, replay_changes, EvaluationRows, Replayed, Seen};

use crate::store::{ExportRecord, NewExport};
use crate::Text;
use postgres::error::SqlState;

/// The team migrations, in order; entry `i` brings the schema to version `i + 1`.
/// Append only: a shipped migration is never edited.
pub const TEAM_MIGRATIONS: &[&str] = &[include_str!("migrations/0001_team.sql")];

/// The team schema version this build writes and reads.
pub const TEAM_SCHEMA_VERSION: i32 = TEAM_MIGRATIONS.len() as i32;

/// The PostgreSQL schema (namespace) Assay's tables live in, so a company
/// database that holds other things is not cluttered or clashed with.
pub const TEAM_SCHEMA: &str = "assay";

/// The roles Assay's schema grants to, weakest first.
pub const TEAM_ROLES: [TeamRole; 4] = [
    TeamRole::Viewer,
    TeamRole::Evaluator,
    TeamRole::Approver,
    TeamRole::Admin,
];

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TeamRole {
    /// Reads every evaluation.
    Viewer,
    /// Creates evaluations and changes those they are a member of.
    Evaluator,
    /// Signs an evaluation off, which freezes it.
    Approver,
    /// Everything, in every evaluation; members; reopening; migrations.
    Admin,
}

impl TeamRole {
    /// The PostgreSQL role's name.
    pub fn role_name(self) -> &'static str {
        match self {
            TeamRole::Viewer => "assay_viewer",
            TeamRole::Evaluator => "assay_evaluator",
            TeamRole::Approver => "assay_approver",
            TeamRole::Admin => "assay_admin",
        }
    }

    pub fn label(self) -> Text {
        let (en, zh) = match self {
            TeamRole::Viewer => ("viewer", "查看者"),
            TeamRole::Evaluator => ("evaluator", "评估人"),
            TeamRole::Approver => ("approver", "审批人"),
            TeamRole::Admin => ("administrator", "管理员"),
        };
        Text {
            en: en.into(),
            zh_cn: zh.into(),
        }
    }
}

/// Everything team mode refuses or fails at, in plain sentences.
#[derive(Debug, thiserror::Error)]
pub enum TeamError {
    #[error("{url}: {}", .reason.en)]
    Address { url: String, reason: Text },
    #[error("a password in the database URL would be kept in shell history, process lists and settings: put it in ~/.pgpass (mode 0600) or the file PGPASSFILE names — see docs/team.md")]
    PasswordInUrl,
    #[error("the password file {file} can be read by other users: libpq and Assay use it only when it is private (chmod 600 {file})")]
    PasswordFileOpen { file: String },
    #[error("the system keyring {}: {detail}", .what.en)]
    Keyring { what: Text, detail: String },
    #[error("TLS: {detail}")]
    Tls { detail: String },
    #[error("cannot connect to the team database {target}: {}", .reason.en)]
    Connect { target: String, reason: Text },
    /// The session's connection broke and a new one could not be opened yet.
    #[error("the connection to the team database {target} was lost and could not be restored yet ({}); Assay tries again — nothing is saved until it is back", .reason.en)]
    ConnectionLost { target: String, reason: Text },
    #[error("{target} has no Assay schema yet: an administrator sets it up with `assay --db URL team migrate` (docs/team.md)")]
    NotSetUp { target: String },
    #[error("{target} has a schema \"assay\" that Assay did not make (no assay_schema table); Assay did not change it")]
    NotAssay { target: String },
    #[error("{target}: written by a newer Assay (team schema version {found}; this Assay knows up to {known}); Assay did not change it — update Assay")]
    TooNew {
        target: String,
        found: i32,
        known: i32,
    },
    #[error("{target}: the team schema is at version {found} and this Assay needs {known}: an administrator runs `assay --db URL team migrate` (a user's session never changes the schema)")]
    NeedsMigration {
        target: String,
        found: i32,
        known: i32,
    },
    #[error("{user} may not set up or upgrade the team schema: that takes the database's owner, or a user who may create roles and schemas (an administrator; docs/team.md) — {detail}")]
    NotAdministrator { user: String, detail: String },
    /// The database refused an action for the user's role or membership.
    #[error("{}", .text.en)]
    Forbidden { text: Text },
    /// A signed-off evaluation was to be changed.
    #[error("{}", .text.en)]
    Frozen { text: Text },
    /// An append-only record (audit log, export record, change log) was to be changed.
    #[error("{}", .text.en)]
    AppendOnly { text: Text },
    /// A save based on an older revision than the stored one: someone else
    /// changed the answer in between. Nothing was saved.
    #[error("{}", .conflict.text().en)]
    Conflict { conflict: Box<SaveConflict> },
    /// A row a change was based on was changed or removed by someone else
    /// since it was read (not an answer's value: that is a [`Conflict`]).
    /// Nothing was written.
    ///
    /// [`Conflict`]: TeamError::Conflict
    #[error("{}", .text.en)]
    ChangedMeanwhile { text: Text },
    /// Something in the team database Assay cannot read or write as it is.
    #[error("{}", .text.en)]
    Unreadable { text: Text },
    #[error("the team database: {0}")]
    Database(String),
}

/// One evaluation in the team database, as `assay team list` shows it.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct TeamEvaluation {
    pub id: i64,
    pub name: String,
    pub as_of: String,
    pub vendors: i64,
    pub answers: i64,
    /// The database users who may change it (besides administrators).
    pub members: Vec<String>,
    /// Set once an approver signed it off: frozen until reopened.
    pub signed_off: Option<SignOff>,
    /// Whether this session may change it now (a member evaluator or an
    /// administrator, and not signed off).
    pub you_may_edit: bool,
}

#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct SignOff {
    /// The approver, as the database knows them.
    pub by: String,
    /// "2026-12-07 14:02 UTC".
    pub at: String,
}

/// Someone else's newer change to an answer, as the database reported it
/// when a save based on an older revision was refused.
#[derive(Debug, Clone, PartialEq, serde::Deserialize, serde::Serialize)]
pub struct SaveConflict {
    pub question: String,
    /// Who changed it (the database's name for them).
    pub who: String,
    /// When (RFC 3339).
    pub at: String,
    /// The stored value before their change, and after it (JSON text; none
    /// for no value).
    pub before: Option<String>,
    pub theirs: Option<String>,
    /// The value this save would have written.
    pub yours: Option<String>,
    /// The stored revision (theirs).
    pub revision: i64,
}

impl SaveConflict {
    /// "changed by wang.li at 14:02 UTC: 48 → 24; yours: 72 — nothing was saved".
    pub fn text(&self) -> Text {
        let shown = |v: &Option<String>| match v {
            None => "(none)".to_string(),
            Some(raw) => shown_value(raw),
        };
        let at = chrono::DateTime::parse_from_rfc3339(&self.at)
            .map(|t| {
                t.with_timezone(&chrono::Utc)
                    .format("%Y-%m-%d %H:%M UTC")
                    .to_string()
            })
            .unwrap_or_else(|_| self.at.clone());
        Text {
            en: format!(
                "not saved: the answer to {} was changed by {} at {at}: {} → {}; yours: {} — keep theirs, or save yours again over it",
                self.question,
                self.who,
                shown(&self.before),
                shown(&self.theirs),
                shown(&self.yours)
            ),
            zh_cn: format!(
                "未保存：{} 的回答已由 {} 于 {at} 修改：{} → {}；您的：{}——保留对方的，或在其基础上重新保存您的",
                self.question,
                self.who,
                shown(&self.before),
                shown(&self.theirs),
                shown(&self.yours)
            ),
        }
    }
}

/// A stored answer value (JSON text) as a person reads it: 48.0 → "48",
/// "yes" → yes; anything else as stored.
fn shown_value(raw: &str) -> String {
    match serde_json::from_str::<serde_json::Value>(raw) {
        Ok(serde_json::Value::Number(n)) => match n.as_f64() {
            Some(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", f as i64),
            _ => n.to_string(),
        },
        Ok(serde_json::Value::String(s)) => s,
        _ => raw.to_string(),
    }
}

impl TeamError {
    /// The refusal in both languages, for the app.
    pub fn text(&self) -> Text {
        match self {
            TeamError::Forbidden { text }
            | TeamError::Frozen { text }
            | TeamError::AppendOnly { text }
            | TeamError::ChangedMeanwhile { text }
            | TeamError::Unreadable { text } => text.clone(),
            TeamError::Conflict { conflict } => conflict.text(),
            other => Text {
                en: other.to_string(),
                zh_cn: self.zh_cn(),
            },
        }
    }

    /// The sentence in Chinese (a server's or a library's own detail, which
    /// Assay cannot translate, is quoted as it came).
    fn zh_cn(&self) -> String {
        match self {
            TeamError::Address { url, reason } => format!("{url}：{}", reason.zh_cn),
            TeamError::PasswordInUrl => "数据库 URL 中的密码会留在命令历史、进程列表和设置中：请将其写入 ~/.pgpass（权限 0600）或 PGPASSFILE 指定的文件——参见 docs/team.md".into(),
            TeamError::Keyring { what, detail } => format!("系统钥匙串{}：{detail}", what.zh_cn),
            TeamError::PasswordFileOpen { file } => format!("密码文件 {file} 可被其他用户读取：libpq 与 Assay 只使用私有的密码文件（chmod 600 {file}）"),
            TeamError::Tls { detail } => format!("TLS 出错：{detail}"),
            TeamError::Connect { target, reason } => {
                format!("无法连接团队数据库 {target}：{}", reason.zh_cn)
            }
            TeamError::ConnectionLost { target, reason } => format!("与团队数据库 {target} 的连接已断开，暂未恢复（{}）；Assay 会继续重试——恢复之前不会保存任何内容", reason.zh_cn),
            TeamError::NotSetUp { target } => format!("{target} 尚未建立 Assay 架构：请管理员运行 `assay --db URL team migrate`（参见 docs/team.md）"),
            TeamError::NotAssay { target } => format!("{target} 中名为“assay”的架构并非 Assay 所建（缺少 assay_schema 表）；Assay 未作任何更改"),
            TeamError::TooNew { target, found, known } => format!("{target}：由更新版本的 Assay 写入（团队架构版本 {found}；本版 Assay 最高支持 {known}）；Assay 未作任何更改——请更新 Assay"),
            TeamError::NeedsMigration { target, found, known } => format!("{target}：团队架构版本为 {found}，本版 Assay 需要 {known}：请管理员运行 `assay --db URL team migrate`（用户会话从不更改架构）"),
            TeamError::NotAdministrator { user, detail } => format!("{user} 无权建立或升级团队架构：这需要数据库所有者，或可创建角色与架构的用户（管理员；参见 docs/team.md）——{detail}"),
            TeamError::Database(detail) => format!("团队数据库：{detail}"),
            TeamError::Forbidden { text }
            | TeamError::Frozen { text }
            | TeamError::AppendOnly { text }
            | TeamError::ChangedMeanwhile { text }
            | TeamError::Unreadable { text } => text.zh_cn.clone(),
            TeamError::Conflict { conflict } => conflict.text().zh_cn,
        }
    }
}

/// The Chinese of the schema's own sign-off refusals (SQLSTATE AS003, AS004;
/// `migrations/`): their English is the database's message.
fn sign_off_refusal_zh(message: &str) -> String {
    if let Some(id) = message.strip_prefix("there is no evaluation with id ") {
        format!("没有编号为 {id} 的评估")
    } else if message.starts_with("a new evaluation cannot be signed off already") {
        "新建的评估不能一开始就处于已签核状态".to_string()
    } else if message.starts_with("an evaluation is signed off by an approver") {
        "评估由审批人签核（assay team sign-off），由管理员重新开放（assay team reopen），不能直接修改".to_string()
    } else {
        message.to_string()
    }
}

/// Why a connection could not be made, from the client library's own words:
/// the usual causes said plainly in both languages, the library's detail kept.
fn not_connected(detail: String) -> Text {
    let lower = detail.to_lowercase();
    let zh_cause = if lower.contains("connection refused") {
        Some("服务器拒绝连接：数据库未运行，或地址、端口不对")
    } else if lower.contains("timed out") || lower.contains("timeout") {
        Some("连接超时：服务器无响应，或网络、防火墙阻断了连接")
    } else if lower.contains("failed to lookup address")
        || lower.contains("name or service not known")
        || lower.contains("temporary failure in name resolution")
    {
        Some("找不到该主机名")
    } else {
        None
    };
    Text {
        zh_cn: match zh_cause {
            Some(cause) => format!("{cause}（{detail}）"),
            None => detail.clone(),
        },
        en: detail,
    }
}

/// A connection failure in plain words (the wrong password, no server, a
/// certificate that does not check out, no such database).
pub(crate) fn connect_error(address: &TeamAddress, e: postgres::Error) -> TeamError {
    let both = |en: String, zh_cn: String| Text { en, zh_cn };
    let reason = if let Some(db) = e.as_db_error() {
        match *db.code() {
            SqlState::INVALID_PASSWORD => both(
                format!(
                    "the server refused the password of {} (it comes from PGPASSWORD, ~/.pgpass or the system keyring)",
                    address.user
                ),
                format!(
                    "服务器拒绝了 {} 的密码（密码来自 PGPASSWORD、~/.pgpass 或系统钥匙串）",
                    address.user
                ),
            ),
            SqlState::INVALID_CATALOG_NAME => both(
                format!("the server has no database named {}", address.dbname),
                format!("服务器上没有名为 {} 的数据库", address.dbname),
            ),
            // The server's own sentence (in the server's language).
            _ => both(db.message().to_string(), db.message().to_string()),
        }
    } else {
        let text = full_error(&e);
        if text.contains("password missing") {
            both(
                format!("the server asks for {}'s password: put it in ~/.pgpass (mode 0600) or PGPASSFILE, or keep it in the system keyring (`assay team password remember`, or \"Remember the password\" in the app) — see docs/team.md", address.user),
                format!("服务器要求 {} 的密码：请将其写入 ~/.pgpass（权限 0600）或 PGPASSFILE 指定的文件，或保存在系统钥匙串中（`assay team password remember`，或应用中的“记住密码”）——参见 docs/team.md", address.user),
            )
        } else if text.contains("IP address mismatch") || text.contains("hostname mismatch") {
            both(
                format!(
                    "the server's TLS certificate does not name {} (sslmode=verify-full checks the name): connect by the name on the certificate",
                    address.host
                ),
                format!(
                    "服务器的 TLS 证书中没有 {}（sslmode=verify-full 会核对名称）：请使用证书上的名称连接",
                    address.host
                ),
            )
        } else if text.contains("certificate verify failed") {
            let ca = address
                .root_cert
                .as_deref()
                .map(|p| p.display().to_string())
                .unwrap_or_default();
            let mode = address.tls.as_str();
            both(
                format!(
                    "the server's TLS certificate is not signed by the CA in {ca} (sslmode={mode}): check sslrootcert, or ask the database's administrator for the CA certificate"
                ),
                format!(
                    "服务器的 TLS 证书并非由 {ca} 中的 CA 签发（sslmode={mode}）：请检查 sslrootcert，或向数据库管理员索取 CA 证书"
                ),
            )
        } else if text.contains("server does not support TLS") {
            let mode = address.tls.as_str();
            both(
                format!("the server does not offer TLS, and sslmode={mode} requires it"),
                format!("服务器不提供 TLS，而 sslmode={mode} 要求使用 TLS"),
            )
        } else {
            not_connected(text)
        }
    };
    TeamError::Connect {
        target: address.shown(),
        reason,
    }
}

/// An error and its sources on one line.
pub(crate) fn full_error(e: &(dyn std::error::Error + 'static)) -> String {
    let mut text = e.to_string();
    let mut source = e.source();
    while let Some(s) = source {
        let part = s.to_string();
        if !text.contains(&part) {
            text.push_str(": ");
            text.push_str(&part);
        }
        source = s.source();
    }
    text
}

/// What the database's refusal means for the user, in both languages.
pub fn explain(user: &str, e: &postgres::Error) -> TeamError {
    let Some(db) = e.as_db_error() else {
        return TeamError::Database(full_error(e));
    };
    let message = db.message();
    match db.code().code() {
        "AS001" => TeamError::AppendOnly {
            text: Text {
                en: format!("{message} (it is the record auditors rely on)"),
                zh_cn: format!(
                    "{} 只能追加：其中的记录不能修改或删除（审计依赖这些记录）",
                    table_label_zh(message)
                ),
            },
        },
        "AS002" => TeamError::Frozen {
            text: Text {
                en: message.to_string(),
                zh_cn: format!(
                    "该评估已签署确认，已冻结，不能再修改（管理员可以重新打开）：{message}"
                ),
            },
        },
        "AS005" => match db
            .detail()
            .and_then(|d| serde_json::from_str::<SaveConflict>(d).ok())
        {
            Some(conflict) => TeamError::Conflict {
                conflict: Box::new(conflict),
            },
            None => TeamError::Database(message.to_string()),
        },
        "AS006" => TeamError::Forbidden {
            text: Text {
                en: format!("{message}: a save that does not say so could overwrite someone else's change unseen"),
                zh_cn: format!("保存答案时必须说明所依据的版本（based_on），否则可能在不知情的情况下覆盖他人的修改：{message}"),
            },
        },
        "AS003" | "AS004" => TeamError::Forbidden {
            text: Text {
                en: message.to_string(),
                zh_cn: sign_off_refusal_zh(message),
            },
        },
        "42501" => {
            let en = if message.contains("row-level security") {
                format!("{user} is not a member of this evaluation: only its members (and administrators) change it — an administrator adds members (docs/team.md)")
            } else if message.starts_with("only an") {
                message.to_string()
            } else {
                format!("{user}'s database role does not allow this ({message}): an administrator grants roles (docs/team.md)")
            };
            let zh_cn = if message.contains("row-level security") {
                format!("{user} 不是该评估的成员：只有成员（和管理员）可以修改它——请管理员添加成员（见 docs/team.md）")
            } else {
                format!("{user} 的数据库角色不允许此操作（{message}）：角色由管理员授予（见 docs/team.md）")
            };
            TeamError::Forbidden {
                text: Text { en, zh_cn },
            }
        }
        _ => TeamError::Database(match db.detail() {
            Some(detail) => format!("{message} ({detail})"),
            None => message.to_string(),
        }),
    }
}

fn table_label_zh(message: &str) -> &'static str {
    if message.starts_with("audit_log") {
        "审计日志"
    } else if message.starts_with("report_export") {
        "报告导出记录"
    } else {
        "变更记录"
    }
}

/// A change another session committed, as announced on `assay_changes`.
#[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize)]
pub struct TeamChange {
    /// The evaluation it belongs to (none for a change outside one).
    pub evaluation: Option<i64>,
    /// Who made it (the database's name).
    pub who: String,
}

/// Where a database's team schema stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum SchemaState {
    /// No schema "assay": an administrator runs the migrations.
    Missing,
    /// A schema "assay" without Assay's version table.
    Foreign,
    /// At this version (equal to, older or newer than this build's).
    At { version: i32 },
}

/// Who the session is and what the database holds, for `assay team status`.
#[derive(Debug, Clone, serde::Serialize)]
pub struct TeamStatus {
    /// `user@host:port/dbname`.
    pub target: String,
    /// The database's `session_user`: the name the audit log records.
    pub user: String,
    pub roles: Vec<TeamRole>,
    pub superuser: bool,
    pub schema: SchemaState,
    pub known_version: i32,
    /// Whether the session is encrypted, and how the server was checked.
    pub tls: bool,
    pub tls_mode: &'static str,
    pub server_version: String,
}

/// The outcome of [`migrate`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Migrated {
    pub from: i32,
    pub to: i32,
}

/// An open session on a team database whose schema this build knows.
pub struct TeamDb {
    pub(crate) client: postgres::Client,
    address: TeamAddress,
    user: String,
    /// The password given to [`TeamDb::open_with`], kept in memory only, to
    /// reconnect after the connection was lost.
    password: Option<String>,
    /// Whether this session listens on `assay_changes` (again after a reconnect).
    listening: bool,
}

/// What a listening session hears ([`TeamDb::next_notice`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TeamNotice {
    /// Another session committed a change.
    Changed(TeamChange),
    /// The connection was lost and is back: changes made meanwhile were not
    /// heard, so whatever is shown must be read again.
    Reconnected,
}

impl TeamDb {
    /// Connects and checks the schema: missing, foreign, older or newer are
    /// refused with what to do, and nothing is written.
    pub fn open(url: &str) -> Result<TeamDb, TeamError> {
        Self::open_with(url, None)
    }

    /// [`TeamDb::open`] with the password given (the app's, from the OS
    /// keyring or typed) instead of looked up in PGPASSWORD or ~/.pgpass.
    pub fn open_with(url: &str, password: Option<&str>) -> Result<TeamDb, TeamError> {
        let address = TeamAddress::parse(url)?;
        let (client, user) = Self::session(&address, password)?;
        Ok(TeamDb {
            client,
            address,
            user,
            password: password.map(str::to_string),
            listening: false,
        })
    }

    /// A checked session: the schema is this build's, the search path Assay's.
    fn session(
        address: &TeamAddress,
        password: Option<&str>,
    ) -> Result<(postgres::Client, String), TeamError> {
        let mut client = address.connect_with(password)?;
        let target = address.shown();
        match schema_state(&mut client)? {
            SchemaState::Missing => return Err(TeamError::NotSetUp { target }),
            SchemaState::Foreign => return Err(TeamError::NotAssay { target }),
            SchemaState::At { version } if version > TEAM_SCHEMA_VERSION => {
                return Err(TeamError::TooNew {
                    target,
                    found: version,
                    known: TEAM_SCHEMA_VERSION,
                })
            }
            SchemaState::At { version } if version < TEAM_SCHEMA_VERSION => {
                return Err(TeamError::NeedsMigration {
                    target,
                    found: version,
                    known: TEAM_SCHEMA_VERSION,
                })
            }
            SchemaState::At { .. } => {}
        }
        client
            .batch_execute("SET search_path = assay, pg_catalog")
            .map_err(db_error)?;
        let user = session_user(&mut client)?;
        Ok((client, user))
    }

    /// The Assay roles this session's user holds.
    pub fn roles(&mut self) -> Result<Vec<TeamRole>, TeamError> {
        roles_held(&mut self.client)
    }

    /// Whether the connection is known to be lost (a failed query says so).
    pub fn is_closed(&self) -> bool {
        self.client.is_closed()
    }

    /// The database's name for this session's user.
    pub fn user(&self) -> &str {
        &self.user
    }

    pub fn address(&self) -> &TeamAddress {
        &self.address
    }

    /// Asks the database to announce other sessions' changes to this one
    /// (LISTEN on channel `assay_changes`; see [`TeamDb::next_notice`]).
    pub fn listen(&mut self) -> Result<(), TeamError> {
        self.client
            .batch_execute("LISTEN assay_changes")
            .map_err(db_error)?;
        self.listening = true;
        Ok(())
    }

    /// What the listening session hears next, waiting at most `wait`: a
    /// change, or — when the connection was lost (the server restarted, the
    /// network dropped) — a new session, listening again, reported as
    /// [`TeamNotice::Reconnected`] because changes made meanwhile were missed.
    /// While the server cannot be reached: [`TeamError::ConnectionLost`]; the
    /// next call tries again.
    pub fn next_notice(
        &mut self,
        wait: std::time::Duration,
    ) -> Result<Option<TeamNotice>, TeamError> {
        use fallible_iterator::FallibleIterator;
        if !self.client.is_closed() {
            // The payload is copied out so the borrow of the client ends here.
            let heard = {
                let mut notifications = self.client.notifications();
                let mut waiting = notifications.timeout_iter(wait);
                waiting.next().map(|n| n.map(|n| n.payload().to_owned()))
            };
            match heard {
                Ok(None) => return Ok(None),
                Ok(Some(payload)) => {
                    return serde_json::from_str(&payload)
                        .map(|c| Some(TeamNotice::Changed(c)))
                        .map_err(|e| TeamError::Unreadable {
                            text: Text {
                                en: format!("a change notice that does not read: {e}"),
                                zh_cn: format!("一条无法读取的变更通知：{e}"),
                            },
                        })
                }
                // A lost connection (closed, an I/O error, or the server
                // shutting down: SQLSTATE class 57) is handled below; another
                // error is the database's.
                Err(e) if !self.client.is_closed() && !connection_gone(&e) => {
                    return Err(db_error(e))
                }
                Err(_) => {}
            }
        }
        self.reconnect()?;
        Ok(Some(TeamNotice::Reconnected))
    }

    /// A new session in place of a lost one (listening again if this one was).
    pub fn reconnect(&mut self) -> Result<(), TeamError> {
        let lost = |e: TeamError| TeamError::ConnectionLost {
            target: self.address.shown(),
            reason: e.text(),
        };
        let (client, user) =
            Self::session(&self.address, self.password.as_deref()).map_err(lost)?;
        self.client = client;
        self.user = user;
        if self.listening {
            self.listen()?;
        }
        Ok(())
    }

    /// An approver signs evaluation `id` off: the database then refuses
    /// every change to it until an administrator reopens it.
    pub fn sign_off(&mut self, id: i64) -> Result<(), TeamError> {
        self.client
            .execute("SELECT assay.sign_off($1)", &[&id])
            .map(drop)
            .map_err(|e| explain(&self.user, &e))
    }

    /// An administrator reopens a signed-off evaluation.
    pub fn reopen(&mut self, id: i64) -> Result<(), TeamError> {
        self.client
            .execute("SELECT assay.reopen($1)", &[&id])
            .map(drop)
            .map_err(|e| explain(&self.user, &e))
    }

    /// An administrator gives database user `user` an Assay role (the
    /// database refuses unless the session may grant it).
    pub fn grant(&mut self, user: &str, role: TeamRole) -> Result<(), TeamError> {
        self.require_login_user(user)?;
        let sql: String = self
            .client
            .query_one(
                "SELECT format('GRANT %I TO %I', $1::text, $2::text)",
                &[&role.role_name(), &user],
            )
            .map_err(db_error)?
            .get(0);
        self.client.batch_execute(&sql).map_err(|e| match e.code() {
            Some(&SqlState::INSUFFICIENT_PRIVILEGE) => TeamError::Forbidden {
                text: Text {
                    en: format!("{} may not grant the role {}: an administrator with the right to manage roles does (docs/team.md)", self.user, role.role_name()),
                    zh_cn: format!("{} 无权授予角色 {}：需由有权管理角色的管理员授予（见 docs/team.md）", self.user, role.role_name()),
                },
            },
            _ => explain(&self.user, &e),
        })
    }

    fn require_login_user(&mut self, user: &str) -> Result<(), TeamError> {
        let exists: bool = self
            .client
            .query_one(
                "SELECT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = $1 AND rolcanlogin)",
                &[&user],
            )
            .map_err(db_error)?
            .get(0);
        if exists {
            return Ok(());
        }
        Err(TeamError::Forbidden {
            text: Text {
                en: format!("the database has no user named {user} who can log in (an administrator creates it: CREATE ROLE {user} LOGIN; docs/team.md)"),
                zh_cn: format!("数据库中没有可登录的用户 {user}（由管理员创建：CREATE ROLE {user} LOGIN；见 docs/team.md）"),
            },
        })
    }

    /// The team's evaluations (every Assay role reads them all), with what
    /// the session may do to each: the ids `sign-off`, `pull` and
    /// `add-member` take.
    pub fn evaluations(&mut self) -> Result<Vec<TeamEvaluation>, TeamError> {
        let rows = self
            .client
            .query(
                "SELECT e.id, e.name, e.as_of,
                        (SELECT count(*) FROM vendor v WHERE v.evaluation_id = e.id),
                        (SELECT count(*) FROM answer a JOIN vendor v ON v.id = a.vendor_id
                          WHERE v.evaluation_id = e.id),
                        ARRAY(SELECT m.member FROM evaluation_member m
                               WHERE m.evaluation_id = e.id ORDER BY m.member),
                        e.signed_off_by,
                        to_char(e.signed_off_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI \"UTC\"'),
                        may_edit(e.id)
                   FROM evaluation e ORDER BY e.id",
                &[],
            )
            .map_err(|e| explain(&self.user, &e))?;
        Ok(rows
            .iter()
            .map(|r| TeamEvaluation {
                id: r.get(0),
                name: r.get(1),
                as_of: r.get(2),
                vendors: r.get(3),
                answers: r.get(4),
                members: r.get(5),
                signed_off: r.get::<_, Option<String>>(6).map(|by| SignOff {
                    by,
                    at: r.get::<_, Option<String>>(7).unwrap_or_default(),
                }),
                you_may_edit: r.get::<_, bool>(8) && r.get::<_, Option<String>>(6).is_none(),
            })
            .collect())
    }

    /// Whether this session may record report exports (evaluators,
    /// approvers and administrators may; viewers may not): asked before a
    /// report is written, so a refused record does not leave an unrecorded file.
    pub fn may_record_exports(&mut self) -> Result<bool, TeamError> {
        Ok(self
            .client
            .query_one(
                "SELECT has_table_privilege('assay.report_export', 'INSERT')",
                &[],
            )
            .map_err(db_error)?
            .get(0))
    }

    /// Records that a report of team evaluation `export.evaluation_id` was
    /// written; the database stamps who (its `session_user`).
    pub fn record_export(&mut self, export: &NewExport<'_>) -> Result<(), TeamError> {
        let written = self
            .client
            .execute(
                "INSERT INTO report_export (evaluation_id, evaluation_name, fingerprint, lang,
                                            generated_at, exported_at, signed_by)
                 SELECT id, name, $2, $3, $4, $5, $6 FROM evaluation WHERE id = $1",
                &[
                    &export.evaluation_id,
                    &export.fingerprint,
                    &export.lang,
                    &export.generated_at,
                    &crate::store::now_utc(),
                    &export.signed_by,
                ],
            )
            .map_err(|e| explain(&self.user, &e))?;
        if written == 0 {
            return Err(no_evaluation(export.evaluation_id));
        }
        Ok(())
    }

    /// The exports of reports with this fingerprint, oldest first.
    pub fn exports_with_fingerprint(
        &mut self,
        fingerprint: &str,
    ) -> Result<Vec<ExportRecord>, TeamError> {
        let rows = self
            .client
            .query(
                "SELECT evaluation_id, evaluation_name, fingerprint, lang, generated_at,
                        exported_at, exported_by, signed_by
                   FROM report_export WHERE fingerprint = $1 ORDER BY id",
                &[&fingerprint],
            )
            .map_err(|e| explain(&self.user, &e))?;
        Ok(rows
            .iter()
            .map(|r| ExportRecord {
                evaluation_id: r.get(0),
                evaluation_name: r.get(1),
                fingerprint: r.get(2),
                lang: r.get(3),
                generated_at: r.get(4),
                exported_at: r.get(5),
                exported_by: r.get(6),
                signed_by: r.get(7),
            })
            .collect())
    }

    /// An administrator makes `member` (a database user) a member of
    /// evaluation `id`, so they may change it.
    pub fn add_member(&mut self, id: i64, member: &str) -> Result<(), TeamError> {
        self.require_login_user(member)?;
        self.client
            .execute(
                "INSERT INTO evaluation_member (evaluation_id, member) VALUES ($1, $2) ON CONFLICT DO NOTHING",
                &[&id, &member],
            )
            .map(drop)
            .map_err(|e| match e.code() {
                Some(&SqlState::FOREIGN_KEY_VIOLATION) => no_evaluation(id),
                _ => explain(&self.user, &e),
            })
    }
}

fn no_evaluation(id: i64) -> TeamError {
    TeamError::Forbidden {
        text: Text {
            en: format!("there is no evaluation with id {id}"),
            zh_cn: format!("没有 id 为 {id} 的评估"),
        },
    }
}

/// Whether `e` means the session's connection is gone (rather than a
/// statement refused): closed, an I/O error, or the server shutting down.
fn connection_gone(e: &postgres::Error) -> bool {
    e.is_closed()
        || match e.as_db_error() {
            Some(db) => db.code().code().starts_with("57P"),
            None => true,
        }
}

fn db_error(e: postgres::Error) -> TeamError {
    TeamError::Database(full_error(&e))
}

fn session_user(client: &mut postgres::Client) -> Result<String, TeamError> {
    Ok(client
        .query_one("SELECT session_user::text", &[])
        .map_err(db_error)?
        .get(0))
}

fn schema_state(client: &mut impl postgres::GenericClient) -> Result<SchemaState, TeamError> {
    let row = client
        .query_one(
            "SELECT to_regnamespace('assay') IS NOT NULL, to_regclass('assay.assay_schema') IS NOT NULL",
            &[],
        )
        .map_err(db_error)?;
    let (has_schema, has_version): (bool, bool) = (row.get(0), row.get(1));
    if !has_schema {
        return Ok(SchemaState::Missing);
    }
    if !has_version {
        return Ok(SchemaState::Foreign);
    }
    let version: Option<i32> = client
        .query_one("SELECT max(version) FROM assay.assay_schema", &[])
        .map_err(db_error)?
        .get(0);
    Ok(SchemaState::At {
        version: version.unwrap_or(0),
    })
}

/// Who the session is, its roles, the schema's version and the connection's
/// protection; works on a database without Assay's schema too.
pub fn status(url: &str) -> Result<TeamStatus, TeamError> {
    let address = TeamAddress::parse(url)?;
    let mut client = address.connect()?;
    let schema = schema_state(&mut client)?;
    let user = session_user(&mut client)?;
    let row = client
        .query_one(
            "SELECT r.rolsuper, current_setting('server_version'),
                    COALESCE((SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()), false)
             FROM pg_roles r WHERE r.rolname = session_user",
            &[],
        )
        .map_err(db_error)?;
    let roles = roles_held(&mut client)?;
    Ok(TeamStatus {
        target: address.shown(),
        user,
        roles,
        superuser: row.get(0),
        schema,
        known_version: TEAM_SCHEMA_VERSION,
        tls: row.get(2),
        tls_mode: address.tls.as_str(),
        server_version: row.get(1),
    })
}

/// The Assay roles the session's user holds.
fn roles_held(client: &mut postgres::Client) -> Result<Vec<TeamRole>, TeamError> {
    let mut roles = Vec::new();
    for role in TEAM_ROLES {
        let held: bool = client
            .query_one(
                "SELECT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = $1) AND pg_has_role(session_user, $1, 'MEMBER')",
                &[&role.role_name()],
            )
            .map_err(db_error)?
            .get(0);
        if held {
            roles.push(role);
        }
    }
    Ok(roles)
}

/// Brings the team schema to this build's version: the administrator's
/// command. One transaction under an advisory lock (two administrators
/// migrating at once: the second waits, then finds nothing to do); a newer or
/// foreign schema is refused untouched.
pub fn migrate(url: &str) -> Result<Migrated, TeamError> {
    let address = TeamAddress::parse(url)?;
    let mut client = address.connect()?;
    let target = address.shown();
    let user = session_user(&mut client)?;
    let mut tx = client.transaction().map_err(db_error)?;
    // 0x4153_5359 = "ASSY", Assay's application id.
    tx.execute("SELECT pg_advisory_xact_lock(1095979865)", &[])
        .map_err(db_error)?;
    let from = match schema_state(&mut tx)? {
        SchemaState::Foreign => return Err(TeamError::NotAssay { target }),
        SchemaState::At { version } if version > TEAM_SCHEMA_VERSION => {
            return Err(TeamError::TooNew {
                target,
                found: version,
                known: TEAM_SCHEMA_VERSION,
            })
        }
        SchemaState::At { version } => version,
        SchemaState::Missing => {
            tx.batch_execute("CREATE SCHEMA assay")
                .map_err(|e| not_administrator(&user, &e))?;
            0
        }
    };
    if from == TEAM_SCHEMA_VERSION {
        return Ok(Migrated { from, to: from });
    }
    tx.batch_execute("SET LOCAL search_path = assay, pg_catalog")
        .map_err(db_error)?;
    for (i, sql) in TEAM_MIGRATIONS.iter().enumerate().skip(from as usize) {
        let version = i as i32 + 1;
        tx.batch_execute(sql).map_err(|e| match e.code() {
            Some(&SqlState::INSUFFICIENT_PRIVILEGE) => not_administrator(&user, &e),
            _ => {
                let detail = full_error(&e);
                TeamError::Unreadable {
                    text: Text {
                        en: format!("upgrading the team schema to version {version} failed: {detail}; nothing was changed"),
                        zh_cn: format!("将团队架构升级到版本 {version} 失败：{detail}；未作任何更改"),
                    },
                }
            }
        })?;
        tx.execute(
            "INSERT INTO assay_schema (version) VALUES ($1)",
            &[&version],
        )
        .map_err(db_error)?;
    }
    tx.commit().map_err(db_error)?;
    Ok(Migrated {
        from,
        to: TEAM_SCHEMA_VERSION,
    })
}

fn not_administrator(user: &str, e: &postgres::Error) -> TeamError {
    TeamError::NotAdministrator {
        user: user.to_string(),
        detail: e
            .as_db_error()
            .map(|d| d.message().to_string())
            .unwrap_or_else(|| full_error(e)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every sign-off refusal the schema raises (AS003, AS004) has its
    /// Chinese sentence: read from the migrations themselves, so a new or
    /// reworded one is caught here.
    #[test]
    fn every_sign_off_refusal_of_the_schema_reads_in_chinese() {
        let mut seen = 0;
        for sql in TEAM_MIGRATIONS {
            for raise in sql.split("RAISE EXCEPTION '").skip(1) {
                let Some((message, after)) = raise.split_once('\'') else {
                    continue;
                };
                let code = after.split("ERRCODE = '").nth(1).unwrap_or("");
                if !(code.starts_with("AS003") || code.starts_with("AS004")) {
                    continue;
                }
                let message = message.replace('%', "12");
                let zh = sign_off_refusal_zh(&message);
                assert!(zh != message, "no Chinese for: {message}");
                seen += 1;
            }
        }
        assert!(seen >= 3, "{seen} refusals found");
    }
}
