//! Pure layout: places the model's blocks on A4 pages, wrapping text by measured
//! glyph advances. Coordinates are in points, **top-down** (y = 0 is the top
//! edge); `pdf.rs` flips them. Nothing here knows printpdf, so every rule
//! (wrapping, CJK breaks, rows never split, repeated headers, column groups) is
//! unit-tested without producing a PDF.

use super::model::{BarRow, Block, Cell, RangeBars, ReportModel, Row, Table, Tone};

/// Width of `text` at `size` points, in points.
pub type Measure<'a> = &'a dyn Fn(&str, f32) -> f32;

pub const A4_W: f32 = 595.28;
pub const A4_H: f32 = 841.89;
pub const MARGIN: f32 = 42.0;
pub const FOOTER_H: f32 = 24.0;
/// Text never gets smaller than this (the footer included).
pub const MIN_FONT: f32 = 7.0;
pub const LINE: f32 = 1.32;
const PAD: f32 = 3.0;

pub type Rgb = (f32, f32, f32);
pub const BLACK: Rgb = (0.0, 0.0, 0.0);
pub const GREY: Rgb = (0.38, 0.38, 0.38);
pub const LIGHT: Rgb = (0.93, 0.94, 0.96);
pub const RULE: Rgb = (0.70, 0.72, 0.75);
pub const RED: Rgb = (0.70, 0.08, 0.08);
pub const GREEN: Rgb = (0.05, 0.42, 0.18);
pub const BLUE: Rgb = (0.10, 0.22, 0.45);

#[derive(Debug, Clone, PartialEq)]
pub enum Item {
    /// `y` is the baseline.
    Text {
        x: f32,
        y: f32,
        size: f32,
        text: String,
        color: Rgb,
    },
    Line {
        points: Vec<(f32, f32)>,
        width: f32,
        color: Rgb,
        dash: Vec<f32>,
    },
    Poly {
        points: Vec<(f32, f32)>,
        fill: Option<Rgb>,
        stroke: Option<(Rgb, f32)>,
        dash: Vec<f32>,
    },
}

#[derive(Debug, Clone, PartialEq)]
pub struct Page {
    pub width: f32,
    pub height: f32,
    pub items: Vec<Item>,
}

// ---------------------------------------------------------------- wrapping

/// Characters that must not start a line.
pub fn is_closing(c: char) -> bool {
    "。，、）」》！？；：】』〕〉”’…‥・ー々,.!?;:)]}%»›".contains(c)
}

/// Characters that must not end a line.
fn is_opening(c: char) -> bool {
    "（「《【『〔〈“‘([{«‹".contains(c)
}

/// Splits a paragraph into unbreakable pieces at the Unicode line-break
/// opportunities (UAX #14, `unicode-linebreak`: after spaces, between CJK
/// characters, after a hyphen unless a digit follows — "KEY-04" stays whole —,
/// never before closing punctuation); each piece keeps its trailing spaces.
/// Plus the Chinese rules UAX #14 leaves to the typesetter: no opening bracket
/// or quote ends a line, no closing punctuation starts one (even after a space);
/// and identifiers (certificate numbers, question ids: letters and digits
/// joined by hyphens) are not split at their hyphens — a reader could not tell
/// a line-end hyphen from the id's own. A piece wider than its line is still
/// broken between characters.
fn atoms(text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut start = 0;
    let push = |out: &mut Vec<String>, piece: &str| {
        let in_identifier = out.last().is_some_and(|last| {
            last.strip_suffix('-').is_some_and(|before| {
                let run: String = before
                    .chars()
                    .rev()
                    .take_while(|c| c.is_ascii_alphanumeric())
                    .collect();
                let next: String = piece
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric())
                    .collect();
                !run.is_empty() && !next.is_empty() && (id_like(&run) || id_like(&next))
            })
        });
        let glue = in_identifier
            || out
                .last()
                .is_some_and(|last| last.trim_end().chars().last().is_some_and(is_opening))
            || piece.chars().next().is_some_and(is_closing);
        match out.last_mut() {
            Some(last) if glue => last.push_str(piece),
            _ => out.push(piece.to_string()),
        }
    };
    for (at, _) in unicode_linebreak::linebreaks(text) {
        if at > start {
            push(&mut out, &text[start..at]);
            start = at;
        }
    }
    if start < text.len() {
        push(&mut out, &text[start..]);
    }
    out
}

/// A part of an identifier: it has a digit, or is capitals ("KEY", "04",
/// "ISMS"); "end" and "to" in "end-to-end" are words.
fn id_like(run: &str) -> bool {
    run.chars().any(|c| c.is_ascii_digit())
        || run.len() >= 2 && run.chars().all(|c| c.is_ascii_uppercase())
}

/// Splits at spaces only: for names (a vendor's, in a column header), which
/// must not break inside a word, Chinese included ("企业微信", never "企业微/信").
fn words(text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut after_space = false;
    for c in text.chars() {
        let space = c == ' ' || c == '\u{3000}';
        match out.last_mut() {
            Some(last) if !after_space || space => last.push(c),
            _ => out.push(c.to_string()),
        }
        after_space = space;
    }
    out
}

/// The width of the widest word of `text` (see [`words`]).
fn widest_word(text: &str, size: f32, measure: Measure) -> f32 {
    words(text)
        .iter()
        .map(|w| measure(w.trim_end(), size))
        .fold(0.0, f32::max)
}

fn char_width(c: char, size: f32, measure: Measure) -> f32 {
    let mut buf = [0u8; 4];
    measure(c.encode_utf8(&mut buf), size)
}

/// Wraps `text` into lines no wider than `width` at `size`. Newlines break;
/// breaks fall at spaces, between CJK characters and after `/` and `-`; no line
/// starts with closing punctuation; a piece wider than the line is broken
/// between characters.
pub fn wrap(text: &str, width: f32, size: f32, measure: Measure) -> Vec<String> {
    let mut lines = Vec::new();
    for para in text.split('\n') {
        wrap_pieces(atoms(para), width, size, measure, &mut lines);
    }
    lines
}

/// As [`wrap`], breaking only between words (names; see [`words`]).
pub fn wrap_name(text: &str, width: f32, size: f32, measure: Measure) -> Vec<String> {
    let mut lines = Vec::new();
    for para in text.split('\n') {
        wrap_pieces(words(para), width, size, measure, &mut lines);
    }
    lines
}

fn wrap_pieces(
    pieces: Vec<String>,
    width: f32,
    size: f32,
    measure: Measure,
    lines: &mut Vec<String>,
) {
    let mut cur = String::new();
    let mut cur_w = 0.0f32; // including trailing spaces
    let mut cur_trim_w = 0.0f32;
    let start = lines.len();
    for atom in pieces {
        let body = atom.trim_end_matches([' ', '\u{3000}']);
        let body_w: f32 = body.chars().map(|c| char_width(c, size, measure)).sum();
        let full_w = body_w
            + atom[body.len()..]
                .chars()
                .map(|c| char_width(c, size, measure))
                .sum::<f32>();
        if cur.is_empty() || cur_w + body_w <= width {
            if cur.is_empty() && body_w > width {
                // Break the piece itself between characters.
                for c in atom.chars() {
                    let w = char_width(c, size, measure);
                    if !cur.is_empty() && cur_trim_w + w > width && c != ' ' {
                        let mut carry = String::new();
                        if is_closing(c) && cur.chars().count() > 1 {
                            carry.extend(cur.pop());
                        }
                        lines.push(cur.trim_end().to_string());
                        cur = carry;
                        cur_w = cur.chars().map(|c| char_width(c, size, measure)).sum();
                        cur_trim_w = cur_w;
                    }
                    cur.push(c);
                    cur_w += w;
                    if c != ' ' {
                        cur_trim_w = cur_w;
                    }
                }
                continue;
            }
            cur_trim_w = cur_w + body_w;
            cur_w += full_w;
            cur.push_str(&atom);
        } else {
            lines.push(cur.trim_end().to_string());
            cur.clear();
            cur_w = 0.0;
            cur_trim_w = 0.0;
            if body_w > width {
                // Re-run the character breaker for this atom.
                let mut sub = Vec::new();
                wrap_paragraph_chars(&atom, width, size, measure, &mut sub);
                if let Some(last) = sub.pop() {
                    lines.extend(sub);
                    cur_w = last.chars().map(|c| char_width(c, size, measure)).sum();
                    cur_trim_w = last
                        .trim_end()
                        .chars()
                        .map(|c| char_width(c, size, measure))
                        .sum();
                    cur = last;
                }
            } else {
                cur.push_str(&atom);
                cur_w = full_w;
                cur_trim_w = body_w;
            }
        }
    }
    if !cur.trim_end().is_empty() || lines.len() == start {
        lines.push(cur.trim_end().to_string());
    }
}

fn wrap_paragraph_chars(
    atom: &str,
    width: f32,
    size: f32,
    measure: Measure,
    out: &mut Vec<String>,
) {
    let mut cur = String::new();
    let mut cur_w = 0.0;
    for c in atom.chars() {
        let w = char_width(c, size, measure);
        if !cur.is_empty() && cur_w + w > width && c != ' ' {
            let mut carry = String::new();
            if is_closing(c) && cur.chars().count() > 1 {
                carry.extend(cur.pop());
            }
            out.push(cur.trim_end().to_string());
            cur = carry;
            cur_w = cur.chars().map(|c| char_width(c, size, measure)).sum();
        }
        cur.push(c);
        cur_w += w;
    }
    out.push(cur);
}

/// Wraps and keeps at most `max_lines`; a cut ends with "…" (fitted).
pub fn wrap_limited(
    text: &str,
    width: f32,
    size: f32,
    max_lines: usize,
    measure: Measure,
) -> Vec<String> {
    let mut lines = wrap(text, width, size, measure);
    if lines.len() > max_lines.max(1) {
        lines.truncate(max_lines.max(1));
        if let Some(last) = lines.last_mut() {
            let ell = "…";
            while !last.is_empty() && measure(&format!("{last}{ell}"), size) > width {
                last.pop();
            }
            last.push_str(ell);
        }
    }
    lines
}

// ---------------------------------------------------------------- flow

struct Flow<'m> {
    measure: Measure<'m>,
    pages: Vec<Page>,
    y: f32,
}

impl<'m> Flow<'m> {
    fn page(&mut self) -> &mut Page {
        self.pages.last_mut().expect("a page")
    }
    fn width(&self) -> f32 {
        self.pages.last().map_or(A4_W, |p| p.width)
    }
    fn text_width(&self) -> f32 {
        self.width() - 2.0 * MARGIN
    }
    fn bottom(&self) -> f32 {
        self.pages.last().map_or(A4_H, |p| p.height) - MARGIN - FOOTER_H
    }
    fn new_page(&mut self, landscape: bool) {
        let (w, h) = if landscape {
            (A4_H, A4_W)
        } else {
            (A4_W, A4_H)
        };
        self.pages.push(Page {
            width: w,
            height: h,
            items: Vec::new(),
        });
        self.y = MARGIN;
    }
    fn same_orientation_page(&mut self) {
        let landscape = self.width() > A4_W + 1.0;
        self.new_page(landscape);
    }
    fn ensure(&mut self, h: f32) {
        if self.y + h > self.bottom() && self.y > MARGIN + 0.5 {
            self.same_orientation_page();
        }
    }
    /// The wrapped lines of one table cell whose top is at `y`, left edge at `x`.
    fn cell_lines(&mut self, x: f32, y: f32, lines: &[String], size: f32, lh: f32, color: Rgb) {
        for (li, l) in lines.iter().enumerate() {
            self.text(
                x + PAD,
                y + PAD + size + li as f32 * lh,
                size,
                l.clone(),
                color,
            );
        }
    }

    fn text(&mut self, x: f32, baseline: f32, size: f32, text: String, color: Rgb) {
        if text.is_empty() {
            return;
        }
        self.page().items.push(Item::Text {
            x,
            y: baseline,
            size,
            text,
            color,
        });
    }
    /// A wrapped paragraph across the text width, split across pages by line.
    fn paragraph(&mut self, text: &str, size: f32, color: Rgb, indent: f32) {
        let lh = size * LINE;
        let lines = wrap(text, self.text_width() - indent, size, self.measure);
        // A short paragraph (a finding, a note) is not split across pages; a
        // longer one leaves at least two lines at the foot of a page.
        let keep = if lines.len() <= 3 { lines.len() } else { 2 };
        self.ensure(keep as f32 * lh);
        for line in lines {
            self.ensure(lh);
            let baseline = self.y + size;
            self.text(MARGIN + indent, baseline, size, line, color);
            self.y += lh;
        }
    }
    fn rule(&mut self, y: f32, x0: f32, x1: f32, color: Rgb, width: f32) {
        self.page().items.push(Item::Line {
            points: vec![(x0, y), (x1, y)],
            width,
            color,
            dash: vec![],
        });
    }
    fn rect(&mut self, x: f32, y: f32, w: f32, h: f32, fill: Rgb) {
        self.page().items.push(Item::Poly {
            points: vec![(x, y), (x + w, y), (x + w, y + h), (x, y + h)],
            fill: Some(fill),
            stroke: None,
            dash: vec![],
        });
    }
}

fn tone_color(t: Tone) -> Rgb {
    match t {
        Tone::Normal | Tone::Strong => BLACK,
        Tone::Muted => GREY,
        Tone::Alert => RED,
        Tone::Good => GREEN,
    }
}

/// Lays out the whole report. Page 1 is portrait; footers ("page X of Y" and
/// the fingerprint) are added once the page count is known, and so are the
/// page numbers of the table of contents: its entries are laid out first with
/// room for a number, then each gets the page its heading landed on.
pub fn layout(model: &ReportModel, measure: Measure) -> Vec<Page> {
    let (mut pages, heading_pages, slots) = lay_blocks(model, measure);
    let size = CONTENTS_SIZE;
    for (slot, page) in slots.iter().zip(&heading_pages) {
        let number = (page + 1).to_string();
        let w = measure(&number, size);
        if let Some(p) = pages.get_mut(slot.page) {
            p.items.push(Item::Text {
                x: slot.right - w,
                y: slot.baseline,
                size,
                text: number,
                color: BLACK,
            });
        }
    }
    footers(&mut pages, model, measure);
    pages
}

/// The font size of the table of contents.
const CONTENTS_SIZE: f32 = 10.0;

/// Where a contents entry's page number goes: its page, baseline and right edge.
struct NumberSlot {
    page: usize,
    baseline: f32,
    right: f32,
}

/// Places every block: the pages, the page (0-based) of each heading after the table of contents
/// in order, and where each contents entry's number goes.
fn lay_blocks(model: &ReportModel, measure: Measure) -> (Vec<Page>, Vec<usize>, Vec<NumberSlot>) {
    let mut f = Flow {
        measure,
        pages: Vec::new(),
        y: MARGIN,
    };
    let mut slots = Vec::new();
    let mut found: Option<Vec<usize>> = None;
    f.new_page(false);
    for (i, block) in model.blocks.iter().enumerate() {
        let rest = &model.blocks[i + 1..];
        if let (Block::Heading(_), Some(found)) = (block, found.as_mut()) {
            // The page the heading lands on, once `ensure` has moved it.
            draw_heading(&mut f, block, rest);
            found.push(f.pages.len() - 1);
            continue;
        }
        match block {
            Block::Contents(title) => {
                slots = contents(&mut f, title, rest);
                found = Some(Vec::new());
            }
            Block::PageBreak { landscape } => f.new_page(*landscape),
            Block::Title(s) => {
                f.y += 40.0;
                f.paragraph(s, 22.0, BLUE, 0.0);
                f.y += 8.0;
            }
            Block::Heading(_) => draw_heading(&mut f, block, rest),
            Block::SubHeading(s) => {
                f.y += 6.0;
                f.ensure(heading_height(&f, s, 11.0) + 3.0 + lead(&f, rest));
                f.paragraph(s, 11.0, BLUE, 0.0);
                f.y += 3.0;
            }
            Block::Paragraph(s, tone) => {
                f.paragraph(s, 9.0, tone_color(*tone), 0.0);
                f.y += 3.0;
            }
            Block::Spacer(h) => f.y += h,
            Block::KeyValues(kv) => key_values(&mut f, kv),
            Block::Table(t) => table(&mut f, t),
            Block::RangeBars(r) => range_bars(&mut f, r),
            Block::SignOff { roles, columns } => sign_off(&mut f, roles, columns),
        }
    }
    (f.pages, found.unwrap_or_default(), slots)
}

fn draw_heading(f: &mut Flow, block: &Block, rest: &[Block]) {
    let Block::Heading(s) = block else { return };
    // Kept with the start of what it heads.
    f.ensure(heading_height(f, s, 15.0) + 10.0 + lead(f, rest));
    f.paragraph(s, 15.0, BLUE, 0.0);
    let y = f.y + 2.0;
    let w = f.width();
    f.rule(y, MARGIN, w - MARGIN, BLUE, 0.8);
    f.y += 8.0;
}

/// The table of contents: each heading that follows, with room for its page
/// number on the right (filled in by [`layout`] once the pages are known).
fn contents(f: &mut Flow, title: &str, rest: &[Block]) -> Vec<NumberSlot> {
    let size = CONTENTS_SIZE;
    let lh = size * LINE;
    f.paragraph(title, 15.0, BLUE, 0.0);
    f.y += 8.0;
    let number_w = (f.measure)("0000", size);
    let text_w = f.text_width() - number_w - 12.0;
    let mut slots = Vec::new();
    for heading in rest.iter().filter_map(|b| match b {
        Block::Heading(s) => Some(s),
        _ => None,
    }) {
        let lines = wrap(heading, text_w, size, f.measure);
        let n = lines.len();
        f.ensure(n as f32 * lh);
        let top = f.y;
        for (li, line) in lines.into_iter().enumerate() {
            f.text(MARGIN, top + size + li as f32 * lh, size, line, BLACK);
        }
        slots.push(NumberSlot {
            page: f.pages.len() - 1,
            baseline: top + size,
            right: f.width() - MARGIN,
        });
        f.y = top + n as f32 * lh + 3.0;
    }
    slots
}

/// The height of a heading's lines at `size`.
fn heading_height(f: &Flow, text: &str, size: f32) -> f32 {
    wrap(text, f.text_width(), size, f.measure).len() as f32 * size * LINE
}

/// How much of what follows a heading must fit below it on the same page, so
/// a heading never stands alone at the foot of a page: two lines of a
/// paragraph, a table's header and first row, a whole sign-off block, the
/// start of a chart; through a sub-heading to what that heads. At most half a
/// page, so a long block still starts under its heading.
fn lead(f: &Flow, rest: &[Block]) -> f32 {
    let need = match rest.first() {
        Some(Block::Paragraph(s, _)) => {
            let n = wrap(s, f.text_width(), 9.0, f.measure).len();
            match rest.get(1) {
                // A paragraph introducing the sign-off lines (the attestation) goes with them.
                Some(Block::SignOff { .. }) => n as f32 * 9.0 * LINE + 3.0 + lead(f, &rest[1..]),
                _ => n.min(2) as f32 * 9.0 * LINE + 3.0,
            }
        }
        Some(Block::SubHeading(s)) => 6.0 + heading_height(f, s, 11.0) + 3.0 + lead(f, &rest[1..]),
        Some(Block::Table(t)) => {
            let lh = t.font_size.max(MIN_FONT) * LINE;
            4.0 * lh + 4.0 * PAD
        }
        Some(Block::SignOff { roles, .. }) => SIGN_ROW_H * roles.len() as f32 + 20.0,
        Some(Block::RangeBars(_) | Block::KeyValues(_)) => 60.0,
        _ => 0.0,
    };
    need.min((f.bottom() - MARGIN) / 2.0)
}

fn footers(pages: &mut [Page], model: &ReportModel, measure: Measure) {
    let n = pages.len();
    let size = MIN_FONT;
    for (i, p) in pages.iter_mut().enumerate() {
        let y = p.height - MARGIN - FOOTER_H + 14.0;
        p.items.push(Item::Line {
            points: vec![(MARGIN, y - 9.0), (p.width - MARGIN, y - 9.0)],
            width: 0.4,
            color: RULE,
            dash: vec![],
        });
        let left = format!("{} {}", model.footer_label, model.fingerprint);
        p.items.push(Item::Text {
            x: MARGIN,
            y,
            size,
            text: left,
            color: GREY,
        });
        let right = model
            .page_label
            .replace("{x}", &(i + 1).to_string())
            .replace("{y}", &n.to_string());
        let w = measure(&right, size);
        p.items.push(Item::Text {
            x: p.width - MARGIN - w,
            y,
            size,
            text: right,
            color: GREY,
        });
        if let Some(mark) = &model.page_mark {
            // In the top margin, above anything the flow places.
            p.items.push(Item::Text {
                x: MARGIN,
                y: MARGIN - 16.0,
                size: size + 1.0,
                text: mark.clone(),
                color: RED,
            });
        }
    }
}

fn key_values(f: &mut Flow, kv: &[(String, String)]) {
    let size = 9.5;
    let lh = size * LINE;
    let label_w = f.text_width() * 0.30;
    let value_w = f.text_width() - label_w - 8.0;
    for (k, v) in kv {
        let kl = wrap(k, label_w, size, f.measure);
        let vl = wrap(v, value_w, size, f.measure);
        let h = kl.len().max(vl.len()) as f32 * lh + 4.0;
        f.ensure(h);
        let y0 = f.y;
        for (i, l) in kl.into_iter().enumerate() {
            f.text(MARGIN, y0 + size + i as f32 * lh, size, l, GREY);
        }
        for (i, l) in vl.into_iter().enumerate() {
            f.text(
                MARGIN + label_w + 8.0,
                y0 + size + i as f32 * lh,
                size,
                l,
                BLACK,
            );
        }
        f.y += h;
        let y = f.y - 2.0;
        let w = f.width();
        f.rule(y, MARGIN, w - MARGIN, LIGHT, 0.5);
    }
}

/// The height of one sign-off line (a role).
const SIGN_ROW_H: f32 = 48.0;

fn sign_off(f: &mut Flow, roles: &[String], columns: &[String]) {
    let size = 9.0;
    let row_h = SIGN_ROW_H;
    f.ensure(row_h * roles.len() as f32 + 20.0);
    let tw = f.text_width();
    let role_w = tw * 0.2;
    let col_w = (tw - role_w) / columns.len().max(1) as f32;
    for role in roles {
        let y = f.y;
        let role_line = wrap_limited(role, role_w - 6.0, size, 1, f.measure).remove(0);
        f.text(MARGIN, y + row_h - 20.0, size, role_line, BLACK);
        for (i, c) in columns.iter().enumerate() {
            let x = MARGIN + role_w + i as f32 * col_w;
            f.rule(y + row_h - 18.0, x + 4.0, x + col_w - 8.0, BLACK, 0.6);
            // Up to two lines under the rule ("Role and organisation").
            for (li, label) in wrap_limited(c, col_w - 12.0, MIN_FONT, 2, f.measure)
                .into_iter()
                .enumerate()
            {
                f.text(
                    x + 4.0,
                    y + row_h - 9.0 + li as f32 * MIN_FONT * LINE,
                    MIN_FONT,
                    label,
                    GREY,
                );
            }
        }
        f.y += row_h;
    }
}

/// How vendor columns are grouped: the number of groups and columns per group.
pub fn column_groups(n: usize, available: f32, min_width: f32) -> Vec<std::ops::Range<usize>> {
    if n == 0 {
        // One empty group, so a table with no vendors still prints its questions.
        return std::iter::once(0..0).collect();
    }
    let per = ((available / min_width.max(1.0)).floor() as usize).max(1);
    let groups = n.div_ceil(per);
    let balanced = n.div_ceil(groups);
    (0..groups)
        .map(|g| g * balanced..((g + 1) * balanced).min(n))
        .filter(|r| !r.is_empty())
        .collect()
}

struct Laid {
    lines: Vec<Vec<String>>,
    height: f32,
}

fn table(f: &mut Flow, t: &Table) {
    let tw = f.text_width();
    let fixed_total: f32 = t.fixed.iter().map(|c| c.width).sum();
    let fixed_w: Vec<f32> = if t.grouped.is_empty() {
        t.fixed
            .iter()
            .map(|c| c.width / fixed_total.max(1e-6) * tw)
            .collect()
    } else {
        t.fixed.iter().map(|c| c.width * tw).collect()
    };
    let fixed_sum: f32 = fixed_w.iter().sum();
    let size = t.font_size.max(MIN_FONT);
    let lh = size * LINE;
    // A vendor column is at least as wide as the widest word of any vendor's
    // name, so names wrap between words and are never cut or split inside one.
    let widest_name = t
        .grouped
        .iter()
        .map(|name| widest_word(name, size, f.measure) + 2.0 * PAD + 1.0)
        .fold(0.0, f32::max);
    let min_width = t.min_group_width.max(widest_name).min(tw - fixed_sum);
    let groups = column_groups(t.grouped.len(), tw - fixed_sum, min_width);
    let nfixed = t.fixed.len();
    for (gi, range) in groups.iter().enumerate() {
        if gi > 0 {
            f.same_orientation_page();
        }
        if let Some(cap) = t.group_caption.as_ref().filter(|_| groups.len() > 1) {
            let text = cap
                .replace("{from}", &(range.start + 1).to_string())
                .replace("{to}", &range.end.to_string())
                .replace("{n}", &t.grouped.len().to_string());
            f.ensure(40.0);
            f.paragraph(&text, 8.0, GREY, 0.0);
            f.y += 2.0;
        }
        let gw = if range.is_empty() {
            0.0
        } else {
            (tw - fixed_sum) / range.len() as f32
        };
        let mut widths = fixed_w.clone();
        widths.extend(std::iter::repeat_n(gw, range.len()));
        let mut xs = Vec::with_capacity(widths.len());
        let mut x = MARGIN;
        for w in &widths {
            xs.push(x);
            x += w;
        }
        let header: Vec<String> = t
            .fixed
            .iter()
            .map(|c| c.title.clone())
            .chain(t.grouped[range.clone()].iter().cloned())
            .collect();
        // Leave room for the header and one line in a row that must fit a page.
        let page_room = f.bottom() - MARGIN;
        let header_laid = lay_header(&header, nfixed, &widths, size, lh, f.measure);
        let max_fit = (((page_room - header_laid.height - 2.0 * PAD) / lh).floor() as usize).max(1);
        let max_lines = t.max_lines.min(max_fit);
        let draw_header = |f: &mut Flow| {
            let y = f.y;
            f.rect(MARGIN, y, tw, header_laid.height, LIGHT);
            for (ci, lines) in header_laid.lines.iter().enumerate() {
                f.cell_lines(xs[ci], y, lines, size, lh, BLUE);
            }
            f.y += header_laid.height;
            let y = f.y;
            f.rule(y, MARGIN, MARGIN + tw, BLUE, 0.6);
        };
        f.ensure(header_laid.height + lh * 2.0 + 2.0 * PAD);
        draw_header(f);
        for (ri, row) in t.rows.iter().enumerate() {
            let is_span = matches!(row, Row::Span(_));
            let (cells, lefts, laid) = match row {
                Row::Cells(cells) => {
                    let chosen: Vec<Cell> = cells[..nfixed.min(cells.len())]
                        .iter()
                        .cloned()
                        .chain(
                            range
                                .clone()
                                .map(|i| cells.get(nfixed + i).cloned().unwrap_or(Cell::new(""))),
                        )
                        .collect();
                    let laid = lay_cells(&chosen, &widths, size, max_lines, lh, f.measure);
                    (chosen, xs.as_slice(), laid)
                }
                Row::Span(cell) => {
                    let laid = lay_cells(std::slice::from_ref(cell), &[tw], size, 2, lh, f.measure);
                    (vec![cell.clone()], &[MARGIN][..], laid)
                }
            };
            // A span row (a section title) keeps with at least one line of the next row.
            let keep = if is_span && ri + 1 < t.rows.len() {
                lh * 2.0 + 2.0 * PAD
            } else {
                0.0
            };
            if f.y + laid.height + keep > f.bottom() {
                f.same_orientation_page();
                draw_header(f);
            }
            let y = f.y;
            if is_span {
                f.rect(MARGIN, y, tw, laid.height, (0.965, 0.97, 0.98));
            }
            for ((cell, lines), x) in cells.iter().zip(&laid.lines).zip(lefts) {
                f.cell_lines(*x, y, lines, size, lh, tone_color(cell.tone));
            }
            f.y += laid.height;
            let y = f.y;
            f.rule(y, MARGIN, MARGIN + tw, RULE, 0.3);
        }
        f.y += 8.0;
    }
}

/// The header row: fixed column titles wrapped like text (at most 3 lines);
/// vendor names between words only and never cut ("…"): two vendors must not
/// look the same.
fn lay_header(
    header: &[String],
    nfixed: usize,
    widths: &[f32],
    size: f32,
    lh: f32,
    measure: Measure,
) -> Laid {
    let lines: Vec<Vec<String>> = header
        .iter()
        .zip(widths)
        .enumerate()
        .map(|(i, (text, w))| {
            let width = (w - 2.0 * PAD).max(4.0);
            if i < nfixed {
                wrap_limited(text, width, size, 3, measure)
            } else {
                wrap_name(text, width, size, measure)
            }
        })
        .collect();
    let n = lines.iter().map(|l| l.len()).max().unwrap_or(1).max(1);
    Laid {
        lines,
        height: n as f32 * lh + 2.0 * PAD,
    }
}

fn lay_cells(
    cells: &[Cell],
    widths: &[f32],
    size: f32,
    max_lines: usize,
    lh: f32,
    measure: Measure,
) -> Laid {
    let lines: Vec<Vec<String>> = cells
        .iter()
        .zip(widths)
        .map(|(c, w)| wrap_limited(&c.text, (w - 2.0 * PAD).max(4.0), size, max_lines, measure))
        .collect();
    let n = lines.iter().map(|l| l.len()).max().unwrap_or(1).max(1);
    Laid {
        lines,
        height: n as f32 * lh + 2.0 * PAD,
    }
}

/// The fill of a range bar (floor to ceiling), and of one with no data (nothing
/// answered: no point).
pub const RANGE_FILL: Rgb = (0.80, 0.86, 0.95);
pub const NO_DATA_FILL: Rgb = (0.96, 0.965, 0.975);

/// Horizontal range bars on a 0–100 scale: label | bar | figures. A row never
/// splits; the scale is repeated at the top of each page the chart continues on.
fn range_bars(f: &mut Flow, r: &RangeBars) {
    let size = 8.0;
    let lh = size * LINE;
    let tw = f.text_width();
    let label_w = tw * 0.28;
    let bar_x0 = MARGIN + label_w + 6.0;
    let bar_w = tw * 0.42;
    let text_x = bar_x0 + bar_w + 10.0;
    let text_w = MARGIN + tw - text_x;
    let x_of = |v: f64| bar_x0 + ((v / 100.0).clamp(0.0, 1.0) as f32) * bar_w;
    let scale_h = MIN_FONT * LINE + 6.0;
    let header = |f: &mut Flow| {
        let y = f.y;
        let caption = wrap_limited(&r.scale, label_w, MIN_FONT, 1, f.measure).remove(0);
        f.text(MARGIN, y + MIN_FONT, MIN_FONT, caption, GREY);
        for tick in 0..=5 {
            let v = tick as f64 * 20.0;
            let label = format!("{}", tick * 20);
            let w = (f.measure)(&label, MIN_FONT);
            f.text(x_of(v) - w / 2.0, y + MIN_FONT, MIN_FONT, label, GREY);
        }
        f.y += scale_h;
        let y = f.y - 2.0;
        f.rule(y, bar_x0, bar_x0 + bar_w, RULE, 0.5);
    };
    f.ensure(scale_h + 2.0 * lh + 8.0);
    header(f);
    for (ri, row) in r.rows.iter().enumerate() {
        match row {
            BarRow::Group(title) => {
                let lines = wrap_limited(title, tw, 8.5, 2, f.measure);
                let h = lines.len() as f32 * 8.5 * LINE + 4.0;
                // A group title keeps with its first bar.
                let keep = if ri + 1 < r.rows.len() {
                    2.0 * lh + 6.0
                } else {
                    0.0
                };
                if f.y + h + keep > f.bottom() {
                    f.same_orientation_page();
                    header(f);
                }
                let y = f.y + 2.0;
                for (li, l) in lines.into_iter().enumerate() {
                    f.text(MARGIN, y + 8.5 + li as f32 * 8.5 * LINE, 8.5, l, BLUE);
                }
                f.y += h;
            }
            BarRow::Bar {
                label,
                range,
                has_point,
                text,
                tone,
            } => {
                let label_lines = wrap_limited(label, label_w, size, 2, f.measure);
                let text_lines = wrap_limited(text, text_w, size, 2, f.measure);
                let n = label_lines.len().max(text_lines.len()).max(1);
                let h = (n as f32 * lh + 6.0).max(16.0);
                if f.y + h > f.bottom() {
                    f.same_orientation_page();
                    header(f);
                }
                let y = f.y;
                let mid = y + h / 2.0;
                for tick in 0..=5 {
                    let x = x_of(tick as f64 * 20.0);
                    f.page().items.push(Item::Line {
                        points: vec![(x, y), (x, y + h)],
                        width: 0.3,
                        color: if tick == 0 { RULE } else { LIGHT },
                        dash: vec![],
                    });
                }
                let top = |lines: usize| mid - lines as f32 * lh / 2.0;
                for (li, l) in label_lines.iter().enumerate() {
                    let baseline = top(label_lines.len()) + size + li as f32 * lh - 1.0;
                    f.text(MARGIN, baseline, size, l.clone(), tone_color(*tone));
                }
                for (li, l) in text_lines.iter().enumerate() {
                    let baseline = top(text_lines.len()) + size + li as f32 * lh - 1.0;
                    f.text(text_x, baseline, size, l.clone(), tone_color(*tone));
                }
                if let Some(range) = range {
                    let (x0, x1) = (x_of(range.floor), x_of(range.ceiling));
                    let bar_h = 7.0;
                    if x1 - x0 > 0.2 {
                        f.page().items.push(Item::Poly {
                            points: vec![
                                (x0, mid - bar_h / 2.0),
                                (x1, mid - bar_h / 2.0),
                                (x1, mid + bar_h / 2.0),
                                (x0, mid + bar_h / 2.0),
                            ],
                            // No data: only the outline of what the section could score.
                            fill: Some(if *has_point { RANGE_FILL } else { NO_DATA_FILL }),
                            stroke: Some(if *has_point { (BLUE, 0.4) } else { (RULE, 0.4) }),
                            dash: if *has_point { vec![] } else { vec![2.0, 1.5] },
                        });
                    }
                    if *has_point {
                        let x = x_of(range.point);
                        let half = 1.3;
                        f.page().items.push(Item::Poly {
                            points: vec![
                                (x - half, mid - bar_h / 2.0 - 2.0),
                                (x + half, mid - bar_h / 2.0 - 2.0),
                                (x + half, mid + bar_h / 2.0 + 2.0),
                                (x - half, mid + bar_h / 2.0 + 2.0),
                            ],
                            fill: Some(BLUE),
                            stroke: None,
                            dash: vec![],
                        });
                    }
                }
                f.y += h;
                let y = f.y;
                f.rule(y, MARGIN, MARGIN + tw, LIGHT, 0.3);
            }
        }
    }
    f.y += 8.0;
}
