#!/usr/bin/env python3
"""Writes src/store/example.json: the complete fictional example evaluation.

Four invented vendors answer the whole bundled questionnaire, the way a finished
tender looks: answers from the vendors' returned workbooks, contract clauses, the
buyer's own checks, evidence with identifiers, issuers, scopes and dates, and a
few realistic gaps (an expired ISO/IEC 27001 certificate, a 96-hour incident
notification clause, declined questions, answers still awaited, claims without
evidence). Every name, number, URL and organisation in it is invented: vendor
names end in "(fictional · 虚构)", URLs use the reserved .example domain (RFC
2606), identifiers start with "EXAMPLE-".

Run it after changing the answers below, or when the questionnaire changes
(`cargo test` checks the file against the bundled questionnaire and fails with
the question and vendor when they no longer fit):

    python3 scripts/fictional-example.py

The output is deterministic (same input, same bytes). docs/demo-sourcing.md
describes both samples.
"""

import json
import os

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "src", "store", "example.json")
QUESTIONNAIRE = os.path.join(ROOT, "questionnaires", "assay-im-security.json")

AS_OF = "2026-12-01"

# ---------------------------------------------------------------- the vendors


class Vendor:
    def __init__(self, key, name, product, deployment, notes, domain, returned, contract,
                 cb, auditor, pentester, mlps_assessor, crypto_assessor):
        self.key = key
        self.name = name
        self.product = product
        self.deployment = deployment
        self.notes = notes
        self.domain = domain
        self.returned = returned  # date the vendor returned its workbook
        self.contract = contract  # the draft contract the clauses come from
        self.cb = cb  # ISO certification body
        self.auditor = auditor  # SOC 2 auditor
        self.pentester = pentester
        self.mlps_assessor = mlps_assessor  # 等级测评机构
        self.crypto_assessor = crypto_assessor  # 密评机构

    def url(self, path):
        return f"https://trust.{self.domain}/{path}"


A = Vendor(
    "A",
    "Skerrymoor Relay (fictional · 虚构)",
    "Skerrymoor Relay Enterprise — global SaaS; mainland-China region run by a licensed local operator",
    "saas",
    "Fictional vendor, invented for this example. The strongest answers of the four, with one gap: its "
    "ISO/IEC 27001 certificate expired on 2026-10-31; the recertification audit was held in September "
    "and the new certificate has not been issued yet, so the certificate counts as expired until it is. "
    "/ 虚构供应商，仅用于本示例。四家中答复最好，但有一处缺口：其 ISO/IEC 27001 证书已于 2026-10-31 到期；"
    "再认证审核已于九月完成，新证书尚未签发，在签发前该证书按已过期处理。",
    "skerrymoor.example",
    "2026-11-14",
    "Draft master services agreement rev. 3 (2026-11-20), Security Schedule",
    "Harbourline Certification Ltd (fictional)",
    "Calder & Voss LLP (fictional)",
    "Redgrass Security Labs (fictional)",
    "申江等级测评中心（虚构）",
    "浦华密码测评有限公司（虚构）",
)
B = Vendor(
    "B",
    "Jadepine Messenger 翠松信使 (fictional · 虚构)",
    "Jadepine Messenger private cloud, hosted in mainland China (dedicated instance)",
    "dedicated",
    "Fictional vendor, invented for this example. A mainland-China vendor: strong on commercial "
    "cryptography, MLPS and data residency; no end-to-end encryption and no SOC 2 report. It declined "
    "two questions: its security incidents of the last 36 months (GOV-16) and a published policy for "
    "government data requests (DAT-12). A declined question scores 0 — it is an answer, not an unknown. "
    "/ 虚构供应商，仅用于本示例。中国大陆厂商：商用密码、等级保护与数据驻留方面较强；不提供端到端加密，"
    "无 SOC 2 报告。该厂商拒绝回答两个问题：近 36 个月的安全事件（GOV-16）及政府调取数据的公开政策（DAT-12）。"
    "拒绝回答计 0 分——这是一个答复，而非未知。",
    "jadepine.example",
    "2026-11-12",
    "Draft service contract rev. 2 (2026-11-19), 安全附件 / Security Annex",
    "Eastbund Certification Co. (fictional)",
    "",
    "Lantern Hill Security (fictional)",
    "华东等级测评中心（虚构）",
    "江南商密测评中心（虚构）",
)
C = Vendor(
    "C",
    "Tidewhistle Chat (fictional · 虚构)",
    "Tidewhistle Chat Business — global SaaS with a mainland-China region",
    "saas",
    "Fictional vendor, invented for this example. Good answers throughout, but its contract commits to "
    "notifying a security incident within 96 hours, and every profile requires 72 hours at most: a "
    "must-have fails, so it is not eligible however high its weighted score. Negotiate the clause or "
    "record the risk. / 虚构供应商，仅用于本示例。各项答复良好，但其合同承诺的安全事件通知时限为 96 小时，"
    "而所有适用场景均要求不超过 72 小时：一项必备条件不满足，因此无论加权得分多高均不合格。"
    "请就该条款谈判，或将其记录为接受的风险。",
    "tidewhistle.example",
    "2026-11-16",
    "Vendor's standard terms v7 with buyer's mark-up (2026-11-21), Data Security Addendum",
    "Northgate Assurance GmbH (fictional)",
    "Pellham Audit Partners (fictional)",
    "Quarry Point Research (fictional)",
    "东方等级测评中心（虚构）",
    "长宁密码测评中心（虚构）",
)
D = Vendor(
    "D",
    "Pebbleglow Talk (fictional · 虚构)",
    "Pebbleglow Talk Team edition — SaaS, mainland-China hosting",
    "saas",
    "Fictional vendor, invented for this example. A smaller vendor with thinner evidence: several claims "
    "come without documents (they count at half credit until evidence arrives), its 密评 is more than 12 "
    "months old, keys are vendor-managed only, and two questions are still awaiting its answer. "
    "/ 虚构供应商，仅用于本示例。规模较小，证据较少：若干声明未附文件（在收到证据前按一半计分），"
    "其密评已超过 12 个月，密钥仅由厂商管理，另有两个问题仍在等待其答复。",
    "pebbleglow.example",
    "2026-11-18",
    "Draft order form and terms (2026-11-22), Annex 2 Information Security",
    "Millbrook Registrar Services (fictional)",
    "Tamsin Ortega CPA (fictional)",
    "Bluefen Testing (fictional)",
    "临港等级测评中心（虚构）",
    "滨江密码测评中心（虚构）",
)
VENDORS = [A, B, C, D]

# ---------------------------------------------------------------- the answers
# One row per question: the answer of A, B, C, D. A value, or
#   NA("reason"), DECLINED, AWAITING.


class NA:
    def __init__(self, reason):
        self.reason = reason


DECLINED = "state:declined"
AWAITING = "state:awaiting_vendor"

NO_E2E = NA("No end-to-end encryption (see E2E-01), so this does not apply. / 不提供端到端加密（见 E2E-01），本题不适用。")

ANSWERS = {
    "TRN-01": ("tls12-tls13", "tls12-tls13", "tls13-only", "tls12-tls13"),
    "TRN-02": ("yes", "yes", "yes", "yes"),
    "TRN-03": ("yes", "yes", "yes", "partial"),
    "TRN-04": ("yes", "yes", "yes", "partial"),
    "TRN-05": ("yes", "yes", "yes", "partial"),
    "TRN-06": ("all-stores", "all-stores", "all-stores", "primary-only"),
    "TRN-07": ("fips140-3-active", "cn-commercial-crypto", "fips140-3-active", "claim-only"),
    "TRN-08": ("yes", "yes", "yes", "partial"),
    "TRN-09": ("yes", "yes", "yes", "no"),
    "TRN-10": ("id-only-with-sdk", "id-only-no-sdk", "content-admin-off", "id-only-with-sdk"),
    "E2E-01": ("default-some", "not-available", "optional", "not-available"),
    "E2E-02": ("mls", NO_E2E, "signal", NO_E2E),
    "E2E-03": ("yes", NO_E2E, "yes", NO_E2E),
    "E2E-04": ("yes", NO_E2E, "no", NO_E2E),
    "E2E-05": ("yes", NO_E2E, "partial", NO_E2E),
    "E2E-06": ("customer-escrow", NO_E2E, "client-only", NO_E2E),
    "E2E-07": ("client-export", NO_E2E, "partial", NO_E2E),
    "E2E-08": ("minimised-documented", "retention-documented", "minimised-documented", "not-documented"),
    "E2E-09": ("open-and-audited", "audited-closed", "audited-closed", "neither"),
    "CNC-01": ("production", "production", "production", "production"),
    "CNC-02": ("yes", "yes", "partial", "partial"),
    "CNC-03": ("level2-plus", "level2-plus", "level1", "level1"),
    "CNC-04": ("pass-12m", "pass-12m", "pass-12m", "pass-24m"),
    "CNC-05": ("yes", "yes", "partial", "partial"),
    "CNC-06": ("yes", "yes", "yes", "no"),
    "KEY-01": ("cmk-customer-kms", "hyok", "byok-vendor-kms", "vendor-only"),
    "KEY-02": (
        ["messages", "files", "search-index", "recordings", "backups"],
        ["messages", "files", "search-index", "recordings", "backups", "metadata", "audit-logs"],
        ["messages", "files"],
        [],
    ),
    "KEY-03": ("granular-fast", "granular-fast", "tenant-wide", "not-supported"),
    "KEY-04": ("no-such-key", "no-such-key", "automated-only", "staff-usable"),
    "KEY-05": (365, 180, 365, AWAITING),
    "KEY-06": ("hsm-validated", "hsm-validated", "hsm-validated", "software-kms"),
    "KEY-07": ("yes", "yes", "yes", "partial"),
    "KEY-08": ("yes", "yes", "yes", "no"),
    "KEY-09": ("same-region", "same-region", "same-region", "same-jurisdiction"),
    "KEY-10": ("yes", "yes", "yes", "partial"),
    "KEY-11": ("yes", "yes", "yes", "partial"),
    "CRT-01": ("iso2022-covers-service",) * 4,
    "CRT-02": ("2026-10-31", "2028-03-14", "2027-06-30", "2027-01-20"),
    "CRT-03": ("2026-09-24", "2026-03-10", "2026-05-12", "2025-11-02"),
    "CRT-04": (["iso27017", "iso27018", "iso27701"], ["iso27017"], ["iso27017", "iso27018"], ["iso27018"]),
    "CRT-05": ("type2-current", "no-report", "type2-current", "type1"),
    "CRT-06": (
        ["security", "confidentiality", "availability", "privacy", "bridge-letter"],
        [],
        ["security", "confidentiality", "availability"],
        ["security"],
    ),
    "CRT-07": ("l3-l4-matching",) * 4,
    "CRT-08": ("pass-12m", "pass-12m", "pass-12m", "open-risks-12m"),
    "CRT-09": ("level2", "not-listed", "level2", "level1"),
    "CRT-10": ("caiq-v4", "other-questionnaire", "caiq-v4", "other-questionnaire"),
    "CRT-11": (["cn-cloud-assessment", "bsi-c5"], ["cn-cloud-assessment"], ["bsi-c5"], []),
    "CRT-12": (
        "yes",
        NA("A mainland-China company: the certifications above are its own. / 中国大陆企业：上述认证即为其自身所持。"),
        "yes",
        "partial",
    ),
    "CRT-13": ("yes", "yes", "yes", "yes"),
    "IRV-01": (24, 24, 96, 48),
    "IRV-02": (2, 1, 4, 4),
    "IRV-03": ("yes", "yes", "yes", "yes"),
    "IRV-04": (30, 15, 60, "business-hours-only"),
    "IRV-05": (
        ["channel-24x7", "named-contact", "security-txt"],
        ["channel-24x7", "named-contact"],
        ["channel-24x7", "named-contact", "security-txt"],
        ["named-contact"],
    ),
    "IRV-06": (14, 10, 30, 45),
    "IRV-07": ("exercised-12m", "exercised-12m", "exercised-12m", "partial"),
    "IRV-08": (
        ["critical-15d", "high-30d", "medium-90d", "low-180d"],
        ["critical-15d", "high-30d", "medium-90d"],
        ["critical-30d", "high-60d", "medium-90d", "low-180d"],
        ["critical-30d"],
    ),
    "IRV-09": (7, 7, 14, 30),
    "IRV-10": ("annual-shared", "annual-shared", "annual-shared", "every-24m"),
    "IRV-11": ("bounty-and-vdp", "vdp-only", "bounty-and-vdp", "no-programme"),
    "IRV-12": ("continuous-weekly", "continuous-weekly", "monthly", "quarterly"),
    "IRV-13": ("yes", "yes", "yes", "no"),
    "IRV-14": ("yes", "yes", "yes", "no"),
    "IAM-01": ("saml-oidc-enforced", "one-protocol-enforced", "saml-oidc-enforced", "one-protocol-enforced"),
    "IAM-02": ("phishing-resistant", "totp-push", "phishing-resistant", "totp-push"),
    "IAM-03": ("scim-full-revocation", "scim-no-revocation", "scim-full-revocation", "scim-no-revocation"),
    "IAM-04": (5, 30, 10, 240),
    "IAM-05": ("yes", "yes", "yes", "partial"),
    "IAM-06": (
        ["session-timeout", "login-lockout", "remote-signout", "ip-device-allowlist", "conditional-access"],
        ["session-timeout", "login-lockout", "remote-signout", "ip-device-allowlist"],
        ["session-timeout", "login-lockout", "remote-signout", "ip-device-allowlist", "conditional-access"],
        ["session-timeout", "login-lockout"],
    ),
    "IAM-07": ("yes", "yes", "yes", "partial"),
    "IAM-08": ("yes", "yes", "yes", "partial"),
    "IAM-09": ("yes", "yes", "yes", "partial"),
    "IAM-10": ("yes", "partial", "yes", "partial"),
    "IAM-11": (
        ["url-protection", "attachment-scanning", "external-warnings"],
        ["url-protection", "attachment-scanning"],
        ["url-protection", "attachment-scanning", "external-warnings"],
        ["external-warnings"],
    ),
    "DAT-01": ("ge180d-siem", "ge180d-siem", "ge180d-siem", "ge180d-no-export"),
    "DAT-02": ("yes", "yes", "yes", "partial"),
    "DAT-03": ("yes", "yes", "yes", "partial"),
    "DAT-04": ("yes", "yes", "yes", "partial"),
    "DAT-05": ("native-block", "native-block", "integration-only", "no-dlp"),
    "DAT-06": ("all-classes-incl-cn",) * 4,
    "DAT-07": ("no-transfer",) * 4,
    "DAT-08": ("yes", "partial", "yes", "partial"),
    "DAT-09": (30, 30, 60, 90),
    "DAT-10": ("full", "full", "full", "partial"),
    "DAT-11": ("in-country", "in-country", "in-country", "remote-documented"),
    "DAT-12": ("yes", DECLINED, "yes", "no"),
    "DAT-13": ("reduced", "full-parity", "no", "no"),
    "DAT-14": ("yes", "yes", "yes", "partial"),
    "DAT-15": ("stays-in-china",) * 4,
    "DAT-16": ("tia-per-destination", "no-tia", "tia-per-destination", AWAITING),
    "DAT-17": (
        ["watermark-chat", "watermark-files", "mobile-capture-block", "per-group-policy"],
        ["watermark-chat", "watermark-files", "mobile-capture-block", "desktop-capture-protection", "per-group-policy"],
        ["watermark-files"],
        [],
    ),
    "DAT-18": (
        ["no-copy-forward", "no-download", "large-group-limits", "mass-send-dlp", "volume-alerts"],
        ["no-copy-forward", "no-download", "large-group-limits", "volume-alerts"],
        ["no-download", "mass-send-dlp"],
        ["large-group-limits"],
    ),
    "GOV-01": ("never-used", "opt-in", "opt-out", "opt-out"),
    "GOV-02": ("own-in-region", "own-in-region", "provider-in-region", "outside-region"),
    "GOV-03": ("follows-tenant", "follows-tenant", "provider-30d", "provider-30d"),
    "GOV-04": ("yes", "yes", "partial", "partial"),
    "GOV-05": ("every-release", "some-products", "every-release", "no-sbom"),
    "GOV-06": ("yes", "yes", "yes", "partial"),
    "GOV-07": ("yes", "yes", "partial", "no"),
    "GOV-08": (
        "ready-not-exercised",
        NA("Its apps are not made available in the EU. / 其应用未在欧盟提供。"),
        "ready-exercised",
        "in-preparation",
    ),
    "GOV-09": ("complete-30d-objection", "complete-short-notice", "complete-30d-objection", "list-no-consent"),
    "GOV-10": ("remote-only", "onsite-and-remote", "remote-only", "reports-only"),
    "GOV-11": ("yes", "yes", "partial", "no"),
    "GOV-12": ("credits-999", "credits-9995", "credits-999", "target-no-credits"),
    "GOV-13": ("tested-fast", "tested-fast", "tested-slower", "plan-untested"),
    "GOV-14": ("logical-keys-tested", "dedicated-tested", "logical-tested", "untested"),
    "GOV-15": ("yes", "yes", "yes", "partial"),
    "GOV-16": ("disclosed-remediated", DECLINED, "none-reported", "none-reported"),
}

# Comments where the vendor said more than the option (bilingual, " / " between).
COMMENTS = {
    ("A", "CRT-01"): "Certificate EXAMPLE-ISMS-20231 expired on 2026-10-31. The recertification audit was held on "
    "2026-09-22–24; Skerrymoor says the new certificate will be issued in December 2026. Until it is, the "
    "answer counts as unsupported by valid evidence. / 证书 EXAMPLE-ISMS-20231 已于 2026-10-31 到期。"
    "再认证审核已于 2026-09-22 至 24 日进行；厂商称新证书将于 2026 年 12 月签发。签发前，该答复视为无有效证据支持。",
    ("A", "GOV-16"): "One incident in March 2025: a support agent's account was phished; 41 tenants' support "
    "tickets (no message content) were exposed. Customers were notified within 20 hours; the post-incident "
    "report is in the trust portal. / 2025 年 3 月发生一起事件：一名客服人员的账户遭钓鱼，41 个租户的工单"
    "（不含消息内容）被泄露。已在 20 小时内通知客户；事后报告见信任门户。",
    ("A", "E2E-01"): "End-to-end encryption is on by default for one-to-one chats and calls; group channels "
    "can switch it on per channel (not for channels with more than 2,000 members). / 一对一聊天与通话默认启用"
    "端到端加密；群组频道可逐个开启（成员超过 2000 人的频道除外）。",
    ("B", "GOV-16"): "Declined: \"incident history is confidential; available under NDA after contract "
    "award\". / 拒绝回答：“安全事件记录属保密信息，签约后可在保密协议下提供。”",
    ("B", "DAT-12"): "Declined: the vendor does not publish such a policy and would not describe its "
    "practice in writing. / 拒绝回答：厂商未公开此类政策，也不愿书面说明其做法。",
    ("B", "E2E-01"): "No end-to-end encryption; content is protected by SM4 at rest and TLCP in transit, with "
    "keys in the customer's own 密码机 (HYOK). / 不提供端到端加密；内容在存储时以 SM4 加密、传输时使用 TLCP，"
    "密钥保存在客户自有的密码机中（HYOK）。",
    ("C", "IRV-01"): "Data Security Addendum §6.1: \"Provider will notify Customer of a Security Incident "
    "without undue delay and in any event within ninety-six (96) hours.\" The buyer asked for 24 hours; "
    "Tidewhistle has not agreed yet. / 数据安全附录第 6.1 条：“服务商应在不无故拖延的情况下，且无论如何"
    "在九十六（96）小时内通知客户安全事件。”采购方要求 24 小时，厂商尚未同意。",
    ("C", "KEY-04"): "An automated recovery key exists for service availability; no staff member can use it "
    "(documented in the key-management whitepaper, §3). / 存在一把供服务可用性使用的自动化恢复密钥，"
    "任何员工均无法使用（见密钥管理白皮书第 3 节）。",
    ("D", "KEY-01"): "Keys are managed by Pebbleglow only; customer-managed keys are \"on the roadmap for "
    "2027\" (not counted). / 密钥仅由厂商管理；客户管理密钥“计划于 2027 年推出”（不计分）。",
    ("D", "CNC-04"): "Latest 密评 passed in August 2025, more than 12 months ago; the next one is booked for "
    "January 2027. / 最近一次密评于 2025 年 8 月通过，已超过 12 个月；下一次定于 2027 年 1 月。",
    ("D", "CRT-08"): "等级测评 in June 2026 found two medium risks still open (log retention, backup restore "
    "test); the remediation plan is dated 2026-12-31. / 2026 年 6 月等级测评发现两项中风险尚未整改"
    "（日志留存、备份恢复测试）；整改计划截止日期为 2026-12-31。",
    ("D", "GOV-16"): "Vendor states no incident affected customer data; no evidence given. / 厂商称未发生影响"
    "客户数据的事件；未提供证据。",
    ("D", "KEY-05"): "Asked 2026-11-18; Pebbleglow says its operations team will reply. / 已于 2026-11-18 询问；"
    "厂商称其运维团队将答复。",
    ("D", "DAT-16"): "Asked 2026-11-18; awaiting the transfer impact assessment. / 已于 2026-11-18 询问；"
    "正在等待其传输影响评估。",
}

# Where an answer comes from, when not the vendor's workbook: a contract clause, or
# the buyer's own check.
CONTRACT = {
    "IRV-01": "§6.1", "IRV-03": "§6.3", "IRV-08": "§7.2", "DAT-08": "§9", "DAT-09": "§11.2",
    "GOV-09": "§9.4", "GOV-10": "§12", "GOV-11": "§11", "GOV-12": "Service Level Schedule §2",
}
BUYER_CHECKED = {
    "TRN-01": "Buyer's external scan with testssl.sh 3.2 of every public hostname, 2026-11-18 / 采购方于 2026-11-18 "
    "使用 testssl.sh 3.2 对全部公网域名的外部扫描",
    "IAM-04": "Measured in the buyer's pilot tenant, 2026-11-20: de-provisioned in the IdP, sessions ended "
    "after the stated minutes / 2026-11-20 于采购方试用租户实测：在身份提供方停用后，会话在所述分钟内结束",
    "CRT-07": "Filing number checked with the buyer's local public-security bureau, 2026-11-25 / 采购方于 "
    "2026-11-25 向属地公安机关核实备案编号",
}

# Evidence the vendor did not supply: the claim stands, at the question's missing-evidence factor.
NO_EVIDENCE = {("D", "TRN-07"), ("D", "KEY-10"), ("D", "IAM-07"), ("D", "GOV-16"), ("D", "GOV-14"),
               ("C", "GOV-13")}

# An audit report is dated when issued and covers a period that has ended by then;
# its `expires` is left empty (a report is not a certificate that lapses).
REPORT_DATE = "2026-10-28"
REPORT_PERIOD = "report period 2025-10-01 to 2026-09-30 / 报告期间 2025-10-01 至 2026-09-30"

NEGATIVE = {
    "legacy-accepted", "not-encrypted", "no-validated-module", "claim-only", "content-always", "neither",
    "no-certificate", "no-passing-assessment", "unknown", "no-report", "not-listed", "no-filing",
    "never-evaluated", "no-sbom", "no-list", "no-audit-right", "no-target", "no-plan", "undocumented",
    "no-tia", "no-mechanism", "no-valid-mechanism", "no-choice", "never", "no",
}


def evidence(v, qid, value):
    """The evidence a vendor gave for `qid` (a list), from what the question asks for."""
    if (v.key, qid) in NO_EVIDENCE:
        return []
    if isinstance(value, str) and value in NEGATIVE:
        return []
    if isinstance(value, list) and not value:
        return []
    n = {"A": "1", "B": "2", "C": "3", "D": "4"}[v.key]
    ev = {
        "TRN-01": dict(kind="other", issuer="testssl.sh 3.2, run by the buyer", issued="2026-11-18",
                       scope=f"app.{v.domain}, api.{v.domain}, files.{v.domain}, media.{v.domain}",
                       url=v.url("tls-scan-2026-11.html")),
        "TRN-07": dict(kind="certificate", identifier=f"EXAMPLE-CMVP-48{n}1" if v.key != "B" else "EXAMPLE-GM-0088-{n}",
                       issuer="Example cryptographic module validation programme (fictional)" if v.key != "B"
                       else "商用密码检测机构（虚构）", expires="2029-05-31", url=v.url("crypto-modules")),
        "TRN-10": dict(kind="other", scope="Android push in mainland China: vendor push channels and SDKs used",
                       issued="2026-10-15"),
        "E2E-09": dict(kind="audit_report", issuer=v.pentester, issued="2026-06-30",
                       scope="Client cryptography and key handling", url=v.url("e2ee-audit-2026")),
        "CNC-03": dict(kind="certificate", identifier=f"EXAMPLE-SYMC-2026-0{n}17", issuer="商用密码认证机构（虚构）",
                       expires="2030-02-28", url=v.url("shangmi-cert")),
        "CNC-04": dict(kind="audit_report", identifier=f"EXAMPLE-MP-31-2026-0{n}2", issuer=v.crypto_assessor,
                       issued="2025-08-20" if v.key == "D" else "2026-04-18",
                       expires="2026-08-19" if v.key == "D" else "2027-04-17",
                       scope="密评结论：符合 / Conclusion: pass"),
        "KEY-06": dict(kind="certificate", identifier=f"EXAMPLE-HSM-77{n}", issuer="HSM validation (fictional)",
                       url=v.url("hsm")),
        "KEY-10": dict(kind="audit_report", issuer=v.auditor or v.cb, issued=REPORT_DATE,
                       scope=f"Key management procedures, {REPORT_PERIOD}"),
        "CRT-01": dict(kind="certificate", identifier=f"EXAMPLE-ISMS-2023{n}",
                       issuer=f"{v.cb}, accredited by Example Accreditation Service (fictional)",
                       scope=f"ISO/IEC 27001:2022 — development and operation of {v.product}",
                       issued="2023-11-01" if v.key == "A" else "2025-03-15",
                       expires="2026-10-31" if v.key == "A" else {"B": "2028-03-14", "C": "2027-06-30", "D": "2027-01-20"}[v.key],
                       url=v.url("iso27001")),
        "CRT-02": dict(kind="certificate", identifier=f"EXAMPLE-ISMS-2023{n}",
                       expires={"A": "2026-10-31", "B": "2028-03-14", "C": "2027-06-30", "D": "2027-01-20"}[v.key],
                       url=v.url("iso27001")),
        "CRT-04": dict(kind="certificate", identifier=f"EXAMPLE-EXT-2025{n}", issuer=v.cb,
                       scope="Extensions to the ISMS certificate above", expires="2027-09-30"),
        "CRT-05": dict(kind="audit_report", issuer=v.auditor, issued=REPORT_DATE,
                       scope=f"SOC 2 Type II, {REPORT_PERIOD}; unqualified opinion, no exceptions" if v.key != "D"
                       else "SOC 2 Type I as of 2026-06-30; unqualified opinion"),
        "CRT-07": dict(kind="certificate", identifier=f"EXAMPLE-MLPS3-3101-0{n}4", issuer="属地公安机关（虚构）",
                       scope="Level 3 / 第三级 — the system delivering the service", issued="2024-05-10"),
        "CRT-08": dict(kind="audit_report", identifier=f"EXAMPLE-DJCP-2026-{n}18", issuer=v.mlps_assessor,
                       issued="2026-06-12", expires="2027-06-11",
                       scope="结论：良 / Conclusion: good" if v.key != "D"
                       else "结论：中，2 项中风险待整改 / Conclusion: fair, 2 medium risks open"),
        "CRT-09": dict(kind="url", url=v.url("star-registry-entry"), issued="2026-02-01"),
        "CRT-11": dict(kind="certificate", identifier=f"EXAMPLE-GOV-{n}09", scope="See the answer's options",
                       issued="2025-12-01", url=v.url("authorisations")),
        "CRT-12": dict(kind="certificate", identifier=f"EXAMPLE-CN-ISMS-{n}2", scope="The mainland-China entity",
                       url=v.url("cn-certifications")),
        "IRV-01": dict(kind="contract_clause", identifier=f"{v.contract} §6.1"),
        "IRV-03": dict(kind="contract_clause", identifier=f"{v.contract} §6.3"),
        "IRV-07": dict(kind="other", issued="2026-05-20", scope="Tabletop exercise incl. customer communications"),
        "IRV-10": dict(kind="pentest_letter", issuer=v.pentester, issued="2026-07-31",
                       scope="Web, desktop and mobile clients, APIs" if v.key != "D" else "Web client and API"),
        "IAM-07": dict(kind="audit_report", issuer=v.auditor or v.cb, issued=REPORT_DATE,
                       scope=f"Privileged access controls, {REPORT_PERIOD}"),
        "DAT-07": dict(kind="contract_clause", identifier=f"{v.contract} §10 (no cross-border transfer)",
                       issued="2026-11-20"),
        "DAT-08": dict(kind="contract_clause", identifier=f"{v.contract} §9", url=v.url("subprocessors")),
        "DAT-15": dict(kind="contract_clause", identifier=f"{v.contract} §10", issued="2026-11-20",
                       scope="Data collected or generated in mainland China stays there"),
        "DAT-16": dict(kind="other", issued="2026-09-01", scope="Transfer impact assessment per destination",
                       url=v.url("tia")),
        "GOV-01": dict(kind="contract_clause", identifier=f"{v.contract} §14 (AI)", url=v.url("ai")),
        "GOV-05": dict(kind="other", issued="2026-11-01", scope="SBOM (CycloneDX) for desktop and mobile clients"),
        "GOV-07": dict(kind="url", url=v.url("sdk-inventory"), issued="2026-10-01"),
        "GOV-09": dict(kind="contract_clause", identifier=f"{v.contract} §9.4", url=v.url("subprocessors")),
        "GOV-10": dict(kind="contract_clause", identifier=f"{v.contract} §12"),
        "GOV-11": dict(kind="contract_clause", identifier=f"{v.contract} §11", url=v.url("exit")),
        "GOV-12": dict(kind="contract_clause", identifier=f"{v.contract}, Service Level Schedule §2",
                       url=v.url("sla")),
        "GOV-13": dict(kind="other", issued="2026-04-30", scope="BC/DR test report: regional failover"),
        "GOV-14": dict(kind="audit_report", issuer=v.pentester, issued="2026-07-31", scope="Tenant isolation test"),
        "GOV-16": dict(kind="url", issued="2025-04-10", url=v.url("incidents")),
    }.get(qid)
    if ev is None:
        return []
    # Fixed field order, no empty fields.
    order = ["kind", "identifier", "issuer", "scope", "issued", "expires", "url"]
    return [{k: ev[k] for k in order if ev.get(k)}]


def provenance(v, qid):
    if qid in BUYER_CHECKED:
        return {"source": "verified_by_buyer", "reference": BUYER_CHECKED[qid],
                "as_of": "2026-11-25" if qid == "CRT-07" else ("2026-11-18" if qid == "TRN-01" else "2026-11-20"),
                "confidence": "V"}
    if qid in CONTRACT:
        return {"source": "contract_clause", "reference": f"{v.contract} {CONTRACT[qid]}",
                "as_of": "2026-11-20", "confidence": "V"}
    return {"source": "vendor_stated",
            "reference": f"Vendor response workbook returned {v.returned} (sheet Answers) / 厂商于 {v.returned} 交回的答复工作簿（Answers 表）",
            "as_of": v.returned, "confidence": "V"}


def answer(v, qid, value):
    a = {"question": qid}
    if isinstance(value, NA):
        a["na"] = value.reason
    elif value in (DECLINED, AWAITING):
        a["state"] = value.split(":", 1)[1]
    else:
        a["value"] = value
    comment = COMMENTS.get((v.key, qid))
    if comment:
        a["comment"] = comment
    if value != AWAITING:
        a["provenance"] = provenance(v, qid)
    if "value" in a:
        ev = evidence(v, qid, value)
        if ev:
            a["evidence"] = ev
    return a


def main():
    with open(QUESTIONNAIRE, encoding="utf-8") as f:
        q = json.load(f)
    ids = [x["id"] for s in q["sections"] for x in s["questions"]]
    missing = [i for i in ids if i not in ANSWERS]
    extra = [i for i in ANSWERS if i not in ids]
    if missing or extra:
        raise SystemExit(f"questionnaire {q['version']}: no answers for {missing}; unknown questions {extra}")
    out = {
        "evaluation": {
            "name": "Fictional example — IM platform tender (invented vendors) / 虚构示例",
            "notes": (
                "FICTIONAL: every vendor, person, number and document in this evaluation is invented, to show what "
                "a finished evaluation looks like. None of it describes a real company. The buyer is a fictional "
                "manufacturer with plants in Suzhou and offices in Singapore, so both the China-regulated and the "
                "global profile apply. Four vendors answered the whole questionnaire through Assay workbooks, with "
                "contract clauses and the buyer's own checks; the gaps are deliberate: an expired certificate, a "
                "96-hour notification clause, declined questions, answers still awaited, claims without evidence. "
                "For real vendors, see the public-sources sample. / 虚构：本评估中的所有供应商、人员、编号与文件"
                "均为虚构，仅用于展示一份完成的评估。其内容不描述任何真实企业。采购方为一家虚构的制造企业，"
                "工厂位于苏州，办事处位于新加坡，因此同时适用“中国监管”与“全球”两个适用场景。四家供应商通过 "
                "Assay 工作簿答复了全部问卷，并附有合同条款及采购方自行核实的结果；其中的缺口为刻意设置："
                "过期证书、96 小时通知条款、拒绝回答的问题、仍待答复的问题以及无证据的声明。真实厂商请参见"
                "公开来源示例。"
            ),
            "profiles": ["CN-REG", "GLOBAL"],
            "as_of": AS_OF,
            "evaluators": ["Li Wen 李文 (procurement, fictional)", "Sam Okafor (security, fictional)"],
        },
        "questionnaire": {"id": q["id"], "version": q["version"]},
        "vendors": [],
    }
    for i, v in enumerate(VENDORS):
        out["vendors"].append({
            "name": v.name,
            "product": v.product,
            "deployment": v.deployment,
            "notes": v.notes,
            "answers": [answer(v, qid, ANSWERS[qid][i]) for qid in ids],
        })
    with open(OUT, "w", encoding="utf-8") as f:
        f.write(json.dumps(out, ensure_ascii=False, indent=2) + "\n")
    print(f"wrote {OUT}: {len(VENDORS)} vendors × {len(ids)} questions")


if __name__ == "__main__":
    main()
