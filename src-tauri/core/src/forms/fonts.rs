//! The document fonts (Noto Serif, SIL OFL 1.1; see `assets/fonts/README.md`), embedded in the
//! binary so a printed form never depends on what the machine has installed.

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

/// One parsed face with the numbers the layout needs.
#[derive(Debug)]
pub(crate) struct Face {
    pub(crate) parsed: ParsedFont,
    units_per_em: f32,
}

impl Face {
    fn load(bytes: &[u8]) -> Option<Face> {
        let mut warnings = Vec::new();
        let parsed = ParsedFont::from_bytes(bytes, 0, &mut warnings)?;
        let units_per_em = f32::from(parsed.font_metrics.units_per_em);
        if units_per_em <= 0.0 {
            return None;
        }
        Some(Face { parsed, units_per_em })
    }

    /// Advance width of `ch` in em, or `MissingGlyph` naming the character.
    pub(crate) fn advance_em(&self, ch: char) -> Result<f32, FormsError> {
        match self.parsed.lookup_glyph_index(u32::from(ch)) {
            Some(gid) if gid != 0 => Ok(f32::from(self.parsed.get_horizontal_advance(gid)) / self.units_per_em),
            _ => Err(FormsError::MissingGlyph { ch }),
        }
    }

    /// Width of `text` in points at `size`, with `tracking` points added after every character
    /// (the PDF `Tc` operator does the same, so measure and print agree).
    pub(crate) fn width(&self, text: &str, size: f32, tracking: f32) -> Result<f32, FormsError> {
        let mut em = 0.0;
        let mut n = 0.0;
        for ch in text.chars() {
            em += self.advance_em(ch)?;
            n += 1.0;
        }
        Ok(em * size + n * tracking)
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
        Some(FontSet { regular: Face::load(REGULAR)?, bold: Face::load(BOLD)?, italic: Face::load(ITALIC)? })
    }

    pub(crate) fn face(&self, style: FontStyle) -> &Face {
        match style {
            FontStyle::Regular => &self.regular,
            FontStyle::Bold => &self.bold,
            FontStyle::Italic => &self.italic,
        }
    }
}

static FONTS: OnceLock<Option<FontSet>> = OnceLock::new();

/// The document fonts, parsed on first use.
pub(crate) fn fonts() -> Result<&'static FontSet, FormsError> {
    FONTS.get_or_init(FontSet::load).as_ref().ok_or(FormsError::FontUnavailable)
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
                assert!(face.advance_em(ch).is_ok(), "{style:?} lacks {ch:?}, which the forms print");
            }
        }
    }

    #[test]
    fn a_character_the_font_lacks_is_named_in_the_error() {
        let fonts = fonts().expect("fonts load");
        let err =
            fonts.face(FontStyle::Regular).width("hello ☃", 11.0, 0.0).expect_err("a snowman is not in Noto Serif");
        assert!(matches!(err, FormsError::MissingGlyph { ch: '☃' }), "{err:?}");
        assert!(err.to_string().contains("U+2603"), "{err}");
    }
}
