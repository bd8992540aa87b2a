//! Mounts the app; everything else lives in the library.

fn main() {
    console_error_panic_hook::set_once();
    // The app marks "interlock-mounted" (for benchmarks) once storage has been read and
    // its first screen is on the page.
    leptos::mount::mount_to_body(interlock::App);
}
