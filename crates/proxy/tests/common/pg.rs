//! Debian's PostgreSQL on 127.0.0.1 for a test (`initdb` refuses root, so as the `postgres`
//! user when run as root), stopped and removed when dropped.

use std::process::{Command, Stdio};

const PG_BIN: &str = "/usr/lib/postgresql/15/bin";

/// A PostgreSQL of its own on a free port, stopped when dropped.
pub struct Postgres {
    dir: std::path::PathBuf,
    port: u16,
}

fn as_postgres_user(program: &str) -> Command {
    // SAFETY: geteuid has no preconditions.
    if unsafe { geteuid() } == 0 {
        let mut c = Command::new("runuser");
        c.args(["-u", "postgres", "--", program]);
        c
    } else {
        Command::new(program)
    }
}

extern "C" {
    fn geteuid() -> u32;
}

impl Postgres {
    pub fn start(name: &str) -> Postgres {
        let bin = |tool: &str| format!("{PG_BIN}/{tool}");
        assert!(
            std::path::Path::new(&bin("initdb")).exists(),
            "PostgreSQL 15 is needed: `apt-get install postgresql` (scripts/setup --test installs it)"
        );
        let dir = std::env::temp_dir().join(format!("hilens-pg-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        if unsafe { geteuid() } == 0 {
            assert!(Command::new("chown").args(["postgres:postgres"]).arg(&dir).status().unwrap().success());
        }
        let data = dir.join("data");
        let init = as_postgres_user(&bin("initdb"))
            .args(["--auth=trust", "--username=postgres", "--encoding=UTF8", "-D"])
            .arg(&data)
            .stdout(Stdio::null())
            .output()
            .unwrap();
        assert!(init.status.success(), "initdb: {}", String::from_utf8_lossy(&init.stderr));
        let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        let options = format!("-p {port} -k {} -c listen_addresses=127.0.0.1 -c fsync=off", dir.display());
        let started = as_postgres_user(&bin("pg_ctl"))
            .args(["-w", "-D"])
            .arg(&data)
            .args(["-o", &options, "-l"])
            .arg(dir.join("log"))
            .arg("start")
            .stdout(Stdio::null())
            .output()
            .unwrap();
        assert!(started.status.success(), "pg_ctl: {}", String::from_utf8_lossy(&started.stderr));
        Postgres { dir, port }
    }

    pub fn url(&self) -> String {
        format!("postgres://postgres@127.0.0.1:{}/postgres", self.port)
    }
}

impl Drop for Postgres {
    fn drop(&mut self) {
        let _ = as_postgres_user(&format!("{PG_BIN}/pg_ctl"))
            .args(["-m", "immediate", "-D"])
            .arg(self.dir.join("data"))
            .arg("stop")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}
