//! Team database passwords kept in the operating system's keyring (the
//! Secret Service — GNOME Keyring, KWallet — on Linux, the Keychain on macOS,
//! the Credential Manager on Windows), for people who would rather not keep a
//! password file. Never in Assay's own files: the app remembers the address
//! beside the local database, the keyring the password.
//!
//! An entry is named by the database it opens (`user@host:port/dbname`), so
//! one password never goes to another server. It is read after `PGPASSWORD`
//! and the password file, as one more place libpq does not know.

use super::connect::TeamAddress;
use super::TeamError;
use crate::Text;

/// The keyring's service name for every entry Assay writes.
const SERVICE: &str = "Assay team database";

fn failed(what: (&str, &str), e: ::keyring::Error) -> TeamError {
    TeamError::Keyring {
        what: Text {
            en: what.0.to_string(),
            zh_cn: what.1.to_string(),
        },
        detail: e.to_string(),
    }
}

fn entry(address: &TeamAddress) -> Result<::keyring::Entry, TeamError> {
    ::keyring::Entry::new(SERVICE, &address.shown())
        .map_err(|e| failed(("cannot be opened", "无法打开"), e))
}

/// Keeps `password` for `address`, replacing one kept before.
pub fn remember(address: &TeamAddress, password: &str) -> Result<(), TeamError> {
    entry(address)?
        .set_password(password)
        .map_err(|e| failed(("did not keep the password", "未能保存密码"), e))
}

/// The password kept for `address`, if any.
pub fn recall(address: &TeamAddress) -> Result<Option<String>, TeamError> {
    match entry(address)?.get_password() {
        Ok(p) => Ok(Some(p)),
        Err(::keyring::Error::NoEntry) => Ok(None),
        Err(e) => Err(failed(("could not be read", "无法读取"), e)),
    }
}

/// Removes the password kept for `address`: whether there was one.
pub fn forget(address: &TeamAddress) -> Result<bool, TeamError> {
    match entry(address)?.delete_credential() {
        Ok(()) => Ok(true),
        Err(::keyring::Error::NoEntry) => Ok(false),
        Err(e) => Err(failed(("did not remove the password", "未能删除密码"), e)),
    }
}
