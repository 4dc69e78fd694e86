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

/// The report's font: a regular face for text and, where one was found, a
/// bold face for titles and headings (text of [`BOLD_FROM`] points and more).
/// Without a bold face headings are set in synthetic bold (see [`page_ops`]).
pub struct ReportFont {
    regular: Face,
    bold: Option<Face>,
    /// Where the regular face came from (path, and face index for collections).
    pub source: String,
    /// SHA-256 of the regular face's file, recorded in the PDF (with
    /// [`ReportFont::bold_identity`]) so `verify` knows whether it can
    /// re-render byte for byte.
    pub sha256: String,
}

/// One face of the report font with its per-character advances, loaded once
/// and reused.
struct Face {
    glyphs: Glyphs,
    /// Where it came from (path, and face index for collections).
    source: String,
    /// SHA-256 of the font file.
    sha256: String,
    upm: f32,
    /// Advance per BMP code point in 1/upm units; negative = no glyph.
    bmp: Vec<f32>,
    replacement: char,
}

/// How a face's glyphs reach printpdf.
enum Glyphs {
    /// The whole font parsed once at load: the regular face, most of whose
    /// glyphs some report uses.
    Parsed(Box<ParsedFont>),
    /// The font file kept as it is, and a font of only the glyphs a report
    /// draws made from it when the report is written: the bold face, of whose
    /// 30,000 glyphs a report's headings use a few hundred. Parsing the whole
    /// second file took as long as parsing the first — a quarter of a
    /// whole-process export (docs/benchmarks.md).
    Subset {
        bytes: Vec<u8>,
        index: usize,
        /// The character map, code point → glyph, by code point.
        mappings: Vec<(u32, u16)>,
        /// Advances of the characters above the BMP, by code point.
        beyond_bmp: Vec<(u32, f32)>,
    },
}

/// What the PDF records for the bold face when there is none.
pub const SYNTHETIC_BOLD: &str = "synthetic";

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

/// One place Assay looks for its CJK font: the regular face and, beside it,
/// where its bold face would be.
pub struct FontCandidate {
    pub regular: (PathBuf, usize),
    /// `None`: this font has no bold face (headings in synthetic bold).
    pub bold: Option<(PathBuf, usize)>,
}

/// `path` or `path#face` (a face of a collection), as `ASSAY_FONT` takes it.
fn path_and_face(value: &str) -> (PathBuf, usize) {
    let with_index = value
        .rsplit_once('#')
        .and_then(|(path, i)| Some((path, i.parse().ok()?)));
    let (path, index) = with_index.unwrap_or((value, 0));
    (PathBuf::from(path), index)
}

/// The bold face the user named (`ASSAY_FONT_BOLD`), whatever the regular is.
fn bold_from_environment() -> Option<(PathBuf, usize)> {
    std::env::var("ASSAY_FONT_BOLD")
        .ok()
        .filter(|p| !p.is_empty())
        .map(|p| path_and_face(&p))
}

/// Where Assay looks for its CJK font, in order: `ASSAY_FONT` (its bold face
/// only from `ASSAY_FONT_BOLD`), the shipped Noto Sans SC (Regular and Bold,
/// next to the executable or in the source tree), then Debian's Noto Sans CJK
/// and WenQuanYi Micro Hei (no bold face).
pub fn font_candidates() -> Vec<FontCandidate> {
    let mut out = Vec::new();
    if let Ok(p) = std::env::var("ASSAY_FONT") {
        out.push(FontCandidate {
            regular: path_and_face(&p),
            bold: None,
        });
    }
    const REGULAR: &str = "assets/fonts/NotoSansSC-Regular.ttf";
    const BOLD: &str = "assets/fonts/NotoSansSC-Bold.ttf";
    let shipped = |dir: &Path| FontCandidate {
        regular: (dir.join(REGULAR), 0),
        bold: Some((dir.join(BOLD), 0)),
    };
    if let Ok(exe) = std::env::current_exe() {
        for dir in exe.ancestors().skip(1).take(4) {
            out.push(shipped(dir));
            out.push(shipped(&dir.join("share/assay")));
        }
    }
    out.push(shipped(Path::new(env!("CARGO_MANIFEST_DIR"))));
    out.push(FontCandidate {
        regular: (
            PathBuf::from("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"),
            2,
        ),
        bold: Some((
            PathBuf::from("/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc"),
            2,
        )),
    });
    out.push(FontCandidate {
        regular: (
            PathBuf::from("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"),
            0,
        ),
        bold: None,
    });
    out
}

impl ReportFont {
    /// The first usable font of [`font_candidates`], with its bold face when
    /// that file is there. A bold face named by `ASSAY_FONT_BOLD`, or present
    /// but unusable, is an error, not a silent fall back to synthetic bold.
    pub fn load_default() -> Result<ReportFont, ReportError> {
        let mut tried = Vec::new();
        let bold_named = bold_from_environment();
        for candidate in font_candidates() {
            let (path, index) = &candidate.regular;
            if !path.is_file() {
                tried.push(FontTried {
                    path: path.display().to_string(),
                    error: None,
                });
                continue;
            }
            let bold = match bold_named.clone() {
                Some(named) => Some(named),
                None => candidate.bold.filter(|(p, _)| p.is_file()),
            };
            // Both faces at once: each is read, parsed and hashed on its own threads.
            let (regular, bold) = std::thread::scope(|scope| {
                let bold = bold.map(|(p, i)| scope.spawn(move || Face::load_kept(&p, i)));
                let regular = Face::load(path, *index);
                let bold = bold.map(|b| b.join().expect("loading a font does not panic"));
                (regular, bold)
            });
            match regular {
                Ok(regular) => {
                    return Ok(ReportFont {
                        source: regular.source.clone(),
                        sha256: regular.sha256.clone(),
                        regular,
                        bold: bold.transpose()?,
                    })
                }
                Err(e) => tried.push(FontTried {
                    path: path.display().to_string(),
                    error: Some(e),
                }),
            }
        }
        Err(ReportError::NoFont { tried })
    }

    /// A font of one face read from memory (headings in synthetic bold).
    pub fn from_bytes(
        bytes: &[u8],
        index: usize,
        source: String,
    ) -> Result<ReportFont, ReportError> {
        let regular = Face::from_bytes(bytes, index, source)?;
        Ok(ReportFont {
            source: regular.source.clone(),
            sha256: regular.sha256.clone(),
            regular,
            bold: None,
        })
    }

    /// What the PDF records of the bold face (`AssayBoldFontSha256`): the
    /// SHA-256 of its file, or [`SYNTHETIC_BOLD`].
    pub fn bold_identity(&self) -> &str {
        self.bold
            .as_ref()
            .map_or(SYNTHETIC_BOLD, |b| b.sha256.as_str())
    }

    /// Where the bold face came from, if there is one.
    pub fn bold_source(&self) -> Option<&str> {
        self.bold.as_ref().map(|b| b.source.as_str())
    }

    /// The face text of `size` points is set in, and whether it is drawn as
    /// synthetic bold.
    fn face(&self, size: f32) -> (&Face, bool) {
        match (size >= BOLD_FROM, &self.bold) {
            (true, Some(bold)) => (bold, false),
            (true, None) => (&self.regular, true),
            (false, _) => (&self.regular, false),
        }
    }

    /// Width of `text` at `size` points, as drawn in the face that size uses.
    pub fn width(&self, text: &str, size: f32) -> f32 {
        self.face(size).0.width(text, size)
    }
}

/// The most a font file may weigh: the largest CJK collections (Noto Sans
/// CJK, all weights in one file) are under 100 MB. A larger file named by
/// `ASSAY_FONT`/`ASSAY_FONT_BOLD` is refused, not read into memory.
const MAX_FONT_BYTES: u64 = 128 * 1024 * 1024;

/// The font file at `path`, read as every file a user names is
/// (`bounded_read`: a regular file only, at most [`MAX_FONT_BYTES`]).
fn read_font(path: &Path) -> Result<Vec<u8>, ReportError> {
    use crate::bounded_read::{read_regular_file, ReadError};
    read_regular_file(path, MAX_FONT_BYTES).map_err(|e| ReportError::FontUnreadable {
        path: path.display().to_string(),
        detail: match e {
            ReadError::TooLarge {
                size: Some(size), ..
            } => format!("{size} bytes, more than the {MAX_FONT_BYTES} a font file may have"),
            ReadError::TooLarge { size: None, .. } => {
                format!("more than the {MAX_FONT_BYTES} bytes a font file may have")
            }
            e => e.to_string(),
        },
    })
}

/// Each glyph's advance (`hmtx`) and the units per em, read without parsing
/// the glyphs. `None` when the tables do not read.
fn glyph_advances(bytes: &[u8], index: usize) -> Option<(f32, Vec<u16>)> {
    use allsorts::binary::read::ReadScope;
    use allsorts::font_data::FontData;
    use allsorts::tables::{FontTableProvider, HeadTable, HheaTable, HmtxTable, MaxpTable};
    let font_file = ReadScope::new(bytes).read::<FontData<'_>>().ok()?;
    let provider = font_file.table_provider(index).ok()?;
    let table = |tag| provider.read_table_data(tag).ok();
    let head = table(allsorts::tag::HEAD)?;
    let head = ReadScope::new(&head).read::<HeadTable>().ok()?;
    let hhea = table(allsorts::tag::HHEA)?;
    let hhea = ReadScope::new(&hhea).read::<HheaTable>().ok()?;
    let maxp = table(allsorts::tag::MAXP)?;
    let maxp = ReadScope::new(&maxp).read::<MaxpTable>().ok()?;
    let hmtx = table(allsorts::tag::HMTX)?;
    let hmtx = ReadScope::new(&hmtx)
        .read_dep::<HmtxTable<'_>>((
            usize::from(maxp.num_glyphs),
            usize::from(hhea.num_h_metrics),
        ))
        .ok()?;
    let advances = (0..maxp.num_glyphs)
        .map(|g| hmtx.horizontal_advance(g).ok())
        .collect::<Option<Vec<u16>>>()?;
    Some((f32::from(head.units_per_em.max(1)), advances))
}

impl Face {
    fn load(path: &Path, index: usize) -> Result<Face, ReportError> {
        let bytes = read_font(path)?;
        Face::from_bytes(&bytes, index, format!("{}#{index}", path.display()))
    }

    /// A face whose glyphs are parsed only when a report needs them
    /// ([`Glyphs::Subset`]): its character map and advances are read now, and
    /// a font of two of its glyphs is made and parsed to show it can be.
    fn load_kept(path: &Path, index: usize) -> Result<Face, ReportError> {
        let bytes = read_font(path)?;
        let source = format!("{}#{index}", path.display());
        let not_a_font = || ReportError::NotAFont {
            font: source.clone(),
        };
        // The digest on another core while the tables are read.
        let (sha256, tables) = std::thread::scope(|scope| {
            let hashing = scope.spawn(|| crate::digest::sha256_hex(&bytes));
            let tables = cmap_mappings(&bytes, index).zip(glyph_advances(&bytes, index));
            (
                hashing.join().expect("hashing bytes does not panic"),
                tables,
            )
        });
        let (mut mappings, (upm, advances)) = tables.ok_or_else(not_a_font)?;
        mappings.sort_unstable();
        let mut bmp = vec![-1.0f32; 0x10000];
        let mut beyond_bmp = Vec::new();
        for &(cp, g) in &mappings {
            let Some(&advance) = advances.get(usize::from(g)).filter(|_| g != 0) else {
                continue;
            };
            match bmp.get_mut(cp as usize) {
                Some(slot) => *slot = f32::from(advance),
                None => beyond_bmp.push((cp, f32::from(advance))),
            }
        }
        let replacement = if bmp[0x25A1] >= 0.0 { '□' } else { '?' };
        if bmp['A' as usize] < 0.0 || bmp['中' as usize] < 0.0 {
            return Err(ReportError::FontLacksGlyphs { font: source });
        }
        let face = Face {
            glyphs: Glyphs::Subset {
                bytes,
                index,
                mappings,
                beyond_bmp,
            },
            source,
            sha256,
            upm,
            bmp,
            replacement,
        };
        face.font_for(&['A', '中'].into_iter().collect())?;
        Ok(face)
    }

    /// The font printpdf embeds for a report that draws `chars` in this face:
    /// the parsed font, or a font of those characters' glyphs made from the
    /// kept file (subset by allsorts, as printpdf does when it embeds).
    fn font_for(
        &self,
        chars: &std::collections::BTreeSet<char>,
    ) -> Result<ParsedFont, ReportError> {
        let (bytes, index, mappings) = match &self.glyphs {
            Glyphs::Parsed(font) => return Ok(ParsedFont::clone(font)),
            Glyphs::Subset {
                bytes,
                index,
                mappings,
                ..
            } => (bytes, *index, mappings),
        };
        use allsorts::binary::read::ReadScope;
        use allsorts::font_data::FontData;
        use allsorts::subset::{subset, CmapTarget, SubsetProfile};
        let not_a_font = || ReportError::NotAFont {
            font: self.source.clone(),
        };
        let glyph = |c: char| {
            mappings
                .binary_search_by_key(&(c as u32), |m| m.0)
                .ok()
                .map(|i| mappings[i].1)
        };
        // .notdef first, as a font's glyph 0 must be.
        let mut glyph_ids: Vec<u16> = chars.iter().filter_map(|&c| glyph(c)).collect();
        glyph_ids.sort_unstable();
        glyph_ids.dedup();
        glyph_ids.retain(|g| *g != 0);
        glyph_ids.insert(0, 0);
        let font_file = ReadScope::new(bytes)
            .read::<FontData<'_>>()
            .map_err(|_| not_a_font())?;
        let provider = font_file.table_provider(index).map_err(|_| not_a_font())?;
        let small = subset(
            &provider,
            &glyph_ids,
            &SubsetProfile::Minimal,
            CmapTarget::Unrestricted,
        )
        .map_err(|_| not_a_font())?;
        ParsedFont::from_bytes(&small, 0, &mut Vec::new()).ok_or_else(not_a_font)
    }

    fn from_bytes(bytes: &[u8], index: usize, source: String) -> Result<Face, ReportError> {
        // The digest of 10 MB and the parse take about as long: one on each core.
        std::thread::scope(|scope| {
            let hashing = scope.spawn(|| crate::digest::sha256_hex(bytes));
            let parsed = Face::parse(bytes, index, source);
            let sha256 = hashing.join().expect("hashing bytes does not panic");
            parsed.map(|font| Face { sha256, ..font })
        })
    }

    /// The face without its digest (`sha256` left empty, filled in by `from_bytes`).
    fn parse(bytes: &[u8], index: usize, source: String) -> Result<Face, ReportError> {
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
        Ok(Face {
            glyphs: Glyphs::Parsed(Box::new(font)),
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
            match &self.glyphs {
                Glyphs::Parsed(font) => font
                    .lookup_glyph_index(cp)
                    .filter(|g| *g != 0)
                    .map(|g| font.get_horizontal_advance(g) as f32),
                Glyphs::Subset { beyond_bmp, .. } => beyond_bmp
                    .binary_search_by_key(&cp, |a| a.0)
                    .ok()
                    .map(|i| beyond_bmp[i].1),
            }
        }
    }

    /// The character drawn for `c`: tabs become spaces, control and zero-width
    /// format characters are dropped, characters the face lacks become □.
    fn map_char(&self, c: char) -> Option<char> {
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

    /// Width of `text` at `size` points, as drawn (after [`Face::map_char`]).
    fn width(&self, text: &str, size: f32) -> f32 {
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

/// The PDF resource names of the report font's faces.
struct FaceIds {
    regular: FontId,
    bold: Option<FontId>,
}

fn page_ops(page: &Page, font: &ReportFont, ids: &FaceIds) -> Vec<Op> {
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
    let mut cur_face: Option<&FontId> = None;
    let mut cur_color: Option<Rgb> = None;
    let mut cur_synthetic = false;
    for item in &page.items {
        if let Item::Text {
            x,
            y,
            size,
            text,
            color: c,
        } = item
        {
            let (face, synthetic) = font.face(*size);
            let face_id = match (&ids.bold, *size >= BOLD_FROM && !synthetic) {
                (Some(bold), true) => bold,
                _ => &ids.regular,
            };
            let s = face.drawable(text);
            if s.trim().is_empty() {
                continue;
            }
            let size_changed = *size != cur_size || cur_face != Some(face_id);
            if size_changed {
                ops.push(Op::SetFont {
                    font: PdfFontHandle::External(face_id.clone()),
                    size: Pt(*size),
                });
                cur_size = *size;
                cur_face = Some(face_id);
            }
            if cur_color != Some(*c) {
                ops.push(Op::SetFillColor { col: color(*c) });
                if synthetic {
                    ops.push(Op::SetOutlineColor { col: color(*c) });
                }
                cur_color = Some(*c);
            }
            if synthetic != cur_synthetic || (synthetic && size_changed) {
                if synthetic {
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
                cur_synthetic = synthetic;
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
/// bold: in the font's bold face (Noto Sans SC Bold, subset like the regular),
/// or, for a font without one, in synthetic bold (fill and outline, PDF text
/// rendering mode 2).
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
    let id_of = |face: &Face| {
        FontId(
            face.sha256
                .bytes()
                .take(32)
                .map(|b| (b'A' + (b as char).to_digit(16).unwrap_or(0) as u8) as char)
                .collect(),
        )
    };
    let ids = FaceIds {
        regular: id_of(&font.regular),
        bold: font.bold.as_ref().map(id_of),
    };
    doc.resources.fonts.map.insert(
        ids.regular.clone(),
        printpdf::PdfFont::new(font.regular.font_for(&Default::default())?),
    );
    if let (Some(id), Some(bold)) = (&ids.bold, &font.bold) {
        // A face no page uses is not embedded.
        let chars = drawn_in_bold(pages, bold);
        if !chars.is_empty() {
            doc.resources
                .fonts
                .map
                .insert(id.clone(), printpdf::PdfFont::new(bold.font_for(&chars)?));
        }
    }
    let pdf_pages: Vec<PdfPage> = pages
        .iter()
        .map(|p| {
            PdfPage::new(
                Pt(p.width).into(),
                Pt(p.height).into(),
                page_ops(p, font, &ids),
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

/// Every character the pages draw in the bold face, spaces included (a
/// missing space would print as the empty box of glyph 0), as `page_ops`
/// draws them: runs of blank text are not drawn.
fn drawn_in_bold(pages: &[Page], bold: &Face) -> std::collections::BTreeSet<char> {
    pages
        .iter()
        .flat_map(|p| &p.items)
        .filter_map(|item| match item {
            Item::Text { size, text, .. } if *size >= BOLD_FROM => Some(bold.drawable(text)),
            _ => None,
        })
        .filter(|drawn| !drawn.trim().is_empty())
        .flat_map(|drawn| drawn.chars().collect::<Vec<_>>())
        .collect()
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

    fn parsed(face: &Face) -> &ParsedFont {
        match &face.glyphs {
            Glyphs::Parsed(font) => font,
            Glyphs::Subset { .. } => panic!("{} is not parsed whole", face.source),
        }
    }

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
            let ours = parsed(&font.regular)
                .lookup_glyph_index(cp)
                .filter(|g| *g != 0);
            assert_eq!(ours, theirs, "glyph of U+{cp:04X}");
            if cp < 0x10000 {
                let advance = theirs.map(|g| as_parsed.get_horizontal_advance(g) as f32);
                let in_table = Some(font.regular.bmp[cp as usize]).filter(|a| *a >= 0.0);
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
        if let Glyphs::Parsed(font) = &mut own.regular.glyphs {
            font.cmap_subtable = as_parsed.cmap_subtable.clone();
        }
        assert_ne!(
            parsed(&own.regular).cmap_subtable,
            parsed(&fast.regular).cmap_subtable
        );
        let at = chrono::DateTime::parse_from_rfc3339("2026-12-07T10:00:00+08:00").unwrap();
        for lang in [crate::Lang::En, crate::Lang::ZhCn] {
            let a = crate::report::render(&data, at, lang, &fast).unwrap().bytes;
            let b = crate::report::render(&data, at, lang, &own).unwrap().bytes;
            assert!(a == b, "{lang:?}: the report differs with the array map");
        }
    }

    /// A report records the build that made it; `verify` re-renders byte for
    /// byte only a report of this very build. Another build (an update, or the
    /// same version number built from other sources) may set the same data
    /// differently, so its report is not re-rendered — and never called
    /// changed — while its digest and data are still checked.
    #[test]
    fn only_the_build_that_made_a_report_re_renders_it_and_another_build_is_never_called_changed() {
        let data = sample_report();
        let font = ReportFont::load_default().unwrap();
        let at = chrono::DateTime::parse_from_rfc3339("2026-12-08T10:00:00+08:00").unwrap();
        let pages_check = |v: &crate::report::Verification| {
            v.checks
                .iter()
                .find(|c| c.name == "pages")
                .map(|c| (c.ok, c.detail.clone()))
                .expect("a pages check")
        };
        let own = crate::report::render(&data, at, crate::Lang::En, &font)
            .unwrap()
            .bytes;
        assert_eq!(
            extract(&own).unwrap().info("AssayBuild"),
            Some(crate::report::BUILD_ID)
        );
        let v = crate::report::verify(&own, Some(&font));
        let (ok, detail) = pages_check(&v);
        assert_eq!(ok, Some(true), "{detail}");
        assert!(detail.contains("byte-identical"), "{detail}");

        let other =
            crate::report::render_as_build(&data, at, crate::Lang::En, &font, "0123456789abcdef")
                .unwrap()
                .bytes;
        let v = crate::report::verify(&other, Some(&font));
        let (ok, detail) = pages_check(&v);
        assert_eq!(ok, None, "{detail}");
        assert!(
            detail.contains("made by another build of Assay"),
            "{detail}"
        );
        assert!(v.ok(), "{:?}", v.checks);
        for name in ["file digest", "fingerprint"] {
            assert!(
                v.checks
                    .iter()
                    .any(|c| c.name == name && c.ok == Some(true)),
                "{name}: {:?}",
                v.checks
            );
        }
        let summary = v.summary();
        assert_eq!(
            summary.first().map(String::as_str),
            Some("The report is exactly as Assay exported it."),
            "{summary:?}"
        );
        assert!(
            summary.iter().all(|line| !line.contains("was changed")),
            "{summary:?}"
        );

        // Re-saved by another program as well: no digest covers it any more,
        // and the check says the pages are not known rather than covered.
        // (Its streams stored uncompressed: the same pages, other bytes.)
        let mut rewritten = Vec::new();
        let mut resaved = lopdf::Document::load_mem(&other).unwrap();
        resaved.decompress();
        resaved.save_to(&mut rewritten).unwrap();
        assert_ne!(rewritten, other);
        let v = crate::report::verify(&rewritten, Some(&font));
        let (ok, detail) = pages_check(&v);
        assert_eq!(ok, None, "{detail}");
        assert!(
            detail.contains("another build of Assay")
                && detail.contains("is not known")
                && !detail.contains("digest still covers"),
            "{detail}"
        );
    }

    /// The font Assay ships: Noto Sans SC with its bold face beside it.
    fn shipped_font() -> ReportFont {
        let font = ReportFont::load_default().expect("the shipped font");
        assert!(
            font.bold_source()
                .is_some_and(|s| s.ends_with("NotoSansSC-Bold.ttf#0")),
            "scripts/setup fetches the bold face; found {:?} for {}",
            font.bold_source(),
            font.source
        );
        font
    }

    /// The face each text run of [`heading_and_body`] is set in: (size,
    /// "REGULAR" or "BOLD", whether synthetic bold is on); `bold_id`: the PDF
    /// has a bold face to name.
    fn faces_of_runs(font: &ReportFont, bold_id: bool) -> Vec<(f32, &'static str, bool)> {
        let ids = FaceIds {
            regular: FontId("REGULAR".into()),
            bold: bold_id.then(|| FontId("BOLD".into())),
        };
        let (mut face, mut size, mut synthetic) = ("", 0.0, false);
        let mut out = Vec::new();
        for op in page_ops(&heading_and_body(), font, &ids) {
            match op {
                Op::SetFont {
                    font: PdfFontHandle::External(id),
                    size: Pt(s),
                } => {
                    face = if id.0 == "BOLD" { "BOLD" } else { "REGULAR" };
                    size = s;
                }
                Op::SetTextRenderingMode { mode } => {
                    synthetic = matches!(mode, TextRenderingMode::FillStroke)
                }
                Op::ShowText { .. } => out.push((size, face, synthetic)),
                _ => {}
            }
        }
        out
    }

    fn heading_and_body() -> Page {
        let text = |size: f32, text: &str| Item::Text {
            x: 40.0,
            y: 40.0 + size * 4.0,
            size,
            text: text.into(),
            color: (0.0, 0.0, 0.0),
        };
        Page {
            width: 595.0,
            height: 842.0,
            items: vec![
                text(16.0, "供应商安全对比报告"),
                text(10.0, "Encryption in transit 传输加密"),
                text(BOLD_FROM, "1. Executive summary 摘要"),
                text(9.0, "Page 1 of 3"),
            ],
        }
    }

    /// Titles and headings are drawn in the bold face and measured with its
    /// advances (the layout wraps them by the width they print at); body text
    /// stays regular. No synthetic outline when there is a real bold face.
    #[test]
    fn headings_are_set_in_the_bold_face_and_measured_with_its_widths() {
        let font = shipped_font();
        let bold = font.bold.as_ref().unwrap();
        assert_eq!(
            faces_of_runs(&font, true),
            [
                (16.0, "BOLD", false),
                (10.0, "REGULAR", false),
                (BOLD_FROM, "BOLD", false),
                (9.0, "REGULAR", false)
            ]
        );
        let heading = "Executive summary";
        assert_eq!(font.width(heading, 14.0), bold.width(heading, 14.0));
        assert!(
            font.width(heading, 14.0) > font.regular.width(heading, 14.0) * 1.03,
            "bold {} vs regular {}",
            font.width(heading, 14.0),
            font.regular.width(heading, 14.0)
        );
        assert_eq!(font.width(heading, 10.0), font.regular.width(heading, 10.0));
        // The bold font embedded has every character the headings draw,
        // spaces and punctuation too — and nothing of the body text.
        let drawn: String = drawn_in_bold(&[heading_and_body()], bold)
            .into_iter()
            .collect();
        for c in [' ', '.', '1', '摘', 'E', '供'] {
            assert!(drawn.contains(c), "{c:?} missing from {drawn:?}");
        }
        for c in ['P', 'g', '传', '输'] {
            assert!(!drawn.contains(c), "{c:?} is body text: {drawn:?}");
        }
    }

    /// The bold face is not parsed at load: its advances, read from its
    /// tables, are the ones the parsed font gives for every code point, and
    /// the font made for a report's headings maps each of their characters to
    /// a glyph of the same advance (the same glyph, renumbered).
    #[test]
    fn the_bold_face_kept_as_a_file_measures_and_draws_as_the_parsed_font() {
        let font = shipped_font();
        let bold = font.bold.as_ref().unwrap();
        assert!(matches!(bold.glyphs, Glyphs::Subset { .. }));
        let (path, index) = bold.source.rsplit_once('#').unwrap();
        let bytes = std::fs::read(path).unwrap();
        let whole =
            ParsedFont::from_bytes(&bytes, index.parse().unwrap(), &mut Vec::new()).unwrap();
        for cp in 0..0x30000u32 {
            let Some(c) = char::from_u32(cp) else {
                continue;
            };
            let theirs = whole
                .lookup_glyph_index(cp)
                .filter(|g| *g != 0)
                .map(|g| whole.get_horizontal_advance(g) as f32);
            assert_eq!(bold.advance_units(c), theirs, "advance of U+{cp:04X}");
        }
        let heading: std::collections::BTreeSet<char> =
            "1. 决定 Executive summary 供应商安全对比报告 附件 A 𠀀"
                .chars()
                .collect();
        let small = bold.font_for(&heading).unwrap();
        for &c in &heading {
            let ours = small.lookup_glyph_index(c as u32).filter(|g| *g != 0);
            let theirs = whole.lookup_glyph_index(c as u32).filter(|g| *g != 0);
            assert_eq!(ours.is_some(), theirs.is_some(), "{c:?}");
            if let (Some(o), Some(t)) = (ours, theirs) {
                assert_eq!(
                    small.get_horizontal_advance(o),
                    whole.get_horizontal_advance(t),
                    "{c:?}"
                );
            }
        }
    }

    /// A font without a bold face (e.g. one given by `ASSAY_FONT`) still sets
    /// headings bold, synthetically, and the report records that it did.
    #[test]
    fn a_font_without_a_bold_face_sets_headings_in_synthetic_bold() {
        let shipped = shipped_font();
        let (path, index) = shipped.source.rsplit_once('#').unwrap();
        let bytes = std::fs::read(path).unwrap();
        let font = ReportFont::from_bytes(&bytes, index.parse().unwrap(), path.into()).unwrap();
        assert_eq!(font.bold_identity(), SYNTHETIC_BOLD);
        assert_eq!(
            shipped.bold_identity(),
            shipped.bold.as_ref().unwrap().sha256
        );
        assert_eq!(
            faces_of_runs(&font, false),
            [
                (16.0, "REGULAR", true),
                (10.0, "REGULAR", false),
                (BOLD_FROM, "REGULAR", true),
                (9.0, "REGULAR", false)
            ]
        );
        // The two fonts give different reports, and each says which bold it used.
        let data = sample_report();
        let at = chrono::DateTime::parse_from_rfc3339("2026-12-07T10:00:00+08:00").unwrap();
        let one_face = crate::report::render(&data, at, crate::Lang::ZhCn, &font).unwrap();
        let two_faces = crate::report::render(&data, at, crate::Lang::ZhCn, &shipped).unwrap();
        let bold_of = |bytes: &[u8]| {
            extract(bytes)
                .unwrap()
                .info("AssayBoldFontSha256")
                .map(str::to_string)
        };
        assert_eq!(bold_of(&one_face.bytes).as_deref(), Some(SYNTHETIC_BOLD));
        assert_eq!(
            bold_of(&two_faces.bytes).as_deref(),
            Some(shipped.bold_identity())
        );
        // Verify re-renders only with the bold face the report was made with.
        assert!(crate::report::verify(&one_face.bytes, Some(&font)).ok());
        assert!(crate::report::verify(&two_faces.bytes, Some(&shipped)).ok());
        let other = crate::report::verify(&one_face.bytes, Some(&shipped));
        let pages = other.checks.iter().find(|c| c.name == "pages").unwrap();
        assert_eq!(pages.ok, None, "{}", pages.detail);
    }

    /// A font file larger than any font is refused before it is read.
    #[test]
    fn a_font_file_larger_than_any_font_is_refused_unread() {
        let dir = tempfile::tempdir().unwrap();
        let huge = dir.path().join("huge.ttf");
        let file = std::fs::File::create(&huge).unwrap();
        file.set_len(MAX_FONT_BYTES + 1).unwrap(); // sparse: no disk used
        let e = read_font(&huge).unwrap_err();
        assert!(
            e.to_string()
                .contains("more than the 134217728 a font file may have"),
            "{e}"
        );
        std::fs::write(&huge, b"small").unwrap();
        assert_eq!(read_font(&huge).unwrap(), b"small");
        // A device says it is empty and never ends: refused, not read.
        let e = read_font(Path::new("/dev/zero")).unwrap_err();
        assert!(e.to_string().contains("not a regular file"), "{e}");
    }

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
