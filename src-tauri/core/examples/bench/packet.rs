//! The consent packet: the five forms for one client, rendered in the core (`packet_ms`,
//! `packet_kb`), and the same text converted to PDF by LibreOffice headless, the tool a therapist
//! would otherwise use (`packet_vs_libreoffice`, its warm time over ours).

use std::path::Path;
use std::time::{Duration, Instant};

use confidant_core::consent::{self, profile, FormKind};
use confidant_core::forms::template;
use confidant_core::forms::{Block, Span};
use confidant_core::paths::DataDir;
use confidant_core::register::{self, ClientFields, ClientStatus};

use super::{figure, median, ms, new_practice, Figure};

pub fn packet_bench(results: &mut Vec<Figure>) {
    let temp = tempfile::tempdir().expect("temp");
    let dir = DataDir::new(temp.path().join("forms"));
    let mut session = new_practice(&dir);
    profile::save(&mut session, &profile::sample()).expect("profile");
    let today = chrono::Local::now().date_naive();
    let fields = ClientFields {
        legal_name: "Jordan Avery Sample".into(),
        date_of_birth: "1991-04-12".into(),
        ..Default::default()
    };
    let client = register::create(&mut session, &fields, ClientStatus::Active, false, today).expect("client").id;

    let mut bytes = Vec::new();
    let ours = median(21, || {
        let start = Instant::now();
        bytes = consent::render_packet_for_client(session.conn(), client, &FormKind::ALL, today).expect("packet").0;
        start.elapsed()
    });
    let pdf = temp.path().join("packet.pdf");
    std::fs::write(&pdf, &bytes).expect("write");
    let pages = page_count(&pdf);
    results.push(figure("packet_ms", ms(ours), "ms"));
    results.push(figure("packet_kb", bytes.len() as f64 / 1024.0, "KB"));
    results.push(figure("packet_pages", pages as f64, "count"));

    let html = temp.path().join("packet.html");
    std::fs::write(&html, packet_html(&profile::sample(), &fields)).expect("write html");
    let profile_dir = format!("-env:UserInstallation=file://{}", temp.path().join("lo-profile").display());
    let out = temp.path().join("lo");
    let convert = || {
        let start = Instant::now();
        let status = std::process::Command::new("soffice")
            .args([profile_dir.as_str(), "--headless", "--convert-to", "pdf", "--outdir"])
            .arg(&out)
            .arg(&html)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .status()
            .expect("soffice (apt-get install libreoffice-writer-nogui)");
        assert!(status.success(), "LibreOffice failed");
        start.elapsed()
    };
    convert(); // the first run creates LibreOffice's profile: cold, not counted
    let theirs: Duration = median(3, convert);
    println!(
        "  packet: {} pages, {:.1} ms, {:.0} KB; LibreOffice {:.0} ms ({} pages)",
        pages,
        ms(ours),
        bytes.len() as f64 / 1024.0,
        ms(theirs),
        page_count(&out.join("packet.pdf"))
    );
    results.push(figure("libreoffice_packet_ms", ms(theirs), "ms"));
    results.push(figure("packet_vs_libreoffice", theirs.as_secs_f64() / ours.as_secs_f64().max(1e-9), "ratio"));
}

fn page_count(pdf: &Path) -> usize {
    let out = std::process::Command::new("pdfinfo").arg(pdf).output().expect("pdfinfo");
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|n| n.trim().parse().ok())
        .unwrap_or(0)
}

/// The same five forms, filled the same way, as one HTML document for LibreOffice.
fn packet_html(practice: &profile::PracticeProfile, client: &ClientFields) -> String {
    let value = |name: &str| {
        profile::placeholder_value(practice, name).unwrap_or_else(|| match name {
            "client.name" | "client.preferred_name" => client.legal_name.clone(),
            "client.date_of_birth" => client.date_of_birth.clone(),
            "client.code" => "C0001".into(),
            _ => String::new(),
        })
    };
    let mut html = String::from("<!doctype html><html><head><meta charset=\"utf-8\"></head><body>");
    for (i, kind) in FormKind::ALL.iter().enumerate() {
        if i > 0 {
            html.push_str("<div style=\"page-break-before: always\"></div>");
        }
        let parsed = template::parse(kind.default_text()).expect("default forms parse");
        for block in parsed.fill(&value) {
            html.push_str(&block_html(&block));
        }
    }
    html.push_str("</body></html>");
    html
}

fn spans_html(spans: &[Span]) -> String {
    spans
        .iter()
        .map(|s| {
            let text = s.text.replace('&', "&amp;").replace('<', "&lt;");
            match s.style {
                confidant_core::forms::FontStyle::Bold => format!("<b>{text}</b>"),
                confidant_core::forms::FontStyle::Italic => format!("<i>{text}</i>"),
                confidant_core::forms::FontStyle::Regular => text,
            }
        })
        .collect()
}

fn block_html(block: &Block) -> String {
    match block {
        Block::Heading { level: 1, text } => format!("<h1>{text}</h1>"),
        Block::Heading { text, .. } => format!("<h2>{text}</h2>"),
        Block::Paragraph(spans) => format!("<p>{}</p>", spans_html(spans)),
        Block::Note(spans) => format!("<p><small>{}</small></p>", spans_html(spans)),
        Block::BulletList(items) => {
            format!("<ul>{}</ul>", items.iter().map(|i| format!("<li>{}</li>", spans_html(i))).collect::<String>())
        }
        Block::CheckList(items) => {
            let item = |i: &confidant_core::forms::CheckItem| {
                format!("<li>{} {}</li>", if i.ticked { "☒" } else { "☐" }, spans_html(&i.text))
            };
            format!("<ul>{}</ul>", items.iter().map(item).collect::<String>())
        }
        Block::SignatureLines { label } => format!("<p>______________________________ Date ________<br>{label}</p>"),
        Block::WriteIn { label, lines } => {
            format!(
                "<p>{label}</p>{}",
                "<p>____________________________________________</p>".repeat(usize::from(*lines))
            )
        }
        Block::PageBreak => "<div style=\"page-break-before: always\"></div>".into(),
        Block::Key { groups } => format!("<p>{}</p>", groups.join(" ")),
        Block::KeyRows(rows) => rows.iter().map(|row| format!("<p>{}</p>", row.join(" "))).collect(),
        Block::Commands(lines) => format!("<pre>{}</pre>", lines.join("\n").replace('&', "&amp;").replace('<', "&lt;")),
        Block::Spacer(_) => "<p></p>".into(),
    }
}
