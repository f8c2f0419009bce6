//! Exports a dossier store: JSON Lines, CSV, Parquet or GraphML.
//!
//! Tables (documents, entities, mentions, quotes, edges, claims,
//! claim_clusters, disputes) stream from the
//! store row by row into a writer; Parquet goes through the Apache Arrow
//! writer in row groups of [`ROW_GROUP`] rows, so memory stays bounded
//! whatever the table's size. GraphML writes the entity graph (corpus
//! entities as nodes, `said_about` and `co_mention` edges with a `weight`)
//! in the form Gephi imports.
//!
//! This crate is apart from the store because Arrow and Parquet take
//! minutes to build.
//!
//! ```
//! use dossier_export::{export, Format};
//! use store::{Store, Table};
//! let dir = tempfile::tempdir().unwrap();
//! let store = Store::open(&dir.path().join("c.db")).unwrap();
//! let mut out = Vec::new();
//! export(&store, Format::Csv, Table::Quotes, &mut out, 1).unwrap();
//! assert!(String::from_utf8(out).unwrap().starts_with("id,document_id,"));
//! ```
#![deny(missing_docs)]

use std::io::Write;
use std::sync::Arc;

use arrow_array::builder::{Float64Builder, Int64Builder, StringBuilder};
use arrow_array::{ArrayRef, RecordBatch};
use arrow_schema::{DataType, Field, Schema};
use parquet::arrow::ArrowWriter;
use parquet::basic::Compression;
use parquet::file::properties::WriterProperties;
use store::{Column, ColumnType, RowSink, Store, Table, Value};

/// Rows per Parquet row group (and Arrow record batch).
pub const ROW_GROUP: usize = 8192;

/// Output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// One JSON object per row.
    Jsonl,
    /// RFC 4180 CSV with a header row.
    Csv,
    /// Apache Parquet, snappy-compressed.
    Parquet,
    /// GraphML of the entity graph.
    Graphml,
}

impl Format {
    /// Parse a name as the CLI spells it.
    pub fn from_name(name: &str) -> Option<Format> {
        Some(match name {
            "jsonl" => Format::Jsonl,
            "csv" => Format::Csv,
            "parquet" => Format::Parquet,
            "graphml" => Format::Graphml,
            _ => return None,
        })
    }
}

/// Errors while exporting.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Reading the store failed.
    #[error(transparent)]
    Store(#[from] store::Error),
    /// Writing failed.
    #[error("cannot write: {0}")]
    Io(#[from] std::io::Error),
    /// The Parquet writer failed.
    #[error("cannot write Parquet: {0}")]
    Parquet(#[from] parquet::errors::ParquetError),
    /// Arrow refused a batch.
    #[error("cannot build an Arrow batch: {0}")]
    Arrow(#[from] arrow_schema::ArrowError),
    /// A format and table that do not go together.
    #[error("{0}")]
    Usage(String),
}

/// Write `table` from `store` to `out` in `format`; returns rows (or, for
/// GraphML, edges) written. `min_weight` drops lighter graph edges
/// (GraphML and the edges table).
pub fn export(
    store: &Store,
    format: Format,
    table: Table,
    out: &mut (dyn Write + Send),
    min_weight: i64,
) -> Result<u64, Error> {
    match format {
        Format::Graphml => {
            if !matches!(table, Table::Edges | Table::Entities) {
                return Err(Error::Usage(
                    "GraphML holds the entity graph: use --what edges (or entities)".to_string(),
                ));
            }
            graphml(store, out, min_weight)
        }
        Format::Jsonl => run(store, table, &mut JsonlSink { out, names: Vec::new() }, min_weight),
        Format::Csv => run(store, table, &mut CsvSink { out }, min_weight),
        Format::Parquet => {
            let mut sink = ParquetSink {
                out: Some(out),
                writer: None,
                columns: Vec::new(),
                rows: Vec::new(),
            };
            let n = run(store, table, &mut sink, min_weight)?;
            sink.finish()?;
            Ok(n)
        }
    }
}

fn run(store: &Store, table: Table, sink: &mut dyn RowSink, min_weight: i64) -> Result<u64, Error> {
    if table == Table::Edges && min_weight > 1 {
        // The edges table with a weight floor: filter the graph's rows.
        let mut filter = MinWeight {
            inner: sink,
            min_weight,
        };
        return Ok(store.export(table, &mut filter)?);
    }
    Ok(store.export(table, sink)?)
}

struct MinWeight<'a> {
    inner: &'a mut dyn RowSink,
    min_weight: i64,
}

impl RowSink for MinWeight<'_> {
    fn columns(&mut self, columns: &[Column]) -> Result<(), store::Error> {
        self.inner.columns(columns)
    }
    fn row(&mut self, row: &[Value]) -> Result<(), store::Error> {
        match row.last() {
            Some(Value::Int(w)) if *w < self.min_weight => Ok(()),
            _ => self.inner.row(row),
        }
    }
}

struct JsonlSink<'a> {
    out: &'a mut (dyn Write + Send),
    names: Vec<&'static str>,
}

impl RowSink for JsonlSink<'_> {
    fn columns(&mut self, columns: &[Column]) -> Result<(), store::Error> {
        self.names = columns.iter().map(|c| c.name).collect();
        Ok(())
    }
    fn row(&mut self, row: &[Value]) -> Result<(), store::Error> {
        let obj: serde_json::Map<String, serde_json::Value> = self
            .names
            .iter()
            .zip(row)
            .map(|(n, v)| {
                let v = match v {
                    Value::Null => serde_json::Value::Null,
                    Value::Int(i) => (*i).into(),
                    Value::Real(f) => serde_json::Number::from_f64(*f).map_or(serde_json::Value::Null, Into::into),
                    Value::Text(t) => t.clone().into(),
                };
                (n.to_string(), v)
            })
            .collect();
        serde_json::to_writer(&mut *self.out, &obj).map_err(std::io::Error::from)?;
        self.out.write_all(b"\n")?;
        Ok(())
    }
}

struct CsvSink<'a> {
    out: &'a mut (dyn Write + Send),
}

fn csv_field(s: &str) -> std::borrow::Cow<'_, str> {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\"")).into()
    } else {
        s.into()
    }
}

impl RowSink for CsvSink<'_> {
    fn columns(&mut self, columns: &[Column]) -> Result<(), store::Error> {
        let header: Vec<&str> = columns.iter().map(|c| c.name).collect();
        // RFC 4180: every record, the header included, ends in CRLF.
        write!(self.out, "{}\r\n", header.join(","))?;
        Ok(())
    }
    fn row(&mut self, row: &[Value]) -> Result<(), store::Error> {
        for (i, v) in row.iter().enumerate() {
            if i > 0 {
                self.out.write_all(b",")?;
            }
            match v {
                Value::Null => {}
                Value::Int(n) => write!(self.out, "{n}")?,
                Value::Real(f) => write!(self.out, "{f}")?,
                Value::Text(t) => self.out.write_all(csv_field(t).as_bytes())?,
            }
        }
        self.out.write_all(b"\r\n")?;
        Ok(())
    }
}

struct ParquetSink<'a> {
    out: Option<&'a mut (dyn Write + Send)>,
    writer: Option<ArrowWriter<&'a mut (dyn Write + Send)>>,
    columns: Vec<Column>,
    rows: Vec<Vec<Value>>,
}

fn to_store_err(e: impl std::fmt::Display) -> store::Error {
    store::Error::Io(std::io::Error::other(e.to_string()))
}

impl ParquetSink<'_> {
    fn schema(&self) -> Arc<Schema> {
        Arc::new(Schema::new(
            self.columns
                .iter()
                .map(|c| {
                    let t = match c.ctype {
                        ColumnType::Int => DataType::Int64,
                        ColumnType::Real => DataType::Float64,
                        ColumnType::Text => DataType::Utf8,
                    };
                    Field::new(c.name, t, true)
                })
                .collect::<Vec<_>>(),
        ))
    }

    fn flush(&mut self) -> Result<(), store::Error> {
        if self.rows.is_empty() {
            return Ok(());
        }
        let arrays: Vec<ArrayRef> = self
            .columns
            .iter()
            .enumerate()
            .map(|(i, c)| -> ArrayRef {
                match c.ctype {
                    ColumnType::Int => {
                        let mut b = Int64Builder::with_capacity(self.rows.len());
                        for r in &self.rows {
                            match &r[i] {
                                Value::Int(n) => b.append_value(*n),
                                Value::Real(f) => b.append_value(*f as i64),
                                _ => b.append_null(),
                            }
                        }
                        Arc::new(b.finish())
                    }
                    ColumnType::Real => {
                        let mut b = Float64Builder::with_capacity(self.rows.len());
                        for r in &self.rows {
                            match &r[i] {
                                Value::Real(f) => b.append_value(*f),
                                Value::Int(n) => b.append_value(*n as f64),
                                _ => b.append_null(),
                            }
                        }
                        Arc::new(b.finish())
                    }
                    ColumnType::Text => {
                        let mut b = StringBuilder::new();
                        for r in &self.rows {
                            match &r[i] {
                                Value::Text(t) => b.append_value(t),
                                Value::Int(n) => b.append_value(n.to_string()),
                                Value::Real(f) => b.append_value(f.to_string()),
                                Value::Null => b.append_null(),
                            }
                        }
                        Arc::new(b.finish())
                    }
                }
            })
            .collect();
        let batch = RecordBatch::try_new(self.schema(), arrays).map_err(to_store_err)?;
        self.writer
            .as_mut()
            .expect("writer opened in columns()")
            .write(&batch)
            .map_err(to_store_err)?;
        self.rows.clear();
        Ok(())
    }

    fn finish(mut self) -> Result<(), Error> {
        self.flush()?;
        if let Some(w) = self.writer.take() {
            w.close()?;
        }
        Ok(())
    }
}

impl RowSink for ParquetSink<'_> {
    fn columns(&mut self, columns: &[Column]) -> Result<(), store::Error> {
        self.columns = columns.to_vec();
        let props = WriterProperties::builder()
            .set_compression(Compression::SNAPPY)
            .set_max_row_group_row_count(Some(ROW_GROUP))
            .build();
        let out = self.out.take().expect("columns() is called once");
        self.writer = Some(ArrowWriter::try_new(out, self.schema(), Some(props)).map_err(to_store_err)?);
        Ok(())
    }
    fn row(&mut self, row: &[Value]) -> Result<(), store::Error> {
        self.rows.push(row.to_vec());
        if self.rows.len() >= ROW_GROUP {
            self.flush()?;
        }
        Ok(())
    }
}

fn xml_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // Characters XML 1.0 forbids.
            c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => {}
            c => out.push(c),
        }
    }
    out
}

/// The entity graph as GraphML. Gephi reads `label` as the node label and
/// `weight` as the edge weight; `said_about` edges are directed and
/// `co_mention` edges undirected (a mixed graph).
fn graphml(store: &Store, out: &mut (dyn Write + Send), min_weight: i64) -> Result<u64, Error> {
    let g = store.graph(min_weight)?;
    let mut w = std::io::BufWriter::new(out);
    w.write_all(
        br#"<?xml version="1.0" encoding="UTF-8"?>
<graphml xmlns="http://graphml.graphdrawing.org/xmlns" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">
  <key id="label" for="node" attr.name="label" attr.type="string"/>
  <key id="type" for="node" attr.name="type" attr.type="string"/>
  <key id="documents" for="node" attr.name="documents" attr.type="long"/>
  <key id="quotes" for="node" attr.name="quotes" attr.type="long"/>
  <key id="kind" for="edge" attr.name="kind" attr.type="string"/>
  <key id="weight" for="edge" attr.name="weight" attr.type="double"/>
  <graph id="dossier" edgedefault="directed">
"#,
    )?;
    for n in &g.nodes {
        writeln!(
            w,
            "    <node id=\"n{}\"><data key=\"label\">{}</data><data key=\"type\">{}</data><data key=\"documents\">{}</data><data key=\"quotes\">{}</data></node>",
            n.id,
            xml_escape(&n.name),
            xml_escape(&n.etype),
            n.documents,
            n.quotes
        )?;
    }
    for (i, e) in g.edges.iter().enumerate() {
        let directed = if e.kind == "co_mention" {
            " directed=\"false\""
        } else {
            ""
        };
        writeln!(
            w,
            "    <edge id=\"e{i}\" source=\"n{}\" target=\"n{}\"{directed}><data key=\"kind\">{}</data><data key=\"weight\">{}</data></edge>",
            e.source, e.target, e.kind, e.weight
        )?;
    }
    w.write_all(b"  </graph>\n</graphml>\n")?;
    w.flush()?;
    Ok(g.edges.len() as u64)
}

#[cfg(test)]
mod tests;
