//! `hilens-emulator`: the local HiLens on its own, e.g. as a stand-in for the cloud.

use std::net::SocketAddr;
use std::path::PathBuf;

use clap::Parser;
use hilens_emulator::{Account, Emulator, EmulatorConfig, KeyPair};

#[derive(Parser)]
#[command(version, about = "A local HiLens API on SQLite, with the documented rules and errors")]
struct Args {
    /// Address to listen on.
    #[arg(long, default_value = "127.0.0.1:8090")]
    listen: SocketAddr,
    /// The SQLite file (created and seeded on first start).
    #[arg(long, default_value = "data/emulator.db")]
    db: PathBuf,
    /// IAM accounts, `DOMAIN:USER:PASSWORD:PROJECT_ID[,...]`; without it, the demo account.
    #[arg(long, env = "HILENS_EMULATOR_USERS", hide_env_values = true)]
    users: Option<String>,
    /// AK/SK pairs for signed requests, `AK:SK:PROJECT_ID[,...]`.
    #[arg(long, env = "HILENS_EMULATOR_KEYS", hide_env_values = true)]
    keys: Option<String>,
    /// Milliseconds a registered device stays UNCONNECTED before it reports in as RUNNING.
    #[arg(long, env = "HILENS_EMULATOR_CONNECT_DELAY_MS", default_value_t = 5000)]
    connect_delay_ms: u64,
    /// Milliseconds a firmware upgrade takes from 0 to 100 percent.
    #[arg(long, env = "HILENS_EMULATOR_UPGRADE_MS", default_value_t = 20000)]
    upgrade_ms: u64,
    /// A test aid: app versions (comma-separated) whose instances end Failed once the connect
    /// delay has passed, to try roll-outs against a bad version.
    #[arg(long, env = "HILENS_EMULATOR_FAIL_VERSIONS", value_delimiter = ',')]
    fail_versions: Vec<String>,
}

#[tokio::main]
async fn main() {
    let args = Args::parse();
    if let Err(e) = run(args).await {
        eprintln!("hilens-emulator: {e}");
        std::process::exit(1);
    }
}

async fn run(args: Args) -> Result<(), String> {
    let accounts = match &args.users {
        Some(spec) => Account::parse_list(spec).map_err(|e| format!("HILENS_EMULATOR_USERS / --users: {e}"))?,
        None => vec![Account::demo()],
    };
    let keys = match &args.keys {
        Some(spec) => KeyPair::parse_list(spec).map_err(|e| format!("HILENS_EMULATOR_KEYS / --keys: {e}"))?,
        None => Vec::new(),
    };
    let key_count = keys.len();
    let config = EmulatorConfig {
        keys,
        connect_delay: std::time::Duration::from_millis(args.connect_delay_ms),
        upgrade_duration: std::time::Duration::from_millis(args.upgrade_ms),
        fail_versions: args.fail_versions.clone(),
        ..EmulatorConfig::new(args.db.clone(), accounts.clone())
    };
    let emulator = Emulator::open(config)?;
    let listener = tokio::net::TcpListener::bind(args.listen)
        .await
        .map_err(|e| format!("cannot listen on {}: {e}", args.listen))?;
    let addr = listener.local_addr().map_err(|e| e.to_string())?;
    println!("hilens-emulator listening on http://{addr} (database {})", args.db.display());
    if args.users.is_none() {
        let demo = Account::demo();
        println!(
            "demo account: domain {} user {} password {} project {}",
            demo.domain, demo.user, demo.password, demo.project_id
        );
    } else {
        println!("{} account(s) from the configuration", accounts.len());
    }
    if !args.fail_versions.is_empty() {
        println!("test aid: instances of app versions {} end Failed (--fail-versions)", args.fail_versions.join(", "));
    }
    if key_count > 0 {
        println!("{key_count} AK/SK key pair(s) accepted for signed requests");
    }
    axum::serve(listener, emulator.router())
        .with_graceful_shutdown(async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await
        .map_err(|e| e.to_string())
}
