//! Confidant's core: everything that is the product, with no Tauri types, tested on its own.
//!
//! Data flows one way: the shell's commands call this crate, this crate talks to SQLCipher.
//! No SQL and no cryptography live anywhere else.

pub mod api;
pub mod audit;
pub mod backup;
pub mod clinical;
pub mod consent;
pub mod demo;
pub mod destruction;
pub mod disclosure;
pub mod error;
mod fault;
pub mod forms;
pub mod hash;
pub mod layers;
pub mod ledger;
pub mod measures;
pub mod money;
pub mod notes;
pub mod passphrase;
pub mod paths;
pub mod practice;
pub mod recovery_sheet;
pub mod register;
mod sample_rng;
pub mod schedule;
pub mod secret;
pub mod settings;
pub mod time;
pub mod today;
pub mod vault;
pub mod verify;
pub mod will;

pub use error::{ApiError, ErrorCode};
