//! The form template language (see `assets/forms/README.md`): a title line, `##` sections,
//! paragraphs, `- ` bullets, `> ` fine print, `{{placeholders}}` and `[signature: ...]`-style
//! directives, with `**bold**` and `*italic*` inside text.
//!
//! [`parse`] checks everything once, when a template is saved, and reports every problem with its
//! line; [`Template::fill`] then cannot fail on structure, and values typed by a person (a
//! client's name) are inserted literally, never read as markup.

use std::fmt;

use super::fonts::{fonts, FontStyle};
use super::layout::{parse_inline, Block, CheckItem, Span};

/// Every placeholder a template may use.
pub const PLACEHOLDERS: &[&str] = &[
    "practice.name",
    "practice.therapist",
    "practice.credentials",
    "practice.licenses",
    "practice.license_states",
    "practice.address",
    "practice.phone",
    "practice.email",
    "practice.website",
    "practice.crisis",
    "practice.after_hours",
    "practice.session_fee",
    "practice.cancellation_window",
    "practice.cancellation_fee",
    "practice.telehealth_states",
    "practice.board_name",
    "practice.board_address",
    "practice.board_phone",
    "practice.board_website",
    "client.name",
    "client.preferred_name",
    "client.code",
    "client.date_of_birth",
    "client.address",
    "client.contact_preferences",
    "authorization.recipient_name",
    "authorization.recipient_organisation",
    "authorization.recipient_address",
    "authorization.recipient_phone",
    "authorization.information",
    "authorization.dates_covered",
    "authorization.other_information",
    "authorization.purpose",
    "authorization.effective_date",
    "authorization.expiry",
    "plan.reference",
    "plan.written_on",
    "plan.presenting_problems",
    "plan.interventions",
    "plan.modality",
    "plan.frequency",
    "plan.measures",
    "plan.next_review",
    "plan.review_every",
    "plan.diagnoses",
    "plan.goals",
    "form.effective_date",
    "today",
];

/// Placeholders that stand for a list, each item one bullet: written alone on a bullet line,
/// `- {{plan.goals}}`. An empty list prints one line to fill in by hand.
pub const LIST_PLACEHOLDERS: &[&str] = &["plan.diagnoses", "plan.goals"];

/// Yes/no values: each binds a box, `- [{{authorization.conversations}}] ...`, which prints ticked
/// when the value is [`TICKED`] and empty otherwise (a blank form, a kind she did not choose).
pub const TICK_PLACEHOLDERS: &[&str] = &[
    "authorization.attendance_dates",
    "authorization.diagnosis",
    "authorization.treatment_plan",
    "authorization.treatment_summary",
    "authorization.progress_notes",
    "authorization.measures",
    "authorization.billing",
    "authorization.psychotherapy_notes",
    "authorization.conversations",
    "authorization.other",
];

/// The value of a yes/no placeholder that ticks its box.
pub const TICKED: &str = "yes";

/// What an empty value prints as: a line to fill in by hand.
const BLANK: &str = "________________";
/// Templates are a few pages; anything far larger is a paste gone wrong.
const MAX_TEMPLATE_BYTES: usize = 200_000;
const MAX_FILL_IN_LINES: u8 = 6;
/// How a list item asks for a tick by hand: `- [ ] Diagnosis`.
const CHECK_BOX: &str = "[ ]";
/// How a list item binds its box to a yes/no value: `- [{{authorization.measures}}] Measures`.
const BOUND_BOX: &str = "[{{";

/// One problem in a template, with the line it is on (1-based).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TemplateProblem {
    pub line: usize,
    pub reason: String,
}

impl fmt::Display for TemplateProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Line {}: {}", self.line, self.reason)
    }
}

/// A checked template: its title and its parts, with placeholders still in place.
#[derive(Debug, Clone, PartialEq)]
pub struct Template {
    pub title: String,
    parts: Vec<Part>,
}

#[derive(Debug, Clone, PartialEq)]
enum Part {
    Heading(String),
    Paragraph(String),
    Note(String),
    Bullets(Vec<String>),
    /// `- [ ] item` lines (boxes to tick by hand) and `- [{{name}}] item` lines (ticked when
    /// the yes/no value `name` is yes).
    CheckBoxes(Vec<CheckBox>),
    Signature(String),
    FillIn {
        label: String,
        lines: u8,
    },
    PageBreak,
}

#[derive(Debug, Clone, PartialEq)]
struct CheckBox {
    bound: Option<String>,
    text: String,
}

/// A list item that is a box: `Some(Ok(..))` with its binding and text, `Some(Err(reason))` for a
/// box written wrongly, `None` for an ordinary bullet.
fn check_box(item: &str) -> Option<Result<CheckBox, String>> {
    if let Some(text) = item.strip_prefix(CHECK_BOX) {
        return Some(Ok(CheckBox { bound: None, text: text.trim_start().to_owned() }));
    }
    let rest = item.strip_prefix(BOUND_BOX)?;
    let Some((name, text)) = rest.split_once("}}]") else {
        return Some(Err("A box bound to a value is written “- [{{name}}] text”, closed with “}}]”.".into()));
    };
    let name = name.trim();
    if TICK_PLACEHOLDERS.contains(&name) {
        Some(Ok(CheckBox { bound: Some(name.to_owned()), text: text.trim_start().to_owned() }))
    } else if PLACEHOLDERS.contains(&name) {
        Some(Err(format!(
            "“{{{{{name}}}}}” is not a yes/no value, so it cannot tick a box. The yes/no values are listed under \
             the editor."
        )))
    } else {
        Some(Err(format!("Unknown yes/no value “{{{{{name}}}}}”. The yes/no values are listed under the editor.")))
    }
}

/// Parses and checks a template. Returns every problem found, in line order.
pub fn parse(text: &str) -> Result<Template, Vec<TemplateProblem>> {
    let mut problems = Vec::new();
    if text.len() > MAX_TEMPLATE_BYTES {
        return Err(vec![TemplateProblem {
            line: 1,
            reason: "The form is too long (over 200,000 characters).".into(),
        }]);
    }
    let mut title: Option<String> = None;
    let mut parts = Vec::new();
    // Text being gathered: the kind, the line it began on, and the text so far.
    let mut open: Option<(Gathering, usize, String)> = None;
    let mut bullets: Vec<(usize, String)> = Vec::new();

    let flush = |open: &mut Option<(Gathering, usize, String)>,
                 bullets: &mut Vec<(usize, String)>,
                 parts: &mut Vec<Part>,
                 problems: &mut Vec<TemplateProblem>| {
        if let Some((kind, line, text)) = open.take() {
            check_text(&text, line, problems);
            parts.push(match kind {
                Gathering::Paragraph => Part::Paragraph(text),
                Gathering::Note => Part::Note(text),
            });
        }
        if !bullets.is_empty() {
            let boxes: Vec<(usize, Option<Result<CheckBox, String>>)> =
                bullets.iter().map(|(line, item)| (*line, check_box(item))).collect();
            if boxes.iter().all(|(_, b)| b.is_none()) {
                for (line, item) in bullets.iter().filter(|(_, item)| list_item(item).is_none()) {
                    check_text(item, *line, problems);
                }
                parts.push(Part::Bullets(bullets.drain(..).map(|(_, item)| item).collect()));
            } else {
                let mut items = Vec::with_capacity(boxes.len());
                let mut mixed = false;
                for (line, b) in boxes {
                    match b {
                        Some(Ok(b)) => {
                            check_text(&b.text, line, problems);
                            items.push(b);
                        }
                        Some(Err(reason)) => problems.push(problem(line, &reason)),
                        None if !mixed => {
                            mixed = true;
                            problems.push(problem(
                                line,
                                "In a list of boxes, every item starts with “[ ]” (or “[{{name}}]” for a box ticked \
                                 by a yes/no value).",
                            ));
                        }
                        None => {}
                    }
                }
                bullets.clear();
                parts.push(Part::CheckBoxes(items));
            }
        }
    };

    for (index, raw) in text.lines().enumerate() {
        let line_no = index + 1;
        let line = raw.trim_end();
        let trimmed = line.trim_start();
        if trimmed.is_empty() {
            flush(&mut open, &mut bullets, &mut parts, &mut problems);
            continue;
        }
        // A continuation of the bullet above: indented, and not itself a bullet.
        if line.starts_with("  ") && !trimmed.starts_with("- ") && open.is_none() {
            if let Some((_, item)) = bullets.last_mut() {
                item.push(' ');
                item.push_str(trimmed);
                continue;
            }
        }
        if let Some(rest) = trimmed.strip_prefix("# ") {
            flush(&mut open, &mut bullets, &mut parts, &mut problems);
            if title.is_some() || !parts.is_empty() {
                problems.push(problem(line_no, "Only the first line may be a title (“# ”); use “## ” for a section."));
            } else if rest.contains("{{") {
                problems.push(problem(
                    line_no,
                    "The title cannot hold a placeholder: it names the form in lists and page footers.",
                ));
                title = Some(rest.trim().to_owned());
            } else {
                check_text(rest.trim(), line_no, &mut problems);
                title = Some(rest.trim().to_owned());
            }
            continue;
        }
        if title.is_none() && problems.is_empty() {
            problems.push(problem(line_no, "The form must start with its title on a line beginning with “# ”."));
        }
        if let Some(rest) = trimmed.strip_prefix("## ") {
            flush(&mut open, &mut bullets, &mut parts, &mut problems);
            check_text(rest.trim(), line_no, &mut problems);
            parts.push(Part::Heading(rest.trim().to_owned()));
        } else if trimmed.starts_with('#') {
            problems.push(problem(line_no, "Only “# ” (the title) and “## ” (a section) are headings."));
        } else if let Some(rest) = trimmed.strip_prefix("- ") {
            if open.is_some() {
                flush(&mut open, &mut bullets, &mut parts, &mut problems);
            }
            bullets.push((line_no, rest.trim().to_owned()));
        } else if trimmed.starts_with('[') {
            flush(&mut open, &mut bullets, &mut parts, &mut problems);
            match directive(trimmed) {
                Ok(part) => {
                    if let Part::Signature(label) | Part::FillIn { label, .. } = &part {
                        check_text(label, line_no, &mut problems);
                    }
                    parts.push(part);
                }
                Err(reason) => problems.push(problem(line_no, &reason)),
            }
        } else {
            let (kind, content) = match trimmed.strip_prefix('>') {
                Some(rest) => (Gathering::Note, rest.trim()),
                None => (Gathering::Paragraph, trimmed),
            };
            if !bullets.is_empty() || open.as_ref().is_some_and(|(k, _, _)| *k != kind) {
                flush(&mut open, &mut bullets, &mut parts, &mut problems);
            }
            match &mut open {
                Some((_, _, text)) => {
                    text.push(' ');
                    text.push_str(content);
                }
                None => open = Some((kind, line_no, content.to_owned())),
            }
        }
    }
    flush(&mut open, &mut bullets, &mut parts, &mut problems);

    let Some(title) = title else {
        if problems.is_empty() {
            problems.push(problem(1, "The form is empty: start with its title on a line beginning with “# ”."));
        }
        return Err(problems);
    };
    if title.is_empty() {
        problems.push(problem(1, "The title is empty."));
    }
    if parts.is_empty() {
        problems.push(problem(1, "The form has a title but no text."));
    }
    if problems.is_empty() {
        Ok(Template { title, parts })
    } else {
        problems.sort_by_key(|p| p.line);
        Err(problems)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Gathering {
    Paragraph,
    Note,
}

fn problem(line: usize, reason: &str) -> TemplateProblem {
    TemplateProblem { line, reason: reason.to_owned() }
}

/// `[signature: Label]`, `[fill-in: Label]`, `[fill-in: Label | 3]` or `[page break]`.
fn directive(line: &str) -> Result<Part, String> {
    let Some(inner) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) else {
        return Err("A line starting with “[” must end with “]” (for example “[signature: Client]”).".into());
    };
    let (name, arg) = match inner.split_once(':') {
        Some((name, arg)) => (name.trim().to_ascii_lowercase(), Some(arg.trim())),
        None => (inner.trim().to_ascii_lowercase(), None),
    };
    match (name.as_str(), arg) {
        ("page break", None) => Ok(Part::PageBreak),
        ("signature", Some(label)) if !label.is_empty() => Ok(Part::Signature(label.to_owned())),
        ("fill-in", Some(arg)) => {
            let (label, lines) = match arg.split_once('|') {
                Some((label, n)) => match n.trim().parse::<u8>() {
                    Ok(n) if (1..=MAX_FILL_IN_LINES).contains(&n) => (label.trim(), n),
                    _ => return Err(format!("A fill-in has 1 to {MAX_FILL_IN_LINES} lines (after “|”).")),
                },
                None => (arg, 1),
            };
            if label.is_empty() {
                return Err("A fill-in needs a label, for example “[fill-in: Recipient's address | 2]”.".into());
            }
            Ok(Part::FillIn { label: label.to_owned(), lines })
        }
        ("signature" | "fill-in", _) => Err(format!("“[{name}: ...]” needs a label after the colon.")),
        _ => Err("Unknown instruction in “[...]”: use [signature: ...], [fill-in: ...] or [page break].".into()),
    }
}

/// Checks one piece of text: placeholders known and closed, bold/italic closed, every character
/// printable in the document font.
fn check_text(text: &str, line: usize, problems: &mut Vec<TemplateProblem>) {
    for piece in split_placeholders(text) {
        match piece {
            Piece::Text(_) => {}
            Piece::Placeholder(name) if LIST_PLACEHOLDERS.contains(&name) => problems.push(problem(
                line,
                &format!("“{{{{{name}}}}}” is a list: write it alone on a bullet line, “- {{{{{name}}}}}”."),
            )),
            Piece::Placeholder(name) if PLACEHOLDERS.contains(&name) => {}
            Piece::Placeholder(name) if TICK_PLACEHOLDERS.contains(&name) => problems.push(problem(
                line,
                &format!(
                    "“{{{{{name}}}}}” is a yes/no value: it ticks a box (“- [{{{{{name}}}}}] ...”) and cannot print \
                     as text."
                ),
            )),
            Piece::Placeholder(name) => problems.push(problem(
                line,
                &format!("Unknown placeholder “{{{{{name}}}}}”. The placeholders are listed under the editor."),
            )),
            Piece::Unclosed => problems.push(problem(line, "A placeholder opened with “{{” is not closed with “}}”.")),
        }
    }
    if let Err(reason) = check_inline(text) {
        problems.push(problem(line, reason));
    }
    if let Some(ch) = first_unprintable(text) {
        problems.push(problem(
            line,
            &format!(
                "The character “{}” (U+{:04X}) cannot be printed: the document font has no symbol for it.",
                ch.escape_debug(),
                u32::from(ch)
            ),
        ));
    }
}

/// The first character none of the document's faces can print.
pub fn first_unprintable(text: &str) -> Option<char> {
    let fonts = fonts().ok()?;
    text.chars()
        .filter(|c| !c.is_whitespace())
        .find(|&ch| FontStyle::ALL.iter().any(|&style| fonts.face(style).advance_em(ch).is_none()))
}

/// Bold and italic marks must be closed in the same paragraph, list item or heading (the
/// renderer would otherwise print the asterisks, which is never what she meant).
fn check_inline(text: &str) -> Result<(), &'static str> {
    let (mut bold, mut italic) = (false, false);
    let mut chars = text.chars().peekable();
    while let Some(ch) = chars.next() {
        match ch {
            '\\' => {
                chars.next();
            }
            '*' if chars.peek() == Some(&'*') => {
                chars.next();
                bold = !bold;
            }
            '*' => italic = !italic,
            _ => {}
        }
    }
    match (bold, italic) {
        (true, _) => Err("A bold mark “**” is not closed (write \\* for a literal asterisk)."),
        (_, true) => Err("An italic mark “*” is not closed (write \\* for a literal asterisk)."),
        _ => Ok(()),
    }
}

enum Piece<'a> {
    Text(&'a str),
    Placeholder(&'a str),
    Unclosed,
}

fn split_placeholders(text: &str) -> Vec<Piece<'_>> {
    let mut pieces = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find("{{") {
        if start > 0 {
            pieces.push(Piece::Text(&rest[..start]));
        }
        match rest[start + 2..].find("}}") {
            Some(end) => {
                pieces.push(Piece::Placeholder(rest[start + 2..start + 2 + end].trim()));
                rest = &rest[start + 2 + end + 2..];
            }
            None => {
                pieces.push(Piece::Unclosed);
                return pieces;
            }
        }
    }
    if !rest.is_empty() {
        pieces.push(Piece::Text(rest));
    }
    pieces
}

/// The list placeholder a bullet item consists of, if it is exactly one (`{{plan.goals}}`).
fn list_item(item: &str) -> Option<&str> {
    let name = item.trim().strip_prefix("{{")?.strip_suffix("}}")?.trim();
    LIST_PLACEHOLDERS.contains(&name).then_some(name)
}

/// The placeholder names in one piece of text.
fn names_in(text: &str) -> impl Iterator<Item = &str> {
    split_placeholders(text).into_iter().filter_map(|piece| match piece {
        Piece::Placeholder(name) => Some(name),
        _ => None,
    })
}

/// Replaces placeholders in already-parsed spans. A value is text typed by a person: it is
/// inserted as it is, never read as markup. An empty value prints as a line to write on.
fn substitute(spans: Vec<Span>, value: &dyn Fn(&str) -> String) -> Vec<Span> {
    spans
        .into_iter()
        .map(|span| {
            let text = split_placeholders(&span.text)
                .into_iter()
                .map(|piece| match piece {
                    Piece::Text(t) => t.to_owned(),
                    Piece::Placeholder(name) => {
                        let v = value(name);
                        let v = v.trim();
                        if v.is_empty() {
                            BLANK.to_owned()
                        } else {
                            v.to_owned()
                        }
                    }
                    Piece::Unclosed => String::new(),
                })
                .collect();
            Span { text, style: span.style }
        })
        .collect()
}

fn fill_plain(text: &str, value: &dyn Fn(&str) -> String) -> String {
    substitute(vec![Span::regular(text)], value).into_iter().map(|s| s.text).collect()
}

impl Template {
    /// The document blocks with every placeholder replaced by `value(name)` (list placeholders
    /// print as one line to fill in by hand).
    pub fn fill(&self, value: &dyn Fn(&str) -> String) -> Vec<Block> {
        self.fill_lists(value, &|_| Vec::new())
    }

    /// The document blocks with every placeholder replaced by `value(name)`, and each bullet that
    /// is a list placeholder by the items `list(name)` gives, one bullet each. Items are built
    /// in code from what she typed, never read as markup.
    pub fn fill_lists(&self, value: &dyn Fn(&str) -> String, list: &dyn Fn(&str) -> Vec<Vec<Span>>) -> Vec<Block> {
        let mut blocks = vec![Block::heading(1, fill_plain(&self.title, value))];
        for part in &self.parts {
            blocks.push(match part {
                Part::Heading(text) => Block::heading(2, fill_plain(text, value)),
                Part::Paragraph(text) => Block::Paragraph(substitute(parse_inline(text), value)),
                Part::Note(text) => Block::Note(substitute(parse_inline(text), value)),
                Part::Bullets(items) => Block::BulletList(
                    items
                        .iter()
                        .flat_map(|item| match list_item(item).map(list) {
                            None => vec![substitute(parse_inline(item), value)],
                            Some(listed) if listed.is_empty() => vec![vec![Span::regular(BLANK)]],
                            Some(listed) => listed,
                        })
                        .collect(),
                ),
                Part::CheckBoxes(items) => Block::CheckList(
                    items
                        .iter()
                        .map(|b| CheckItem {
                            ticked: b.bound.as_deref().is_some_and(|name| value(name).trim() == TICKED),
                            text: substitute(parse_inline(&b.text), value),
                        })
                        .collect(),
                ),
                Part::Signature(label) => Block::signature(fill_plain(label, value)),
                Part::FillIn { label, lines } => Block::write_in(fill_plain(label, value), *lines),
                Part::PageBreak => Block::PageBreak,
            });
        }
        blocks
    }

    /// The placeholders this template uses (yes/no values too), in order of first use.
    pub fn placeholders(&self) -> Vec<&str> {
        let mut used: Vec<&str> = names_in(&self.title).collect();
        for part in &self.parts {
            match part {
                Part::Heading(t) | Part::Paragraph(t) | Part::Note(t) | Part::Signature(t) => used.extend(names_in(t)),
                Part::FillIn { label, .. } => used.extend(names_in(label)),
                Part::Bullets(items) => used.extend(items.iter().flat_map(|item| names_in(item))),
                Part::CheckBoxes(items) => {
                    for b in items {
                        used.extend(b.bound.as_deref());
                        used.extend(names_in(&b.text));
                    }
                }
                Part::PageBreak => {}
            }
        }
        let mut names = Vec::new();
        for name in used {
            if !names.contains(&name) {
                names.push(name);
            }
        }
        names
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::forms::FontStyle;

    fn values(name: &str) -> String {
        match name {
            "client.name" => "Ana *Star* Lee".into(),
            "practice.name" => "Willow Counseling".into(),
            _ => String::new(),
        }
    }

    #[test]
    fn a_list_placeholder_prints_one_bullet_per_item_and_only_alone_on_a_bullet_line() {
        let t = parse("# Plan\n## Goals\n- {{plan.goals}}\n- Reviewed together").expect("valid");
        let goals = |name: &str| match name {
            "plan.goals" => vec![vec![Span::bold("Sleep")], vec![Span::regular("*Walk* daily")]],
            _ => Vec::new(),
        };
        let blocks = t.fill_lists(&values, &goals);
        assert_eq!(
            blocks[2],
            Block::BulletList(vec![
                vec![Span::bold("Sleep")],
                vec![Span::regular("*Walk* daily")],
                vec![Span::regular("Reviewed together")]
            ]),
            "each item is a bullet, its text printed as typed"
        );
        assert_eq!(
            t.fill(&values)[2],
            Block::BulletList(vec![vec![Span::regular(BLANK)], vec![Span::regular("Reviewed together")]])
        );
        for misplaced in ["# Plan\nGoals: {{plan.goals}}", "# Plan\n- Goals: {{plan.goals}}"] {
            let problems = parse(misplaced).expect_err("a list inside text");
            assert!(problems[0].reason.contains("alone on a bullet line"), "{}", problems[0].reason);
        }
    }

    #[test]
    fn a_template_becomes_title_sections_paragraphs_lists_and_signatures() {
        let text = "# Consent\n\n## About {{practice.name}}\nFirst line\njoined here.\n\n- one\n- two\n  continued\n> fine\n> print\n[signature: Client]\n[fill-in: Address | 2]\n[page break]\nEnd.";
        let t = parse(text).expect("valid");
        assert_eq!(t.title, "Consent");
        let blocks = t.fill(&values);
        assert_eq!(blocks[0], Block::heading(1, "Consent"));
        assert_eq!(blocks[1], Block::heading(2, "About Willow Counseling"));
        assert_eq!(blocks[2], Block::plain("First line joined here."));
        assert_eq!(
            blocks[3],
            Block::BulletList(vec![vec![Span::regular("one")], vec![Span::regular("two continued")]])
        );
        assert_eq!(blocks[4], Block::Note(vec![Span::regular("fine print")]));
        assert_eq!(blocks[5], Block::signature("Client"));
        assert_eq!(blocks[6], Block::write_in("Address", 2));
        assert_eq!(blocks[7], Block::PageBreak);
        assert_eq!(blocks.len(), 9);
    }

    #[test]
    fn values_are_inserted_literally_and_empty_ones_print_as_a_blank_line() {
        let t = parse("# T\n**Client:** {{client.name}}, born {{client.date_of_birth}}").expect("valid");
        let blocks = t.fill(&values);
        let Block::Paragraph(spans) = &blocks[1] else { panic!("a paragraph") };
        assert_eq!(spans[0], Span::bold("Client:"));
        assert_eq!(spans[1], Span { text: " Ana *Star* Lee, born ________________".into(), style: FontStyle::Regular });
    }

    #[test]
    fn every_problem_is_reported_with_its_line() {
        let text = "# Title\nHello {{client.nmae}}\n\n**bold never closed\n\n[signature]\n[fill-in: X | 9]\n[stamp: here]\nSnow ☃\n# Second title\n{{practice.name";
        let problems = parse(text).expect_err("broken");
        let lines: Vec<usize> = problems.iter().map(|p| p.line).collect();
        assert_eq!(lines, vec![2, 4, 6, 7, 8, 9, 10, 11], "{problems:#?}");
        assert!(problems[0].reason.contains("{{client.nmae}}"));
        assert!(problems[1].reason.contains("bold"));
        assert!(problems[5].reason.contains("U+2603"));
        assert_eq!(problems[0].to_string(), format!("Line 2: {}", problems[0].reason));
    }

    #[test]
    fn a_form_needs_a_title_first_and_some_text() {
        assert_eq!(parse("").expect_err("empty")[0].line, 1);
        assert_eq!(parse("Text first\n# Title").expect_err("no title first")[0].line, 1);
        assert!(parse("# Only a title").expect_err("no text")[0].reason.contains("no text"));
        assert!(parse("# T\nA \\* literal *and italic*").is_ok());
    }

    fn unticked(text: &str) -> CheckItem {
        CheckItem { ticked: false, text: vec![Span::regular(text)] }
    }

    #[test]
    fn a_list_of_boxes_to_tick_is_all_boxes_or_refused() {
        let t = parse("# T\n- [ ] Diagnosis\n- [ ] Progress notes").expect("valid");
        assert_eq!(t.fill(&values)[1], Block::CheckList(vec![unticked("Diagnosis"), unticked("Progress notes")]));
        let mixed = parse("# T\n- [ ] Diagnosis\n- Progress notes").expect_err("mixed");
        assert_eq!(mixed[0].line, 3);
        let mixed = parse("# T\n- [{{authorization.measures}}] Measures\n- Progress notes").expect_err("mixed");
        assert_eq!(mixed[0].line, 3);
    }

    const BOUND: &str = "# T\n- [{{authorization.progress_notes}}] Progress notes\n- [{{authorization.measures}}] \
                         Measures\n- [ ] Anything else, by hand";

    #[test]
    fn a_box_bound_to_a_yes_value_prints_ticked_and_one_bound_to_anything_else_prints_empty() {
        let t = parse(BOUND).expect("valid");
        let chosen = |name: &str| if name == "authorization.progress_notes" { TICKED.to_owned() } else { "no".into() };
        let Block::CheckList(items) = &t.fill(&chosen)[1] else { panic!("a list of boxes") };
        let ticks: Vec<bool> = items.iter().map(|i| i.ticked).collect();
        assert_eq!(ticks, [true, false, false], "only the chosen kind is ticked; a box by hand never is");
        assert_eq!(items[0].text, vec![Span::regular("Progress notes")], "the binding does not print");
        assert_eq!(t.placeholders(), ["authorization.progress_notes", "authorization.measures"]);
    }

    #[test]
    fn a_blank_form_prints_its_bound_boxes_empty_to_tick_by_hand() {
        let t = parse(BOUND).expect("valid");
        let Block::CheckList(items) = &t.fill(&|_| String::new())[1] else { panic!("a list of boxes") };
        assert!(items.iter().all(|i| !i.ticked), "{items:?}");
    }

    #[test]
    fn a_box_bound_to_an_unknown_or_a_text_value_is_refused_with_its_line() {
        let text = "# T\n\n- [{{authorization.progres_notes}}] Progress notes\n- [{{client.name}}] Name\n- \
                    [{{authorization.measures] Measures\n\nShares {{authorization.conversations}}.";
        let problems = parse(text).expect_err("broken");
        let lines: Vec<usize> = problems.iter().map(|p| p.line).collect();
        assert_eq!(lines, [3, 4, 5, 7], "{problems:#?}");
        assert!(problems[0].reason.contains("Unknown yes/no value “{{authorization.progres_notes}}”"));
        assert!(problems[1].reason.contains("not a yes/no value"));
        assert!(problems[2].reason.contains("closed with “}}]”"));
        assert!(problems[3].reason.contains("ticks a box"), "a yes/no value does not print as text");
    }

    #[test]
    fn placeholders_lists_each_used_name_once() {
        let t = parse("# T\n{{practice.name}}\n{{client.name}} and {{practice.name}}\n[signature: {{client.name}}]")
            .expect("valid");
        assert!(parse("# For {{client.name}}\nText.").expect_err("placeholder in title")[0].reason.contains("title"));
        assert_eq!(t.placeholders(), vec!["practice.name", "client.name"]);
    }
}
