//! The engine of codecision's interactive report: the library compiled to
//! WebAssembly (`wasm32-unknown-unknown`, lean: default features off plus
//! `forecast`), answering the page's questions with the same library calls
//! as the command line.
//!
//! No binding generator: the page's script (the library's `page.js`) and
//! this module exchange UTF-8 text through the module's linear memory.
//!
//! 1. [`input`]`(len)` makes the input buffer `len` bytes long and returns
//!    where it starts; the script writes the UTF-8 bytes there.
//! 2. [`load`] reads the input as a register (the JSON register format);
//!    [`report`] reads it as a question (see [`Question`]) and answers with
//!    the report's HTML for that date.
//! 3. Each returns 0 when it answered and 1 when it refused; either way the
//!    output buffer ([`output_ptr`], [`output_len`]) holds the answer or the
//!    error's message.
//!
//! Build it with `scripts/build_web.sh`, which also refreshes the copy the
//! command line embeds.
#![deny(missing_docs)]

use std::cell::RefCell;

use codecision::Register;

mod question;

pub use question::Question;

thread_local! {
    static INPUT: RefCell<Vec<u8>> = const { RefCell::new(Vec::new()) };
    static OUTPUT: RefCell<Vec<u8>> = const { RefCell::new(Vec::new()) };
    static REGISTER: RefCell<Option<Register>> = const { RefCell::new(None) };
}

/// Makes the input buffer `len` bytes long (zeroed) and returns its address
/// in linear memory, for the script to write the next call's input into.
#[cfg_attr(target_arch = "wasm32", unsafe(no_mangle))]
pub extern "C" fn input(len: usize) -> *mut u8 {
    INPUT.with_borrow_mut(|buf| {
        buf.clear();
        buf.resize(len, 0);
        buf.as_mut_ptr()
    })
}

/// Where the last answer (or error message) starts in linear memory.
#[cfg_attr(target_arch = "wasm32", unsafe(no_mangle))]
pub extern "C" fn output_ptr() -> *const u8 {
    OUTPUT.with_borrow(|buf| buf.as_ptr())
}

/// How many bytes the last answer (or error message) has.
#[cfg_attr(target_arch = "wasm32", unsafe(no_mangle))]
pub extern "C" fn output_len() -> usize {
    OUTPUT.with_borrow(Vec::len)
}

/// Reads the input as a register and keeps it for the questions that
/// follow. Returns 0, or 1 with the error's message as the output.
#[cfg_attr(target_arch = "wasm32", unsafe(no_mangle))]
pub extern "C" fn load() -> u32 {
    let result = INPUT.with_borrow(|text| Register::from_slice(text));
    answer(result.map(|register| {
        REGISTER.set(Some(register));
        String::new()
    }))
}

/// Reads the input as a [`Question`] (JSON) and answers it on the loaded
/// register: the report's content for that date. Returns 0, or 1 with the
/// error's message as the output.
#[cfg_attr(target_arch = "wasm32", unsafe(no_mangle))]
pub extern "C" fn report() -> u32 {
    let question = INPUT.with_borrow(|text| Question::from_json(text));
    answer(question.and_then(|q| {
        REGISTER.with_borrow(|register| match register {
            Some(register) => q.answer(register),
            None => Err("no register loaded".to_string()),
        })
    }))
}

/// Puts `result` in the output buffer: 0 for an answer, 1 for an error.
fn answer(result: Result<String, impl ToString>) -> u32 {
    let (code, text) = match result {
        Ok(text) => (0, text),
        Err(e) => (1, e.to_string()),
    };
    OUTPUT.set(text.into_bytes());
    code
}
