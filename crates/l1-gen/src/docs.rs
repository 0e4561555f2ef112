//! Schema descriptions as rustdoc: the text is the schema's, made safe for
//! rustdoc so that the L1 crates document without warnings. Brackets that
//! are not Markdown links, `<`, `>` and code fences are escaped; bare URLs
//! are made links; indentation (which rustdoc would take for code) goes.

/// The lines of a `///` comment for `description`, or none when empty.
pub fn doc_lines(description: &str) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    for raw in description.replace("\r\n", "\n").replace('\r', "\n").split('\n') {
        let line = escape(raw.trim());
        if line.is_empty() {
            if lines.last().is_some_and(|l| !l.is_empty()) {
                lines.push(line);
            }
            continue;
        }
        // The schemas break paragraphs with one newline, which Markdown
        // would join: each line is a paragraph, except a list's items.
        let item = is_list_item(&line);
        if let Some(last) = lines.last() {
            if !last.is_empty() && !(item && (is_list_item(last) || last.ends_with(':'))) {
                lines.push(String::new());
            }
        }
        lines.push(line);
    }
    while lines.last().is_some_and(|l| l.is_empty()) {
        lines.pop();
    }
    lines
}

fn is_list_item(line: &str) -> bool {
    ["+ ", "- ", "* ", "+  ", "1. "].iter().any(|marker| line.starts_with(marker))
}

fn escape(line: &str) -> String {
    let line = line.replace("```", "`");
    let chars: Vec<char> = line.chars().collect();
    let mut out = String::with_capacity(line.len() + 8);
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c == '[' {
            if let Some((text, url, end)) = markdown_link(&chars, i) {
                out.push('[');
                out.push_str(&escape_text(&text));
                out.push_str("](");
                out.push_str(&url);
                out.push(')');
                i = end;
                continue;
            }
        }
        if let Some(end) = url_at(&chars, i) {
            let url: String = chars[i..end].iter().collect();
            out.push('<');
            out.push_str(&url);
            out.push('>');
            i = end;
            continue;
        }
        push_escaped(&mut out, c);
        i += 1;
    }
    out
}

fn escape_text(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars() {
        push_escaped(&mut out, c);
    }
    out
}

fn push_escaped(out: &mut String, c: char) {
    match c {
        '[' => out.push_str("\\["),
        ']' => out.push_str("\\]"),
        '<' => out.push_str("&lt;"),
        '>' => out.push_str("&gt;"),
        '\\' => out.push_str("\\\\"),
        _ => out.push(c),
    }
}

/// `[text](https://...)` starting at `start`: its text, URL and end.
fn markdown_link(chars: &[char], start: usize) -> Option<(String, String, usize)> {
    let close = (start + 1..chars.len()).find(|&j| chars[j] == ']' || chars[j] == '[')?;
    if chars[close] != ']' || chars.get(close + 1) != Some(&'(') {
        return None;
    }
    let url_start = close + 2;
    url_at(chars, url_start)?;
    let url_end = (url_start..chars.len()).find(|&j| chars[j] == ')' || chars[j].is_whitespace())?;
    if chars[url_end] != ')' {
        return None;
    }
    let text: String = chars[start + 1..close].iter().collect();
    let url: String = chars[url_start..url_end].iter().collect();
    Some((text, url, url_end + 1))
}

/// The end of a URL starting at `start`, if one does.
fn url_at(chars: &[char], start: usize) -> Option<usize> {
    let rest: String = chars[start..chars.len().min(start + 8)].iter().collect();
    if !(rest.starts_with("https://") || rest.starts_with("http://")) {
        return None;
    }
    if start > 0 && (chars[start - 1].is_alphanumeric() || chars[start - 1] == '<') {
        return None;
    }
    let mut end = start;
    while end < chars.len() && !chars[end].is_whitespace() && !"<>\"'`()[]{}|\\^".contains(chars[end]) {
        end += 1;
    }
    while end > start && ".,;:!?*".contains(chars[end - 1]) {
        end -= 1;
    }
    Some(end)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn descriptions_become_safe_rustdoc() {
        assert_eq!(
            doc_lines("  The ID.\n\n\n    Indented [Link](https://example.com/a_b) and [brackets] <b>.\n"),
            ["The ID.", "", "Indented [Link](https://example.com/a_b) and \\[brackets\\] &lt;b&gt;."]
        );
        assert_eq!(doc_lines("One.\nTwo:\n+ a\n+ b\nThree."), ["One.", "", "Two:", "+ a", "+ b", "", "Three."]);
        assert_eq!(doc_lines("See https://docs.aws.amazon.com/x.html."), ["See <https://docs.aws.amazon.com/x.html>."]);
        assert_eq!(doc_lines("```json\n{}\n```"), ["`json", "", "{}", "", "`"]);
        assert!(doc_lines(" \n ").is_empty());
    }
}
