//! Scoring keys and bands of the EPDS, PHQ-9 and GAD-7 (docs/DOMAIN.md section 8).
//!
//! The EPDS wording is copyrighted and not shipped: its answers are taken as the position of the
//! box the client marked on the paper form (0 = top), and scored here with the published key.
//! PHQ-9 and GAD-7 answers are their published scores (0 = "Not at all" ... 3 = "Nearly every day").

use serde::{Deserialize, Serialize};
use ts_rs::TS;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum MeasureKind {
    Epds,
    Phq9,
    Gad7,
}

impl MeasureKind {
    pub const ALL: [MeasureKind; 3] = [MeasureKind::Epds, MeasureKind::Phq9, MeasureKind::Gad7];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Epds => "epds",
            Self::Phq9 => "phq9",
            Self::Gad7 => "gad7",
        }
    }

    pub(crate) fn parse(value: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == value)
    }

    pub fn name(self) -> &'static str {
        match self {
            Self::Epds => "EPDS",
            Self::Phq9 => "PHQ-9",
            Self::Gad7 => "GAD-7",
        }
    }

    pub fn items(self) -> usize {
        match self {
            Self::Epds => 10,
            Self::Phq9 => 9,
            Self::Gad7 => 7,
        }
    }

    pub fn max_total(self) -> u32 {
        3 * self.items() as u32
    }

    /// The item (1-based) whose answer above 0 means thoughts of self-harm.
    pub fn self_harm_item(self) -> Option<usize> {
        match self {
            Self::Epds => Some(10),
            Self::Phq9 => Some(9),
            Self::Gad7 => None,
        }
    }
}

/// EPDS items scored in the order printed (0 for the top box); all others are reversed.
const EPDS_IN_ORDER: [usize; 3] = [1, 2, 4];

/// The score of one answer. `item` is 1-based; `answer` is 0 to 3 (for the EPDS, the marked box
/// counted from the top). `None` for an item or answer out of range.
pub fn item_score(kind: MeasureKind, item: usize, answer: u8) -> Option<u8> {
    if !(1..=kind.items()).contains(&item) || answer > 3 {
        return None;
    }
    Some(match kind {
        MeasureKind::Epds if !EPDS_IN_ORDER.contains(&item) => 3 - answer,
        _ => answer,
    })
}

/// The severity band of a total, in words, and whether it calls for assessment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Band {
    pub label: String,
    /// At or over the level that asks the therapist to assess further.
    pub elevated: bool,
}

/// The EPDS cut-off she screens with: 13 (possible depression) by default, 10 where more
/// sensitivity is wanted.
pub const EPDS_THRESHOLD_DEFAULT: u32 = 13;
pub const EPDS_THRESHOLDS: [u32; 2] = [10, 13];

pub fn band(kind: MeasureKind, total: u32, epds_threshold: u32) -> Band {
    let band = |label: &str, elevated: bool| Band { label: label.to_owned(), elevated };
    match kind {
        MeasureKind::Epds if total >= epds_threshold => band("Possible depression: assess", true),
        MeasureKind::Epds => band("Below the screening threshold", false),
        MeasureKind::Phq9 => match total {
            0..=4 => band("Minimal depression", false),
            5..=9 => band("Mild depression", false),
            10..=14 => band("Moderate depression", true),
            15..=19 => band("Moderately severe depression", true),
            _ => band("Severe depression", true),
        },
        MeasureKind::Gad7 => match total {
            0..=4 => band("Minimal anxiety", false),
            5..=9 => band("Mild anxiety", false),
            10..=14 => band("Moderate anxiety", true),
            _ => band("Severe anxiety", true),
        },
    }
}

/// The lines drawn across a trend chart: (score, label).
pub fn chart_thresholds(kind: MeasureKind, epds_threshold: u32) -> Vec<(u32, String)> {
    match kind {
        MeasureKind::Epds => vec![(epds_threshold, format!("Screening threshold ({epds_threshold})"))],
        MeasureKind::Phq9 => vec![(10, "Moderate (10)".into()), (20, "Severe (20)".into())],
        MeasureKind::Gad7 => vec![(10, "Moderate (10)".into()), (15, "Severe (15)".into())],
    }
}

/// PHQ-9 item text as published (Pfizer; free to use), asked "over the last 2 weeks".
pub const PHQ9_ITEMS: [&str; 9] = [
    "Little interest or pleasure in doing things",
    "Feeling down, depressed, or hopeless",
    "Trouble falling or staying asleep, or sleeping too much",
    "Feeling tired or having little energy",
    "Poor appetite or overeating",
    "Feeling bad about yourself — or that you are a failure or have let yourself or your family down",
    "Trouble concentrating on things, such as reading the newspaper or watching television",
    "Moving or speaking so slowly that other people could have noticed? Or the opposite — being so fidgety or \
     restless that you have been moving around a lot more than usual",
    "Thoughts that you would be better off dead or of hurting yourself in some way",
];

/// GAD-7 item text as published (Pfizer; free to use), asked "over the last 2 weeks".
pub const GAD7_ITEMS: [&str; 7] = [
    "Feeling nervous, anxious or on edge",
    "Not being able to stop or control worrying",
    "Worrying too much about different things",
    "Trouble relaxing",
    "Being so restless that it is hard to sit still",
    "Becoming easily annoyed or irritable",
    "Feeling afraid as if something awful might happen",
];

/// Short neutral labels for the EPDS items (the wording itself is not ours to print).
pub const EPDS_LABELS: [&str; 10] = [
    "Laughing, seeing the funny side",
    "Looking forward with enjoyment",
    "Blaming oneself",
    "Anxious or worried",
    "Scared or panicky",
    "Things getting on top of her",
    "Difficulty sleeping from unhappiness",
    "Sad or miserable",
    "Crying from unhappiness",
    "Thoughts of self-harm",
];

/// The PHQ-9 and GAD-7 answer choices with their scores.
pub const FREQUENCY_ANSWERS: [&str; 4] = ["Not at all", "Several days", "More than half the days", "Nearly every day"];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_epds_item_is_keyed_in_order_or_reversed() {
        // (item, scores for the top-to-bottom boxes 0..=3)
        let key = [
            (1, [0, 1, 2, 3]),
            (2, [0, 1, 2, 3]),
            (3, [3, 2, 1, 0]),
            (4, [0, 1, 2, 3]),
            (5, [3, 2, 1, 0]),
            (6, [3, 2, 1, 0]),
            (7, [3, 2, 1, 0]),
            (8, [3, 2, 1, 0]),
            (9, [3, 2, 1, 0]),
            (10, [3, 2, 1, 0]),
        ];
        for (item, scores) in key {
            for (answer, expected) in scores.into_iter().enumerate() {
                assert_eq!(
                    item_score(MeasureKind::Epds, item, answer as u8),
                    Some(expected),
                    "EPDS item {item} box {answer}"
                );
            }
        }
        assert_eq!(item_score(MeasureKind::Epds, 11, 0), None);
        assert_eq!(item_score(MeasureKind::Epds, 0, 0), None);
        assert_eq!(item_score(MeasureKind::Epds, 1, 4), None);
    }

    #[test]
    fn phq9_and_gad7_answers_are_their_scores() {
        for kind in [MeasureKind::Phq9, MeasureKind::Gad7] {
            for item in 1..=kind.items() {
                for answer in 0..=3 {
                    assert_eq!(item_score(kind, item, answer), Some(answer));
                }
            }
            assert_eq!(item_score(kind, kind.items() + 1, 0), None);
        }
    }

    #[test]
    fn bands_change_exactly_at_each_threshold() {
        let cases: &[(MeasureKind, u32, u32, &str, bool)] = &[
            (MeasureKind::Epds, 12, 13, "Below the screening threshold", false),
            (MeasureKind::Epds, 13, 13, "Possible depression: assess", true),
            (MeasureKind::Epds, 30, 13, "Possible depression: assess", true),
            (MeasureKind::Epds, 9, 10, "Below the screening threshold", false),
            (MeasureKind::Epds, 10, 10, "Possible depression: assess", true),
            (MeasureKind::Phq9, 0, 13, "Minimal depression", false),
            (MeasureKind::Phq9, 4, 13, "Minimal depression", false),
            (MeasureKind::Phq9, 5, 13, "Mild depression", false),
            (MeasureKind::Phq9, 9, 13, "Mild depression", false),
            (MeasureKind::Phq9, 10, 13, "Moderate depression", true),
            (MeasureKind::Phq9, 14, 13, "Moderate depression", true),
            (MeasureKind::Phq9, 15, 13, "Moderately severe depression", true),
            (MeasureKind::Phq9, 19, 13, "Moderately severe depression", true),
            (MeasureKind::Phq9, 20, 13, "Severe depression", true),
            (MeasureKind::Phq9, 27, 13, "Severe depression", true),
            (MeasureKind::Gad7, 4, 13, "Minimal anxiety", false),
            (MeasureKind::Gad7, 5, 13, "Mild anxiety", false),
            (MeasureKind::Gad7, 9, 13, "Mild anxiety", false),
            (MeasureKind::Gad7, 10, 13, "Moderate anxiety", true),
            (MeasureKind::Gad7, 14, 13, "Moderate anxiety", true),
            (MeasureKind::Gad7, 15, 13, "Severe anxiety", true),
            (MeasureKind::Gad7, 21, 13, "Severe anxiety", true),
        ];
        for &(kind, total, threshold, label, elevated) in cases {
            let b = band(kind, total, threshold);
            assert_eq!((b.label.as_str(), b.elevated), (label, elevated), "{kind:?} total {total}");
        }
    }

    #[test]
    fn the_published_item_lists_have_the_right_lengths() {
        assert_eq!(PHQ9_ITEMS.len(), MeasureKind::Phq9.items());
        assert_eq!(GAD7_ITEMS.len(), MeasureKind::Gad7.items());
        assert_eq!(EPDS_LABELS.len(), MeasureKind::Epds.items());
        assert_eq!(MeasureKind::Epds.max_total(), 30);
        assert_eq!(MeasureKind::Phq9.max_total(), 27);
        assert_eq!(MeasureKind::Gad7.max_total(), 21);
    }
}
