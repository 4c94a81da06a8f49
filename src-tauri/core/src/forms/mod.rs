//! Printed documents: a small layout engine over printpdf ([`layout`], [`pdf`]), the recovery
//! sheet ([`recovery_sheet`]) and the private print spool ([`spool`], docs/DOMAIN.md section 6).
//!
//! Rules every document here follows:
//! - PDF metadata is `&'static str` only ([`Metadata`]), so client data cannot reach it.
//! - Whatever a person typed prints: a character the embedded font lacks comes from a system
//!   font, or prints as a visible placeholder naming its code point, never as nothing and never
//!   as a refusal. Only form templates are held to the embedded font, when they are saved.
//! - Errors are written for the therapist and never quote document text.

pub mod custodian_packet;
mod fonts;
pub mod layout;
pub mod pdf;
pub mod recovery_sheet;
pub mod spool;
pub mod template;

use std::io;

pub use custodian_packet::{render_client_letters, render_custodian_packet, ClientLetter, PacketDetails};
pub use fonts::FontStyle;
pub use layout::{parse_inline, Block, CheckItem, Span};
pub use pdf::{content_hash, render_packet, render_pdf, Document, Footer, Header, Metadata, Paper};
pub use recovery_sheet::render_recovery_sheet;
pub use spool::{open_in_viewer, save_as, Spool};

/// Everything that can go wrong while producing, spooling, saving or opening a document.
///
/// Messages are shown to the therapist as they are: plain words, no document text, no paths.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum FormsError {
    /// The embedded fonts could not be parsed (a broken build).
    #[error("Confidant's document font could not be loaded. Please reinstall Confidant.")]
    FontUnavailable,

    /// One indivisible part of the document (a key, a signature block) is taller than a page.
    #[error("Part of this document is too large to fit on one page.")]
    BlockTooLarge,

    /// printpdf produced no output.
    #[error("The PDF could not be created.")]
    PdfWriteFailed,

    /// A packet with no forms in it.
    #[error("Choose at least one form to print.")]
    NothingToPrint,

    /// The recovery key handed to the sheet is not groups of Crockford base32.
    #[error("The recovery key is not in the expected format, so no sheet was printed.")]
    InvalidRecoveryKey,

    /// A spool file name with a path separator, `..`, a leading dot or an unusual character.
    #[error("That file name cannot be used for a printed document.")]
    InvalidFileName,

    /// The spool folder is a link, not a folder, or its permissions cannot be made owner-only.
    #[error(
        "Confidant's private print folder is not safe to use (it is not a plain folder that only \
         you can open), so nothing was printed."
    )]
    SpoolNotPrivate,

    /// Reading or writing the private print folder failed.
    #[error("Confidant could not use its private print folder: {0}")]
    Spool(#[source] io::Error),

    /// "Save as" failed; nothing partial was left behind.
    #[error("The file could not be saved there: {0}. Nothing was written.")]
    SaveFailed(#[source] io::Error),

    /// The viewer program could not be started at all.
    #[error("No PDF viewer could be started ({0}). The document is ready to open by hand.")]
    ViewerUnavailable(#[source] io::Error),

    /// The viewer program started but reported failure.
    #[error(
        "The PDF viewer could not open the document (it stopped with status {0}). Is a PDF \
         viewer installed?"
    )]
    ViewerFailed(i32),
}
