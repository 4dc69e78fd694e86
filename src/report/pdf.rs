//! The only module that knows printpdf: draws laid-out pages, sets the metadata,
//! embeds the report data (as PDF attachments) and writes the bytes.
//!
//! printpdf 0.12.8 traps handled here (engineering notes §1): subsetting needs the
//! `text_layout` feature; every text run is placed absolutely with
//! `SetTextMatrix(Translate)`; all three metadata dates are set (they default to
//! 1970); the document /ID is derived from the data (printpdf's is random).

use super::error::{FontTried, PdfPart, ReportError};
use super::layout::{Item, Page, Rgb};
use printpdf::{
    Color, Date, DateTime, FontId, Line, LineDashPattern, LinePoint, Offset, Op, PaintMode,
    ParsedFont, PdfDocument, PdfFontHandle, PdfPage, PdfSaveOptions, Point, Polygon, PolygonRing,
    Pt, TextItem, TextMatrix, TextRenderingMode, Time, WindingOrder,
};
use std::path::{Path, PathBuf};

/// A loaded font with its per-character advances, parsed once and reused.
pub struct ReportFont {
    font: ParsedFont,
    /// Where it came from (path, and face index for collections).
    pub source: String,
    /// SHA-256 of the font file, recorded in the PDF so `verify` knows whether
    /// it can re-render byte for byte.
    pub sha256: String,
    upm: f32,
    /// Advance per BMP code point in 1/upm units; negative = no glyph.
    bmp: Vec<f32>,
    replacement: char,
}

/// Every code point → glyph mapping of the font's Unicode character map, in the
/// map's own order (the subtable printpdf picks, `read_cmap_subtable`). `None`
/// when the map cannot be read this way.
fn cmap_mappings(bytes: &[u8], index: usize) -> Option<Vec<(u32, u16)>> {
    use allsorts::binary::read::ReadScope;
    use allsorts::font_data::FontData;
    use allsorts::tables::cmap::Cmap;
    use allsorts::tables::FontTableProvider;
    let font_file = ReadScope::new(bytes).read::<FontData<'_>>().ok()?;
    let provider = font_file.table_provider(index).ok()?;
    let data = provider.read_table_data(allsorts::tag::CMAP).ok()?;
    let cmap = ReadScope::new(&data).read::<Cmap<'_>>().ok()?;
    let (_, subtable) = allsorts::font::read_cmap_subtable(&cmap).ok()??;
    let mut out = Vec::new();
    subtable.mappings_fn(|cp, g| out.push((cp, g))).ok()?;
    Some(out)
}

/// The same character map as one array indexed by code point (cmap format 10).
///
/// Why: printpdf looks up every character of every text run twice while
/// writing (used glyphs, then the glyph string), and a format-12 map — the one
/// CJK fonts carry — is scanned group by group on each lookup: 19 % of a whole
/// demo export. An array answers in one step with the same glyph for every
/// mapped character. The one difference — an unmapped code point inside the
/// range gives glyph 0 instead of "none" — never reaches printpdf: `map_char`
/// replaces every character the font lacks before text is drawn. Fonts whose
/// map spans more than the whole Unicode range are left as they are.
fn dense_cmap(mappings: &[(u32, u16)]) -> Option<allsorts::tables::cmap::owned::CmapSubtable> {
    let first = mappings.iter().map(|m| m.0).min()?;
    let last = mappings.iter().map(|m| m.0).max()?;
    if last > 0x10FFFF {
        return None;
    }
    let mut glyph_id_array = vec![0u16; (last - first + 1) as usize];
    for &(cp, g) in mappings {
        glyph_id_array[(cp - first) as usize] = g;
    }
    Some(allsorts::tables::cmap::owned::CmapSubtable::Format10 {
        language: 0,
        start_char_code: first,
        glyph_id_array,
    })
}

/// Where Assay looks for its CJK font, in order.
pub fn font_candidates() -> Vec<(PathBuf, usize)> {
    let mut out = Vec::new();
    if let Ok(p) = std::env::var("ASSAY_FONT") {
        let with_index = p
            .rsplit_once('#')
            .and_then(|(path, i)| Some((path, i.parse().ok()?)));
        let (path, index) = with_index.unwrap_or((p.as_str(), 0));
        out.push((PathBuf::from(path), index));
    }
    const NAME: &str = "assets/fonts/NotoSansSC-Regular.ttf";
    if let Ok(exe) = std::env::current_exe() {
        for dir in exe.ancestors().skip(1).take(4) {
            out.push((dir.join(NAME), 0));
            out.push((dir.join("share/assay").join(NAME), 0));
        }
    }
    out.push((PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(NAME), 0));
    out.push((
        PathBuf::from("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"),
        2,
    ));
    out.push((
        PathBuf::from("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"),
        0,
    ));
    out
}

impl ReportFont {
    /// The first usable font of [`font_candidates`].
    pub fn load_default() -> Result<ReportFont, ReportError> {
        let mut tried = Vec::new();
        for (path, index) in font_candidates() {
            if !path.is_file() {
                tried.push(FontTried {
                    path: path.display().to_string(),
                    error: None,
                });
                continue;
            }
            match ReportFont::load(&path, index) {
                Ok(f) => return Ok(f),
                Err(e) => tried.push(FontTried {
                    path: path.display().to_string(),
                    error: Some(e),
                }),
            }
        }
        Err(ReportError::NoFont { tried })
    }

    pub fn load(path: &Path, index: usize) -> Result<ReportFont, ReportError> {
        let bytes = std::fs::read(path).map_err(|e| ReportError::FontUnreadable {
            path: path.display().to_string(),
            detail: e.to_string(),
        })?;
        ReportFont::from_bytes(&bytes, index, format!("{}#{index}", path.display()))
    }

    pub fn from_bytes(
        bytes: &[u8],
        index: usize,
        source: String,
    ) -> Result<ReportFont, ReportError> {
        // The digest of 10 MB and the parse take about as long: one on each core.
        std::thread::scope(|scope| {
            let hashing = scope.spawn(|| crate::digest::sha256_hex(bytes));
            let parsed = ReportFont::parse(bytes, index, source);
            let sha256 = hashing.join().expect("hashing bytes does not panic");
            parsed.map(|font| ReportFont { sha256, ..font })
        })
    }

    /// The font without its digest (`sha256` left empty, filled in by `from_bytes`).
    fn parse(bytes: &[u8], index: usize, source: String) -> Result<ReportFont, ReportError> {
        let mut warnings = Vec::new();
        let mut font = ParsedFont::from_bytes(bytes, index, &mut warnings).ok_or_else(|| {
            ReportError::NotAFont {
                font: source.clone(),
            }
        })?;
        let upm = font.pdf_font_metrics.units_per_em.max(1) as f32;
        let mut bmp = vec![-1.0f32; 0x10000];
        match cmap_mappings(bytes, index) {
            Some(mappings) => {
                for &(cp, g) in &mappings {
                    if let Some(slot) = bmp.get_mut(cp as usize).filter(|_| g != 0) {
                        *slot = font.get_horizontal_advance(g) as f32;
                    }
                }
                if let Some(dense) = dense_cmap(&mappings) {
                    font.cmap_subtable = Some(dense);
                }
            }
            None => {
                // The character map could not be walked in order: ask code point
                // by code point, as printpdf does (slow, but the same answers).
                for (cp, slot) in bmp.iter_mut().enumerate() {
                    if let Some(g) = font.lookup_glyph_index(cp as u32).filter(|g| *g != 0) {
                        *slot = font.get_horizontal_advance(g) as f32;
                    }
                }
            }
        }
        let replacement = if bmp[0x25A1] >= 0.0 { '□' } else { '?' };
        if bmp['A' as usize] < 0.0 || bmp['中' as usize] < 0.0 {
            return Err(ReportError::FontLacksGlyphs { font: source });
        }
        Ok(ReportFont {
            font,
            source,
            sha256: String::new(),
            upm,
            bmp,
            replacement,
        })
    }

    fn advance_units(&self, c: char) -> Option<f32> {
        let cp = c as u32;
        if cp < 0x10000 {
            let a = self.bmp[cp as usize];
            (a >= 0.0).then_some(a)
        } else {
            self.font
                .lookup_glyph_index(cp)
                .filter(|g| *g != 0)
                .map(|g| self.font.get_horizontal_advance(g) as f32)
        }
    }

    /// The character drawn for `c`: tabs become spaces, control and zero-width
    /// format characters are dropped, characters the font lacks become □.
    pub fn map_char(&self, c: char) -> Option<char> {
        match c {
            '\t' => Some(' '),
            c if c.is_control() => None,
            '\u{200B}'..='\u{200F}'
            | '\u{2060}'..='\u{2064}'
            | '\u{FE00}'..='\u{FE0F}'
            | '\u{FEFF}' => None,
            '\u{E0000}'..='\u{E01EF}' => None,
            c if self.advance_units(c).is_some() => Some(c),
            _ => Some(self.replacement),
        }
    }

    /// Width of `text` at `size` points, as drawn (after [`map_char`]).
    pub fn width(&self, text: &str, size: f32) -> f32 {
        let units: f32 = text
            .chars()
            .filter_map(|c| self.map_char(c))
            .map(|c| self.advance_units(c).unwrap_or(0.0))
            .sum();
        units * size / self.upm
    }

    fn drawable(&self, text: &str) -> String {
        text.chars().filter_map(|c| self.map_char(c)).collect()
    }
}

/// Document metadata.
pub struct Meta<'a> {
    pub title: &'a str,
    pub author: &'a str,
    pub subject: &'a str,
    pub keywords: &'a [String],
    pub generated_at: chrono::DateTime<chrono::FixedOffset>,
    /// Extra /Info entries (`Assay…` keys).
    pub info: Vec<(String, String)>,
    /// Attachments: file name, description, bytes.
    pub attachments: Vec<(String, String, Vec<u8>)>,
    /// Two 32-character strings for the trailer /ID.
    pub id: (String, String),
}

/// Key of the self-referential whole-file digest in /Info.
pub const FILE_DIGEST_KEY: &str = "AssayFileDigest";
pub const DIGEST_PLACEHOLDER: &str =
    "0000000000000000000000000000000000000000000000000000000000000000";

fn pdf_date(at: &chrono::DateTime<chrono::FixedOffset>) -> DateTime {
    use chrono::{Datelike, Timelike};
    let off = at.offset().local_minus_utc();
    DateTime::new_in_offset(
        Date {
            year: at.year(),
            month: at.month() as u8,
            day: at.day() as u8,
        },
        Time {
            hour: at.hour() as u8,
            minute: at.minute() as u8,
            second: at.second() as u8,
            millisecond: 0,
        },
        Offset {
            hours: (off / 3600) as i8,
            minutes: ((off.abs() % 3600) / 60) as i8 * if off < 0 { -1 } else { 1 },
            seconds: 0,
            milliseconds: 0,
        },
    )
}

fn color(c: Rgb) -> Color {
    Color::Rgb(printpdf::Rgb::new(c.0, c.1, c.2, None))
}

fn pt(x: f32, y: f32, h: f32) -> LinePoint {
    LinePoint {
        p: Point {
            x: Pt(x),
            y: Pt(h - y),
        },
        bezier: false,
    }
}

fn set_stroke(ops: &mut Vec<Op>, c: Rgb, width: f32, dash: &[f32]) {
    ops.push(Op::SetOutlineColor { col: color(c) });
    ops.push(Op::SetOutlineThickness { pt: Pt(width) });
    ops.push(Op::SetLineDashPattern {
        dash: LineDashPattern::new(0.0, dash),
    });
}

fn page_ops(page: &Page, font: &ReportFont, fid: &FontId) -> Vec<Op> {
    let h = page.height;
    let mut ops = Vec::with_capacity(page.items.len() * 3 + 8);
    // Graphics first, then all text in one text object.
    for item in &page.items {
        match item {
            Item::Text { .. } => {}
            Item::Line {
                points,
                width,
                color: c,
                dash,
            } => {
                set_stroke(&mut ops, *c, *width, dash);
                ops.push(Op::DrawLine {
                    line: Line {
                        points: points.iter().map(|(x, y)| pt(*x, *y, h)).collect(),
                        is_closed: false,
                    },
                });
            }
            Item::Poly {
                points,
                fill,
                stroke,
                dash,
            } => {
                let mode = match (fill, stroke) {
                    (Some(_), Some(_)) => PaintMode::FillStroke,
                    (Some(_), None) => PaintMode::Fill,
                    _ => PaintMode::Stroke,
                };
                if let Some(f) = fill {
                    ops.push(Op::SetFillColor { col: color(*f) });
                }
                if let Some((c, w)) = stroke {
                    set_stroke(&mut ops, *c, *w, dash);
                }
                ops.push(Op::DrawPolygon {
                    polygon: Polygon {
                        rings: vec![PolygonRing {
                            points: points.iter().map(|(x, y)| pt(*x, *y, h)).collect(),
                        }],
                        mode,
                        winding_order: WindingOrder::NonZero,
                    },
                });
            }
        }
    }
    ops.push(Op::StartTextSection);
    let mut cur_size = -1.0f32;
    let mut cur_color: Option<Rgb> = None;
    let mut cur_bold = false;
    for item in &page.items {
        if let Item::Text {
            x,
            y,
            size,
            text,
            color: c,
        } = item
        {
            let s = font.drawable(text);
            if s.trim().is_empty() {
                continue;
            }
            let size_changed = *size != cur_size;
            if size_changed {
                ops.push(Op::SetFont {
                    font: PdfFontHandle::External(fid.clone()),
                    size: Pt(*size),
                });
                cur_size = *size;
            }
            let bold = *size >= BOLD_FROM;
            if cur_color != Some(*c) {
                ops.push(Op::SetFillColor { col: color(*c) });
                if bold {
                    ops.push(Op::SetOutlineColor { col: color(*c) });
                }
                cur_color = Some(*c);
            }
            if bold != cur_bold || (bold && size_changed) {
                if bold {
                    // Synthetic bold: each glyph filled and outlined in its own
                    // colour, the outline a fixed share of the size.
                    ops.push(Op::SetOutlineColor { col: color(*c) });
                    ops.push(Op::SetOutlineThickness {
                        pt: Pt(*size * BOLD_STROKE),
                    });
                    ops.push(Op::SetTextRenderingMode {
                        mode: TextRenderingMode::FillStroke,
                    });
                } else {
                    ops.push(Op::SetTextRenderingMode {
                        mode: TextRenderingMode::Fill,
                    });
                }
                cur_bold = bold;
            }
            ops.push(Op::SetTextMatrix {
                matrix: TextMatrix::Translate(Pt(*x), Pt(h - *y)),
            });
            ops.push(Op::ShowText {
                items: vec![TextItem::Text(s)],
            });
        }
    }
    ops.push(Op::EndTextSection);
    ops
}

/// Text set at this size or larger — the report's titles and headings — is
/// bold. Synthetic bold (fill and outline, PDF text rendering mode 2) rather
/// than a second, bold font file: that would double the font an export loads,
/// which is most of a whole-process export's time (docs/benchmarks.md).
pub const BOLD_FROM: f32 = 12.0;
/// The outline of synthetic bold, as a share of the text size.
const BOLD_STROKE: f32 = 0.03;

/// Renders pages into PDF bytes (before the whole-file digest is filled in).
pub fn render(pages: &[Page], font: &ReportFont, meta: &Meta) -> Result<Vec<u8>, ReportError> {
    use lopdf::{Dictionary, Object, Stream, StringFormat};
    let mut doc = PdfDocument::new(meta.title);
    // A fixed resource name: printpdf's FontId::new() is random per call, which
    // would make two renders in one process differ.
    // printpdf takes the subset tag (six capitals, `ABCDEF+Name`) from the id.
    let fid = FontId(
        font.sha256
            .bytes()
            .take(32)
            .map(|b| (b'A' + (b as char).to_digit(16).unwrap_or(0) as u8) as char)
            .collect(),
    );
    doc.resources
        .fonts
        .map
        .insert(fid.clone(), printpdf::PdfFont::new(font.font.clone()));
    let pdf_pages: Vec<PdfPage> = pages
        .iter()
        .map(|p| {
            PdfPage::new(
                Pt(p.width).into(),
                Pt(p.height).into(),
                page_ops(p, font, &fid),
            )
        })
        .collect();
    let date = pdf_date(&meta.generated_at);
    let info = &mut doc.metadata.info;
    info.document_title = meta.title.to_string();
    info.author = meta.author.to_string();
    info.creator = format!("Assay {}", env!("CARGO_PKG_VERSION"));
    info.producer = "Assay (printpdf 0.12.8)".to_string();
    info.subject = meta.subject.to_string();
    info.keywords = meta.keywords.to_vec();
    info.identifier = meta.id.0.clone();
    info.creation_date = date;
    info.modification_date = date;
    info.metadata_date = date;
    let doc = doc.with_pages(pdf_pages);
    let opts = PdfSaveOptions {
        optimize: true,
        subset_fonts: true,
        secure: true,
        image_optimization: None,
    };
    let mut warnings = Vec::new();
    let mut lo = doc.to_lopdf_document(&opts, &mut warnings);

    // Attachments: /Names /EmbeddedFiles in the catalog (names sorted).
    let mut attachments = meta.attachments.clone();
    attachments.sort_by(|a, b| a.0.cmp(&b.0));
    let mut names = Vec::new();
    for (name, desc, bytes) in &attachments {
        let mut params = Dictionary::new();
        params.set("Size", Object::Integer(bytes.len() as i64));
        let mut sd = Dictionary::new();
        sd.set("Type", Object::Name(b"EmbeddedFile".to_vec()));
        sd.set("Subtype", Object::Name(b"application/json".to_vec()));
        sd.set("Params", Object::Dictionary(params));
        let stream_id = lo.add_object(Object::Stream(Stream::new(sd, bytes.clone())));
        let mut ef = Dictionary::new();
        ef.set("F", Object::Reference(stream_id));
        let mut spec = Dictionary::new();
        spec.set("Type", Object::Name(b"Filespec".to_vec()));
        spec.set(
            "F",
            Object::String(name.as_bytes().to_vec(), StringFormat::Literal),
        );
        spec.set(
            "UF",
            Object::String(name.as_bytes().to_vec(), StringFormat::Literal),
        );
        spec.set(
            "Desc",
            Object::String(desc.as_bytes().to_vec(), StringFormat::Literal),
        );
        spec.set("AFRelationship", Object::Name(b"Source".to_vec()));
        spec.set("EF", Object::Dictionary(ef));
        let spec_id = lo.add_object(Object::Dictionary(spec));
        names.push(Object::String(
            name.as_bytes().to_vec(),
            StringFormat::Literal,
        ));
        names.push(Object::Reference(spec_id));
    }
    let root = lo
        .trailer
        .get(b"Root")
        .and_then(Object::as_reference)
        .map_err(|e| ReportError::PdfPartMissing {
            part: PdfPart::Catalog,
            detail: e.to_string(),
        })?;
    let mut ef_tree = Dictionary::new();
    ef_tree.set("Names", Object::Array(names));
    let mut names_dict = Dictionary::new();
    names_dict.set("EmbeddedFiles", Object::Dictionary(ef_tree));
    lo.get_object_mut(root)
        .and_then(Object::as_dict_mut)
        .map_err(|e| ReportError::PdfPartMalformed {
            part: PdfPart::Catalog,
            detail: e.to_string(),
        })?
        .set("Names", Object::Dictionary(names_dict));

    // Custom /Info keys and the digest placeholder.
    let info_id = lo
        .trailer
        .get(b"Info")
        .and_then(Object::as_reference)
        .map_err(|e| ReportError::PdfPartMissing {
            part: PdfPart::Info,
            detail: e.to_string(),
        })?;
    {
        let info = lo
            .get_object_mut(info_id)
            .and_then(Object::as_dict_mut)
            .map_err(|e| ReportError::PdfPartMalformed {
                part: PdfPart::Info,
                detail: e.to_string(),
            })?;
        // printpdf writes local time with a +00'00' offset and an empty
        // /GTS_PDFXVersion (a PDF/X claim we do not make): write both right.
        let off = meta.generated_at.offset().local_minus_utc();
        let stamp = format!(
            "D:{}{}{:02}'{:02}'",
            meta.generated_at.format("%Y%m%d%H%M%S"),
            if off < 0 { '-' } else { '+' },
            off.abs() / 3600,
            (off.abs() % 3600) / 60
        );
        for key in ["CreationDate", "ModDate"] {
            info.set(
                key,
                Object::String(stamp.as_bytes().to_vec(), StringFormat::Literal),
            );
        }
        info.remove(b"GTS_PDFXVersion");
        for (k, v) in &meta.info {
            info.set(
                k.as_bytes().to_vec(),
                Object::String(v.as_bytes().to_vec(), StringFormat::Literal),
            );
        }
        info.set(
            FILE_DIGEST_KEY,
            Object::String(
                DIGEST_PLACEHOLDER.as_bytes().to_vec(),
                StringFormat::Literal,
            ),
        );
    }
    lo.trailer.set(
        "ID",
        Object::Array(vec![
            Object::String(meta.id.0.as_bytes().to_vec(), StringFormat::Literal),
            Object::String(meta.id.1.as_bytes().to_vec(), StringFormat::Literal),
        ]),
    );
    compress_on_all_cores(&mut lo);
    let mut out = Vec::new();
    lo.save_to(&mut out).map_err(|e| ReportError::PdfSave {
        detail: e.to_string(),
    })?;
    Ok(out)
}

/// `lopdf::Document::compress`, the streams shared out over the machine's
/// cores: each stream is compressed by lopdf's own `Stream::compress` (so the
/// bytes are the same), largest first, each to the core with the least so far.
/// Compression at lopdf's level 9 was a fifth of a whole demo export.
fn compress_on_all_cores(doc: &mut lopdf::Document) {
    let mut streams: Vec<&mut lopdf::Stream> = doc
        .objects
        .values_mut()
        .filter_map(|o| match o {
            lopdf::Object::Stream(s) if s.allows_compression => Some(s),
            _ => None,
        })
        .collect();
    streams.sort_by_key(|s| std::cmp::Reverse(s.content.len()));
    let cores = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1)
        .clamp(1, 8);
    let mut shares: Vec<(usize, Vec<&mut lopdf::Stream>)> =
        (0..cores).map(|_| (0, Vec::new())).collect();
    for stream in streams {
        let least = shares
            .iter_mut()
            .min_by_key(|(bytes, _)| *bytes)
            .expect("at least one core");
        least.0 += stream.content.len();
        least.1.push(stream);
    }
    let compress = |share: Vec<&mut lopdf::Stream>| {
        for stream in share {
            // As lopdf: a stream that cannot be compressed is written as it is.
            let _ = stream.compress();
        }
    };
    let mut shares = shares.into_iter().map(|(_, share)| share);
    let here = shares.next().unwrap_or_default();
    std::thread::scope(|scope| {
        for share in shares.filter(|s| !s.is_empty()) {
            scope.spawn(move || compress(share));
        }
        compress(here);
    });
}

/// Reads the report's attachments and /Info keys back (for `verify`).
pub struct Extracted {
    pub info: Vec<(String, String)>,
    pub attachments: Vec<(String, Vec<u8>)>,
}

impl Extracted {
    pub fn info(&self, key: &str) -> Option<&str> {
        lookup(&self.info, key).map(String::as_str)
    }
    pub fn attachment(&self, name: &str) -> Option<&[u8]> {
        lookup(&self.attachments, name).map(Vec::as_slice)
    }
}

/// The report's own records — the attachments and the /Info entries Assay
/// wrote (`Assay…`) — are the same in both files. The file digest is not
/// compared: it changes with any byte, which is the question asked elsewhere;
/// /Info entries a reader updates (ModDate, Producer) are not Assay's.
pub fn same_report_records(a: &Extracted, b: &Extracted) -> bool {
    let records = |e: &Extracted| -> Vec<(String, String)> {
        let mut v: Vec<(String, String)> = e
            .info
            .iter()
            .filter(|(k, _)| k.starts_with("Assay") && k != FILE_DIGEST_KEY)
            .cloned()
            .collect();
        v.sort();
        v
    };
    let files = |e: &Extracted| -> Vec<(String, Vec<u8>)> {
        let mut v = e.attachments.clone();
        v.sort();
        v
    };
    records(a) == records(b) && files(a) == files(b)
}

fn lookup<'a, T>(pairs: &'a [(String, T)], key: &str) -> Option<&'a T> {
    pairs.iter().find(|(k, _)| k == key).map(|(_, v)| v)
}

/// The most any one stream of a PDF may decompress to when it is verified.
pub const MAX_STREAM_BYTES: usize = 64 * 1024 * 1024;
/// The most all attachments of a PDF together may decompress to when verified.
pub const MAX_DECOMPRESSED_TOTAL: usize = 64 * 1024 * 1024;
/// Attachments read at most (an Assay report has two).
pub const MAX_ATTACHMENTS: usize = 16;

/// Loads a PDF given to `verify` or `sign` with every stream capped at
/// [`MAX_STREAM_BYTES`] when unpacked (the one way Assay reads others' PDFs).
pub fn load_document(bytes: &[u8]) -> Result<lopdf::Document, lopdf::Error> {
    let options = lopdf::LoadOptions {
        max_decompressed_size: Some(MAX_STREAM_BYTES),
        ..Default::default()
    };
    lopdf::Document::load_mem_with_options(bytes, options)
}

pub fn extract(bytes: &[u8]) -> Result<Extracted, ReportError> {
    use lopdf::Object;
    let doc = load_document(bytes).map_err(|e| ReportError::NotPdf {
        detail: e.to_string(),
    })?;
    let mut info = Vec::new();
    if let Ok(id) = doc.trailer.get(b"Info").and_then(Object::as_reference) {
        if let Ok(d) = doc.get_dictionary(id) {
            for (k, v) in d.iter() {
                if let Ok(s) = v.as_str() {
                    info.push((
                        String::from_utf8_lossy(k).into_owned(),
                        String::from_utf8_lossy(s).into_owned(),
                    ));
                }
            }
        }
    }
    let mut attachments = Vec::new();
    let catalog = doc.catalog().map_err(|e| ReportError::NoCatalog {
        detail: e.to_string(),
    })?;
    let names = catalog
        .get(b"Names")
        .and_then(|n| doc.dereference(n).map(|(_, o)| o))
        .and_then(Object::as_dict)
        .and_then(|n| n.get(b"EmbeddedFiles"))
        .and_then(|n| doc.dereference(n).map(|(_, o)| o))
        .and_then(Object::as_dict)
        .and_then(|n| n.get(b"Names"))
        .and_then(|n| doc.dereference(n).map(|(_, o)| o))
        .and_then(Object::as_array)
        .map_err(|e| ReportError::NoEmbeddedData {
            detail: e.to_string(),
        })?;
    let mut budget = MAX_DECOMPRESSED_TOTAL;
    let mut seen: Vec<lopdf::ObjectId> = Vec::new();
    for pair in names.chunks(2) {
        let [name, spec] = pair else { continue };
        let name = name
            .as_str()
            .map(|s| String::from_utf8_lossy(s).into_owned())
            .unwrap_or_default();
        if attachments.len() >= MAX_ATTACHMENTS {
            return Err(ReportError::AttachmentUnreadable {
                name,
                detail: format!("the file lists more than {MAX_ATTACHMENTS} attachments; an Assay report has two"),
            });
        }
        let unreadable = |detail: String| ReportError::AttachmentUnreadable {
            name: name.clone(),
            detail,
        };
        let (id, content) = doc
            .dereference(spec)
            .and_then(|(_, o)| o.as_dict())
            .and_then(|d| d.get(b"EF"))
            .and_then(Object::as_dict)
            .and_then(|d| d.get(b"F"))
            .and_then(|f| doc.dereference(f))
            .and_then(|(id, o)| o.as_stream().map(|s| (id, s)))
            .map_err(|e| unreadable(e.to_string()))?;
        if let Some(id) = id {
            if seen.contains(&id) {
                return Err(unreadable(format!(
                    "object {} {} is listed as more than one attachment; an Assay report lists each once",
                    id.0, id.1
                )));
            }
            seen.push(id);
        }
        let limit = budget.min(MAX_STREAM_BYTES);
        let data = content.get_plain_content_with_limit(limit).map_err(|e| {
            unreadable(format!(
                "it does not decompress within {} MiB ({e}); an Assay report's data is far smaller",
                limit / (1024 * 1024)
            ))
        })?;
        budget -= data.len();
        attachments.push((name, data));
    }
    Ok(Extracted { info, attachments })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The shipped questionnaire answered by four synthetic vendors, some with
    /// Chinese names: report data without a store (the report layer names none).
    fn sample_report() -> crate::report::data::ReportData {
        let q = crate::catalog::bundled()
            .into_iter()
            .find_map(|l| l.questionnaire)
            .expect("a shipped questionnaire");
        let as_of = chrono::NaiveDate::from_ymd_opt(2026, 12, 1).unwrap();
        let names = [
            "企业微信 WeCom",
            "Feishu / Lark 飞书",
            "Element",
            "钉钉 DingTalk",
        ];
        let vendors = crate::synthetic::answers(&q, names.len(), 7, as_of)
            .into_iter()
            .zip(names)
            .map(|((_, answers), name)| crate::answers::VendorAnswers {
                name: name.to_string(),
                product: None,
                answers,
            })
            .collect();
        let profiles = q.profiles.iter().map(|p| p.id.clone()).collect();
        crate::report::data::ReportData::new(
            &q,
            crate::report::data::EvaluationMeta {
                name: "即时通讯安全评估 IM security".into(),
                profiles,
                as_of,
                ..Default::default()
            },
            vendors,
        )
    }

    /// The array character map and the advance table give, for every code
    /// point, what the font's own format-12 map gives (what printpdf drew before).
    #[test]
    fn the_fast_character_map_gives_the_glyphs_and_advances_the_fonts_own_does() {
        let font = ReportFont::load_default().expect("the bundled font");
        let (path, index) = font.source.rsplit_once('#').unwrap();
        let bytes = std::fs::read(path).unwrap();
        let as_parsed =
            ParsedFont::from_bytes(&bytes, index.parse().unwrap(), &mut Vec::new()).unwrap();
        for cp in 0..0x30000u32 {
            let theirs = as_parsed.lookup_glyph_index(cp).filter(|g| *g != 0);
            let ours = font.font.lookup_glyph_index(cp).filter(|g| *g != 0);
            assert_eq!(ours, theirs, "glyph of U+{cp:04X}");
            if cp < 0x10000 {
                let advance = theirs.map(|g| as_parsed.get_horizontal_advance(g) as f32);
                let in_table = Some(font.bmp[cp as usize]).filter(|a| *a >= 0.0);
                assert_eq!(in_table, advance, "advance of U+{cp:04X}");
            }
        }
    }

    /// The array map changes no byte of a report: a report in both languages
    /// renders the same with the font's own map put back (a report of the
    /// shipped questionnaire, four vendors, both languages).
    #[test]
    fn the_fast_character_map_changes_no_byte_of_the_report() {
        let data = sample_report();
        let fast = ReportFont::load_default().unwrap();
        let mut own = ReportFont::load_default().unwrap();
        let (path, index) = own.source.rsplit_once('#').unwrap();
        let bytes = std::fs::read(path).unwrap();
        let as_parsed =
            ParsedFont::from_bytes(&bytes, index.parse().unwrap(), &mut Vec::new()).unwrap();
        own.font.cmap_subtable = as_parsed.cmap_subtable.clone();
        assert_ne!(own.font.cmap_subtable, fast.font.cmap_subtable);
        let at = chrono::DateTime::parse_from_rfc3339("2026-12-07T10:00:00+08:00").unwrap();
        for lang in [crate::Lang::En, crate::Lang::ZhCn] {
            let a = crate::report::render(&data, at, lang, &fast).unwrap().bytes;
            let b = crate::report::render(&data, at, lang, &own).unwrap().bytes;
            assert!(a == b, "{lang:?}: the report differs with the array map");
        }
    }

    /// Streams compressed over all cores give the bytes lopdf's own
    /// `compress` gives.
    #[test]
    fn compressing_on_all_cores_gives_lopdfs_bytes() {
        let data = sample_report();
        let font = ReportFont::load_default().unwrap();
        let at = chrono::DateTime::parse_from_rfc3339("2026-12-07T10:00:00+08:00").unwrap();
        let report = crate::report::render(&data, at, crate::Lang::ZhCn, &font).unwrap();
        let mut plain = load_document(&report.bytes).unwrap();
        plain.decompress();
        let streams = plain
            .objects
            .values()
            .filter(|o| matches!(o, lopdf::Object::Stream(_)))
            .count();
        assert!(streams > 50, "{streams} streams");
        let saved = |mut doc: lopdf::Document, compress: fn(&mut lopdf::Document)| {
            compress(&mut doc);
            let mut out = Vec::new();
            doc.save_to(&mut out).unwrap();
            out
        };
        let uncompressed = saved(plain.clone(), |_| ()).len();
        let theirs = saved(plain.clone(), |d| d.compress());
        let ours = saved(plain, compress_on_all_cores);
        assert!(
            ours.len() < uncompressed / 2,
            "{} of {uncompressed} bytes",
            ours.len()
        );
        assert!(ours == theirs, "the compressed streams differ");
    }
}
