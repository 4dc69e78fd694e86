//! PAdES signatures on Assay reports (issue 17): the buyer's organisation
//! certificate (a PKCS#12 file) signs the report as an *incremental update* —
//! the bytes Assay exported stay exactly as they were, and a signature
//! dictionary, an invisible signature field on the last page (the sign-off)
//! and the catalogue's /AcroForm are appended after them (lopdf's
//! `IncrementalDocument`). The signature is a detached CMS (OpenSSL) over the
//! whole file but its own /Contents hole (/ByteRange), with the ESS
//! signing-certificate-v2 attribute (SubFilter `ETSI.CAdES.detached`).
//!
//! OpenSSL 3.0 (Debian 12) always adds a CMS signing-time attribute; PAdES
//! baseline B-B asks for the time in the signature dictionary's /M instead,
//! which is written too. Validators (pdfsig, pyHanko) accept the signature;
//! docs/signing.md says so rather than claiming strict B-B conformance.
//!
//! Reading signatures back is [`check_signature`], used by `verify`.

use crate::Text;
use chrono::{DateTime, FixedOffset};
use lopdf::{dictionary, Document, IncrementalDocument, Object, ObjectId, StringFormat};
use openssl::asn1::{Asn1Integer, Asn1Time};
use openssl::bn::{BigNum, MsbOption};
use openssl::cms::{CMSOptions, CmsContentInfo};
use openssl::hash::MessageDigest;
use openssl::nid::Nid;
use openssl::pkcs12::Pkcs12;
use openssl::pkcs7::{Pkcs7, Pkcs7Flags};
use openssl::pkey::{PKey, Private};
use openssl::rsa::Rsa;
use openssl::stack::Stack;
use openssl::x509::extension::{BasicConstraints, KeyUsage, SubjectKeyIdentifier};
use openssl::x509::store::{X509Store, X509StoreBuilder};
use openssl::x509::{X509Builder, X509NameBuilder, X509NameRef, X509StoreContext, X509};
use std::fmt;

/// OpenSSL 3's `CMS_CADES` (cms.h): adds the ESS signing-certificate-v2
/// attribute that PAdES requires. The openssl crate has no name for it yet.
const CMS_CADES: u32 = 0x10_0000;

/// Bytes reserved for the CMS signature in /Contents: a 4096-bit key with a
/// chain of four certificates fits; the hole is written as hex, twice as long.
const SIGNATURE_BYTES: usize = 16 * 1024;

/// Written in /ByteRange before the offsets are known, then overwritten with
/// the real ones padded to the same length (offsets never exceed ten digits:
/// a report is at most [`crate::app::report::MAX_REPORT_BYTES`]).
const BYTE_RANGE_PLACEHOLDER: i64 = 9_999_999_999;

/// Days a trial certificate is valid.
const TRIAL_DAYS: u32 = 365;

/// The organisation's signing key and certificate (with any intermediate
/// certificates), read from a PKCS#12 file or made for a trial.
pub struct SigningIdentity {
    key: PKey<Private>,
    cert: X509,
    chain: Vec<X509>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SignError {
    /// The file could not be read as PKCS#12 with this password.
    Unreadable { file: String, detail: String },
    /// A PKCS#12 file without a private key or without its certificate.
    Incomplete { file: String, missing: &'static str },
    /// The certificate is outside its validity period.
    CertificateNotValidNow { subject: String, period: String },
    /// The PDF is not an intact Assay report (so a signature would vouch for
    /// something else than what Assay exported).
    NotIntactReport { detail: String },
    /// Adding the signature to the PDF failed.
    Pdf { detail: String },
    /// OpenSSL refused (a key it cannot sign with, for example).
    Crypto { detail: String },
}

impl fmt::Display for SignError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text().en)
    }
}

impl std::error::Error for SignError {}

impl SignError {
    /// The error in English and Chinese.
    pub fn text(&self) -> Text {
        let (en, zh_cn) = match self {
            SignError::Unreadable { file, detail } => (
                format!("cannot open the certificate file {file}: the password is wrong or it is not a PKCS#12 (.p12/.pfx) file ({detail})"),
                format!("无法打开证书文件 {file}：密码错误，或不是 PKCS#12（.p12/.pfx）文件（{detail}）"),
            ),
            SignError::Incomplete { file, missing } => (
                format!("the certificate file {file} holds no {missing}: export it again with the private key"),
                format!("证书文件 {file} 中没有{}：请连同私钥重新导出", if *missing == "private key" { "私钥" } else { "证书" }),
            ),
            SignError::CertificateNotValidNow { subject, period } => (
                format!("the certificate of {subject} is not valid today (valid {period}): a signature made with it would not be accepted"),
                format!("{subject} 的证书今天不在有效期内（有效期 {period}）：用它签署的签名不会被接受"),
            ),
            SignError::NotIntactReport { detail } => (
                format!("only an intact Assay report can be signed: {detail}"),
                format!("只能签署未被改动的 Assay 报告：{detail}"),
            ),
            SignError::Pdf { detail } => (
                format!("cannot add the signature to the PDF: {detail}"),
                format!("无法在 PDF 中加入签名：{detail}"),
            ),
            SignError::Crypto { detail } => (
                format!("signing failed: {detail}"),
                format!("签名失败：{detail}"),
            ),
        };
        Text { en, zh_cn }
    }
}

fn crypto(e: openssl::error::ErrorStack) -> SignError {
    SignError::Crypto {
        detail: e.to_string(),
    }
}

fn pdf_error(e: impl fmt::Display) -> SignError {
    SignError::Pdf {
        detail: e.to_string(),
    }
}

impl SigningIdentity {
    /// Reads a PKCS#12 file's key, certificate and chain. `file` names it in errors.
    pub fn from_pkcs12(der: &[u8], password: &str, file: &str) -> Result<Self, SignError> {
        let unreadable = |e: openssl::error::ErrorStack| SignError::Unreadable {
            file: file.to_string(),
            detail: e.to_string(),
        };
        let parsed = Pkcs12::from_der(der)
            .map_err(unreadable)?
            .parse2(password)
            .map_err(unreadable)?;
        let key = parsed.pkey.ok_or(SignError::Incomplete {
            file: file.to_string(),
            missing: "private key",
        })?;
        let cert = parsed.cert.ok_or(SignError::Incomplete {
            file: file.to_string(),
            missing: "certificate",
        })?;
        let chain = parsed
            .ca
            .map(|s| s.into_iter().collect())
            .unwrap_or_default();
        Ok(SigningIdentity { key, cert, chain })
    }

    /// A self-signed certificate for `organisation`, valid for a year: a
    /// signature made with it proves the file is unchanged since it was signed,
    /// not who signed it (nobody vouches for the name).
    pub fn trial(organisation: &str) -> Result<Self, SignError> {
        let key = PKey::from_rsa(Rsa::generate(2048).map_err(crypto)?).map_err(crypto)?;
        let mut name = X509NameBuilder::new().map_err(crypto)?;
        name.append_entry_by_nid(Nid::COMMONNAME, &format!("{organisation} (Assay trial)"))
            .map_err(crypto)?;
        name.append_entry_by_nid(Nid::ORGANIZATIONNAME, organisation)
            .map_err(crypto)?;
        let name = name.build();
        let mut b = X509Builder::new().map_err(crypto)?;
        b.set_version(2).map_err(crypto)?;
        let mut serial = BigNum::new().map_err(crypto)?;
        serial
            .rand(127, MsbOption::MAYBE_ZERO, false)
            .map_err(crypto)?;
        let serial = Asn1Integer::from_bn(&serial).map_err(crypto)?;
        b.set_serial_number(&serial).map_err(crypto)?;
        b.set_subject_name(&name).map_err(crypto)?;
        b.set_issuer_name(&name).map_err(crypto)?;
        b.set_pubkey(&key).map_err(crypto)?;
        let not_before = Asn1Time::days_from_now(0).map_err(crypto)?;
        let not_after = Asn1Time::days_from_now(TRIAL_DAYS).map_err(crypto)?;
        b.set_not_before(&not_before).map_err(crypto)?;
        b.set_not_after(&not_after).map_err(crypto)?;
        b.append_extension(BasicConstraints::new().critical().build().map_err(crypto)?)
            .map_err(crypto)?;
        b.append_extension(
            KeyUsage::new()
                .critical()
                .digital_signature()
                .non_repudiation()
                .build()
                .map_err(crypto)?,
        )
        .map_err(crypto)?;
        let ski = SubjectKeyIdentifier::new()
            .build(&b.x509v3_context(None, None))
            .map_err(crypto)?;
        b.append_extension(ski).map_err(crypto)?;
        b.sign(&key, MessageDigest::sha256()).map_err(crypto)?;
        Ok(SigningIdentity {
            key,
            cert: b.build(),
            chain: Vec::new(),
        })
    }

    /// The identity as a PKCS#12 file protected by `password`.
    pub fn to_pkcs12(&self, password: &str) -> Result<Vec<u8>, SignError> {
        let mut b = Pkcs12::builder();
        b.name(&self.subject()).pkey(&self.key).cert(&self.cert);
        if !self.chain.is_empty() {
            let mut ca = Stack::new().map_err(crypto)?;
            for c in &self.chain {
                ca.push(c.clone()).map_err(crypto)?;
            }
            b.ca(ca);
        }
        b.build2(password).and_then(|p| p.to_der()).map_err(crypto)
    }

    /// The certificate's subject, e.g. `CN=Acme Ltd, O=Acme Ltd`.
    pub fn subject(&self) -> String {
        name_text(self.cert.subject_name())
    }

    pub fn is_self_signed(&self) -> bool {
        is_self_signed(&self.cert)
    }

    /// The certificate's common name (the signer as readers show it).
    pub fn common_name(&self) -> String {
        common_name(&self.cert)
    }

    /// Refuses a certificate outside its validity period.
    pub fn check_valid_now(&self) -> Result<(), SignError> {
        let now = Asn1Time::days_from_now(0).map_err(crypto)?;
        let started = self.cert.not_before() <= now;
        let not_ended = self.cert.not_after() >= now;
        if started && not_ended {
            return Ok(());
        }
        Err(SignError::CertificateNotValidNow {
            subject: self.subject(),
            period: format!("{} – {}", self.cert.not_before(), self.cert.not_after()),
        })
    }
}

/// `CN=…, O=…` of an X.509 name (UTF-8; the order of the certificate).
fn name_text(name: &X509NameRef) -> String {
    name.entries()
        .filter_map(|e| {
            let key = e.object().nid().short_name().ok()?;
            let value = e.data().to_string().ok()?;
            Some(format!("{key}={value}"))
        })
        .collect::<Vec<_>>()
        .join(", ")
}

fn common_name(cert: &X509) -> String {
    cert.subject_name()
        .entries_by_nid(Nid::COMMONNAME)
        .next()
        .and_then(|e| e.data().to_string().ok())
        .unwrap_or_else(|| name_text(cert.subject_name()))
}

fn is_self_signed(cert: &X509) -> bool {
    let same_name = cert
        .subject_name()
        .try_cmp(cert.issuer_name())
        .is_ok_and(|o| o.is_eq());
    same_name
        && cert
            .public_key()
            .and_then(|k| cert.verify(&k))
            .unwrap_or(false)
}

/// A PDF date: `D:20261207143000+08'00'`.
fn pdf_date(at: DateTime<FixedOffset>) -> String {
    let offset = at.offset().local_minus_utc();
    let sign = if offset < 0 { '-' } else { '+' };
    let offset = offset.abs();
    format!(
        "D:{}{sign}{:02}'{:02}'",
        at.format("%Y%m%d%H%M%S"),
        offset / 3600,
        (offset % 3600) / 60
    )
}

/// A PDF text string: ASCII as is, anything else as UTF-16BE with its mark.
fn text_string(s: &str) -> Object {
    if s.is_ascii() {
        return Object::string_literal(s);
    }
    let mut bytes = vec![0xFE, 0xFF];
    for unit in s.encode_utf16() {
        bytes.extend_from_slice(&unit.to_be_bytes());
    }
    Object::String(bytes, StringFormat::Hexadecimal)
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// Appends a signature by `identity` to `pdf` as an incremental update: the
/// bytes of `pdf` are the first bytes of the result, unchanged. The caller
/// checks first that `pdf` is an intact Assay report.
pub fn sign_pdf(
    pdf: &[u8],
    identity: &SigningIdentity,
    at: DateTime<FixedOffset>,
    reason: &str,
) -> Result<Vec<u8>, SignError> {
    identity.check_valid_now()?;
    let prev = super::pdf::load_document(pdf).map_err(pdf_error)?;
    let page_id = *prev
        .get_pages()
        .values()
        .next_back()
        .ok_or_else(|| pdf_error("the PDF has no pages"))?;
    let root_id = prev
        .trailer
        .get(b"Root")
        .and_then(Object::as_reference)
        .map_err(pdf_error)?;
    let existing = signature_fields(&prev).len();
    let mut inc = IncrementalDocument::create_from(pdf.to_vec(), prev);
    let placeholder = Object::Integer(BYTE_RANGE_PLACEHOLDER);
    let sig_id = inc.new_document.add_object(dictionary! {
        "Type" => "Sig",
        "Filter" => "Adobe.PPKLite",
        "SubFilter" => "ETSI.CAdES.detached",
        "ByteRange" => vec![Object::Integer(0), placeholder.clone(), placeholder.clone(), placeholder],
        "Contents" => Object::String(vec![0; SIGNATURE_BYTES], StringFormat::Hexadecimal),
        "M" => Object::string_literal(pdf_date(at)),
        "Name" => text_string(&common_name(&identity.cert)),
        "Reason" => text_string(reason),
    });
    let widget_id = inc.new_document.add_object(dictionary! {
        "Type" => "Annot",
        "Subtype" => "Widget",
        "FT" => "Sig",
        "T" => text_string(&format!("Signature {}", existing + 1)),
        "V" => sig_id,
        "Rect" => vec![0.into(), 0.into(), 0.into(), 0.into()],
        // Print + Locked: an invisible signature that a reader lists in its
        // signatures panel.
        "F" => 132,
        "P" => page_id,
    });
    append_to_array(&mut inc, page_id, b"Annots", widget_id)?;
    add_field(&mut inc, root_id, widget_id)?;
    let mut out = Vec::with_capacity(pdf.len() + 2 * SIGNATURE_BYTES + 4096);
    inc.save_to(&mut out).map_err(pdf_error)?;
    fill_signature(&mut out, pdf.len(), identity)?;
    Ok(out)
}

/// Adds `item` to the array `key` of the dictionary `owner` (inline or a
/// reference to an array), copying the changed objects into the update.
fn append_to_array(
    inc: &mut IncrementalDocument,
    owner: ObjectId,
    key: &[u8],
    item: ObjectId,
) -> Result<(), SignError> {
    inc.opt_clone_object_to_new_document(owner)
        .map_err(pdf_error)?;
    let current = inc
        .new_document
        .get_dictionary(owner)
        .map_err(pdf_error)?
        .get(key)
        .ok()
        .cloned();
    match current {
        Some(Object::Reference(array_id)) => {
            inc.opt_clone_object_to_new_document(array_id)
                .map_err(pdf_error)?;
            inc.new_document
                .get_object_mut(array_id)
                .and_then(Object::as_array_mut)
                .map_err(pdf_error)?
                .push(Object::Reference(item));
        }
        Some(Object::Array(mut items)) => {
            items.push(Object::Reference(item));
            inc.new_document
                .get_dictionary_mut(owner)
                .map_err(pdf_error)?
                .set(key, items);
        }
        _ => inc
            .new_document
            .get_dictionary_mut(owner)
            .map_err(pdf_error)?
            .set(key, vec![Object::Reference(item)]),
    }
    Ok(())
}

/// Lists the signature field in the catalogue's /AcroForm (made if absent),
/// with /SigFlags 3: signatures exist, append only.
fn add_field(
    inc: &mut IncrementalDocument,
    root_id: ObjectId,
    field: ObjectId,
) -> Result<(), SignError> {
    inc.opt_clone_object_to_new_document(root_id)
        .map_err(pdf_error)?;
    let acro = inc
        .new_document
        .get_dictionary(root_id)
        .map_err(pdf_error)?
        .get(b"AcroForm")
        .ok()
        .cloned();
    let form_id = match acro {
        Some(Object::Reference(id)) => id,
        Some(Object::Dictionary(d)) => {
            let id = inc.new_document.add_object(d);
            inc.new_document
                .get_dictionary_mut(root_id)
                .map_err(pdf_error)?
                .set("AcroForm", id);
            id
        }
        _ => {
            let id = inc.new_document.add_object(dictionary! {});
            inc.new_document
                .get_dictionary_mut(root_id)
                .map_err(pdf_error)?
                .set("AcroForm", id);
            id
        }
    };
    append_to_array(inc, form_id, b"Fields", field)?;
    inc.new_document
        .get_dictionary_mut(form_id)
        .map_err(pdf_error)?
        .set("SigFlags", 3);
    Ok(())
}

/// Writes the real /ByteRange over its placeholder, then signs every byte
/// but the /Contents hole and writes the CMS into it.
fn fill_signature(
    out: &mut [u8],
    update_start: usize,
    identity: &SigningIdentity,
) -> Result<(), SignError> {
    let hole_text = format!("<{}>", "00".repeat(SIGNATURE_BYTES));
    let hole_start = update_start
        + find(&out[update_start..], hole_text.as_bytes())
            .ok_or_else(|| pdf_error("the signature's place was not written"))?;
    let hole_end = hole_start + hole_text.len();
    let p = BYTE_RANGE_PLACEHOLDER;
    let range_text = format!("[0 {p} {p} {p}]");
    let range_start = update_start
        + find(&out[update_start..], range_text.as_bytes())
            .ok_or_else(|| pdf_error("the signature's byte range was not written"))?;
    let real = format!("[0 {hole_start} {hole_end} {}", out.len() - hole_end);
    let padded = format!("{real:<width$}]", width = range_text.len() - 1);
    out[range_start..range_start + padded.len()].copy_from_slice(padded.as_bytes());

    let mut signed = Vec::with_capacity(out.len() - hole_text.len());
    signed.extend_from_slice(&out[..hole_start]);
    signed.extend_from_slice(&out[hole_end..]);
    let mut chain = Stack::new().map_err(crypto)?;
    for c in &identity.chain {
        chain.push(c.clone()).map_err(crypto)?;
    }
    let flags = CMSOptions::DETACHED
        | CMSOptions::BINARY
        | CMSOptions::NOSMIMECAP
        | CMSOptions::from_bits_retain(CMS_CADES);
    let cms = CmsContentInfo::sign(
        Some(&identity.cert),
        Some(&identity.key),
        Some(&chain),
        Some(&signed),
        flags,
    )
    .map_err(crypto)?;
    let der = cms.to_der().map_err(crypto)?;
    if der.len() > SIGNATURE_BYTES {
        return Err(pdf_error(format!(
            "the signature takes {} bytes, more than the {SIGNATURE_BYTES} reserved (a certificate chain this long is not supported)",
            der.len()
        )));
    }
    let hex: String = der.iter().map(|b| format!("{b:02X}")).collect();
    out[hole_start + 1..hole_start + 1 + hex.len()].copy_from_slice(hex.as_bytes());
    Ok(())
}

/// The signature dictionaries of a document (fields with /FT /Sig and a value).
pub fn signature_fields(doc: &Document) -> Vec<ObjectId> {
    doc.objects
        .iter()
        .filter_map(|(id, o)| {
            let d = o.as_dict().ok()?;
            let is_sig = d.get(b"Type").and_then(Object::as_name).ok() == Some(b"Sig".as_slice())
                || (d.has(b"ByteRange") && d.has(b"Contents"));
            is_sig.then_some(*id)
        })
        .collect()
}

/// Who a signature's certificate says signed, and whether anyone vouches for it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SignerIdentity {
    /// A certificate that signs itself: nobody vouches for the name in it.
    SelfSigned,
    /// The certificate chains to a certificate this computer (or `--trust`) trusts.
    Trusted { issuer: String },
    /// Issued by someone this computer does not trust (or the chain is incomplete).
    NotTrusted { issuer: String, reason: String },
}

/// One signature read back from a PDF.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignatureCheck {
    /// The signer's common name (or the whole subject), when readable.
    pub signer: Option<String>,
    /// The /M time the signer's software wrote, as it wrote it (ISO form).
    pub signed_at: Option<String>,
    /// The signed bytes are exactly as signed (the CMS verifies over /ByteRange).
    pub intact: bool,
    /// The signature covers the whole file (nothing was added after it).
    pub covers_whole_file: bool,
    /// SubFilter ETSI.CAdES.detached with the signing-certificate attribute.
    pub pades: bool,
    pub identity: Option<SignerIdentity>,
    /// Why it could not be checked or is not intact, in plain words.
    pub problem: Option<String>,
}

/// Trust anchors for signer certificates: this computer's and any given.
pub fn trust_store(extra: &[X509]) -> Result<X509Store, SignError> {
    let mut b = X509StoreBuilder::new().map_err(crypto)?;
    // The system's certificates (/etc/ssl/certs on Debian); none is not an error.
    let _ = b.set_default_paths();
    for c in extra {
        b.add_cert(c.clone()).map_err(crypto)?;
    }
    Ok(b.build())
}

/// Reads PEM certificates (a `--trust` file).
pub fn read_pem_certificates(pem: &[u8], file: &str) -> Result<Vec<X509>, SignError> {
    X509::stack_from_pem(pem).map_err(|e| SignError::Unreadable {
        file: file.to_string(),
        detail: e.to_string(),
    })
}

/// Checks the signature dictionary `sig` of `doc`, read from `bytes`.
pub fn check_signature(
    bytes: &[u8],
    doc: &Document,
    sig: ObjectId,
    trust: &X509Store,
) -> SignatureCheck {
    let mut check = SignatureCheck {
        signer: None,
        signed_at: None,
        intact: false,
        covers_whole_file: false,
        pades: false,
        identity: None,
        problem: None,
    };
    let Ok(dict) = doc.get_dictionary(sig) else {
        check.problem = Some("the signature cannot be read".into());
        return check;
    };
    check.pades = dict.get(b"SubFilter").and_then(Object::as_name).ok()
        == Some(b"ETSI.CAdES.detached".as_slice());
    check.signed_at = dict
        .get(b"M")
        .and_then(Object::as_str)
        .ok()
        .map(|m| readable_pdf_date(&String::from_utf8_lossy(m)));
    // Who signed: from the signature value as the dictionary holds it, so
    // the signer is named even when the byte range no longer fits the file.
    let der = dict
        .get(b"Contents")
        .and_then(Object::as_str)
        .map(<[u8]>::to_vec)
        .unwrap_or_default();
    let signer = Pkcs7::from_der(&der).ok().and_then(|p7| {
        let none = Stack::new().ok()?;
        p7.signers(&none, Pkcs7Flags::empty())
            .ok()?
            .into_iter()
            .next()
    });
    if let Some(cert) = &signer {
        check.signer = Some(common_name(cert));
        check.identity = Some(identity_of(cert, &der, trust));
    }
    let range: Vec<i64> = dict
        .get(b"ByteRange")
        .and_then(Object::as_array)
        .map(|a| a.iter().filter_map(|o| o.as_i64().ok()).collect())
        .unwrap_or_default();
    let [0, a_len, b_start, b_len] = range[..] else {
        check.problem = Some("the signature does not say which bytes it signs".into());
        return check;
    };
    let (Ok(a_len), Ok(b_start), Ok(b_len)) = (
        usize::try_from(a_len),
        usize::try_from(b_start),
        usize::try_from(b_len),
    ) else {
        check.problem = Some("the signature does not say which bytes it signs".into());
        return check;
    };
    let in_file = a_len < b_start
        && b_start
            .checked_add(b_len)
            .is_some_and(|end| end <= bytes.len());
    if !in_file || bytes.get(a_len) != Some(&b'<') || bytes.get(b_start - 1) != Some(&b'>') {
        check.problem = Some(
            "the file was rewritten after it was signed: the signed bytes are no longer where the signature says"
                .into(),
        );
        return check;
    }
    check.covers_whole_file = b_start + b_len == bytes.len();
    // The value actually in the signed file's hole is what is checked.
    let Some(der) = hex_decode(&bytes[a_len + 1..b_start - 1]) else {
        check.problem = Some("the signature value is not readable".into());
        return check;
    };
    let mut signed = Vec::with_capacity(a_len + b_len);
    signed.extend_from_slice(&bytes[..a_len]);
    signed.extend_from_slice(&bytes[b_start..b_start + b_len]);
    let Ok(mut cms) = CmsContentInfo::from_der(&der) else {
        check.problem = Some("the signature value is not a CMS signature".into());
        return check;
    };
    check.intact = cms
        .verify(
            None,
            None,
            Some(&signed),
            None,
            CMSOptions::NO_SIGNER_CERT_VERIFY | CMSOptions::BINARY,
        )
        .is_ok();
    if !check.intact {
        check.problem = Some("the signed bytes have changed since they were signed".into());
    }
    check
}

fn identity_of(cert: &X509, der: &[u8], trust: &X509Store) -> SignerIdentity {
    if is_self_signed(cert) {
        return SignerIdentity::SelfSigned;
    }
    let issuer = name_text(cert.issuer_name());
    let chain: Vec<X509> = Pkcs7::from_der(der)
        .ok()
        .and_then(|p| {
            p.signed()
                .and_then(|s| s.certificates())
                .map(|c| c.iter().map(|c| c.to_owned()).collect())
        })
        .unwrap_or_default();
    let verdict = (|| {
        let mut stack = Stack::new()?;
        for c in chain {
            stack.push(c)?;
        }
        let mut ctx = X509StoreContext::new()?;
        ctx.init(trust, cert, &stack, |c| {
            let ok = c.verify_cert()?;
            Ok((ok, c.error().error_string().to_string()))
        })
    })();
    match verdict {
        Ok((true, _)) => SignerIdentity::Trusted { issuer },
        Ok((false, reason)) => SignerIdentity::NotTrusted { issuer, reason },
        Err(e) => SignerIdentity::NotTrusted {
            issuer,
            reason: e.to_string(),
        },
    }
}

fn hex_decode(hex: &[u8]) -> Option<Vec<u8>> {
    let digits: Vec<u8> = hex
        .iter()
        .copied()
        .filter(|b| !b.is_ascii_whitespace())
        .collect();
    let mut out = Vec::with_capacity(digits.len() / 2);
    for pair in digits.chunks(2) {
        let s = std::str::from_utf8(pair).ok()?;
        let s = if s.len() == 1 {
            format!("{s}0")
        } else {
            s.to_string()
        };
        out.push(u8::from_str_radix(&s, 16).ok()?);
    }
    Some(out)
}

/// `D:20261207143000+08'00'` → `2026-12-07 14:30 +08:00`; other forms as written.
fn readable_pdf_date(m: &str) -> String {
    let d = m.trim_start_matches("D:");
    let digits: String = d.chars().take(12).collect();
    if digits.len() < 12 || !digits.chars().all(|c| c.is_ascii_digit()) {
        return m.to_string();
    }
    let zone = d[12..].trim_start_matches(|c: char| c.is_ascii_digit());
    let zone = match zone.chars().next() {
        Some('Z') => " UTC".to_string(),
        Some(sign @ ('+' | '-')) => {
            let z: String = zone[1..].chars().filter(char::is_ascii_digit).collect();
            if z.len() >= 4 {
                format!(" {sign}{}:{}", &z[..2], &z[2..4])
            } else {
                String::new()
            }
        }
        _ => String::new(),
    };
    format!(
        "{}-{}-{} {}:{}{zone}",
        &digits[..4],
        &digits[4..6],
        &digits[6..8],
        &digits[8..10],
        &digits[10..12]
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pdf_dates_read_back() {
        let at = DateTime::parse_from_rfc3339("2026-12-07T14:30:05+08:00").unwrap();
        assert_eq!(pdf_date(at), "D:20261207143005+08'00'");
        assert_eq!(readable_pdf_date(&pdf_date(at)), "2026-12-07 14:30 +08:00");
        assert_eq!(
            readable_pdf_date("D:20261207143005Z"),
            "2026-12-07 14:30 UTC"
        );
        assert_eq!(readable_pdf_date("yesterday"), "yesterday");
    }

    #[test]
    fn a_trial_identity_round_trips_through_pkcs12() {
        let id = SigningIdentity::trial("采购部 Acme").unwrap();
        assert!(id.is_self_signed());
        assert!(id.subject().contains("CN=采购部 Acme (Assay trial)"));
        let p12 = id.to_pkcs12("secret").unwrap();
        let back = SigningIdentity::from_pkcs12(&p12, "secret", "trial.p12").unwrap();
        assert_eq!(back.subject(), id.subject());
        let wrong = SigningIdentity::from_pkcs12(&p12, "nope", "trial.p12");
        assert!(matches!(wrong, Err(SignError::Unreadable { .. })));
    }
}
