//! Where forwarded requests go. Today: the embedded emulator, called in-process through its
//! router, so a laptop needs no second server and no network.

use std::sync::Arc;

use axum::body::Body;
use axum::http::{Request, Response};
use hilens_emulator::Emulator;
use tower::ServiceExt;

pub enum Upstream {
    /// The local HiLens emulator, running inside the proxy.
    Local(axum::Router),
}

impl Upstream {
    pub fn local(emulator: &Arc<Emulator>) -> Upstream {
        Upstream::Local(emulator.router())
    }

    /// Sends one request (path and query only in its URI) and returns the answer.
    pub async fn send(&self, req: Request<Body>) -> Response<Body> {
        match self {
            Upstream::Local(router) => match router.clone().oneshot(req).await {
                Ok(resp) => resp,
                Err(never) => match never {},
            },
        }
    }
}
