//! `dossier serve`: the newsroom's web page and JSON API over a corpus
//! store (the server itself is the `dossier-server` crate).

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;

use anyhow::{Context, Result};
use clap::Args;
use dossier::{ingest, schema, text, Pipeline};

#[derive(Args)]
pub struct ServeArgs {
    /// The database file (made by `dossier ingest`).
    #[arg(long, default_value = "dossier.db")]
    db: PathBuf,
    /// Address to listen on. Loopback by default; any other address serves
    /// the corpus to whoever can reach it.
    #[arg(long, default_value = "127.0.0.1:8080")]
    bind: SocketAddr,
    /// Allow requests that carry the token to write (store posted
    /// documents, undo merges). Without it the server never writes.
    #[arg(long, requires = "token")]
    allow_write: bool,
    /// The write token (16 characters or more), sent as
    /// `Authorization: Bearer TOKEN`. Also read from `DOSSIER_TOKEN`.
    #[arg(long, env = "DOSSIER_TOKEN", hide_env_values = true)]
    token: Option<String>,
    /// Least confidence for an attribution to be shown in `quotes` (others
    /// go to `quotes_withheld`), as for `dossier analyze`.
    #[arg(long, default_value_t = dossier::extract::quotes::DEFAULT_MIN_CONFIDENCE)]
    min_confidence: f32,
    /// API answers kept while the database is unchanged (0: none). Any
    /// commit, by an ingest running beside the server too, invalidates them.
    #[arg(long, default_value_t = 256)]
    response_cache: usize,
    /// Seconds a kept answer may still be served after a commit changed
    /// the database, while its new answer is computed in the background
    /// (0: never; every answer then waits for its query after a commit).
    #[arg(long, default_value_t = 5.0)]
    max_stale: f64,
}

/// The pipeline as the server's analyzer.
struct PipelineAnalyzer {
    pipeline: Pipeline,
    min_confidence: f32,
}

impl server::Analyzer for PipelineAnalyzer {
    fn analyze(&self, meta: text::Meta, text: String) -> text::Doc {
        self.pipeline.analyze(ingest::RawDoc {
            meta,
            text,
            warnings: Vec::new(),
            origin: "serve".into(),
        })
    }

    fn output_options(&self) -> schema::OutputOptions {
        schema::OutputOptions {
            with_tokens: false,
            models: self.pipeline.models(),
            min_confidence: self.min_confidence,
        }
    }
}

pub fn serve(args: ServeArgs) -> Result<()> {
    if args.token.is_some() && !args.allow_write {
        anyhow::bail!("--token needs --allow-write (a token alone allows nothing)");
    }
    let pipeline = Pipeline::new().context("cannot build the pipeline")?;
    let mut config = server::Config::new(args.db, args.bind);
    config.write_token = if args.allow_write { args.token } else { None };
    config.limits.response_cache = args.response_cache;
    if !(0.0..=3600.0).contains(&args.max_stale) {
        anyhow::bail!("--max-stale must be 0 to 3600 seconds");
    }
    config.limits.max_stale = std::time::Duration::from_secs_f64(args.max_stale);
    server::run(
        config,
        Arc::new(PipelineAnalyzer {
            pipeline,
            min_confidence: args.min_confidence,
        }),
    )?;
    Ok(())
}
