//! Fault injection for the crash tests of changes that span several files (a restore replacing
//! the vault): each step ends at a named point. Built only with `test-support`; otherwise
//! [`point`] does nothing.
//!
//! With `CONFIDANT_FAULT_POINTS` set, each point writes `fault-point <n> <name>` to standard
//! output as it is reached (counted from 0); with `CONFIDANT_FAULT_STOP=<n>` too, the process
//! stops at point `n` and waits there to be killed, so that a test kills it within the step
//! that ends there.

/// The end of one step of a multi-file change.
#[cfg(feature = "test-support")]
pub(crate) fn point(name: &str) {
    use std::io::Write;
    use std::sync::atomic::{AtomicUsize, Ordering};

    static REACHED: AtomicUsize = AtomicUsize::new(0);
    if std::env::var_os("CONFIDANT_FAULT_POINTS").is_none() {
        return;
    }
    let n = REACHED.fetch_add(1, Ordering::SeqCst);
    {
        let mut out = std::io::stdout().lock();
        let _ = writeln!(out, "fault-point {n} {name}");
        let _ = out.flush();
    }
    if std::env::var("CONFIDANT_FAULT_STOP").ok().and_then(|s| s.parse().ok()) == Some(n) {
        loop {
            std::thread::park();
        }
    }
}

#[cfg(not(feature = "test-support"))]
pub(crate) fn point(_name: &str) {}
