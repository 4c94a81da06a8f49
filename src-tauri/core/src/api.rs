//! Types that cross to the UI, and the generator of their TypeScript twins.
//!
//! `ui/src/lib/generated/types.ts` is produced from these types; the test
//! `generated_typescript_is_fresh` fails when it is stale (`make types` refreshes it).

use serde::Serialize;
use ts_rs::{Config, TS};

use crate::backup::auto::BackupStatus;
use crate::backup::restore::{ChosenBackup, RestoredVault};
use crate::backup::{BackupKind, BackupSummary};
use crate::consent::profile::{License, PracticeProfile, ProfileField};
use crate::consent::signatures::{ConsentItem, ConsentState, NewSignature, ReconsentEntry, SignedBy};
use crate::consent::templates::{FormDetail, FormSummary, FormVersion};
use crate::consent::FormKind;
use crate::destruction::{Blocker, PastRetention};
use crate::disclosure::accounting::AccountingRequest;
use crate::disclosure::authorizations::{
    Authorization, AuthorizationInput, AuthorizationKind, AuthorizationState, Ending,
};
use crate::disclosure::basis::BasisRule;
use crate::disclosure::gate::Item as ReleaseItem;
use crate::disclosure::gate::ItemKey;
use crate::disclosure::kept::KeptPaper;
use crate::disclosure::ledger::{Basis, EntryKind, LedgerCheck, LedgerEntry, Method};
use crate::disclosure::release::ClientInformed;
use crate::disclosure::release::{PreviewItem, RecordedDisclosure, ReleasePreview, ReleaseRequest};
use crate::disclosure::subpoenas::{NextStep, StepDone, StepInput, Subpoena, SubpoenaInput, SubpoenaStep};
use crate::disclosure::{Category, LegalBasis};
use crate::error::{ApiError, ErrorCode, FieldError};
use crate::forms::Paper;
use crate::measures::{
    Band, Measure, MeasureForm, MeasureKind, MeasuresOverview, NewMeasure, RescreenDue, Series, Threshold,
};
use crate::notes::recurrence::Repeat;
use crate::notes::search::{NoteHit, SearchQuery, SearchResults, SnippetPart};
use crate::notes::series::{Booking, NewTime, Scope, SeriesPlace, SeriesRule, SeriesSummary};
use crate::notes::timeline::{
    Timeline, TimelineAddendum, TimelineCounts, TimelineEntry, TimelineFilter, TimelineKind, TimelineMonth,
    TimelineYear,
};
use crate::notes::{
    Addendum, Attendance, DisclosureMark, DisclosureStatus, DutyToWarn, Modality, NewNote, Note, NoteContent, NoteKind,
    NoteSummary, OpenRiskItem, OverdueDraft, RiskLevel, SavedDraft, SectionSpec, SessionCheck, SessionFields,
    SessionKind, SessionSummary, Template, TherapySession,
};
use crate::passphrase::PassphraseCheck;
use crate::register::connections::{
    ClientConnection, ClientRef, ConnectionFields, ConnectionKind, DualMatch, DualRelationshipReview,
    PossibleDualRelationship, ReviewInput,
};
use crate::register::holds::{HoldInput, HoldReason, LegalHold};
use crate::register::import::{ImportField, ImportOutcome, ImportPreview, InvalidRow};
use crate::register::retention::{PolicyChange, RetentionMove, RetentionPolicy};
use crate::register::{
    CareContact, Client, ClientFields, ClientPage, ClientStatus, ClientSummary, Contact, EmergencyContact, Location,
    Perinatal, PerinatalStatus, StatusFilter,
};
use crate::schedule::hours::{AwayDays, DayHours};
use crate::schedule::ics::{IcsExport, IcsLabel};
use crate::schedule::week::{ScheduleDay, ScheduleView, Slot};
use crate::schedule::zone::TimeZones;
use crate::schedule::{Booked, ClientSchedule, Missed, Warning, WarningKind};
use crate::settings::Settings;
use crate::today::{Appointment, ClientTodo, TodayView};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum VaultState {
    None,
    Locked,
    Unlocked,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct VaultStatus {
    pub state: VaultState,
    /// Milliseconds to wait before the next unlock attempt is accepted (after failures).
    pub retry_after_ms: u32,
    /// True between vault creation and the therapist confirming she kept her recovery sheet.
    pub recovery_sheet_pending: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CreatedVault {
    /// Shown once; groups of four characters separated by dashes.
    pub recovery_key: String,
}

const HEADER: &str = "// Generated from the Rust types by `make types` (confidant-core, ts-rs). Do not edit by hand:\n// the test `generated_typescript_is_fresh` fails when this file is stale.\n";

/// The whole content of `ui/src/lib/generated/types.ts`.
pub fn typescript_declarations() -> String {
    let cfg = Config::new().with_large_int("number");
    let declarations = [
        ErrorCode::decl(&cfg),
        FieldError::decl(&cfg),
        ApiError::decl(&cfg),
        VaultState::decl(&cfg),
        VaultStatus::decl(&cfg),
        crate::vault::LockReason::decl(&cfg),
        PassphraseCheck::decl(&cfg),
        CreatedVault::decl(&cfg),
        Settings::decl(&cfg),
        ClientStatus::decl(&cfg),
        StatusFilter::decl(&cfg),
        PerinatalStatus::decl(&cfg),
        Contact::decl(&cfg),
        EmergencyContact::decl(&cfg),
        Location::decl(&cfg),
        CareContact::decl(&cfg),
        Perinatal::decl(&cfg),
        ClientFields::decl(&cfg),
        Client::decl(&cfg),
        ClientSummary::decl(&cfg),
        ClientPage::decl(&cfg),
        ConnectionKind::decl(&cfg),
        ConnectionFields::decl(&cfg),
        ClientRef::decl(&cfg),
        ClientConnection::decl(&cfg),
        DualMatch::decl(&cfg),
        PossibleDualRelationship::decl(&cfg),
        ReviewInput::decl(&cfg),
        DualRelationshipReview::decl(&cfg),
        RetentionPolicy::decl(&cfg),
        Blocker::decl(&cfg),
        PastRetention::decl(&cfg),
        PolicyChange::decl(&cfg),
        RetentionMove::decl(&cfg),
        HoldReason::decl(&cfg),
        LegalHold::decl(&cfg),
        HoldInput::decl(&cfg),
        ImportField::decl(&cfg),
        InvalidRow::decl(&cfg),
        ImportPreview::decl(&cfg),
        ImportOutcome::decl(&cfg),
        SessionKind::decl(&cfg),
        Modality::decl(&cfg),
        Attendance::decl(&cfg),
        RiskLevel::decl(&cfg),
        DutyToWarn::decl(&cfg),
        SessionCheck::decl(&cfg),
        SessionFields::decl(&cfg),
        SessionSummary::decl(&cfg),
        NoteKind::decl(&cfg),
        Template::decl(&cfg),
        SectionSpec::decl(&cfg),
        DisclosureStatus::decl(&cfg),
        NoteContent::decl(&cfg),
        NewNote::decl(&cfg),
        NoteSummary::decl(&cfg),
        TherapySession::decl(&cfg),
        Addendum::decl(&cfg),
        DisclosureMark::decl(&cfg),
        Note::decl(&cfg),
        SavedDraft::decl(&cfg),
        OverdueDraft::decl(&cfg),
        OpenRiskItem::decl(&cfg),
        TimelineKind::decl(&cfg),
        TimelineFilter::decl(&cfg),
        TimelineCounts::decl(&cfg),
        TimelineAddendum::decl(&cfg),
        TimelineEntry::decl(&cfg),
        TimelineMonth::decl(&cfg),
        TimelineYear::decl(&cfg),
        Timeline::decl(&cfg),
        SearchQuery::decl(&cfg),
        SnippetPart::decl(&cfg),
        NoteHit::decl(&cfg),
        SearchResults::decl(&cfg),
        BackupKind::decl(&cfg),
        BackupSummary::decl(&cfg),
        BackupStatus::decl(&cfg),
        ChosenBackup::decl(&cfg),
        RestoredVault::decl(&cfg),
        Paper::decl(&cfg),
        License::decl(&cfg),
        PracticeProfile::decl(&cfg),
        ProfileField::decl(&cfg),
        FormKind::decl(&cfg),
        FormVersion::decl(&cfg),
        FormSummary::decl(&cfg),
        FormDetail::decl(&cfg),
        SignedBy::decl(&cfg),
        NewSignature::decl(&cfg),
        ConsentState::decl(&cfg),
        ConsentItem::decl(&cfg),
        ReconsentEntry::decl(&cfg),
        MeasureKind::decl(&cfg),
        Band::decl(&cfg),
        NewMeasure::decl(&cfg),
        Measure::decl(&cfg),
        Threshold::decl(&cfg),
        Series::decl(&cfg),
        RescreenDue::decl(&cfg),
        MeasuresOverview::decl(&cfg),
        MeasureForm::decl(&cfg),
        Repeat::decl(&cfg),
        SeriesRule::decl(&cfg),
        Booking::decl(&cfg),
        Scope::decl(&cfg),
        NewTime::decl(&cfg),
        SeriesSummary::decl(&cfg),
        SeriesPlace::decl(&cfg),
        WarningKind::decl(&cfg),
        Warning::decl(&cfg),
        Booked::decl(&cfg),
        Missed::decl(&cfg),
        ClientSchedule::decl(&cfg),
        DayHours::decl(&cfg),
        AwayDays::decl(&cfg),
        ScheduleDay::decl(&cfg),
        Slot::decl(&cfg),
        ScheduleView::decl(&cfg),
        IcsLabel::decl(&cfg),
        IcsExport::decl(&cfg),
        TimeZones::decl(&cfg),
        Appointment::decl(&cfg),
        ClientTodo::decl(&cfg),
        TodayView::decl(&cfg),
        Category::decl(&cfg),
        LegalBasis::decl(&cfg),
        BasisRule::decl(&cfg),
        ItemKey::decl(&cfg),
        ClientInformed::decl(&cfg),
        KeptPaper::decl(&cfg),
        SubpoenaInput::decl(&cfg),
        SubpoenaStep::decl(&cfg),
        StepDone::decl(&cfg),
        NextStep::decl(&cfg),
        Subpoena::decl(&cfg),
        StepInput::decl(&cfg),
        AuthorizationKind::decl(&cfg),
        AuthorizationState::decl(&cfg),
        AuthorizationInput::decl(&cfg),
        Authorization::decl(&cfg),
        Ending::decl(&cfg),
        ReleaseItem::decl(&cfg),
        ReleaseRequest::decl(&cfg),
        PreviewItem::decl(&cfg),
        ReleasePreview::decl(&cfg),
        RecordedDisclosure::decl(&cfg),
        EntryKind::decl(&cfg),
        Basis::decl(&cfg),
        Method::decl(&cfg),
        LedgerEntry::decl(&cfg),
        LedgerCheck::decl(&cfg),
        AccountingRequest::decl(&cfg),
    ];
    let mut out = String::from(HEADER);
    for declaration in declarations {
        out.push_str("\nexport ");
        out.push_str(&declaration);
        out.push('\n');
    }
    // The page refuses a larger file before reading it; the core checks again.
    out.push_str(&format!(
        "\n/** The largest CSV file an import reads (`register::import::MAX_FILE_BYTES`). */\nexport const \
         IMPORT_MAX_BYTES = {};\n",
        crate::register::import::MAX_FILE_BYTES
    ));
    out
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    #[test]
    fn generated_typescript_is_fresh() {
        let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../ui/src/lib/generated/types.ts");
        let expected = super::typescript_declarations();
        if std::env::var_os("UPDATE_GENERATED").is_some() {
            std::fs::write(&path, &expected).expect("write generated types");
        }
        let committed = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(committed == expected, "ui/src/lib/generated/types.ts is stale: run `make types`");
    }
}
