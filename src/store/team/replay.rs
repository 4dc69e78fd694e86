//! Writing to the team database what one of the app's own actions did to a
//! snapshot of an evaluation.
//!
//! Team mode changes an evaluation the one way every front end shares: the
//! app's function (the same checks and the same audit rows as on a local
//! database) runs on a [`TeamSnapshot`] read in one transaction; what it
//! changed is found by comparing the snapshot's rows before and after
//! ([`EvaluationRows`]), and written to PostgreSQL in one transaction, each
//! row only if it is still as it was read — an answer by its revision (the
//! database's own trigger refuses an older one), every other row by the
//! values the action changed. Anything changed meanwhile by someone else
//! refuses the whole change, saying what; nothing is half-written.

use super::exchange::{
    audit_rows_after, insert, names, pg_int, placeholders, sqlite_rows, Cell, Kind, TeamSnapshot,
    ANSWER, AUDIT, EVALUATION, EVIDENCE, FILE, NEGOTIATION, VENDOR,
};
use super::{explain, TeamDb, TeamError};
use crate::store::{Result, Store, StoreError};
use crate::Text;
use postgres::types::ToSql;
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// An answer's key in both databases: its vendor's id and its question.
type AnswerKey = (i64, String);

/// One evaluation's rows in a store, keyed by what names them in both
/// databases (ids the team gave, vendor and question, vendor and clause).
#[derive(Debug, Default, Clone, PartialEq)]
pub struct EvaluationRows {
    evaluation: Option<Vec<Cell>>,
    questionnaire: Option<String>,
    vendors: BTreeMap<i64, Vec<Cell>>,
    answers: BTreeMap<AnswerKey, Vec<Cell>>,
    /// Each answer's evidence items, in order.
    evidence: BTreeMap<AnswerKey, Vec<Vec<Cell>>>,
    negotiations: BTreeMap<(i64, String), Vec<Cell>>,
}

fn prefixed(alias: &str, cols: &[(&str, Kind)]) -> String {
    cols.iter()
        .map(|(c, _)| format!("{alias}.{c}"))
        .collect::<Vec<_>>()
        .join(", ")
}

fn int(cells: &[Cell], i: usize) -> i64 {
    pg_int(cells, i).unwrap_or_default()
}

fn text(cells: &[Cell], i: usize) -> String {
    match cells.get(i) {
        Some(Cell::Text(s)) => s.clone(),
        _ => String::new(),
    }
}

/// Reads evaluation `id`'s rows from `store`.
pub fn capture(store: &Store, id: i64) -> Result<EvaluationRows> {
    let evaluation = sqlite_rows(
        store,
        &format!("SELECT {} FROM evaluation WHERE id = ?1", names(EVALUATION)),
        &[&id],
        EVALUATION.len(),
    )?
    .into_iter()
    .next();
    let questionnaire = sqlite_rows(
        store,
        "SELECT json FROM evaluation_questionnaire WHERE evaluation_id = ?1",
        &[&id],
        1,
    )?
    .into_iter()
    .next()
    .map(|row| text(&row, 0));
    let vendors = sqlite_rows(
        store,
        &format!(
            "SELECT {}, id FROM vendor WHERE evaluation_id = ?1",
            names(VENDOR)
        ),
        &[&id],
        VENDOR.len() + 1,
    )?
    .into_iter()
    .map(|mut row| {
        let id = int(&row, VENDOR.len());
        row.truncate(VENDOR.len());
        (id, row)
    })
    .collect();
    // The question is ANSWER's first column.
    let answers = sqlite_rows(
        store,
        &format!(
            "SELECT {}, a.vendor_id FROM answer a JOIN vendor v ON v.id = a.vendor_id
             WHERE v.evaluation_id = ?1",
            prefixed("a", ANSWER)
        ),
        &[&id],
        ANSWER.len() + 1,
    )?
    .into_iter()
    .map(|mut row| {
        let key = (int(&row, ANSWER.len()), text(&row, 0));
        row.truncate(ANSWER.len());
        (key, row)
    })
    .collect();
    let mut evidence: BTreeMap<AnswerKey, Vec<Vec<Cell>>> = BTreeMap::new();
    for mut row in sqlite_rows(
        store,
        &format!(
            "SELECT {}, a.vendor_id, a.question FROM evidence e
             JOIN answer a ON a.id = e.answer_id JOIN vendor v ON v.id = a.vendor_id
             WHERE v.evaluation_id = ?1 ORDER BY a.id, e.position, e.id",
            prefixed("e", EVIDENCE)
        ),
        &[&id],
        EVIDENCE.len() + 2,
    )? {
        let key = (int(&row, EVIDENCE.len()), text(&row, EVIDENCE.len() + 1));
        row.truncate(EVIDENCE.len());
        evidence.entry(key).or_default().push(row);
    }
    // The clause is NEGOTIATION's first column.
    let negotiations = sqlite_rows(
        store,
        &format!(
            "SELECT {}, n.vendor_id FROM negotiation n JOIN vendor v ON v.id = n.vendor_id
             WHERE v.evaluation_id = ?1",
            prefixed("n", NEGOTIATION)
        ),
        &[&id],
        NEGOTIATION.len() + 1,
    )?
    .into_iter()
    .map(|mut row| {
        let key = (int(&row, NEGOTIATION.len()), text(&row, 0));
        row.truncate(NEGOTIATION.len());
        (key, row)
    })
    .collect();
    Ok(EvaluationRows {
        evaluation,
        questionnaire,
        vendors,
        answers,
        evidence,
        negotiations,
    })
}

/// What the user was shown when they made a change (the app's copy, read
/// earlier than the snapshot the change runs on): a row the change writes
/// that someone else changed since it was shown refuses the change, as an
/// answer saved over a newer revision does.
pub struct Seen<'a> {
    pub rows: EvaluationRows,
    /// Each answer's revision as shown, by (vendor id, question).
    pub revisions: &'a HashMap<AnswerKey, i64>,
    /// An answer whose revision the page itself says it was shown (the
    /// form's revision, sent with the edit): it wins over `revisions`, which
    /// may have been read again since.
    pub answer_shown: Option<(AnswerKey, i64)>,
}

/// A row without its `updated_at`: what a person sees of it (every save
/// stamps updated_at; a stamp alone is not a change anyone could lose), nor
/// `read_only`, which the app's copy sets itself for an evaluation the user
/// may not change.
fn as_seen(cols: &[(&str, Kind)], row: &[Cell]) -> Vec<Cell> {
    cols.iter()
        .zip(row)
        .filter(|((name, _), _)| *name != "updated_at" && *name != "read_only")
        .map(|(_, cell)| cell.clone())
        .collect()
}

/// Refuses a change that writes a row someone else changed since `seen`
/// was read (the snapshot `before` is newer than what the user saw).
fn refuse_unseen_changes(
    seen: &EvaluationRows,
    before: &EvaluationRows,
    after: &EvaluationRows,
) -> Result<()> {
    let differs = |cols: &[(&str, Kind)], a: Option<&Vec<Cell>>, b: Option<&Vec<Cell>>| {
        a.map(|r| as_seen(cols, r)) != b.map(|r| as_seen(cols, r))
    };
    // Only a row whose content the action changes is checked: a save that
    // only stamps updated_at (an answer's, on its vendor and evaluation) does
    // not conflict with someone else's change of the vendor's notes.
    if after.evaluation.is_some()
        && differs(
            EVALUATION,
            before.evaluation.as_ref(),
            after.evaluation.as_ref(),
        )
        && differs(
            EVALUATION,
            seen.evaluation.as_ref(),
            before.evaluation.as_ref(),
        )
    {
        return Err(changed_meanwhile(
            "the evaluation's details were changed by someone else since you read them".to_string(),
            "评估的详细信息在您读取后已被他人修改".to_string(),
        ));
    }
    if before.questionnaire != after.questionnaire && seen.questionnaire != before.questionnaire {
        return Err(changed_meanwhile(
            "the evaluation's questionnaire was changed by someone else since you read it"
                .to_string(),
            "评估的问卷在您读取后已被他人修改".to_string(),
        ));
    }
    for (id, new) in &after.vendors {
        let old = before.vendors.get(id);
        if old.is_some()
            && differs(VENDOR, old, Some(new))
            && differs(VENDOR, seen.vendors.get(id), old)
        {
            let name = text(new, 0);
            return Err(changed_meanwhile(
                format!("vendor {name} was changed by someone else since you read it"),
                format!("供应商 {name} 在您读取后已被他人修改"),
            ));
        }
    }
    for (key, new) in &after.negotiations {
        let old = before.negotiations.get(key);
        if differs(NEGOTIATION, old, Some(new))
            && differs(NEGOTIATION, seen.negotiations.get(key), old)
        {
            return Err(changed_meanwhile(
                format!(
                    "the negotiation point {} was changed by someone else since you read it",
                    key.1
                ),
                format!("谈判要点 {} 在您读取后已被他人修改", key.1),
            ));
        }
    }
    Ok(())
}

/// What [`replay_changes`] wrote.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Replayed {
    /// Rows inserted, updated or deleted (audit rows included); 0: the
    /// action changed nothing, and nothing was written.
    pub rows: usize,
    /// Set when the action deleted the evaluation itself.
    pub deleted_evaluation: bool,
}

/// Someone else's change, found while writing: the whole change is refused.
fn changed_meanwhile(en: String, zh_cn: String) -> StoreError {
    StoreError::Team(TeamError::ChangedMeanwhile {
        text: Text {
            en: format!("not saved: {en}; nothing was written — read the evaluation again and redo the change if you still mean it"),
            zh_cn: format!("未保存：{zh_cn}；未写入任何内容——请重新读取评估，如仍需要，再重做此修改"),
        },
    })
}

/// The column indices where `before` and `after` differ.
fn changed_columns(before: &[Cell], after: &[Cell]) -> Vec<usize> {
    (0..after.len())
        .filter(|&i| before.get(i) != after.get(i))
        .collect()
}

/// `UPDATE table SET <changed> WHERE <key> AND <each changed column but
/// updated_at is still as read>`: the number of rows updated (0: the row was
/// changed or removed meanwhile).
fn update_changed(
    tx: &mut postgres::Transaction<'_>,
    table: &str,
    cols: &[(&str, Kind)],
    before: &[Cell],
    after: &[Cell],
    key: &[(&str, &(dyn ToSql + Sync))],
) -> std::result::Result<u64, postgres::Error> {
    let changed = changed_columns(before, after);
    let mut params: Vec<Box<dyn ToSql + Sync>> = Vec::new();
    let mut sets = Vec::new();
    for &i in &changed {
        params.push(after[i].to_pg(cols[i].1));
        sets.push(format!("{} = ${}", cols[i].0, params.len()));
    }
    let mut conditions = Vec::new();
    for &i in &changed {
        // Every save stamps updated_at: a change of it alone is no conflict.
        if cols[i].0 == "updated_at" {
            continue;
        }
        params.push(before[i].to_pg(cols[i].1));
        conditions.push(format!(
            "{} IS NOT DISTINCT FROM ${}",
            cols[i].0,
            params.len()
        ));
    }
    let mut refs: Vec<&(dyn ToSql + Sync)> = params.iter().map(|p| p.as_ref()).collect();
    for (name, value) in key {
        refs.push(*value);
        conditions.push(format!("{name} = ${}", refs.len()));
    }
    let sql = format!(
        "UPDATE {table} SET {} WHERE {}",
        sets.join(", "),
        conditions.join(" AND ")
    );
    tx.execute(&sql, &refs)
}

/// Writes to the team database, in one transaction, what an action did to
/// `snapshot` since its rows were `before` (and its audit log's last id was
/// `audit_rows_before`). Refused as a whole — nothing written — when this
/// user may not change the evaluation, when it is signed off (the
/// database's freeze trigger), or when a row the action changed was changed
/// or removed by someone else since the user was shown it (`seen`; none:
/// since the snapshot was read, as on the command line).
pub fn replay_changes(
    team: &mut TeamDb,
    snapshot: &TeamSnapshot,
    before: &EvaluationRows,
    audit_rows_before: i64,
    seen: Option<&Seen<'_>>,
) -> Result<Replayed> {
    let store = &snapshot.store;
    let evaluation = snapshot.moved.evaluation;
    let after = capture(store, evaluation)?;
    let audit = audit_rows_after(store, evaluation, audit_rows_before)?;
    if after == *before && audit.is_empty() {
        return Ok(Replayed::default());
    }
    if let Some(seen) = seen {
        refuse_unseen_changes(&seen.rows, before, &after)?;
    }
    // The revision an answer's save is based on: the one the user was shown;
    // an answer they were shown unanswered that someone has answered since is
    // based on none (0), which the database refuses with theirs.
    let revision_of = |key: &AnswerKey| -> i64 {
        match seen {
            Some(seen) => match &seen.answer_shown {
                Some((shown, revision)) if shown == key => *revision,
                _ => seen.revisions.get(key).copied().unwrap_or(0),
            },
            None => snapshot.revisions.get(key).copied().unwrap_or(0),
        }
    };
    let user = team.user().to_string();
    let refused = |e: postgres::Error| StoreError::Team(explain(&user, &e));
    let mut tx = team.client.transaction().map_err(refused)?;
    let mut written = Replayed::default();

    if after.evaluation.is_none() {
        // Row-level security would let a delete by anyone else remove
        // nothing, silently: say who may.
        let admin: bool = tx
            .query_one(
                "SELECT pg_has_role(session_user, 'assay_admin', 'MEMBER')",
                &[],
            )
            .map_err(refused)?
            .get(0);
        if !admin {
            return Err(StoreError::Team(TeamError::Forbidden {
                text: Text {
                    en: format!("{user} may not delete evaluation {evaluation} from the team database: an administrator deletes evaluations"),
                    zh_cn: format!("{user} 不能从团队数据库中删除评估 {evaluation}：评估由管理员删除"),
                },
            }));
        }
        let n = tx
            .execute("DELETE FROM evaluation WHERE id = $1", &[&evaluation])
            .map_err(refused)?;
        tx.commit().map_err(refused)?;
        return Ok(Replayed {
            rows: n as usize,
            deleted_evaluation: true,
        });
    }

    let may_edit: bool = tx
        .query_one("SELECT may_edit($1)", &[&evaluation])
        .map_err(refused)?
        .get(0);
    if !may_edit {
        return Err(StoreError::Team(TeamError::Forbidden {
            text: Text {
                en: format!("{user} may not change evaluation {evaluation}: an administrator adds them as a member (assay team add-member)"),
                zh_cn: format!("{user} 不能修改评估 {evaluation}：需由管理员将其加为成员（assay team add-member）"),
            },
        }));
    }

    if let (Some(old), Some(new)) = (&before.evaluation, &after.evaluation) {
        if old != new {
            let n = update_changed(
                &mut tx,
                "evaluation",
                EVALUATION,
                old,
                new,
                &[("id", &evaluation)],
            )
            .map_err(refused)?;
            if n == 0 {
                return Err(changed_meanwhile(
                    "the evaluation's details were changed by someone else since they were read"
                        .to_string(),
                    "评估的详细信息在读取后已被他人修改".to_string(),
                ));
            }
            written.rows += 1;
        }
    }
    if after.questionnaire != before.questionnaire {
        if let (Some(old), Some(new)) = (&before.questionnaire, &after.questionnaire) {
            let n = tx
                .execute(
                    "UPDATE evaluation_questionnaire SET json = $2 WHERE evaluation_id = $1 AND json = $3",
                    &[&evaluation, new, old],
                )
                .map_err(refused)?;
            if n == 0 {
                return Err(changed_meanwhile(
                    "the evaluation's questionnaire was changed by someone else since it was read"
                        .to_string(),
                    "评估的问卷在读取后已被他人修改".to_string(),
                ));
            }
            written.rows += 1;
        }
    }

    // Vendors: removed first (a name may be given again), then changed, then added.
    let vendor_name = |cells: &[Cell]| text(cells, 0);
    for (id, _) in before
        .vendors
        .iter()
        .filter(|(id, _)| !after.vendors.contains_key(*id))
    {
        // Removed meanwhile by someone else too: the same outcome.
        written.rows += tx
            .execute("DELETE FROM vendor WHERE id = $1", &[id])
            .map_err(refused)? as usize;
    }
    let mut vendor_ids: HashMap<i64, i64> = HashMap::new();
    for (id, new) in &after.vendors {
        match before.vendors.get(id) {
            Some(old) if old == new => {}
            Some(old) => {
                let n = update_changed(&mut tx, "vendor", VENDOR, old, new, &[("id", id)])
                    .map_err(refused)?;
                if n == 0 {
                    let name = vendor_name(old);
                    return Err(changed_meanwhile(
                        format!("vendor {name} was changed or removed by someone else since it was read"),
                        format!("供应商 {name} 在读取后已被他人修改或删除"),
                    ));
                }
                written.rows += 1;
            }
            None => {
                let new_id = insert(
                    &mut tx,
                    "vendor",
                    VENDOR,
                    new,
                    &[("evaluation_id", evaluation)],
                    true,
                )
                .map_err(refused)?
                .unwrap_or_default();
                vendor_ids.insert(*id, new_id);
                written.rows += 1;
            }
        }
    }
    let team_vendor = |local: i64| vendor_ids.get(&local).copied().unwrap_or(local);

    // Answers: each by the revision read (the database's trigger refuses a
    // save based on an older one, saying whose change it would overwrite).
    for (key, _) in before
        .answers
        .iter()
        .filter(|(k, _)| !after.answers.contains_key(*k))
    {
        if !after.vendors.contains_key(&key.0) {
            continue; // went with its vendor
        }
        let revision = revision_of(key);
        let n = tx
            .execute(
                "DELETE FROM answer WHERE vendor_id = $1 AND question = $2 AND revision = $3",
                &[&key.0, &key.1, &revision],
            )
            .map_err(refused)?;
        if n == 0 {
            return Err(changed_meanwhile(
                format!(
                    "the answer to {} was changed or removed by someone else since it was read",
                    key.1
                ),
                format!("{} 的回答在读取后已被他人修改或删除", key.1),
            ));
        }
        written.rows += 1;
    }
    let no_evidence = Vec::new();
    let mut answer_ids: BTreeMap<&AnswerKey, i64> = BTreeMap::new();
    for (key, new) in &after.answers {
        let evidence_changed = before.evidence.get(key).unwrap_or(&no_evidence)
            != after.evidence.get(key).unwrap_or(&no_evidence);
        match before.answers.get(key) {
            Some(old) if old == new && !evidence_changed => {}
            Some(_) => {
                // Evidence changed alone still raises the answer's revision:
                // two people's evidence edits of one answer conflict too.
                let revision = revision_of(key);
                let sets = ANSWER
                    .iter()
                    .enumerate()
                    .map(|(i, (name, _))| format!("{name} = ${}", i + 1))
                    .collect::<Vec<_>>()
                    .join(", ");
                let n = ANSWER.len();
                let values: Vec<Box<dyn ToSql + Sync>> = ANSWER
                    .iter()
                    .zip(new)
                    .map(|((_, kind), cell)| cell.to_pg(*kind))
                    .collect();
                let mut params: Vec<&(dyn ToSql + Sync)> =
                    values.iter().map(|b| b.as_ref()).collect();
                params.push(&revision);
                params.push(&key.0);
                params.push(&key.1);
                let rows = tx
                    .query(
                        &format!(
                            "UPDATE answer SET {sets}, based_on = ${} WHERE vendor_id = ${} AND question = ${} RETURNING id",
                            n + 1,
                            n + 2,
                            n + 3
                        ),
                        &params,
                    )
                    .map_err(refused)?;
                let Some(row) = rows.first() else {
                    return Err(changed_meanwhile(
                        format!(
                            "the answer to {} was removed by someone else since it was read",
                            key.1
                        ),
                        format!("{} 的回答在读取后已被他人删除", key.1),
                    ));
                };
                answer_ids.insert(key, row.get(0));
                written.rows += 1;
            }
            None => {
                let id = match insert(
                    &mut tx,
                    "answer",
                    ANSWER,
                    new,
                    &[("vendor_id", team_vendor(key.0))],
                    true,
                ) {
                    Ok(id) => id.unwrap_or_default(),
                    Err(e) if e.code() == Some(&postgres::error::SqlState::UNIQUE_VIOLATION) => {
                        return Err(changed_meanwhile(
                            format!("someone else answered {} since it was read", key.1),
                            format!("他人已在读取后回答了 {}", key.1),
                        ))
                    }
                    Err(e) => return Err(refused(e)),
                };
                answer_ids.insert(key, id);
                written.rows += 1;
            }
        }
    }

    // Evidence of each answer written above, as the action left it; the
    // files it names first, hash-checked by the database.
    let known_files: BTreeSet<String> = before
        .evidence
        .values()
        .flatten()
        .map(|e| text(e, file_column()))
        .collect();
    for (key, answer_id) in &answer_ids {
        let items = after.evidence.get(*key).unwrap_or(&no_evidence);
        if before.answers.contains_key(*key)
            && before.evidence.get(*key).unwrap_or(&no_evidence) == items
        {
            continue;
        }
        for item in items {
            let sha = text(item, file_column());
            if !sha.is_empty() && !known_files.contains(&sha) {
                written.rows += put_file(&mut tx, store, &sha).map_err(|e| match e {
                    Put::Store(e) => e,
                    Put::Pg(e) => refused(e),
                })?;
            }
        }
        written.rows += tx
            .execute("DELETE FROM evidence WHERE answer_id = $1", &[answer_id])
            .map_err(refused)? as usize;
        for item in items {
            insert(
                &mut tx,
                "evidence",
                EVIDENCE,
                item,
                &[("answer_id", *answer_id)],
                false,
            )
            .map_err(refused)?;
            written.rows += 1;
        }
    }

    // Negotiation points, by vendor and clause, each as read.
    for ((vendor, clause), old) in &before.negotiations {
        if after.negotiations.contains_key(&(*vendor, clause.clone()))
            || !after.vendors.contains_key(vendor)
        {
            continue;
        }
        let n = tx
            .execute(
                "DELETE FROM negotiation WHERE vendor_id = $1 AND clause = $2 AND updated_at = $3",
                &[vendor, clause, &text(old, updated_at_column())],
            )
            .map_err(refused)?;
        if n == 0 {
            return Err(changed_meanwhile(
                format!(
                    "the negotiation point {clause} was changed by someone else since it was read"
                ),
                format!("谈判要点 {clause} 在读取后已被他人修改"),
            ));
        }
        written.rows += 1;
    }
    for ((vendor, clause), new) in &after.negotiations {
        match before.negotiations.get(&(*vendor, clause.clone())) {
            Some(old) if old == new => {}
            Some(old) => {
                let stamp = text(old, updated_at_column());
                let n = update_changed(
                    &mut tx,
                    "negotiation",
                    NEGOTIATION,
                    old,
                    new,
                    &[
                        ("vendor_id", vendor),
                        ("clause", clause),
                        ("updated_at", &stamp),
                    ],
                )
                .map_err(refused)?;
                if n == 0 {
                    return Err(changed_meanwhile(
                        format!("the negotiation point {clause} was changed by someone else since it was read"),
                        format!("谈判要点 {clause} 在读取后已被他人修改"),
                    ));
                }
                written.rows += 1;
            }
            None => {
                match insert(
                    &mut tx,
                    "negotiation",
                    NEGOTIATION,
                    new,
                    &[("vendor_id", team_vendor(*vendor))],
                    false,
                ) {
                    Ok(_) => written.rows += 1,
                    Err(e) if e.code() == Some(&postgres::error::SqlState::UNIQUE_VIOLATION) => {
                        return Err(changed_meanwhile(
                            format!("someone else recorded the negotiation point {clause} since it was read"),
                            format!("他人已在读取后记录了谈判要点 {clause}"),
                        ))
                    }
                    Err(e) => return Err(refused(e)),
                }
            }
        }
    }

    // The action's audit rows; the database stamps their author.
    for row in &audit {
        let mut refs = vec![("evaluation_id", evaluation)];
        if let Some(Cell::Int(v)) = row.get(AUDIT.len()) {
            refs.push(("vendor_id", team_vendor(*v)));
        }
        insert(
            &mut tx,
            "audit_log",
            AUDIT,
            &row[..AUDIT.len()],
            &refs,
            false,
        )
        .map_err(refused)?;
        written.rows += 1;
    }
    tx.commit().map_err(refused)?;
    Ok(written)
}

fn file_column() -> usize {
    EVIDENCE
        .iter()
        .position(|(name, _)| *name == "file_sha256")
        .unwrap_or_default()
}

fn updated_at_column() -> usize {
    NEGOTIATION
        .iter()
        .position(|(name, _)| *name == "updated_at")
        .unwrap_or_default()
}

enum Put {
    Store(StoreError),
    Pg(postgres::Error),
}

/// Copies attachment `sha` from the snapshot's files into the team
/// database unless it is there already: 1 if written.
fn put_file(
    tx: &mut postgres::Transaction<'_>,
    store: &Store,
    sha: &str,
) -> std::result::Result<usize, Put> {
    let there: bool = tx
        .query_one(
            "SELECT EXISTS (SELECT 1 FROM file WHERE sha256 = $1)",
            &[&sha],
        )
        .map_err(Put::Pg)?
        .get(0);
    if there {
        return Ok(0);
    }
    let row = sqlite_rows(
        store,
        &format!("SELECT {} FROM file WHERE sha256 = ?1", names(FILE)),
        &[&sha],
        FILE.len(),
    )
    .map_err(Put::Store)?;
    let Some(row) = row.first() else {
        return Err(Put::Store(StoreError::invalid_input(
            "attachment",
            format!("the attachment {sha} is named by evidence but not stored"),
        )));
    };
    // Read through the store: hash-checked; the database checks it again.
    let content = store.read_file(sha).map_err(Put::Store)?;
    let mut params: Vec<Box<dyn ToSql + Sync>> = FILE
        .iter()
        .zip(row)
        .map(|((_, k), c)| c.to_pg(*k))
        .collect();
    params.push(Box::new(content));
    let refs: Vec<&(dyn ToSql + Sync)> = params.iter().map(|p| p.as_ref()).collect();
    Ok(tx
        .execute(
            &format!(
                "INSERT INTO file ({}, content) VALUES ({}) ON CONFLICT (sha256) DO NOTHING",
                names(FILE),
                placeholders(FILE.len() + 1, '$')
            ),
            &refs,
        )
        .map_err(Put::Pg)? as usize)
}
