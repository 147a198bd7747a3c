//! `hilens-proxy`: serve the console, on the embedded HiLens emulator by default, or in front
//! of Huawei Cloud (see `--help`).

use std::io::Read;

use hilens_emulator::{Account, Emulator, EmulatorConfig};
use hilens_model::console::{ConsoleConfig, LoginRequest};
use hilens_proxy::config::{Args, AuditAction, Command, ConsoleAuth};
use hilens_proxy::upstream::Remote;
use std::sync::Arc;
use std::time::Duration;

use hilens_proxy::{
    Access, Audit, AuditConfig, AuditKey, AuditStore, Directory, ProxyConfig, RedisConfig, ServiceKey, TlsFiles,
    Tokens, Upstream,
};

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let result = match Args::load() {
        Ok(args) if args.hash_password => print_password_hash(),
        Ok(Args {
            command: Some(Command::Audit { action: AuditAction::Verify }),
            data_dir,
            audit_key_file,
            state_store,
            ..
        }) => verify_audit_log(&data_dir, audit_key_file, state_store),
        Ok(args) => {
            // This thread starts the serving threads and waits for the signal to stop.
            match tokio::runtime::Builder::new_current_thread().enable_all().build() {
                Ok(rt) => rt.block_on(run(args)),
                Err(e) => Err(format!("cannot start the runtime: {e}")),
            }
        }
        Err(e) => {
            eprint!("{e}");
            std::process::exit(2);
        }
    };
    if let Err(e) = result {
        eprintln!("hilens-proxy: {e}");
        std::process::exit(1);
    }
}

fn print_password_hash() -> Result<(), String> {
    let mut password = String::new();
    std::io::stdin().read_to_string(&mut password).map_err(|e| e.to_string())?;
    let password = password.trim_end_matches(['\r', '\n']);
    if password.is_empty() {
        return Err("no password on standard input".into());
    }
    println!("{}", hilens_proxy::hash_password(password)?);
    Ok(())
}

/// `hilens-proxy audit verify`: the chain from its start to its head.
fn verify_audit_log(
    data_dir: &std::path::Path,
    key_file: Option<std::path::PathBuf>,
    state_store: Option<String>,
) -> Result<(), String> {
    let (store, name) = match state_store {
        Some(url) => (AuditStore::Postgres(url), "the state store".to_string()),
        None => {
            let db = data_dir.join("audit.db");
            if !db.is_file() {
                return Err(format!("no audit log at {}", db.display()));
            }
            (AuditStore::Sqlite(db.clone()), db.display().to_string())
        }
    };
    let key_file = key_file.unwrap_or_else(|| data_dir.join("audit.key"));
    if !key_file.is_file() {
        return Err(format!("no audit key at {}", key_file.display()));
    }
    let key = AuditKey::load_or_create(&key_file)?;
    let verified = hilens_portal::audit::verify::verify_store(&store, &key).map_err(|e| format!("{name}: {e}"))?;
    println!("{name}: {} records, the chain holds", verified.records);
    println!("head: record {} {}", verified.head_seq, verified.head_hash);
    if !verified.open_intents.is_empty() {
        let list: Vec<String> = verified.open_intents.iter().map(i64::to_string).collect();
        println!("intents without a result (calls the proxy stopped during): {}", list.join(", "));
    }
    Ok(())
}

async fn run(args: Args) -> Result<(), String> {
    // Held to the end: dropping it writes the last log lines.
    let _log = hilens_proxy::log::init(&args.log_level, args.log_format)?;
    let remote = match (&args.region, &args.hilens_endpoint, &args.iam_endpoint) {
        (Some(region), _, _) => Some(Remote::region(region, args.upstream_connect_timeout(), args.upstream_timeout())?),
        (None, Some(h), Some(i)) => Some(Remote::new(h, i, args.upstream_connect_timeout(), args.upstream_timeout())?),
        _ => None,
    };
    let remote = match (remote, &args.upstream_ca) {
        (Some(r), Some(path)) => {
            let pem = std::fs::read(path).map_err(|e| format!("--upstream-ca {}: {e}", path.display()))?;
            Some(r.trust_ca(&pem).map_err(|e| format!("--upstream-ca {}: {e}", path.display()))?)
        }
        (None, Some(_)) => return Err("--upstream-ca is for a cloud upstream (--region or --hilens-endpoint)".into()),
        (r, None) => r,
    };
    let service_key = match (&args.credentials_file, ServiceKey::from_env()) {
        (Some(path), _) => Some(ServiceKey::from_file(path)?),
        (None, Some(key)) => Some(key?),
        (None, None) => None,
    };
    let auth = args.console_auth.unwrap_or(if service_key.is_some() { ConsoleAuth::Users } else { ConsoleAuth::Iam });
    let access = match auth {
        ConsoleAuth::Oidc => None,
        ConsoleAuth::Iam => Some(Access::Iam),
        ConsoleAuth::Users => {
            let path = args
                .users_file
                .as_ref()
                .ok_or("--console-auth users needs --users-file (or use --console-auth none)")?;
            Some(Access::Users(Arc::new(Directory::load(Some(path), args.roles_file.as_deref())?)))
        }
        ConsoleAuth::None => {
            if !args.listen.ip().is_loopback() && !args.behind_sso {
                return Err(format!(
                    "--console-auth none on {} would let anyone on the network use the service's credentials; \
                     listen on 127.0.0.1, or add --behind-sso when an SSO gateway authenticates every request",
                    args.listen
                ));
            }
            Some(Access::Open)
        }
        ConsoleAuth::Header => {
            if args.trusted_proxies.is_empty() {
                return Err("--console-auth header believes X-Forwarded-User from --trusted-proxy addresses only: name the SSO gateway's".into());
            }
            let roles = args
                .roles_file
                .as_ref()
                .ok_or("--console-auth header needs --roles-file: its [[bindings]] give groups their roles")?;
            Some(Access::Header(Arc::new(Directory::load(None, Some(roles))?)))
        }
    };
    let access = match access {
        Some(a) => a,
        None => Access::Oidc(
            Arc::new(Directory::load(
                None,
                Some(
                    args.roles_file
                        .as_ref()
                        .ok_or("--console-auth oidc needs --roles-file: its [[bindings]] give groups their roles")?,
                ),
            )?),
            Arc::new(oidc_setup(&args)?),
        ),
    };
    let trusted_proxies = args
        .trusted_proxies
        .iter()
        .map(|p| {
            p.parse::<ipnet::IpNet>()
                .or_else(|_| p.parse::<std::net::IpAddr>().map(ipnet::IpNet::from))
                .map_err(|_| format!("--trusted-proxy {p}: an address (10.0.0.5) or a network (10.0.0.0/24)"))
        })
        .collect::<Result<Vec<_>, String>>()?;
    if args.roles_file.is_some() && matches!(access, Access::Iam | Access::Open) {
        return Err("--roles-file gives roles to signed-in users: it needs --console-auth users, oidc or header".into());
    }
    if !matches!(access, Access::Iam) && service_key.is_none() {
        return Err(
            "service mode needs credentials: HILENS_AK, HILENS_SK and HILENS_PROJECT_ID, or --credentials-file".into(),
        );
    }
    if remote.is_none() && service_key.is_some() {
        return Err(
            "service credentials are for a cloud upstream: add --region or --hilens-endpoint/--iam-endpoint".into()
        );
    }

    // Opened once the options are known to make sense (a refused start leaves no files).
    let audit = if args.no_audit {
        None
    } else {
        let key_path = args.audit_key_path();
        if args.state_store.is_some() && !key_path.is_file() {
            return Err(format!(
                "with --state-store every replica signs one chain with the same key: make {} once \
                 (head -c 32 /dev/urandom > {0}; chmod 600 {0}) and copy it to every replica",
                key_path.display()
            ));
        }
        let key = AuditKey::load_or_create(&key_path)?;
        let config = match &args.state_store {
            Some(url) => AuditConfig::postgres(url.clone(), key),
            None => AuditConfig::new(args.data_dir.join("audit.db"), key),
        };
        Some(Audit::open(AuditConfig { retention_days: args.audit_retention_days, ..config })?)
    };
    // API tokens where users sign in; revocations by another process sharing the store are
    // seen within 5 seconds.
    let tokens = if hilens_model::portal::tokens_offered(hilens_proxy::auth_method(&access)) {
        let tokens = match &args.state_store {
            Some(url) => Tokens::open_postgres(url)?,
            None => Tokens::open(&args.data_dir.join("state.db"))?,
        };
        tokens.watch(Duration::from_secs(5));
        Some(tokens)
    } else {
        None
    };
    if let Access::Users(directory) | Access::Header(directory) | Access::Oidc(directory, _) = &access {
        // Changed files are taken within seconds, and at once on SIGHUP; what changed is
        // recorded in the audit log.
        let recorder = Arc::new(hilens_proxy::bindings_recorder(directory, audit.clone()));
        if args.reload_every > 0 {
            let recorder = recorder.clone();
            directory.watch(Duration::from_secs(args.reload_every), move || recorder());
        }
        reload_on_hangup(directory.clone(), move || recorder());
    }

    // Roll-outs are kept beside the tokens (SQLite) or in the shared state store. An IAM user's
    // token is sealed with the replicas' session key, or a key of this data directory.
    let rollout_store = match &args.state_store {
        Some(url) => hilens_proxy::RolloutStore::open_postgres(url)?,
        None => hilens_proxy::RolloutStore::open(&args.data_dir.join("state.db"))?,
    };
    let seal_key = match &args.session_store {
        Some(url) => RedisConfig::with_key_from(url, args.session_key_file.as_deref())?.key(),
        None => {
            let path = args.data_dir.join("rollout.key");
            AuditKey::load_or_create(&path)?;
            let material = std::fs::read(&path).map_err(|e| format!("{}: {e}", path.display()))?;
            sha2::Digest::finalize(<sha2::Sha256 as sha2::Digest>::new_with_prefix(&material)).into()
        }
    };
    let rollouts = hilens_proxy::RolloutsConfig {
        store: Arc::new(rollout_store),
        lease: Duration::from_secs(args.rollout_lease_seconds.max(2)),
        seal_key,
    };

    let mut demo = None;
    let (upstream, mode, default_project) = match remote {
        Some(r) => {
            let project = args.project_name.clone().or(args.region.clone()).unwrap_or_else(|| "cn-north-4".into());
            (Upstream::remote(r), "cloud", project)
        }
        None => {
            let custom_users = args.emulator_users.is_some();
            let accounts = match &args.emulator_users {
                Some(spec) => Account::parse_list(spec).map_err(|e| format!("HILENS_EMULATOR_USERS: {e}"))?,
                None => vec![Account::demo()],
            };
            let db_path = args.data_dir.join("emulator.db");
            let emulator = Emulator::open(EmulatorConfig {
                connect_delay: std::time::Duration::from_millis(args.emulator_connect_delay_ms),
                upgrade_duration: std::time::Duration::from_millis(args.emulator_upgrade_ms),
                fail_versions: args.emulator_fail_versions.clone(),
                ..EmulatorConfig::new(db_path, accounts)
            })?;
            // Only the built-in demo account is offered on the sign-in page; configured ones never are.
            demo = (!custom_users).then(|| {
                let a = Account::demo();
                LoginRequest { domain: a.domain, user: a.user, password: a.password, project: None }
            });
            (Upstream::local(&emulator), "local", hilens_emulator::config::PROJECT_NAME.to_string())
        }
    };
    if !args.dist.join("index.html").is_file() {
        eprintln!(
            "hilens-proxy: warning: {} has no index.html; build the console with `trunk build --release`",
            args.dist.display()
        );
    }
    let sign_in = match &access {
        Access::Iam => "IAM users sign in (user mode)",
        Access::Users(_) => "local users sign in; calls are signed with the service's AK/SK",
        Access::Open => "nobody signs in; calls are signed with the service's AK/SK",
        Access::Header(_) => "the SSO gateway's X-Forwarded-User and groups; calls are signed with the service's AK/SK",
        Access::Oidc(..) => "people sign in with the OpenID provider; calls are signed with the service's AK/SK",
    };
    let describe = upstream.describe();
    let mut config = ProxyConfig::new(
        args.dist.clone(),
        upstream,
        ConsoleConfig { proxy_base: String::new(), mode: mode.into(), demo: demo.clone(), ..ConsoleConfig::default() },
    );
    config.default_project_name = default_project;
    config.access = access;
    config.service_key = service_key;
    config.secure_cookie = args.behind_tls || args.tls_cert.is_some();
    config.allow_origins = args.allow_origins.clone();
    config.rate_limit = args.rate_limit;
    config.login_rate_limit = args.login_rate_limit;
    config.idle_timeout = std::time::Duration::from_secs(args.idle_timeout.max(1) * 60);
    config.request_head_timeout = std::time::Duration::from_secs(args.request_head_timeout.max(1));
    config.audit = audit.clone();
    config.tokens = tokens;
    config.trusted_proxies = trusted_proxies;
    config.rollouts = Some(rollouts);
    config.session_store = match &args.session_store {
        Some(url) => Some(RedisConfig::with_key_from(url, args.session_key_file.as_deref())?),
        None => None,
    };

    let listener =
        std::net::TcpListener::bind(args.listen).map_err(|e| format!("cannot listen on {}: {e}", args.listen))?;
    let addr = listener.local_addr().map_err(|e| e.to_string())?;
    let scheme = if args.tls_cert.is_some() { "https" } else { "http" };
    println!("HiLens console: {scheme}://{addr}/");
    println!("  upstream: {describe}");
    println!("  sign-in: {sign_in}");
    if let Some(d) = &demo {
        println!("  demo sign-in: domain {}  user {}  password {}", d.domain, d.user, d.password);
    }
    if let Some(store) = &config.session_store {
        println!("  sessions: in Redis at {} (shared by replicas)", store.describe());
    }
    match (&audit, &args.state_store) {
        (Some(_), Some(_)) => {
            println!("  audit log and API tokens: in the PostgreSQL state store (shared by replicas)")
        }
        (Some(_), None) => println!("  audit log: {}", args.data_dir.join("audit.db").display()),
        (None, _) => {}
    }
    let tls = match (&args.tls_cert, &args.tls_key) {
        (Some(cert), Some(key)) => Some(TlsFiles { cert: cert.clone(), key: key.clone() }),
        _ => None,
    };
    let threads = args.threads.unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()));
    let served = hilens_proxy::serve_threads(listener, config, threads, tls.as_ref(), shutdown_signal()).await;
    if let Some(audit) = &audit {
        audit.flush().await;
    }
    served
}

/// `--console-auth oidc`: the provider, this proxy's client, and the client it reaches the
/// provider with (the proxy's own, trusting `--upstream-ca`).
fn oidc_setup(args: &Args) -> Result<hilens_proxy::Oidc, String> {
    let issuer = args.oidc_issuer.as_deref().ok_or("--console-auth oidc needs --oidc-issuer")?;
    let client_id = args.oidc_client_id.as_deref().ok_or("--console-auth oidc needs --oidc-client-id")?;
    let secret_file =
        args.oidc_client_secret_file.as_ref().ok_or("--console-auth oidc needs --oidc-client-secret-file")?;
    let public_url = args
        .public_url
        .as_deref()
        .ok_or("--console-auth oidc needs --public-url (where browsers reach the console)")?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(secret_file)
            .map_err(|e| format!("--oidc-client-secret-file {}: {e}", secret_file.display()))?
            .permissions()
            .mode();
        if mode & 0o077 != 0 {
            return Err(format!(
                "--oidc-client-secret-file {}: readable by others; chmod 600 it",
                secret_file.display()
            ));
        }
    }
    let secret = std::fs::read_to_string(secret_file)
        .map_err(|e| format!("--oidc-client-secret-file {}: {e}", secret_file.display()))?;
    let scopes =
        if args.oidc_scopes.is_empty() { vec!["profile".into(), "email".into()] } else { args.oidc_scopes.clone() };
    let config =
        hilens_proxy::OidcConfig::new(issuer, client_id, secret.trim(), public_url, &args.oidc_groups_claim, scopes)?;
    let ca = match &args.upstream_ca {
        Some(path) => Some(std::fs::read(path).map_err(|e| format!("--upstream-ca {}: {e}", path.display()))?),
        None => None,
    };
    let web = hilens_proxy::WebClient::new(ca.as_deref(), args.upstream_connect_timeout(), args.upstream_timeout())?;
    Ok(hilens_proxy::Oidc { config, web: Arc::new(web) })
}

/// SIGHUP: read the users and roles files again now.
fn reload_on_hangup(directory: Arc<Directory>, changed: impl Fn() + Send + 'static) {
    #[cfg(unix)]
    tokio::spawn(async move {
        let Ok(mut hangups) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::hangup()) else {
            return;
        };
        while hangups.recv().await.is_some() {
            match directory.reload(true) {
                Ok(_) => {
                    tracing::info!(target: "hilens_portal::identity", "users and roles files re-read (SIGHUP)");
                    changed();
                }
                Err(e) => tracing::error!(target: "hilens_portal::identity", "users and roles kept as they were: {e}"),
            }
        }
    });
}

/// SIGTERM or Ctrl-C: stop accepting, let requests in flight finish.
async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = term => {},
    }
}
