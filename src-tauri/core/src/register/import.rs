//! Importing an existing client list from a CSV file: a preview that maps columns to fields and
//! lists every invalid row with its reasons, then an all-or-nothing commit.
//!
//! Formula injection: a mapped cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage
//! return (the characters spreadsheets read as a formula) makes its row invalid, with a reason.
//! The row is refused rather than silently "neutralised" with a leading apostrophe: a formula in a
//! client list means the file is not what she thinks it is, and changing her data behind her
//! back would be worse. She can fix the cell or skip the row. (A phone number may start with
//! `+` followed by a digit: phone numbers are validated to digits and punctuation anyway.)
//! Unmapped columns are never stored, whatever they hold.

use std::collections::{BTreeSet, HashMap};

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::clients::{self, duplicate_key};
use super::text::fold;
use super::validate::{self, ValidDates};
use super::{ClientFields, ClientStatus, PerinatalStatus, RegisterError};
use crate::audit::{self, AuditEvent};
use crate::error::FieldError;
use crate::time::iso;
use crate::vault::Session;

/// Larger files are refused before reading.
pub const MAX_FILE_BYTES: usize = 20 * 1024 * 1024;
/// More client rows than this are refused: a solo practice's list is far smaller, and a file
/// this big is more likely the wrong file.
pub const MAX_ROWS: usize = 10_000;
const SAMPLE_ROWS: usize = 5;
const SAMPLE_CHARS: usize = 200;

/// What a column of the file can become.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ImportField {
    LegalName,
    FirstName,
    LastName,
    PreferredName,
    Alias,
    Pronouns,
    DateOfBirth,
    Phone,
    VoicemailOk,
    TextOk,
    Email,
    EmailOk,
    Address,
    EmergencyName,
    EmergencyRelationship,
    EmergencyPhone,
    TelehealthState,
    TelehealthCity,
    Status,
    IntakeDate,
    LastServiceDate,
    DischargeDate,
    PerinatalStatus,
    DueDate,
    BabyBirthDate,
    Children,
    SupportNotes,
}

impl ImportField {
    /// Header names (folded, without spaces) that propose this field.
    fn synonyms(self) -> &'static [&'static str] {
        match self {
            Self::LegalName => &["legalname", "name", "fullname", "clientname", "client", "patientname"],
            Self::FirstName => &["firstname", "first", "givenname", "fname"],
            Self::LastName => &["lastname", "last", "surname", "familyname", "lname"],
            Self::PreferredName => &["preferredname", "preferred", "nickname", "goesby"],
            Self::Alias => &["alias", "initials"],
            Self::Pronouns => &["pronouns", "pronoun"],
            Self::DateOfBirth => &["dateofbirth", "dob", "birthdate", "birthday", "born"],
            Self::Phone => &["phone", "phonenumber", "mobile", "cell", "cellphone", "telephone", "tel", "mobilephone"],
            Self::VoicemailOk => &["voicemailok", "voicemail", "leavevoicemail", "okvoicemail", "oktoleavevoicemail"],
            Self::TextOk => &["textok", "texts", "text", "sms", "oktotext", "textmessages"],
            Self::Email => &["email", "emailaddress", "mail"],
            Self::EmailOk => &["emailok", "oktoemail", "emailconsent"],
            Self::Address => &["address", "streetaddress", "mailingaddress", "homeaddress"],
            Self::EmergencyName => &["emergencycontact", "emergencyname", "emergencycontactname"],
            Self::EmergencyRelationship => &["emergencyrelationship", "emergencycontactrelationship", "relationship"],
            Self::EmergencyPhone => &["emergencyphone", "emergencycontactphone"],
            Self::TelehealthState => &["state", "telehealthstate", "location"],
            Self::TelehealthCity => &["city", "telehealthcity", "town"],
            Self::Status => &["status", "clientstatus"],
            Self::IntakeDate => &["intakedate", "intake", "startdate", "firstsession", "firstvisit"],
            Self::LastServiceDate => &["lastservicedate", "lastservice", "lastsession", "lastvisit", "lastseen"],
            Self::DischargeDate => &["dischargedate", "discharged", "enddate", "closeddate", "closed"],
            Self::PerinatalStatus => &["perinatalstatus", "perinatal", "pregnancystatus"],
            Self::DueDate => &["duedate", "edd", "estimatedduedate"],
            Self::BabyBirthDate => &["babybirthdate", "babydob", "babysbirthdate", "deliverydate", "babyborn"],
            Self::Children => &["children", "numberofchildren", "kids", "numchildren"],
            Self::SupportNotes => &["notes", "supportnotes", "supportsystem", "support"],
        }
    }

    const ALL: [Self; 27] = [
        Self::LegalName,
        Self::FirstName,
        Self::LastName,
        Self::PreferredName,
        Self::Alias,
        Self::Pronouns,
        Self::DateOfBirth,
        Self::Phone,
        Self::VoicemailOk,
        Self::TextOk,
        Self::Email,
        Self::EmailOk,
        Self::Address,
        Self::EmergencyName,
        Self::EmergencyRelationship,
        Self::EmergencyPhone,
        Self::TelehealthState,
        Self::TelehealthCity,
        Self::Status,
        Self::IntakeDate,
        Self::LastServiceDate,
        Self::DischargeDate,
        Self::PerinatalStatus,
        Self::DueDate,
        Self::BabyBirthDate,
        Self::Children,
        Self::SupportNotes,
    ];

    /// The form field whose validation messages belong to this column.
    fn form_field(self) -> &'static str {
        match self {
            Self::LegalName | Self::FirstName | Self::LastName => "legalName",
            Self::PreferredName => "preferredName",
            Self::Alias => "alias",
            Self::Pronouns => "pronouns",
            Self::DateOfBirth => "dateOfBirth",
            Self::Phone => "contact.phone",
            Self::VoicemailOk => "contact.voicemailOk",
            Self::TextOk => "contact.textOk",
            Self::Email => "contact.email",
            Self::EmailOk => "contact.emailOk",
            Self::Address => "contact.address",
            Self::EmergencyName => "emergencyContact.name",
            Self::EmergencyRelationship => "emergencyContact.relationship",
            Self::EmergencyPhone => "emergencyContact.phone",
            Self::TelehealthState => "telehealthLocation.state",
            Self::TelehealthCity => "telehealthLocation.city",
            Self::Status => "status",
            Self::IntakeDate => "intakeDate",
            Self::LastServiceDate => "lastServiceDate",
            Self::DischargeDate => "dischargeDate",
            Self::PerinatalStatus => "perinatal.status",
            Self::DueDate => "perinatal.dueDate",
            Self::BabyBirthDate => "perinatal.babyBirthDate",
            Self::Children => "perinatal.children",
            Self::SupportNotes => "supportNotes",
        }
    }
}

/// A row that cannot be imported as it is. `row` counts as a spreadsheet does: the header is
/// row 1, the first client row 2 (a quoted line break does not start a new row).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct InvalidRow {
    pub row: u32,
    /// `field` is the column's header in the file (or the form field when no column maps to it).
    pub problems: Vec<FieldError>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ImportPreview {
    /// `utf-8`, `utf-16le`, `utf-16be` or `windows-1252`.
    pub encoding: String,
    /// Set when the file was not UTF-8 and was read another way: check accented names.
    pub encoding_notice: Option<String>,
    pub columns: Vec<String>,
    /// For each column, the field it becomes (none: not imported).
    pub mapping: Vec<Option<ImportField>>,
    /// The first few rows as read, each cell cut to 200 characters, to check the mapping.
    pub sample_rows: Vec<Vec<String>>,
    pub total_rows: u32,
    pub valid_rows: u32,
    pub invalid_rows: Vec<InvalidRow>,
    /// Problems with the mapping itself (e.g. no column for the name); nothing can be imported
    /// until they are solved.
    pub mapping_problems: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ImportOutcome {
    pub imported: u32,
    /// Codes given to the new clients, in file order.
    pub codes: Vec<String>,
}

/// Reads the file, proposes a mapping (or uses `mapping`), and checks every row.
pub fn preview(
    conn: &rusqlite::Connection,
    bytes: &[u8],
    mapping: Option<&[Option<ImportField>]>,
    today: NaiveDate,
) -> Result<ImportPreview, RegisterError> {
    let analysis = analyse(conn, bytes, mapping, today)?;
    let invalid_rows: Vec<InvalidRow> = analysis
        .rows
        .iter()
        .filter_map(|r| match &r.outcome {
            Err(problems) => Some(InvalidRow { row: r.row, problems: problems.clone() }),
            Ok(_) => None,
        })
        .collect();
    let total = analysis.rows.len();
    Ok(ImportPreview {
        encoding: analysis.encoding.into(),
        encoding_notice: analysis.encoding_notice,
        sample_rows: analysis
            .records
            .iter()
            .skip(1)
            .take(SAMPLE_ROWS)
            .map(|r| r.iter().map(|c| c.chars().take(SAMPLE_CHARS).collect()).collect())
            .collect(),
        columns: analysis.columns,
        mapping: analysis.mapping,
        total_rows: count(total),
        valid_rows: count(total - invalid_rows.len()),
        invalid_rows,
        mapping_problems: analysis.mapping_problems,
    })
}

/// Imports every row not in `skip_rows`, all in one transaction, or nothing: refused while any
/// other row is invalid.
pub fn commit(
    session: &mut Session,
    bytes: &[u8],
    mapping: Option<&[Option<ImportField>]>,
    skip_rows: &BTreeSet<u32>,
    today: NaiveDate,
) -> Result<ImportOutcome, RegisterError> {
    let analysis = analyse(session.conn(), bytes, mapping, today)?;
    if let Some(problem) = analysis.mapping_problems.first() {
        return Err(RegisterError::Import(format!("{problem} Nothing was imported.")));
    }
    let rows: Vec<&AnalysedRow> = analysis.rows.iter().filter(|r| !skip_rows.contains(&r.row)).collect();
    let invalid = rows.iter().filter(|r| r.outcome.is_err()).count();
    if invalid > 0 {
        return Err(RegisterError::Import(format!(
            "{} still {} problems: fix {} in the file or skip {}. Nothing was imported.",
            plural(invalid, "row"),
            if invalid == 1 { "has" } else { "have" },
            if invalid == 1 { "it" } else { "them" },
            if invalid == 1 { "it" } else { "them" },
        )));
    }
    if rows.is_empty() {
        return Err(RegisterError::Import("There are no rows to import.".into()));
    }
    let tx = session.conn_mut().transaction()?;
    let mut codes = Vec::with_capacity(rows.len());
    for row in rows {
        let Ok(valid) = &row.outcome else { continue };
        let id = clients::insert(&tx, &valid.fields, &valid.dates, valid.status, valid.discharge_date)?;
        codes.push(format!("C{id:04}"));
    }
    audit::append(&tx, AuditEvent::ClientsImported, &format!("count={}", codes.len()))?;
    tx.commit()?;
    Ok(ImportOutcome { imported: count(codes.len()), codes })
}

/// Why an imported client's last service is set by hand: her sessions are not in the vault.
const IMPORTED: &str = "From the imported client list";

fn count(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}

struct ValidRow {
    fields: ClientFields,
    dates: ValidDates,
    status: ClientStatus,
    discharge_date: Option<NaiveDate>,
}

struct AnalysedRow {
    row: u32,
    outcome: Result<ValidRow, Vec<FieldError>>,
}

struct Analysis {
    encoding: &'static str,
    encoding_notice: Option<String>,
    records: Vec<Vec<String>>,
    columns: Vec<String>,
    mapping: Vec<Option<ImportField>>,
    mapping_problems: Vec<String>,
    rows: Vec<AnalysedRow>,
}

fn analyse(
    conn: &rusqlite::Connection,
    bytes: &[u8],
    mapping: Option<&[Option<ImportField>]>,
    today: NaiveDate,
) -> Result<Analysis, RegisterError> {
    if bytes.len() > MAX_FILE_BYTES {
        return Err(RegisterError::Import(format!(
            "This file is larger than {} MB; a client list is much smaller. Check that it is the right file.",
            MAX_FILE_BYTES / (1024 * 1024)
        )));
    }
    let (text, encoding, encoding_notice) = decode(bytes)?;
    let records = parse_csv(&text, detect_delimiter(&text), MAX_ROWS + 1)?;
    let Some(header) = records.first() else {
        return Err(RegisterError::Import("The file is empty.".into()));
    };
    if records.len() < 2 {
        return Err(RegisterError::Import("The file has a header but no client rows.".into()));
    }
    let columns: Vec<String> = header.iter().map(|h| h.trim().to_string()).collect();
    let mapping: Vec<Option<ImportField>> = match mapping {
        Some(given) if given.len() == columns.len() => given.to_vec(),
        Some(_) => {
            return Err(RegisterError::Import(
                "The column choices do not match the file's columns. Preview the file again.".into(),
            ))
        }
        None => propose_mapping(&columns),
    };
    let mapping_problems = mapping_problems(&mapping);

    let register = existing_duplicates(conn)?;
    let mut seen_in_file: HashMap<String, u32> = HashMap::new();
    let rows = records
        .iter()
        .enumerate()
        .skip(1)
        .map(|(index, record)| {
            let row = count(index + 1);
            let mut outcome = read_row(record, &columns, &mapping, today);
            if let Ok(valid) = &outcome {
                let key = duplicate_key(&valid.fields.legal_name, valid.dates.date_of_birth);
                let column = header_for(&columns, &mapping, ImportField::LegalName, "legalName");
                if let Some(code) = register.get(&key) {
                    outcome = Err(vec![FieldError::new(
                        column,
                        format!("A client with this name and date of birth is already in the register ({code}). Skip this row if she is the same person."),
                    )]);
                } else if let Some(first) = seen_in_file.get(&key) {
                    outcome = Err(vec![FieldError::new(
                        column,
                        format!("Same name and date of birth as row {first}."),
                    )]);
                } else {
                    seen_in_file.insert(key, row);
                }
            }
            AnalysedRow { row, outcome }
        })
        .collect();
    Ok(Analysis { encoding, encoding_notice, records, columns, mapping, mapping_problems, rows })
}

fn existing_duplicates(conn: &rusqlite::Connection) -> Result<HashMap<String, String>, RegisterError> {
    let mut stmt = conn.prepare("SELECT duplicate_key, code FROM clients")?;
    let pairs = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?.collect::<Result<_, _>>()?;
    Ok(pairs)
}

/// Each field at most once, from the first column whose header names it.
fn propose_mapping(columns: &[String]) -> Vec<Option<ImportField>> {
    let mut used = BTreeSet::new();
    columns
        .iter()
        .map(|header| {
            let key: String = fold(header).replace(' ', "");
            let field = ImportField::ALL.into_iter().find(|f| f.synonyms().contains(&key.as_str()))?;
            used.insert(field as u8).then_some(field)
        })
        .collect()
}

fn mapping_problems(mapping: &[Option<ImportField>]) -> Vec<String> {
    let has = |f: ImportField| mapping.contains(&Some(f));
    let mut problems = Vec::new();
    let has_name = has(ImportField::LegalName) || (has(ImportField::FirstName) && has(ImportField::LastName));
    if !has_name {
        problems.push("Choose the column with the client's name (or her first and last name).".to_string());
    }
    if !has(ImportField::DateOfBirth) {
        problems.push("Choose the column with the date of birth: every client needs one.".to_string());
    }
    let mut seen = BTreeSet::new();
    for field in mapping.iter().flatten() {
        if !seen.insert(*field as u8) {
            problems.push("Two columns are mapped to the same field; choose one.".to_string());
            break;
        }
    }
    problems
}

fn header_for(columns: &[String], mapping: &[Option<ImportField>], field: ImportField, fallback: &str) -> String {
    mapping
        .iter()
        .position(|m| *m == Some(field))
        .and_then(|i| columns.get(i))
        .filter(|h| !h.is_empty())
        .cloned()
        .unwrap_or_else(|| fallback.to_string())
}

fn read_row(
    record: &[String],
    columns: &[String],
    mapping: &[Option<ImportField>],
    today: NaiveDate,
) -> Result<ValidRow, Vec<FieldError>> {
    let mut problems: Vec<FieldError> = Vec::new();
    let mut values: HashMap<ImportField, (String, String)> = HashMap::new();
    for (index, field) in mapping.iter().enumerate() {
        let Some(field) = field else { continue };
        let header =
            columns.get(index).filter(|h| !h.is_empty()).cloned().unwrap_or_else(|| format!("column {}", index + 1));
        let cell = record.get(index).map(String::as_str).unwrap_or_default().trim().to_string();
        if let Some(first) = cell.chars().next().filter(|c| "=+-@\t\r".contains(*c)) {
            let phone_plus = matches!(field, ImportField::Phone | ImportField::EmergencyPhone)
                && first == '+'
                && cell.chars().nth(1).is_some_and(|c| c.is_ascii_digit() || c == ' ' || c == '(');
            if !phone_plus {
                problems.push(FieldError::new(
                    header.clone(),
                    format!("Starts with “{first}”, which spreadsheets run as a formula. Fix the cell in the file or skip this row."),
                ));
                continue;
            }
        }
        values.insert(*field, (header, cell));
    }
    let get = |f: ImportField| values.get(&f).map(|(_, v)| v.as_str()).unwrap_or_default().to_string();
    let header_of =
        |f: ImportField| values.get(&f).map(|(h, _)| h.clone()).unwrap_or_else(|| f.form_field().to_string());

    let bool_of = |f: ImportField, problems: &mut Vec<FieldError>| -> bool {
        match yes_no(&get(f)) {
            Some(v) => v,
            None => {
                problems.push(FieldError::new(header_of(f), "Write yes or no."));
                false
            }
        }
    };
    let voicemail_ok = bool_of(ImportField::VoicemailOk, &mut problems);
    let text_ok = bool_of(ImportField::TextOk, &mut problems);
    let email_ok = bool_of(ImportField::EmailOk, &mut problems);

    let date_of = |f: ImportField, problems: &mut Vec<FieldError>| -> String {
        let raw = get(f);
        match import_date(&raw) {
            Ok(Some(date)) => iso(date),
            Ok(None) => String::new(),
            Err(message) => {
                problems.push(FieldError::new(header_of(f), message));
                String::new()
            }
        }
    };
    let date_of_birth = date_of(ImportField::DateOfBirth, &mut problems);
    let intake_date = date_of(ImportField::IntakeDate, &mut problems);
    let last_service_date = date_of(ImportField::LastServiceDate, &mut problems);
    let discharge_raw = date_of(ImportField::DischargeDate, &mut problems);
    let due_date = date_of(ImportField::DueDate, &mut problems);
    let baby_birth_date = date_of(ImportField::BabyBirthDate, &mut problems);

    let status = match fold(&get(ImportField::Status)).as_str() {
        "" | "active" | "current" | "open" | "ongoing" => Some(ClientStatus::Active),
        "prospective" | "waitlist" | "waiting" | "inquiry" | "lead" | "new" => Some(ClientStatus::Prospective),
        "discharged" | "inactive" | "closed" | "former" | "terminated" | "ended" => Some(ClientStatus::Discharged),
        _ => None,
    };
    let Some(status) = status.or_else(|| {
        problems.push(FieldError::new(header_of(ImportField::Status), "Use active, prospective or discharged."));
        None
    }) else {
        return Err(problems);
    };
    let perinatal_status = match fold(&get(ImportField::PerinatalStatus)).as_str() {
        "pregnant" | "expecting" => PerinatalStatus::Pregnant,
        "postpartum" | "post partum" => PerinatalStatus::Postpartum,
        "" | "neither" | "none" | "no" | "n a" | "na" => PerinatalStatus::Neither,
        _ => {
            problems
                .push(FieldError::new(header_of(ImportField::PerinatalStatus), "Use pregnant, postpartum or neither."));
            PerinatalStatus::Neither
        }
    };
    let children = match get(ImportField::Children).as_str() {
        "" => None,
        n => match n.parse::<u32>() {
            Ok(n) => Some(n),
            Err(_) => {
                problems.push(FieldError::new(
                    header_of(ImportField::Children),
                    "Write the number of children as a number.",
                ));
                None
            }
        },
    };
    let legal_name = match get(ImportField::LegalName) {
        name if !name.is_empty() => name,
        _ => [get(ImportField::FirstName), get(ImportField::LastName)].join(" ").trim().to_string(),
    };

    let mut fields = ClientFields {
        legal_name,
        preferred_name: get(ImportField::PreferredName),
        alias: get(ImportField::Alias),
        pronouns: get(ImportField::Pronouns),
        date_of_birth,
        support_notes: get(ImportField::SupportNotes),
        last_service_reason: if last_service_date.is_empty() { String::new() } else { IMPORTED.into() },
        intake_date,
        last_service_date,
        ..Default::default()
    };
    fields.contact.phone = get(ImportField::Phone);
    fields.contact.voicemail_ok = voicemail_ok;
    fields.contact.text_ok = text_ok;
    fields.contact.email = get(ImportField::Email);
    fields.contact.email_ok = email_ok;
    fields.contact.address = get(ImportField::Address);
    fields.emergency_contact.name = get(ImportField::EmergencyName);
    fields.emergency_contact.relationship = get(ImportField::EmergencyRelationship);
    fields.emergency_contact.phone = get(ImportField::EmergencyPhone);
    fields.telehealth_location.state = get(ImportField::TelehealthState);
    fields.telehealth_location.city = get(ImportField::TelehealthCity);
    fields.perinatal.status = perinatal_status;
    fields.perinatal.due_date = due_date;
    fields.perinatal.baby_birth_date = baby_birth_date;
    fields.perinatal.children = children;

    // Validation messages name the form field; here they name the column she sees.
    let column_of: HashMap<&'static str, String> =
        values.iter().map(|(f, (header, _))| (f.form_field(), header.clone())).collect();
    let validated = validate::validate(&fields, today);
    let dates = match validated {
        Ok(dates) => Some(dates),
        Err(found) => {
            for problem in found {
                // A cell already reported (formula, bad date) is not reported twice.
                let field = column_of.get(problem.field.as_str()).cloned().unwrap_or(problem.field);
                if !problems.iter().any(|p| p.field == field) {
                    problems.push(FieldError::new(field, problem.message));
                }
            }
            None
        }
    };
    let discharge_date = NaiveDate::parse_from_str(&discharge_raw, "%Y-%m-%d").ok();
    let discharge_date = match status {
        ClientStatus::Discharged => {
            let date = discharge_date.or_else(|| NaiveDate::parse_from_str(&fields.last_service_date, "%Y-%m-%d").ok());
            match date {
                Some(d) if d > today => {
                    problems.push(FieldError::new(
                        header_of(ImportField::DischargeDate),
                        "The discharge date cannot be in the future.",
                    ));
                    None
                }
                Some(d) => Some(d),
                None => {
                    problems.push(FieldError::new(
                        header_of(ImportField::DischargeDate),
                        "A discharged client needs a discharge date (or a last service date).",
                    ));
                    None
                }
            }
        }
        _ => None,
    };
    match dates {
        Some(dates) if problems.is_empty() => Ok(ValidRow { fields, dates, status, discharge_date }),
        _ => Err(problems),
    }
}

fn yes_no(value: &str) -> Option<bool> {
    match fold(value).as_str() {
        "" | "no" | "n" | "false" | "0" | "not ok" => Some(false),
        "yes" | "y" | "true" | "1" | "x" | "ok" => Some(true),
        _ => None,
    }
}

/// `2024-03-09`, `3/9/2024`, `03/09/2024` or `2024/03/09` (month before day, as in the US).
fn import_date(value: &str) -> Result<Option<NaiveDate>, &'static str> {
    let value = value.trim();
    if value.is_empty() {
        return Ok(None);
    }
    for format in ["%Y-%m-%d", "%m/%d/%Y", "%Y/%m/%d", "%m-%d-%Y"] {
        if let Ok(date) = NaiveDate::parse_from_str(value, format) {
            if date.format("%Y").to_string().len() == 4 && value.contains(&date.format("%Y").to_string()) {
                return Ok(Some(date));
            }
        }
    }
    Err("Write the date as year-month-day (2024-03-09) or month/day/year (3/9/2024), with a four-digit year.")
}

/// The bytes as text: UTF-8 (with or without a BOM), UTF-16 with a BOM, else Windows-1252,
/// which is said plainly so that she checks accented names.
fn decode(bytes: &[u8]) -> Result<(String, &'static str, Option<String>), RegisterError> {
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(RegisterError::Import("The file is empty.".into()));
    }
    if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
        return Err(RegisterError::Import(
            "This is a spreadsheet workbook, not a CSV file. Save it as “CSV UTF-8” and choose that file.".into(),
        ));
    }
    if let Some(rest) = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        return std::str::from_utf8(rest).map(|t| (t.to_string(), "utf-8", None)).map_err(|_| {
            RegisterError::Import("The file says it is UTF-8 but is not. Save it again as “CSV UTF-8”.".into())
        });
    }
    for (bom, encoding, name) in
        [([0xFF, 0xFE], encoding_rs::UTF_16LE, "utf-16le"), ([0xFE, 0xFF], encoding_rs::UTF_16BE, "utf-16be")]
    {
        if let Some(rest) = bytes.strip_prefix(&bom) {
            let (text, had_errors) = encoding.decode_without_bom_handling(rest);
            if had_errors {
                return Err(RegisterError::Import(
                    "The file is damaged (its UTF-16 text does not read). Save it again as “CSV UTF-8”.".into(),
                ));
            }
            return Ok((text.into_owned(), name, None));
        }
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        if text.contains('\0') {
            return Err(RegisterError::Import(
                "This file is not plain text. Save it again as “CSV UTF-8” and choose that file.".into(),
            ));
        }
        return Ok((text.to_string(), "utf-8", None));
    }
    if bytes.contains(&0) {
        return Err(RegisterError::Import(
            "This file is not plain text (or is UTF-16 without a marker). Save it again as “CSV UTF-8”.".into(),
        ));
    }
    let (text, _, _) = encoding_rs::WINDOWS_1252.decode(bytes);
    Ok((
        text.into_owned(),
        "windows-1252",
        Some(
            "The file is not UTF-8; it was read as Windows-1252 (Western European). Check that accented names look right below, or save it again as “CSV UTF-8”."
                .into(),
        ),
    ))
}

/// Comma, semicolon (European spreadsheets) or tab, whichever the header line has most of.
fn detect_delimiter(text: &str) -> char {
    let first = text.lines().next().unwrap_or_default();
    [',', ';', '\t'].into_iter().max_by_key(|d| first.matches(*d).count()).filter(|d| first.contains(*d)).unwrap_or(',')
}

/// RFC 4180: quoted fields may hold delimiters, doubled quotes and line breaks; CRLF or LF ends
/// a record; blank lines are skipped. Refuses more than `max_records` records (without reading
/// on) and a quote that never closes.
fn parse_csv(text: &str, delimiter: char, max_records: usize) -> Result<Vec<Vec<String>>, RegisterError> {
    let mut records: Vec<Vec<String>> = Vec::new();
    let mut record: Vec<String> = Vec::new();
    let mut field = String::new();
    let mut in_quotes = false;
    let mut quoted_field = false;
    let mut chars = text.chars().peekable();
    let finish_record = |record: &mut Vec<String>, records: &mut Vec<Vec<String>>| -> Result<(), RegisterError> {
        let blank = record.iter().all(|f| f.trim().is_empty());
        let taken = std::mem::take(record);
        if !blank {
            if records.len() >= max_records {
                return Err(RegisterError::Import(format!(
                    "This file has more than {MAX_ROWS} client rows. Import it in parts of at most {MAX_ROWS} rows."
                )));
            }
            records.push(taken);
        }
        Ok(())
    };
    while let Some(c) = chars.next() {
        if in_quotes {
            if c == '"' {
                if chars.peek() == Some(&'"') {
                    chars.next();
                    field.push('"');
                } else {
                    in_quotes = false;
                }
            } else {
                field.push(c);
            }
            continue;
        }
        match c {
            '"' if field.is_empty() && !quoted_field => {
                in_quotes = true;
                quoted_field = true;
            }
            c if c == delimiter => {
                record.push(std::mem::take(&mut field));
                quoted_field = false;
            }
            '\r' if chars.peek() == Some(&'\n') => {}
            '\n' | '\r' => {
                record.push(std::mem::take(&mut field));
                quoted_field = false;
                finish_record(&mut record, &mut records)?;
            }
            c => field.push(c),
        }
    }
    if in_quotes {
        return Err(RegisterError::Import(format!(
            "Row {} opens a quotation mark that never closes: the file may be cut off or damaged.",
            records.len() + 1
        )));
    }
    if !field.is_empty() || !record.is_empty() {
        record.push(field);
        finish_record(&mut record, &mut records)?;
    }
    Ok(records)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoted_fields_keep_commas_quotes_and_line_breaks() {
        let records = parse_csv("a,b\r\n\"x, y\",\"say \"\"hi\"\"\nthere\"\r\n\r\n", ',', 10).expect("parse");
        assert_eq!(records, vec![vec!["a", "b"], vec!["x, y", "say \"hi\"\nthere"]]);
    }

    #[test]
    fn an_unclosed_quote_is_reported_not_swallowed() {
        let result = parse_csv("a,b\n\"x,y\n", ',', 10);
        assert!(matches!(result, Err(RegisterError::Import(m)) if m.contains("never closes")));
    }

    #[test]
    fn semicolons_and_tabs_are_recognised() {
        assert_eq!(detect_delimiter("name;dob\n"), ';');
        assert_eq!(detect_delimiter("name\tdob\n"), '\t');
        assert_eq!(detect_delimiter("name\n"), ',');
    }

    #[test]
    fn headers_propose_fields_each_once() {
        let columns: Vec<String> = ["First Name", "Last Name", "D.O.B.", "E-mail", "Phone", "Cell", "Favourite colour"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        assert_eq!(
            propose_mapping(&columns),
            vec![
                Some(ImportField::FirstName),
                Some(ImportField::LastName),
                Some(ImportField::DateOfBirth),
                Some(ImportField::Email),
                Some(ImportField::Phone),
                None,
                None
            ]
        );
    }

    #[test]
    fn us_and_iso_dates_are_read_and_two_digit_years_refused() {
        let d = NaiveDate::from_ymd_opt(1990, 3, 9);
        assert_eq!(import_date("1990-03-09"), Ok(d));
        assert_eq!(import_date("3/9/1990"), Ok(d));
        assert_eq!(import_date("03/09/1990"), Ok(d));
        assert!(import_date("3/9/90").is_err());
        assert!(import_date("9 March 1990").is_err());
    }
}
