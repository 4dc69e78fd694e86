//! Team mode against a real PostgreSQL server (issue 18): a throw-away cluster
//! (scripts/pg-test-cluster) started once for this test process and stopped
//! when it exits. The administrator's commands are run through the `assay`
//! binary; what each role may not do is tried with plain SQL, as a modified
//! client or psql would — the database, not Assay, must refuse it.

use crate::support::assert_contains;
use assay::store::fixtures::{start_pg_test_cluster, PgTestCluster};
use assay::store::team::{explain, TeamChange, TeamDb, TeamError, TeamNotice};
use postgres::{Client, NoTls};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::OnceLock;

/// The test cluster, started on first use, stopped when this process exits.
fn cluster() -> &'static PgTestCluster {
    static CLUSTER: OnceLock<PgTestCluster> = OnceLock::new();
    CLUSTER.get_or_init(start_pg_test_cluster)
}

/// One test's database and users (roles are shared by the whole server, so
/// every name carries the test's prefix).
struct TeamTest {
    cluster: &'static PgTestCluster,
    db: String,
    prefix: String,
    dir: tempfile::TempDir,
}

impl TeamTest {
    fn new(name: &str) -> TeamTest {
        TeamTest::on(cluster(), name)
    }

    /// A test on `c`, a server of its own when the test stops or restarts it.
    fn on(c: &'static PgTestCluster, name: &str) -> TeamTest {
        let prefix = format!("{name}_{}", std::process::id());
        let db = format!("db_{prefix}");
        let t = TeamTest {
            cluster: c,
            db,
            prefix,
            dir: tempfile::tempdir().unwrap(),
        };
        let mut su = t.superuser("postgres");
        su.batch_execute(&format!("CREATE DATABASE {}", t.db))
            .unwrap();
        // The superuser's line, then one per user below.
        std::fs::write(
            t.pgpass(),
            format!(
                "127.0.0.1:{port}:*:postgres:{pw}\nlocalhost:{port}:*:postgres:{pw}\n",
                port = c.port,
                pw = c.superuser_password
            ),
        )
        .unwrap();
        set_private(&t.pgpass());
        t
    }

    fn pgpass(&self) -> PathBuf {
        self.dir.path().join("pgpass")
    }

    fn superuser(&self, db: &str) -> Client {
        let c = self.cluster;
        Client::connect(
            &format!(
                "host=127.0.0.1 port={} user=postgres password={} dbname={db}",
                c.port, c.superuser_password
            ),
            NoTls,
        )
        .unwrap()
    }

    /// A login user named `<prefix>_<name>` with its password in the test's
    /// password file.
    fn user(&self, name: &str) -> String {
        let user = format!("{}_{name}", self.prefix);
        let password = format!("pw-{user}");
        self.superuser(&self.db)
            .batch_execute(&format!("CREATE ROLE {user} LOGIN PASSWORD '{password}'"))
            .unwrap();
        let mut lines = std::fs::read_to_string(self.pgpass()).unwrap();
        lines.push_str(&format!("*:{}:*:{user}:{password}\n", self.cluster.port));
        std::fs::write(self.pgpass(), lines).unwrap();
        user
    }

    /// A new database user with Assay role `role` (granted by the owner).
    fn user_with_role(&self, name: &str, role: &str) -> String {
        let user = self.user(name);
        let (code, _, err) = self.assay("postgres", &["team", "grant", &user, "--role", role]);
        assert_eq!(code, 0, "{err}");
        user
    }

    /// `assay answer set` as `user` on the team database; `based_on`: the
    /// revision the save names (`--based-on`).
    fn set_answer(
        &self,
        user: &str,
        evaluation: &str,
        vendor: &str,
        question: &str,
        value: &str,
        based_on: Option<i64>,
    ) -> (i32, String, String) {
        let based_on = based_on.map(|b| b.to_string());
        let mut args = vec![
            "answer",
            "set",
            "--evaluation",
            evaluation,
            "--vendor",
            vendor,
            "--question",
            question,
            "--value",
            value,
        ];
        if let Some(b) = &based_on {
            args.extend(["--based-on", b.as_str()]);
        }
        self.assay(user, &args)
    }

    fn url(&self, user: &str) -> String {
        format!(
            "postgres://{user}@127.0.0.1:{}/{}",
            self.cluster.port, self.db
        )
    }

    /// A session as `user`, as psql or a modified client would have it.
    fn session(&self, user: &str) -> Client {
        let mut c = Client::connect(
            &format!(
                "host=127.0.0.1 port={} user={user} password=pw-{user} dbname={}",
                self.cluster.port, self.db
            ),
            NoTls,
        )
        .unwrap();
        c.batch_execute("SET search_path = assay").unwrap();
        c
    }

    /// `assay --db URL ARGS…` as `user`: (exit code, stdout, stderr).
    fn assay(&self, user: &str, args: &[&str]) -> (i32, String, String) {
        self.assay_at(&self.url(user), args)
    }

    fn assay_at(&self, url: &str, args: &[&str]) -> (i32, String, String) {
        let out = assay_command(url, args)
            .env("PGPASSFILE", self.pgpass())
            .output()
            .unwrap();
        exit_and_output(out)
    }

    fn migrated(name: &str) -> TeamTest {
        let t = TeamTest::new(name);
        let (code, out, err) = t.assay("postgres", &["team", "migrate"]);
        assert_eq!(code, 0, "{out}{err}");
        t
    }
}

/// `assay --db DB ARGS…`, with none of the caller's own database settings:
/// no `ASSAY_DB`, and none of libpq's `PG…` variables, which Assay reads (a
/// developer's `PGHOST` or `PGSSLMODE` must not change what a test sees). Each
/// test adds what it means to set.
fn assay_command(db: impl AsRef<std::ffi::OsStr>, args: &[&str]) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_assay"));
    command
        .arg("--db")
        .arg(db)
        .args(args)
        .env_remove("ASSAY_DB");
    for (name, _) in std::env::vars_os() {
        if name.to_string_lossy().starts_with("PG") {
            command.env_remove(name);
        }
    }
    command.stdin(Stdio::null());
    command
}

/// A finished command's (exit code, stdout, stderr).
fn exit_and_output(out: std::process::Output) -> (i32, String, String) {
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn set_private(path: &Path) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600)).unwrap();
}

/// What Assay tells the user the database refused, in English.
fn refusal(user: &str, e: postgres::Error) -> (String, TeamError) {
    let explained = explain(user, &e);
    (explained.to_string(), explained)
}

#[test]
fn the_administrator_sets_up_the_schema_and_a_user_session_never_changes_it() {
    let t = TeamTest::new("setup");
    let plain = t.user("plain");
    let (code, out, err) = t.assay("postgres", &["team", "status"]);
    assert_eq!(code, 0, "{err}");
    assert_contains(&out, "schema: not set up — an administrator runs");
    assert_contains(&out, "you are: postgres");

    // A user who may not create roles or schemas: refused, nothing made.
    let (code, _, err) = t.assay(&plain, &["team", "migrate"]);
    assert_eq!(code, 1);
    assert_contains(
        &err,
        &format!("{plain} may not set up or upgrade the team schema"),
    );
    let mut su = t.superuser(&t.db);
    let has_schema: bool = su
        .query_one("SELECT to_regnamespace('assay') IS NOT NULL", &[])
        .unwrap()
        .get(0);
    assert!(!has_schema, "a refused migration leaves nothing behind");
    // An action before set-up says what to do.
    let (code, _, err) = t.assay(&plain, &["team", "sign-off", "--evaluation", "1"]);
    assert_eq!(code, 1);
    assert_contains(&err, "has no Assay schema yet: an administrator sets it up");

    let (code, out, _) = t.assay("postgres", &["team", "migrate"]);
    assert_eq!(code, 0);
    assert_contains(&out, "upgraded from version 0 to 1");
    let (code, out, _) = t.assay("postgres", &["team", "migrate"]);
    assert_eq!(code, 0);
    assert_contains(&out, "already at version 1: nothing to do");
    assert_contains(
        &listed_text(&t, "postgres"),
        "the team database has no evaluations yet",
    );
    let (code, out, err) = t.assay("postgres", &["evaluation", "list"]);
    assert_eq!(code, 0, "{err}");
    assert_contains(&out, "the team database has no evaluations yet");

    // A newer Assay's schema: reported, refused, untouched.
    su.batch_execute("INSERT INTO assay.assay_schema (version) VALUES (2)")
        .unwrap();
    let (code, out, _) = t.assay(&plain, &["team", "status"]);
    assert_eq!(code, 0);
    assert_contains(
        &out,
        "schema: version 2, newer than this Assay's 1 — update Assay",
    );
    for args in [
        &["team", "migrate"][..],
        &["team", "sign-off", "--evaluation", "1"],
    ] {
        let (code, _, err) = t.assay("postgres", args);
        assert_eq!(code, 1, "{args:?}");
        assert_contains(&err, "written by a newer Assay (team schema version 2");
        assert_contains(&err, "Assay did not change it");
    }
    let versions: i64 = su
        .query_one("SELECT count(*) FROM assay.assay_schema", &[])
        .unwrap()
        .get(0);
    assert_eq!(versions, 2);

    // A schema named assay that Assay did not make.
    su.batch_execute(&format!("CREATE DATABASE {db}_other; ", db = t.db))
        .unwrap();
    let mut other = t.superuser(&format!("{}_other", t.db));
    other
        .batch_execute("CREATE SCHEMA assay; CREATE TABLE assay.notes (x int)")
        .unwrap();
    let other_url = format!(
        "postgres://postgres@127.0.0.1:{}/{}_other",
        cluster().port,
        t.db
    );
    let (code, _, err) = t.assay_at(&other_url, &["team", "migrate"]);
    assert_eq!(code, 1);
    assert_contains(&err, "has a schema \"assay\" that Assay did not make");

    // What only a local database file has refuses a team database with the
    // reason and what to do instead, rather than take the address for a
    // file name.
    for args in [
        &["restore", "backup.db", "--yes"][..],
        &["backup", "copy.db"],
        &["demo"],
        &["example"],
    ] {
        let (code, _, err) = t.assay("postgres", args);
        assert_eq!(code, 1, "{args:?}");
        assert_contains(
            &err,
            "is a team database (PostgreSQL): this command works on a local database file only",
        );
        assert_contains(&err, "pg_dump");
    }
    assert!(!Path::new("postgres:").exists());
}

#[test]
fn each_role_is_refused_what_it_may_not_do_by_the_database() {
    let t = TeamTest::migrated("roles");
    let viewer = t.user("viewer");
    let alice = t.user("alice"); // evaluator, creates the evaluation
    let bob = t.user("bob"); // evaluator, not a member at first
    let approver = t.user("approver");
    let admin = t.user("admin");
    for (user, role) in [
        (&viewer, "viewer"),
        (&alice, "evaluator"),
        (&bob, "evaluator"),
        (&approver, "approver"),
        (&admin, "admin"),
    ] {
        let (code, out, err) = t.assay("postgres", &["team", "grant", user, "--role", role]);
        assert_eq!(code, 0, "{err}");
        assert_contains(&out, &format!("{user} now has the role"));
    }
    // Granting is an administrator's: an evaluator is refused.
    let (code, _, err) = t.assay(&alice, &["team", "grant", &bob, "--role", "admin"]);
    assert_eq!(code, 1);
    assert_contains(&err, &format!("{alice} may not grant the role assay_admin"));
    let (code, out, _) = t.assay(&alice, &["team", "status"]);
    assert_eq!(code, 0);
    assert_contains(&out, &format!("you are: {alice} — evaluator;"));

    // Alice creates an evaluation (and is its member), a vendor and an answer.
    let mut a = t.session(&alice);
    let eval: i64 = a
        .query_one(
            "INSERT INTO evaluation (name, as_of, questionnaire_id, questionnaire_version, created_at, updated_at)
             VALUES ('Tender', '2026-12-01', 'im-security', '1.0.0', 'now', 'now') RETURNING id",
            &[],
        )
        .unwrap()
        .get(0);
    let vendor: i64 = a
        .query_one(
            "INSERT INTO vendor (evaluation_id, name, created_at, updated_at) VALUES ($1, 'WeCom', 'now', 'now') RETURNING id",
            &[&eval],
        )
        .unwrap()
        .get(0);
    a.execute(
        "INSERT INTO answer (vendor_id, question, value, updated_at, updated_by) VALUES ($1, 'INC-01', '24', 'now', 'alice')",
        &[&vendor],
    )
    .unwrap();

    // A viewer reads everything and changes nothing.
    let mut v = t.session(&viewer);
    let seen: i64 = v
        .query_one("SELECT count(*) FROM answer", &[])
        .unwrap()
        .get(0);
    assert_eq!(seen, 1);
    let e = v
        .execute(
            "INSERT INTO evaluation (name, as_of, questionnaire_id, questionnaire_version, created_at, updated_at)
             VALUES ('Mine', '2026-12-01', 'q', '1', 'now', 'now')",
            &[],
        )
        .unwrap_err();
    let (text, kind) = refusal(&viewer, e);
    assert!(matches!(kind, TeamError::Forbidden { .. }));
    assert_contains(
        &text,
        &format!("{viewer}'s database role does not allow this"),
    );
    assert!(v
        .execute("UPDATE answer SET value = '1', based_on = 1", &[])
        .is_err());

    // Bob, an evaluator who is not a member: his new rows are refused, and
    // his updates reach no row.
    let mut b = t.session(&bob);
    let e = b
        .execute(
            "INSERT INTO vendor (evaluation_id, name, created_at, updated_at) VALUES ($1, 'Lark', 'now', 'now')",
            &[&eval],
        )
        .unwrap_err();
    let (text, _) = refusal(&bob, e);
    assert_contains(&text, &format!("{bob} is not a member of this evaluation"));
    let changed = b
        .execute(
            "UPDATE answer SET value = '72', based_on = 1 WHERE vendor_id = $1",
            &[&vendor],
        )
        .unwrap();
    assert_eq!(
        changed, 0,
        "row-level security hides the row from Bob's update"
    );
    // Only an administrator adds members.
    let (code, _, err) = t.assay(
        &alice,
        &[
            "team",
            "add-member",
            "--evaluation",
            &eval.to_string(),
            &bob,
        ],
    );
    assert_eq!(code, 1);
    assert_contains(
        &err,
        &format!("{alice}'s database role does not allow this"),
    );
    let (code, _, err) = t.assay(
        &admin,
        &[
            "team",
            "add-member",
            "--evaluation",
            &eval.to_string(),
            &bob,
        ],
    );
    assert_eq!(code, 0, "{err}");
    let changed = b
        .execute(
            "UPDATE answer SET value = '72', based_on = 1 WHERE vendor_id = $1",
            &[&vendor],
        )
        .unwrap();
    assert_eq!(changed, 1);
    let revision: i64 = b
        .query_one(
            "SELECT revision FROM answer WHERE vendor_id = $1",
            &[&vendor],
        )
        .unwrap()
        .get(0);
    assert_eq!(
        revision, 2,
        "the database raises an answer's revision on every save"
    );

    // The audit log's author is the session's user, whatever the client sends,
    // and nobody changes or deletes its rows — not the administrator, not the
    // superuser who owns the tables.
    b.execute(
        "INSERT INTO audit_log (at, who, evaluation_id, entity, action) VALUES ('now', 'the-ceo', $1, 'answer', 'update')",
        &[&eval],
    )
    .unwrap();
    let who: String = b
        .query_one("SELECT who FROM audit_log ORDER BY id DESC LIMIT 1", &[])
        .unwrap()
        .get(0);
    assert_eq!(who, bob);
    let mut adm = t.session(&admin);
    let mut su = t.superuser(&t.db);
    for sql in [
        "UPDATE assay.audit_log SET who = 'nobody'",
        "DELETE FROM assay.audit_log",
        "TRUNCATE assay.audit_log",
        "DELETE FROM assay.change_log",
    ] {
        for (user, client) in [(&admin, &mut adm), (&"postgres".to_string(), &mut su)] {
            let e = client.batch_execute(sql).unwrap_err();
            let (text, kind) = refusal(user, e);
            assert!(
                matches!(
                    kind,
                    TeamError::AppendOnly { .. } | TeamError::Forbidden { .. }
                ),
                "{sql} as {user}: {text}"
            );
        }
    }
    // Not even the tables' owner: the database's trigger says why.
    let (text, _) = refusal(
        "postgres",
        su.batch_execute("DELETE FROM assay.audit_log").unwrap_err(),
    );
    assert_contains(&text, "audit_log is append-only");
    // The database's own record names who changed the answer.
    let changes: Vec<(String, String)> = su
        .query(
            "SELECT who, operation FROM assay.change_log WHERE table_name = 'answer' ORDER BY id",
            &[],
        )
        .unwrap()
        .iter()
        .map(|r| (r.get(0), r.get(1)))
        .collect();
    assert_eq!(
        changes,
        vec![
            (alice.clone(), "INSERT".to_string()),
            (bob.clone(), "UPDATE".to_string())
        ]
    );

    // `team list` gives everyone the ids, and says who may change what.
    let line = format!(
        "{eval:>4}  Tender  (as of 2026-12-01; 1 vendors, 1 answers; members: {})",
        {
            let mut m = [alice.clone(), bob.clone()];
            m.sort();
            m.join(", ")
        }
    );
    assert_contains(
        &listed_text(&t, &bob),
        &format!("{line} — open; you may change it"),
    );
    assert_contains(
        &listed_text(&t, &viewer),
        &format!("{line} — open; you may read it, not change it"),
    );
    assert_contains(
        &listed_text(&t, &approver),
        "you may read it, not change it",
    );

    // Sign-off: not by an evaluator; by the approver; then frozen for all.
    let id = eval.to_string();
    let (code, _, err) = t.assay(&alice, &["team", "sign-off", "--evaluation", &id]);
    assert_eq!(code, 1);
    assert_contains(
        &err,
        "only an approver (role assay_approver) signs an evaluation off",
    );
    let e = a
        .execute(
            "UPDATE evaluation SET signed_off_by = $1, signed_off_at = now()",
            &[&alice],
        )
        .unwrap_err();
    let (text, _) = refusal(&alice, e);
    assert_contains(&text, "database role does not allow this");
    let (code, out, err) = t.assay(&approver, &["team", "sign-off", "--evaluation", &id]);
    assert_eq!(code, 0, "{err}");
    assert_contains(&out, "is signed off");
    let (code, out, err) = t.assay(&alice, &["team", "list", "--json"]);
    assert_eq!(code, 0, "{err}");
    let listed: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(listed[0]["id"], eval);
    assert_eq!(listed[0]["signed_off"]["by"], approver.as_str());
    assert_eq!(
        listed[0]["you_may_edit"], false,
        "a member may not change a signed-off evaluation"
    );
    assert_contains(
        &listed_text(&t, &viewer),
        &format!("signed off by {approver} at "),
    );
    // The sign-off is in the audit log, by the approver.
    let (who, new): (String, String) = su
        .query_one(
            "SELECT who, new FROM assay.audit_log WHERE entity = 'evaluation' ORDER BY id DESC LIMIT 1",
            &[],
        )
        .map(|r| (r.get(0), r.get(1)))
        .unwrap();
    assert_eq!(who, approver);
    let new: serde_json::Value = serde_json::from_str(&new).unwrap();
    assert_eq!(new["signed_off_by"], approver.as_str());
    let e = a
        .execute(
            "UPDATE answer SET value = '4', based_on = 2 WHERE vendor_id = $1",
            &[&vendor],
        )
        .unwrap_err();
    let (text, kind) = refusal(&alice, e);
    assert!(matches!(kind, TeamError::Frozen { .. }));
    assert_contains(&text, &format!("was signed off by {approver}"));
    let e = adm
        .execute("DELETE FROM evaluation WHERE id = $1", &[&eval])
        .unwrap_err();
    assert_contains(&refusal(&admin, e).0, "it is frozen");
    let value: String = su
        .query_one(
            "SELECT value FROM assay.answer WHERE vendor_id = $1",
            &[&vendor],
        )
        .unwrap()
        .get(0);
    assert_eq!(value, "72", "nothing changed while frozen");
    // Reopening is the administrator's.
    let (code, _, err) = t.assay(&approver, &["team", "reopen", "--evaluation", &id]);
    assert_eq!(code, 1);
    assert_contains(&err, "only an administrator (role assay_admin) reopens");
    let (code, _, err) = t.assay(&admin, &["team", "reopen", "--evaluation", &id]);
    assert_eq!(code, 0, "{err}");
    let reopened_by: String = su
        .query_one(
            "SELECT who FROM assay.audit_log WHERE entity = 'evaluation' ORDER BY id DESC LIMIT 1",
            &[],
        )
        .unwrap()
        .get(0);
    assert_eq!(
        reopened_by, admin,
        "the reopening is in the audit log, by the administrator"
    );
    assert_eq!(
        a.execute(
            "UPDATE answer SET value = '4', based_on = 2 WHERE vendor_id = $1",
            &[&vendor]
        )
        .unwrap(),
        1
    );
}

#[test]
fn the_connection_is_checked_as_asked_and_passwords_stay_out_of_urls() {
    let t = TeamTest::migrated("tls");
    let user = t.user("reader");
    t.assay("postgres", &["team", "grant", &user, "--role", "viewer"]);
    let ca = cluster().ca.display().to_string();
    let port = cluster().port;
    let at = |host: &str, query: &str| format!("postgres://{user}@{host}:{port}/{}?{query}", t.db);
    // The server's certificate names localhost: verify-full by that name passes.
    let (code, out, err) = t.assay_at(
        &at(
            "localhost",
            &format!("sslmode=verify-full&sslrootcert={ca}"),
        ),
        &["team", "status"],
    );
    assert_eq!(code, 0, "{err}");
    assert_contains(
        &out,
        "encrypted (TLS); the server's certificate and name checked",
    );
    // …by its address it does not, but verify-ca (no name check) does.
    let (code, _, err) = t.assay_at(
        &at(
            "127.0.0.1",
            &format!("sslmode=verify-full&sslrootcert={ca}"),
        ),
        &["team", "status"],
    );
    assert_eq!(code, 1);
    assert_contains(&err, "the server's TLS certificate does not name 127.0.0.1");
    let (code, out, _) = t.assay_at(
        &at("127.0.0.1", &format!("sslmode=verify-ca&sslrootcert={ca}")),
        &["team", "status"],
    );
    assert_eq!(code, 0);
    assert_contains(&out, "the server's certificate checked, not its name");
    // Another CA: refused.
    let other = t.dir.path().join("other-ca.pem");
    let key = t.dir.path().join("other-ca.key");
    let made = Command::new("openssl")
        .args([
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "1",
            "-subj",
            "/CN=Other CA",
            "-keyout",
        ])
        .arg(&key)
        .arg("-out")
        .arg(&other)
        .output()
        .unwrap();
    assert!(made.status.success());
    let (code, _, err) = t.assay_at(
        &at(
            "localhost",
            &format!("sslmode=verify-full&sslrootcert={}", other.display()),
        ),
        &["team", "status"],
    );
    assert_eq!(code, 1);
    assert_contains(
        &err,
        "the server's TLS certificate is not signed by the CA in",
    );
    // No TLS: said so.
    let (code, out, _) = t.assay_at(&at("127.0.0.1", "sslmode=disable"), &["team", "status"]);
    assert_eq!(code, 0);
    assert_contains(&out, "connection: not encrypted");

    // A password in the URL is refused, and not echoed.
    let (code, _, err) = t.assay_at(
        &format!("postgres://{user}:hunter2@127.0.0.1:{port}/{}", t.db),
        &["team", "status"],
    );
    assert_eq!(code, 1);
    assert_contains(&err, "a password in the database URL");
    assert!(!err.contains("hunter2"));
    let (code, _, err) = t.assay_at(
        &format!("postgres://{user}:hunter2@127.0.0.1:{port}/{}", t.db),
        &["evaluation", "list"],
    );
    assert_eq!(code, 1);
    assert!(!err.contains("hunter2"), "{err}");
    // A password file others can read is refused, not silently skipped.
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(t.pgpass(), std::fs::Permissions::from_mode(0o644)).unwrap();
    let (code, _, err) = t.assay(&user, &["team", "status"]);
    assert_eq!(code, 1);
    assert_contains(&err, "can be read by other users");
    set_private(&t.pgpass());
    // A wrong password.
    let wrong = t.dir.path().join("wrong-pgpass");
    std::fs::write(&wrong, format!("*:*:*:{user}:not-it\n")).unwrap();
    set_private(&wrong);
    let out = assay_command(t.url(&user), &["team", "status"])
        .env("PGPASSFILE", &wrong)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert_contains(
        &String::from_utf8_lossy(&out.stderr),
        &format!("the server refused the password of {user}"),
    );

    // The app shows each of these refusals in Chinese too: the cause said,
    // not the English sentence twice.
    let password = format!("pw-{user}");
    let closed_port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    for (url, password, zh) in [
        (
            at(
                "127.0.0.1",
                &format!("sslmode=verify-full&sslrootcert={ca}"),
            ),
            password.as_str(),
            "服务器的 TLS 证书中没有 127.0.0.1".to_string(),
        ),
        (
            at(
                "localhost",
                &format!("sslmode=verify-full&sslrootcert={}", other.display()),
            ),
            password.as_str(),
            "CA 签发".to_string(),
        ),
        (
            format!("postgres://{user}:hunter2@127.0.0.1:{port}/{}", t.db),
            password.as_str(),
            "数据库 URL 中的密码".to_string(),
        ),
        (
            at("127.0.0.1", "fallback=1"),
            password.as_str(),
            "fallback 不是 libpq 的连接参数（支持：host、port".to_string(),
        ),
        (
            at("127.0.0.1", "sslmode=allow"),
            password.as_str(),
            "不支持 sslmode=allow".to_string(),
        ),
        (
            at("127.0.0.1", "sslmode=disable"),
            "not-it",
            format!("服务器拒绝了 {user} 的密码"),
        ),
        (
            format!("postgres://{user}@127.0.0.1:{closed_port}/{}", t.db),
            password.as_str(),
            "服务器拒绝连接：数据库未运行，或地址、端口不对".to_string(),
        ),
    ] {
        let refusal = TeamDb::open_with(&url, Some(password))
            .err()
            .unwrap()
            .text();
        assert_contains(&refusal.zh_cn, &zh);
        assert!(refusal.zh_cn != refusal.en, "{url}: {refusal:?}");
    }
}

/// `assay --db URL ARGS…` with `env` added, a home folder of the test's own
/// (so the user's own ~/.pg_service.conf, ~/.pgpass or root.crt never count)
/// and no password file unless `env` names one.
fn assay_with_env(
    t: &TeamTest,
    url: &str,
    env: &[(&str, &Path)],
    args: &[&str],
) -> (i32, String, String) {
    let home = t.dir.path().join("home");
    std::fs::create_dir_all(&home).unwrap();
    let mut command = assay_command(url, args);
    command
        .env("HOME", &home)
        .env("PGPASSFILE", t.dir.path().join("no-password-file"))
        .env("PGSYSCONFDIR", t.dir.path().join("no-system-folder"))
        .stdin(Stdio::null());
    for (var, value) in env {
        command.env(var, value);
    }
    exit_and_output(command.output().unwrap())
}

#[test]
fn a_libpq_service_file_and_environment_complete_the_address_and_nothing_in_them_is_ignored() {
    let t = TeamTest::migrated("service");
    let user = t.user("svc");
    t.assay("postgres", &["team", "grant", &user, "--role", "viewer"]);
    let port = cluster().port;
    let ca = cluster().ca.display().to_string();
    let pgpass = t.pgpass();
    let services = t.dir.path().join("pg_service.conf");
    std::fs::write(
        &services,
        format!(
            "# the team's databases\n[assay]\nhost=localhost\nport={port}\ndbname={db}\nuser={user}\nsslmode=verify-full\nsslrootcert={ca}\n\n\
             [with-password]\nhost=127.0.0.1\nport={port}\ndbname={db}\nuser={user}\npassword=pw-{user}\n\n\
             [broken]\nhost=127.0.0.1\nsslcert=/home/wang/client.pem\n\n\
             [typo]\nhots=127.0.0.1\n",
            db = t.db
        ),
    )
    .unwrap();
    let user_file: &[(&str, &Path)] = &[("PGSERVICEFILE", &services), ("PGPASSFILE", &pgpass)];
    // `team status` at `url` with `env`: who the server says the user is, or
    // the refusal.
    let opens_as = |url: &str, env: &[(&str, &Path)], who: &str| {
        let (code, out, err) = assay_with_env(&t, url, env, &["team", "status"]);
        assert_eq!(code, 0, "{url}: {err}");
        assert_contains(&out, &format!("you are: {who}"));
        out
    };
    let refused = |url: &str, env: &[(&str, &Path)]| {
        let (code, _, err) = assay_with_env(&t, url, env, &["team", "status"]);
        assert_eq!(code, 1, "{url}: {err}");
        err
    };
    let at_line = |line: usize, says: &str| format!("{}:{line}: {says}", services.display());

    // The service named in the URL: every setting from the file, TLS
    // verified with the CA it names.
    let out = opens_as("postgres://?service=assay", user_file, &user);
    assert_contains(
        &out,
        "encrypted (TLS); the server's certificate and name checked",
    );
    // What the URL says wins over the service.
    opens_as(
        "postgres://?service=assay&user=postgres",
        user_file,
        "postgres",
    );
    // libpq's `user@` with no host cannot be read by the URL parser: the
    // message says how to write it.
    let err = refused("postgres://postgres@/?service=assay", user_file);
    assert_contains(&err, "give the user as ?user=NAME");
    // PGSERVICE names it when the URL does not.
    let mut with_pgservice = user_file.to_vec();
    with_pgservice.push(("PGSERVICE", Path::new("assay")));
    opens_as("postgres://", &with_pgservice, &user);

    // A service the user's file does not define is looked up in the
    // system's (PGSYSCONFDIR), as libpq does.
    let system = t.dir.path().join("system");
    std::fs::create_dir_all(&system).unwrap();
    std::fs::write(
        system.join("pg_service.conf"),
        format!("[company]\nhost=127.0.0.1\nport={port}\ndbname={}\n", t.db),
    )
    .unwrap();
    let mut with_system = user_file.to_vec();
    with_system.push(("PGSYSCONFDIR", &system));
    opens_as(
        &format!("postgres://?service=company&user={user}"),
        &with_system,
        &user,
    );
    // A service defined nowhere: said so, with where Assay looked.
    let err = refused("postgres://?service=nowhere", &with_system);
    assert_contains(&err, "no service named \"nowhere\" is defined (looked in ");
    assert_contains(&err, &services.display().to_string());
    assert_contains(&err, &system.join("pg_service.conf").display().to_string());

    // A setting Assay cannot honour, and a name libpq does not know: refused
    // at their line, not skipped.
    let err = refused("postgres://?service=broken", user_file);
    assert_contains(&err, &at_line(19, "the parameter sslcert is not supported"));
    let err = refused("postgres://?service=typo", user_file);
    assert_contains(
        &err,
        &at_line(22, "hots is not a libpq connection parameter"),
    );

    // A service's password opens the database with no password file — but
    // only once the file is private to its owner.
    let no_pgpass: &[(&str, &Path)] = &[("PGSERVICEFILE", &services)];
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&services, std::fs::Permissions::from_mode(0o644)).unwrap();
    let err = refused("postgres://?service=with-password", no_pgpass);
    assert_contains(
        &err,
        &at_line(
            15,
            "this service holds a password, but other users can read the file",
        ),
    );
    assert!(!err.contains(&format!("pw-{user}")), "{err}");
    set_private(&services);
    opens_as("postgres://?service=with-password", no_pgpass, &user);
    // Without it the server's question is put to the user.
    let err = refused(
        &format!("postgres://{user}@127.0.0.1:{port}/{}", t.db),
        no_pgpass,
    );
    assert_contains(&err, &format!("the server asks for {user}'s password"));

    // libpq's environment variables complete a URL too…
    let (host, port_text, db) = (
        PathBuf::from("127.0.0.1"),
        PathBuf::from(port.to_string()),
        PathBuf::from(&t.db),
    );
    let from_environment: &[(&str, &Path)] = &[
        ("PGHOST", &host),
        ("PGPORT", &port_text),
        ("PGDATABASE", &db),
        ("PGPASSFILE", &pgpass),
    ];
    let only_user = format!("postgres://?user={user}");
    opens_as(&only_user, from_environment, &user);
    // …including one that asks for more safety than the URL: PGSSLMODE is
    // honoured, not dropped (no CA here, so it cannot be met).
    let mut strict = from_environment.to_vec();
    strict.push(("PGSSLMODE", Path::new("verify-full")));
    assert_contains(
        &refused(&only_user, &strict),
        "PGSSLMODE: (environment variable) sslmode=verify-full needs the CA certificate",
    );
    // One Assay cannot honour is refused, naming it.
    let mut with_cert = from_environment.to_vec();
    with_cert.push(("PGSSLCERT", Path::new("/home/wang/client.pem")));
    assert_contains(
        &refused(&only_user, &with_cert),
        "PGSSLCERT: (environment variable) it asks for sslcert, which Assay does not support",
    );
}

#[test]
fn a_save_over_someone_elses_newer_change_is_refused_and_open_sessions_hear_of_changes() {
    let t = TeamTest::migrated("conflict");
    let wang = t.user("wang");
    let li = t.user("li");
    for user in [&wang, &li] {
        let (code, _, err) = t.assay("postgres", &["team", "grant", user, "--role", "evaluator"]);
        assert_eq!(code, 0, "{err}");
    }
    let mut w = t.session(&wang);
    let eval: i64 = w
        .query_one(
            "INSERT INTO evaluation (name, as_of, questionnaire_id, questionnaire_version, created_at, updated_at)
             VALUES ('Tender', '2026-12-01', 'im-security', '1.0.0', 'now', 'now') RETURNING id",
            &[],
        )
        .unwrap()
        .get(0);
    let vendor: i64 = w
        .query_one(
            "INSERT INTO vendor (evaluation_id, name, created_at, updated_at) VALUES ($1, 'WeCom', 'now', 'now') RETURNING id",
            &[&eval],
        )
        .unwrap()
        .get(0);
    w.execute(
        "INSERT INTO answer (vendor_id, question, value, updated_at, updated_by) VALUES ($1, 'INC-01', '48', 'now', 'x')",
        &[&vendor],
    )
    .unwrap();
    let (code, _, err) = t.assay(
        "postgres",
        &["team", "add-member", "--evaluation", &eval.to_string(), &li],
    );
    assert_eq!(code, 0, "{err}");

    // Li's open app listens for changes.
    let mut app = TeamDb::open_with(&t.url(&li), Some(&format!("pw-{li}"))).unwrap();
    app.listen().unwrap();

    // Both read revision 1; Wang saves first.
    let save =
        "UPDATE answer SET value = $1, based_on = $2 WHERE vendor_id = $3 AND question = 'INC-01'";
    let mut l = t.session(&li);
    assert_eq!(w.execute(save, &[&"24", &1i64, &vendor]).unwrap(), 1);
    // Li's save, based on revision 1, is refused with Wang's change and hers.
    let e = l.execute(save, &[&"72", &1i64, &vendor]).unwrap_err();
    let (text, kind) = refusal(&li, e);
    let TeamError::Conflict { conflict } = kind else {
        panic!("a conflict, not {text}")
    };
    assert_eq!(conflict.who, wang);
    assert_eq!(
        (
            conflict.before.as_deref(),
            conflict.theirs.as_deref(),
            conflict.yours.as_deref()
        ),
        (Some("48"), Some("24"), Some("72"))
    );
    assert_contains(
        &text,
        &format!("not saved: the answer to INC-01 was changed by {wang} at "),
    );
    assert_contains(&text, ": 48 → 24; yours: 72");
    let stored: (String, i64) = l
        .query_one(
            "SELECT value, revision FROM answer WHERE vendor_id = $1",
            &[&vendor],
        )
        .map(|r| (r.get(0), r.get(1)))
        .unwrap();
    assert_eq!(stored, ("24".to_string(), 2), "Wang's change is kept");
    // A save that does not say what it was based on is refused too, whatever
    // the client: it could overwrite a change unseen.
    let e = l
        .execute(
            "UPDATE answer SET value = '96' WHERE vendor_id = $1",
            &[&vendor],
        )
        .unwrap_err();
    assert_contains(
        &refusal(&li, e).0,
        "a save of the answer to INC-01 must say which revision it was based on",
    );
    // Saving hers over it, knowingly: based on revision 2.
    assert_eq!(l.execute(save, &[&"72", &2i64, &vendor]).unwrap(), 1);

    // The open app heard of each committed change, with who made it.
    let mut heard = Vec::new();
    while let Some(notice) = app.next_notice(std::time::Duration::from_secs(2)).unwrap() {
        let TeamNotice::Changed(change) = notice else {
            panic!("{notice:?}")
        };
        heard.push(change);
        if heard.len() == 2 {
            break;
        }
    }
    assert_eq!(
        heard,
        vec![
            TeamChange {
                evaluation: Some(eval),
                who: wang.clone()
            },
            TeamChange {
                evaluation: Some(eval),
                who: li.clone()
            },
        ]
    );
}

#[test]
fn a_pg_dump_backup_restores_with_the_audit_authors_as_they_were() {
    let t = TeamTest::migrated("backup");
    let wang = t.user("wang");
    t.assay("postgres", &["team", "grant", &wang, "--role", "evaluator"]);
    let mut w = t.session(&wang);
    w.batch_execute(
        "INSERT INTO evaluation (name, as_of, questionnaire_id, questionnaire_version, created_at, updated_at)
         VALUES ('Tender', '2026-12-01', 'im-security', '1.0.0', 'now', 'now');
         INSERT INTO audit_log (at, evaluation_id, entity, action)
         SELECT 'now', id, 'evaluation', 'create' FROM evaluation",
    )
    .unwrap();
    let bin = std::fs::read_dir("/usr/lib/postgresql")
        .unwrap()
        .map(|e| e.unwrap().path().join("bin"))
        .max()
        .unwrap();
    let dump = t.dir.path().join("assay.dump");
    let restored = format!("{}_restored", t.db);
    t.superuser("postgres")
        .batch_execute(&format!("CREATE DATABASE {restored}"))
        .unwrap();
    let port = cluster().port.to_string();
    for (tool, args) in [
        (
            "pg_dump",
            vec![
                "--format=custom",
                "--schema=assay",
                "--file",
                dump.to_str().unwrap(),
                &t.db,
            ],
        ),
        (
            "pg_restore",
            vec!["--dbname", &restored, dump.to_str().unwrap()],
        ),
    ] {
        let out = Command::new(bin.join(tool))
            .args(["-h", "127.0.0.1", "-p", &port, "-U", "postgres"])
            .args(&args)
            .env("PGPASSFILE", t.pgpass())
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{tool}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let mut r = t.superuser(&restored);
    let who: String = r
        .query_one("SELECT who FROM assay.audit_log", &[])
        .unwrap()
        .get(0);
    assert_eq!(
        who, wang,
        "the restore keeps the author, not the restoring user"
    );
    let url = format!("postgres://{wang}@127.0.0.1:{port}/{restored}");
    let (code, out, err) = t.assay_at(&url, &["team", "status"]);
    assert_eq!(code, 0, "{err}");
    assert_contains(&out, "schema: version 1, as this Assay expects");
    // The restored copy enforces the same rules.
    let e = r
        .batch_execute("UPDATE assay.audit_log SET who = 'someone else'")
        .unwrap_err();
    assert_contains(&refusal("postgres", e).0, "append-only");
}

/// `assay --db DB ARGS…` on a local SQLite file: stdout (the command must succeed).
fn local(db: &Path, args: &[&str]) -> String {
    let out = assay_command(db, args).output().unwrap();
    assert!(
        out.status.success(),
        "assay {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn an_evaluation_pushed_and_pulled_back_scores_the_same_with_its_files_and_history() {
    let t = TeamTest::migrated("exchange");
    let wang = t.user_with_role("wang", "evaluator");
    let viewer = t.user_with_role("viewer", "viewer");
    // A local evaluation with an attached evidence file, as a bundle.
    let dir = t.dir.path();
    let mine = dir.join("mine.db");
    local(&mine, &["example"]);
    let id = local(&mine, &["evaluation", "duplicate", "1", "--name", "Tender"])
        .trim()
        .to_string();
    let cert = dir.join("iso-27001.pdf");
    std::fs::write(&cert, b"%PDF-1.4 the certificate").unwrap();
    local(
        &mine,
        &[
            "answer",
            "evidence",
            "--evaluation",
            &id,
            "--vendor",
            "5",
            "--question",
            "CRT-01",
            "--kind",
            "certificate",
            "--identifier",
            "IS 123456",
            "--file",
            cert.to_str().unwrap(),
        ],
    );
    let bundle = dir.join("tender.assay");
    local(
        &mine,
        &["evaluation", "export", &id, bundle.to_str().unwrap()],
    );
    let history = local(&mine, &["evaluation", "audit", &id]);
    let mut su = t.superuser(&t.db);
    let count = |su: &mut Client, table: &str| -> i64 {
        su.query_one(&format!("SELECT count(*) FROM assay.{table}"), &[])
            .unwrap()
            .get(0)
    };

    // A viewer may not push: refused, nothing written.
    let (code, _, err) = t.assay(&viewer, &["team", "push", bundle.to_str().unwrap()]);
    assert_eq!(code, 1);
    assert_contains(
        &err,
        &format!("{viewer}'s database role does not allow this"),
    );
    assert_eq!(count(&mut su, "evaluation"), 0);
    // A refusal late in the push (the audit rows, after the evaluation, its
    // vendors, answers and files went in) leaves nothing either.
    su.batch_execute("REVOKE INSERT ON assay.audit_log FROM assay_evaluator")
        .unwrap();
    let (code, _, err) = t.assay(&wang, &["team", "push", bundle.to_str().unwrap()]);
    assert_eq!(code, 1);
    assert_contains(&err, "permission denied for table audit_log");
    for table in [
        "evaluation",
        "vendor",
        "answer",
        "evidence",
        "file",
        "audit_log",
    ] {
        assert_eq!(count(&mut su, table), 0, "{table} after a refused push");
    }
    su.batch_execute("GRANT INSERT ON assay.audit_log TO assay_evaluator")
        .unwrap();

    let (code, out, err) = t.assay(&wang, &["team", "push", bundle.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    let team_id = pushed_id(&out);
    assert_contains(&out, "4 vendors");
    assert_contains(&out, "(1 files)");
    // The bundle's history keeps its authors; the database records who pushed it.
    let recorded: Vec<(String, String, Option<String>)> = su
        .query(
            "SELECT who, recorded_by, imported_from FROM assay.audit_log ORDER BY id",
            &[],
        )
        .unwrap()
        .iter()
        .map(|r| (r.get(0), r.get(1), r.get(2)))
        .collect();
    assert!(recorded.iter().all(|(_, by, _)| *by == wang));
    let local_author = history
        .lines()
        .next()
        .and_then(|l| l.split_whitespace().nth(1))
        .unwrap()
        .to_string();
    assert!(
        recorded
            .iter()
            .any(|(who, _, from)| *who == local_author && from.is_some()),
        "the bundle's author {local_author} is kept on its rows: {:?}",
        &recorded[..3]
    );
    let stored: Vec<u8> = su
        .query_one("SELECT content FROM assay.file", &[])
        .unwrap()
        .get(0);
    assert_eq!(stored, b"%PDF-1.4 the certificate");

    // A viewer pulls it back; imported into another local database, it scores
    // exactly as the original, with the file and the history.
    let pulled = dir.join("pulled.assay");
    let pull = [
        "team",
        "pull",
        "--evaluation",
        &team_id,
        "--out",
        pulled.to_str().unwrap(),
    ];
    let (code, out, err) = t.assay(&viewer, &pull);
    assert_eq!(code, 0, "{err}");
    assert_contains(&out, "assay evaluation import");
    let (code, _, err) = t.assay(&viewer, &pull);
    assert_eq!(code, 1, "an existing file is kept without --force");
    assert_contains(&err, "add --force");
    std::fs::create_dir(dir.join("theirs")).unwrap();
    let theirs = dir.join("theirs/theirs.db");
    let copy = local(&theirs, &["evaluation", "import", pulled.to_str().unwrap()])
        .trim()
        .to_string();
    let score = |db: &Path, id: &str| {
        let text = local(db, &["score", "--evaluation", id]);
        text.lines().skip(1).collect::<Vec<_>>().join("\n")
    };
    assert_eq!(score(&theirs, &copy), score(&mine, &id));
    let shown = local(&theirs, &["evaluation", "show", &copy]);
    assert_contains(&shown, "Tender");
    // The evidence file came along, byte for byte.
    let files: Vec<_> = std::fs::read_dir(dir.join("theirs/files"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file())
        .collect();
    assert_eq!(files.len(), 1, "{files:?}");
    assert_eq!(
        std::fs::read(&files[0]).unwrap(),
        b"%PDF-1.4 the certificate"
    );
    let history_after = local(&theirs, &["evaluation", "audit", &copy]);
    // Every row of the original history is in the pulled-back one, with its time
    // and author (then the two imports' own rows).
    for line in history.lines() {
        assert_contains(&history_after, line.split(" {").next().unwrap());
    }
    // Read where it is: score, show and audit run on the team database
    // itself (one consistent read), name the team's ids, and say so.
    let (code, out, err) = t.assay(&viewer, &["score", "--evaluation", &team_id]);
    assert_eq!(code, 0, "{err}");
    let mut lines = out.lines();
    assert_eq!(
        lines.next().unwrap(),
        format!("Tender (evaluation {team_id})")
    );
    assert_eq!(
        lines.next().unwrap(),
        "read from the team database; not signed off"
    );
    assert_eq!(lines.collect::<Vec<_>>().join("\n"), score(&mine, &id));
    let (code, out, err) = t.assay(&viewer, &["evaluation", "show", &team_id, "--json"]);
    assert_eq!(code, 0, "{err}");
    let shown: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(shown["evaluation"]["id"].to_string(), team_id);
    let mut shown_vendors: Vec<i64> = shown["vendors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["vendor"]["id"].as_i64().unwrap())
        .collect();
    shown_vendors.sort();
    let team_vendors: Vec<i64> = su
        .query("SELECT id FROM assay.vendor ORDER BY id", &[])
        .unwrap()
        .iter()
        .map(|r| r.get(0))
        .collect();
    assert_eq!(shown_vendors, team_vendors, "the team's vendor ids");
    let (code, out, err) = t.assay(&viewer, &["evaluation", "audit", &team_id]);
    assert_eq!(code, 0, "{err}");
    for line in history.lines() {
        assert_contains(&out, line.split(" {").next().unwrap());
    }
    // The other commands that only read work there too: the vendors, the
    // comparison workbook, a vendor's security schedule.
    let (code, out, err) = t.assay(
        &viewer,
        &["vendor", "list", "--evaluation", &team_id, "--json"],
    );
    assert_eq!(code, 0, "{err}");
    let vendors: serde_json::Value = serde_json::from_str(&out).unwrap();
    let mut listed_ids: Vec<i64> = vendors
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["id"].as_i64().unwrap())
        .collect();
    listed_ids.sort();
    assert_eq!(listed_ids, team_vendors);
    let first_vendor = vendors[0]["name"].as_str().unwrap().to_string();
    let xlsx = dir.join("comparison.xlsx");
    let (code, out, err) = t.assay(
        &viewer,
        &[
            "export-xlsx",
            "--evaluation",
            &team_id,
            "--out",
            xlsx.to_str().unwrap(),
        ],
    );
    assert_eq!(code, 0, "{err}");
    assert_contains(&out, "(4 vendor(s)");
    assert_eq!(
        &std::fs::read(&xlsx).unwrap()[..2],
        b"PK",
        "an XLSX (zip) file"
    );
    let docx = dir.join("schedule.docx");
    let (code, out, err) = t.assay(
        &viewer,
        &[
            "vendor",
            "schedule",
            "--evaluation",
            &team_id,
            "--vendor",
            &first_vendor,
            "--out",
            docx.to_str().unwrap(),
        ],
    );
    assert_eq!(code, 0, "{err}");
    assert_contains(&out, &format!("clauses for {first_vendor}"));

    // The comparison PDF from the team database, recorded there, so anyone
    // on the team can check a report against it. A viewer may read but not
    // record an export: refused before any file is written.
    let pdf = dir.join("tender.pdf");
    let export = |user: &str, out: &Path| {
        t.assay(
            user,
            &[
                "export",
                "--evaluation",
                &team_id,
                "--out",
                out.to_str().unwrap(),
                "--generated-at",
                "2026-12-07T10:00:00+08:00",
            ],
        )
    };
    let (code, _, err) = export(&viewer, &pdf);
    assert_eq!(code, 1);
    assert_contains(
        &err,
        &format!("{viewer} may read this evaluation but not record a report of it"),
    );
    assert!(!pdf.exists(), "no unrecorded report is left behind");
    let (code, out, err) = export(&wang, &pdf);
    assert_eq!(code, 0, "{err}");
    assert_contains(&out, "fingerprint ");
    let verify = |file: &Path| t.assay(&viewer, &["verify", file.to_str().unwrap()]);
    let (code, out, err) = verify(&pdf);
    assert_eq!(code, 0, "{out}{err}");
    assert_contains(
        &out,
        &format!("this exact report was exported from evaluation {team_id} (\"Tender\") on "),
    );
    assert_contains(&out, &format!(" by {wang}"));
    assert_contains(&out, "the evaluation is unchanged since the export");
    // A report of another evaluation (the local example): not this database's.
    let elsewhere = dir.join("elsewhere.pdf");
    local(
        &mine,
        &[
            "export",
            "--evaluation",
            "1",
            "--out",
            elsewhere.to_str().unwrap(),
        ],
    );
    let (code, out, _) = verify(&elsewhere);
    assert_eq!(code, 1, "{out}");
    assert_contains(
        &out,
        "NOT FOUND: no export with this fingerprint in this database",
    );
    // Changed in the team database after the export: said so.
    su.batch_execute("UPDATE assay.evaluation SET name = 'Tender (revised)'")
        .unwrap();
    let (code, out, _) = verify(&pdf);
    assert_eq!(code, 0, "{out}");
    assert_contains(&out, "the evaluation has changed since the export");
    su.batch_execute("UPDATE assay.evaluation SET name = 'Tender'")
        .unwrap();

    // Changing it there: refused to a viewer by the database, nothing
    // changed; a member's change is stored, with an audit row in their name.
    let name = |su: &mut Client| -> String {
        su.query_one("SELECT name FROM assay.evaluation", &[])
            .unwrap()
            .get(0)
    };
    let (code, _, err) = t.assay(
        &viewer,
        &["evaluation", "edit", &team_id, "--name", "Renamed"],
    );
    assert_eq!(code, 1);
    assert_contains(
        &err,
        &format!("{viewer} may not change evaluation {team_id}"),
    );
    assert_eq!(name(&mut su), "Tender");
    let (code, out, err) = t.assay(
        &wang,
        &["evaluation", "edit", &team_id, "--name", "Tender 2027"],
    );
    assert_eq!(code, 0, "{err}");
    assert_contains(&out, &format!("evaluation {team_id}: Tender 2027"));
    assert_eq!(name(&mut su), "Tender 2027");
    let who: String = su
        .query_one(
            "SELECT who FROM assay.audit_log WHERE entity = 'evaluation' ORDER BY id DESC LIMIT 1",
            &[],
        )
        .unwrap()
        .get(0);
    assert_eq!(who, wang);

    // A vendor added from the command line prints the team's id; evidence
    // with a file goes into the team database.
    let (code, out, err) = t.assay(
        &wang,
        &["vendor", "add", "--evaluation", &team_id, "--name", "Wire"],
    );
    assert_eq!(code, 0, "{err}");
    let wire: i64 = su
        .query_one("SELECT id FROM assay.vendor WHERE name = 'Wire'", &[])
        .unwrap()
        .get(0);
    assert_eq!(out.trim(), wire.to_string());
    let letter = dir.join("letter.txt");
    std::fs::write(&letter, "pentest letter").unwrap();
    let (code, _, err) = t.assay(
        &wang,
        &[
            "answer",
            "set",
            "--evaluation",
            &team_id,
            "--vendor",
            "Wire",
            "--question",
            "IRV-01",
            "--value",
            "24",
        ],
    );
    assert_eq!(code, 0, "{err}");
    let (code, out, err) = t.assay(
        &wang,
        &[
            "answer",
            "evidence",
            "--evaluation",
            &team_id,
            "--vendor",
            "Wire",
            "--question",
            "IRV-01",
            "--kind",
            "pentest_letter",
            "--file",
            letter.to_str().unwrap(),
        ],
    );
    assert_eq!(code, 0, "{err}");
    assert_contains(&out, "added evidence 1 to IRV-01 for Wire (file sha256:");
    let stored: Vec<u8> = su
        .query_one(
            "SELECT f.content FROM assay.file f JOIN assay.evidence e ON e.file_sha256 = f.sha256
               JOIN assay.answer a ON a.id = e.answer_id WHERE a.vendor_id = $1",
            &[&wire],
        )
        .unwrap()
        .get(0);
    assert_eq!(stored, b"pentest letter");

    let (code, _, err) = t.assay(&viewer, &["score", "--evaluation", "99"]);
    assert_eq!(code, 1);
    assert_contains(&err, "99");

    // Asking for an evaluation the team database does not have.
    let (code, _, err) = t.assay(
        &viewer,
        &[
            "team",
            "pull",
            "--evaluation",
            "99",
            "--out",
            dir.join("none.assay").to_str().unwrap(),
        ],
    );
    assert_eq!(code, 1);
    assert_contains(&err, "there is no evaluation with id 99");
}

#[test]
fn a_listening_session_comes_back_after_the_server_restarts_and_says_what_it_missed() {
    // A server of its own: stopping it must not disturb the other tests.
    let own: &'static PgTestCluster = Box::leak(Box::new(start_pg_test_cluster()));
    let t = TeamTest::on(own, "faults");
    let (code, _, err) = t.assay("postgres", &["team", "migrate"]);
    assert_eq!(code, 0, "{err}");
    let wang = t.user("wang");
    let li = t.user("li");
    for user in [&wang, &li] {
        t.assay("postgres", &["team", "grant", user, "--role", "evaluator"]);
    }
    let create = "INSERT INTO evaluation (name, as_of, questionnaire_id, questionnaire_version, created_at, updated_at)
                  VALUES ('Tender', '2026-12-01', 'q', '1', 'now', 'now')";
    let mut app = TeamDb::open_with(&t.url(&li), Some(&format!("pw-{li}"))).unwrap();
    app.listen().unwrap();
    let wait = std::time::Duration::from_secs(10);

    // The server restarts under the open session: it comes back, listening,
    // and says changes may have been missed meanwhile.
    own.pg_ctl("restart");
    assert_eq!(
        app.next_notice(wait).unwrap(),
        Some(TeamNotice::Reconnected)
    );
    t.session(&wang).batch_execute(create).unwrap();
    match app.next_notice(wait).unwrap() {
        Some(TeamNotice::Changed(TeamChange { who, .. })) => assert_eq!(who, wang),
        other => panic!("Wang's change heard after the restart, not {other:?}"),
    }

    // The server is down: said plainly, and tried again on the next call.
    own.pg_ctl("stop");
    let e = app.next_notice(wait).unwrap_err();
    assert!(matches!(e, TeamError::ConnectionLost { .. }), "{e}");
    assert_contains(&e.to_string(), "was lost and could not be restored yet");
    assert_contains(&e.to_string(), "nothing is saved until it is back");
    let e = app.next_notice(wait).unwrap_err();
    assert!(matches!(e, TeamError::ConnectionLost { .. }), "{e}");
    // A save while the server is down is clearly not stored (exit 1, saying
    // why); once it is back, the value is as before and the save goes through.
    own.pg_ctl("start");
    assert_eq!(
        app.next_notice(wait).unwrap(),
        Some(TeamNotice::Reconnected)
    );
    let (team_id, vendor) = push_tender(&t, &wang, &li);
    let set = |value: &str| t.set_answer(&wang, &team_id, &vendor, "IRV-01", value, None);
    let (code, _, err) = set("48");
    assert_eq!(code, 0, "{err}");
    own.pg_ctl("stop");
    let (code, out, err) = set("24");
    assert_eq!(code, 1, "{out}");
    assert_contains(&err, "127.0.0.1");
    assert!(!out.contains("saved"), "{out}");
    own.pg_ctl("start");
    let stored = || stored_number(&mut t.superuser(&t.db), &vendor, "IRV-01");
    assert_eq!(stored(), 48.0, "the acknowledged save, and only it");
    let (code, out, err) = set("24");
    assert_eq!(code, 0, "{err}");
    assert_contains(&out, "saved IRV-01");
    assert_eq!(stored(), 24.0);
    // The listening session came back and hears changes again.
    assert_eq!(
        app.next_notice(wait).unwrap(),
        Some(TeamNotice::Reconnected)
    );
    t.session(&wang).batch_execute(create).unwrap();
    let mut heard_wang = false;
    while let Some(notice) = app.next_notice(wait).unwrap() {
        if let TeamNotice::Changed(TeamChange { who, .. }) = notice {
            heard_wang |= who == wang;
            break;
        }
    }
    assert!(heard_wang, "a change after the restart is heard");

    // The app started while the server is down says why, and opens the team
    // database by a later command once it is up — no restart of the app.
    // (The bare evaluations made above to cause notices are not Assay's: gone.)
    t.superuser(&t.db)
        .batch_execute("DELETE FROM assay.evaluation WHERE questionnaire_id = 'q'")
        .unwrap();
    own.pg_ctl("stop");
    let (url, password) = (t.url(&wang), format!("pw-{wang}"));
    let open = move || {
        assay::app::team_session::TeamSession::open_with(&url, Some(&password))
            .map(|session| (assay::app::workspace::Workspace::Team(session), ()))
            .map_err(|e| e.text())
    };
    let retry_after = std::time::Duration::from_millis(300);
    let opening = assay::app::opening::OpenOnce::start(open.clone(), retry_after);
    let why = opening.get(open.clone(), |_| {}).err().unwrap();
    assert_contains(&why.en, "127.0.0.1");
    assert!(why.en != why.zh_cn, "said in both languages: {why:?}");
    own.pg_ctl("start");
    std::thread::sleep(retry_after);
    let mut workspace = opening.get(open.clone(), |_| {}).unwrap();
    let ids: Vec<i64> = assay::app::evaluations::list_evaluations(workspace.store())
        .unwrap()
        .iter()
        .map(|e| e.id)
        .collect();
    assert!(ids.contains(&team_id.parse().unwrap()), "{ids:?}");
}

fn listed_text(t: &TeamTest, user: &str) -> String {
    let (code, out, err) = t.assay(user, &["team", "list"]);
    assert_eq!(code, 0, "{err}");
    out
}

#[test]
fn two_people_saving_one_answer_from_the_command_line_never_lose_a_change() {
    // Two people, one answer, from the command line: Zhang's save based on
    // what was there before Wang's change is refused with theirs and yours,
    // and goes through only when Zhang names the revision to save over.
    let t = TeamTest::migrated("answers");
    let wang = t.user_with_role("wang", "evaluator");
    let viewer = t.user_with_role("viewer", "viewer");
    let (team_id, first_vendor) = push_tender(&t, &wang, &viewer);
    let mine = t.dir.path().join("mine.db");
    let mut su = t.superuser(&t.db);
    let zhang = t.user_with_role("zhang", "evaluator");
    let (code, _, err) = t.assay(
        "postgres",
        &["team", "add-member", "--evaluation", &team_id, &zhang],
    );
    assert_eq!(code, 0, "{err}");
    let set = |user: &str, value: &str, based_on: Option<i64>| {
        t.set_answer(user, &team_id, &first_vendor, "IRV-01", value, based_on)
    };
    let revision_in = |out: &str| -> i64 {
        out.split("(revision ")
            .nth(1)
            .and_then(|r| r.split(')').next())
            .unwrap()
            .parse()
            .unwrap()
    };
    let (code, out, err) = set(&wang, "48", None);
    assert_eq!(code, 0, "{err}");
    assert_contains(
        &out,
        &format!("saved IRV-01 for {first_vendor} in the team database"),
    );
    let seen_by_zhang = revision_in(&out);
    let (code, out, err) = set(&wang, "24", None);
    assert_eq!(code, 0, "{err}");
    let theirs = revision_in(&out);
    assert_eq!(theirs, seen_by_zhang + 1);
    let (code, _, err) = set(&zhang, "72", Some(seen_by_zhang));
    assert_eq!(code, 1);
    assert_contains(
        &err,
        &format!("not saved: the answer to IRV-01 was changed by {wang} at "),
    );
    assert_contains(&err, ": 48 → 24; yours: 72");
    assert_contains(&err, &format!("the same command with --based-on {theirs}"));
    let stored = |su: &mut Client| stored_number(su, &first_vendor, "IRV-01");
    assert_eq!(stored(&mut su), 24.0, "theirs is kept");
    let (code, out, err) = set(&zhang, "72", Some(theirs));
    assert_eq!(code, 0, "{err}");
    assert_eq!(revision_in(&out), theirs + 1);
    assert_eq!(stored(&mut su), 72.0);
    let (code, out, err) = set(&zhang, "72", None);
    assert_eq!(code, 0, "{err}");
    assert_contains(&out, "was already so: nothing saved");
    // The app's own checks, and the database's roles, before anything is written.
    let (code, _, err) = set(&zhang, "约90天", None);
    assert_eq!(code, 1);
    assert_contains(&err, "IRV-01");
    let (code, _, err) = set(&viewer, "12", None);
    assert_eq!(code, 1);
    assert_contains(
        &err,
        &format!("{viewer} may not change evaluation {team_id}"),
    );
    assert_eq!(stored(&mut su), 72.0);
    // Each save is in the audit log under the database's name for its author.
    let authors: Vec<String> = su
        .query(
            "SELECT who FROM assay.audit_log WHERE question = 'IRV-01' AND imported_from IS NULL ORDER BY id",
            &[],
        )
        .unwrap()
        .iter()
        .map(|r| r.get(0))
        .collect();
    assert_eq!(authors, vec![wang.clone(), wang.clone(), zhang.clone()]);
    // A vendor with no answers yet (added in the database directly): a first
    // answer is inserted; --based-on, which names a revision of a saved
    // answer, is refused for it.
    su.execute(
        "INSERT INTO assay.vendor (evaluation_id, name, created_at, updated_at)
         VALUES ($1, 'Newcomer', 'now', 'now')",
        &[&team_id.parse::<i64>().unwrap()],
    )
    .unwrap();
    let first_answer =
        |based_on| t.set_answer(&zhang, &team_id, "Newcomer", "IRV-01", "36", based_on);
    let (code, _, err) = first_answer(Some(1));
    assert_eq!(code, 1);
    assert_contains(
        &err,
        "there is no saved answer to IRV-01 to base this save on",
    );
    let (code, out, err) = first_answer(None);
    assert_eq!(code, 0, "{err}");
    assert_contains(
        &out,
        "saved IRV-01 for Newcomer in the team database (revision 1)",
    );
    // Signed off: frozen for every save.
    let (code, _, err) = t.assay("postgres", &["team", "sign-off", "--evaluation", &team_id]);
    assert_eq!(code, 0, "{err}");
    let (code, _, err) = set(&zhang, "4", None);
    assert_eq!(code, 1);
    assert_contains(&err, "was signed off by postgres at ");
    assert_eq!(stored(&mut su), 72.0);
    // --based-on means nothing to a local database: refused, not ignored.
    let (code, _, err) = t.assay_at(
        mine.to_str().unwrap(),
        &[
            "answer",
            "set",
            "--evaluation",
            "2",
            "--vendor",
            &first_vendor,
            "--question",
            "IRV-01",
            "--value",
            "12",
            "--based-on",
            "1",
        ],
    );
    assert_eq!(code, 1);
    assert_contains(&err, "--based-on is for a team database");
}

/// Pushes a copy of the fictional example named "Tender" as `pusher`;
/// returns its team id and the name of its first vendor (as `reader` lists them).
fn push_tender(t: &TeamTest, pusher: &str, reader: &str) -> (String, String) {
    let mine = t.dir.path().join("mine.db");
    local(&mine, &["example"]);
    // The sample itself is read-only (pushed, it stays so): a copy.
    local(&mine, &["evaluation", "duplicate", "1", "--name", "Tender"]);
    let bundle = t.dir.path().join("tender.assay");
    local(
        &mine,
        &["evaluation", "export", "2", bundle.to_str().unwrap()],
    );
    let (code, out, err) = t.assay(pusher, &["team", "push", bundle.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    let team_id = pushed_id(&out);
    let (code, out, err) = t.assay(
        reader,
        &["vendor", "list", "--evaluation", &team_id, "--json"],
    );
    assert_eq!(code, 0, "{err}");
    let vendors: serde_json::Value = serde_json::from_str(&out).unwrap();
    let first_vendor = vendors[0]["name"].as_str().unwrap().to_string();
    (team_id, first_vendor)
}

/// The number stored in the team database as `vendor`'s answer to `question`.
fn stored_number(su: &mut Client, vendor: &str, question: &str) -> f64 {
    let value: String = su
        .query_one(
            "SELECT a.value FROM assay.answer a JOIN assay.vendor v ON v.id = a.vendor_id
              WHERE v.name = $1 AND a.question = $2",
            &[&vendor, &question],
        )
        .unwrap()
        .get(0);
    value.parse().unwrap()
}

/// The team evaluation's id in `team push`'s "pushed … as team evaluation N: …".
fn pushed_id(out: &str) -> String {
    out.split("as team evaluation ")
        .nth(1)
        .and_then(|rest| rest.split(':').next())
        .unwrap()
        .to_string()
}

#[test]
fn a_watching_user_sees_other_peoples_changes_as_they_are_committed() {
    use std::io::BufRead;
    let t = TeamTest::migrated("watch");
    let wang = t.user_with_role("wang", "evaluator");
    let li = t.user_with_role("li", "viewer");
    let (team_id, vendor) = push_tender(&t, &wang, &li);
    // Li watches evaluation `team_id` until one change is reported.
    let mut watch = assay_command(
        t.url(&li),
        &["team", "watch", "--evaluation", &team_id, "--count", "1"],
    )
    .env("PGPASSFILE", t.pgpass())
    .stdout(Stdio::piped())
    .stderr(Stdio::piped())
    .spawn()
    .unwrap();
    let mut lines = std::io::BufReader::new(watch.stdout.take().unwrap()).lines();
    // Printed once the session listens: what follows is heard.
    let first = lines.next().unwrap().unwrap();
    assert_contains(
        &first,
        &format!("as {li} for changes to evaluation {team_id} (Ctrl-C to stop)"),
    );
    // A change to another evaluation is not reported; Wang's answer is.
    let other = t.dir.path().join("other.assay");
    local(
        &t.dir.path().join("mine.db"),
        &["evaluation", "export", "2", other.to_str().unwrap()],
    );
    let (code, _, err) = t.assay(&wang, &["team", "push", other.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    let (code, _, err) = t.set_answer(&wang, &team_id, &vendor, "IRV-01", "12", None);
    assert_eq!(code, 0, "{err}");
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    let status = loop {
        if let Some(status) = watch.try_wait().unwrap() {
            break status;
        }
        if std::time::Instant::now() > deadline {
            let _ = watch.kill();
            panic!("`assay team watch --count 1` did not report Wang's change within 60 s");
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    };
    assert!(status.success(), "{status}");
    let rest: Vec<String> = lines.map(|l| l.unwrap()).collect();
    assert_eq!(rest.len(), 1, "{rest:?}");
    assert_contains(&rest[0], &format!("  {wang} changed evaluation {team_id}"));
}

/// The Tender pushed by evaluator Wang, Zhang (evaluator) added as its
/// member, Vera a viewer: the team of the app's tests.
struct TeamOfThree {
    team_id: String,
    id: i64,
    vendor: String,
    wang: String,
    zhang: String,
    viewer: String,
}

fn team_of_three(t: &TeamTest) -> TeamOfThree {
    let wang = t.user_with_role("wang", "evaluator");
    let viewer = t.user_with_role("vera", "viewer");
    let (team_id, vendor) = push_tender(t, &wang, &viewer);
    let zhang = t.user_with_role("zhang", "evaluator");
    let (code, _, err) = t.assay(
        "postgres",
        &["team", "add-member", "--evaluation", &team_id, &zhang],
    );
    assert_eq!(code, 0, "{err}");
    TeamOfThree {
        id: team_id.parse().unwrap(),
        team_id,
        vendor,
        wang,
        zhang,
        viewer,
    }
}

/// An edit of `question` to the number `value`, as the app's form sends it.
fn number_edit(question: &str, value: f64) -> assay::app::AnswerEdit {
    serde_json::from_value(serde_json::json!({"question": question, "value": value})).unwrap()
}

#[test]
fn the_apps_team_session_shows_what_each_user_may_do_and_refuses_a_save_over_a_newer_change() {
    use assay::app::team_session::TeamSession;
    let t = TeamTest::migrated("session");
    let TeamOfThree {
        team_id,
        id,
        vendor,
        wang,
        zhang,
        viewer,
    } = team_of_three(&t);
    let stored_hours = || stored_number(&mut t.superuser(&t.db), &vendor, "IRV-01");
    let open =
        |user: &str| TeamSession::open_with(&t.url(user), Some(&format!("pw-{user}"))).unwrap();
    let vendor_id = |s: &mut TeamSession| {
        s.store()
            .vendors(id)
            .unwrap()
            .into_iter()
            .find(|v| v.name == vendor)
            .unwrap()
            .id
    };
    let shown = |s: &mut TeamSession, v: i64| -> String {
        let answer = s.store().answer(v, "IRV-01").unwrap();
        format!("{:?}", answer.map(|a| a.answer.value))
    };

    // Both open the app on the team database; each sees the evaluation.
    let mut wangs = open(&wang);
    let mut zhangs = open(&zhang);
    let v = vendor_id(&mut wangs);
    assert_eq!(vendor_id(&mut zhangs), v, "the team's ids are kept");
    let view = wangs.view();
    assert_eq!(view.user, wang);
    assert_eq!(view.roles[0].en, "evaluator");
    assert!(
        view.read_only.iter().all(|r| r.evaluation != id),
        "a member may change it: {view:?}"
    );
    assert!(!view.address.contains("pw-"), "{}", view.address);

    // Wang saves; the form comes back re-scored from the team database.
    let form = wangs.save_answer(v, &number_edit("IRV-01", 48.0)).unwrap();
    assert_eq!(form.vendor.id, v);
    assert_eq!(stored_hours(), 48.0);
    assert_contains(&shown(&mut wangs, v), "48");

    // Zhang, who still shows the answer as it was, saves over Wang's change:
    // refused, with theirs and Zhang's; Zhang's copy now shows Wang's.
    let before = shown(&mut zhangs, v);
    assert_ne!(before, shown(&mut wangs, v));
    let e = zhangs
        .save_answer(v, &number_edit("IRV-01", 72.0))
        .unwrap_err();
    assert_eq!(
        assay::app::ErrorCode::of(&e),
        assay::app::ErrorCode::Conflict,
        "the app offers to save over theirs"
    );
    let text = e.text().en;
    assert_contains(
        &text,
        &format!("not saved: the answer to IRV-01 was changed by {wang} at "),
    );
    assert_contains(&text, "yours: 72");
    assert_eq!(stored_hours(), 48.0, "theirs is kept");
    assert_eq!(
        shown(&mut zhangs, v),
        shown(&mut wangs, v),
        "theirs is shown"
    );
    // Saving again, having seen theirs, saves over it.
    zhangs.save_answer(v, &number_edit("IRV-01", 72.0)).unwrap();
    assert_eq!(stored_hours(), 72.0);
    // Wang's copy is read again (as the app does on a change notice).
    wangs.refresh().unwrap();
    assert_eq!(shown(&mut wangs, v), shown(&mut zhangs, v));

    // The page sends the revision its input was made from: an edit made on
    // the form as it was before Zhang's next change is refused even though
    // Wang's copy has been read again since (the notice came in between).
    let revision_shown = |s: &mut TeamSession| {
        s.form(v)
            .unwrap()
            .sections
            .iter()
            .flat_map(|s| &s.questions)
            .find(|q| q.id == "IRV-01")
            .and_then(|q| q.revision)
    };
    let seen = revision_shown(&mut wangs);
    assert!(seen.is_some(), "the form names the revision");
    zhangs.save_answer(v, &number_edit("IRV-01", 96.0)).unwrap();
    wangs.refresh().unwrap();
    assert_ne!(revision_shown(&mut wangs), seen);
    let mut made_before = number_edit("IRV-01", 36.0);
    made_before.based_on = seen;
    let e = wangs.save_answer(v, &made_before).unwrap_err();
    assert_eq!(
        assay::app::ErrorCode::of(&e),
        assay::app::ErrorCode::Conflict
    );
    assert_contains(&e.text().en, &format!("changed by {zhang} at "));
    assert_eq!(stored_hours(), 96.0);

    // The copy takes no other change: SQLite refuses it, nothing reaches the team.
    let renamed = wangs.store().update_vendor(
        v,
        &assay::store::NewVendor {
            name: "Renamed".into(),
            ..Default::default()
        },
    );
    assert!(renamed.is_err(), "a write to the copy must be refused");

    // A viewer reads it, marked read-only with the reason; a save is refused.
    let mut veras = open(&viewer);
    let evaluation = veras
        .store()
        .list_evaluations()
        .unwrap()
        .into_iter()
        .find(|e| e.id == id)
        .unwrap();
    assert!(
        evaluation.read_only,
        "the screens hide the editing controls"
    );
    assert_contains(
        &why_read_only(&veras, id),
        &format!("your database user {viewer} may read this evaluation"),
    );
    let e = veras
        .save_answer(v, &number_edit("IRV-01", 12.0))
        .unwrap_err();
    assert_contains(
        &e.text().en,
        &format!("{viewer} may not change evaluation {team_id}"),
    );
    assert_eq!(stored_hours(), 96.0);

    // Signed off: frozen for its members too, and said so.
    let approver = t.user_with_role("ada", "approver");
    let (code, _, err) = t.assay(&approver, &["team", "sign-off", "--evaluation", &team_id]);
    assert_eq!(code, 0, "{err}");
    wangs.refresh().unwrap();
    assert_contains(
        &why_read_only(&wangs, id),
        &format!("Read-only: signed off by {approver} at "),
    );
    let e = wangs
        .save_answer(v, &number_edit("IRV-01", 6.0))
        .unwrap_err();
    assert_contains(&e.text().en, "frozen");
    assert_eq!(stored_hours(), 96.0);
}

/// Why evaluation `id` is read-only in `session`'s copy (English).
fn why_read_only(session: &assay::app::team_session::TeamSession, id: i64) -> String {
    session
        .view()
        .read_only
        .into_iter()
        .find(|r| r.evaluation == id)
        .map(|r| r.why.en)
        .unwrap_or_else(|| panic!("evaluation {id} is not read-only"))
}

#[test]
fn the_app_connects_remembers_the_address_only_and_falls_back_to_the_local_database_saying_why() {
    use assay::app::workspace::{remember_team, remembered_team, remembered_team_file, Workspace};
    let t = TeamTest::migrated("connect");
    let wang = t.user_with_role("wang", "evaluator");
    let local = t.dir.path().join("local.db");
    let (mut workspace, problem) = Workspace::open_for_app(&local).unwrap();
    assert!(
        workspace.team().is_none() && problem.is_none(),
        "a local database by default"
    );

    // Refused, nothing remembered: a password in the address, a file name.
    let with_password = format!(
        "postgres://{wang}:pw-{wang}@127.0.0.1:{}/{}",
        t.cluster.port, t.db
    );
    let e = workspace.connect(&local, &with_password).unwrap_err();
    assert!(
        !e.text().en.contains(&format!("pw-{wang}")),
        "{}",
        e.text().en
    );
    assert_contains(&e.text().en, "password");
    let e = workspace.connect(&local, "/tmp/other.db").unwrap_err();
    assert_contains(&e.text().en, "starts with postgres://");
    // Keeping a password in the keyring takes one typed.
    let e = workspace
        .connect_with(&local, &t.url(&wang), Some(""), true)
        .unwrap_err();
    assert_contains(
        &e.text().en,
        "Type the password to keep it in the system keyring",
    );
    assert_contains(&e.text().zh_cn, "钥匙串");
    assert!(!remembered_team_file(&local).exists());
    assert!(workspace.team().is_none());

    // Connected: the address is remembered, never a password.
    workspace
        .connect_with(&local, &t.url(&wang), Some(&format!("pw-{wang}")), false)
        .unwrap();
    assert_eq!(workspace.team_view().unwrap().user, wang);
    assert_eq!(remembered_team(&local).unwrap(), Some(t.url(&wang)));
    let file = std::fs::read_to_string(remembered_team_file(&local)).unwrap();
    assert!(!file.contains("pw-"), "{file}");
    assert!(!file.contains("password_in_keyring"), "{file}");
    // A password kept in the keyring for this address earlier stays noted as
    // kept when the user connects again without asking (Disconnect removes it);
    // for another address it is not.
    remember_team(&local, Some(&t.url(&wang)), true).unwrap();
    workspace
        .connect_with(&local, &t.url(&wang), Some(&format!("pw-{wang}")), false)
        .unwrap();
    let file = std::fs::read_to_string(remembered_team_file(&local)).unwrap();
    assert_contains(&file, "\"password_in_keyring\": true");
    remember_team(&local, Some("postgres://other@127.0.0.1:1/assay"), true).unwrap();
    workspace
        .connect_with(&local, &t.url(&wang), Some(&format!("pw-{wang}")), false)
        .unwrap();
    let file = std::fs::read_to_string(remembered_team_file(&local)).unwrap();
    assert!(!file.contains("password_in_keyring"), "{file}");

    // At the next start a remembered database that cannot be reached: the
    // local database is shown, saying why, and the address stays remembered.
    remember_team(&local, Some("postgres://wang@127.0.0.1:1/assay"), false).unwrap();
    let (mut reopened, problem) = Workspace::open_for_app(&local).unwrap();
    assert!(reopened.team().is_none());
    let problem = problem.expect("the reason is given");
    assert_contains(&problem.en, "Could not open the team database remembered from last time (postgres://wang@127.0.0.1:1/assay)");
    assert_eq!(
        reopened
            .team_state(Some(&local), Some(problem))
            .remembered
            .as_deref(),
        Some("postgres://wang@127.0.0.1:1/assay")
    );

    // A damaged file is named with its place; the local database is shown.
    std::fs::write(remembered_team_file(&local), "{\"address\": 12").unwrap();
    let (_, problem) = Workspace::open_for_app(&local).unwrap();
    let problem = problem.expect("the file's problem is given");
    assert_contains(&problem.en, "team-database.json:1:");

    // Disconnecting forgets it and shows the local database (with its samples).
    assert_eq!(workspace.disconnect(&local).unwrap(), None);
    assert!(workspace.team().is_none());
    assert!(!remembered_team_file(&local).exists());
    assert!(!workspace.store().list_evaluations().unwrap().is_empty());
}

/// The app's workspace on the team database as `user` (what the shell holds).
fn team_workspace(t: &TeamTest, user: &str) -> assay::app::workspace::Workspace {
    assay::app::workspace::Workspace::Team(
        assay::app::team_session::TeamSession::open_with(&t.url(user), Some(&format!("pw-{user}")))
            .unwrap(),
    )
}

/// Adds vendor `name` to evaluation `id` through the app's workspace; the
/// vendors as the screen lists them then.
fn add_vendor_in(
    ws: &mut assay::app::workspace::Workspace,
    id: i64,
    name: &str,
    notes: &str,
) -> Result<Vec<assay::app::VendorSummary>, assay::app::StoreError> {
    ws.change(
        id,
        |s| assay::app::add_vendor(s, id, &vendor_edit(name, notes)),
        |_, ws| assay::app::vendor_list(ws.store(), id),
    )
}

/// A vendor edit of `name` with `notes`.
fn vendor_edit(name: &str, notes: &str) -> assay::app::VendorEdit {
    assay::app::VendorEdit {
        name: name.to_string(),
        product: None,
        deployment: None,
        notes: Some(notes.to_string()),
    }
}

#[test]
fn the_app_changes_vendors_evidence_and_details_in_the_team_database_as_it_does_locally() {
    use assay::app::{self, ErrorCode};
    let t = TeamTest::migrated("changes");
    let TeamOfThree {
        id,
        wang,
        zhang,
        viewer,
        ..
    } = team_of_three(&t);
    let mut su = t.superuser(&t.db);
    let mut wangs = team_workspace(&t, &wang);

    // Wang adds a vendor: it is in the team database under the id the
    // screen lists, with an audit row the database says Wang wrote.
    let listed = add_vendor_in(&mut wangs, id, "Wire", "Swiss").unwrap();
    let wire = listed.iter().find(|v| v.name == "Wire").unwrap().id;
    let stored: (i64, String) = {
        let row = su
            .query_one(
                "SELECT id, notes FROM assay.vendor WHERE evaluation_id = $1 AND name = 'Wire'",
                &[&id],
            )
            .unwrap();
        (row.get(0), row.get(1))
    };
    assert_eq!(stored, (wire, "Swiss".to_string()));
    let audit: (String, String) = {
        let row = su
            .query_one(
                "SELECT who, action FROM assay.audit_log WHERE evaluation_id = $1 AND entity = 'vendor'
                  AND vendor_name = 'Wire'",
                &[&id],
            )
            .unwrap();
        (row.get(0), row.get(1))
    };
    assert_eq!(audit, (wang.clone(), "create".to_string()));

    // An answer, then evidence with a file: the file is in the team
    // database, and Zhang — another computer — opens it.
    wangs
        .save_answer(wire, &number_edit("IRV-01", 24.0))
        .unwrap();
    let letter = t.dir.path().join("pentest-letter.pdf");
    std::fs::write(&letter, b"%PDF-1.4 pentest letter of Wire").unwrap();
    let evidence: app::EvidenceEdit =
        serde_json::from_value(serde_json::json!({"kind": "pentest_letter", "issuer": "NCC"}))
            .unwrap();
    let form = wangs
        .change_vendor(
            wire,
            |s| app::add_evidence_and_file(s, wire, "IRV-01", &evidence, &letter),
            |_, ws| ws.form(wire),
        )
        .unwrap();
    let question = form
        .sections
        .iter()
        .flat_map(|s| &s.questions)
        .find(|q| q.id == "IRV-01")
        .unwrap();
    assert!(
        question.revision.is_some(),
        "the form is the team's: {question:?}"
    );
    let sha: String = su
        .query_one(
            "SELECT e.file_sha256 FROM assay.evidence e JOIN assay.answer a ON a.id = e.answer_id
              WHERE a.vendor_id = $1 AND a.question = 'IRV-01'",
            &[&wire],
        )
        .unwrap()
        .get(0);
    let mut zhangs = team_workspace(&t, &zhang);
    let opened = app::attachment_copy(zhangs.store(), &sha, &t.dir.path().join("open")).unwrap();
    assert_eq!(
        std::fs::read(opened).unwrap(),
        b"%PDF-1.4 pentest letter of Wire"
    );

    // Wang changes the answer; Zhang, still shown the old one, saves his:
    // refused. He keeps Wang's and adds his own to its comment instead.
    wangs
        .save_answer(wire, &number_edit("IRV-01", 36.0))
        .unwrap();
    let mut mine = number_edit("IRV-01", 72.0);
    mine.comment = Some("our SLA asks for 24 h".into());
    let e = zhangs.save_answer(wire, &mine).unwrap_err();
    assert_eq!(ErrorCode::of(&e), ErrorCode::Conflict);
    zhangs
        .keep_theirs_with_comment(wire, &mine, assay::Lang::En)
        .unwrap();
    let (value, comment): (String, String) = {
        let row = su
            .query_one(
                "SELECT value, comment FROM assay.answer WHERE vendor_id = $1 AND question = 'IRV-01'",
                &[&wire],
            )
            .unwrap();
        (row.get(0), row.get(1))
    };
    assert_eq!(value.parse::<f64>().unwrap(), 36.0, "theirs is kept");
    assert_contains(&comment, &format!("{zhang} proposed 72"));
    assert_contains(&comment, "our SLA asks for 24 h");

    // The evaluation's details.
    let edit: app::evaluations::DetailsEdit =
        serde_json::from_value(serde_json::json!({"name": "Tender 2027"})).unwrap();
    let summary = wangs
        .change(
            id,
            |s| app::evaluations::edit_details(s, id, &edit),
            |_, ws| Ok(app::EvaluationSummary::from(&ws.store().evaluation(id)?)),
        )
        .unwrap();
    assert_eq!(summary.name, "Tender 2027");
    let name: String = su
        .query_one("SELECT name FROM assay.evaluation WHERE id = $1", &[&id])
        .unwrap()
        .get(0);
    assert_eq!(name, "Tender 2027");

    // Two people, one vendor: Zhang's screen still shows the notes as they
    // were; Wang changes them; Zhang's change made on what Zhang saw is
    // refused, saying so, and Wang's is kept.
    wangs
        .change_vendor(
            wire,
            |s| app::update_vendor(s, wire, &vendor_edit("Wire", "Swiss, on-premises offered")),
            |_, ws| app::vendor_list(ws.store(), id),
        )
        .unwrap();
    let e = zhangs
        .change_vendor(
            wire,
            |s| app::update_vendor(s, wire, &vendor_edit("Wire", "Swiss; German hosting")),
            |_, ws| app::vendor_list(ws.store(), id),
        )
        .unwrap_err();
    assert_eq!(ErrorCode::of(&e), ErrorCode::Conflict);
    assert_contains(
        &e.text().en,
        "not saved: vendor Wire was changed by someone else since you read it",
    );
    let notes = |su: &mut Client| -> String {
        su.query_one("SELECT notes FROM assay.vendor WHERE id = $1", &[&wire])
            .unwrap()
            .get(0)
    };
    assert_eq!(notes(&mut su), "Swiss, on-premises offered");
    // Refused, Zhang's copy was read again: now Zhang sees Wang's, and a
    // change made on it is saved.
    assert_eq!(
        zhangs.store().vendor(wire).unwrap().notes,
        "Swiss, on-premises offered"
    );
    zhangs
        .change_vendor(
            wire,
            |s| app::update_vendor(s, wire, &vendor_edit("Wire", "Swiss; German hosting")),
            |_, ws| app::vendor_list(ws.store(), id),
        )
        .unwrap();
    assert_eq!(notes(&mut su), "Swiss; German hosting");

    // A viewer's change is refused by the database, nothing written.
    let mut veras = team_workspace(&t, &viewer);
    let rename: app::evaluations::DetailsEdit =
        serde_json::from_value(serde_json::json!({"name": "Vera's"})).unwrap();
    let e = veras
        .change(
            id,
            |s| app::evaluations::edit_details(s, id, &rename),
            |done, _| Ok(done),
        )
        .unwrap_err();
    assert_contains(
        &e.text().en,
        &format!("{viewer} may not change evaluation {id}"),
    );
    let e = add_vendor_in(&mut veras, id, "Zoom", "").unwrap_err();
    assert_contains(
        &e.text().en,
        &format!("{viewer} may not change evaluation {id}"),
    );
    let zooms: i64 = su
        .query_one("SELECT count(*) FROM assay.vendor WHERE name = 'Zoom'", &[])
        .unwrap()
        .get(0);
    assert_eq!(zooms, 0);

    // Removing the vendor removes its answers and evidence with it; deleting
    // the evaluation is an administrator's, refused to Wang with the reason.
    let left = wangs
        .change_vendor(
            wire,
            |s| app::remove_vendor(s, wire),
            |_, ws| app::vendor_list(ws.store(), id),
        )
        .unwrap();
    assert!(left.iter().all(|v| v.name != "Wire"));
    let answers: i64 = su
        .query_one(
            "SELECT count(*) FROM assay.answer WHERE vendor_id = $1",
            &[&wire],
        )
        .unwrap()
        .get(0);
    assert_eq!(answers, 0);
    let e = wangs
        .change(id, |s| s.delete_evaluation(id), |done, _| Ok(done))
        .unwrap_err();
    assert_contains(
        &e.text().en,
        &format!("{wang} may not delete evaluation {id} from the team database"),
    );
    assert!(wangs.store().evaluation(id).is_ok(), "still there");

    // A new evaluation is created in the team database, Wang its member.
    let created = wangs
        .create_evaluation(Some(id), |s| s.duplicate_evaluation(id, "Tender copy"))
        .unwrap();
    let (name, members): (String, i64) = {
        let row = su
            .query_one(
                "SELECT e.name, (SELECT count(*) FROM assay.evaluation_member m
                   WHERE m.evaluation_id = e.id AND m.member = $2)
                 FROM assay.evaluation e WHERE e.id = $1",
                &[&created.id, &wang],
            )
            .unwrap();
        (row.get(0), row.get(1))
    };
    assert_eq!((name.as_str(), members), ("Tender copy", 1));
    assert!(wangs.store().evaluation(created.id).is_ok(), "listed");

    // And one made from scratch in the "New evaluation" form.
    let edit = app::EvaluationEdit {
        name: "Tender 2028".into(),
        profiles: vec!["GLOBAL".into()],
        questionnaire: "assay-im-security".into(),
        as_of: "2028-01-15".into(),
        ..app::EvaluationEdit::default()
    };
    let library = app::LoadedQuestionnaires::default();
    let fresh = wangs
        .create_evaluation(None, |s| Ok(app::create_evaluation(s, &library, &edit)?.id))
        .unwrap();
    assert_eq!(fresh.name, "Tender 2028");
    let stored: String = su
        .query_one(
            "SELECT e.name FROM assay.evaluation e JOIN assay.evaluation_member m
               ON m.evaluation_id = e.id WHERE e.id = $1 AND m.member = $2",
            &[&fresh.id, &wang],
        )
        .unwrap()
        .get(0);
    assert_eq!(stored, "Tender 2028");
    let listed = add_vendor_in(&mut wangs, fresh.id, "Slack", "").unwrap();
    assert_eq!(listed.len(), 1, "a member changes it at once");
}

#[test]
fn a_change_that_meets_someone_elses_is_written_whole_or_not_at_all() {
    let t = TeamTest::migrated("whole");
    let wang = t.user_with_role("wang", "evaluator");
    let viewer = t.user_with_role("vera", "viewer");
    let (team_id, vendor) = push_tender(&t, &wang, &viewer);
    let id: i64 = team_id.parse().unwrap();
    let mut su = t.superuser(&t.db);
    let name = |su: &mut Client| -> String {
        su.query_one("SELECT name FROM assay.evaluation WHERE id = $1", &[&id])
            .unwrap()
            .get(0)
    };

    // Wang's change renames the evaluation and changes a vendor's notes;
    // while it runs (after its snapshot was read) someone changes those
    // notes in the database. Nothing of Wang's change is written.
    let url = format!("postgres://{wang}@127.0.0.1:{}/{}", t.cluster.port, t.db);
    let mut db = TeamDb::open_with(&url, Some(&format!("pw-{wang}"))).unwrap();
    let e = assay::app::team::change_on(&mut db, id, |store| {
        let v = store
            .vendors(id)?
            .into_iter()
            .find(|v| v.name == vendor)
            .unwrap();
        t.superuser(&t.db)
            .execute(
                "UPDATE assay.vendor SET notes = 'theirs' WHERE id = $1",
                &[&v.id],
            )
            .unwrap();
        let edit: assay::app::evaluations::DetailsEdit =
            serde_json::from_value(serde_json::json!({"name": "Renamed"})).unwrap();
        assay::app::evaluations::edit_details(store, id, &edit)?;
        assay::app::update_vendor(store, v.id, &vendor_edit(&vendor, "mine"))?;
        Ok(())
    })
    .unwrap_err();
    assert_eq!(
        assay::app::ErrorCode::of(&e),
        assay::app::ErrorCode::Conflict
    );
    assert_contains(
        &e.text().en,
        &format!("vendor {vendor} was changed or removed by someone else since it was read"),
    );
    assert_eq!(name(&mut su), "Tender", "not half-written");
    let notes: String = su
        .query_one(
            "SELECT notes FROM assay.vendor WHERE evaluation_id = $1 AND name = $2",
            &[&id, &vendor],
        )
        .unwrap()
        .get(0);
    assert_eq!(notes, "theirs", "theirs is kept");

    // Deleting asks first: with no one to answer, nothing is deleted; a
    // member who is not an administrator is refused by name; an
    // administrator's confirmed delete removes it.
    let admin = t.user_with_role("root", "admin");
    let (code, _, err) = t.assay(&admin, &["evaluation", "delete", &team_id]);
    assert_eq!(code, 1);
    assert_contains(&err, "--yes");
    assert_eq!(name(&mut su), "Tender", "still there");
    let (code, _, err) = t.assay(&wang, &["evaluation", "delete", &team_id, "--yes"]);
    assert_eq!(code, 1);
    assert_contains(&err, "an administrator deletes evaluations");
    let (code, out, err) = t.assay(&admin, &["evaluation", "delete", &team_id, "--yes"]);
    assert_eq!(code, 0, "{err}");
    assert_contains(&out, &format!("deleted evaluation {team_id} (Tender)"));
    let left: i64 = su
        .query_one(
            "SELECT count(*) FROM assay.evaluation WHERE id = $1",
            &[&id],
        )
        .unwrap()
        .get(0);
    assert_eq!(left, 0);
}

/// A view as JSON without what differs between two databases by design:
/// ids, times, authors and team revisions.
fn without_ids_and_times(v: serde_json::Value) -> serde_json::Value {
    use serde_json::Value;
    const DROPPED: &[&str] = &[
        "id",
        "evaluation_id",
        "vendor_id",
        "created_at",
        "updated_at",
        "at",
        "who",
        "updated_by",
        "revision",
    ];
    match v {
        Value::Object(map) => Value::Object(
            map.into_iter()
                .filter(|(k, _)| !DROPPED.contains(&k.as_str()))
                .map(|(k, v)| (k, without_ids_and_times(v)))
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.into_iter().map(without_ids_and_times).collect()),
        other => other,
    }
}

/// A certificate as the evidence form sends it.
fn certificate(
    identifier: &str,
    issuer: &str,
    issued: &str,
    expires: &str,
) -> assay::app::EvidenceEdit {
    serde_json::from_value(serde_json::json!({
        "kind": "certificate", "identifier": identifier, "issuer": issuer,
        "issued": issued, "expires": expires
    }))
    .unwrap()
}

/// One user's session of work on evaluation `id` through the app's
/// workspace — every kind of change the screens make — and what it leaves:
/// the comparison, every vendor's form and the audit trail, as JSON
/// without ids, times and authors.
fn a_session_of_work(
    ws: &mut assay::app::workspace::Workspace,
    id: i64,
) -> Vec<(String, serde_json::Value)> {
    use assay::app::{self, negotiation, AnswerEdit};
    let by_name = |ws: &mut assay::app::workspace::Workspace, name: &str| {
        ws.store()
            .vendors(id)
            .unwrap()
            .into_iter()
            .find(|v| v.name == name)
            .unwrap_or_else(|| panic!("no vendor {name}"))
            .id
    };
    let first = ws.store().vendors(id).unwrap()[0].name.clone();
    let second = ws.store().vendors(id).unwrap()[1].name.clone();

    add_vendor_in(ws, id, "Wire", "Swiss").unwrap();
    let wire = by_name(ws, "Wire");
    let answers: [(&str, serde_json::Value); 3] = [
        (
            "IRV-01",
            serde_json::json!({"question": "IRV-01", "value": 24}),
        ),
        (
            "IRV-02",
            serde_json::json!({"question": "IRV-02", "state": "awaiting_vendor"}),
        ),
        (
            "TRN-02",
            serde_json::json!({"question": "TRN-02", "value": "yes", "source": "vendor_stated", "reference": "Security whitepaper §3"}),
        ),
    ];
    for (_, edit) in answers {
        let edit: AnswerEdit = serde_json::from_value(edit).unwrap();
        ws.save_answer(wire, &edit).unwrap();
    }
    // Cleared again ("Clear" on the form).
    let clear: AnswerEdit =
        serde_json::from_value(serde_json::json!({"question": "IRV-02"})).unwrap();
    ws.save_answer(wire, &clear).unwrap();
    assert!(ws.store().answer(wire, "IRV-02").unwrap().is_none());
    let evidence = certificate("ISO-27001-123", "BSI", "2025-01-10", "2028-01-09");
    for _ in 0..2 {
        ws.change_vendor(
            wire,
            |s| app::add_evidence(s, wire, "TRN-02", &evidence),
            |_, ws| ws.form(wire),
        )
        .unwrap();
    }
    ws.change_vendor(
        wire,
        |s| app::remove_evidence(s, wire, "TRN-02", 0),
        |_, ws| ws.form(wire),
    )
    .unwrap();
    ws.change_vendor(
        wire,
        |s| app::mark_section_not_applicable(s, wire, "CRT", "certifications reviewed separately"),
        |marked, _| Ok(marked),
    )
    .unwrap();
    let to = by_name(ws, &second);
    let from = by_name(ws, &first);
    ws.change_vendor(
        to,
        |s| app::update_vendor(s, to, &vendor_edit(&second, "reviewed by procurement")),
        |_, ws| app::vendor_list(ws.store(), id),
    )
    .unwrap();
    let clause = negotiation::negotiation_points(ws.store(), from)
        .unwrap()
        .points[0]
        .clause
        .clone();
    ws.change_vendor(
        from,
        |s| {
            negotiation::decide_negotiation(
                s,
                from,
                &negotiation::NegotiationDecision {
                    clause,
                    status: app::NegotiationStatus::AcceptedRisk,
                    note: "compensating control: DLP".into(),
                },
            )
        },
        |_, ws| negotiation::negotiation_points(ws.store(), from),
    )
    .unwrap();
    let details: app::evaluations::DetailsEdit = serde_json::from_value(
        serde_json::json!({"name": "Tender 2027", "evaluators": ["wang.li", "zhang.min"]}),
    )
    .unwrap();
    ws.change(
        id,
        |s| app::evaluations::edit_details(s, id, &details),
        |done, _| Ok(done),
    )
    .unwrap();
    let sections: Vec<String> = app::comparison_view(&ws.store().comparison(id).unwrap())
        .sections
        .iter()
        .map(|s| s.id.clone())
        .collect();
    let weights: Vec<app::SectionWeight> = sections
        .iter()
        .enumerate()
        .map(|(i, s)| app::SectionWeight {
            section: s.clone(),
            weight: (i + 1) as f64,
        })
        .collect();
    ws.change(
        id,
        |s| app::save_section_weights(s, id, Some(&weights)),
        |done, _| Ok(done),
    )
    .unwrap();
    ws.change(
        id,
        |s| app::save_coverage_threshold(s, id, Some(40.0)),
        |done, _| Ok(done),
    )
    .unwrap();
    let removed = by_name(ws, &second);
    ws.change_vendor(
        removed,
        |s| app::remove_vendor(s, removed),
        |_, ws| app::vendor_list(ws.store(), id),
    )
    .unwrap();

    let json = |v: serde_json::Value| without_ids_and_times(v);
    let mut result = vec![(
        "comparison".to_string(),
        json(
            serde_json::to_value(app::comparison_view(&ws.store().comparison(id).unwrap()))
                .unwrap(),
        ),
    )];
    for v in ws.store().vendors(id).unwrap() {
        let form = ws.form(v.id).unwrap();
        result.push((
            format!("form of {}", v.name),
            json(serde_json::to_value(form).unwrap()),
        ));
    }
    let trail = app::evaluations::audit_trail(ws.store(), id).unwrap();
    result.push((
        "audit trail".to_string(),
        json(serde_json::to_value(trail).unwrap()),
    ));
    result
}

/// What a session of work leaves, step by step: (what, as JSON).
type Outcome = Vec<(String, serde_json::Value)>;

/// Runs `work` on the same evaluation — the Tender, pushed by Wang — in a
/// local file and in the team database, through the app's workspace, and
/// requires the same outcome from both, step by step: one set of store tests,
/// run against both stores.
fn same_on_a_file_and_the_team(
    name: &str,
    work: fn(&mut assay::app::workspace::Workspace, i64, &Path) -> Outcome,
) {
    use assay::app::workspace::Workspace;
    let t = TeamTest::migrated(name);
    let TeamOfThree { id, wang, .. } = team_of_three(&t);
    // The same evaluation in a local file: the bundle pushed to the team.
    let mut local =
        Workspace::Local(assay::app::Store::open(&t.dir.path().join("local.db")).unwrap());
    let local_id =
        assay::app::evaluations::import_bundle(local.store(), &t.dir.path().join("tender.assay"))
            .unwrap();
    let mut team = team_workspace(&t, &wang);

    let on_file = work(&mut local, local_id, t.dir.path());
    let on_team = work(&mut team, id, t.dir.path());
    assert_eq!(on_file.len(), on_team.len());
    for ((what, file), (_, team)) in on_file.iter().zip(&on_team) {
        if let Some(difference) = first_difference(file, team, "") {
            panic!("{what} differs between the file and the team database: {difference}");
        }
    }
}

/// Where two JSON values first differ: the path, and both values there.
fn first_difference(a: &serde_json::Value, b: &serde_json::Value, at: &str) -> Option<String> {
    use serde_json::Value;
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            let keys: std::collections::BTreeSet<&String> = x.keys().chain(y.keys()).collect();
            keys.into_iter().find_map(|k| {
                let (u, v) = (
                    x.get(k).unwrap_or(&Value::Null),
                    y.get(k).unwrap_or(&Value::Null),
                );
                first_difference(u, v, &format!("{at}.{k}"))
            })
        }
        (Value::Array(x), Value::Array(y)) if x.len() == y.len() => x
            .iter()
            .zip(y)
            .enumerate()
            .find_map(|(i, (u, v))| first_difference(u, v, &format!("{at}[{i}]"))),
        _ if a == b => None,
        _ => {
            let short = |v: &Value| v.to_string().chars().take(300).collect::<String>();
            Some(format!("at {at}: file {} / team {}", short(a), short(b)))
        }
    }
}

#[test]
fn the_same_work_gives_the_same_evaluation_in_a_local_file_and_in_the_team_database() {
    same_on_a_file_and_the_team("same", |ws, id, _| a_session_of_work(ws, id));
}

/// An action's outcome as JSON: what it returned (without ids and times), or
/// its refusal — the code the app branches on and the sentence in both
/// languages.
fn outcome<T: serde::Serialize>(r: Result<T, assay::app::StoreError>) -> serde_json::Value {
    match r {
        Ok(v) => {
            serde_json::json!({"accepted": without_ids_and_times(serde_json::to_value(v).unwrap())})
        }
        Err(e) => {
            let text = e.text();
            serde_json::json!({
                "refused": assay::app::ErrorCode::of(&e),
                "en": text.en,
                "zh-CN": text.zh_cn,
            })
        }
    }
}

/// The comparison, every vendor's form and the audit trail, as JSON without
/// ids and times.
fn everything_shown(ws: &mut assay::app::workspace::Workspace, id: i64) -> serde_json::Value {
    use assay::app;
    let comparison = app::comparison_view(&ws.store().comparison(id).unwrap());
    let mut forms = Vec::new();
    for v in ws.store().vendors(id).unwrap() {
        forms.push(ws.form(v.id).unwrap());
    }
    let trail = app::evaluations::audit_trail(ws.store(), id).unwrap();
    without_ids_and_times(serde_json::json!({
        "comparison": comparison, "forms": forms, "audit trail": trail,
    }))
}

/// Mistakes a user makes on every kind of change: each refused, with the
/// same code and the same words from either store, and nothing written.
fn mistakes(ws: &mut assay::app::workspace::Workspace, id: i64, _: &Path) -> Outcome {
    use assay::app::{self, AnswerEdit};
    let before = everything_shown(ws, id);
    let vendors = ws.store().vendors(id).unwrap();
    let (first, second) = (vendors[0].clone(), vendors[1].clone());
    let mut out = Vec::new();
    let edit = |json: serde_json::Value| -> AnswerEdit { serde_json::from_value(json).unwrap() };
    for (what, answer) in [
        (
            "an option the question does not have",
            serde_json::json!({"question": "TRN-02", "value": "maybe"}),
        ),
        (
            "a question the questionnaire does not have",
            serde_json::json!({"question": "NOPE-99", "value": "yes"}),
        ),
        (
            "a word for a number",
            serde_json::json!({"question": "IRV-01", "value": "about a day"}),
        ),
    ] {
        out.push((
            what.to_string(),
            outcome(ws.save_answer(first.id, &edit(answer))),
        ));
    }
    let blank = vendor_edit("   ", "");
    let taken = vendor_edit(&second.name, "");
    for (what, vendor) in [
        ("a vendor without a name", &blank),
        ("a vendor's name twice", &taken),
    ] {
        out.push((
            format!("added: {what}"),
            outcome(ws.change(id, |s| app::add_vendor(s, id, vendor), |v, _| Ok(v))),
        ));
    }
    out.push((
        "renamed to another vendor's name".into(),
        outcome(ws.change_vendor(
            first.id,
            |s| app::update_vendor(s, first.id, &taken),
            |v, _| Ok(v),
        )),
    ));
    let backwards = certificate("ISO-27001-123", "BSI", "2028-01-10", "2025-01-09");
    out.push((
        "evidence that expires before it was issued".into(),
        outcome(ws.change_vendor(
            first.id,
            |s| app::add_evidence(s, first.id, "TRN-02", &backwards),
            |v, _| Ok(v),
        )),
    ));
    out.push((
        "evidence that is not there removed".into(),
        outcome(ws.change_vendor(
            first.id,
            |s| app::remove_evidence(s, first.id, "TRN-02", 99),
            |v, _| Ok(v),
        )),
    ));
    for (what, section, reason) in [
        ("a section that does not exist", "XYZ", "not used"),
        ("a section without a reason", "CRT", "  "),
    ] {
        out.push((
            format!("not applicable: {what}"),
            outcome(ws.change_vendor(
                first.id,
                |s| app::mark_section_not_applicable(s, first.id, section, reason),
                |v, _| Ok(v),
            )),
        ));
    }
    let unnamed: app::evaluations::DetailsEdit =
        serde_json::from_value(serde_json::json!({"name": "  "})).unwrap();
    out.push((
        "an evaluation without a name".into(),
        outcome(ws.change(
            id,
            |s| app::evaluations::edit_details(s, id, &unnamed),
            |v, _| Ok(v),
        )),
    ));
    let negative = vec![app::SectionWeight {
        section: "CRT".into(),
        weight: -1.0,
    }];
    out.push((
        "a negative section weight".into(),
        outcome(ws.change(
            id,
            |s| app::save_section_weights(s, id, Some(&negative)),
            |v, _| Ok(v),
        )),
    ));
    out.push((
        "a coverage threshold above 100 %".into(),
        outcome(ws.change(
            id,
            |s| app::save_coverage_threshold(s, id, Some(150.0)),
            |v, _| Ok(v),
        )),
    ));
    for (what, refusal) in &out {
        assert!(
            refusal.get("refused").is_some() && refusal["en"] != refusal["zh-CN"],
            "{what} was not refused in both languages: {refusal}"
        );
    }
    assert_eq!(
        everything_shown(ws, id),
        before,
        "a refused change wrote something"
    );
    out
}

#[test]
fn the_same_mistakes_are_refused_with_the_same_words_by_a_local_file_and_the_team_database() {
    same_on_a_file_and_the_team("mistakes", mistakes);
}

/// The changes of many answers at once: answers copied from another
/// evaluation, a filled workbook imported, evidence with its file.
fn work_in_bulk(ws: &mut assay::app::workspace::Workspace, id: i64, dir: &Path) -> Outcome {
    use assay::app;
    let mut out = Vec::new();
    let copy = ws
        .create_evaluation(Some(id), |s| {
            s.duplicate_evaluation(id, "Tender, last year")
        })
        .unwrap()
        .id;
    let source = ws.store().vendors(copy).unwrap()[0].id;
    add_vendor_in(ws, id, "Threema", "Swiss").unwrap();
    let threema = ws
        .store()
        .vendors(id)
        .unwrap()
        .into_iter()
        .find(|v| v.name == "Threema")
        .unwrap()
        .id;
    out.push((
        "what copying would do".into(),
        outcome(app::plan_copy_answers(ws.store(), source, threema)),
    ));
    out.push((
        "answers copied from last year's evaluation".into(),
        outcome(ws.change_reading(
            id,
            &[copy],
            |s| app::copy_answers(s, source, threema),
            |c, _| Ok(c),
        )),
    ));
    let scan = dir.join("iso-27001.pdf");
    std::fs::write(&scan, b"%PDF-1.4 certificate of Threema").unwrap();
    let evidence = certificate("ISO-27001-777", "SGS", "2025-03-01", "2028-02-28");
    out.push((
        "evidence with its file".into(),
        outcome(ws.change_vendor(
            threema,
            |s| app::add_evidence_and_file(s, threema, "TRN-02", &evidence, &scan),
            |_, ws| ws.form(threema),
        )),
    ));
    // One workbook for both stores (a new export would carry another time).
    let workbook = dir.join("signal.xlsx");
    if !workbook.exists() {
        let q = ws.store().questionnaire(id).unwrap();
        let blank = assay::workbook::export_blank(&q, assay::workbook::WbLang::En).unwrap();
        let fill = assay::workbook::fixtures::fill_all(&q).0;
        std::fs::write(&workbook, assay::workbook::fixtures::rewrite(&blank, &fill)).unwrap();
    }
    let filled = std::fs::read(&workbook).unwrap();
    let today = chrono::NaiveDate::from_ymd_opt(2026, 12, 1).unwrap();
    out.push((
        "a filled workbook imported as a new vendor".into(),
        outcome(ws.change(
            id,
            |s| {
                let plan = app::workbook_import::plan_import(
                    s,
                    id,
                    "Signal",
                    "signal.xlsx",
                    &filled,
                    today,
                )?;
                app::workbook_import::apply_import(s, &plan)
            },
            |v, _| Ok(v),
        )),
    ));
    for (what, result) in &out {
        assert!(result.get("accepted").is_some(), "{what}: {result}");
    }
    let shown = everything_shown(ws, id);
    assert_eq!(
        shown["comparison"]["vendors"].as_array().map(Vec::len),
        Some(ws.store().vendors(id).unwrap().len())
    );
    out.push(("the evaluation afterwards".into(), shown));
    out
}

#[test]
fn answers_copied_imported_and_filed_in_bulk_give_the_same_evaluation_on_a_file_and_the_team_database(
) {
    same_on_a_file_and_the_team("bulk", work_in_bulk);
}

#[test]
fn an_evaluation_assay_cannot_read_is_named_with_why_and_does_not_hide_the_others() {
    use assay::app::team_session::TeamSession;
    let t = TeamTest::migrated("unreadable");
    let TeamOfThree { id, wang, .. } = team_of_three(&t);
    // Written by hand with psql: an evaluation without its questionnaire.
    let mut su = t.superuser(&t.db);
    let bare: i64 = su
        .query_one(
            "INSERT INTO assay.evaluation (name, as_of, questionnaire_id, questionnaire_version, created_at, updated_at)
             VALUES ('Typed in by hand', '2026-12-01', 'q', '1', 'now', 'now') RETURNING id",
            &[],
        )
        .unwrap()
        .get(0);
    let mut wangs = TeamSession::open_with(&t.url(&wang), Some(&format!("pw-{wang}"))).unwrap();
    let listed = |s: &mut TeamSession| -> Vec<i64> {
        s.store()
            .list_evaluations()
            .unwrap()
            .iter()
            .map(|e| e.id)
            .collect()
    };
    assert_eq!(listed(&mut wangs), vec![id], "the readable one is shown");
    let unreadable = wangs.view().unreadable;
    assert_eq!(unreadable.len(), 1);
    assert_eq!(
        (unreadable[0].evaluation, unreadable[0].name.as_str()),
        (bare, "Typed in by hand")
    );
    assert_contains(
        &unreadable[0].why.en,
        "has no questionnaire in the team database",
    );
    assert_contains(&unreadable[0].why.zh_cn, "没有问卷");
    // Read again on its own (a change notice for it): still named, still not shown.
    wangs.refresh_evaluation(bare).unwrap();
    assert_eq!(wangs.view().unreadable.len(), 1);
    assert_eq!(listed(&mut wangs), vec![id]);
    // Once an administrator has removed it, it is no longer named.
    su.execute("DELETE FROM assay.evaluation WHERE id = $1", &[&bare])
        .unwrap();
    wangs.refresh_evaluation(bare).unwrap();
    assert!(wangs.view().unreadable.is_empty());
    assert_eq!(listed(&mut wangs), vec![id]);
}

#[test]
fn the_apps_copy_reads_again_only_the_evaluation_that_changed() {
    use assay::app::team_session::TeamSession;
    let t = TeamTest::migrated("recopy");
    let TeamOfThree {
        team_id,
        id,
        wang,
        zhang,
        ..
    } = team_of_three(&t);
    let mut zhangs = TeamSession::open_with(&t.url(&zhang), Some(&format!("pw-{zhang}"))).unwrap();
    let mut wangs = team_workspace(&t, &wang);
    let copy = wangs
        .create_evaluation(Some(id), |s| s.duplicate_evaluation(id, "Tender copy"))
        .unwrap()
        .id;
    let mut su = t.superuser(&t.db);
    su.execute(
        "UPDATE assay.evaluation SET name = 'Tender (renamed)' WHERE id = $1",
        &[&id],
    )
    .unwrap();
    let name_in = |s: &mut TeamSession, e: i64| s.store().evaluation(e).map(|e| e.name);

    // The notice for the new evaluation reads it alone: the other one is
    // shown as it was read, until its own notice.
    assert!(name_in(&mut zhangs, copy).is_err(), "not read yet");
    zhangs.refresh_evaluation(copy).unwrap();
    assert_eq!(name_in(&mut zhangs, copy).unwrap(), "Tender copy");
    assert_eq!(name_in(&mut zhangs, id).unwrap(), "Tender");
    zhangs.refresh_evaluation(id).unwrap();
    assert_eq!(name_in(&mut zhangs, id).unwrap(), "Tender (renamed)");
    // Read twice, its history is there once.
    let trail = |s: &mut TeamSession, e: i64| {
        assay::app::evaluations::audit_trail(s.store(), e)
            .unwrap()
            .len()
    };
    let once = trail(&mut zhangs, id);
    zhangs.refresh_evaluation(id).unwrap();
    assert_eq!(trail(&mut zhangs, id), once);
    // Still a read-only copy: a write to it is refused by SQLite.
    assert!(zhangs.store().delete_evaluation(id).is_err());
    // Zhang is not a member of the copy Wang made: read-only, with the reason.
    assert!(zhangs.store().evaluation(copy).unwrap().read_only);
    assert!(zhangs.view().read_only.iter().any(|r| r.evaluation == copy));

    // Deleted by an administrator: gone from the copy, with its history.
    let admin = t.user_with_role("root", "admin");
    let (code, _, err) = t.assay(
        &admin,
        &["evaluation", "delete", &copy.to_string(), "--yes"],
    );
    assert_eq!(code, 0, "{err}");
    zhangs.refresh_evaluation(copy).unwrap();
    assert!(name_in(&mut zhangs, copy).is_err());
    assert_eq!(trail(&mut zhangs, copy), 0);
    assert_eq!(name_in(&mut zhangs, id).unwrap(), "Tender (renamed)");
    let _ = team_id;
}

/// A Secret Service of the test's own, as a desktop session has one: a D-Bus
/// session bus and an unlocked GNOME Keyring keeping its files in a temporary
/// home. Both stop when it is dropped.
struct SecretService {
    bus: String,
    dbus: u32,
    keyring: std::process::Child,
    home: tempfile::TempDir,
}

impl SecretService {
    fn start() -> SecretService {
        let home = tempfile::tempdir().unwrap();
        let out = Command::new("dbus-daemon")
            .args(["--session", "--fork", "--print-address=1", "--print-pid=1"])
            .output()
            .expect("dbus-daemon (scripts/setup installs dbus and gnome-keyring)");
        let printed = String::from_utf8_lossy(&out.stdout).into_owned();
        let mut lines = printed.lines();
        let bus = lines.next().expect("the bus address").to_string();
        let dbus = lines
            .next()
            .and_then(|p| p.trim().parse().ok())
            .expect("the bus's pid");
        let mut keyring = Command::new("gnome-keyring-daemon")
            .args(["--foreground", "--unlock", "--components=secrets"])
            .env("DBUS_SESSION_BUS_ADDRESS", &bus)
            .env("HOME", home.path())
            .env("XDG_DATA_HOME", home.path().join("data"))
            .env("XDG_RUNTIME_DIR", home.path())
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("gnome-keyring-daemon (scripts/setup installs it)");
        // The password that creates and unlocks the login keyring, then EOF.
        use std::io::Write;
        keyring
            .stdin
            .take()
            .unwrap()
            .write_all(b"keyring-unlock")
            .unwrap();
        let service = SecretService {
            bus,
            dbus,
            keyring,
            home,
        };
        for _ in 0..200 {
            let owned = Command::new("dbus-send")
                .args([
                    "--session",
                    "--print-reply",
                    "--dest=org.freedesktop.DBus",
                    "/org/freedesktop/DBus",
                    "org.freedesktop.DBus.NameHasOwner",
                    "string:org.freedesktop.secrets",
                ])
                .env("DBUS_SESSION_BUS_ADDRESS", &service.bus)
                .output()
                .unwrap();
            if String::from_utf8_lossy(&owned.stdout).contains("boolean true") {
                return service;
            }
            std::thread::sleep(std::time::Duration::from_millis(50));
        }
        panic!("gnome-keyring-daemon did not start its Secret Service");
    }
}

impl Drop for SecretService {
    fn drop(&mut self) {
        let _ = self.keyring.kill();
        let _ = self.keyring.wait();
        let _ = Command::new("kill").arg(self.dbus.to_string()).status();
    }
}

/// `assay --db URL ARGS…` as a desktop user would run it: no `PGPASSWORD`
/// unless given, a password file without this user's line, the session bus
/// `bus`; `input` on standard input (an answer to "[y/N]").
fn assay_in_session(
    t: &TeamTest,
    bus: &str,
    url: &str,
    password: Option<&str>,
    input: &str,
    args: &[&str],
) -> (i32, String, String) {
    let mut command = assay_command(url, args);
    command
        .env("PGPASSFILE", t.dir.path().join("no-such-pgpass"))
        .env("DBUS_SESSION_BUS_ADDRESS", bus)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    if let Some(p) = password {
        command.env("PGPASSWORD", p);
    }
    let mut child = command.spawn().unwrap();
    use std::io::Write;
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    exit_and_output(child.wait_with_output().unwrap())
}

/// A team password kept in the system keyring (a real GNOME Keyring on a
/// D-Bus session bus): checked against the server before it is kept, used by
/// every later command with no password file, never written to a file in the
/// clear, removed only when confirmed — and without a keyring, refused saying so.
#[test]
fn a_password_kept_in_the_system_keyring_opens_the_team_database() {
    let t = TeamTest::migrated("keyring");
    let wang = t.user_with_role("wang", "evaluator");
    let url = t.url(&wang);
    let password = format!("pw-{wang}");
    let secrets = SecretService::start();
    let run = |password: Option<&str>, input: &str, args: &[&str]| {
        assay_in_session(&t, &secrets.bus, &url, password, input, args)
    };

    // No password anywhere: the server's request says where one can be kept.
    let (code, _, err) = run(None, "", &["team", "list"]);
    assert_ne!(code, 0);
    assert_contains(&err, "asks for");
    assert_contains(&err, "system keyring");

    // A wrong password is refused by the server and not kept.
    let (code, _, err) = run(Some("not-it"), "", &["team", "password", "remember"]);
    assert_ne!(code, 0, "{err}");
    assert_contains(&err, "refused the password");
    let (code, _, _) = run(None, "", &["team", "list"]);
    assert_ne!(code, 0, "a refused password was kept");

    // The right one is kept, and from then on opens the database.
    let (code, out, err) = run(Some(&password), "", &["team", "password", "remember"]);
    assert_eq!(code, 0, "{err}");
    assert_contains(&out, "kept in the system keyring");
    let (code, out, err) = run(None, "", &["team", "status"]);
    assert_eq!(code, 0, "{err}");
    assert_contains(&out, &wang);
    // The keyring's files hold it encrypted, not in the clear.
    for file in walk(secrets.home.path()) {
        let bytes = std::fs::read(&file).unwrap_or_default();
        assert!(
            !bytes
                .windows(password.len())
                .any(|w| w == password.as_bytes()),
            "{} holds the password in the clear",
            file.display()
        );
    }

    // Removing it asks first; "no" keeps it.
    let (code, _, err) = run(None, "n\n", &["team", "password", "forget"]);
    assert_ne!(code, 0);
    assert_contains(&err, "nothing was changed");
    let (code, _, err) = run(None, "", &["team", "list"]);
    assert_eq!(code, 0, "cancelled, yet the password is gone: {err}");
    let (code, out, err) = run(None, "y\n", &["team", "password", "forget"]);
    assert_eq!(code, 0, "{err}");
    assert_contains(&out, "removed from the system keyring");
    let (code, _, _) = run(None, "", &["team", "list"]);
    assert_ne!(code, 0, "the password still opens the database");
    let (code, out, _) = run(None, "", &["team", "password", "forget", "--yes"]);
    assert_eq!(code, 0);
    assert_contains(&out, "held no password");

    // No keyring in this session: refused, saying so.
    let gone = t.dir.path().join("no-bus");
    let (code, _, err) = assay_in_session(
        &t,
        &format!("unix:path={}", gone.display()),
        &url,
        Some(&password),
        "",
        &["team", "password", "remember"],
    );
    assert_ne!(code, 0);
    assert_contains(&err, "system keyring");
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let path = entry.path();
        if path.is_dir() {
            out.extend(walk(&path));
        } else {
            out.push(path);
        }
    }
    out
}
