//! Sign-in with an OpenID provider (`--console-auth oidc`): the authorization code flow with
//! PKCE and a nonce, by the `openidconnect` crate over the HTTP client the proxy hands in
//! (its own, trusting `--upstream-ca`). [`begin`] makes the provider's URL and what the
//! callback will need ([`Pending`], kept by the proxy in its session store, so the callback
//! may land on another replica); [`finish`] exchanges the code, checks the ID token
//! (signature, issuer, audience, expiry, nonce) and reads the user's name and groups.
//!
//! The provider's metadata and keys are read at each sign-in: a key the provider rotated is
//! never stale, and sign-ins are rare.

use openidconnect::core::{CoreAuthenticationFlow, CoreClient, CoreProviderMetadata};
use openidconnect::{
    AsyncHttpClient, AuthorizationCode, ClientId, ClientSecret, CsrfToken, IssuerUrl, Nonce, PkceCodeChallenge,
    PkceCodeVerifier, RedirectUrl, Scope, TokenResponse,
};
use serde::{Deserialize, Serialize};

/// The provider and this proxy's registration with it.
#[derive(Clone)]
pub struct OidcConfig {
    pub issuer: IssuerUrl,
    pub client_id: ClientId,
    pub client_secret: ClientSecret,
    /// `<--public-url>/auth/oidc/callback`.
    pub redirect: RedirectUrl,
    /// The ID token claim that lists the user's groups (`groups`).
    pub groups_claim: String,
    /// Scopes asked for besides `openid`.
    pub scopes: Vec<String>,
}

impl std::fmt::Debug for OidcConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("OidcConfig")
            .field("issuer", &self.issuer.as_str())
            .field("client_id", &self.client_id.as_str())
            .field("redirect", &self.redirect.as_str())
            .finish_non_exhaustive()
    }
}

impl OidcConfig {
    /// Checks the URLs; `public_url` is where browsers reach the proxy.
    pub fn new(
        issuer: &str,
        client_id: &str,
        client_secret: &str,
        public_url: &str,
        groups_claim: &str,
        scopes: Vec<String>,
    ) -> Result<OidcConfig, String> {
        let issuer =
            IssuerUrl::new(issuer.trim_end_matches('/').to_string()).map_err(|e| format!("--oidc-issuer: {e}"))?;
        let public = public_url.trim_end_matches('/');
        if !(public.starts_with("https://") || public.starts_with("http://")) {
            return Err("--public-url: the console's URL as browsers reach it (https://console.example.com)".into());
        }
        let redirect =
            RedirectUrl::new(format!("{public}/auth/oidc/callback")).map_err(|e| format!("--public-url: {e}"))?;
        if client_id.is_empty() || client_secret.is_empty() {
            return Err("--oidc-client-id and the secret of --oidc-client-secret-file must not be empty".into());
        }
        Ok(OidcConfig {
            issuer,
            client_id: ClientId::new(client_id.into()),
            client_secret: ClientSecret::new(client_secret.into()),
            redirect,
            groups_claim: groups_claim.into(),
            scopes,
        })
    }
}

/// What the callback needs of the sign-in it ends: the PKCE verifier, the nonce, the hash of
/// the pre-login cookie that binds the browser, and where to go afterwards.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Pending {
    pub verifier: String,
    pub nonce: String,
    pub binding: String,
    pub next: String,
}

/// Who signed in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OidcUser {
    /// `preferred_username`, else `email`, else `sub`.
    pub name: String,
    pub groups: Vec<String>,
}

async fn client<H>(
    config: &OidcConfig,
    http: &H,
) -> Result<
    CoreClient<
        openidconnect::EndpointSet,
        openidconnect::EndpointNotSet,
        openidconnect::EndpointNotSet,
        openidconnect::EndpointNotSet,
        openidconnect::EndpointMaybeSet,
        openidconnect::EndpointMaybeSet,
    >,
    String,
>
where
    H: for<'c> AsyncHttpClient<'c>,
{
    let metadata = CoreProviderMetadata::discover_async(config.issuer.clone(), http)
        .await
        .map_err(|e| format!("the identity provider's discovery: {e}"))?;
    Ok(CoreClient::from_provider_metadata(metadata, config.client_id.clone(), Some(config.client_secret.clone()))
        .set_redirect_uri(config.redirect.clone()))
}

/// The provider's URL to send the browser to, and the state it will come back with.
pub async fn begin<H>(
    config: &OidcConfig,
    http: &H,
    binding: String,
    next: String,
) -> Result<(String, String, Pending), String>
where
    H: for<'c> AsyncHttpClient<'c>,
{
    let client = client(config, http).await?;
    let (challenge, verifier) = PkceCodeChallenge::new_random_sha256();
    let mut request =
        client.authorize_url(CoreAuthenticationFlow::AuthorizationCode, CsrfToken::new_random, Nonce::new_random);
    for scope in &config.scopes {
        request = request.add_scope(Scope::new(scope.clone()));
    }
    let (url, state, nonce) = request.set_pkce_challenge(challenge).url();
    let pending = Pending { verifier: verifier.secret().clone(), nonce: nonce.secret().clone(), binding, next };
    Ok((url.to_string(), state.secret().clone(), pending))
}

/// Exchanges `code` and checks the ID token against `pending`.
pub async fn finish<H>(config: &OidcConfig, http: &H, code: String, pending: &Pending) -> Result<OidcUser, String>
where
    H: for<'c> AsyncHttpClient<'c>,
{
    let client = client(config, http).await?;
    let token = client
        .exchange_code(AuthorizationCode::new(code))
        .map_err(|e| format!("the identity provider: {e}"))?
        .set_pkce_verifier(PkceCodeVerifier::new(pending.verifier.clone()))
        .request_async(http)
        .await
        .map_err(|e| format!("the code exchange: {e}"))?;
    let id_token = token.id_token().ok_or("the identity provider sent no ID token")?;
    let claims = id_token
        .claims(&client.id_token_verifier(), &Nonce::new(pending.nonce.clone()))
        .map_err(|e| format!("the ID token: {e}"))?;
    let name = claims
        .preferred_username()
        .map(|u| u.as_str().to_string())
        .or_else(|| claims.email().map(|e| e.as_str().to_string()))
        .unwrap_or_else(|| claims.subject().as_str().to_string());
    // The token is verified above; its payload is read once more for the groups claim, which
    // the standard claims do not carry.
    let groups = groups_of(&id_token.to_string(), &config.groups_claim);
    Ok(OidcUser { name, groups })
}

/// The list of strings (or the one string) at `claim` in a JWT's payload.
fn groups_of(jwt: &str, claim: &str) -> Vec<String> {
    let payload = jwt.split('.').nth(1).and_then(base64url_decode).unwrap_or_default();
    let value: serde_json::Value = serde_json::from_slice(&payload).unwrap_or_default();
    match value.get(claim) {
        Some(serde_json::Value::Array(items)) => items.iter().filter_map(|g| g.as_str()).map(str::to_string).collect(),
        Some(serde_json::Value::String(one)) => vec![one.clone()],
        _ => Vec::new(),
    }
}

fn base64url_decode(text: &str) -> Option<Vec<u8>> {
    let value = |c: u8| -> Option<u32> {
        Some(match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'-' => 62,
            b'_' => 63,
            _ => return None,
        } as u32)
    };
    let bytes = text.trim_end_matches('=').as_bytes();
    let mut out = Vec::with_capacity(bytes.len() * 3 / 4);
    for chunk in bytes.chunks(4) {
        let mut n = 0u32;
        for (i, c) in chunk.iter().enumerate() {
            n |= value(*c)? << (18 - 6 * i);
        }
        for i in 0..chunk.len().saturating_sub(1) {
            out.push((n >> (16 - 8 * i)) as u8);
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups_are_read_from_the_payload_as_a_list_or_one() {
        // {"sub":"mei","groups":["line-ops","staff"],"g":"one"}
        let payload = "eyJzdWIiOiJtZWkiLCJncm91cHMiOlsibGluZS1vcHMiLCJzdGFmZiJdLCJnIjoib25lIn0";
        let jwt = format!("e30.{payload}.sig");
        assert_eq!(groups_of(&jwt, "groups"), vec!["line-ops".to_string(), "staff".to_string()]);
        assert_eq!(groups_of(&jwt, "g"), vec!["one".to_string()]);
        assert!(groups_of(&jwt, "roles").is_empty());
        assert!(groups_of("garbage", "groups").is_empty());
        assert_eq!(base64url_decode("-_8").unwrap(), vec![0xfb, 0xff]);
    }

    #[test]
    fn the_configuration_names_the_wrong_flag() {
        let ok = OidcConfig::new(
            "https://id.example.com/",
            "hilens",
            "s3",
            "https://console.example.com/",
            "groups",
            vec![],
        );
        assert_eq!(ok.unwrap().redirect.as_str(), "https://console.example.com/auth/oidc/callback");
        let bad = OidcConfig::new("https://id.example.com", "hilens", "s3", "console.example.com", "groups", vec![]);
        assert!(bad.unwrap_err().contains("--public-url"));
        let debug = format!(
            "{:?}",
            OidcConfig::new("https://i.example", "c", "very-secret", "https://c.example", "g", vec![]).unwrap()
        );
        assert!(!debug.contains("very-secret"), "{debug}");
    }
}
