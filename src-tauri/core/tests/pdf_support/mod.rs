//! Reading PDFs back the way a person or a printer sees them: poppler's pdftotext / pdfinfo /
//! pdffonts / pdftoppm and qpdf (CI installs `poppler-utils` and `qpdf`). Every saved PDF's pages
//! are also written as PNGs under `target/test-output/forms/` for a look.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;

pub fn out_dir() -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/test-output/forms");
    std::fs::create_dir_all(&dir).expect("create target/test-output/forms");
    dir
}

/// Runs a PDF tool, failing with an install hint when it is missing.
pub fn tool(program: &str, args: &[&str]) -> String {
    let output = Command::new(program).args(args).output().unwrap_or_else(|e| {
        panic!(
            "`{program}` could not run ({e}). Install poppler-utils and qpdf \
             (apt-get install poppler-utils qpdf) to run the PDF tests."
        )
    });
    assert!(
        output.status.success(),
        "`{program} {}` failed: {}{}",
        args.join(" "),
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// Writes the PDF and a PNG per page (80 dpi) next to it; returns the PDF path.
pub fn save(name: &str, bytes: &[u8]) -> String {
    let dir = out_dir();
    let pdf = dir.join(format!("{name}.pdf"));
    std::fs::write(&pdf, bytes).expect("write pdf");
    let pdf = pdf.to_string_lossy().into_owned();
    let prefix = dir.join(name).to_string_lossy().into_owned();
    tool("pdftoppm", &["-png", "-r", "80", &pdf, &prefix]);
    pdf
}

pub fn page_count(pdf: &str) -> usize {
    let info = tool("pdfinfo", &[pdf]);
    info.lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|n| n.trim().parse().ok())
        .expect("pdfinfo reports a page count")
}

pub fn page_text(pdf: &str, page: usize) -> String {
    let n = page.to_string();
    tool("pdftotext", &["-f", &n, "-l", &n, pdf, "-"])
}

pub fn assert_fonts_embedded_and_subset(pdf: &str) -> String {
    let fonts = tool("pdffonts", &[pdf]);
    let rows: Vec<&str> = fonts.lines().skip(2).filter(|l| !l.trim().is_empty()).collect();
    assert!(!rows.is_empty(), "the PDF must use fonts:\n{fonts}");
    for row in rows {
        let cols: Vec<&str> = row.split_whitespace().collect();
        // name type encoding emb sub uni object ID
        let n = cols.len();
        assert!(n >= 7, "unexpected pdffonts row {row:?}");
        assert_eq!(cols[n - 5], "yes", "font not embedded: {row}");
        assert_eq!(cols[n - 4], "yes", "font not subset: {row}");
        assert_eq!(cols[n - 3], "yes", "font has no ToUnicode map (text not copyable): {row}");
    }
    fonts
}
