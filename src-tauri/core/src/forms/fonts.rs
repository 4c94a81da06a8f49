//! The document fonts (Noto Serif, SIL OFL 1.1; see `assets/fonts/README.md`), embedded in the
//! binary so a printed form never depends on what the machine has installed, and the fallbacks
//! for every other character a person can type: the system's fonts, in fontconfig's order for
//! "serif", then a visible placeholder. Which character comes from where is [`Source`].

use std::path::PathBuf;
use std::process::Command;
use std::sync::OnceLock;

use printpdf::ParsedFont;

use super::FormsError;

const REGULAR: &[u8] = include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/../../assets/fonts/NotoSerif-Regular.ttf"));
const BOLD: &[u8] = include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/../../assets/fonts/NotoSerif-Bold.ttf"));
const ITALIC: &[u8] = include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/../../assets/fonts/NotoSerif-Italic.ttf"));

/// The three faces a document can use. Bold inside italic prints bold (there is no bold italic
/// face; it would add 650 KB for a style the forms do not need).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FontStyle {
    Regular,
    Bold,
    Italic,
}

impl FontStyle {
    pub(crate) const ALL: [FontStyle; 3] = [FontStyle::Regular, FontStyle::Bold, FontStyle::Italic];
}

/// Where the glyph for one character comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) enum Source {
    /// The embedded document family, in the text's own style.
    Primary,
    /// A system font (an index into [`fallbacks`]), in its regular weight whatever the style.
    Fallback(usize),
    /// No font has it: printed as [`placeholder`] in the document family, so nothing a person
    /// typed disappears from the paper without a trace.
    Placeholder,
    /// Invisible by nature (joiners, variation selectors, direction marks): takes no room and
    /// prints nothing, but still steers the direction of the text around it.
    Ignored,
}

/// The visible stand-in for a character no font can print: its code point, `[U+1F60A]`.
pub(crate) fn placeholder(ch: char) -> String {
    format!("[U+{:04X}]", u32::from(ch))
}

/// One parsed face with the numbers the layout needs.
#[derive(Debug)]
pub(crate) struct Face {
    pub(crate) parsed: ParsedFont,
    units_per_em: f32,
}

impl Face {
    fn load(bytes: &[u8], index: usize) -> Option<Face> {
        let mut warnings = Vec::new();
        let parsed = ParsedFont::from_bytes(bytes, index, &mut warnings)?;
        let units_per_em = f32::from(parsed.font_metrics.units_per_em);
        if units_per_em <= 0.0 {
            return None;
        }
        Some(Face { parsed, units_per_em })
    }

    fn glyph(&self, ch: char) -> Option<u16> {
        self.parsed.lookup_glyph_index(u32::from(ch)).filter(|&gid| gid != 0)
    }

    /// Advance width of `ch` in em, or `None` when this face has no glyph for it.
    pub(crate) fn advance_em(&self, ch: char) -> Option<f32> {
        self.glyph(ch).map(|gid| f32::from(self.parsed.get_horizontal_advance(gid)) / self.units_per_em)
    }

    /// Whether `ch` draws something here. A colour emoji font maps its characters to glyphs
    /// with no outline (bitmaps a PDF font cannot carry): those would print as nothing.
    fn draws(&self, ch: char, outlines: Outlines) -> bool {
        let Some(gid) = self.glyph(ch) else {
            return false;
        };
        match outlines {
            // CFF outlines are not decoded by the parser; the table being there is enough.
            Outlines::Cff => true,
            Outlines::TrueType => {
                ch.is_whitespace()
                    || self
                        .parsed
                        .get_or_decode_glyph(gid)
                        .is_some_and(|g| g.outline.iter().any(|o| !o.operations.as_slice().is_empty()))
            }
        }
    }
}

/// The loaded family. Parsed once per process (about 10 ms) and shared.
#[derive(Debug)]
pub(crate) struct FontSet {
    regular: Face,
    bold: Face,
    italic: Face,
}

impl FontSet {
    fn load() -> Option<FontSet> {
        Some(FontSet { regular: Face::load(REGULAR, 0)?, bold: Face::load(BOLD, 0)?, italic: Face::load(ITALIC, 0)? })
    }

    pub(crate) fn face(&self, style: FontStyle) -> &Face {
        match style {
            FontStyle::Regular => &self.regular,
            FontStyle::Bold => &self.bold,
            FontStyle::Italic => &self.italic,
        }
    }

    /// Where `ch` in `style` is printed from, and its advance in em. Never fails: the document
    /// family first, then the system's fonts, then the placeholder.
    pub(crate) fn resolve(&self, style: FontStyle, ch: char) -> (Source, f32) {
        let face = self.face(style);
        if let Some(em) = face.advance_em(ch) {
            return (Source::Primary, em);
        }
        if is_invisible(ch) {
            return (Source::Ignored, 0.0);
        }
        if let Some((index, em)) = find_fallback(ch) {
            return (Source::Fallback(index), em);
        }
        let em = placeholder(ch).chars().filter_map(|c| face.advance_em(c)).sum();
        (Source::Placeholder, em)
    }

    /// Where `ch` prints from and its width in points at `size`, with `tracking` points added
    /// after every character printed (the PDF `Tc` operator does the same, so measure and print
    /// agree; a placeholder prints several).
    pub(crate) fn measure(&self, style: FontStyle, ch: char, size: f32, tracking: f32) -> (Source, f32) {
        let (source, em) = self.resolve(style, ch);
        let printed = match source {
            Source::Ignored => 0,
            Source::Placeholder => placeholder(ch).chars().count(),
            Source::Primary | Source::Fallback(_) => 1,
        };
        (source, em * size + tracking * printed as f32)
    }

    /// Width of `text` in points, each character measured by [`FontSet::measure`].
    pub(crate) fn width(&self, style: FontStyle, text: &str, size: f32, tracking: f32) -> f32 {
        text.chars().map(|ch| self.measure(style, ch, size, tracking).1).sum()
    }
}

/// Characters that are invisible by definition (Unicode's default-ignorable code points and the
/// C0/C1 controls other than the tab and line breaks the layout handles itself).
fn is_invisible(ch: char) -> bool {
    matches!(u32::from(ch),
        0x00..=0x1F | 0x7F..=0x9F | 0xAD | 0x34F | 0x61C | 0x115F..=0x1160 | 0x17B4..=0x17B5
        | 0x180B..=0x180F | 0x200B..=0x200F | 0x202A..=0x202E | 0x2060..=0x206F | 0x3164
        | 0xFE00..=0xFE0F | 0xFEFF | 0xFFA0 | 0xFFF0..=0xFFF8 | 0x1BCA0..=0x1BCA3
        | 0x1D173..=0x1D17A | 0xE0000..=0xE0FFF)
}

static FONTS: OnceLock<Option<FontSet>> = OnceLock::new();

/// The document fonts, parsed on first use.
pub(crate) fn fonts() -> Result<&'static FontSet, FormsError> {
    FONTS.get_or_init(FontSet::load).as_ref().ok_or(FormsError::FontUnavailable)
}

// ---------------------------------------------------------------------------------------------
// The system's fonts, for characters the document family lacks.

/// How a candidate's glyphs are drawn (fontconfig's `fontformat`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Outlines {
    TrueType,
    Cff,
}

/// A font fontconfig offers, with the characters it says it covers. Its file is read and parsed
/// only when one of those characters is first needed, then kept for the life of the process.
#[derive(Debug)]
struct Candidate {
    path: PathBuf,
    index: usize,
    /// Sorted, non-overlapping inclusive ranges of code points.
    coverage: Vec<(u32, u32)>,
    outlines: Outlines,
    face: OnceLock<Option<Face>>,
}

impl Candidate {
    fn covers(&self, ch: char) -> bool {
        let cp = u32::from(ch);
        let i = self.coverage.partition_point(|&(_, last)| last < cp);
        self.coverage.get(i).is_some_and(|&(first, _)| first <= cp)
    }

    fn face(&self) -> Option<&Face> {
        self.face.get_or_init(|| load_candidate(&self.path, self.index)).as_ref()
    }
}

/// A font file larger than this is not read (the largest CJK collections are about 60 MB).
const MAX_FONT_FILE: u64 = 128 * 1024 * 1024;

fn load_candidate(path: &std::path::Path, index: usize) -> Option<Face> {
    if std::fs::metadata(path).ok()?.len() > MAX_FONT_FILE {
        return None;
    }
    Face::load(&std::fs::read(path).ok()?, index)
}

static FALLBACKS: OnceLock<Vec<Candidate>> = OnceLock::new();

/// The system's fonts in fontconfig's order of preference for serif text, asked once per
/// process, and only when a character is missing from the document family (plain English never
/// pays for it). No document text is passed to fontconfig; no fontconfig means no fallbacks.
fn fallbacks() -> &'static [Candidate] {
    FALLBACKS.get_or_init(|| {
        Command::new("fc-match")
            .args([
                "--sort",
                "serif",
                "--format",
                r"%{file}\t%{index}\t%{fontformat}\t%{outline}\t%{color}\t%{charset}\n",
            ])
            .output()
            .ok()
            .filter(|out| out.status.success())
            .map(|out| parse_fc_match(&String::from_utf8_lossy(&out.stdout)))
            .unwrap_or_default()
    })
}

/// Parses `fc-match --format` lines of `file<TAB>index<TAB>format<TAB>outline<TAB>color<TAB>charset`,
/// keeping the fonts a PDF can embed and draw: TrueType or CFF outlines, not colour (emoji fonts
/// in colour are bitmaps or layers a PDF font does not carry). A charset is space-separated hex
/// code points and ranges (`20-7e a0`).
fn parse_fc_match(output: &str) -> Vec<Candidate> {
    output
        .lines()
        .filter_map(|line| {
            let mut fields = line.split('\t');
            let (path, index, format) = (fields.next()?, fields.next()?, fields.next()?);
            let (outline, color, charset) = (fields.next()?, fields.next()?, fields.next()?);
            let outlines = match format {
                "TrueType" => Outlines::TrueType,
                "CFF" => Outlines::Cff,
                _ => return None,
            };
            if path.is_empty() || outline != "True" || color == "True" {
                return None;
            }
            let coverage = charset
                .split_whitespace()
                .filter_map(|range| {
                    let (first, last) = range.split_once('-').unwrap_or((range, range));
                    Some((u32::from_str_radix(first, 16).ok()?, u32::from_str_radix(last, 16).ok()?))
                })
                .collect();
            Some(Candidate {
                path: PathBuf::from(path),
                index: index.parse().ok()?,
                coverage,
                outlines,
                face: OnceLock::new(),
            })
        })
        .collect()
}

/// The first system font that draws `ch`, and its advance in em.
fn find_fallback(ch: char) -> Option<(usize, f32)> {
    fallbacks().iter().enumerate().find_map(|(index, candidate)| {
        if !candidate.covers(ch) {
            return None;
        }
        let face = candidate.face()?;
        if !face.draws(ch, candidate.outlines) {
            return None;
        }
        Some((index, face.advance_em(ch)?))
    })
}

/// A fallback face already loaded by [`FontSet::resolve`].
pub(crate) fn fallback_face(index: usize) -> Option<&'static Face> {
    fallbacks().get(index)?.face.get()?.as_ref()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_embedded_fonts_load_and_cover_the_characters_forms_use() {
        let fonts = fonts().expect("the embedded Noto Serif faces must parse");
        for style in FontStyle::ALL {
            let face = fonts.face(style);
            for ch in "AZaz09 .,;:!?()[]'\"-–—•·…’“”§©é".chars() {
                assert!(face.advance_em(ch).is_some(), "{style:?} lacks {ch:?}, which the forms print");
            }
        }
    }

    #[test]
    fn every_character_resolves_to_the_family_a_system_font_a_placeholder_or_nothing() {
        let fonts = fonts().expect("fonts load");
        assert_eq!(fonts.resolve(FontStyle::Bold, 'A').0, Source::Primary);
        for invisible in ['\u{200D}', '\u{FE0F}', '\u{2067}', '\u{E0041}'] {
            let (source, em) = fonts.resolve(FontStyle::Regular, invisible);
            assert!(source != Source::Placeholder && em == 0.0, "{invisible:?} takes no room and prints nothing");
        }
        // A private-use code point that no font defines.
        let (source, em) = fonts.resolve(FontStyle::Regular, '\u{10FFFD}');
        assert_eq!(source, Source::Placeholder);
        assert_eq!(placeholder('\u{10FFFD}'), "[U+10FFFD]");
        let label_width = fonts.width(FontStyle::Regular, "[U+10FFFD]", 10.0, 0.0);
        assert!((em * 10.0 - label_width).abs() < 0.01, "the placeholder is measured as it prints");
    }

    #[test]
    fn fontconfig_lines_give_candidates_with_their_coverage_and_skip_what_a_pdf_cannot_embed() {
        let output = "/f/a.ttf\t0\tTrueType\tTrue\tFalse\t20-7e a0 3040-309f\n\
                      /f/b.pfb\t0\tType 1\tTrue\tFalse\t20-7e\n\
                      /f/emoji.ttf\t0\tTrueType\tFalse\tTrue\t1f600-1f64f\n\
                      /f/c.ttc\t2\tCFF\tTrue\tFalse\t4e00-9fff\n\
                      garbage\n";
        let candidates = parse_fc_match(output);
        assert_eq!(candidates.len(), 2, "no Type 1, no colour emoji: {candidates:?}");
        let a = &candidates[0];
        assert!(a.covers('A') && a.covers('\u{A0}') && a.covers('ぁ'));
        assert!(!a.covers('\u{9F}') && !a.covers('\u{A1}') && !a.covers('中'));
        assert_eq!((candidates[1].path.to_str(), candidates[1].index), (Some("/f/c.ttc"), 2));
        assert_eq!(candidates[1].outlines, Outlines::Cff);
        assert!(candidates[1].covers('中'));
    }
}
