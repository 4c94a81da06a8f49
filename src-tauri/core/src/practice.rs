//! Opening the practice: what a vault needs once it is open, above the vault (which knows only
//! its database, its keys and its history) and the forms. Today that is the shipped form texts:
//! version 1 of every form this version of Confidant knows is written in once, so that a vault
//! made by an older version gains the forms added since, and printing never meets a missing form.
//! Every session the app installs passes through [`prepare`] first.

use crate::consent::templates;
use crate::error::VaultError;
use crate::vault::Session;

/// Makes an open vault ready for the practice's work. Cheap when there is nothing to do.
pub fn prepare(session: &Session) -> Result<(), VaultError> {
    templates::seed_defaults(session.conn())
}
