//! Reader for [CoNLL-U](https://universaldependencies.org/format.html) files.
//!
//! The treebanks dossier trains and evaluates on (UD English EWT and GUM) come
//! in this format. The reader keeps what the tagger, parser, segmentation and
//! entity evaluations need: comments (`# text`, `# newpar`, `# newdoc`), the
//! ten token columns, and nothing else. Multi-word token ranges (`3-4`) are
//! kept apart from the syntactic words; empty nodes (`3.1`) are skipped.
//!
//! ```
//! let src = "# newdoc id = d1\n# newpar\n# text = Hi there.\n1\tHi\thi\tINTJ\tUH\t_\t0\troot\t_\t_\n2\tthere\tthere\tADV\tRB\t_\t1\tadvmod\t_\tSpaceAfter=No\n3\t.\t.\tPUNCT\t.\t_\t1\tpunct\t_\t_\n\n";
//! let sents = dossier_conllu::parse_str(src).unwrap();
//! assert_eq!(sents[0].text.as_deref(), Some("Hi there."));
//! assert!(sents[0].new_par && sents[0].new_doc.is_some());
//! assert_eq!(sents[0].words[1].head, 1);
//! ```
#![deny(missing_docs)]

use std::io::BufRead;
use std::path::Path;

/// Errors while reading CoNLL-U.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The file could not be read.
    #[error("{path}: {source}")]
    Io {
        /// File being read.
        path: String,
        /// Underlying error.
        source: std::io::Error,
    },
    /// A token line did not have ten tab-separated columns or a bad id/head.
    #[error("{path}:{line}: {message}")]
    Syntax {
        /// File being read.
        path: String,
        /// 1-based line number.
        line: usize,
        /// What was wrong.
        message: String,
    },
}

/// One syntactic word (a CoNLL-U line with an integer id).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Word {
    /// Surface form (column 2).
    pub form: String,
    /// Lemma (column 3).
    pub lemma: String,
    /// Universal POS tag (column 4).
    pub upos: String,
    /// Language-specific tag; Penn Treebank for English (column 5).
    pub xpos: String,
    /// Morphological features (column 6), `_` when empty.
    pub feats: String,
    /// Head index, 1-based; 0 is the root (column 7).
    pub head: usize,
    /// Universal dependency relation (column 8).
    pub deprel: String,
    /// The MISC column (column 10), `_` when empty.
    pub misc: String,
}

impl Word {
    /// Whether MISC says no space follows this word.
    pub fn space_after(&self) -> bool {
        !self.misc.split('|').any(|f| f == "SpaceAfter=No")
    }
}

/// A multi-word token such as `don't` = `do` + `n't`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MultiWord {
    /// First word index covered (1-based, inclusive).
    pub first: usize,
    /// Last word index covered (1-based, inclusive).
    pub last: usize,
    /// Surface form of the whole token.
    pub form: String,
    /// MISC column of the range line.
    pub misc: String,
}

/// One sentence with its comments.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Sentence {
    /// `# sent_id` when present.
    pub id: Option<String>,
    /// `# text` when present.
    pub text: Option<String>,
    /// True when a `# newpar` comment opens this sentence.
    pub new_par: bool,
    /// `# newdoc id` value when a new document starts here (empty string if no id).
    pub new_doc: Option<String>,
    /// Other comment lines, verbatim without `# `.
    pub comments: Vec<String>,
    /// Syntactic words in order; word `i` has CoNLL-U id `i + 1`.
    pub words: Vec<Word>,
    /// Multi-word tokens.
    pub multiwords: Vec<MultiWord>,
}

impl Sentence {
    /// The surface tokens of the sentence: multi-word tokens as one item,
    /// with the range of words each covers (0-based, end exclusive) and
    /// whether a space follows.
    pub fn tokens(&self) -> Vec<(String, std::ops::Range<usize>, bool)> {
        let mut out = Vec::with_capacity(self.words.len());
        let mut i = 0;
        while i < self.words.len() {
            if let Some(mw) = self.multiwords.iter().find(|m| m.first == i + 1) {
                let space = !mw.misc.split('|').any(|f| f == "SpaceAfter=No");
                out.push((mw.form.clone(), i..mw.last, space));
                i = mw.last;
            } else {
                let w = &self.words[i];
                out.push((w.form.clone(), i..i + 1, w.space_after()));
                i += 1;
            }
        }
        out
    }
}

/// Parse CoNLL-U from a string (`path` is only used in messages).
pub fn parse_str(src: &str) -> Result<Vec<Sentence>, Error> {
    parse_reader(src.as_bytes(), "<string>")
}

/// Parse a CoNLL-U file.
pub fn read_file(path: &Path) -> Result<Vec<Sentence>, Error> {
    let f = std::fs::File::open(path).map_err(|source| Error::Io {
        path: path.display().to_string(),
        source,
    })?;
    parse_reader(std::io::BufReader::new(f), &path.display().to_string())
}

/// Parse several files in order and concatenate their sentences.
pub fn read_files<P: AsRef<Path>>(paths: &[P]) -> Result<Vec<Sentence>, Error> {
    let mut out = Vec::new();
    for p in paths {
        out.extend(read_file(p.as_ref())?);
    }
    Ok(out)
}

/// Parse CoNLL-U from any buffered reader.
pub fn parse_reader<R: BufRead>(reader: R, path: &str) -> Result<Vec<Sentence>, Error> {
    let mut out = Vec::new();
    let mut cur = Sentence::default();
    let mut started = false;
    for (lineno, line) in reader.lines().enumerate() {
        let line = line.map_err(|source| Error::Io {
            path: path.to_string(),
            source,
        })?;
        let line = line.trim_end_matches('\r');
        if line.is_empty() {
            if started {
                out.push(std::mem::take(&mut cur));
                started = false;
            }
            continue;
        }
        started = true;
        if let Some(c) = line.strip_prefix('#') {
            let c = c.trim_start();
            if let Some(v) = c.strip_prefix("text =") {
                cur.text = Some(v.trim().to_string());
            } else if let Some(v) = c.strip_prefix("sent_id =") {
                cur.id = Some(v.trim().to_string());
            } else if c.starts_with("newpar") {
                cur.new_par = true;
            } else if let Some(v) = c.strip_prefix("newdoc") {
                let id = v.trim().strip_prefix("id =").unwrap_or("").trim();
                cur.new_doc = Some(id.to_string());
                // A new document always starts a new paragraph.
                cur.new_par = true;
            } else {
                cur.comments.push(c.to_string());
            }
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        let syntax = |message: String| Error::Syntax {
            path: path.to_string(),
            line: lineno + 1,
            message,
        };
        if cols.len() != 10 {
            return Err(syntax(format!("expected 10 columns, found {}", cols.len())));
        }
        let id = cols[0];
        if id.contains('.') {
            continue; // empty node of the enhanced graph
        }
        if let Some((a, b)) = id.split_once('-') {
            let first = a.parse().map_err(|_| syntax(format!("bad range id {id:?}")))?;
            let last: usize = b.parse().map_err(|_| syntax(format!("bad range id {id:?}")))?;
            if last < first || first != cur.words.len() + 1 {
                return Err(syntax(format!(
                    "range {id:?} does not start at the next word or runs backwards"
                )));
            }
            cur.multiwords.push(MultiWord {
                first,
                last,
                form: cols[1].to_string(),
                misc: cols[9].to_string(),
            });
            continue;
        }
        let n: usize = id.parse().map_err(|_| syntax(format!("bad id {id:?}")))?;
        if n != cur.words.len() + 1 {
            return Err(syntax(format!("id {n} out of sequence")));
        }
        let head = if cols[6] == "_" {
            0
        } else {
            cols[6].parse().map_err(|_| syntax(format!("bad head {:?}", cols[6])))?
        };
        cur.words.push(Word {
            form: cols[1].to_string(),
            lemma: cols[2].to_string(),
            upos: cols[3].to_string(),
            xpos: cols[4].to_string(),
            feats: cols[5].to_string(),
            head,
            deprel: cols[7].to_string(),
            misc: cols[9].to_string(),
        });
    }
    if started {
        out.push(cur);
    }
    Ok(out)
}

/// Read a UD `splits.tsv` (`doc`, `split`, `path`) and return the paths,
/// relative to the folder holding it, of the documents in `split`.
pub fn split_paths(dir: &Path, split: &str) -> Result<Vec<std::path::PathBuf>, Error> {
    let tsv = dir.join("splits.tsv");
    let text = std::fs::read_to_string(&tsv).map_err(|source| Error::Io {
        path: tsv.display().to_string(),
        source,
    })?;
    Ok(text
        .lines()
        .skip(1)
        .filter_map(|l| {
            let mut it = l.split('\t');
            let (_doc, s, p) = (it.next()?, it.next()?, it.next()?);
            (s == split).then(|| dir.join(p))
        })
        .collect())
}

/// GUM genres whose sources are CC BY or public domain, the only ones whose
/// documents may go into shipped model weights (see the UD folder's README).
pub const GUM_SHIPPABLE_GENRES: &[&str] = &[
    "news",
    "interview",
    "bio",
    "voyage",
    "textbook",
    "vlog",
    "speech",
    "conversation",
];

/// Whether a GUM document (by file name or doc id, `GUM_<genre>_<name>`) is
/// in a genre that may go into shipped weights.
pub fn gum_doc_is_shippable(name: &str) -> bool {
    let base = name.rsplit('/').next().unwrap_or(name);
    base.strip_prefix("GUM_")
        .and_then(|r| r.split('_').next())
        .is_some_and(|g| GUM_SHIPPABLE_GENRES.contains(&g))
}

/// The training files for shipped models under a UD folder laid out as
/// `../shared/anchor-data/ud`: every EWT train document, and the GUM train
/// documents of the shippable genres.
pub fn shippable_train_paths(ud_dir: &Path) -> Result<Vec<std::path::PathBuf>, Error> {
    let mut paths = split_paths(&ud_dir.join("ewt"), "train")?;
    paths.extend(
        split_paths(&ud_dir.join("gum"), "train")?
            .into_iter()
            .filter(|p| gum_doc_is_shippable(&p.to_string_lossy())),
    );
    Ok(paths)
}

#[cfg(test)]
mod tests {
    #[test]
    fn only_cc_by_gum_genres_are_shippable() {
        assert!(super::gum_doc_is_shippable(
            "not-to-release/sources/GUM_news_iodine.conllu"
        ));
        assert!(!super::gum_doc_is_shippable("GUM_fiction_beast.conllu"));
        assert!(!super::gum_doc_is_shippable("GUM_academic_art"));
    }

    use super::*;

    #[test]
    fn multiword_tokens_group_their_words() {
        let src = "# text = I don't.\n1\tI\tI\tPRON\tPRP\t_\t3\tnsubj\t_\t_\n2-3\tdon't\t_\t_\t_\t_\t_\t_\t_\tSpaceAfter=No\n2\tdo\tdo\tAUX\tVBP\t_\t3\taux\t_\t_\n3\tn't\tnot\tPART\tRB\t_\t0\troot\t_\t_\n4\t.\t.\tPUNCT\t.\t_\t3\tpunct\t_\t_\n";
        let s = &parse_str(src).unwrap()[0];
        let toks = s.tokens();
        assert_eq!(toks.len(), 3);
        assert_eq!(toks[1], ("don't".to_string(), 1..3, false));
    }

    #[test]
    fn inverted_multiword_range_is_an_error_not_a_hang() {
        let src = "1-0\tab\t_\t_\t_\t_\t_\t_\t_\t_\n1\ta\ta\tX\tX\t_\t0\troot\t_\t_\n";
        assert!(parse_str(src).is_err());
    }

    #[test]
    fn malformed_line_reports_its_line_number() {
        let err = parse_str("1\tHi\n").unwrap_err();
        assert!(err.to_string().contains(":1:"), "{err}");
    }
}
