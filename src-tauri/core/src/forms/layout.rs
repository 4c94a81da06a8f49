//! The document model (a list of [`Block`]s) and the layout engine: inline markup, measuring
//! with the font's advance widths, line wrapping, and pagination that keeps headings with what
//! follows them and never leaves a single paragraph line alone at the top or bottom of a page.
//!
//! Nothing here knows about PDF; [`super::pdf`] turns the laid-out pages into printpdf ops.
//! Units are PostScript points (1/72 inch). Offsets inside a box grow downwards from its top.

use std::borrow::Cow;

use unicode_bidi::{bidi_class, BidiClass, BidiInfo, Level};
use unicode_normalization::{char::is_combining_mark, is_nfc, UnicodeNormalization};

use super::fonts::{fonts, placeholder, FontSet, FontStyle, Source};
use super::FormsError;

/// A run of text in one style.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Span {
    pub text: String,
    pub style: FontStyle,
}

impl Span {
    pub fn regular(text: impl Into<String>) -> Span {
        Span { text: text.into(), style: FontStyle::Regular }
    }
    pub fn bold(text: impl Into<String>) -> Span {
        Span { text: text.into(), style: FontStyle::Bold }
    }
    pub fn italic(text: impl Into<String>) -> Span {
        Span { text: text.into(), style: FontStyle::Italic }
    }
}

/// One item of a [`Block::CheckList`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckItem {
    pub ticked: bool,
    pub text: Vec<Span>,
}

/// One block of a document, laid out top to bottom.
#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    /// Level 1 (document title) or 2 (section). Any other level prints as 2. Kept on the same
    /// page as the first two lines of whatever follows it.
    Heading { level: u8, text: String },
    /// Body text, wrapped to the measure. A `\n` in a span forces a line break.
    Paragraph(Vec<Span>),
    /// Smaller, grey text: fine print, explanations under a key.
    Note(Vec<Span>),
    /// A bulleted list; each item wraps with a hanging indent.
    BulletList(Vec<Vec<Span>>),
    /// Like a bulleted list, with a box in place of each bullet: empty to tick by hand, or
    /// ticked already.
    CheckList(Vec<CheckItem>),
    /// Large, spaced groups (the recovery key), in a light panel. Each group stays one word in
    /// the PDF text layer so the key copies out cleanly.
    Key { groups: Vec<String> },
    /// A second, longer secret (an age identity) in the rows given, in a light panel: black,
    /// large enough to copy by hand without a mistake, the groups of a row spaced apart without
    /// dashes (so that typing exactly what is printed gives the secret).
    KeyRows(Vec<Vec<String>>),
    /// Commands to type exactly as printed, one per line, in a light panel. A line is never
    /// broken: the type gets smaller instead.
    Commands(Vec<String>),
    /// Vertical space in points; dropped at the top of a page.
    Spacer(f32),
    /// A signature line labelled `label`, with a date line beside it.
    SignatureLines { label: String },
    /// A label followed by `lines` ruled lines to write on by hand.
    WriteIn { label: String, lines: u8 },
    /// Start the next block on a new page.
    PageBreak,
}

impl Block {
    /// A heading; `level` 1 is the document title, 2 a section.
    pub fn heading(level: u8, text: impl Into<String>) -> Block {
        Block::Heading { level, text: text.into() }
    }
    /// A paragraph written with `**bold**` and `*italic*` markup (see [`parse_inline`]).
    pub fn paragraph(markup: &str) -> Block {
        Block::Paragraph(parse_inline(markup))
    }
    /// A paragraph taken literally: asterisks print as asterisks. Use this for text typed by a
    /// person (a client's answer, an address).
    pub fn plain(text: impl Into<String>) -> Block {
        Block::Paragraph(vec![Span::regular(text)])
    }
    /// Fine print written with inline markup.
    pub fn note(markup: &str) -> Block {
        Block::Note(parse_inline(markup))
    }
    /// A bulleted list; each item is written with inline markup.
    pub fn bullets<I, S>(items: I) -> Block
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        Block::BulletList(items.into_iter().map(|item| parse_inline(item.as_ref())).collect())
    }
    /// A key block from text grouped with dashes or spaces (`ABCD-EFGH-...`).
    pub fn key(grouped: &str) -> Block {
        Block::Key {
            groups: grouped
                .split(|c: char| c == '-' || c.is_whitespace())
                .filter(|g| !g.is_empty())
                .map(str::to_owned)
                .collect(),
        }
    }
    pub fn spacer(points: f32) -> Block {
        Block::Spacer(points)
    }
    pub fn signature(label: impl Into<String>) -> Block {
        Block::SignatureLines { label: label.into() }
    }
    pub fn write_in(label: impl Into<String>, lines: u8) -> Block {
        Block::WriteIn { label: label.into(), lines }
    }
}

/// Parses `**bold**` and `*italic*`; a backslash makes the next character literal (`\*`).
///
/// Markup that is not closed by the end of the text is not markup: the whole text is then
/// printed literally (backslash escapes still apply), so a stray asterisk never turns the rest
/// of a paragraph bold. Bold inside italic prints bold.
pub fn parse_inline(markup: &str) -> Vec<Span> {
    let mut spans: Vec<Span> = Vec::new();
    let mut bold = false;
    let mut italic = false;
    let mut buf = String::new();
    let mut chars = markup.chars().peekable();
    let style_of = |bold: bool, italic: bool| {
        if bold {
            FontStyle::Bold
        } else if italic {
            FontStyle::Italic
        } else {
            FontStyle::Regular
        }
    };
    let flush = |buf: &mut String, style: FontStyle, spans: &mut Vec<Span>| {
        if buf.is_empty() {
            return;
        }
        match spans.last_mut() {
            Some(last) if last.style == style => last.text.push_str(buf),
            _ => spans.push(Span { text: std::mem::take(buf), style }),
        }
        buf.clear();
    };
    while let Some(ch) = chars.next() {
        match ch {
            '\\' => match chars.next() {
                Some(next) => buf.push(next),
                None => buf.push('\\'),
            },
            '*' => {
                flush(&mut buf, style_of(bold, italic), &mut spans);
                if chars.peek() == Some(&'*') {
                    chars.next();
                    bold = !bold;
                } else {
                    italic = !italic;
                }
            }
            _ => buf.push(ch),
        }
    }
    if bold || italic {
        return vec![Span::regular(unescape(markup))];
    }
    flush(&mut buf, style_of(bold, italic), &mut spans);
    spans
}

fn unescape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars();
    while let Some(ch) = chars.next() {
        if ch == '\\' {
            out.push(chars.next().unwrap_or('\\'));
        } else {
            out.push(ch);
        }
    }
    out
}

// ---------------------------------------------------------------------------------------------
// Typography. One place for every size and gap, so the forms stay consistent.

pub(crate) const BODY_SIZE: f32 = 11.0;
pub(crate) const BODY_LEADING: f32 = 15.5;
const NOTE_SIZE: f32 = 9.5;
const NOTE_LEADING: f32 = 13.0;
const H1_SIZE: f32 = 20.0;
const H1_LEADING: f32 = 25.0;
const H2_SIZE: f32 = 13.0;
const H2_LEADING: f32 = 18.0;
const PARAGRAPH_GAP: f32 = 8.0;
const AFTER_H1: f32 = 10.0;
const AFTER_H2: f32 = 4.0;
const BEFORE_H1: f32 = 22.0;
const BEFORE_H2: f32 = 18.0;
const BULLET_INDENT: f32 = 18.0;
const BULLET_ITEM_GAP: f32 = 4.0;
const KEY_SIZE: f32 = 16.0;
const KEY_MIN_SIZE: f32 = 13.0;
const KEY_GROUPS_PER_ROW: usize = 5;
const KEY_TRACKING: f32 = 1.4;
const KEY_ROW: f32 = 25.0;
const KEY_PAD_Y: f32 = 9.0;
const KEY_GAP: f32 = 17.0;
const KEY_ROWS_SIZE: f32 = 13.5;
const COMMAND_SIZE: f32 = 10.5;
const COMMAND_MIN_SIZE: f32 = 8.0;
const COMMAND_PAD: f32 = 6.0;
const SIGN_SPACE: f32 = 34.0;
const LABEL_SIZE: f32 = 9.0;
const WRITE_IN_ROW: f32 = 26.0;

/// Colours, as grey levels (0 = black). Print-friendly: no colour ink needed.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Tone {
    Heading,
    Ink,
    Muted,
    Rule,
}

impl Tone {
    pub(crate) fn grey(self) -> f32 {
        match self {
            Tone::Heading => 0.0,
            Tone::Ink => 0.12,
            Tone::Muted => 0.40,
            Tone::Rule => 0.62,
        }
    }
}

/// Text in one style from one font, positioned as part of an [`Item::Text`] line.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Run {
    pub(crate) style: FontStyle,
    /// The font it prints in (never [`Source::Ignored`]).
    pub(crate) source: Source,
    pub(crate) text: String,
    /// Extra points to move right before this run (puts key groups in columns).
    pub(crate) shift: f32,
    /// A different tone for this run only.
    pub(crate) tone: Option<Tone>,
}

impl Run {
    pub(crate) fn new(style: FontStyle, text: impl Into<String>) -> Run {
        Run { style, source: Source::Primary, text: text.into(), shift: 0.0, tone: None }
    }
}

/// Something to draw, relative to its box: `x` from the left margin, `y` down from the box top.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Item {
    Text {
        x: f32,
        baseline: f32,
        size: f32,
        tracking: f32,
        tone: Tone,
        runs: Vec<Run>,
    },
    Rule {
        x1: f32,
        x2: f32,
        y: f32,
        thickness: f32,
        tone: Tone,
    },
    /// A light filled panel with a hairline border.
    Panel {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum BoxKind {
    Heading,
    Body,
    Spacer,
    PageBreak,
}

/// The unit of pagination: a line of text, a heading line, a key panel, a signature block.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct LaidBox {
    pub(crate) kind: BoxKind,
    pub(crate) height: f32,
    pub(crate) space_before: f32,
    /// This box must be on the same page as the next one.
    pub(crate) keep_with_next: bool,
    pub(crate) items: Vec<Item>,
}

impl LaidBox {
    fn new(kind: BoxKind, height: f32, space_before: f32, items: Vec<Item>) -> LaidBox {
        LaidBox { kind, height, space_before, keep_with_next: false, items }
    }
}

/// Lays every block out at `width` points wide.
pub(crate) fn build_boxes(
    blocks: &[Block],
    fonts: &FontSet,
    width: f32,
    page_height: f32,
) -> Result<Vec<LaidBox>, FormsError> {
    let mut boxes = Vec::new();
    // The gap before the next block is smaller right after a heading.
    let mut after_heading: Option<f32> = None;
    for block in blocks {
        let gap = |normal: f32| after_heading.unwrap_or(normal);
        let start = boxes.len();
        match block {
            Block::Heading { level, text } => {
                let (size, leading, before, after) = if *level <= 1 {
                    (H1_SIZE, H1_LEADING, BEFORE_H1, AFTER_H1)
                } else {
                    (H2_SIZE, H2_LEADING, BEFORE_H2, AFTER_H2)
                };
                let spans = [Span::bold(text.as_str())];
                let lines = wrap(&spans, fonts, size, 0.0, width);
                push_lines(
                    &mut boxes,
                    BoxKind::Heading,
                    lines,
                    TextFormat::new(size, leading, Tone::Heading),
                    gap(before),
                );
                // Every line of a heading stays with the next block.
                for b in &mut boxes[start..] {
                    b.keep_with_next = true;
                }
                if boxes.len() > start {
                    after_heading = Some(after);
                }
                continue;
            }
            Block::Paragraph(spans) => {
                let lines = wrap(spans, fonts, BODY_SIZE, 0.0, width);
                push_lines(
                    &mut boxes,
                    BoxKind::Body,
                    lines,
                    TextFormat::new(BODY_SIZE, BODY_LEADING, Tone::Ink),
                    gap(PARAGRAPH_GAP),
                );
                keep_lines_together(&mut boxes[start..]);
            }
            Block::Note(spans) => {
                let lines = wrap(spans, fonts, NOTE_SIZE, 0.0, width);
                push_lines(
                    &mut boxes,
                    BoxKind::Body,
                    lines,
                    TextFormat::new(NOTE_SIZE, NOTE_LEADING, Tone::Muted),
                    gap(PARAGRAPH_GAP),
                );
                keep_lines_together(&mut boxes[start..]);
            }
            Block::BulletList(items) => {
                let items = items.iter().map(|item| (Marker::Bullet, item.as_slice()));
                list_boxes(&mut boxes, items, fonts, width, gap)?
            }
            Block::CheckList(items) => {
                let items = items.iter().map(|item| (Marker::CheckBox { ticked: item.ticked }, item.text.as_slice()));
                list_boxes(&mut boxes, items, fonts, width, gap)?
            }
            Block::Key { groups } => {
                if let Some(b) = key_box(groups, fonts, width, gap(PARAGRAPH_GAP + 4.0)) {
                    boxes.push(b);
                }
            }
            Block::KeyRows(rows) => {
                if let Some(b) = key_rows_box(rows, fonts, width, gap(PARAGRAPH_GAP + 4.0)) {
                    boxes.push(b);
                }
            }
            Block::Commands(lines) => {
                if let Some(b) = commands_box(lines, fonts, width, gap(PARAGRAPH_GAP - 2.0)) {
                    boxes.push(b);
                }
            }
            Block::Spacer(points) => {
                let h = if points.is_finite() { points.clamp(0.0, page_height) } else { 0.0 };
                if h > 0.0 {
                    boxes.push(LaidBox::new(BoxKind::Spacer, h, 0.0, Vec::new()));
                }
                // A spacer after a heading keeps the heading's small gap for the next block.
                continue;
            }
            Block::SignatureLines { label } => {
                boxes.push(signature_box(label, fonts, width, gap(PARAGRAPH_GAP + 10.0))?);
            }
            Block::WriteIn { label, lines } => {
                boxes.push(write_in_box(label, *lines, fonts, width, gap(PARAGRAPH_GAP + 4.0))?);
            }
            Block::PageBreak => {
                boxes.push(LaidBox::new(BoxKind::PageBreak, 0.0, 0.0, Vec::new()));
            }
        }
        if boxes.len() > start || matches!(block, Block::PageBreak) {
            after_heading = None;
        }
    }
    // A heading at the very end has nothing to keep with.
    if let Some(last) = boxes.last_mut() {
        last.keep_with_next = false;
    }
    for b in &boxes {
        if b.height > page_height {
            return Err(FormsError::BlockTooLarge);
        }
    }
    Ok(boxes)
}

#[derive(Debug, Clone, Copy)]
struct TextFormat {
    size: f32,
    leading: f32,
    tone: Tone,
    indent: f32,
}

impl TextFormat {
    fn new(size: f32, leading: f32, tone: Tone) -> TextFormat {
        TextFormat { size, leading, tone, indent: 0.0 }
    }
}

/// Where the baseline sits in a line box: optically centred for mixed-case text.
pub(crate) fn baseline(leading: f32, size: f32) -> f32 {
    leading / 2.0 + size * 0.33
}

fn push_lines(boxes: &mut Vec<LaidBox>, kind: BoxKind, lines: Vec<Line>, format: TextFormat, space_before: f32) {
    for (i, Line { runs, x }) in lines.into_iter().enumerate() {
        let items = if runs.is_empty() {
            Vec::new() // an empty line from "\n\n" still takes its height
        } else {
            vec![Item::Text {
                x: format.indent + x,
                baseline: baseline(format.leading, format.size),
                size: format.size,
                tracking: 0.0,
                tone: format.tone,
                runs,
            }]
        };
        let before = if i == 0 { space_before } else { 0.0 };
        boxes.push(LaidBox::new(kind, format.leading, before, items));
    }
}

/// No orphans (a first line alone at the bottom of a page) and no widows (a last line alone at
/// the top of the next): the first two and the last two lines of a paragraph stay together.
fn keep_lines_together(lines: &mut [LaidBox]) {
    let n = lines.len();
    if n < 2 {
        return;
    }
    lines[0].keep_with_next = true;
    lines[n - 2].keep_with_next = true;
}

#[derive(Debug, Clone, Copy)]
struct Glyph {
    style: FontStyle,
    source: Source,
    ch: char,
    width: f32,
}

enum Token {
    Word(Vec<Glyph>, f32),
    Space(Glyph),
    Break,
}

/// Splits styled text into words, spaces and forced breaks, each character measured in the
/// font it will print in. Text is composed first (NFC), so a letter typed as a base and a
/// combining accent prints as the one accented glyph the fonts have.
fn tokenize(spans: &[Span], fonts: &FontSet, size: f32, tracking: f32) -> Vec<Token> {
    let mut tokens = Vec::new();
    let mut word: Vec<Glyph> = Vec::new();
    let mut word_width = 0.0;
    let end_word = |tokens: &mut Vec<Token>, word: &mut Vec<Glyph>, width: &mut f32| {
        if !word.is_empty() {
            tokens.push(Token::Word(std::mem::take(word), *width));
            *width = 0.0;
        }
    };
    for span in spans {
        let composed: Cow<str> =
            if is_nfc(&span.text) { Cow::Borrowed(&span.text) } else { Cow::Owned(span.text.nfc().collect()) };
        for ch in composed.chars() {
            match ch {
                '\r' => {}
                '\n' | '\u{85}' | '\u{2028}' | '\u{2029}' => {
                    end_word(&mut tokens, &mut word, &mut word_width);
                    tokens.push(Token::Break);
                }
                ' ' | '\t' => {
                    end_word(&mut tokens, &mut word, &mut word_width);
                    let (source, width) = fonts.measure(span.style, ' ', size, tracking);
                    tokens.push(Token::Space(Glyph { style: span.style, source, ch: ' ', width }));
                }
                // Other control characters are not text (a paragraph separator among them
                // would also split the line for the direction algorithm).
                _ if ch.is_control() => {}
                _ => {
                    let (source, width) = fonts.measure(span.style, ch, size, tracking);
                    word.push(Glyph { style: span.style, source, ch, width });
                    word_width += width;
                }
            }
        }
    }
    end_word(&mut tokens, &mut word, &mut word_width);
    tokens
}

/// One laid-out line: its runs in visual order (left to right), and how far it is moved right
/// from the start of the measure (right-to-left paragraphs are aligned right).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Line {
    pub(crate) runs: Vec<Run>,
    pub(crate) x: f32,
}

/// Greedy line filling. Returns the lines as styled runs; trailing spaces are dropped; a word
/// wider than the measure is broken between characters rather than running off the page.
/// Lines are filled in logical order and then put in visual order (Unicode's bidirectional
/// algorithm), each paragraph (text between forced breaks) taking its direction from its first
/// strong character.
fn wrap(spans: &[Span], fonts: &FontSet, size: f32, tracking: f32, max_width: f32) -> Vec<Line> {
    let tokens = tokenize(spans, fonts, size, tracking);
    let mut rtl_paragraphs = vec![None];
    for token in &tokens {
        match token {
            Token::Break => rtl_paragraphs.push(None),
            Token::Word(glyphs, _) => {
                if let Some(direction @ None) = rtl_paragraphs.last_mut() {
                    *direction = glyphs.iter().find_map(|g| strong_rtl(g.ch));
                }
            }
            Token::Space(_) => {}
        }
    }
    let mut paragraph = 0;
    let mut lines: Vec<(Vec<Glyph>, usize)> = Vec::new();
    let mut line: Vec<Glyph> = Vec::new();
    let mut line_width = 0.0;
    let mut pending_space: Option<Glyph> = None;
    let mut saw_break = false;
    for token in tokens {
        match token {
            Token::Space(glyph) => {
                if !line.is_empty() && pending_space.is_none() {
                    pending_space = Some(glyph);
                }
            }
            Token::Break => {
                lines.push((std::mem::take(&mut line), paragraph));
                paragraph += 1;
                line_width = 0.0;
                pending_space = None;
                saw_break = true;
            }
            Token::Word(glyphs, width) => {
                let space = pending_space.take();
                let space_width = space.map_or(0.0, |g| g.width);
                if !line.is_empty() && line_width + space_width + width <= max_width {
                    if let Some(g) = space {
                        line.push(g);
                    }
                    line.extend(glyphs);
                    line_width += space_width + width;
                    continue;
                }
                if !line.is_empty() {
                    lines.push((std::mem::take(&mut line), paragraph));
                    line_width = 0.0;
                }
                if width <= max_width {
                    line = glyphs;
                    line_width = width;
                } else {
                    for g in glyphs {
                        if !line.is_empty() && line_width + g.width > max_width {
                            lines.push((std::mem::take(&mut line), paragraph));
                            line_width = 0.0;
                        }
                        line_width += g.width;
                        line.push(g);
                    }
                }
            }
        }
    }
    if !line.is_empty() || saw_break {
        lines.push((line, paragraph));
    }
    // Trailing empty lines from a final "\n" add nothing.
    while lines.last().is_some_and(|(l, _)| l.is_empty()) {
        lines.pop();
    }
    lines
        .into_iter()
        .map(|(glyphs, paragraph)| {
            let rtl = rtl_paragraphs.get(paragraph).copied().flatten().unwrap_or(false);
            let width: f32 = glyphs.iter().map(|g| g.width).sum();
            let x = if rtl { (max_width - width).max(0.0) } else { 0.0 };
            Line { runs: to_runs(&visual_order(glyphs, rtl)), x }
        })
        .collect()
}

/// `Some(true)` for a strong right-to-left character (Hebrew, Arabic...), `Some(false)` for a
/// strong left-to-right one, `None` for the rest (digits, punctuation, spaces).
fn strong_rtl(ch: char) -> Option<bool> {
    match bidi_class(ch) {
        BidiClass::L => Some(false),
        BidiClass::R | BidiClass::AL => Some(true),
        _ => None,
    }
}

/// Reorders one line from logical to visual order (UAX #9, rules L1-L2, through unicode-bidi):
/// right-to-left runs are reversed a character with its combining marks at a time, so marks
/// stay after the letter they sit on, and paired brackets in them are mirrored.
fn visual_order(line: Vec<Glyph>, rtl: bool) -> Vec<Glyph> {
    // Nothing before the Hebrew block is right-to-left or an explicit direction mark.
    let explicit_or_rtl = |g: &Glyph| {
        g.ch >= '\u{0590}'
            && matches!(
                bidi_class(g.ch),
                BidiClass::R
                    | BidiClass::AL
                    | BidiClass::RLE
                    | BidiClass::RLO
                    | BidiClass::RLI
                    | BidiClass::LRE
                    | BidiClass::LRO
            )
    };
    if !rtl && !line.iter().any(explicit_or_rtl) {
        return line; // the common case: nothing to reorder
    }
    let text: String = line.iter().map(|g| g.ch).collect();
    let info = BidiInfo::new(&text, Some(if rtl { Level::rtl() } else { Level::ltr() }));
    let Some(para) = info.paragraphs.first() else {
        return line;
    };
    let (levels, runs) = info.visual_runs(para, para.range.clone());
    // Glyph i is the character starting at byte starts[i].
    let starts: Vec<usize> = text.char_indices().map(|(at, _)| at).collect();
    let mut visual = Vec::with_capacity(line.len());
    for run in runs {
        let first = starts.partition_point(|&at| at < run.start);
        let end = starts.partition_point(|&at| at < run.end);
        let Some(glyphs) = line.get(first..end) else {
            continue;
        };
        if levels.get(run.start).is_some_and(|level| level.is_rtl()) {
            let mut clusters: Vec<&[Glyph]> = Vec::new();
            let mut begin = 0;
            for i in 1..=glyphs.len() {
                if glyphs.get(i).is_none_or(|g| !is_combining_mark(g.ch)) {
                    clusters.push(&glyphs[begin..i]);
                    begin = i;
                }
            }
            for cluster in clusters.into_iter().rev() {
                visual.extend(cluster.iter().map(|g| Glyph { ch: mirrored(g.ch), ..*g }));
            }
        } else {
            visual.extend_from_slice(glyphs);
        }
    }
    visual
}

/// The mirror image of a paired punctuation mark, as drawn in right-to-left text.
fn mirrored(ch: char) -> char {
    const PAIRS: [(char, char); 10] = [
        ('(', ')'),
        ('[', ']'),
        ('{', '}'),
        ('<', '>'),
        ('«', '»'),
        ('‹', '›'),
        ('⟨', '⟩'),
        ('⁅', '⁆'),
        ('≤', '≥'),
        ('⸨', '⸩'),
    ];
    PAIRS
        .iter()
        .find_map(|&(open, close)| {
            if ch == open {
                Some(close)
            } else if ch == close {
                Some(open)
            } else {
                None
            }
        })
        .unwrap_or(ch)
}

/// Groups glyphs of one style and font into runs; a placeholder is a run of its own (in grey),
/// an ignored character prints nothing.
fn to_runs(glyphs: &[Glyph]) -> Vec<Run> {
    let mut runs: Vec<Run> = Vec::new();
    for g in glyphs {
        match g.source {
            Source::Ignored => {}
            Source::Placeholder => {
                let mut run = Run::new(g.style, placeholder(g.ch));
                run.source = Source::Placeholder;
                run.tone = Some(Tone::Muted);
                runs.push(run);
            }
            Source::Primary | Source::Fallback(_) => match runs.last_mut() {
                Some(run) if run.style == g.style && run.source == g.source => run.text.push(g.ch),
                _ => {
                    let mut run = Run::new(g.style, g.ch);
                    run.source = g.source;
                    runs.push(run);
                }
            },
        }
    }
    runs
}

/// `text` as runs on one line (forced breaks become spaces), in visual order: for the page
/// header and footer, which [`super::pdf`] fits to the width itself.
pub(crate) fn line_runs(text: &str, style: FontStyle) -> Vec<Run> {
    let Ok(fonts) = fonts() else {
        return vec![Run::new(style, text)];
    };
    let one_line = text.replace(['\n', '\r'], " ");
    wrap(&[Span { text: one_line, style }], fonts, 10.0, 0.0, f32::INFINITY)
        .into_iter()
        .flat_map(|line| line.runs)
        .collect()
}

fn key_box(groups: &[String], fonts: &FontSet, width: f32, space_before: f32) -> Option<LaidBox> {
    if groups.is_empty() {
        return None;
    }
    // Wide groups (`WMWM`) shrink the type a little rather than spilling into an extra row, so
    // a key of 13-15 groups always takes three rows and the sheet always fits one page.
    let want_per_row = groups.len().min(KEY_GROUPS_PER_ROW);
    let mut fit = (KEY_SIZE, KEY_TRACKING, KEY_GAP, 1_usize);
    let mut try_size = KEY_SIZE;
    while try_size >= KEY_MIN_SIZE {
        let scale = try_size / KEY_SIZE;
        let (tracking, gap) = (KEY_TRACKING * scale, KEY_GAP * scale);
        let mut cell = 0.0_f32;
        for group in groups {
            // Tc adds tracking after the last character too; it is not part of the visible width.
            cell = cell.max(fonts.width(FontStyle::Regular, group, try_size, tracking) - tracking);
        }
        let per_row = ((((width - 2.0 * gap) + gap) / (cell + gap)).floor() as usize).max(1);
        fit = (try_size, tracking, gap, per_row);
        if per_row >= want_per_row {
            break;
        }
        try_size -= 0.5;
    }
    let (size, tracking, gap, max_per_row) = fit;
    let rows = groups.len().div_ceil(max_per_row);
    let per_row = groups.len().div_ceil(rows);
    let rows: Vec<&[String]> = groups.chunks(per_row).collect();
    // `ABCD - EFGH - ...`, with grey dashes at an even spacing: it reads like the key on screen,
    // and the gaps stay small enough that text extraction (copy and paste) keeps each row whole
    // and in order instead of splitting it into columns.
    Some(key_panel(
        &rows,
        KeyType { size, tracking, gap, row: KEY_ROW, pad: KEY_PAD_Y, dashes: true },
        fonts,
        width,
        space_before,
    ))
}

/// The rows of an age identity at the largest size up to [`KEY_ROWS_SIZE`] where the widest row
/// fits, spaced like the recovery key but without dashes.
fn key_rows_box(rows: &[Vec<String>], fonts: &FontSet, width: f32, space_before: f32) -> Option<LaidBox> {
    if rows.iter().all(Vec::is_empty) {
        return None;
    }
    let mut size = KEY_ROWS_SIZE;
    let key_type = |size: f32| {
        let scale = size / KEY_SIZE;
        KeyType {
            size,
            tracking: KEY_TRACKING * scale,
            gap: size * 0.6,
            row: KEY_ROW * scale,
            pad: KEY_PAD_Y * scale,
            dashes: false,
        }
    };
    let widest = |t: &KeyType| {
        rows.iter()
            .map(|row| {
                row.iter().map(|g| fonts.width(FontStyle::Regular, g, t.size, t.tracking)).sum::<f32>()
                    + t.gap * row.len().saturating_sub(1) as f32
            })
            .fold(0.0_f32, f32::max)
    };
    while size > KEY_MIN_SIZE && widest(&key_type(size)) > width - 2.0 * key_type(size).gap {
        size -= 0.5;
    }
    let rows: Vec<&[String]> = rows.iter().map(Vec::as_slice).collect();
    Some(key_panel(&rows, key_type(size), fonts, width, space_before))
}

/// How a key panel sets its groups.
struct KeyType {
    size: f32,
    tracking: f32,
    /// Space between two groups of a row.
    gap: f32,
    /// Height of a row, and padding above and below the rows.
    row: f32,
    pad: f32,
    /// A grey dash in the middle of each gap.
    dashes: bool,
}

/// One line of text per row, centred as a block in a light panel the width of the measure.
fn key_panel(rows: &[&[String]], t: KeyType, fonts: &FontSet, width: f32, space_before: f32) -> LaidBox {
    let height = 2.0 * t.pad + rows.len() as f32 * t.row;
    let dash = if t.dashes { fonts.width(FontStyle::Regular, "-", t.size, t.tracking) } else { 0.0 };
    let mut lines = Vec::with_capacity(rows.len());
    let mut widest: f32 = 0.0;
    for row_groups in rows {
        let mut runs = Vec::with_capacity(row_groups.len() * 2);
        let mut pen = 0.0;
        for (col, group) in row_groups.iter().enumerate() {
            let mut shift = 0.0;
            if col > 0 && t.dashes {
                let half = ((t.gap - dash) / 2.0).max(0.0);
                let mut sep = Run::new(FontStyle::Regular, "-");
                sep.shift = half;
                sep.tone = Some(Tone::Rule);
                pen += half + dash;
                runs.push(sep);
                shift = half;
            } else if col > 0 {
                // A space keeps the groups apart in copied text; the shift makes up the gap.
                let space = fonts.width(FontStyle::Regular, " ", t.size, t.tracking);
                runs.push(Run::new(FontStyle::Regular, " "));
                pen += space;
                shift = (t.gap - space).max(0.0);
            }
            let mut run = Run::new(FontStyle::Regular, group.as_str());
            run.shift = shift;
            pen += run.shift + fonts.width(FontStyle::Regular, group, t.size, t.tracking);
            runs.push(run);
        }
        widest = widest.max(pen - t.tracking);
        lines.push(runs);
    }
    let left = ((width - widest) / 2.0).max(0.0);
    let mut items = vec![Item::Panel { x: 0.0, y: 0.0, w: width, h: height }];
    for (row, runs) in lines.into_iter().enumerate() {
        items.push(Item::Text {
            x: left,
            baseline: t.pad + row as f32 * t.row + t.row / 2.0 + t.size * 0.36,
            size: t.size,
            tracking: t.tracking,
            tone: Tone::Heading,
            runs,
        });
    }
    LaidBox::new(BoxKind::Body, height, space_before, items)
}

/// Command lines in a panel, black, each kept whole at the largest size up to
/// [`COMMAND_SIZE`] where the longest fits.
fn commands_box(lines: &[String], fonts: &FontSet, width: f32, space_before: f32) -> Option<LaidBox> {
    if lines.is_empty() {
        return None;
    }
    let inner = width - 2.0 * COMMAND_PAD;
    let longest =
        |size: f32| lines.iter().map(|l| fonts.width(FontStyle::Regular, l, size, 0.0)).fold(0.0_f32, f32::max);
    let mut size = COMMAND_SIZE;
    while size > COMMAND_MIN_SIZE && longest(size) > inner {
        size -= 0.25;
    }
    let leading = size * 1.4;
    let height = 2.0 * COMMAND_PAD + lines.len() as f32 * leading;
    let mut items = vec![Item::Panel { x: 0.0, y: 0.0, w: width, h: height }];
    for (i, line) in lines.iter().enumerate() {
        items.push(Item::Text {
            x: COMMAND_PAD,
            baseline: COMMAND_PAD + i as f32 * leading + baseline(leading, size),
            size,
            tracking: 0.0,
            tone: Tone::Heading,
            runs: line_runs(line, FontStyle::Regular),
        });
    }
    Some(LaidBox::new(BoxKind::Body, height, space_before, items))
}

fn label_text(text: &str, x: f32, baseline: f32) -> Item {
    Item::Text {
        x,
        baseline,
        size: LABEL_SIZE,
        tracking: 0.0,
        tone: Tone::Muted,
        runs: line_runs(text, FontStyle::Regular),
    }
}

/// What marks each item of a list.
#[derive(Clone, Copy)]
enum Marker {
    Bullet,
    /// A square to tick with a pen, or ticked with an X.
    CheckBox {
        ticked: bool,
    },
}

const CHECK_BOX_SIZE: f32 = 7.5;

/// One box per item (kept whole on a page), hanging-indented, with its marker on the first line.
fn list_boxes<'a>(
    boxes: &mut Vec<LaidBox>,
    items: impl Iterator<Item = (Marker, &'a [Span])>,
    fonts: &FontSet,
    width: f32,
    gap: impl Fn(f32) -> f32,
) -> Result<(), FormsError> {
    let mut first = true;
    for (marker, item) in items {
        let item_start = boxes.len();
        let lines = wrap(item, fonts, BODY_SIZE, 0.0, width - BULLET_INDENT);
        if lines.is_empty() {
            continue;
        }
        let before = if first { gap(PARAGRAPH_GAP) } else { BULLET_ITEM_GAP };
        first = false;
        let mut format = TextFormat::new(BODY_SIZE, BODY_LEADING, Tone::Ink);
        format.indent = BULLET_INDENT;
        push_lines(boxes, BoxKind::Body, lines, format, before);
        if let Some(first_line) = boxes.get_mut(item_start) {
            let base = baseline(BODY_LEADING, BODY_SIZE);
            first_line.items.push(match marker {
                Marker::Bullet => Item::Text {
                    x: 4.0,
                    baseline: base,
                    size: BODY_SIZE,
                    tracking: 0.0,
                    tone: Tone::Muted,
                    runs: vec![Run::new(FontStyle::Regular, "•")],
                },
                // Sitting on the baseline, about the height of a capital letter.
                Marker::CheckBox { .. } => {
                    Item::Panel { x: 2.0, y: base - CHECK_BOX_SIZE, w: CHECK_BOX_SIZE, h: CHECK_BOX_SIZE }
                }
            });
            if let Marker::CheckBox { ticked: true } = marker {
                // An X centred in the box, as a pen would mark it; as text, so it reads back.
                let width = fonts.width(FontStyle::Bold, "X", CHECK_BOX_SIZE, 0.0);
                first_line.items.push(Item::Text {
                    x: 2.0 + (CHECK_BOX_SIZE - width) / 2.0,
                    baseline: base - 1.05,
                    size: CHECK_BOX_SIZE,
                    tracking: 0.0,
                    tone: Tone::Ink,
                    runs: vec![Run::new(FontStyle::Bold, "X")],
                });
            }
        }
        keep_lines_together(&mut boxes[item_start..]);
    }
    Ok(())
}

fn signature_box(label: &str, fonts: &FontSet, width: f32, space_before: f32) -> Result<LaidBox, FormsError> {
    let sign_end = width * 0.62;
    let date_start = width * 0.70;
    let line_y = SIGN_SPACE;
    let mut items = vec![
        Item::Rule { x1: 0.0, x2: sign_end, y: line_y, thickness: 0.6, tone: Tone::Ink },
        Item::Rule { x1: date_start, x2: width, y: line_y, thickness: 0.6, tone: Tone::Ink },
        label_text("Date", date_start, line_y + 12.0),
    ];
    // A long label wraps under the line rather than running into the date.
    let lines = wrap(&[Span::regular(label)], fonts, LABEL_SIZE, 0.0, sign_end);
    let mut y = line_y + 12.0;
    for Line { runs, x } in lines {
        items.push(Item::Text { x, baseline: y, size: LABEL_SIZE, tracking: 0.0, tone: Tone::Muted, runs });
        y += LABEL_SIZE * 1.35;
    }
    let height = y - LABEL_SIZE * 1.35 + 6.0;
    Ok(LaidBox::new(BoxKind::Body, height, space_before, items))
}

fn write_in_box(label: &str, rows: u8, fonts: &FontSet, width: f32, space_before: f32) -> Result<LaidBox, FormsError> {
    let lines = wrap(&parse_inline(label), fonts, BODY_SIZE, 0.0, width);
    let mut items = Vec::new();
    let mut y = 0.0;
    for Line { runs, x } in lines {
        items.push(Item::Text {
            x,
            baseline: y + baseline(BODY_LEADING, BODY_SIZE),
            size: BODY_SIZE,
            tracking: 0.0,
            tone: Tone::Ink,
            runs,
        });
        y += BODY_LEADING;
    }
    for _ in 0..rows.max(1) {
        y += WRITE_IN_ROW;
        items.push(Item::Rule { x1: 0.0, x2: width, y, thickness: 0.5, tone: Tone::Rule });
    }
    Ok(LaidBox::new(BoxKind::Body, y + 4.0, space_before, items))
}

/// A box placed on a page: its index in the box list and its top, down from the body top.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Placed {
    pub(crate) index: usize,
    pub(crate) top: f32,
}

/// Splits the boxes into pages of `body_height` points. Always returns at least one page.
///
/// A box that does not fit starts a new page. A box marked `keep_with_next` starts a new page
/// when the chain it begins (it and every following kept box, up to and including the first
/// box not kept) would not fit, unless that chain is taller than a whole page anyway.
pub(crate) fn paginate(boxes: &[LaidBox], body_height: f32) -> Vec<Vec<Placed>> {
    let mut pages: Vec<Vec<Placed>> = vec![Vec::new()];
    let mut used = 0.0_f32;
    let mut i = 0;
    while i < boxes.len() {
        let b = &boxes[i];
        let page_empty = pages.last().is_none_or(Vec::is_empty);
        match b.kind {
            BoxKind::PageBreak => {
                if !page_empty {
                    pages.push(Vec::new());
                    used = 0.0;
                }
                i += 1;
                continue;
            }
            BoxKind::Spacer => {
                if !page_empty {
                    if used + b.height > body_height {
                        pages.push(Vec::new());
                        used = 0.0;
                    } else {
                        used += b.height;
                    }
                }
                i += 1;
                continue;
            }
            BoxKind::Heading | BoxKind::Body => {}
        }
        let gap = if page_empty { 0.0 } else { b.space_before };
        let mut need = gap + b.height;
        if b.keep_with_next {
            let mut chain = need;
            let mut j = i;
            while j + 1 < boxes.len() && boxes[j].keep_with_next {
                j += 1;
                let next = &boxes[j];
                match next.kind {
                    BoxKind::PageBreak => break,
                    BoxKind::Spacer => chain += next.height,
                    BoxKind::Heading | BoxKind::Body => chain += next.space_before + next.height,
                }
            }
            // `chain` now runs from box `i` through the first box that is not kept with its
            // successor (or the end of the document, or a page break).
            if chain <= body_height - 0.01 || page_empty {
                need = need.max(chain);
            }
        }
        if !page_empty && used + need > body_height + 0.01 {
            pages.push(Vec::new());
            used = 0.0;
            continue; // re-place this box at the top of the new page (no gap)
        }
        if let Some(page) = pages.last_mut() {
            page.push(Placed { index: i, top: used + gap });
        }
        used += gap + b.height;
        i += 1;
    }
    // A trailing page break leaves an empty last page: drop it (but keep at least one page).
    while pages.len() > 1 && pages.last().is_some_and(Vec::is_empty) {
        pages.pop();
    }
    pages
}

#[cfg(test)]
mod tests {
    use super::super::fonts::fonts;
    use super::*;

    fn texts(b: &LaidBox) -> String {
        b.items
            .iter()
            .filter_map(|item| match item {
                Item::Text { runs, .. } => Some(runs.iter().map(|r| r.text.as_str()).collect::<String>()),
                _ => None,
            })
            .collect::<Vec<_>>()
            .join(" ")
    }

    #[test]
    fn inline_markup_gives_bold_and_italic_runs() {
        let spans = parse_inline("You may **stop at any time**, *without* penalty.");
        assert_eq!(
            spans,
            vec![
                Span::regular("You may "),
                Span::bold("stop at any time"),
                Span::regular(", "),
                Span::italic("without"),
                Span::regular(" penalty."),
            ]
        );
    }

    #[test]
    fn unclosed_markup_and_escapes_print_literally() {
        assert_eq!(parse_inline("5 * 3 = 15"), vec![Span::regular("5 * 3 = 15")]);
        assert_eq!(parse_inline(r"a \*b\* c"), vec![Span::regular("a *b* c")]);
        assert_eq!(parse_inline("**bold"), vec![Span::regular("**bold")]);
        assert_eq!(parse_inline("trailing \\"), vec![Span::regular("trailing \\")]);
        assert!(parse_inline("").is_empty());
    }

    #[test]
    fn paragraphs_wrap_within_the_measure_and_keep_every_word() {
        let fonts = fonts().expect("fonts");
        let text = "Therapy works best when we can speak freely. ".repeat(20);
        let lines = wrap(&[Span::regular(text.as_str())], fonts, 11.0, 0.0, 300.0);
        assert!(lines.len() > 5, "a long paragraph must wrap, got {}", lines.len());
        let mut words = Vec::new();
        for line in &lines {
            let s: String = line.runs.iter().map(|r| r.text.as_str()).collect();
            let w = fonts.width(FontStyle::Regular, &s, 11.0, 0.0);
            assert!(w <= 300.0 + 0.01, "line {s:?} is {w}pt, wider than 300pt");
            assert!(!s.ends_with(' ') && !s.starts_with(' '), "{s:?} has edge spaces");
            words.extend(s.split(' ').map(str::to_owned));
        }
        let expected: Vec<&str> = text.split_whitespace().collect();
        assert_eq!(words, expected, "wrapping must neither lose nor reorder words");
    }

    #[test]
    fn a_word_longer_than_the_line_is_broken_not_run_off_the_page() {
        let fonts = fonts().expect("fonts");
        let long = "W".repeat(200);
        let lines = wrap(&[Span::regular(long.as_str())], fonts, 11.0, 0.0, 100.0);
        assert!(lines.len() > 5);
        let joined: String = lines.iter().flat_map(|l| &l.runs).map(|r| r.text.as_str()).collect();
        assert_eq!(joined, long);
    }

    #[test]
    fn odd_input_never_panics() {
        let fonts = fonts().expect("fonts");
        let blocks = vec![
            Block::plain(""),
            Block::plain("\n\n\n"),
            Block::paragraph("***"),
            Block::bullets(Vec::<String>::new()),
            Block::bullets([""]),
            Block::Key { groups: vec![] },
            Block::spacer(f32::NAN),
            Block::spacer(-5.0),
            Block::spacer(1e30),
            Block::heading(9, ""),
            Block::write_in("", 0),
            Block::signature(""),
            Block::PageBreak,
            Block::PageBreak,
        ];
        let boxes = build_boxes(&blocks, fonts, 468.0, 648.0).expect("lays out");
        let pages = paginate(&boxes, 648.0);
        assert!(!pages.is_empty());
        let boxes = build_boxes(&blocks, fonts, 1.0, 648.0).expect("a 1pt measure still works");
        assert!(!paginate(&boxes, 648.0).is_empty());
    }

    #[test]
    fn a_heading_that_would_end_a_page_moves_to_the_next_page() {
        let fonts = fonts().expect("fonts");
        let body = 648.0;
        // Fill the page so that the heading fits but its paragraph's first two lines do not.
        let blocks = vec![
            Block::plain("First line."),
            Block::spacer(body - BODY_LEADING - H2_LEADING - BEFORE_H2 - 2.0),
            Block::heading(2, "Limits of confidentiality"),
            Block::plain("Body of the section. ".repeat(30)),
        ];
        let boxes = build_boxes(&blocks, fonts, 468.0, body).expect("lays out");
        let pages = paginate(&boxes, body);
        assert_eq!(pages.len(), 2, "the heading must be pushed to page two");
        let first_on_two = &boxes[pages[1][0].index];
        assert_eq!(first_on_two.kind, BoxKind::Heading);
        assert_eq!(texts(first_on_two), "Limits of confidentiality");
        for page in &pages {
            let last = page.last().expect("no empty pages");
            assert_ne!(boxes[last.index].kind, BoxKind::Heading);
        }
    }

    #[test]
    fn no_page_ends_with_a_heading_or_splits_off_a_single_paragraph_line() {
        let fonts = fonts().expect("fonts");
        let mut blocks = Vec::new();
        for i in 0..60 {
            blocks.push(Block::heading(2, format!("Section {i}")));
            let words = 10 + (i * 37) % 90;
            blocks.push(Block::plain("word ".repeat(words)));
        }
        let boxes = build_boxes(&blocks, fonts, 468.0, 648.0).expect("lays out");
        let pages = paginate(&boxes, 648.0);
        assert!(pages.len() > 3);
        for (n, page) in pages.iter().enumerate() {
            let used = page.last().map(|p| p.top + boxes[p.index].height).unwrap_or(0.0);
            assert!(used <= 648.01, "page {n} overflows: {used}");
            let last = &boxes[page.last().expect("non-empty").index];
            assert_ne!(last.kind, BoxKind::Heading, "page {n} ends with a heading");
            if n + 1 < pages.len() {
                assert!(!last.keep_with_next, "page {n} splits boxes that must stay together");
            }
        }
    }
}
