//! Negotiation points of a vendor's security schedule (issue 16): listed from
//! the answers, decided (risk accepted with why, resolved with where — the
//! answer then becomes the one the clause settles on, provenance "contract
//! clause" — or reopened), audited in words, carried by bundles and
//! duplicates; refusals say why and write nothing; the command line.

use crate::support::{assay_db, assert_contains};
use assay::answers::AnswerValue;
use assay::app::negotiation::{
    decide_negotiation, negotiation_points, NegotiationDecision, NegotiationPoint, NegotiationView,
};
use assay::app::{self, NegotiationStatus, SourceKind};
use assay::store::Store;

const TIDE: &str = "Tidewhistle Chat (fictional · 虚构)";

/// The point of `view` for `clause`.
fn point<'v>(view: &'v NegotiationView, clause: &str) -> &'v NegotiationPoint {
    view.points.iter().find(|p| p.clause == clause).unwrap()
}

/// An editable copy of the fictional example, and Tidewhistle's vendor id.
fn tender(store: &mut Store) -> (i64, i64) {
    let example = app::evaluations::example(store).unwrap();
    let copy = app::evaluations::duplicate_evaluation(store, example, "Tender").unwrap();
    let vendor = store
        .vendors(copy.id)
        .unwrap()
        .into_iter()
        .find(|v| v.name == TIDE)
        .unwrap();
    (copy.id, vendor.id)
}

fn decide(
    store: &mut Store,
    vendor: i64,
    clause: &str,
    status: NegotiationStatus,
    note: &str,
) -> assay::store::Result<assay::app::negotiation::NegotiationView> {
    decide_negotiation(
        store,
        vendor,
        &NegotiationDecision {
            clause: clause.into(),
            status,
            note: note.into(),
        },
    )
}

#[test]
fn points_are_the_gaps_and_decisions_are_recorded_audited_and_refused_when_incomplete() {
    let mut store = Store::open_in_memory().unwrap();
    let (evaluation, vendor) = tender(&mut store);
    let view = negotiation_points(&mut store, vendor).unwrap();
    let ids: Vec<&str> = view.points.iter().map(|p| p.clause.as_str()).collect();
    // Tidewhistle's 96-hour clause falls short of 24 h; nobody is asked about audit rights.
    assert!(ids.contains(&"incident-notification"), "{ids:?}");
    assert!(ids.contains(&"audit-rights"), "{ids:?}");
    let incident = point(&view, "incident-notification");
    assert_eq!(incident.answer.en, "96 hours");
    assert_eq!(incident.status, NegotiationStatus::Open);
    assert_eq!(incident.settles_with.as_ref().unwrap().en, "24 hours");
    assert!(
        incident.requirement.en.contains("within 24 hours"),
        "{}",
        incident.requirement.en
    );

    // Refused, nothing written: no reason, no place, an unknown clause.
    let before = store.audit_log(evaluation).unwrap().len();
    let err = decide(
        &mut store,
        vendor,
        "audit-rights",
        NegotiationStatus::AcceptedRisk,
        "  ",
    )
    .unwrap_err();
    assert_contains(&err.to_string(), "say why the risk is accepted");
    let err = decide(
        &mut store,
        vendor,
        "incident-notification",
        NegotiationStatus::Resolved,
        "",
    )
    .unwrap_err();
    assert_contains(&err.text().zh_cn, "请说明合同中约定该事项的位置");
    let err = decide(
        &mut store,
        vendor,
        "no-such-clause",
        NegotiationStatus::Open,
        "",
    )
    .unwrap_err();
    assert_contains(&err.to_string(), "its points: incident-notification");
    assert_eq!(store.audit_log(evaluation).unwrap().len(), before);

    // Accepted, with the reason; the History tab says it in words.
    let view = decide(
        &mut store,
        vendor,
        "audit-rights",
        NegotiationStatus::AcceptedRisk,
        "Certificates suffice for this tender",
    )
    .unwrap();
    let audit = point(&view, "audit-rights");
    assert_eq!(audit.status, NegotiationStatus::AcceptedRisk);
    assert_eq!(audit.note, "Certificates suffice for this tender");
    let lines = app::evaluations::audit_lines(&mut store, evaluation).unwrap();
    let line = lines.iter().find(|l| l.entity == "negotiation").unwrap();
    assert_eq!(line.vendor.as_deref(), Some(TIDE));
    let status = line.changes.iter().find(|c| c.field == "status").unwrap();
    assert_eq!(status.new.as_ref().unwrap().en, "risk accepted");
    assert_eq!(status.new.as_ref().unwrap().zh_cn, "接受风险");
    // The DOCX schedule's negotiation table says what was decided.
    let docx =
        app::schedule::security_schedule(&mut store, vendor, assay::workbook::WbLang::En, None)
            .unwrap();
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(docx.bytes)).unwrap();
    let mut xml = String::new();
    std::io::Read::read_to_string(&mut zip.by_name("word/document.xml").unwrap(), &mut xml)
        .unwrap();
    assert_contains(&xml, "risk accepted: Certificates suffice for this tender");
    assert_contains(&xml, "to negotiate");
    // Saving the same decision again writes nothing.
    let rows = store.audit_log(evaluation).unwrap().len();
    decide(
        &mut store,
        vendor,
        "audit-rights",
        NegotiationStatus::AcceptedRisk,
        "Certificates suffice for this tender",
    )
    .unwrap();
    assert_eq!(store.audit_log(evaluation).unwrap().len(), rows);

    // Resolved in the contract: the answer becomes 24 hours, from the contract.
    let view = decide(
        &mut store,
        vendor,
        "incident-notification",
        NegotiationStatus::Resolved,
        "MSA §12.3",
    )
    .unwrap();
    let incident = point(&view, "incident-notification");
    assert!(incident.closed, "the gap is closed");
    assert_eq!(incident.answer.en, "24 hours");
    let set = store.answer_set(evaluation).unwrap();
    let answer = set
        .vendors
        .iter()
        .find(|v| v.name == TIDE)
        .unwrap()
        .answers
        .iter()
        .find(|a| a.question == "IRV-01")
        .unwrap();
    assert_eq!(answer.value, Some(AnswerValue::Number(24.0)));
    let source = answer.provenance.as_ref().unwrap();
    assert_eq!(source.source, SourceKind::ContractClause);
    assert_contains(source.reference.as_deref().unwrap(), "MSA §12.3");
    assert_contains(answer.comment.as_deref().unwrap(), "Before: 96 hours");
    // The comparison now counts it: the must-have on IRV-01 is no longer failed.
    let comparison = app::comparison_view(&store.comparison(evaluation).unwrap());
    let row = comparison.vendors.iter().find(|v| v.name == TIDE).unwrap();
    assert!(
        row.failed_knockouts.iter().all(|f| f.question != "IRV-01"),
        "{:?}",
        row.failed_knockouts
    );
    // Reopened: the decision changes, the answer stays as agreed (history keeps both).
    let view = decide(
        &mut store,
        vendor,
        "incident-notification",
        NegotiationStatus::Open,
        "",
    )
    .unwrap();
    assert_eq!(
        point(&view, "incident-notification").status,
        NegotiationStatus::Open
    );
}

#[test]
fn decisions_travel_with_bundles_and_duplicates_and_samples_refuse_them() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("a.db")).unwrap();
    let (evaluation, vendor) = tender(&mut store);
    decide(
        &mut store,
        vendor,
        "audit-rights",
        NegotiationStatus::AcceptedRisk,
        "ok for now",
    )
    .unwrap();
    let status_of = |store: &mut Store, evaluation: i64| {
        let v = store
            .vendors(evaluation)
            .unwrap()
            .into_iter()
            .find(|v| v.name == TIDE)
            .unwrap();
        let view = negotiation_points(store, v.id).unwrap();
        let p = view
            .points
            .into_iter()
            .find(|p| p.clause == "audit-rights")
            .unwrap();
        (p.status, p.note)
    };
    let bundle = dir.path().join("t.assay");
    app::evaluations::export_bundle(&store, evaluation, &bundle).unwrap();
    let imported = app::evaluations::import_bundle(&mut store, &bundle).unwrap();
    assert_eq!(
        status_of(&mut store, imported),
        (NegotiationStatus::AcceptedRisk, "ok for now".into())
    );
    let copy = app::evaluations::duplicate_evaluation(&mut store, evaluation, "Tender 2").unwrap();
    assert_eq!(
        status_of(&mut store, copy.id),
        (NegotiationStatus::AcceptedRisk, "ok for now".into())
    );
    // The read-only example: listed, not decided.
    let example = app::evaluations::example(&mut store).unwrap();
    let v = store
        .vendors(example)
        .unwrap()
        .into_iter()
        .find(|v| v.name == TIDE)
        .unwrap();
    assert!(!negotiation_points(&mut store, v.id)
        .unwrap()
        .points
        .is_empty());
    let err = decide(
        &mut store,
        v.id,
        "audit-rights",
        NegotiationStatus::AcceptedRisk,
        "x",
    )
    .unwrap_err();
    assert_contains(&err.to_string(), "read-only");
}

#[test]
fn the_command_line_lists_and_decides_points() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("a.db");
    let run = |args: &[&str]| assay_db(&db, args);
    assert_eq!(run(&["example"]).0, 0);
    assert_eq!(
        run(&["evaluation", "duplicate", "1", "--name", "Tender"]).0,
        0
    );
    let (code, out, err) = run(&[
        "vendor",
        "negotiation",
        "--evaluation",
        "2",
        "--vendor",
        TIDE,
    ]);
    assert_eq!(code, 0, "{err}");
    assert_contains(
        &out,
        "[incident-notification] Notification of security incidents (IRV-01): TO NEGOTIATE",
    );
    assert_contains(&out, "the vendor's answer: 96 hours");
    let (code, out, _) = run(&[
        "vendor",
        "negotiation",
        "--evaluation",
        "2",
        "--vendor",
        TIDE,
        "--lang",
        "zh-CN",
    ]);
    assert_eq!(code, 0);
    assert_contains(&out, "安全事件通知 (IRV-01): 待协商");
    let (code, out, err) = run(&[
        "vendor",
        "negotiate",
        "--evaluation",
        "2",
        "--vendor",
        TIDE,
        "--clause",
        "incident-notification",
        "--resolved",
        "MSA §12.3",
    ]);
    assert_eq!(code, 0, "{err}");
    assert_contains(&out, "RESOLVED IN THE CONTRACT");
    assert_contains(&out, "the vendor's answer: 24 hours");
    // One decision at a time, and each needs its words.
    let (code, _, err) = run(&[
        "vendor",
        "negotiate",
        "--evaluation",
        "2",
        "--vendor",
        TIDE,
        "--clause",
        "audit-rights",
    ]);
    assert_eq!(code, 1, "{err}");
    assert_contains(&err, "--accept-risk REASON, --resolved WHERE or --reopen");
    let (code, _, err) = run(&[
        "vendor",
        "negotiate",
        "--evaluation",
        "2",
        "--vendor",
        TIDE,
        "--clause",
        "audit-rights",
        "--accept-risk",
        "x",
        "--reopen",
    ]);
    assert_ne!(code, 0);
    assert_contains(&err, "cannot be used with");
    let (code, _, err) = run(&[
        "vendor",
        "negotiate",
        "--evaluation",
        "1",
        "--vendor",
        TIDE,
        "--clause",
        "audit-rights",
        "--reopen",
    ]);
    assert_eq!(code, 1);
    assert_contains(&err, "read-only");
}
