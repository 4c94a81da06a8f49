//! The money's papers to the client herself: a receipt, a monthly statement, a superbill, a Good
//! Faith Estimate. Each is a disclosure to the individual (exempt from the accounting, 45 CFR
//! 164.528(a)(1)(ii)) and leaves as her record copy does: its ledger entry, the paper and (for an
//! estimate) the estimate kept as issued, all in one transaction (`printing::deliver`).

use std::path::PathBuf;

use chrono::NaiveDate;

use super::printing::{self, Destination, Paper};
use super::DisclosureError;
use crate::ledger::{EntryKind, NewEntry};
use crate::money::estimates::{self, EstimateInput};
use crate::money::papers::{self, ESTIMATE, RECEIPT, STATEMENT, SUPERBILL};
use crate::money::{dollars, entries};
use crate::time::long_date;
use crate::vault::Session;

type Delivered = Result<(i64, Option<PathBuf>), DisclosureError>;

fn to_client(client_id: i64, description: String) -> NewEntry {
    NewEntry::to_client(client_id, EntryKind::Billing, description, Vec::new())
}

/// A paper that writes nothing besides its ledger entry.
fn deliver_paper(
    session: &mut Session,
    destination: Destination<'_>,
    what: &str,
    entry: &NewEntry,
    today: NaiveDate,
    paper: Paper,
) -> Delivered {
    printing::deliver(session, destination, what, entry, today, |_| Ok(paper), |_| Ok(()))
}

/// A receipt for one payment.
pub fn receipt(session: &mut Session, payment_id: i64, destination: Destination<'_>, today: NaiveDate) -> Delivered {
    let client_id = entries::get(session.conn(), payment_id)?.client_id;
    entries::post_charges(session, Some(client_id), today)?;
    let receipt = papers::receipt(session.conn(), payment_id, today)?;
    let entry = to_client(
        receipt.payment.client_id,
        format!("Receipt no. {} for a payment of {}", receipt.number, dollars(-receipt.payment.cents)),
    );
    let blocks = papers::receipt_blocks(&receipt);
    deliver_paper(session, destination, "receipt", &entry, today, Paper { metadata: RECEIPT, blocks })
}

/// The statement of one month (`2026-03`).
pub fn statement(
    session: &mut Session,
    client_id: i64,
    month: &str,
    destination: Destination<'_>,
    today: NaiveDate,
) -> Delivered {
    let (year, month) = papers::parse_month(month)?;
    entries::post_charges(session, Some(client_id), today)?;
    let statement = papers::statement(session.conn(), client_id, year, month)?;
    let entry = to_client(client_id, format!("Statement for {}", statement.first_day.format("%B %Y")));
    let blocks = papers::statement_blocks(&statement);
    deliver_paper(session, destination, "statement", &entry, today, Paper { metadata: STATEMENT, blocks })
}

/// A superbill of her sessions from `from` to `to`, for her insurer.
pub fn superbill(
    session: &mut Session,
    client_id: i64,
    from: NaiveDate,
    to: NaiveDate,
    destination: Destination<'_>,
    today: NaiveDate,
) -> Delivered {
    entries::post_charges(session, Some(client_id), today)?;
    let bill = papers::superbill(session.conn(), client_id, from, to, today)?;
    let entry = to_client(
        client_id,
        format!(
            "Superbill for services from {} to {} ({} dates of service, with diagnosis codes)",
            long_date(from),
            long_date(to),
            bill.lines.len()
        ),
    );
    let blocks = papers::superbill_blocks(&bill);
    deliver_paper(session, destination, "superbill", &entry, today, Paper { metadata: SUPERBILL, blocks })
}

/// Issues a Good Faith Estimate: kept as issued, recorded on the ledger and printed together.
pub fn issue_estimate(
    session: &mut Session,
    input: &EstimateInput,
    destination: Destination<'_>,
    today: NaiveDate,
) -> Delivered {
    let paper = estimates::draft(session.conn(), input, today)?;
    let entry = to_client(
        input.client_id,
        format!("Good Faith Estimate no. {} ({} expected)", paper.version, dollars(paper.total_cents)),
    );
    let blocks = estimates::estimate_blocks(&paper);
    printing::deliver(
        session,
        destination,
        "estimate",
        &entry,
        today,
        |_| Ok(Paper { metadata: ESTIMATE, blocks }),
        |conn| {
            estimates::keep(conn, input.client_id, &paper)?;
            Ok(())
        },
    )
}

/// Prints again an estimate issued before, as it was issued.
pub fn reprint_estimate(
    session: &mut Session,
    estimate_id: i64,
    destination: Destination<'_>,
    today: NaiveDate,
) -> Delivered {
    let (client_id, paper) = estimates::paper(session.conn(), estimate_id)?;
    let entry = to_client(client_id, format!("Copy of Good Faith Estimate no. {}", paper.version));
    let blocks = estimates::estimate_blocks(&paper);
    deliver_paper(session, destination, "estimate", &entry, today, Paper { metadata: ESTIMATE, blocks })
}
