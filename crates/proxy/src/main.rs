//! `hilens-proxy`: serve the console on the embedded HiLens emulator (the default).

use std::net::SocketAddr;
use std::path::PathBuf;

use clap::Parser;
use hilens_emulator::{Account, Emulator, EmulatorConfig};
use hilens_model::console::{ConsoleConfig, LoginRequest};
use hilens_proxy::{ProxyConfig, Upstream};

#[derive(Parser)]
#[command(version, about = "Serves the HiLens console and forwards its API calls, holding the credentials")]
struct Args {
    /// Address to listen on.
    #[arg(long, default_value = "127.0.0.1:8080")]
    listen: SocketAddr,
    /// The built console (the output of `trunk build`).
    #[arg(long, default_value = "dist")]
    dist: PathBuf,
    /// Where the embedded emulator keeps its SQLite file.
    #[arg(long, default_value = "data")]
    data_dir: PathBuf,
    /// IAM accounts of the embedded emulator, `DOMAIN:USER:PASSWORD:PROJECT_ID[,...]`;
    /// without it, the demo account.
    #[arg(long, env = "HILENS_EMULATOR_USERS", hide_env_values = true)]
    emulator_users: Option<String>,
}

#[tokio::main]
async fn main() {
    if let Err(e) = run(Args::parse()).await {
        eprintln!("hilens-proxy: {e}");
        std::process::exit(1);
    }
}

async fn run(args: Args) -> Result<(), String> {
    let custom_users = args.emulator_users.is_some();
    let accounts = match &args.emulator_users {
        Some(spec) => Account::parse_list(spec).map_err(|e| format!("HILENS_EMULATOR_USERS: {e}"))?,
        None => vec![Account::demo()],
    };
    let db_path = args.data_dir.join("emulator.db");
    let emulator = Emulator::open(EmulatorConfig { db_path: db_path.clone(), accounts, keys: Vec::new() })?;
    // Only the built-in demo account is offered on the sign-in page; configured ones never are.
    let demo = (!custom_users).then(|| {
        let a = Account::demo();
        LoginRequest { domain: a.domain, user: a.user, password: a.password, project: None }
    });
    if !args.dist.join("index.html").is_file() {
        eprintln!(
            "hilens-proxy: warning: {} has no index.html; build the console with `trunk build --release`",
            args.dist.display()
        );
    }
    let config = ProxyConfig {
        dist: args.dist.clone(),
        upstream: Upstream::local(&emulator),
        console: ConsoleConfig { proxy_base: String::new(), mode: "local".into(), demo: demo.clone() },
        default_project_name: hilens_emulator::config::PROJECT_NAME.into(),
    };
    let listener = tokio::net::TcpListener::bind(args.listen)
        .await
        .map_err(|e| format!("cannot listen on {}: {e}", args.listen))?;
    let addr = listener.local_addr().map_err(|e| e.to_string())?;
    println!("HiLens console: http://{addr}/");
    println!("  upstream: embedded emulator, database {}", db_path.display());
    if let Some(d) = &demo {
        println!("  demo sign-in: domain {}  user {}  password {}", d.domain, d.user, d.password);
    }
    axum::serve(listener, hilens_proxy::router(config))
        .with_graceful_shutdown(async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await
        .map_err(|e| e.to_string())
}
