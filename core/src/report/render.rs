//! Writing a report for people: Markdown (Chinese or English), CSV for a spreadsheet, and XLSX
//! (with the `xlsx` feature). Pure and deterministic: the same report gives the same bytes in
//! every door.

use super::figures::moment;
use super::{Language, ReportHeader, Table};

/// The report as Markdown: a title, the lines that trace it to the log, then each table with its
/// notes.
pub fn markdown(header: &ReportHeader, tables: &[Table]) -> String {
    let l = header.language;
    let mut out = format!("# {}\n\n", header.title);
    for (label, value) in header_lines(header) {
        out.push_str(&format!("- {label}{}{value}\n", l.pick("：", ": ")));
    }
    out.push('\n');
    for table in tables {
        out.push_str(&format!("## {}\n\n", table.title));
        if table.rows.is_empty() {
            out.push_str(l.pick("（无）\n", "(none)\n"));
        } else {
            out.push_str(&md_row(&table.columns));
            out.push_str(&md_row(&table.columns.iter().map(|_| "---".to_string()).collect::<Vec<_>>()));
            for row in &table.rows {
                out.push_str(&md_row(row));
            }
        }
        if !table.notes.is_empty() {
            out.push('\n');
            for note in &table.notes {
                out.push_str(&format!("- {}\n", md_text(note)));
            }
        }
        out.push('\n');
    }
    out
}

/// The header as labelled lines, in the report's language.
pub fn header_lines(header: &ReportHeader) -> Vec<(&'static str, String)> {
    let l = header.language;
    let mut lines = vec![
        (l.pick("专项行动", "Campaign"), header.campaign.clone()),
        (
            l.pick("街道", "Sub-district"),
            format!(
                "{}{}{}{}",
                header.subdistrict.name,
                l.pick("（", " ("),
                header.subdistrict.code,
                l.pick("）", ")")
            ),
        ),
    ];
    if let Some(unit) = &header.unit {
        lines.push((
            l.pick("村（社区）", "Village or community"),
            format!("{}{}{}{}", unit.name, l.pick("（", " ("), unit.code, l.pick("）", ")")),
        ));
    }
    lines.push((l.pick("截至", "As of"), format!("{}{}", moment(header.at), l.pick("（北京时间）", " (UTC+8)"))));
    lines.push((
        l.pick("日志位置", "Log head"),
        format!("seq #{}{}{}", header.head.seq, l.pick(" · 哈希 ", ", hash "), header.head.hash),
    ));
    lines
}

/// The table as CSV (RFC 4180 quoting, UTF-8, a header row then the rows). A cell that a
/// spreadsheet would read as a formula (it starts with `=`, `+`, `-`, `@`, a tab or a carriage
/// return: names, reasons and titles are typed by people) is written with a leading `'`, so that
/// opening the file runs nothing (OWASP's advice on CSV injection).
pub fn csv(table: &Table) -> String {
    let mut writer = csv::Writer::from_writer(Vec::new());
    let safe = |cell: &String| -> String {
        if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) { format!("'{cell}") } else { cell.clone() }
    };
    // Writing to a Vec cannot fail; a failure would be a bug of the csv crate.
    let written = writer.write_record(table.columns.iter().map(safe)).and_then(|()| {
        table.rows.iter().try_for_each(|row| writer.write_record(row.iter().map(safe)))?;
        writer.flush().map_err(csv::Error::from)
    });
    debug_assert!(written.is_ok(), "writing CSV to memory: {written:?}");
    String::from_utf8(writer.into_inner().unwrap_or_default()).unwrap_or_default()
}

/// A Markdown table row, each cell escaped so that a `|` or a line break in a name cannot break it.
fn md_row(cells: &[String]) -> String {
    let cells: Vec<String> = cells.iter().map(|c| md_text(c)).collect();
    format!("| {} |\n", cells.join(" | "))
}

/// Text put into a Markdown line: a `|` or a line break cannot break the layout.
pub(crate) fn md_text(text: &str) -> String {
    text.replace('\\', "\\\\").replace('|', "\\|").replace("\r\n", "<br>").replace('\n', "<br>")
}

/// The report as an XLSX workbook: a sheet for the header, then one sheet per table (its notes
/// under the rows). Counts are written as numbers. The workbook's creation time is the report's
/// moment, so the same report gives the same bytes.
///
/// # Errors
/// `MALFORMED_INPUT` if the writer fails (it writes to memory; a failure would be a bug).
#[cfg(feature = "xlsx")]
pub fn xlsx(header: &ReportHeader, tables: &[Table]) -> crate::Result<Vec<u8>> {
    use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Workbook};
    let failed = |e: rust_xlsxwriter::XlsxError| {
        crate::Error::new(crate::ErrorCode::MalformedInput, format!("the XLSX writer failed: {e}"))
    };
    let l = header.language;
    let mut workbook = Workbook::new();
    let at = header.at.with_timezone(&super::figures::china());
    let created = ExcelDateTime::parse_from_str(&at.format("%Y-%m-%dT%H:%M:%S").to_string()).map_err(failed)?;
    workbook.set_properties(
        &DocProperties::new()
            .set_title(&header.title)
            .set_company(&header.subdistrict.name)
            .set_creation_datetime(&created),
    );
    let bold = Format::new().set_bold();
    let sheet = workbook.add_worksheet();
    sheet.set_name(l.pick("报告", "Report")).map_err(failed)?;
    sheet.write_string_with_format(0, 0, &header.title, &bold).map_err(failed)?;
    for (i, (label, value)) in header_lines(header).into_iter().enumerate() {
        let row = 1 + i as u32;
        sheet.write_string(row, 0, label).map_err(failed)?;
        sheet.write_string(row, 1, &value).map_err(failed)?;
    }
    sheet.set_column_width(0, 16).map_err(failed)?;
    sheet.set_column_width(1, 60).map_err(failed)?;
    for (n, table) in tables.iter().enumerate() {
        let sheet = workbook.add_worksheet();
        sheet.set_name(sheet_name(n, &table.title)).map_err(failed)?;
        sheet.write_string_with_format(0, 0, &table.title, &bold).map_err(failed)?;
        for (c, column) in table.columns.iter().enumerate() {
            sheet.write_string_with_format(1, c as u16, column, &bold).map_err(failed)?;
            sheet.set_column_width(c as u16, 16).map_err(failed)?;
        }
        for (r, row) in table.rows.iter().enumerate() {
            for (c, cell) in row.iter().enumerate() {
                let (r, c) = (2 + r as u32, c as u16);
                // A count is a number for the spreadsheet; ids and codes with leading zeros or of
                // more than 15 digits stay text (a division code would lose digits as a number).
                match cell.parse::<u32>() {
                    Ok(n) if !cell.starts_with('0') || cell == "0" => sheet.write_number(r, c, f64::from(n)),
                    _ => sheet.write_string(r, c, cell),
                }
                .map_err(failed)?;
            }
        }
        let below = 3 + table.rows.len() as u32;
        for (i, note) in table.notes.iter().enumerate() {
            sheet.write_string(below + i as u32, 0, note).map_err(failed)?;
        }
    }
    workbook.save_to_buffer().map_err(failed)
}

/// A sheet name: Excel allows 31 characters and no `[]:*?/\`.
#[cfg(feature = "xlsx")]
fn sheet_name(n: usize, title: &str) -> String {
    let clean: String = title.chars().filter(|c| !"[]:*?/\\".contains(*c)).collect();
    let name: String = format!("{} {clean}", n + 1).chars().take(31).collect();
    name.trim_end().to_string()
}

/// The language's own word for "and N more rows not shown".
pub fn omitted(language: Language, n: usize) -> String {
    match language {
        Language::Zh => format!("另有 {n} 行未列出（报告每表至多列出 {} 行）", super::ROW_CAP),
        Language::En => format!("{n} more rows not shown (a report lists at most {} rows per table)", super::ROW_CAP),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_quotes_what_a_spreadsheet_would_run() {
        let mut t = Table::new("t", &["名称", "理由"]);
        t.row(vec!["=HYPERLINK(\"http://x\")".into(), "+1".into()]);
        t.row(vec!["龙虎岭社区|A, 2".into(), "—".into()]);
        assert_eq!(csv(&t), "名称,理由\n\"'=HYPERLINK(\"\"http://x\"\")\",'+1\n\"龙虎岭社区|A, 2\",—\n");
    }

    #[test]
    fn markdown_cells_cannot_break_the_table() {
        assert_eq!(md_text("a|b\nc"), "a\\|b<br>c");
    }
}
