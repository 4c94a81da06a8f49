//! Consent packets: the chosen forms, filled with the practice profile and the client's details,
//! as one PDF to print and sign in person (docs/DOMAIN.md sections 5 and 6).
//!
//! Every way a packet leaves the vault is here: the private spool (printing) and "Save as",
//! both recorded in the audit trail by client id and form versions, never by name. File names
//! carry the client code only; the PDF metadata is fixed text.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use rusqlite::Connection;

use super::profile::{self, PracticeProfile, ProfileField};
use super::templates::{self, FormVersion};
use super::{ConsentError, FormKind};
use crate::audit::AuditEvent;
use crate::forms::template::{self, Template};
use crate::forms::{self, Document, Footer, Header, Metadata, Span, Spool};
use crate::register::{self, ClientFields, Contact};
use crate::time::{long_date, long_date_of};
use crate::vault::Session;

const METADATA: Metadata =
    Metadata { title: "Forms to sign", subject: "Practice forms", keywords: &["confidant", "forms"] };

/// `forms-C0042-2026-11-27.pdf`: the client code and a date, never a name.
pub fn packet_file_name(client_code: &str, date: NaiveDate) -> String {
    format!("forms-{client_code}-{}.pdf", date.format("%Y-%m-%d"))
}

/// Placeholder values by name; `None` for a name it does not know.
pub type Values<'a> = dyn Fn(&str) -> Option<String> + 'a;

/// The items of a list placeholder (`- {{plan.goals}}`), one bullet each; none for a name it
/// does not know.
pub type Lists<'a> = dyn Fn(&str) -> Vec<Vec<Span>> + 'a;

/// What a form prints beyond the practice's and the client's details: an authorization's terms,
/// a treatment plan.
#[derive(Clone, Copy)]
pub struct Extra<'a> {
    pub values: &'a Values<'a>,
    pub lists: &'a Lists<'a>,
}

fn no_value(_: &str) -> Option<String> {
    None
}

fn no_list(_: &str) -> Vec<Vec<Span>> {
    Vec::new()
}

impl Extra<'_> {
    /// Nothing beyond the practice and the client.
    pub const NONE: Extra<'static> = Extra { values: &no_value, lists: &no_list };
}

/// The details a form is filled with.
struct Filling<'a> {
    profile: &'a PracticeProfile,
    /// Empty for a form printed blank, to hand out.
    client_code: &'a str,
    client: &'a ClientFields,
    today: NaiveDate,
    /// Values of further placeholders (an authorization's, a plan's); none leaves them blank.
    extra: Extra<'a>,
}

impl Filling<'_> {
    fn value(&self, name: &str) -> String {
        if let Some(value) = profile::placeholder_value(self.profile, name) {
            return value;
        }
        if let Some(value) = (self.extra.values)(name) {
            return value;
        }
        let c = self.client;
        match name {
            "client.name" => c.legal_name.clone(),
            "client.preferred_name" if c.preferred_name.trim().is_empty() => c.legal_name.clone(),
            "client.preferred_name" => c.preferred_name.clone(),
            "client.code" => self.client_code.to_owned(),
            "client.date_of_birth" => long_date_of(&c.date_of_birth),
            "client.address" => c.contact.address.clone(),
            "client.contact_preferences" => contact_preferences(&c.contact),
            "today" => long_date(self.today),
            _ => String::new(),
        }
    }

    /// "Ana Lee · C0042" at the foot of every page; nothing on a blank form.
    fn footer_line(&self) -> String {
        if self.client_code.is_empty() {
            return String::new();
        }
        let name = self.client.legal_name.trim();
        if name.is_empty() {
            self.client_code.to_owned()
        } else {
            format!("{name} · {}", self.client_code)
        }
    }

    fn document(&self, version: &FormVersion, template: &Template) -> Document {
        // The version's own date: the day this text took effect (a draft's is today).
        let effective = NaiveDate::parse_from_str(version.created_at.get(..10).unwrap_or_default(), "%Y-%m-%d")
            .unwrap_or(self.today);
        let value = |name: &str| match name {
            "form.effective_date" => long_date(effective),
            _ => self.value(name),
        };
        Document {
            metadata: METADATA,
            paper: self.profile.paper,
            date: self.today,
            header: Header { left: self.profile.practice_name.clone(), right: version.title.clone() },
            footer: Footer {
                form_name: version.title.clone(),
                version: version.version.to_string(),
                content_hash: version.content_hash.clone(),
                client: self.footer_line(),
            },
            blocks: template.fill_lists(&value, self.extra.lists),
        }
    }
}

/// What the register says about reaching her, as the informed consent prints it: "Phone (573)
/// 555-0144: voicemail OK, no texts. Email ana@example.org: no email". Empty when she gave
/// neither.
fn contact_preferences(contact: &Contact) -> String {
    let ok = |yes: bool, what: &str| if yes { format!("{what} OK") } else { format!("no {what}") };
    let mut parts = Vec::new();
    if !contact.phone.trim().is_empty() {
        parts.push(format!(
            "Phone {}: {}, {}",
            contact.phone.trim(),
            ok(contact.voicemail_ok, "voicemail"),
            ok(contact.text_ok, "texts")
        ));
    }
    if !contact.email.trim().is_empty() {
        parts.push(format!("Email {}: {}", contact.email.trim(), ok(contact.email_ok, "email")));
    }
    parts.join(". ")
}

/// The profile fields the current versions of `kinds` print, and whether each is empty.
pub fn profile_fields(conn: &Connection, kinds: &[FormKind]) -> Result<Vec<ProfileField>, ConsentError> {
    let profile = profile::load(conn)?;
    let mut templates = Vec::with_capacity(kinds.len());
    for &kind in kinds {
        templates.push(templates::current_template(conn, kind)?.1);
    }
    Ok(profile::fields_used(&profile, templates.iter().flat_map(Template::placeholders)))
}

/// Refuses to print forms that would leave a line of the practice's own details blank: she is
/// asked for them first (docs/DOMAIN.md section 5, papers a client can sign without questions).
fn check_profile(profile: &PracticeProfile, templates: &[&Template]) -> Result<(), ConsentError> {
    let missing: Vec<ProfileField> = profile::fields_used(profile, templates.iter().flat_map(|t| t.placeholders()))
        .into_iter()
        .filter(|f| f.empty)
        .collect();
    if missing.is_empty() {
        Ok(())
    } else {
        Err(ConsentError::ProfileIncomplete(missing))
    }
}

/// Renders the chosen forms (their current versions) for a client, in the order given, without
/// writing anything anywhere. Returns the PDF and the versions it contains.
pub fn render_packet_for_client(
    conn: &Connection,
    client_id: i64,
    kinds: &[FormKind],
    today: NaiveDate,
) -> Result<(Vec<u8>, Vec<FormVersion>, String), ConsentError> {
    if kinds.is_empty() {
        return Err(forms::FormsError::NothingToPrint.into());
    }
    let client = register::get(conn, client_id)?;
    let profile = profile::load(conn)?;
    let filling =
        Filling { profile: &profile, client_code: &client.code, client: &client.fields, today, extra: Extra::NONE };
    let mut current = Vec::with_capacity(kinds.len());
    for &kind in kinds {
        current.push(templates::current_template(conn, kind)?);
    }
    check_profile(&profile, &current.iter().map(|(_, t)| t).collect::<Vec<_>>())?;
    let documents: Vec<Document> = current.iter().map(|(v, t)| filling.document(v, t)).collect();
    let versions = current.into_iter().map(|(v, _)| v).collect();
    Ok((forms::render_packet(&documents)?, versions, client.code))
}

/// Renders one form for a client with further placeholder values (an authorization's terms, a plan),
/// without writing anything anywhere. Returns the PDF, the version it contains and the code.
pub fn render_form_filled(
    conn: &Connection,
    client_id: i64,
    kind: FormKind,
    today: NaiveDate,
    extra: Extra<'_>,
) -> Result<(Vec<u8>, FormVersion, String), ConsentError> {
    let client = register::get(conn, client_id)?;
    let profile = profile::load(conn)?;
    let filling = Filling { profile: &profile, client_code: &client.code, client: &client.fields, today, extra };
    let (version, template) = templates::current_template(conn, kind)?;
    check_profile(&profile, &[&template])?;
    let pdf = forms::render_pdf(&filling.document(&version, &template))?;
    Ok((pdf, version, client.code))
}

/// Prints one form for a client with further placeholder values (an authorization's terms, a plan):
/// to the private spool and the viewer, audited like a packet.
pub fn print_form_filled(
    session: &Session,
    client_id: i64,
    kind: FormKind,
    today: NaiveDate,
    extra: Extra<'_>,
) -> Result<PathBuf, ConsentError> {
    let (pdf, version, code) = render_form_filled(session.conn(), client_id, kind, today, extra)?;
    let path = Spool::new(session.data_dir().spool())?.write(&packet_file_name(&code, today), &pdf)?;
    session.record(AuditEvent::FormsPrinted, &audit_detail(client_id, std::slice::from_ref(&version)))?;
    forms::open_in_viewer(&path)?;
    Ok(path)
}

fn audit_detail(client_id: i64, versions: &[FormVersion]) -> String {
    format!("client={client_id} forms={}", forms_detail(versions))
}

fn forms_detail(versions: &[FormVersion]) -> String {
    versions.iter().map(|v| format!("{} v{}", v.kind.as_str(), v.version)).collect::<Vec<_>>().join(",")
}

/// Prints a form with no client's details, to hand out (the Notice of Privacy Practices): to
/// the private spool and the viewer, audited without a client.
pub fn print_blank(session: &Session, kind: FormKind, today: NaiveDate) -> Result<PathBuf, ConsentError> {
    let conn = session.conn();
    let profile = profile::load(conn)?;
    let nobody = ClientFields::default();
    let filling = Filling { profile: &profile, client_code: "", client: &nobody, today, extra: Extra::NONE };
    let (version, template) = templates::current_template(conn, kind)?;
    check_profile(&profile, &[&template])?;
    let pdf = forms::render_pdf(&filling.document(&version, &template))?;
    let name = format!("{}-{}.pdf", kind.file_stem(), today.format("%Y-%m-%d"));
    let path = Spool::new(session.data_dir().spool())?.write(&name, &pdf)?;
    session.record(AuditEvent::FormsPrinted, &format!("blank forms={}", forms_detail(&[version])))?;
    forms::open_in_viewer(&path)?;
    Ok(path)
}

/// Writes the packet to the private spool, records it, and opens it in the system viewer.
pub fn print_packet(
    session: &Session,
    client_id: i64,
    kinds: &[FormKind],
    today: NaiveDate,
) -> Result<PathBuf, ConsentError> {
    let (pdf, versions, code) = render_packet_for_client(session.conn(), client_id, kinds, today)?;
    let path = Spool::new(session.data_dir().spool())?.write(&packet_file_name(&code, today), &pdf)?;
    session.record(AuditEvent::FormsPrinted, &audit_detail(client_id, &versions))?;
    forms::open_in_viewer(&path)?;
    Ok(path)
}

/// Writes the packet where the therapist chose (the UI has warned that it is not encrypted).
pub fn save_packet_as(
    session: &Session,
    path: &Path,
    client_id: i64,
    kinds: &[FormKind],
    today: NaiveDate,
) -> Result<(), ConsentError> {
    let (pdf, versions, _) = render_packet_for_client(session.conn(), client_id, kinds, today)?;
    forms::save_as(path, &pdf)?;
    session.record(AuditEvent::FormsSaved, &audit_detail(client_id, &versions))?;
    Ok(())
}

/// The file name a packet is offered under in "Save as".
pub fn suggested_file_name(conn: &Connection, client_id: i64, today: NaiveDate) -> Result<String, ConsentError> {
    Ok(packet_file_name(&register::get(conn, client_id)?.code, today))
}

/// A fictional client, for sample forms and previews.
fn sample_client() -> ClientFields {
    let mut client = ClientFields {
        legal_name: "Jordan Avery Sample".into(),
        preferred_name: "Jordan".into(),
        date_of_birth: "1991-04-12".into(),
        ..ClientFields::default()
    };
    client.contact.address = "27 Harbor View Road, Eureka, CA 95501".into();
    client
}

/// Renders text typed in the editor (not yet saved) with the therapist's profile and a fictional
/// client, to the spool, and opens it: she sees exactly how the form will print.
pub fn preview_form(session: &Session, kind: FormKind, body: &str, today: NaiveDate) -> Result<PathBuf, ConsentError> {
    let parsed = template::parse(body).map_err(ConsentError::Template)?;
    let profile = profile::load(session.conn())?;
    let (current, _) = templates::current(session.conn(), kind)?;
    let draft = FormVersion {
        title: parsed.title.clone(),
        version: current.version + 1,
        content_hash: templates::hash_of(body),
        created_at: String::new(),
        ..current
    };
    let client = sample_client();
    let filling = Filling { profile: &profile, client_code: "C0000", client: &client, today, extra: Extra::NONE };
    let pdf = forms::render_pdf(&filling.document(&draft, &parsed))?;
    let name = format!("preview-{}.pdf", kind.file_stem());
    let path = Spool::new(session.data_dir().spool())?.write(&name, &pdf)?;
    forms::open_in_viewer(&path)?;
    Ok(path)
}

/// Every current form filled with a fictional client, one PDF each (`<stem>.pdf`), for review by
/// the therapist or her lawyer; `sample` fills the forms printed from a record (a fictional
/// treatment plan). With a vault: its current forms and her profile (a fictional practice while
/// her profile is empty); without: the shipped texts and a fictional practice.
pub fn sample_forms(
    conn: Option<&Connection>,
    today: NaiveDate,
    sample: Extra<'_>,
) -> Result<Vec<(String, Vec<u8>)>, ConsentError> {
    let profile = match conn {
        Some(conn) => Some(profile::load(conn)?).filter(|p| !p.practice_name.is_empty()),
        None => None,
    }
    .unwrap_or_else(profile::sample);
    let client = sample_client();
    let filling = Filling { profile: &profile, client_code: "C0000", client: &client, today, extra: sample };
    let mut out = Vec::new();
    for kind in FormKind::ALL {
        let (version, template) = match conn {
            Some(conn) => templates::current_template(conn, kind)?,
            None => default_version(kind)?,
        };
        out.push((format!("{}.pdf", kind.file_stem()), forms::render_pdf(&filling.document(&version, &template))?));
    }
    Ok(out)
}

/// Version 1 as shipped, outside any vault.
fn default_version(kind: FormKind) -> Result<(FormVersion, Template), ConsentError> {
    let body = templates::normalise(kind.default_text());
    let parsed = template::parse(&body).map_err(ConsentError::Template)?;
    Ok((
        FormVersion {
            id: 0,
            kind,
            version: 1,
            title: parsed.title.clone(),
            content_hash: templates::hash_of(&body),
            created_at: String::new(),
        },
        parsed,
    ))
}
