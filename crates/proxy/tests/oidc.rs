//! Sign-in with an OpenID provider: npm's `oidc-provider` (a certified provider) on 127.0.0.1,
//! started here (`tests/oidc/provider.mjs`); the authorization code flow with PKCE and a nonce,
//! a group bound to a role, the state used once, the browser bound by the pre-login cookie.

mod common;

use std::process::{Command, Stdio};

use common::*;
use hilens_proxy::{Directory, Oidc, OidcConfig, WebClient};

const ROLES: &str = "[[bindings]]\ngroup = \"line-ops\"\nrole = \"operator\"\n\n[[bindings]]\ngroup = \"auditors\"\nrole = \"viewer\"\n";

struct Provider {
    child: std::process::Child,
    issuer: String,
}

impl Drop for Provider {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// `oidc-provider` on a free port of 127.0.0.1 (its npm packages installed on first use).
fn provider(redirect_uri: &str) -> Provider {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/oidc");
    if !dir.join("node_modules/oidc-provider").exists() {
        let ci = Command::new("npm").args(["ci", "--no-audit", "--no-fund"]).current_dir(&dir).status().unwrap();
        assert!(ci.success(), "npm ci in tests/oidc");
    }
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let mut child = Command::new("node")
        .arg(dir.join("provider.mjs"))
        .args([&port.to_string(), "hilens-console", "client-secret-0123", redirect_uri])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut out = std::io::BufReader::new(child.stdout.take().unwrap());
    let mut line = String::new();
    std::io::BufRead::read_line(&mut out, &mut line).unwrap();
    assert!(line.starts_with("ready "), "the provider did not start: {line}");
    // Whatever it prints later is read (a closed pipe would stop it).
    std::thread::spawn(move || std::io::copy(&mut out, &mut std::io::sink()));
    Provider { child, issuer: line.trim()["ready ".len()..].to_string() }
}

/// A browser that keeps cookies and does not follow redirects by itself.
fn browser() -> reqwest::Client {
    reqwest::Client::builder().cookie_store(true).redirect(reqwest::redirect::Policy::none()).build().unwrap()
}

fn location(resp: &reqwest::Response, base: &str) -> String {
    let to = resp.headers()["location"].to_str().unwrap();
    if to.starts_with("http") {
        to.to_string()
    } else {
        format!("{base}{to}")
    }
}

/// Signs `account` in through the provider; returns the callback's answer.
async fn sign_in(b: &reqwest::Client, base: &str, issuer: &str, account: &str) -> reqwest::Response {
    let login = b.get(format!("{base}/auth/oidc/login?next=/devices")).send().await.unwrap();
    assert_eq!(login.status(), StatusCode::FOUND);
    assert!(login.headers()["set-cookie"].to_str().unwrap().contains("SameSite=Lax"));
    let authorize = location(&login, base);
    assert!(
        authorize.starts_with(issuer)
            && authorize.contains("code_challenge_method=S256")
            && authorize.contains("nonce=")
    );
    let to_interaction = b.get(&authorize).send().await.unwrap();
    let interaction = location(&to_interaction, issuer);
    assert!(interaction.contains("/interaction/"), "{interaction}");
    let mut next = b.post(format!("{interaction}?account={account}")).send().await.unwrap();
    // Back through the provider to the proxy's callback.
    for _ in 0..5 {
        let to = location(&next, issuer);
        if to.starts_with(&format!("{base}/auth/oidc/callback")) {
            return b.get(&to).send().await.unwrap();
        }
        next = b.get(&to).send().await.unwrap();
    }
    panic!("the provider never sent the browser back");
}

#[tokio::test]
async fn a_person_signs_in_with_the_provider_and_their_group_gives_the_role() {
    let (cloud, hits) = start_cloud("oidc").await;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let idp = provider(&format!("{base}/auth/oidc/callback"));

    let mut c = service("oidc", remote(&cloud, Duration::from_secs(10)), SK);
    let roles = c.dist.join("roles.toml");
    std::fs::write(&roles, ROLES).unwrap();
    let scopes = vec!["profile".to_string(), "groups".to_string()];
    let config = OidcConfig::new(&idp.issuer, "hilens-console", "client-secret-0123", &base, "groups", scopes).unwrap();
    let web = Arc::new(WebClient::new(None, Duration::from_secs(2), Duration::from_secs(10)).unwrap());
    c.access = Access::Oidc(Arc::new(Directory::load(None, Some(&roles)).unwrap()), Arc::new(Oidc { config, web }));
    tokio::spawn(hilens_proxy::serve(listener, c, std::future::pending()));

    let config: Value = client().get(format!("{base}/config.json")).send().await.unwrap().json().await.unwrap();
    assert_eq!(config["sign_in"], json!(["oidc"]));

    let mei = browser();
    let back = sign_in(&mei, &base, &idp.issuer, "mei").await;
    assert_eq!(back.status(), StatusCode::FOUND);
    assert_eq!(back.headers()["location"], "/devices", "back where the sign-in began");
    let cookies: Vec<&str> = back.headers().get_all("set-cookie").iter().map(|v| v.to_str().unwrap()).collect();
    assert!(cookies.iter().any(|c| c.starts_with("hilens_session=") && c.contains("SameSite=Strict")), "{cookies:?}");
    assert!(
        cookies.iter().any(|c| c.starts_with("hilens_oidc=;") || c.contains("Max-Age=0")),
        "the pre-login cookie goes"
    );
    let me: Value = mei.get(format!("{base}/auth/session")).send().await.unwrap().json().await.unwrap();
    assert_eq!(
        (me["user"].as_str(), me["auth_method"].as_str(), me["role"].as_str()),
        (Some("mei"), Some("oidc"), Some("operator"))
    );
    assert_eq!(me["groups"], json!(["line-ops", "staff"]));
    let nodes = mei.get(format!("{base}/api/v3/{PROJECT}/ai-mgr/nodes")).send().await.unwrap();
    assert_eq!(nodes.status(), StatusCode::OK);
    let before = hits.load(Ordering::SeqCst);
    let create = mei
        .post(format!("{base}/api/v3/{PROJECT}/ai-mgr/nodes"))
        .header("x-hilens-console", "1")
        .json(&json!({"node": {"name": "n"}}))
        .send()
        .await
        .unwrap();
    assert_eq!(create.status(), StatusCode::FORBIDDEN, "an operator provisions nothing");
    assert_eq!(hits.load(Ordering::SeqCst), before);

    // Someone in no bound group signs in, and may do nothing.
    let bob = browser();
    assert_eq!(sign_in(&bob, &base, &idp.issuer, "bob").await.status(), StatusCode::FOUND);
    let refused = bob.get(format!("{base}/api/v3/{PROJECT}/ai-mgr/nodes")).send().await.unwrap();
    assert_eq!(refused.status(), StatusCode::FORBIDDEN);
    assert!(refused.text().await.unwrap().contains("none of your groups (staff)"));
}

#[tokio::test]
async fn a_callback_is_used_once_and_only_by_the_browser_that_began_it() {
    let (cloud, _) = start_cloud("oidc-once").await;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let idp = provider(&format!("{base}/auth/oidc/callback"));
    let mut c = service("oidc-once", remote(&cloud, Duration::from_secs(10)), SK);
    let roles = c.dist.join("roles.toml");
    std::fs::write(&roles, ROLES).unwrap();
    let config =
        OidcConfig::new(&idp.issuer, "hilens-console", "client-secret-0123", &base, "groups", vec!["groups".into()])
            .unwrap();
    let web = Arc::new(WebClient::new(None, Duration::from_secs(2), Duration::from_secs(10)).unwrap());
    c.access = Access::Oidc(Arc::new(Directory::load(None, Some(&roles)).unwrap()), Arc::new(Oidc { config, web }));
    tokio::spawn(hilens_proxy::serve(listener, c, std::future::pending()));

    // The provider's way back, taken by another browser (no pre-login cookie): refused.
    let ann = browser();
    let login = ann.get(format!("{base}/auth/oidc/login")).send().await.unwrap();
    let authorize = location(&login, &base);
    let interaction = location(&ann.get(&authorize).send().await.unwrap(), &idp.issuer);
    let mut next = ann.post(format!("{interaction}?account=ann")).send().await.unwrap();
    let mut callback = String::new();
    for _ in 0..5 {
        let to = location(&next, &idp.issuer);
        if to.starts_with(&format!("{base}/auth/oidc/callback")) {
            callback = to;
            break;
        }
        next = ann.get(&to).send().await.unwrap();
    }
    let stranger = browser();
    let stolen = stranger.get(&callback).send().await.unwrap();
    assert_eq!(stolen.status(), StatusCode::BAD_REQUEST);
    assert!(stolen.text().await.unwrap().contains("this browser did not begin the sign-in"));
    // The state was taken by that attempt: ann's own browser cannot use it either.
    let replay = ann.get(&callback).send().await.unwrap();
    assert_eq!(replay.status(), StatusCode::BAD_REQUEST);
    assert!(replay.text().await.unwrap().contains("no sign-in is waiting"));
    // A made-up state and the provider's refusal.
    let made_up = ann.get(format!("{base}/auth/oidc/callback?code=x&state=y")).send().await.unwrap();
    assert_eq!(made_up.status(), StatusCode::BAD_REQUEST);
    let refused = ann.get(format!("{base}/auth/oidc/callback?error=access_denied&state=y")).send().await.unwrap();
    assert_eq!(refused.status(), StatusCode::UNAUTHORIZED);
    assert!(refused.text().await.unwrap().contains("access_denied"));
}
