//! `dossier events`: stored political events by actor, target, type,
//! country and date.

use std::io::Write;

use anyhow::Result;
use clap::Args;
use store::{EventFilter, EventRow, Store};

use crate::store_cmd::{check_date, clip, opt, print_json, print_table, DbArgs};

#[derive(Args)]
pub struct EventsArgs {
    /// Done by this entity (any of its name variants) or group ("protesters").
    #[arg(long)]
    actor: Option<String>,
    /// Done to this entity or group.
    #[arg(long)]
    target: Option<String>,
    /// PLOVER event type: ASSAULT, ACCUSE, REJECT, ...
    #[arg(long = "type")]
    event_type: Option<String>,
    /// ISO 3166 alpha-2 code of the actor's or target's country, or of where it happened.
    #[arg(long)]
    country: Option<String>,
    /// From this publication date (YYYY-MM-DD, inclusive).
    #[arg(long)]
    since: Option<String>,
    /// Up to this publication date (YYYY-MM-DD, inclusive).
    #[arg(long)]
    until: Option<String>,
    /// Leave out events the text says did not, or may not, happen.
    #[arg(long)]
    factual: bool,
    /// Only events of at least this confidence.
    #[arg(long, default_value_t = 0.0)]
    min_confidence: f64,
    /// At most this many.
    #[arg(long, default_value_t = 50)]
    limit: usize,
    #[command(flatten)]
    db: DbArgs,
}

const HEADERS: [&str; 8] = ["DATE", "TYPE", "ACTOR", "TARGET", "WHERE", "WHEN", "MARK", "SOURCE"];

fn party(name: &Option<String>, country: &Option<String>, sector: &Option<String>) -> String {
    let Some(name) = name else {
        return "-".to_string();
    };
    let tags: Vec<&str> = [country, sector].into_iter().flatten().map(String::as_str).collect();
    if tags.is_empty() {
        name.clone()
    } else {
        format!("{name} ({})", tags.join(" "))
    }
}

fn rows(events: &[EventRow]) -> Vec<Vec<String>> {
    events
        .iter()
        .map(|e| {
            let mark = match (e.negated, e.hedged, &e.attributed_to) {
                (true, _, _) => "negated".to_string(),
                (_, true, _) => "hedged".to_string(),
                (_, _, Some(q)) => format!("claimed {q}"),
                _ => String::new(),
            };
            vec![
                opt(&e.date),
                match &e.mode {
                    Some(m) => format!("{} {m}", e.event_type),
                    None => e.event_type.clone(),
                },
                clip(&party(&Some(e.actor.clone()), &e.actor_country, &e.actor_sector), 30),
                clip(&party(&e.target, &e.target_country, &e.target_sector), 30),
                clip(&party(&e.location, &e.location_country, &None), 24),
                opt(&e.time),
                mark,
                clip(&opt(&e.source), 20),
            ]
        })
        .collect()
}

pub fn events_cmd(a: EventsArgs) -> Result<()> {
    check_date("--since", &a.since)?;
    check_date("--until", &a.until)?;
    let store = Store::open_read_only(&a.db.db)?;
    let list = store.events(&EventFilter {
        actor: a.actor,
        target: a.target,
        event_type: a.event_type,
        country: a.country,
        since: a.since,
        until: a.until,
        factual_only: a.factual,
        min_confidence: a.min_confidence,
        limit: a.limit,
        offset: 0,
    })?;
    if a.db.json {
        return print_json(&list.events);
    }
    print_table(&HEADERS, &rows(&list.events));
    if (list.events.len() as i64) < list.total {
        let _ = writeln!(
            std::io::stdout(),
            "({} of {} events; --limit raises it)",
            list.events.len(),
            list.total
        );
    }
    Ok(())
}
