//! Entry point of the console's wasm bundle (built by Trunk).

fn main() {
    leptos::mount::mount_to_body(hilens_console::app::App);
}
