//! Team mode's actions (issue 18): the administrator sets up or upgrades the
//! schema, grants roles and members; an approver signs an evaluation off; anyone
//! checks who they are to the database. The database enforces every rule
//! (roles, row-level security, triggers); these functions only ask and explain.

use crate::store::team::{self, TeamDb};
pub use crate::store::team::{
    is_team_url, without_password, Migrated, Moved, SchemaState, TeamRole, TeamStatus,
    TEAM_SCHEMA_VERSION,
};
use crate::store::{Result, StoreError};

/// Who the session is, its roles, the schema and the connection's protection.
pub fn status(url: &str) -> Result<TeamStatus> {
    Ok(team::status(url)?)
}

/// Sets up or upgrades the team schema (an administrator's command).
pub fn migrate(url: &str) -> Result<Migrated> {
    Ok(team::migrate(url)?)
}

/// An approver signs evaluation `id` off; it is frozen from then on.
pub fn sign_off(url: &str, id: i64) -> Result<()> {
    Ok(TeamDb::open(url)?.sign_off(id)?)
}

/// An administrator reopens a signed-off evaluation.
pub fn reopen(url: &str, id: i64) -> Result<()> {
    Ok(TeamDb::open(url)?.reopen(id)?)
}

/// An administrator makes database user `member` a member of evaluation `id`.
pub fn add_member(url: &str, id: i64, member: &str) -> Result<()> {
    Ok(TeamDb::open(url)?.add_member(id, member)?)
}

/// An administrator gives database user `user` an Assay role.
pub fn grant(url: &str, user: &str, role: TeamRole) -> Result<()> {
    Ok(TeamDb::open(url)?.grant(user, role)?)
}

/// Pushes the evaluation in a bundle file into the team database as a new
/// evaluation, all or nothing, with its audit history (an evaluator).
pub fn push(url: &str, bundle: &std::path::Path) -> Result<Moved> {
    team::push_bundle(&mut TeamDb::open(url)?, bundle)
}

/// Writes team evaluation `id` to a bundle file for a local database
/// (`assay evaluation import`); refuses an existing file unless `force`.
pub fn pull(url: &str, id: i64, dest: &std::path::Path, force: bool) -> Result<Moved> {
    if dest.exists() && !force {
        return Err(StoreError::invalid_input(
            &dest.display().to_string(),
            "the file exists; add --force to replace it",
        ));
    }
    team::pull_bundle(&mut TeamDb::open(url)?, id, dest)
}

/// A role by the name a user types: viewer, evaluator, approver, admin.
pub fn parse_role(name: &str) -> Result<TeamRole> {
    team::TEAM_ROLES
        .into_iter()
        .find(|r| {
            r.label().en == name
                || r.role_name() == name
                || (name == "admin" && *r == TeamRole::Admin)
        })
        .ok_or_else(|| {
            StoreError::invalid_input(
                "role",
                format!("{name} is not a role: viewer, evaluator, approver or admin"),
            )
        })
}
