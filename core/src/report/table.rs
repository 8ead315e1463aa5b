//! A report's tables: what every format is rendered from.

use serde::{Deserialize, Serialize};

/// One table of a report, in the report's language: a title, column headers, rows of cells (each
/// row as long as the headers) and notes read under it. Counts are plain digits, so that a
/// spreadsheet reads them as numbers.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct Table {
    /// The table's heading.
    pub title: String,
    /// The column headers.
    pub columns: Vec<String>,
    /// The rows.
    pub rows: Vec<Vec<String>>,
    /// Lines under the table (Markdown and XLSX; a CSV file holds the rows alone).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
}

impl Table {
    /// An empty table with a title and headers.
    pub fn new(title: &str, columns: &[&str]) -> Table {
        Table { title: title.to_string(), columns: columns.iter().map(|c| c.to_string()).collect(), ..Table::default() }
    }

    /// Adds a row.
    pub fn row(&mut self, cells: Vec<String>) {
        debug_assert_eq!(cells.len(), self.columns.len(), "{}: a row as long as the headers", self.title);
        self.rows.push(cells);
    }
}
