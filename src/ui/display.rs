//! Text from an account is data, not layout. Names, tags and messages can
//! carry control characters, right-to-left overrides or thousands of
//! characters; every panel shows them through [`text`] so that none of
//! those reorders, breaks or stretches what is drawn around them.

use std::borrow::Cow;

/// The longest name shown whole in a list row, a heading or a table cell.
pub const NAME_CHARS: usize = 64;
/// The longest message (a finding, an error) shown whole.
pub const MESSAGE_CHARS: usize = 1_000;
/// The longest text a tooltip shows: a 10,000-character name would be
/// taller than the window.
const TOOLTIP_CHARS: usize = 2_000;

/// Whether a character changes layout instead of showing: control
/// characters (C0 and C1), bidirectional marks, embeddings, overrides and
/// isolates, zero-width and invisible format characters, line and
/// paragraph separators, the soft hyphen and the byte-order mark.
pub fn hidden(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{00AD}'
                | '\u{061C}'
                | '\u{180E}'
                | '\u{200B}'..='\u{200F}'
                | '\u{2028}'..='\u{202E}'
                | '\u{2060}'..='\u{206F}'
                | '\u{FEFF}'
                | '\u{FFF9}'..='\u{FFFB}'
        )
}

/// JSON text safe for a terminal: every hidden character inside its
/// strings written as a `\uXXXX` escape, which JSON reads back as the same
/// character. (serde_json escapes only U+0000 to U+001F.)
pub fn json_escaped(json: &str) -> Cow<'_, str> {
    if !json.chars().any(hidden) {
        return Cow::Borrowed(json);
    }
    let mut out = String::with_capacity(json.len() + 16);
    for c in json.chars() {
        if hidden(c) && c != '\n' {
            let mut units = [0u16; 2];
            for unit in c.encode_utf16(&mut units) {
                out.push_str(&format!("\\u{unit:04x}"));
            }
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// `text` safe to draw: hidden characters dropped (line breaks and tabs
/// become spaces), and elided with `…` after `max_chars` characters.
/// Borrows when there is nothing to change, which is nearly always.
pub fn text(text: &str, max_chars: usize) -> Cow<'_, str> {
    let clean = !text.chars().any(hidden);
    let short = text.len() <= max_chars || text.chars().count() <= max_chars;
    if clean && short {
        return Cow::Borrowed(text);
    }

    let mut shown = String::with_capacity(text.len().min(max_chars * 4));
    let visible = text.chars().filter_map(|c| match c {
        '\n' | '\r' | '\t' => Some(' '),
        c if hidden(c) => None,
        c => Some(c),
    });
    for (count, c) in visible.enumerate() {
        if count == max_chars {
            shown.pop();
            shown.push('…');
            break;
        }
        shown.push(c);
    }
    Cow::Owned(shown)
}

/// `text` safe for a terminal or a log line: every hidden character,
/// line breaks included, written as a `\u{..}` escape, so that what the
/// account holds stays visible without moving the cursor or reordering
/// the line.
pub fn escaped(text: &str) -> Cow<'_, str> {
    if !text.chars().any(hidden) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        if hidden(c) {
            out.push_str(&c.escape_unicode().to_string());
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// Whether `text` holds characters that [`text`] drops.
pub fn has_hidden(text: &str) -> bool {
    text.chars().any(hidden)
}

/// Whether [`text`] had to change `original` (dropped or elided something).
pub fn changed(original: &str, max_chars: usize) -> bool {
    matches!(text(original, max_chars), Cow::Owned(_))
}

/// The tooltip for a name that was elided: the cleaned name, capped.
pub fn tooltip(original: &str) -> String {
    let total = original.chars().count();
    let mut full = text(original, TOOLTIP_CHARS).into_owned();
    if total > TOOLTIP_CHARS {
        full.push_str(&format!("\n({total} characters in all)"));
    }
    full
}

/// A label for a name: cleaned, elided at `max_chars`, and the full name
/// on hover when it was elided.
pub fn label(ui: &mut egui::Ui, name: &str, max_chars: usize) -> egui::Response {
    let response = ui.label(text(name, max_chars));
    with_tooltip(response, name, max_chars)
}

/// Adds the full name as a tooltip when [`text`] shortened it.
pub fn with_tooltip(response: egui::Response, name: &str, max_chars: usize) -> egui::Response {
    if changed(name, max_chars) {
        response.on_hover_text(tooltip(name))
    } else {
        response
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_plain_name_is_borrowed_unchanged() {
        assert!(matches!(
            text("checkout-api", NAME_CHARS),
            Cow::Borrowed("checkout-api")
        ));
    }

    #[test]
    fn control_and_bidi_characters_are_dropped() {
        let hostile = "pay\u{202E}lanif\u{0007}\u{200F}-api\nv2";
        assert_eq!(text(hostile, NAME_CHARS), "paylanif-api v2");
        assert!(changed(hostile, NAME_CHARS));
    }

    #[test]
    fn a_long_name_is_elided_to_the_limit() {
        let long = "a".repeat(10_000);
        let shown = text(&long, NAME_CHARS);
        assert_eq!(shown.chars().count(), NAME_CHARS);
        assert!(shown.ends_with('…'));
        assert!(tooltip(&long).ends_with("(10000 characters in all)"));
    }

    #[test]
    fn a_name_of_exactly_the_limit_is_whole() {
        let name = "é".repeat(NAME_CHARS);
        assert_eq!(text(&name, NAME_CHARS), name);
    }

    #[test]
    fn json_hides_nothing_and_reads_back_the_same() {
        let name = "evil\u{202e}txt\u{2028}\u{9b}[2J";
        let json =
            serde_json::to_string_pretty(&serde_json::json!({ "name": name })).expect("json");
        let safe = json_escaped(&json);
        assert!(!safe.chars().any(hidden) || safe.chars().all(|c| !hidden(c) || c == '\n'));
        assert!(safe.contains("\\u202e") && safe.contains("\\u2028") && safe.contains("\\u009b"));
        let back: serde_json::Value = serde_json::from_str(&safe).expect("still JSON");
        assert_eq!(back["name"], name);
    }
}
