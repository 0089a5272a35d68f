//! What `std` would provide on wasm32, done smaller: the allocator, the panic handler and
//! the page's globals.
//!
//! Why: `std`'s panic machinery formats messages with `core::fmt`, which costs the wasm
//! about 20 KB even though a panic here can only ever trap. With `no_std` and a panic handler
//! that traps at once, the formatting code is dead and the linker drops it. The core never
//! panics on input by design; this handler is the last line, and the JS stub turns a trap into
//! a silent, disabled SDK rather than an error in the page.

/// `std`'s allocator on wasm32, used directly. (A size-class allocator was tried in issue 7:
/// 2.2 KB gzip smaller, but storms of events of varied sizes grew memory to 42 MB where
/// dlmalloc, which merges free blocks, stays at 13 MB.)
#[global_allocator]
static ALLOCATOR: dlmalloc::GlobalDlmalloc = dlmalloc::GlobalDlmalloc;

#[panic_handler]
fn panic(_: &core::panic::PanicInfo<'_>) -> ! {
    core::arch::wasm32::unreachable()
}

/// A page-lifetime global. `thread_local!` is `std`-only; on wasm32 without the `atomics`
/// feature there is exactly one thread, so a plain `static` is just as safe. Mirrors
/// `LocalKey::with`, so call sites read the same.
pub struct Global<T>(T);

impl<T> Global<T> {
    pub const fn new(value: T) -> Self {
        Global(value)
    }

    pub fn with<R>(&'static self, f: impl FnOnce(&T) -> R) -> R {
        f(&self.0)
    }
}

// SAFETY: this module only compiles for wasm32-unknown-unknown, built without the `atomics`
// target feature (see Cargo.toml/.cargo): the instance runs on one thread, so no `&T` is ever
// shared between threads.
#[allow(unsafe_code)]
unsafe impl<T> Sync for Global<T> {}

/// `globals! { static NAME: Type = const { expr }; }`, shaped like `thread_local!`.
macro_rules! globals {
    ($($(#[$attr:meta])* static $name:ident: $ty:ty = const { $init:expr };)*) => {
        $($(#[$attr])* static $name: $crate::web::runtime::Global<$ty> = $crate::web::runtime::Global::new($init);)*
    };
}
pub(crate) use globals;
