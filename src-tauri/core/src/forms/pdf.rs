//! Turns a [`Document`] into PDF bytes with printpdf 0.12: page furniture (header, footer with
//! form name, version, content hash and "Page X of Y"), the laid-out blocks, subset fonts, and
//! neutral metadata.

use std::cell::RefCell;
use std::collections::BTreeMap;

use chrono::NaiveDate;
use printpdf::{
    Color, FontId, Greyscale, Line, LinePoint, Op, PaintMode, PdfDocument, PdfFontHandle, PdfPage, PdfSaveOptions,
    Point, Pt, Rect, TextItem,
};
use sha2::{Digest, Sha256};
use zeroize::Zeroize;

use super::fonts::{fallback_face, fonts, FontSet, FontStyle, Source};
use super::layout::{build_boxes, line_runs, paginate, Block, Item, Run, Tone};
use super::FormsError;

/// Paper size. Letter is the default (the practice is in the United States).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum Paper {
    #[default]
    Letter,
    A4,
}

/// Page geometry in points.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Geometry {
    pub(crate) width: f32,
    pub(crate) height: f32,
    pub(crate) margin_x: f32,
    /// Top of the body area, from the page bottom.
    pub(crate) body_top: f32,
    /// Bottom of the body area, from the page bottom.
    pub(crate) body_bottom: f32,
    header_baseline: f32,
    footer_baseline: f32,
}

impl Geometry {
    pub(crate) fn of(paper: Paper) -> Geometry {
        let (width, height, margin_x) = match paper {
            Paper::Letter => (612.0, 792.0, 72.0),
            Paper::A4 => (595.28, 841.89, 68.0),
        };
        Geometry {
            width,
            height,
            margin_x,
            body_top: height - 84.0,
            body_bottom: 70.0,
            header_baseline: height - 46.0,
            footer_baseline: 40.0,
        }
    }
    pub(crate) fn body_width(&self) -> f32 {
        self.width - 2.0 * self.margin_x
    }
    pub(crate) fn body_height(&self) -> f32 {
        self.body_top - self.body_bottom
    }
}

/// PDF document properties. `&'static str` on purpose: only text written into the program can
/// reach the metadata, never a client's name or anything typed at runtime.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Metadata {
    pub title: &'static str,
    pub subject: &'static str,
    pub keywords: &'static [&'static str],
}

/// The line printed above the body on every page.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Header {
    /// Left: the practice name (never a client's).
    pub left: String,
    /// Right: the document title.
    pub right: String,
}

/// The lines printed below the body on every page, so a signed paper copy can be matched to the
/// exact template text: `<form name> · version <v> · <hash>` and `Page X of Y`, and under them
/// whom it is for, so a page that comes loose finds its way back to the right file.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Footer {
    pub form_name: String,
    pub version: String,
    /// A short content hash, e.g. from [`content_hash`].
    pub content_hash: String,
    /// The client's name and code ("Ana Lee · C0042"); empty on a form printed blank.
    pub client: String,
}

/// A document ready to render.
#[derive(Debug, Clone, PartialEq)]
pub struct Document {
    pub metadata: Metadata,
    pub paper: Paper,
    /// Written as the PDF creation date (midnight UTC); no time of day is recorded.
    pub date: NaiveDate,
    pub header: Header,
    pub footer: Footer,
    pub blocks: Vec<Block>,
}

/// The first 8 hex digits of SHA-256 over `parts` (each length-prefixed, so `["ab","c"]` and
/// `["a","bc"]` differ). Hash the template text, never filled-in client details or secrets.
pub fn content_hash(parts: &[&str]) -> String {
    let mut hasher = Sha256::new();
    for part in parts {
        hasher.update((part.len() as u64).to_be_bytes());
        hasher.update(part.as_bytes());
    }
    hex::encode(&hasher.finalize()[..4])
}

const HEADER_SIZE: f32 = 8.5;
const FOOTER_SIZE: f32 = 8.0;

/// Renders `doc` to PDF bytes.
pub fn render_pdf(doc: &Document) -> Result<Vec<u8>, FormsError> {
    Ok(render_with_stats(std::slice::from_ref(doc))?.0)
}

/// Renders several documents into one PDF (a packet of forms). Each keeps its own header,
/// footer and "Page X of Y"; the PDF's metadata and date are the first document's.
pub fn render_packet(docs: &[Document]) -> Result<Vec<u8>, FormsError> {
    Ok(render_with_stats(docs)?.0)
}

/// Renders and also returns the page count (for tests and callers that report it).
pub(crate) fn render_with_stats(docs: &[Document]) -> Result<(Vec<u8>, usize), FormsError> {
    let first = docs.first().ok_or(FormsError::NothingToPrint)?;
    let fonts = fonts()?;
    let mut pdf = PdfDocument::new(first.metadata.title);
    set_metadata(&mut pdf, first);
    let ids = FontIds {
        regular: pdf.add_font(&fonts.face(FontStyle::Regular).parsed),
        bold: pdf.add_font(&fonts.face(FontStyle::Bold).parsed),
        italic: pdf.add_font(&fonts.face(FontStyle::Italic).parsed),
        fallbacks: RefCell::default(),
    };
    let mut out_pages = Vec::new();
    for doc in docs {
        let geo = Geometry::of(doc.paper);
        let boxes = build_boxes(&doc.blocks, fonts, geo.body_width(), geo.body_height())?;
        let pages = paginate(&boxes, geo.body_height());
        let total = pages.len();
        for (n, page) in pages.iter().enumerate() {
            let mut ops = Vec::new();
            page_furniture(&mut ops, doc, fonts, &ids, &geo, n + 1, total)?;
            for placed in page {
                let Some(b) = boxes.get(placed.index) else {
                    continue;
                };
                let top = geo.body_top - placed.top;
                for item in &b.items {
                    draw(&mut ops, item, &ids, geo.margin_x, top);
                }
            }
            out_pages.push(PdfPage {
                media_box: Rect::from_wh(Pt(geo.width), Pt(geo.height)),
                trim_box: Rect::from_wh(Pt(geo.width), Pt(geo.height)),
                crop_box: Rect::from_wh(Pt(geo.width), Pt(geo.height)),
                ops,
            });
        }
    }
    let total = out_pages.len();
    pdf.with_pages(out_pages);
    // Only the system fonts the text used are embedded (and, like the rest, subset).
    for (index, id) in ids.fallbacks.take() {
        if let Some(face) = fallback_face(index) {
            pdf.resources.fonts.map.insert(id, printpdf::PdfFont::new(face.parsed.clone()));
        }
    }

    let options = PdfSaveOptions { optimize: true, subset_fonts: true, secure: true, image_optimization: None };
    let mut warnings = Vec::new();
    let bytes = pdf.save(&options, &mut warnings);
    // The document text (a recovery key, a client's answers) should not outlive the render in
    // our own buffers; printpdf's internal copies are out of reach, so this is best effort.
    wipe_text(&mut pdf);
    if !bytes.starts_with(b"%PDF-") {
        return Err(FormsError::PdfWriteFailed);
    }
    Ok((bytes, total))
}

struct FontIds {
    regular: FontId,
    bold: FontId,
    italic: FontId,
    /// An id for each system font a run asked for, added to the document once the pages are
    /// drawn.
    fallbacks: RefCell<BTreeMap<usize, FontId>>,
}

impl FontIds {
    fn of(&self, style: FontStyle, source: Source) -> PdfFontHandle {
        PdfFontHandle::External(match (source, style) {
            (Source::Fallback(index), _) => {
                self.fallbacks.borrow_mut().entry(index).or_insert_with(FontId::new).clone()
            }
            (_, FontStyle::Regular) => self.regular.clone(),
            (_, FontStyle::Bold) => self.bold.clone(),
            (_, FontStyle::Italic) => self.italic.clone(),
        })
    }
}

fn set_metadata(pdf: &mut PdfDocument, doc: &Document) {
    let info = &mut pdf.metadata.info;
    info.document_title = doc.metadata.title.to_owned();
    info.subject = doc.metadata.subject.to_owned();
    info.keywords = doc.metadata.keywords.iter().map(|k| (*k).to_owned()).collect();
    info.author = String::new();
    info.creator = "Confidant".to_owned();
    info.producer = "Confidant".to_owned();
    let midnight = doc.date.and_time(chrono::NaiveTime::MIN).and_utc().timestamp();
    if let Ok(date) = printpdf::OffsetDateTime::from_unix_timestamp(midnight) {
        info.creation_date = date;
        info.modification_date = date;
        info.metadata_date = date;
    }
}

fn wipe_text(pdf: &mut PdfDocument) {
    for page in &mut pdf.pages {
        for op in &mut page.ops {
            if let Op::ShowText { items } = op {
                for item in items {
                    if let TextItem::Text(text) = item {
                        text.zeroize();
                    }
                }
            }
        }
    }
}

fn grey(tone: Tone) -> Color {
    Color::Greyscale(Greyscale::new(tone.grey(), None))
}

/// Draws one laid-out item. `left` is the body's left edge, `top` the box top (page coords).
fn draw(ops: &mut Vec<Op>, item: &Item, ids: &FontIds, left: f32, top: f32) {
    match item {
        Item::Text { x, baseline, size, tracking, tone, runs } => {
            text_line(ops, ids, left + x, top - baseline, *size, *tracking, *tone, runs)
        }
        Item::Rule { x1, x2, y, thickness, tone } => rule(ops, left + x1, left + x2, top - y, *thickness, *tone),
        Item::Panel { x, y, w, h } => {
            ops.push(Op::SaveGraphicsState);
            ops.push(Op::SetFillColor { col: Color::Greyscale(Greyscale::new(0.955, None)) });
            ops.push(Op::SetOutlineColor { col: grey(Tone::Rule) });
            ops.push(Op::SetOutlineThickness { pt: Pt(0.5) });
            ops.push(Op::DrawRectangle {
                rectangle: Rect {
                    x: Pt(left + x),
                    y: Pt(top - y - h),
                    width: Pt(*w),
                    height: Pt(*h),
                    mode: Some(PaintMode::FillStroke),
                    winding_order: None,
                },
            });
            ops.push(Op::RestoreGraphicsState);
        }
    }
}

#[allow(clippy::too_many_arguments)]
fn text_line(ops: &mut Vec<Op>, ids: &FontIds, x: f32, y: f32, size: f32, tracking: f32, tone: Tone, runs: &[Run]) {
    if runs.is_empty() {
        return;
    }
    ops.push(Op::SaveGraphicsState);
    ops.push(Op::SetFillColor { col: grey(tone) });
    ops.push(Op::StartTextSection);
    ops.push(Op::SetTextCursor { pos: Point { x: Pt(x), y: Pt(y) } });
    if tracking != 0.0 {
        ops.push(Op::SetCharacterSpacing { multiplier: tracking });
    }
    for run in runs {
        ops.push(Op::SetFont { font: ids.of(run.style, run.source), size: Pt(size) });
        let mut items = Vec::with_capacity(2);
        if run.shift > 0.0 {
            // TJ numbers are thousandths of an em; negative moves right.
            items.push(TextItem::Offset(-run.shift / size * 1000.0));
        }
        items.push(TextItem::Text(run.text.clone()));
        if let Some(run_tone) = run.tone {
            ops.push(Op::SetFillColor { col: grey(run_tone) });
        }
        ops.push(Op::ShowText { items });
        if run.tone.is_some() {
            ops.push(Op::SetFillColor { col: grey(tone) });
        }
    }
    ops.push(Op::EndTextSection);
    ops.push(Op::RestoreGraphicsState);
}

fn rule(ops: &mut Vec<Op>, x1: f32, x2: f32, y: f32, thickness: f32, tone: Tone) {
    ops.push(Op::SaveGraphicsState);
    ops.push(Op::SetOutlineColor { col: grey(tone) });
    ops.push(Op::SetOutlineThickness { pt: Pt(thickness) });
    ops.push(Op::DrawLine {
        line: Line {
            points: vec![
                LinePoint { p: Point { x: Pt(x1), y: Pt(y) }, bezier: false },
                LinePoint { p: Point { x: Pt(x2), y: Pt(y) }, bezier: false },
            ],
            is_closed: false,
        },
    });
    ops.push(Op::RestoreGraphicsState);
}

/// Shortens `text` with an ellipsis until it fits `max` points.
fn fit(fonts: &FontSet, text: &str, size: f32, max: f32) -> Result<(String, f32), FormsError> {
    let mut shown = text.to_owned();
    let mut width = fonts.width(FontStyle::Regular, &shown, size, 0.0);
    if width <= max {
        return Ok((shown, width));
    }
    let mut chars: Vec<char> = text.chars().collect();
    while !chars.is_empty() {
        chars.pop();
        shown = chars.iter().collect::<String>().trim_end().to_owned() + "…";
        width = fonts.width(FontStyle::Regular, &shown, size, 0.0);
        if width <= max {
            return Ok((shown, width));
        }
    }
    Ok((String::new(), 0.0))
}

fn plain_run(text: String) -> Vec<Run> {
    line_runs(&text, FontStyle::Regular)
}

fn page_furniture(
    ops: &mut Vec<Op>,
    doc: &Document,
    fonts: &FontSet,
    ids: &FontIds,
    geo: &Geometry,
    page: usize,
    total: usize,
) -> Result<(), FormsError> {
    let left = geo.margin_x;
    let right = geo.width - geo.margin_x;
    let half = geo.body_width() / 2.0 - 12.0;

    // Header: practice name left, document title right, a hairline under both.
    let (head_left, _) = fit(fonts, &doc.header.left, HEADER_SIZE, half)?;
    let (head_right, head_right_w) = fit(fonts, &doc.header.right, HEADER_SIZE, half)?;
    let hb = geo.header_baseline;
    text_line(ops, ids, left, hb, HEADER_SIZE, 0.0, Tone::Muted, &plain_run(head_left));
    text_line(ops, ids, right - head_right_w, hb, HEADER_SIZE, 0.0, Tone::Muted, &plain_run(head_right));
    rule(ops, left, right, hb - 8.0, 0.4, Tone::Rule);

    // Footer: form stamp left, page number right, a hairline above both.
    let f = &doc.footer;
    let stamp: Vec<String> = [
        f.form_name.clone(),
        if f.version.is_empty() { String::new() } else { format!("version {}", f.version) },
        f.content_hash.clone(),
    ]
    .into_iter()
    .filter(|s| !s.is_empty())
    .collect();
    let page_text = format!("Page {page} of {total}");
    let (page_text, page_w) = fit(fonts, &page_text, FOOTER_SIZE, half)?;
    let (stamp, _) = fit(fonts, &stamp.join("  ·  "), FOOTER_SIZE, geo.body_width() - page_w - 24.0)?;
    let fb = geo.footer_baseline;
    rule(ops, left, right, fb + 12.0, 0.4, Tone::Rule);
    text_line(ops, ids, left, fb, FOOTER_SIZE, 0.0, Tone::Muted, &plain_run(stamp));
    text_line(ops, ids, right - page_w, fb, FOOTER_SIZE, 0.0, Tone::Muted, &plain_run(page_text));
    if !f.client.is_empty() {
        let (client, _) = fit(fonts, &f.client, FOOTER_SIZE, geo.body_width())?;
        text_line(ops, ids, left, fb - FOOTER_SIZE * 1.4, FOOTER_SIZE, 0.0, Tone::Muted, &plain_run(client));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    pub(crate) fn sample(blocks: Vec<Block>, paper: Paper) -> Document {
        Document {
            metadata: Metadata { title: "Confidant test document", subject: "Test", keywords: &["confidant"] },
            paper,
            date: NaiveDate::from_ymd_opt(2026, 11, 27).expect("valid date"),
            header: Header { left: "Practice".into(), right: "Test".into() },
            footer: Footer {
                form_name: "Test form".into(),
                version: "1".into(),
                content_hash: content_hash(&["x"]),
                client: String::new(),
            },
            blocks,
        }
    }

    #[test]
    fn content_hash_is_short_stable_and_length_prefixed() {
        assert_eq!(content_hash(&["ab", "c"]).len(), 8);
        assert_eq!(content_hash(&["ab", "c"]), content_hash(&["ab", "c"]));
        assert_ne!(content_hash(&["ab", "c"]), content_hash(&["a", "bc"]));
    }

    #[test]
    fn no_character_anywhere_in_a_document_stops_it_from_printing() {
        // An emoji, a script the document font lacks, and a code point no font has.
        for text in ["Snow ☃ day 😊", "שלום עולם", "王秀英", "\u{10FFFD}"] {
            for blocks in [
                vec![Block::paragraph(text)],
                vec![Block::heading(1, text)],
                vec![Block::bullets([text])],
                vec![Block::signature(text)],
                vec![Block::write_in(text, 1)],
            ] {
                assert!(render_pdf(&sample(blocks, Paper::Letter)).is_ok(), "{text:?} must print");
            }
            let mut doc = sample(vec![Block::plain("fine")], Paper::A4);
            doc.header.left = text.into();
            assert!(render_pdf(&doc).is_ok(), "{text:?} must print in the header");
        }
    }

    #[test]
    fn rendering_produces_a_pdf_with_the_expected_page_count() {
        let (bytes, pages) =
            render_with_stats(&[sample(vec![Block::plain("Hello.")], Paper::Letter)]).expect("renders");
        assert!(bytes.starts_with(b"%PDF-"));
        assert_eq!(pages, 1);
        let blocks = vec![Block::plain("One."), Block::PageBreak, Block::plain("Two.")];
        let (_, pages) = render_with_stats(&[sample(blocks.clone(), Paper::A4)]).expect("renders");
        assert_eq!(pages, 2);
        let packet = [sample(blocks.clone(), Paper::A4), sample(blocks, Paper::Letter)];
        let (_, pages) = render_with_stats(&packet).expect("renders");
        assert_eq!(pages, 4, "a packet is its documents one after the other");
        assert!(matches!(render_with_stats(&[]), Err(FormsError::NothingToPrint)));
    }
}
