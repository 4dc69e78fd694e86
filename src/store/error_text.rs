//! Every store error as a sentence in both languages, for the app (the command
//! line prints the English `Display`). Details that come from elsewhere — a
//! path, SQLite's own words, a validator's located diagnostics — are quoted
//! as they are inside the Chinese sentence.

use super::StoreError;
use crate::diagnostic::Diagnostic;
use crate::Text;

impl StoreError {
    /// The error in English and Chinese.
    pub fn text(&self) -> Text {
        let en = self.to_string();
        let zh_cn = match self {
            StoreError::Refused { text, .. } => return text.clone(),
            StoreError::NotSqlite { path } => {
                format!("{path}：不是 SQLite 数据库；Assay 没有改动它")
            }
            StoreError::NotAssay { path, found } => format!(
                "{path}：是 SQLite 数据库，但不是 Assay 的数据库（application id {found:#010x}）；Assay 没有改动它"
            ),
            StoreError::TooNew { path, found, known } => format!(
                "{path}：由更新版本的 Assay 写入（结构版本 {found}，本版本最高支持 {known}）；Assay 没有改动它——请升级 Assay 后再打开"
            ),
            StoreError::Damaged { path, detail } => {
                format!("{path}：数据库已损坏或无法读取（{detail}）；Assay 没有改动它")
            }
            StoreError::NoWal { path, mode } => {
                format!("{path}：无法将数据库切换为 WAL 日志模式（当前为“{mode}”）")
            }
            StoreError::Migration { path, from, detail } => format!(
                "{path}：从结构版本 {from} 升级失败（{detail}）；数据库仍保持在版本 {from}"
            ),
            StoreError::Io { path, detail } => format!("{path}：{detail}"),
            StoreError::NoEvaluation(id) => format!("没有编号为 {id} 的评估"),
            StoreError::NoVendor(id) => format!("没有编号为 {id} 的供应商"),
            StoreError::NoVendorNamed { evaluation, name } => {
                format!("评估 {evaluation} 中没有名为“{name}”的供应商")
            }
            StoreError::ReadOnly { evaluation, name } => format!(
                "评估 {evaluation}“{name}”为只读（Assay 自带的示例：公开来源示例只陈述有出处的事实，虚构示例展示一份完成的评估）；如需编辑，请先复制：应用中点“复制”，或运行 `assay evaluation duplicate {evaluation} --name 名称`"
            ),
            StoreError::NoAnswer { vendor, question } => {
                format!("供应商 {vendor} 尚未回答 {question}")
            }
            StoreError::BadSnapshot { id, detail } => {
                format!("评估 {id}：其保存的问卷无法加载：{detail}")
            }
            StoreError::BadRow { evaluation, detail } => {
                format!("评估 {evaluation}：一条保存的记录已损坏：{detail}")
            }
            StoreError::Invalid(list) => format!(
                "输入有误：{}",
                list.iter()
                    .map(Diagnostic::to_zh_cn)
                    .collect::<Vec<_>>()
                    .join("\n")
            ),
            StoreError::FileMissing { sha256, dir } => {
                format!("附件 {sha256} 不在 {dir} 中")
            }
            StoreError::FileTampered { sha256, actual } => format!(
                "附件 {sha256} 在磁盘上被改动过（其内容现在的哈希为 {actual}）"
            ),
            StoreError::NoFileDir => "此存储没有附件目录（内存中的存储）".to_string(),
            StoreError::Bundle { path, reason } => {
                format!("{path}：不是有效的 Assay 评估包：{reason}；数据库未作任何改动")
            }
            StoreError::Sqlite(e) => format!("数据库错误：{e}"),
            StoreError::Team(e) => e.text().zh_cn,
            StoreError::LocalOnly { url } => format!(
                "{url} 是团队数据库（PostgreSQL）：此命令仅适用于本地数据库文件（--db PATH）。团队数据库由其管理员使用 pg_dump 备份（见 docs/team.md）；评估可用 `team pull` 和 `team push` 在两者之间移动"
            ),
        };
        Text { en, zh_cn }
    }
}
