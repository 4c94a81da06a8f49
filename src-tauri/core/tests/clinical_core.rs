//! The clinical record through the core (docs/DOMAIN.md section 10): diagnoses kept as history with
//! one primary, treatment plans in versions with their signature, reviews, goals on progress
//! notes, the plan printed to sign, Today's reminders, search, destruction and backups.

use crate::common;
use crate::pdf_support;

use chrono::{Duration, NaiveDate};
use common::TestVault;
use confidant_core::audit;
use confidant_core::clinical::diagnoses::{self, DiagnosisChange, DiagnosisStatus, NewDiagnosis};
use confidant_core::clinical::{codes, goals, overview, plans, reviews};
use confidant_core::clinical::{GoalInput, GoalReview, GoalStatus, PlanInput, PlanReviewInput};
use confidant_core::consent::profile;
use confidant_core::consent::signatures::SignedBy;
use confidant_core::measures::MeasureKind;
use confidant_core::notes::{self, Attendance, NewNote, NoteContent, NoteKind, SessionFields, Template};
use confidant_core::register::{self, ClientFields, ClientStatus};
use confidant_core::today::today_view;
use confidant_core::vault::Session;
use confidant_core::ApiError;

fn today() -> NaiveDate {
    chrono::Local::now().date_naive()
}

fn iso(date: NaiveDate) -> String {
    date.format("%Y-%m-%d").to_string()
}

fn days_ago(days: i64) -> String {
    iso(today() - Duration::days(days))
}

fn client_named(session: &mut Session, name: &str) -> i64 {
    let fields = ClientFields { legal_name: name.into(), date_of_birth: "1991-06-14".into(), ..Default::default() };
    let id = register::create(session, &fields, ClientStatus::Active, true, today()).expect("client").id;
    common::sign_informed_consent(session, id);
    id
}

fn client(session: &mut Session) -> i64 {
    client_named(session, "Nadia Okafor")
}

fn diagnosis(client_id: i64, code: &str, status: DiagnosisStatus, primary: bool) -> NewDiagnosis {
    NewDiagnosis { client_id, code: code.into(), status, from_on: days_ago(30), to_on: None, primary }
}

fn fields_of(error: impl Into<ApiError>) -> Vec<String> {
    error.into().fields.into_iter().map(|f| f.field).collect()
}

fn goal(text: &str, objectives: &str) -> GoalInput {
    GoalInput { goal_id: None, goal: text.into(), objectives: objectives.into(), target_on: Some(days_ago(-60)) }
}

fn plan_for(client_id: i64) -> PlanInput {
    PlanInput {
        client_id,
        written_on: days_ago(20),
        presenting_problems: "Low mood and intrusive worry since the birth of her daughter.".into(),
        goals: vec![
            goal("Sleep when the baby sleeps", "A five-hour stretch four nights a week"),
            goal("Feel like herself again", "EPDS under 10 twice in a row"),
        ],
        interventions: "CBT for postpartum depression; behavioural activation.".into(),
        modality: "Individual, in person".into(),
        frequency: "Weekly for 12 weeks".into(),
        measures: vec![MeasureKind::Epds],
        review_every_days: 0,
    }
}

fn draft_progress_note(session: &mut Session, client_id: i64, date: &str) -> i64 {
    let held = SessionFields {
        date: date.into(),
        start_time: "10:00".into(),
        end_time: "10:50".into(),
        attendance: Attendance::Attended,
        ..Default::default()
    };
    let now = today().and_hms_opt(17, 0, 0).expect("time");
    let s = notes::create_session(session, client_id, &held, now).expect("session");
    let new = NewNote { client_id, session_id: Some(s.id), kind: NoteKind::Progress, ..Default::default() };
    let id = notes::create_note(session, &new, now).expect("note").id;
    let content = NoteContent { template: Template::FreeText, sections: vec!["Worked on sleep.".into()] };
    notes::save_draft(session, id, &content, None).expect("saved");
    id
}

#[test]
fn a_change_to_a_diagnosis_is_a_new_entry_and_the_old_one_is_kept_unchanged() {
    let (_vault, mut session) = TestVault::new();
    let c = client(&mut session);
    let first = diagnoses::record(&mut session, &diagnosis(c, "f53.0", DiagnosisStatus::Provisional, true), today())
        .expect("recorded");
    assert_eq!((first.code.as_str(), first.label.as_str()), ("F53.0", "Postpartum depression"));
    let change = DiagnosisChange {
        status: DiagnosisStatus::Working,
        from_on: first.from_on.clone(),
        to_on: None,
        primary: true,
    };
    let working = diagnoses::change(&mut session, first.id, &change, today()).expect("changed");
    assert_ne!(working.id, first.id, "a new entry");
    assert_eq!(working.replaces, Some(first.id));
    let old = diagnoses::get(session.conn(), first.id).expect("kept");
    assert_eq!((old.status, old.replaced_by), (DiagnosisStatus::Provisional, Some(working.id)), "as recorded");
    assert_eq!(diagnoses::current(session.conn(), c).expect("current"), vec![working.clone()]);
    assert_eq!(diagnoses::history(session.conn(), c).expect("history").len(), 2);

    let again = diagnoses::change(&mut session, first.id, &change, today()).expect_err("an old entry");
    assert_eq!(fields_of(again), ["id"]);
    let same = diagnoses::change(&mut session, working.id, &change, today()).expect_err("nothing changed");
    assert_eq!(fields_of(same), ["status"]);
    let resolved = DiagnosisChange { status: DiagnosisStatus::Resolved, primary: false, ..change };
    let ended = diagnoses::change(&mut session, working.id, &resolved, today()).expect("resolved");
    assert_eq!(ended.to_on, Some(iso(today())), "resolved today unless she says when");

    let edit = session.conn().execute("UPDATE diagnoses SET status = 'working' WHERE id = ?1", [first.id]);
    assert!(edit.is_err(), "the vault refuses an edit in place");
    let delete = session.conn().execute("DELETE FROM diagnoses WHERE id = ?1", [first.id]);
    assert!(delete.is_err(), "and a deletion");
}

#[test]
fn a_client_has_one_primary_diagnosis_at_a_time() {
    let (_vault, mut session) = TestVault::new();
    let c = client(&mut session);
    let postpartum = diagnoses::record(&mut session, &diagnosis(c, "F53.0", DiagnosisStatus::Working, true), today())
        .expect("first");
    let anxiety = diagnoses::record(&mut session, &diagnosis(c, "F41.1", DiagnosisStatus::Working, true), today())
        .expect("second");
    let current = diagnoses::current(session.conn(), c).expect("current");
    let primaries: Vec<&str> = current.iter().filter(|d| d.primary).map(|d| d.code.as_str()).collect();
    assert_eq!(primaries, ["F41.1"], "the new one is primary");
    let demoted = current.iter().find(|d| d.code == "F53.0").expect("still there");
    assert_eq!(demoted.replaces, Some(postpartum.id), "recorded again as secondary, history kept");

    let back = DiagnosisChange {
        status: DiagnosisStatus::Working,
        from_on: demoted.from_on.clone(),
        to_on: None,
        primary: true,
    };
    diagnoses::change(&mut session, demoted.id, &back, today()).expect("primary again");
    let current = diagnoses::current(session.conn(), c).expect("current");
    assert_eq!(current.iter().filter(|d| d.primary).count(), 1);
    assert_eq!(current[0].code, "F53.0", "the primary is listed first");

    let second_primary = session.conn().execute(
        "INSERT INTO diagnoses (client_id, code, label, status, is_primary, from_on, recorded_at, search_key)
         VALUES (?1, 'F32.A', 'Depression, unspecified', 'working', 1, '2026-01-01', 'now', '')",
        [c],
    );
    assert!(second_primary.is_err(), "the vault refuses a second primary even from SQL");
    assert!(anxiety.primary);
}

#[test]
fn a_diagnosis_that_does_not_fit_is_refused_and_nothing_is_saved() {
    let (_vault, mut session) = TestVault::new();
    let c = client(&mut session);
    let cases = [
        (NewDiagnosis { code: "Q99.9".into(), ..diagnosis(c, "", DiagnosisStatus::Working, false) }, "code"),
        (NewDiagnosis { from_on: days_ago(-2), ..diagnosis(c, "F53.0", DiagnosisStatus::Working, false) }, "fromOn"),
        (NewDiagnosis { to_on: Some(days_ago(1)), ..diagnosis(c, "F53.0", DiagnosisStatus::Working, false) }, "toOn"),
        (NewDiagnosis { to_on: Some(days_ago(40)), ..diagnosis(c, "F53.0", DiagnosisStatus::Resolved, false) }, "toOn"),
        (diagnosis(c, "F53.0", DiagnosisStatus::RuledOut, true), "primary"),
    ];
    for (new, field) in cases {
        let refused = diagnoses::record(&mut session, &new, today()).expect_err(field);
        assert_eq!(fields_of(refused), [field]);
    }
    assert!(diagnoses::history(session.conn(), c).expect("history").is_empty());
    diagnoses::record(&mut session, &diagnosis(c, "F53.0", DiagnosisStatus::Working, false), today()).expect("once");
    let twice = diagnoses::record(&mut session, &diagnosis(c, "F53.0", DiagnosisStatus::Working, false), today());
    assert_eq!(fields_of(twice.expect_err("already on her record")), ["code"]);
}

#[test]
fn a_code_of_her_own_can_be_diagnosed_with() {
    let (_vault, mut session) = TestVault::new();
    let c = client(&mut session);
    codes::add_custom(&mut session, "X11", "Birth trauma (her practice's label)").expect("added");
    let d = diagnoses::record(&mut session, &diagnosis(c, "x11", DiagnosisStatus::Provisional, false), today())
        .expect("recorded");
    assert!(d.custom);
    assert_eq!(d.line(), "X11 Birth trauma (her practice's label)");
}

#[test]
fn a_plan_is_corrected_until_signed_then_changed_in_a_new_version_whose_goals_keep_their_identity() {
    let (_vault, mut session) = TestVault::new();
    let c = client(&mut session);
    let v1 = plans::save(&mut session, &plan_for(c), today()).expect("written");
    assert_eq!((v1.version, v1.review_every_days, v1.goals.len()), (1, 90, 2), "reviewed every 90 days by default");
    let mut corrected = plan_for(c);
    corrected.frequency = "Weekly for 10 weeks".into();
    corrected.goals[0].goal_id = Some(v1.goals[0].goal_id);
    let still_v1 = plans::save(&mut session, &corrected, today()).expect("corrected");
    assert_eq!((still_v1.id, still_v1.version), (v1.id, 1), "an unsigned version is corrected in place");
    assert_eq!(still_v1.goals[0].goal_id, v1.goals[0].goal_id);
    assert_ne!(still_v1.content_hash, v1.content_hash, "the reference follows the content");

    let signed = plans::sign(&mut session, v1.id, &days_ago(1), SignedBy::Client, today()).expect("signed");
    assert_eq!((signed.signed_on.as_deref(), signed.form_version), (Some(days_ago(1).as_str()), Some(1)));
    let edit = session.conn().execute("UPDATE treatment_plans SET frequency = 'Monthly' WHERE id = ?1", [v1.id]);
    assert!(edit.is_err(), "a signed version cannot change, even by SQL");
    let goal_edit = session.conn().execute("DELETE FROM plan_goal_texts WHERE plan_id = ?1", [v1.id]);
    assert!(goal_edit.is_err(), "nor its goals");

    let mut revised = corrected.clone();
    revised.goals[0].goal = "Sleep when the baby sleeps, with her partner taking a night feed".into();
    revised.goals.remove(1);
    revised.written_on = iso(today());
    let v2 = plans::save(&mut session, &revised, today()).expect("a new version");
    assert_eq!(v2.version, 2);
    assert_eq!(v2.goals[0].goal_id, v1.goals[0].goal_id, "the same goal, reworded");
    assert_eq!(plans::get(session.conn(), v1.id).expect("kept").frequency, "Weekly for 10 weeks");
    assert_eq!(plans::versions(session.conn(), c).expect("versions").len(), 2);
}

#[test]
fn a_plan_that_does_not_fit_is_refused_and_nothing_is_saved() {
    let (_vault, mut session) = TestVault::new();
    let c = client(&mut session);
    let other = client_named(&mut session, "Ines Duarte");
    let theirs = plans::save(&mut session, &plan_for(other), today()).expect("another client's plan");
    let mut bad = plan_for(c);
    bad.written_on = days_ago(-1);
    bad.presenting_problems = "  ".into();
    bad.goals[0].objectives = String::new();
    bad.goals[1].target_on = Some(days_ago(400));
    bad.goals.push(GoalInput { goal_id: Some(theirs.goals[0].goal_id), ..goal("Hers", "Not this client's") });
    bad.review_every_days = 3;
    let fields = fields_of(plans::save(&mut session, &bad, today()).expect_err("refused"));
    for field in ["writtenOn", "presentingProblems", "goals.0.objectives", "goals.2.goal", "reviewEveryDays"] {
        assert!(fields.contains(&field.to_string()), "{field} in {fields:?}");
    }
    let none = PlanInput { goals: Vec::new(), ..plan_for(c) };
    assert_eq!(fields_of(plans::save(&mut session, &none, today()).expect_err("no goal")), ["goals"]);
    assert!(plans::latest(session.conn(), c).expect("read").is_none());
}

#[test]
fn the_plans_signature_is_recorded_like_a_consent_with_its_date_and_version() {
    let (_vault, mut session) = TestVault::new();
    let c = client(&mut session);
    let plan = plans::save(&mut session, &plan_for(c), today()).expect("written");
    for (on, why) in
        [(days_ago(-1), "in the future"), (days_ago(21), "before the plan was written"), ("soon".into(), "not a date")]
    {
        let refused = plans::sign(&mut session, plan.id, &on, SignedBy::Client, today()).expect_err(why);
        assert_eq!(fields_of(refused), ["signedOn"], "{why}");
    }
    plans::sign(&mut session, plan.id, &days_ago(2), SignedBy::Representative, today()).expect("signed");
    let again = plans::sign(&mut session, plan.id, &days_ago(1), SignedBy::Client, today()).expect_err("twice");
    assert_eq!(fields_of(again), ["signedOn"]);
    let signed = plans::get(session.conn(), plan.id).expect("plan");
    assert_eq!(signed.signed_by, Some(SignedBy::Representative));
    let trail = audit::recent(session.conn(), 50).expect("trail");
    let entry = trail
        .iter()
        .find(|(_, event, detail)| event == "consent_signed" && detail.contains("form=treatment_plan"))
        .map(|(_, _, detail)| detail.clone());
    assert_eq!(
        entry.as_deref(),
        Some(format!("client={c} form=treatment_plan version=1 plan=1 ref={}", signed.content_hash).as_str())
    );
}

fn review_of(session: &Session, client_id: i64, status: [GoalStatus; 2]) -> PlanReviewInput {
    let plan = plans::latest(session.conn(), client_id).expect("read").expect("a plan");
    PlanReviewInput {
        client_id,
        reviewed_on: days_ago(0),
        goals: plan
            .goals
            .iter()
            .zip(status)
            .map(|(g, status)| GoalReview {
                goal_id: g.goal_id,
                progress: "Sleeping better most nights.".into(),
                status,
            })
            .collect(),
        changes: "Add a goal about returning to work.".into(),
        next_review_on: None,
    }
}

fn record_review(
    session: &mut Session,
    client_id: i64,
    status: [GoalStatus; 2],
) -> confidant_core::clinical::PlanReview {
    let input = review_of(session, client_id, status);
    reviews::record(session, &input, today()).expect("reviewed")
}

#[test]
fn a_review_records_each_goals_progress_and_makes_the_next_review_date() {
    let (_vault, mut session) = TestVault::new();
    let c = client(&mut session);
    let plan = plans::save(&mut session, &plan_for(c), today()).expect("written");
    assert_eq!(reviews::next_review(session.conn(), &plan).expect("due"), today() + Duration::days(70));
    let review = record_review(&mut session, c, [GoalStatus::Met, GoalStatus::Open]);
    assert_eq!(review.next_review_on, iso(today() + Duration::days(90)), "the plan's interval after the review");
    assert_eq!(reviews::next_review(session.conn(), &plan).expect("due"), today() + Duration::days(90));
    let standing = goals::current(session.conn(), c).expect("goals");
    assert_eq!(standing.iter().map(|g| g.status).collect::<Vec<_>>(), [GoalStatus::Met, GoalStatus::Open]);
    assert_eq!(standing[0].last_progress.as_deref(), Some("Sleeping better most nights."));

    // The met goal no longer needs a word; the open one does.
    let mut next = review_of(&session, c, [GoalStatus::Met, GoalStatus::Open]);
    next.goals.remove(1);
    assert_eq!(fields_of(reviews::record(&mut session, &next, today()).expect_err("an open goal left out")), ["goals"]);
    let mut silent = review_of(&session, c, [GoalStatus::Met, GoalStatus::Dropped]);
    silent.goals[1].progress = " ".into();
    silent.next_review_on = Some(days_ago(0));
    let fields = fields_of(reviews::record(&mut session, &silent, today()).expect_err("refused"));
    assert_eq!(fields, ["goals.1.progress", "nextReviewOn"]);
    assert_eq!(reviews::reviews(session.conn(), c).expect("reviews").len(), 1, "nothing else was saved");
    let edit = session.conn().execute("UPDATE plan_reviews SET changes = '' WHERE id = ?1", [review.id]);
    assert!(edit.is_err(), "a review is never changed");
}

#[test]
fn a_draft_progress_note_points_at_the_goals_it_worked_on_until_it_is_signed() {
    let (_vault, mut session) = TestVault::new();
    let c = client(&mut session);
    let plan = plans::save(&mut session, &plan_for(c), today()).expect("written");
    let note = draft_progress_note(&mut session, c, &days_ago(3));
    let sleep = plan.goals[0].goal_id;
    let linked = goals::set_for_note(&mut session, note, &[sleep]).expect("linked");
    assert_eq!((linked.linked.as_slice(), linked.editable), ([sleep].as_slice(), true));
    assert_eq!(goals::current(session.conn(), c).expect("goals")[0].notes, 1, "the goal counts its notes");

    let other = client_named(&mut session, "Ines Duarte");
    let theirs = plans::save(&mut session, &plan_for(other), today()).expect("another plan");
    let wrong = goals::set_for_note(&mut session, note, &[theirs.goals[0].goal_id]).expect_err("not her goal");
    assert_eq!(fields_of(wrong), ["goalIds"]);
    assert_eq!(goals::of_note(session.conn(), note).expect("read").linked, [sleep], "nothing changed");

    notes::sign_note(&mut session, note).expect("signed");
    let after = goals::of_note(session.conn(), note).expect("read");
    assert!(!after.editable && after.linked == [sleep], "the goals are part of the signed note");
    let locked = goals::set_for_note(&mut session, note, &[]).expect_err("signed");
    assert_eq!(fields_of(locked), ["noteId"]);
    let sql = session.conn().execute("DELETE FROM note_goals WHERE note_id = ?1", [note]);
    assert!(sql.is_err(), "even by SQL");
}

#[test]
fn a_psychotherapy_note_never_points_at_the_plan() {
    let (_vault, mut session) = TestVault::new();
    let c = client(&mut session);
    let plan = plans::save(&mut session, &plan_for(c), today()).expect("written");
    let now = today().and_hms_opt(17, 0, 0).expect("time");
    let new = NewNote { client_id: c, kind: NoteKind::Psychotherapy, date: days_ago(1), ..Default::default() };
    let process = notes::create_note(&mut session, &new, now).expect("note").id;
    let refused = goals::set_for_note(&mut session, process, &[plan.goals[0].goal_id]).expect_err("protected");
    let api: ApiError = refused.into();
    assert!(api.message.contains("stays apart from the record"), "{}", api.message);
    let shown = goals::of_note(session.conn(), process).expect("read");
    assert!(shown.goals.is_empty() && !shown.editable, "the editor shows no goals for it");
}

fn pdf_text(name: &str, bytes: &[u8]) -> String {
    let pdf = pdf_support::save(name, bytes);
    pdf_support::tool("pdftotext", &[&pdf, "-"]).split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn the_plan_prints_to_sign_with_her_diagnoses_goals_and_reference() {
    let (_vault, mut session) = TestVault::new();
    let mut complete = profile::sample();
    complete.privilege_states = vec!["IL".into()];
    profile::save(&mut session, &complete).expect("profile");
    let c = client(&mut session);
    diagnoses::record(&mut session, &diagnosis(c, "F53.0", DiagnosisStatus::Working, true), today()).expect("dx");
    let plan = plans::save(&mut session, &plan_for(c), today()).expect("written");
    let text = pdf_text("treatment-plan", &plans::render(session.conn(), plan.id, today()).expect("rendered"));
    for expected in [
        "Nadia Okafor",
        "F53.0 Postpartum depression (working, primary)",
        "Low mood and intrusive worry",
        "Goal 1. Sleep when the baby sleeps",
        "Objectives: A five-hour stretch four nights a week",
        "Goal 2. Feel like herself again",
        "CBT for postpartum depression",
        "Weekly for 12 weeks",
        "Questionnaires to follow how you are doing: EPDS",
        &format!("version 1 of {} (ref. {})", confidant_core::time::long_date_of(&plan.written_on), plan.content_hash),
        "Parent, guardian or legal representative",
        "Treatment plan · version 1",
    ] {
        assert!(text.contains(expected), "{expected:?} missing from:\n{text}");
    }
    assert!(!text.contains("____"), "nothing left blank:\n{text}");
}

#[test]
fn the_sample_forms_include_a_filled_sample_treatment_plan() {
    let samples = plans::sample_forms(None, today()).expect("samples");
    let (_, bytes) = samples.iter().find(|(name, _)| name == "treatment-plan.pdf").expect("a sample plan");
    let text = pdf_text("sample-treatment-plan", bytes);
    assert!(text.contains("Jordan Avery Sample") && text.contains("Feel like myself again"), "{text}");
    assert!(text.contains("F53.0 Postpartum depression"));
    assert!(!text.contains("____"), "{text}");
}

#[test]
fn today_lists_plan_reviews_due_and_plans_missing_after_the_third_session() {
    let (_vault, mut session) = TestVault::new();
    let due = client_named(&mut session, "Ada Due");
    let mut old = plan_for(due);
    old.written_on = days_ago(95);
    plans::save(&mut session, &old, today()).expect("an old plan");
    let fine = client_named(&mut session, "Bea Fine");
    plans::save(&mut session, &plan_for(fine), today()).expect("a recent plan");
    let missing = client_named(&mut session, "Cleo Missing");
    for day in [30, 20, 10] {
        draft_progress_note(&mut session, missing, &days_ago(day));
    }
    let early = client_named(&mut session, "Dee Early");
    draft_progress_note(&mut session, early, &days_ago(5));

    let view = today_view(session.conn(), today(), false).expect("today");
    let lines: Vec<(i64, String)> = view.plans.iter().map(|t| (t.client.id, t.what.clone())).collect();
    let was_due = confidant_core::time::short_date(today() - Duration::days(5));
    assert_eq!(
        lines,
        [
            (due, format!("Treatment plan review was due {was_due}")),
            (missing, "No treatment plan yet (3 sessions attended)".to_string())
        ]
    );
    record_review(&mut session, due, [GoalStatus::Open, GoalStatus::Open]);
    let view = today_view(session.conn(), today(), false).expect("today");
    assert!(view.plans.iter().all(|t| t.client.id != due), "reviewed: due again in 90 days");
}

#[test]
fn search_finds_diagnoses_and_plans_ignoring_case_and_accents() {
    let (_vault, mut session) = TestVault::new();
    let c = client(&mut session);
    diagnoses::record(&mut session, &diagnosis(c, "F53.0", DiagnosisStatus::Working, true), today()).expect("dx");
    plans::save(&mut session, &plan_for(c), today()).expect("written");
    let hits = |text: &str| {
        overview::search(session.conn(), text, false, today())
            .expect("search")
            .into_iter()
            .map(|h| (h.client.id, h.what, h.line))
            .collect::<Vec<_>>()
    };
    assert_eq!(hits("POSTPÁRTUM DEPR")[0], (c, "Diagnosis".into(), "F53.0 Postpartum depression (working)".into()));
    assert_eq!(hits("f530")[0].2, "F53.0 Postpartum depression (working)", "by its code");
    let plan = hits("five-hour");
    assert_eq!(plan, [(c, "Treatment plan, version 1".into(), "A five-hour stretch four nights a week".into())]);
    assert!(hits("trichotillomania").is_empty());
    let discreet = overview::search(session.conn(), "postpartum", true, today()).expect("search");
    assert_ne!(discreet[0].client.display_name, "Nadia Okafor", "discreet mode names nobody");
}

#[test]
fn the_client_page_shows_her_diagnoses_plan_goals_and_when_the_review_is_due() {
    let (_vault, mut session) = TestVault::new();
    let c = client(&mut session);
    for day in [30, 20, 10] {
        draft_progress_note(&mut session, c, &days_ago(day));
    }
    let before = overview::overview(session.conn(), c, today()).expect("panel");
    assert!(before.plan_missing && before.plan.is_none() && before.attended_sessions == 3);
    diagnoses::record(&mut session, &diagnosis(c, "F53.0", DiagnosisStatus::Working, true), today()).expect("dx");
    plans::save(&mut session, &plan_for(c), today()).expect("written");
    let panel = overview::overview(session.conn(), c, today()).expect("panel");
    assert_eq!(panel.diagnoses.len(), 1);
    assert_eq!(panel.goals.len(), 2);
    assert_eq!(panel.next_review_on, Some(iso(today() + Duration::days(70))));
    assert!(!panel.review_due && !panel.plan_missing);
    let due = overview::overview(session.conn(), c, today() + Duration::days(70)).expect("panel");
    assert!(due.review_due, "due on the day");
}

#[test]
fn destroying_a_record_removes_her_clinical_record_whole() {
    let (_vault, mut session) = TestVault::new();
    let c = client(&mut session);
    let first = diagnoses::record(&mut session, &diagnosis(c, "F53.0", DiagnosisStatus::Provisional, true), today())
        .expect("dx");
    let change =
        DiagnosisChange { status: DiagnosisStatus::Working, from_on: first.from_on, to_on: None, primary: true };
    diagnoses::change(&mut session, first.id, &change, today()).expect("changed");
    let plan = plans::save(&mut session, &plan_for(c), today()).expect("written");
    plans::sign(&mut session, plan.id, &days_ago(1), SignedBy::Client, today()).expect("signed");
    record_review(&mut session, c, [GoalStatus::Open, GoalStatus::Open]);
    let note = draft_progress_note(&mut session, c, &days_ago(2));
    goals::set_for_note(&mut session, note, &[plan.goals[0].goal_id]).expect("linked");
    notes::sign_note(&mut session, note).expect("signed");

    session.conn().execute("DELETE FROM clients WHERE id = ?1", [c]).expect("the whole record goes");
    for table in [
        "diagnoses",
        "treatment_plans",
        "plan_goals",
        "plan_goal_texts",
        "plan_reviews",
        "plan_review_goals",
        "note_goals",
    ] {
        let left: i64 =
            session.conn().query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0)).expect("count");
        assert_eq!(left, 0, "{table}");
    }
}

#[test]
fn a_backup_keeps_the_clinical_record() {
    use confidant_core::backup::{self, restore, BackupKey};
    confidant_core::backup::create::set_work_factor_for_tests(10);
    let (vault, mut session) = TestVault::new();
    let c = client(&mut session);
    diagnoses::record(&mut session, &diagnosis(c, "F53.0", DiagnosisStatus::Working, true), today()).expect("dx");
    codes::add_custom(&mut session, "X11", "Her own code").expect("code");
    let plan = plans::save(&mut session, &plan_for(c), today()).expect("written");
    record_review(&mut session, c, [GoalStatus::Met, GoalStatus::Open]);
    let note = draft_progress_note(&mut session, c, &days_ago(2));
    goals::set_for_note(&mut session, note, &[plan.goals[0].goal_id]).expect("linked");
    let before = overview::overview(session.conn(), c, today()).expect("panel");

    let file = vault.temp.path().join("backup.age");
    let secret = || confidant_core::secret::Passphrase::new("willow tide backup 2026".into());
    let checked = session.confirm_passphrase(&common::pass(common::PASSPHRASE)).expect("her passphrase");
    backup::create_backup(checked, &mut session, &file, &secret()).expect("backup");
    let dir = confidant_core::paths::DataDir::new(vault.temp.path().join("restored"));
    let (restored, _) =
        restore::restore_into_new_for_tests(&file, &BackupKey::Passphrase(secret()), &dir, "restored passphrase 77")
            .expect("restore");
    assert_eq!(overview::overview(restored.conn(), c, today()).expect("panel"), before);
    assert_eq!(goals::of_note(restored.conn(), note).expect("links").linked, [plan.goals[0].goal_id]);
    assert_eq!(codes::custom_codes(restored.conn()).expect("codes").len(), 1);
}

#[test]
fn the_demo_practice_has_diagnoses_plans_reviews_some_overdue_and_notes_on_goals() {
    use confidant_core::demo;
    let (_vault, mut session) = TestVault::new();
    let seed = demo::DEMO_SEED;
    demo::generate_as_of(&mut session, 200, seed, today()).expect("clients");
    demo::generate_notes(&mut session, seed, today()).expect("notes");
    demo::generate_clinical(&mut session, seed, today()).expect("clinical record");
    let count = |sql: &str| -> i64 { session.conn().query_row(sql, [], |r| r.get(0)).expect(sql) };
    assert!(count("SELECT count(*) FROM diagnoses WHERE code = 'F53.0'") > 0, "postpartum depression");
    assert!(count("SELECT count(*) FROM diagnoses WHERE code LIKE 'O99.34_' OR code LIKE 'Z3A.%'") > 0, "in pregnancy");
    assert!(count("SELECT count(*) FROM diagnoses WHERE replaces IS NOT NULL") > 0, "some history");
    assert!(count("SELECT count(*) FROM treatment_plans WHERE signed_on IS NOT NULL") > 0);
    assert!(count("SELECT count(*) FROM plan_reviews") > 0);
    assert!(
        count("SELECT count(*) FROM note_goals n JOIN notes o ON o.id = n.note_id WHERE o.signed_at IS NOT NULL") > 0
    );
    let view = today_view(session.conn(), today(), false).expect("today");
    assert!(view.plans.iter().any(|t| t.what.starts_with("Treatment plan review was due")), "{:?}", view.plans);
}
