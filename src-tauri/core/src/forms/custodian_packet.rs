//! The professional will's packet for the records custodian (docs/DOMAIN.md section 13): a letter of
//! instruction, the custodian key with the line that opens automatic backups, and templates of
//! the letters to clients. It names the therapist, her custodian and where things are kept,
//! never a client: the vault holds those. The letters to each client that the custodian prints
//! from the vault use the same wording ([`render_client_letters`]).

use chrono::NaiveDate;

use super::layout::Block;
use super::pdf::{content_hash, render_pdf, Document, Footer, Header, Metadata, Paper};
use super::recovery_sheet::{identity_rows, key_groups};
use super::FormsError;
use crate::time::long_date;

/// Bumped whenever the wording below changes.
pub const PACKET_VERSION: &str = "1";

const TITLE: &str = "Professional will: packet for the records custodian";

const METADATA: Metadata = Metadata {
    title: TITLE,
    subject: "Instructions and custodian key for a Confidant vault",
    keywords: &["Confidant", "professional will", "records custodian"],
};

const LETTERS_METADATA: Metadata =
    Metadata { title: "Letters to clients", subject: "Letters from the records custodian", keywords: &["Confidant"] };

/// What the packet says about the practice and the custodian, from Settings → Professional will
/// and the practice profile. Nothing about any client.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct PacketDetails {
    pub therapist_name: String,
    pub practice_name: String,
    pub practice_phone: String,
    pub custodian_name: String,
    pub custodian_license: String,
    pub custodian_contact: String,
    pub laptop_location: String,
    pub backups_location: String,
    pub board_name: String,
    pub board_contact: String,
    pub years_after_last_service: u32,
    pub years_after_majority: u32,
}

const FIRST_STEPS: [&str; 5] = [
    "Keep this packet locked away until it is needed. **Anyone who has the custodian key and a copy of the \
     vault can read every record.**",
    "When you learn that I have died or cannot practise, cancel my upcoming appointments and let my clients \
     know within days, not weeks: the vault lists each client with how they agreed to be contacted.",
    "Send each client the letter below (Confidant prints one for each client, or all of them at once), \
     and offer a referral and a copy of their record.",
    "Keep the records for as long as the retention periods below require, then destroy them securely.",
    "Notify my licensing board and my malpractice insurer if my state requires it.",
];

const INSTALL: &str = "Confidant runs on a Debian or Ubuntu computer without any account or internet \
    service. Install it from its .deb package (sudo apt install ./confidant_VERSION_amd64.deb) on the \
    laptop named above, or on another computer to which you copy the vault folder (it holds vault.db \
    and vault.key). Never copy the vault to a cloud drive or email.";

const OPEN_VAULT: &str = "Start Confidant, choose **Open as records custodian** on the unlock screen \
    and type the custodian key below. Confidant says on every screen that the custodian opened the \
    vault, and records each opening. You can read every record, contact clients, print letters, \
    copies of records and releases; you cannot sign, change or delete notes, nor change my passphrase. \
    You may set a passphrase of your own for later openings.";

const OPEN_BACKUPS: &str = "If the laptop is lost or broken, the automatic backups open with the \
    key line below and the standard *age*, *tar* and *sqlite3* tools (on Debian or Ubuntu: sudo \
    apt-get install age sqlite3); Confidant on a new computer restores them too, with the custodian \
    key typed where it asks for the recovery key. Without Confidant, in a private folder holding the \
    backup file, type these three commands:";

/// Typed exactly as printed, as on the recovery sheet.
const COMMANDS: [&str; 3] = [
    "tr -dc A-Z0-9- > key.txt",
    "age -d -i key.txt confidant-auto-DATE.age | tar xf /dev/stdin",
    "sqlite3 vault.sqlite \"SELECT code, legal_name FROM clients\"",
];

const COMMANDS_NOTE: &str = "The first waits for the key: type it as printed (spaces and line \
    breaks do not matter), then Enter and Ctrl+D. DATE is the date in the backup's file name. \
    Delete key.txt and the unpacked files afterwards.";

const REQUESTS: &str = "A client may ask for a copy of her record, or ask that it go to another \
    clinician. In Confidant open the client, then **Release** or **Record copy**: the same checks \
    apply as for me (an authorization for anyone but the client herself; psychotherapy notes only \
    as the law allows), and each release is written in the disclosure ledger. Answer within 30 days.";

const KEY_HEADING: &str = "The custodian key";

const KEY_NOTE: &str = "This key opens the vault in custodian mode. If it is replaced or revoked, \
    this page stops working: ask for the new packet.";

const BACKUP_KEY_HEADING: &str = "The key line for automatic backups";

const LETTER_TEMPLATE_HEADING: &str = "Letter to each client";

/// The letter to a client, with `{client}` and the custodian's own details filled in.
const LETTER_BODY: [&str; 4] = [
    "I am writing on behalf of {therapist}, who is no longer able to continue your care. I am sorry to \
     bring you this news in a letter.",
    "I am the records custodian of {practice}. Your records are kept confidential and securely for the \
     period the law requires. You may ask me for a copy of your record, or ask that it be sent to \
     another clinician of your choice.",
    "If you would like help finding another therapist, I can give you names of colleagues. If you are \
     in crisis, call or text 988, or go to the nearest emergency room.",
    "You can reach me at {contact}.",
];

const REQUEST_TEMPLATE_HEADING: &str = "Answer to a request for records";

const REQUEST_TEMPLATE: &str = "Dear [name], I have received your request of [date] for [a copy of your \
    record / your record to be sent to ...]. As the records custodian of {practice}, I will [send it by \
    (date) / need your signed authorization first, enclosed].";

const PLACEHOLDER: &str = "[Client's name]";

/// The short hash of the packet's wording (not of her details, the keys or the date).
pub fn packet_hash() -> String {
    let mut parts = vec![PACKET_VERSION, TITLE, INSTALL, OPEN_VAULT, OPEN_BACKUPS, COMMANDS_NOTE, REQUESTS];
    parts.extend(FIRST_STEPS);
    parts.extend(COMMANDS);
    parts.extend(LETTER_BODY);
    parts.extend([KEY_NOTE, REQUEST_TEMPLATE]);
    content_hash(&parts)
}

fn fill(text: &str, details: &PacketDetails) -> String {
    text.replace("{therapist}", or(&details.therapist_name, "your therapist"))
        .replace("{practice}", or(&details.practice_name, "the practice"))
        .replace("{contact}", &details.custodian_contact)
}

/// "Sample Counseling LLC (Dr. Jane Sample)", or what of it the practice profile has.
fn whose(details: &PacketDetails) -> String {
    match (details.practice_name.trim(), details.therapist_name.trim()) {
        ("", "") => "my practice".to_owned(),
        (practice, "") => practice.to_owned(),
        ("", therapist) => format!("the practice of {therapist}"),
        (practice, therapist) => format!("{practice} ({therapist})"),
    }
}

/// A practice profile left empty still prints sentences that read well.
fn or<'a>(value: &'a str, otherwise: &'a str) -> &'a str {
    if value.trim().is_empty() {
        otherwise
    } else {
        value
    }
}

/// Whom a letter goes to: the name it greets, the address it is mailed to, and the footer line
/// that brings a loose page back to the right record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClientLetter {
    pub name: String,
    pub address: String,
    pub footer: String,
}

/// A letter to one client as printed blocks; `client` is a name or the packet's placeholder.
fn letter(client: &str, address: &str, details: &PacketDetails, date: NaiveDate) -> Vec<Block> {
    let mut blocks = vec![Block::plain(long_date(date))];
    if !address.trim().is_empty() {
        blocks.push(Block::plain(format!("{client}\n{}", address.trim())));
    }
    blocks.push(Block::plain(format!("Dear {client},")));
    blocks.extend(LETTER_BODY.iter().map(|paragraph| Block::plain(fill(paragraph, details))));
    blocks.push(Block::plain(format!(
        "Sincerely,\n{}, {}\nRecords custodian for {}",
        details.custodian_name,
        details.custodian_license,
        or(&details.therapist_name, or(&details.practice_name, "the practice"))
    )));
    blocks
}

fn document(
    details: &PacketDetails,
    groups: Vec<String>,
    identity: Vec<Vec<String>>,
    date: NaiveDate,
    paper: Paper,
) -> Document {
    let mut blocks = vec![
        Block::heading(1, TITLE),
        Block::note(&format!("Prepared on {}", long_date(date))),
        Block::heading(2, "Letter of instruction"),
        Block::plain(format!(
            "Dear {}, thank you for agreeing to be the records custodian of {}. If I die or am suddenly \
             unable to work, this packet lets you open my records, tell my clients and care for their records.",
            details.custodian_name,
            whose(details)
        )),
        Block::plain(format!(
            "Custodian: {}, {}; {}",
            details.custodian_name, details.custodian_license, details.custodian_contact
        )),
        Block::heading(2, "What to do first"),
        Block::bullets(FIRST_STEPS),
        Block::heading(2, "Where things are kept"),
        Block::plain(format!("The laptop: {}", details.laptop_location)),
        Block::plain(format!("The backups: {}", details.backups_location)),
        Block::heading(2, "Installing Confidant"),
        Block::paragraph(INSTALL),
        Block::heading(2, "Opening the vault"),
        Block::paragraph(OPEN_VAULT),
        Block::heading(2, "How long records must be kept"),
        Block::plain(format!(
            "Keep each record {} years after the client's last session, and for a client who was a minor, at \
             least {} years after her 18th birthday, whichever is later. Confidant shows each client's \
             retention date. Some records may be under a legal hold: Confidant shows those too.",
            details.years_after_last_service, details.years_after_majority
        )),
        Block::heading(2, "Answering a client's request"),
        Block::paragraph(REQUESTS),
        Block::heading(2, "Notifying the licensing board"),
        Block::plain(format!(
            "If my state requires it, notify {}{} that my practice has closed and where my records are kept.",
            or(&details.board_name, "my licensing board"),
            if details.board_contact.is_empty() { String::new() } else { format!(" ({})", details.board_contact) }
        )),
        Block::PageBreak,
        Block::heading(2, KEY_HEADING),
        Block::Key { groups },
        Block::note(KEY_NOTE),
        Block::heading(2, BACKUP_KEY_HEADING),
        Block::note(OPEN_BACKUPS),
        Block::KeyRows(identity),
        Block::Commands(COMMANDS.map(str::to_owned).to_vec()),
        Block::note(COMMANDS_NOTE),
        Block::PageBreak,
        Block::heading(2, LETTER_TEMPLATE_HEADING),
    ];
    blocks.extend(letter(PLACEHOLDER, "[Address]", details, date));
    blocks.push(Block::heading(2, REQUEST_TEMPLATE_HEADING));
    blocks.push(Block::plain(fill(REQUEST_TEMPLATE, details)));
    Document {
        metadata: METADATA,
        paper,
        date,
        header: Header { left: details.practice_name.clone(), right: "Private: keep locked away".to_owned() },
        footer: Footer {
            form_name: TITLE.to_owned(),
            version: PACKET_VERSION.to_owned(),
            content_hash: packet_hash(),
            client: String::new(),
        },
        blocks,
    }
}

/// Renders the custodian packet. `key_grouped` is the custodian key as the vault hands it out;
/// `backup_identity` its age identity (`AGE-SECRET-KEY-1...`) for automatic backups.
pub fn render_custodian_packet(
    details: &PacketDetails,
    key_grouped: &str,
    backup_identity: &str,
    date: NaiveDate,
    paper: Paper,
) -> Result<Vec<u8>, FormsError> {
    let document = document(details, key_groups(key_grouped)?, identity_rows(backup_identity)?, date, paper);
    render_pdf(&document)
}

/// One letter per client, each on its own pages, in one PDF.
pub fn render_client_letters(
    details: &PacketDetails,
    clients: &[ClientLetter],
    date: NaiveDate,
    paper: Paper,
) -> Result<Vec<u8>, FormsError> {
    let documents: Vec<Document> = clients
        .iter()
        .map(|client| Document {
            metadata: LETTERS_METADATA,
            paper,
            date,
            header: Header { left: details.practice_name.clone(), right: "Letter from the records custodian".into() },
            footer: Footer {
                form_name: LETTERS_METADATA.title.to_owned(),
                version: PACKET_VERSION.to_owned(),
                content_hash: packet_hash(),
                client: client.footer.clone(),
            },
            blocks: letter(&client.name, &client.address, details, date),
        })
        .collect();
    super::render_packet(&documents)
}
