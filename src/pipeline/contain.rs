//! A file's failure is that file's alone: reading it runs under `catch_unwind`, so that a
//! panic anywhere on the way — inside a reader library (calamine panics on some crafted
//! records) or in riskreg itself — costs that file, which is reported, and the batch goes
//! on. While files are read, the panic hook keeps each message for the report instead of
//! printing it.
//!
//! What unwinding cannot catch — an allocation the allocator refuses, which aborts — is
//! kept from happening by the checks before a reader allocates (`read::sniff` for zip
//! parts, the shared-string count and the `.xls` records).

use std::cell::RefCell;
use std::panic::{self, AssertUnwindSafe, PanicHookInfo};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Once;

/// Files being read under containment, on any thread.
static CONTAINED: AtomicUsize = AtomicUsize::new(0);
static HOOK: Once = Once::new();

thread_local! {
    /// The last contained panic's message on this thread.
    static MESSAGE: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// Runs `read`; a panic inside it becomes `Err` with the panic's message and place.
pub fn contained<T>(read: impl FnOnce() -> T) -> Result<T, String> {
    install_hook();
    CONTAINED.fetch_add(1, Ordering::SeqCst);
    let outcome = panic::catch_unwind(AssertUnwindSafe(read));
    CONTAINED.fetch_sub(1, Ordering::SeqCst);
    outcome.map_err(|payload| {
        MESSAGE.with(|message| message.borrow_mut().take()).unwrap_or_else(|| describe(payload.as_ref()))
    })
}

/// Replaces the panic hook, once: while files are read, a panic's message is kept for the
/// file's report; otherwise it is printed as usual.
fn install_hook() {
    HOOK.call_once(|| {
        let default = panic::take_hook();
        panic::set_hook(Box::new(move |info: &PanicHookInfo<'_>| {
            if CONTAINED.load(Ordering::SeqCst) > 0 {
                let place = info.location().map(|at| format!(" at {}:{}", at.file(), at.line())).unwrap_or_default();
                let text = format!("{}{place}", describe(info.payload()));
                MESSAGE.with(|message| *message.borrow_mut() = Some(text));
            } else {
                default(info);
            }
        }));
    });
}

fn describe(payload: &(dyn std::any::Any + Send)) -> String {
    payload
        .downcast_ref::<&str>()
        .map(|text| (*text).to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "a panic without a message".to_string())
}

#[cfg(test)]
mod tests;
