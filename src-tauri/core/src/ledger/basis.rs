//! The legal bases on which information leaves without the client's authorization (docs/DOMAIN.md
//! section 4). Each is its own choice with its own rule, written here once: whether it releases
//! anything by itself, whether it may reach psychotherapy notes (45 CFR 164.508(a)(2)) and with
//! which words she confirms that, and whether she must name the law. None opens everything.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// The legal exceptions to confidentiality. The stored names of the first five are those of
/// earlier versions (`court_order` then read "Court order or subpoena"; a subpoena is now its own
/// basis, which releases nothing).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum LegalBasis {
    /// A court or tribunal order: only what it expressly names.
    CourtOrder,
    /// A subpoena or discovery request without a court order: releases nothing by itself.
    Subpoena,
    /// A mandated report of suspected child abuse or neglect (RSMo 210.115).
    MandatedChildAbuseReport,
    /// A report of suspected abuse or neglect of an elderly or disabled adult.
    AdultAbuseReport,
    /// A serious and imminent threat to the client or an identifiable person.
    DutyToWarn,
    /// Health oversight of the therapist herself (her licensing board).
    OversightBody,
    CoronerOrMedicalExaminer,
    /// Law enforcement, only as the law requires.
    LawEnforcement,
    /// Another disclosure the law requires; she names the law.
    OtherRequiredByLaw,
}

/// A basis as the release and record dialogs offer it, with its rule spelled out.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct BasisRule {
    pub basis: LegalBasis,
    pub label: String,
    /// The rule it rests on: "45 CFR 164.512(e)(1)(i)".
    pub citation: String,
    /// What she should know before choosing it, in one or two sentences.
    pub guidance: String,
    /// False for a subpoena alone: it is recorded, and nothing goes.
    pub releases: bool,
    /// The words she confirms before a psychotherapy note goes under this basis; `None` where
    /// psychotherapy notes may not go under it at all (they are then not even listed).
    pub psychotherapy_notes_confirmation: Option<String>,
    /// She must name the law that requires the disclosure.
    pub names_the_law: bool,
}

impl LegalBasis {
    pub const ALL: [LegalBasis; 9] = [
        LegalBasis::CourtOrder,
        LegalBasis::Subpoena,
        LegalBasis::MandatedChildAbuseReport,
        LegalBasis::AdultAbuseReport,
        LegalBasis::DutyToWarn,
        LegalBasis::OversightBody,
        LegalBasis::CoronerOrMedicalExaminer,
        LegalBasis::LawEnforcement,
        LegalBasis::OtherRequiredByLaw,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::CourtOrder => "court_order",
            Self::Subpoena => "subpoena",
            Self::MandatedChildAbuseReport => "mandated_child_abuse_report",
            Self::AdultAbuseReport => "adult_abuse_report",
            Self::DutyToWarn => "duty_to_warn",
            Self::OversightBody => "oversight_body",
            Self::CoronerOrMedicalExaminer => "coroner_or_medical_examiner",
            Self::LawEnforcement => "law_enforcement",
            Self::OtherRequiredByLaw => "other_required_by_law",
        }
    }

    pub(crate) fn parse(value: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|b| b.as_str() == value)
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::CourtOrder => "Court or tribunal order",
            Self::Subpoena => "Subpoena or discovery request, without a court order",
            Self::MandatedChildAbuseReport => "Mandated report of child abuse or neglect",
            Self::AdultAbuseReport => "Report of abuse or neglect of an elderly or disabled adult",
            Self::DutyToWarn => "Serious and imminent threat (duty to warn or protect)",
            Self::OversightBody => "Oversight of my own practice (licensing board)",
            Self::CoronerOrMedicalExaminer => "Coroner or medical examiner",
            Self::LawEnforcement => "Law enforcement, as the law requires",
            Self::OtherRequiredByLaw => "Another disclosure the law requires",
        }
    }

    pub fn citation(self) -> &'static str {
        match self {
            Self::CourtOrder => "45 CFR 164.512(e)(1)(i)",
            Self::Subpoena => "45 CFR 164.512(e)(1)(ii) and the therapist-client privilege",
            Self::MandatedChildAbuseReport => "RSMo 210.115; 45 CFR 164.512(b)(1)(ii)",
            Self::AdultAbuseReport => "RSMo 192.2405; 45 CFR 164.512(c)",
            Self::DutyToWarn => "45 CFR 164.512(j)(1)(i)",
            Self::OversightBody => "45 CFR 164.512(d)",
            Self::CoronerOrMedicalExaminer => "45 CFR 164.512(g)(1)",
            Self::LawEnforcement => "45 CFR 164.512(f)",
            Self::OtherRequiredByLaw => "45 CFR 164.512(a)",
        }
    }

    fn guidance(self) -> &'static str {
        match self {
            Self::CourtOrder => {
                "An order signed by a judge or tribunal (a subpoena signed by a lawyer or a clerk is not one). \
                 Release only what the order expressly names."
            }
            Self::Subpoena => {
                "A subpoena or discovery request releases nothing by itself. Record it: her record goes on legal \
                 hold, and Confidant lists the next steps (tell her, ask for her authorization, assert the \
                 privilege or object). A later court order or her authorization releases through the usual way."
            }
            Self::MandatedChildAbuseReport => {
                "Reasonable cause to suspect that a child has been or may be subjected to abuse or neglect: report \
                 at once to the Children's Division hotline. Report the facts; notes need not leave the vault."
            }
            Self::AdultAbuseReport => {
                "Suspected abuse, neglect or exploitation of an elderly or disabled adult, reported as your \
                 state's law requires. Report the facts; notes need not leave the vault."
            }
            Self::DutyToWarn => {
                "A serious and imminent threat to the client or an identifiable person: disclose only what is \
                 needed, to someone able to prevent or lessen the threat."
            }
            Self::OversightBody => {
                "Your licensing board or a health oversight agency reviewing your own practice (a complaint, an \
                 investigation, an audit)."
            }
            Self::CoronerOrMedicalExaminer => {
                "A coroner or medical examiner identifying a deceased person, determining a cause of death or \
                 carrying out other duties the law gives them."
            }
            Self::LawEnforcement => {
                "Only what a law, a warrant or a court order requires; a request from the police alone is not \
                 enough."
            }
            Self::OtherRequiredByLaw => {
                "A disclosure a law requires that none of the other choices covers. Name the law (statute or \
                 rule) in the purpose."
            }
        }
    }

    /// False for a subpoena alone: recorded, nothing released.
    pub fn releases(self) -> bool {
        self != Self::Subpoena
    }

    /// 164.508(a)(2): psychotherapy notes may go without the client's separate authorization only
    /// where the law requires it (an order that names them included), for oversight of the notes'
    /// author, to a coroner or medical examiner, or to avert a serious and imminent threat. The
    /// words she confirms name that basis.
    pub fn psychotherapy_notes_confirmation(self) -> Option<&'static str> {
        match self {
            Self::CourtOrder => Some("The order expressly names psychotherapy notes."),
            Self::OversightBody => {
                Some("This is oversight of my own practice, and the oversight body asks for these psychotherapy notes.")
            }
            Self::CoronerOrMedicalExaminer => {
                Some("The coroner or medical examiner needs these psychotherapy notes for duties the law gives them.")
            }
            Self::DutyToWarn => Some(
                "Disclosing these psychotherapy notes is necessary to prevent or lessen a serious and imminent \
                 threat, and they go to someone able to prevent or lessen it.",
            ),
            Self::OtherRequiredByLaw => Some("The law I name requires these psychotherapy notes."),
            Self::Subpoena | Self::MandatedChildAbuseReport | Self::AdultAbuseReport | Self::LawEnforcement => None,
        }
    }

    pub fn names_the_law(self) -> bool {
        self == Self::OtherRequiredByLaw
    }

    /// Everything the dialogs show about this basis.
    pub fn rule(self) -> BasisRule {
        BasisRule {
            basis: self,
            label: self.label().to_owned(),
            citation: self.citation().to_owned(),
            guidance: self.guidance().to_owned(),
            releases: self.releases(),
            psychotherapy_notes_confirmation: self.psychotherapy_notes_confirmation().map(str::to_owned),
            names_the_law: self.names_the_law(),
        }
    }
}

/// Every basis with its rule, in the order the dialogs list them.
pub fn rules() -> Vec<BasisRule> {
    LegalBasis::ALL.into_iter().map(LegalBasis::rule).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stored_names_round_trip_and_keep_the_names_of_earlier_versions() {
        for basis in LegalBasis::ALL {
            assert_eq!(LegalBasis::parse(basis.as_str()), Some(basis));
        }
        for earlier in
            ["mandated_child_abuse_report", "duty_to_warn", "court_order", "oversight_body", "law_enforcement"]
        {
            assert!(LegalBasis::parse(earlier).is_some(), "{earlier} is in vaults written before");
        }
    }

    #[test]
    fn only_the_bases_of_164_508_a_2_reach_psychotherapy_notes() {
        let reaching: Vec<LegalBasis> =
            LegalBasis::ALL.into_iter().filter(|b| b.psychotherapy_notes_confirmation().is_some()).collect();
        assert_eq!(
            reaching,
            vec![
                LegalBasis::CourtOrder,
                LegalBasis::DutyToWarn,
                LegalBasis::OversightBody,
                LegalBasis::CoronerOrMedicalExaminer,
                LegalBasis::OtherRequiredByLaw
            ]
        );
    }

    #[test]
    fn a_subpoena_alone_releases_nothing_and_every_other_basis_can() {
        for basis in LegalBasis::ALL {
            assert_eq!(basis.releases(), basis != LegalBasis::Subpoena, "{basis:?}");
        }
    }
}
