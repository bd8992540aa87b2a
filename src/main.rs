//! Mounts the app; everything else lives in the library.

fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(interlock::App);
    // The first render is synchronous: this mark is "the app is on screen" for benchmarks.
    interlock::ui::browser::mark("interlock-mounted");
}
