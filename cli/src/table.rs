//! A report's table, written as Markdown (for a person) or CSV (for a spreadsheet).

use crate::exit::Outcome;
use crate::output;
use std::io::Write;

/// One table: a title, bilingual headers, rows of cells, and notes printed under it in Markdown.
/// Counts are plain digits in both formats, so that a spreadsheet reads them as numbers.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Table {
    /// The heading, Chinese with English.
    pub title: String,
    /// The column headers, Chinese with English.
    pub headers: Vec<String>,
    /// The rows, each as long as `headers`.
    pub rows: Vec<Vec<String>>,
    /// Lines under the table (Markdown only: a CSV file holds the rows alone).
    pub notes: Vec<String>,
}

impl Table {
    /// An empty table with a title and headers.
    pub fn new(title: &str, headers: &[&str]) -> Table {
        Table { title: title.to_string(), headers: headers.iter().map(|h| h.to_string()).collect(), ..Table::default() }
    }

    /// Adds a row.
    pub fn row(&mut self, cells: Vec<String>) {
        self.rows.push(cells);
    }

    /// Writes the table as a Markdown section: `## title`, the table (or a line saying it is empty),
    /// the notes.
    ///
    /// # Errors
    /// `IO_ERROR`.
    pub fn markdown(&self, out: &mut dyn Write) -> Outcome {
        let mut text = format!("## {}\n\n", self.title);
        if self.rows.is_empty() {
            text.push_str("（无 none）\n");
        } else {
            text.push_str(&md_row(&self.headers));
            text.push_str(&md_row(&self.headers.iter().map(|_| "---".to_string()).collect::<Vec<_>>()));
            for row in &self.rows {
                text.push_str(&md_row(row));
            }
        }
        if !self.notes.is_empty() {
            text.push('\n');
            for note in &self.notes {
                text.push_str(&format!("- {note}\n"));
            }
        }
        text.push('\n');
        output::text(out, "stdout", &text)
    }

    /// Writes the headers and rows as CSV (RFC 4180 quoting).
    ///
    /// # Errors
    /// `IO_ERROR`.
    pub fn csv(&self, out: &mut dyn Write) -> Outcome {
        let mut writer = csv::Writer::from_writer(Vec::new());
        let mut result = writer.write_record(&self.headers);
        for row in &self.rows {
            result = result.and_then(|()| writer.write_record(row));
        }
        let bytes = result
            .map_err(std::io::Error::other)
            .and_then(|()| writer.into_inner().map_err(|e| std::io::Error::other(e.to_string())));
        match bytes {
            Ok(bytes) => output::text(out, "stdout", &String::from_utf8_lossy(&bytes)),
            Err(e) => Err(crate::exit::Failure::io("the CSV", &e)),
        }
    }
}

/// A Markdown table row, each cell escaped so that a `|` or a line break in a name cannot break it.
fn md_row(cells: &[String]) -> String {
    let cells: Vec<String> = cells
        .iter()
        .map(|c| c.replace('\\', "\\\\").replace('|', "\\|").replace("\r\n", "<br>").replace('\n', "<br>"))
        .collect();
    format!("| {} |\n", cells.join(" | "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_markdown_and_csv() {
        let mut t = Table::new("覆盖 Coverage", &["名称 Name", "住户 Households"]);
        t.row(vec!["龙虎岭社区|A, 2".into(), "1200".into()]);
        let mut md = Vec::new();
        t.markdown(&mut md).unwrap();
        let md = String::from_utf8(md).unwrap();
        assert!(md.contains("| 名称 Name | 住户 Households |\n| --- | --- |\n| 龙虎岭社区\\|A, 2 | 1200 |\n"), "{md}");
        let mut csv = Vec::new();
        t.csv(&mut csv).unwrap();
        assert_eq!(String::from_utf8(csv).unwrap(), "名称 Name,住户 Households\n\"龙虎岭社区|A, 2\",1200\n");
    }
}
