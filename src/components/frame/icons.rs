//! The console's icons: a few line drawings as inline SVG (no icon font to download), drawn
//! in the text's colour at the text's size, and hidden from assistive technology (the label
//! beside each says what it is).

use leptos::prelude::*;

/// An icon: one SVG path on a 24-unit grid, stroked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Icon(&'static str);

impl Icon {
    pub const MENU: Icon = Icon("M3 6h18M3 12h18M3 18h18");
    pub const PLUS: Icon = Icon("M12 5v14M5 12h14");
    pub const SIGN_OUT: Icon = Icon("M9 21H5a2 2 0 0 1-2-2V5a2 2 0 0 1 2-2h4M16 17l5-5-5-5M21 12H9");
    pub const OVERVIEW: Icon = Icon("M3 3h7v7H3zM14 3h7v7h-7zM14 14h7v7h-7zM3 14h7v7H3z");
    pub const DEVICE: Icon =
        Icon("M6 6h12v12H6zM10 10h4v4h-4zM9 2v4M15 2v4M9 18v4M15 18v4M18 9h4M18 15h4M2 9h4M2 15h4");
    pub const FIRMWARE: Icon = Icon("M12 3v12M7 10l5 5 5-5M4 20h16");
    pub const RECEIPT: Icon = Icon("M2 5h20v14H2zM2 10h20M6 15h4");
    pub const BELL: Icon = Icon("M18 8a6 6 0 0 0-12 0c0 7-3 9-3 9h18s-3-2-3-9M13.7 21a2 2 0 0 1-3.4 0");
    pub const LAYERS: Icon = Icon("M12 2L2 7l10 5 10-5zM2 17l10 5 10-5M2 12l10 5 10-5");
    pub const BOX: Icon = Icon("M21 16V8l-9-5-9 5v8l9 5zM3.3 7L12 12l8.7-5M12 22V12");
    pub const CLOCK: Icon = Icon("M12 2a10 10 0 1 0 0 20a10 10 0 1 0 0-20zM12 6v6l4 2");
    pub const FILE: Icon = Icon("M14 2H6a2 2 0 0 0-2 2v16a2 2 0 0 0 2 2h12a2 2 0 0 0 2-2V8zM14 2v6h6M8 13h8M8 17h8");
    pub const LOCK: Icon = Icon("M5 11h14v10H5zM8 11V7a4 4 0 0 1 8 0v4");
    pub const TAG: Icon = Icon("M20.6 13.4l-7.2 7.2a2 2 0 0 1-2.8 0L2 12V2h10l8.6 8.6a2 2 0 0 1 0 2.8zM7 7h.01");
    pub const FOLDER: Icon = Icon("M22 19a2 2 0 0 1-2 2H4a2 2 0 0 1-2-2V5a2 2 0 0 1 2-2h5l2 3h9a2 2 0 0 1 2 2z");
    pub const STAR: Icon = Icon("M12 2l3.1 6.3 6.9 1-5 4.9 1.2 6.8-6.2-3.2-6.2 3.2 1.2-6.8-5-4.9 6.9-1z");
    pub const BAG: Icon = Icon("M6 2L3 6v14a2 2 0 0 0 2 2h14a2 2 0 0 0 2-2V6l-3-4zM3 6h18M16 10a4 4 0 0 1-8 0");
    pub const USER: Icon = Icon("M20 21v-2a4 4 0 0 0-4-4H8a4 4 0 0 0-4 4v2M12 3a4 4 0 1 0 0 8a4 4 0 1 0 0-8z");
    pub const SHIELD: Icon = Icon("M12 22s8-4 8-10V5l-8-3-8 3v7c0 6 8 10 8 10z");

    /// The side navigation's icon of a domain, by its address; a domain without one of its
    /// own gets the box.
    pub fn for_domain(href: &str) -> Icon {
        match href {
            "/" => Icon::OVERVIEW,
            "/devices" => Icon::DEVICE,
            "/firmware" => Icon::FIRMWARE,
            "/service-orders" => Icon::RECEIPT,
            "/alarms" => Icon::BELL,
            "/deployments" => Icon::LAYERS,
            "/jobs" => Icon::CLOCK,
            "/configmaps" => Icon::FILE,
            "/secrets" => Icon::LOCK,
            "/tags" => Icon::TAG,
            "/workspaces" => Icon::FOLDER,
            "/skills" => Icon::STAR,
            "/orders" => Icon::BAG,
            "/access" => Icon::USER,
            "/audit" => Icon::SHIELD,
            _ => Icon::BOX,
        }
    }

    /// The icon's markup (class `icon`, sized and coloured by style/main.css).
    pub fn view(self) -> impl IntoView {
        view! {
            <svg class="icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
                <path d=self.0 />
            </svg>
        }
    }
}
