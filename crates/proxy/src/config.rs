//! Configuration: flags, environment variables and an optional TOML file whose keys are the
//! flag names (`listen = "0.0.0.0:8080"`, `allow-origin = ["https://console.example.com"]`).
//! Flags win over the file, the file over the environment.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use clap::{Parser, Subcommand, ValueEnum};

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ConsoleAuth {
    /// Users sign in with their IAM account; the proxy keeps their token (user mode).
    Iam,
    /// Users sign in with a local account of `--users-file`; calls are signed with the
    /// service's AK/SK (service mode).
    Users,
    /// Nobody signs in (loopback, or behind an SSO gateway with `--behind-sso`); calls are
    /// signed with the service's AK/SK.
    None,
    /// An SSO gateway in front says who calls (`X-Forwarded-User`, `X-Forwarded-Groups`,
    /// believed from `--trusted-proxy` addresses only); groups get roles from `--roles-file`
    /// bindings; calls are signed with the service's AK/SK.
    Header,
    /// People sign in with an OpenID provider (`--oidc-issuer`); groups get roles from
    /// `--roles-file` bindings; calls are signed with the service's AK/SK.
    Oidc,
}

#[derive(Debug, Parser)]
#[command(
    name = "hilens-proxy",
    version,
    args_override_self = true,
    about = "Serves the HiLens console and forwards its API calls to HiLens, holding the credentials.",
    long_about = "Serves the HiLens console and forwards its API calls to HiLens, holding the credentials.\n\n\
        Upstream: the embedded emulator (default), --region, or --hilens-endpoint with --iam-endpoint.\n\
        Credentials: user mode (IAM sign-in, the default) or service mode (HILENS_AK, HILENS_SK and\n\
        HILENS_PROJECT_ID, or --credentials-file), where console users sign in with --users-file\n\
        accounts or, with --console-auth none, not at all."
)]
pub struct Args {
    #[command(subcommand)]
    pub command: Option<Command>,
    /// A TOML file with any of these options (keys are the flag names without `--`).
    #[arg(long, env = "HILENS_PROXY_CONFIG")]
    pub config: Option<PathBuf>,
    /// Address to listen on.
    #[arg(long, env = "HILENS_LISTEN", default_value = "127.0.0.1:8080")]
    pub listen: SocketAddr,
    /// The built console (the output of `trunk build`).
    #[arg(long, default_value = "dist")]
    pub dist: PathBuf,
    /// Where the embedded emulator keeps its SQLite file and the audit log its own
    /// (`audit.db`, with its key `audit.key` unless --audit-key-file says otherwise).
    #[arg(long, default_value = "data", global = true)]
    pub data_dir: PathBuf,
    /// The audit log's HMAC key: at least 32 bytes, readable by its owner only (created, 32
    /// random bytes, when missing; default: <data-dir>/audit.key).
    #[arg(long, global = true)]
    pub audit_key_file: Option<PathBuf>,
    /// Remove audit records older than this many days (a checkpoint record stays, where
    /// `audit verify` starts); default: keep everything.
    #[arg(long)]
    pub audit_retention_days: Option<u32>,
    /// The portal's state (the audit log, API tokens) in PostgreSQL, shared by replicas:
    /// `postgres://USER:PASSWORD@HOST:PORT/DB`. From the environment (HILENS_STATE_STORE) or
    /// the --config file only, never the command line (where every user of the machine can
    /// read it). Every replica then needs the same --audit-key-file.
    #[arg(long, env = "HILENS_STATE_STORE", hide_env_values = true, global = true)]
    pub state_store: Option<String>,
    /// Seconds a roll-out driver's lease lasts: one replica drives every roll-out, renewing it
    /// well before it ends; when that replica stops, another takes over within this time.
    #[arg(long, default_value_t = 15)]
    pub rollout_lease_seconds: u64,
    /// No audit log (nothing is recorded; `/portal/audit` answers 503).
    #[arg(long)]
    pub no_audit: bool,
    /// IAM accounts of the embedded emulator, `DOMAIN:USER:PASSWORD:PROJECT_ID[,...]`.
    #[arg(long, env = "HILENS_EMULATOR_USERS", hide_env_values = true)]
    pub emulator_users: Option<String>,
    /// Milliseconds a device registered with the embedded emulator stays UNCONNECTED before it
    /// reports in as RUNNING.
    #[arg(long, env = "HILENS_EMULATOR_CONNECT_DELAY_MS", default_value_t = 5000)]
    pub emulator_connect_delay_ms: u64,
    /// Milliseconds a firmware upgrade takes in the embedded emulator, from 0 to 100 percent.
    #[arg(long, env = "HILENS_EMULATOR_UPGRADE_MS", default_value_t = 20000)]
    pub emulator_upgrade_ms: u64,
    /// A test aid of the embedded emulator: app versions (comma-separated) whose instances end
    /// Failed once the connect delay has passed, to try roll-outs against a bad version.
    #[arg(long, env = "HILENS_EMULATOR_FAIL_VERSIONS", value_delimiter = ',')]
    pub emulator_fail_versions: Vec<String>,

    /// Forward to Huawei Cloud in this region (HiLens and IAM endpoints of the region).
    #[arg(long, conflicts_with_all = ["hilens_endpoint", "iam_endpoint"])]
    pub region: Option<String>,
    /// Forward to this HiLens endpoint (with --iam-endpoint), e.g. http://127.0.0.1:8090.
    #[arg(long, requires = "iam_endpoint")]
    pub hilens_endpoint: Option<String>,
    /// The IAM endpoint that goes with --hilens-endpoint.
    #[arg(long, requires = "hilens_endpoint")]
    pub iam_endpoint: Option<String>,
    /// CA certificates (PEM) to trust for an HTTPS upstream besides the Mozilla roots: a
    /// private cloud's own CA.
    #[arg(long)]
    pub upstream_ca: Option<PathBuf>,
    /// The project name IAM sign-ins use when the user names none (default: the region, or cn-north-4).
    #[arg(long)]
    pub project_name: Option<String>,

    /// Service mode: a TOML file with `ak`, `sk` and `project_id`, readable by its owner only.
    #[arg(long)]
    pub credentials_file: Option<PathBuf>,
    /// Who signs in to the console (default: iam, or users in service mode).
    #[arg(long, value_enum)]
    pub console_auth: Option<ConsoleAuth>,
    /// Local console accounts for `--console-auth users`: a TOML file of `[[users]]` with
    /// `name`, `password_hash` (make hashes with `--hash-password`), `role` (viewer, operator,
    /// admin, or one of --roles-file) and optionally `workspaces`. Re-read when it changes and
    /// on SIGHUP.
    #[arg(long)]
    pub users_file: Option<PathBuf>,
    /// Custom roles (`[[roles]]` with `name` and `permissions`) and group bindings
    /// (`[[bindings]]` with `group`, `role`, optional `workspaces`), in TOML. Re-read when it
    /// changes and on SIGHUP.
    #[arg(long)]
    pub roles_file: Option<PathBuf>,
    /// An address or network (CIDR) of a proxy in front whose `X-Forwarded-For` (the client's
    /// address) and, with `--console-auth header`, `X-Forwarded-User` and
    /// `X-Forwarded-Groups` are believed (repeat). Once set, those headers from any other
    /// address are refused (403).
    #[arg(long = "trusted-proxy")]
    pub trusted_proxies: Vec<String>,
    /// The OpenID provider for `--console-auth oidc` (its issuer URL; discovery at
    /// `/.well-known/openid-configuration`).
    #[arg(long)]
    pub oidc_issuer: Option<String>,
    /// This proxy's client id at the OpenID provider.
    #[arg(long)]
    pub oidc_client_id: Option<String>,
    /// A file holding the client secret, readable by its owner only.
    #[arg(long)]
    pub oidc_client_secret_file: Option<PathBuf>,
    /// The ID token claim that lists the user's groups.
    #[arg(long, default_value = "groups")]
    pub oidc_groups_claim: String,
    /// A scope to ask for besides `openid` (repeat; default: profile and email).
    #[arg(long = "oidc-scope")]
    pub oidc_scopes: Vec<String>,
    /// The console's URL as browsers reach it (https://console.example.com, behind a TLS
    /// terminator too): the OpenID provider sends them back to <public-url>/auth/oidc/callback.
    #[arg(long)]
    pub public_url: Option<String>,
    /// Seconds between checks of --users-file and --roles-file for changes (0: only on SIGHUP).
    #[arg(long, default_value_t = 2)]
    pub reload_every: u64,
    /// Read a password on standard input, print its hash for --users-file, and exit.
    #[arg(long)]
    pub hash_password: bool,
    /// Allow `--console-auth none` on a non-loopback address: an SSO gateway in front
    /// authenticates every request.
    #[arg(long)]
    pub behind_sso: bool,
    /// Serve HTTPS with this certificate chain (PEM); needs --tls-key.
    #[arg(long, requires = "tls_key")]
    pub tls_cert: Option<PathBuf>,
    /// The private key (PEM) of --tls-cert.
    #[arg(long, requires = "tls_cert")]
    pub tls_key: Option<PathBuf>,
    /// A TLS-terminating proxy is in front: mark the session cookie Secure.
    #[arg(long)]
    pub behind_tls: bool,

    /// An origin that may call the API from a console hosted elsewhere (exact match; repeat).
    #[arg(long = "allow-origin")]
    pub allow_origins: Vec<String>,
    /// Requests per minute allowed per session (or client address when nobody signs in).
    #[arg(long, default_value_t = hilens_model::console::DEFAULT_RATE_LIMIT)]
    pub rate_limit: u32,
    /// Sign-in attempts per minute allowed per user name and per client address.
    #[arg(long, default_value_t = 10)]
    pub login_rate_limit: u32,
    /// Seconds to wait for the upstream to accept a connection.
    #[arg(long, default_value_t = 5)]
    pub upstream_connect_timeout: u64,
    /// Seconds to wait for the upstream's whole answer.
    #[arg(long, default_value_t = 30)]
    pub upstream_timeout: u64,
    /// Serving threads, each with a single-threaded runtime and upstream connections of its
    /// own (default: one per CPU core).
    #[arg(long)]
    pub threads: Option<usize>,
    /// Keep sessions in Redis, shared by every replica (`redis://HOST:PORT/DB`); default: in
    /// this process's memory (one replica).
    #[arg(long, env = "HILENS_SESSION_STORE")]
    pub session_store: Option<String>,
    /// The replicas' shared session key for --session-store: a file of at least 32 random
    /// bytes, readable by its owner only (or set HILENS_SESSION_KEY).
    #[arg(long, requires = "session_store")]
    pub session_key_file: Option<PathBuf>,
    /// What to log: a tracing filter such as `info`, `warn`, or `info,hilens_proxy::request=off`
    /// (no request lines).
    #[arg(long, env = "HILENS_LOG", default_value = "info")]
    pub log_level: String,
    /// How log lines are written: one JSON object a line, or text for people.
    #[arg(long, value_enum, default_value = "json")]
    pub log_format: crate::log::LogFormat,
    /// Minutes after which an unused session ends.
    #[arg(long, default_value_t = 30)]
    pub idle_timeout: u64,
    /// Seconds a client has to send a request's head; slower clients (or idle kept-alive
    /// connections) are let go.
    #[arg(long, default_value_t = 30)]
    pub request_head_timeout: u64,
}

/// What to do instead of serving.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// The audit log.
    Audit {
        #[command(subcommand)]
        action: AuditAction,
    },
}

#[derive(Debug, Subcommand)]
pub enum AuditAction {
    /// Checks the audit log's chain (<data-dir>/audit.db with its key): exits non-zero at the
    /// first broken link, naming the record; lists calls whose result was never recorded.
    Verify,
}

impl Args {
    /// The audit log's key file: --audit-key-file, or <data-dir>/audit.key.
    pub fn audit_key_path(&self) -> PathBuf {
        self.audit_key_file.clone().unwrap_or_else(|| self.data_dir.join("audit.key"))
    }

    /// Parses the command line, with the `--config` file's options in front of it.
    pub fn load() -> Result<Args, String> {
        let argv: Vec<String> = std::env::args().collect();
        if argv.iter().any(|a| a == "--state-store" || a.starts_with("--state-store=")) {
            return Err("--state-store holds a password: give it in HILENS_STATE_STORE or the --config file, \
                        not on the command line\n"
                .into());
        }
        let config = config_path(&argv).or_else(|| std::env::var("HILENS_PROXY_CONFIG").ok().map(PathBuf::from));
        let mut full = vec![argv.first().cloned().unwrap_or_else(|| "hilens-proxy".into())];
        if let Some(path) = config {
            full.extend(file_args(&path)?);
        }
        full.extend(argv.into_iter().skip(1));
        Args::try_parse_from(full).map_err(|e| e.to_string())
    }

    pub fn upstream_connect_timeout(&self) -> Duration {
        Duration::from_secs(self.upstream_connect_timeout.max(1))
    }

    pub fn upstream_timeout(&self) -> Duration {
        Duration::from_secs(self.upstream_timeout.max(1))
    }
}

fn config_path(argv: &[String]) -> Option<PathBuf> {
    let mut it = argv.iter();
    while let Some(a) = it.next() {
        if a == "--config" {
            return it.next().map(PathBuf::from);
        }
        if let Some(p) = a.strip_prefix("--config=") {
            return Some(PathBuf::from(p));
        }
    }
    None
}

/// Turns the TOML file into flags: `key = "v"` → `--key v`, `key = true` → `--key`,
/// `key = ["a", "b"]` → `--key a --key b`.
pub fn file_args(path: &std::path::Path) -> Result<Vec<String>, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let table: toml::Table = text.parse().map_err(|e| format!("{}: {e}", path.display()))?;
    let mut out = Vec::new();
    for (key, value) in table {
        if key == "config" {
            continue;
        }
        let flag = format!("--{key}");
        let scalar = |v: &toml::Value| -> Result<String, String> {
            match v {
                toml::Value::String(s) => Ok(s.clone()),
                toml::Value::Integer(i) => Ok(i.to_string()),
                _ => Err(format!("{}: {key} must be a string, a number, true, or a list of strings", path.display())),
            }
        };
        match &value {
            toml::Value::Boolean(true) => out.push(flag),
            toml::Value::Boolean(false) => {}
            toml::Value::Array(items) => {
                for item in items {
                    out.push(flag.clone());
                    out.push(scalar(item)?);
                }
            }
            v => {
                out.push(flag);
                out.push(scalar(v)?);
            }
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_file_gives_options_and_flags_win() {
        let dir = std::env::temp_dir().join(format!("hilens-proxy-config-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let file = dir.join("proxy.toml");
        std::fs::write(
            &file,
            "listen = \"127.0.0.1:9999\"\nrate-limit = 5\nbehind-tls = true\nallow-origin = [\"https://a.example\"]\n",
        )
        .unwrap();
        let mut argv = vec!["hilens-proxy".to_string()];
        argv.extend(file_args(&file).unwrap());
        argv.extend(["--rate-limit".to_string(), "7".to_string()]);
        let args = Args::try_parse_from(argv).unwrap();
        assert_eq!(args.listen.to_string(), "127.0.0.1:9999");
        assert_eq!(args.rate_limit, 7, "the flag wins over the file");
        assert!(args.behind_tls);
        assert_eq!(args.allow_origins, vec!["https://a.example"]);
        std::fs::write(&file, "listen = { a = 1 }\n").unwrap();
        assert!(file_args(&file).is_err());
    }
}
