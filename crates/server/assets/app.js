// dossier's newsroom page. Plain JavaScript, no dependencies.
//
// Safety rule: every piece of data (article text, names, quotes) enters the
// DOM through textContent or attribute setters, never through innerHTML, so
// markup inside an article is shown as text and never runs. Links to
// outside pages are made only from http(s) URLs.
'use strict';

const SVG = 'http://www.w3.org/2000/svg';
const MATCH_START = '\u0001';
const MATCH_END = '\u0002';

// ------------------------------------------------------------ helpers

/** An element with attributes and children (strings become text nodes). */
function el(tag, attrs, ...children) {
  const e = document.createElement(tag);
  setAttrs(e, attrs);
  append(e, children);
  return e;
}

function svg(tag, attrs, ...children) {
  const e = document.createElementNS(SVG, tag);
  setAttrs(e, attrs);
  append(e, children);
  return e;
}

function setAttrs(e, attrs) {
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
    else if (k === 'text') e.textContent = String(v);
    else e.setAttribute(k, String(v));
  }
}

function append(e, children) {
  for (const c of children.flat()) {
    if (c === null || c === undefined || c === false) continue;
    e.appendChild(c instanceof Node ? c : document.createTextNode(String(c)));
  }
}

/** A link to an outside page, only for http(s) URLs; else plain text. */
function outsideLink(url, label) {
  if (typeof url === 'string' && /^https?:\/\//i.test(url)) {
    return el('a', { href: url, rel: 'noopener noreferrer nofollow', target: '_blank' }, label || url);
  }
  return url ? el('span', {}, label || url) : null;
}

async function api(path, params) {
  const qs = params ? '?' + new URLSearchParams(clean(params)).toString() : '';
  const r = await fetch('/api/' + path + qs, { headers: { Accept: 'application/json' } });
  const body = await r.json().catch(() => ({ error: r.statusText }));
  if (!r.ok) throw new Error(body.error || r.statusText);
  return body;
}

function clean(params) {
  const out = {};
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') out[k] = v;
  return out;
}

function hashFor(view, params) {
  const qs = new URLSearchParams(clean(params || {})).toString();
  return '#/' + view + (qs ? '?' + qs : '');
}

function go(view, params) {
  location.hash = hashFor(view, params);
}

function meta(...parts) {
  return el('span', { class: 'meta' }, parts.filter(Boolean).join(' · '));
}

/** Text with full-text matches (between \u0001 and \u0002) as <mark>. */
function marked(text) {
  const out = [];
  let rest = text || '';
  while (rest.length) {
    const s = rest.indexOf(MATCH_START);
    if (s < 0) { out.push(rest); break; }
    out.push(rest.slice(0, s));
    const e = rest.indexOf(MATCH_END, s);
    const end = e < 0 ? rest.length : e;
    out.push(el('mark', {}, rest.slice(s + 1, end)));
    rest = e < 0 ? '' : rest.slice(e + 1);
  }
  return out;
}

function entityLink(id, name, cls) {
  if (id === null || id === undefined) return el('span', { class: cls || '' }, name || '');
  return el('a', { href: hashFor('entity/' + id), class: cls || '' }, name || '');
}

/** "1 article", "2 articles". */
function count(n, word) {
  return `${Number(n).toLocaleString('en')} ${word}${n === 1 ? '' : 's'}`;
}

function csvCell(v) {
  const s = v === null || v === undefined ? '' : String(v);
  // A leading = + - @ makes spreadsheets run a formula: quote it away.
  const safe = /^[=+\-@\t\r]/.test(s) ? "'" + s : s;
  return /[",\n\r]/.test(safe) ? '"' + safe.replace(/"/g, '""') + '"' : safe;
}

/** Download rows (objects) as CSV with the given columns. */
function downloadCsv(name, columns, rows) {
  const lines = [columns.join(',')];
  for (const r of rows) lines.push(columns.map((c) => csvCell(r[c])).join(','));
  const blob = new Blob([lines.join('\r\n') + '\r\n'], { type: 'text/csv;charset=utf-8' });
  const a = el('a', { href: URL.createObjectURL(blob), download: name });
  document.body.appendChild(a);
  a.click();
  setTimeout(() => { URL.revokeObjectURL(a.href); a.remove(); }, 1000);
}

const QUOTE_COLUMNS = ['id', 'date', 'source', 'title', 'speaker', 'speaker_entity', 'kind', 'cue', 'content',
  'confidence', 'document_id'];
const DOCUMENT_COLUMNS = ['id', 'date', 'source', 'title', 'url', 'words'];

function pager(page, params, view) {
  const { total, offset } = page;
  const limit = Number(params.limit) || 50;
  const shown = (page.quotes || page.documents || page.entities || []).length;
  const box = el('div', { class: 'pager' },
    el('span', { class: 'count' }, total === 0 ? 'Nothing found' :
      `${offset + 1}–${offset + shown} of ${total.toLocaleString('en')}${page.total_capped ? '+' : ''}`));
  if (offset > 0) {
    box.appendChild(el('a', { href: hashFor(view, { ...params, offset: Math.max(0, offset - limit) }), class: 'prev' }, '← newer'));
  }
  if (offset + shown < total || page.total_capped) {
    box.appendChild(el('a', { href: hashFor(view, { ...params, offset: offset + limit }), class: 'next' }, 'older →'));
  }
  return box;
}

function loading(container) {
  container.replaceChildren(el('p', { class: 'muted' }, 'Loading…'));
}

function failure(container, e) {
  container.replaceChildren(el('p', { class: 'error' }, 'Error: ' + e.message));
}

// ------------------------------------------------------------- routing

const app = document.getElementById('app');

function route() {
  const h = location.hash.replace(/^#\/?/, '');
  const [path, qs] = h.split('?');
  const params = Object.fromEntries(new URLSearchParams(qs || ''));
  const parts = path.split('/');
  for (const a of document.querySelectorAll('nav a')) a.classList.remove('active');
  if (parts[0] === 'doc' && parts[1]) return showDocument(parts[1], params);
  if (parts[0] === 'entity' && parts[1]) return showEntity(parts[1], params);
  if (parts[0] === 'entities') return showEntities(params);
  if (parts[0] === 'disputes') return showDisputes(params);
  if (parts[0] === 'events') return showEvents(params);
  return showSearch(params);
}

window.addEventListener('hashchange', route);
window.addEventListener('DOMContentLoaded', () => {
  route();
  api('stats').then((t) => {
    document.getElementById('stats').textContent =
      `${t.documents.toLocaleString('en')} articles · ${t.quotes.toLocaleString('en')} quotes · ` +
      `${t.corpus_entities.toLocaleString('en')} entities`;
  }).catch(() => {});
});

// -------------------------------------------------------------- search

async function showSearch(params) {
  const kind = params.kind === 'quotes' ? 'quotes' : 'documents';
  document.getElementById(kind === 'quotes' ? 'nav-quotes' : 'nav-articles').classList.add('active');
  const field = (name, label, type, value) => el('label', {}, label,
    el('input', { name, type: type || 'search', value: value || '', id: 'f-' + name }));
  const form = el('form', { class: 'search', id: 'search-form' },
    el('input', { name: 'q', type: 'search', value: params.q || '', id: 'q', placeholder: kind === 'quotes' ? 'Words said…' : 'Words in articles…', 'aria-label': 'Search' }),
    el('select', { name: 'kind', id: 'kind', 'aria-label': 'What to search' },
      el('option', { value: 'documents', selected: kind === 'documents' ? 'selected' : null }, 'Articles'),
      el('option', { value: 'quotes', selected: kind === 'quotes' ? 'selected' : null }, 'Quotes')),
    el('button', { type: 'submit', id: 'search-button' }, 'Search'),
    el('div', { class: 'filters' },
      field('source', 'Outlet', 'search', params.source),
      field('since', 'From', 'date', params.since),
      field('until', 'To', 'date', params.until),
      kind === 'quotes' ? field('speaker', 'Speaker', 'search', params.speaker) : null,
      kind === 'quotes' ? field('about', 'About', 'search', params.about) : null));
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    const f = Object.fromEntries(new FormData(form));
    go('search', { ...f, kind: f.kind });
  });
  const results = el('section', { class: 'results', id: 'results' });
  const facets = el('aside', { class: 'facets', id: 'facets' });
  app.replaceChildren(form, el('div', { class: 'with-side' }, results, facets));
  loading(results);
  const query = {
    q: params.q, source: params.source, since: params.since, until: params.until,
    offset: params.offset, limit: params.limit,
  };
  try {
    if (kind === 'quotes') {
      const page = await api('quotes', { ...query, speaker: params.speaker, about: params.about });
      results.replaceChildren(
        el('div', { class: 'toolbar' }, pager(page, params, 'search'),
          el('button', { class: 'csv', id: 'export-csv', onclick: () => downloadCsv('quotes.csv', QUOTE_COLUMNS, page.quotes) }, 'Export CSV')),
        el('ol', { class: 'quotes', id: 'quote-list' }, page.quotes.map(quoteItem)));
      facets.replaceChildren(...facetBlocks(page.facets, params, true));
    } else {
      const page = await api('documents', query);
      results.replaceChildren(
        el('div', { class: 'toolbar' }, pager(page, params, 'search'),
          el('button', { class: 'csv', id: 'export-csv', onclick: () => downloadCsv('articles.csv', DOCUMENT_COLUMNS, page.documents) }, 'Export CSV')),
        el('ol', { class: 'documents', id: 'document-list' }, page.documents.map(documentItem)));
      facets.replaceChildren(...facetBlocks(page.facets, params, false));
    }
  } catch (e) {
    failure(results, e);
  }
}

function documentItem(d) {
  return el('li', { class: 'document' },
    el('a', { href: hashFor('doc/' + d.id), class: 'title' }, d.title || leadLine(d.lead)),
    meta(d.date, d.source, d.words + ' words', d.near_dup_of ? 'near-duplicate' : null),
    d.snippet ? el('p', { class: 'snippet' }, marked(d.snippet)) : null);
}

/** A headline stand-in: the text's first line, cut at a word. */
function leadLine(lead) {
  const line = (lead || '').split('\n')[0].trim();
  if (line.length <= 110) return line || '(untitled)';
  return line.slice(0, line.lastIndexOf(' ', 110)) + ' …';
}

function quoteItem(q) {
  return el('li', { class: 'quote', 'data-quote': q.id },
    el('blockquote', {}, q.content),
    el('div', { class: 'who' },
      '— ', entityLink(q.speaker_entity_id, q.speaker_entity || q.speaker || 'unknown', 'speaker-name'),
      q.cue ? el('span', { class: 'cue-word' }, ' ' + q.cue) : null),
    el('div', { class: 'meta' },
      [q.date, q.source].filter(Boolean).join(' · '), ' · ',
      el('a', { href: hashFor('doc/' + q.document_id) }, q.title || 'the article'),
      ` · ${q.kind} · confidence ${Number(q.confidence).toFixed(2)}`));
}

function monthRange(m) {
  const [y, mo] = m.split('-').map(Number);
  const last = new Date(Date.UTC(y, mo, 0)).getUTCDate();
  return { since: `${m}-01`, until: `${m}-${String(last).padStart(2, '0')}` };
}

function facetBlocks(f, params, quotes) {
  const block = (title, id, items, apply) => !items.length ? null : el('div', { class: 'facet', id },
    el('h3', {}, title),
    el('ul', {}, items.map((it) => el('li', {},
      el('a', { href: hashFor('search', { ...params, ...apply(it.value), offset: null }) }, it.value || '(none)'),
      el('span', { class: 'n' }, String(it.count))))));
  const out = [];
  if (f.counted) out.push(el('p', { class: 'muted small' }, `Counts over the first ${f.counted.toLocaleString('en')} matches.`));
  // An empty value (no outlet, undated) cannot be filtered on: counted, not linked.
  out.push(block('Outlet', 'facet-source', f.source.filter((v) => v.value), (v) => ({ source: v })));
  out.push(block('Month', 'facet-month', f.month.filter((m) => m.value), (v) => monthRange(v)));
  if (quotes) out.push(block('Speaker', 'facet-speaker', f.speaker.filter((s) => s.value), (v) => ({ speaker: v })));
  return out.filter(Boolean);
}

// ------------------------------------------------------------ document

/** Maps UTF-8 byte offsets (the API's) to indexes into a JS string. */
function byteIndex(text) {
  const enc = new TextEncoder();
  const map = new Uint32Array(enc.encode(text).length + 1);
  let b = 0;
  for (let i = 0; i < text.length; i++) {
    const cp = text.codePointAt(i);
    const bytes = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
    for (let k = 0; k < bytes; k++) map[b + k] = i;
    b += bytes;
    if (cp >= 0x10000) i++;
  }
  map[b] = text.length;
  return (off) => map[Math.max(0, Math.min(off, b))];
}

const RESOLUTION = {
  explicit: 'named in the text',
  pronoun: 'a pronoun, resolved to the latest person who fits',
  nominal: 'a role noun, resolved to a name that carried the role',
  previous: 'the previous speaker',
  none: 'not resolved',
};

async function showDocument(id, params) {
  loading(app);
  let view;
  try {
    view = await api('documents/' + encodeURIComponent(id));
  } catch (e) {
    return failure(app, e);
  }
  const d = view.document;
  const a = view.analysis;
  const ids = view.entity_ids || {};
  const text = d.text;
  const at = byteIndex(text);
  const entities = a.entities || [];
  const entityById = Object.fromEntries(entities.map((e) => [e.id, e]));
  const quotes = a.quotes || [];

  // Annotations as [start, end) in string indexes, with what they are.
  const marks = [];
  quotes.forEach((q, qi) => {
    for (const [s, e] of q.content.spans) marks.push({ s: at(s), e: at(e), kind: 'content', q: qi });
    if (q.cue) marks.push({ s: at(q.cue.start), e: at(q.cue.end), kind: 'cue', q: qi });
    if (q.speaker) marks.push({ s: at(q.speaker.start), e: at(q.speaker.end), kind: 'speaker', q: qi });
  });
  for (const ent of entities) {
    for (const m of ent.mentions) marks.push({ s: at(m.start), e: at(m.end), kind: 'entity', ent, mention: m });
  }
  const cuts = new Set([0, text.length]);
  for (const m of marks) { cuts.add(m.s); cuts.add(m.e); }
  const points = [...cuts].sort((x, y) => x - y);
  const body = el('div', { class: 'article-text', id: 'article-text' });
  // A speaker's badge goes after the last piece of its span.
  for (let i = 0; i + 1 < points.length; i++) {
    const s = points[i];
    const e = points[i + 1];
    if (e <= s) continue;
    const on = marks.filter((m) => m.s <= s && m.e >= e && m.e > m.s);
    const piece = text.slice(s, e);
    if (!on.length) { body.appendChild(document.createTextNode(piece)); continue; }
    const classes = [];
    const data = {};
    let title = [];
    let link = null;
    let badge = null;
    for (const m of on) {
      if (m.kind === 'content') { classes.push('q-content'); data['data-quote'] = 'q' + (m.q + 1); }
      if (m.kind === 'cue') { classes.push('q-cue'); title.push('cue of ' + 'q' + (m.q + 1)); }
      if (m.kind === 'speaker') {
        const sp = quotes[m.q].speaker;
        classes.push('q-speaker', 'res-' + sp.resolution);
        data['data-speaker'] = sp.name || sp.text;
        data['data-resolution'] = sp.resolution;
        const whom = sp.name || (sp.entity && entityById[sp.entity] ? entityById[sp.entity].name : null);
        title.push(`Speaker: ${whom || sp.text} (${RESOLUTION[sp.resolution] || sp.resolution})`);
        // Only where the text does not name the speaker: a pronoun, a
        // role noun, the previous speaker.
        if (e === m.e && whom && sp.resolution !== 'explicit' && sp.resolution !== 'none' && !badge) {
          badge = el('span', { class: 'resolved', title: RESOLUTION[sp.resolution] || sp.resolution }, '→ ' + whom);
        }
        if (sp.entity && ids[sp.entity] !== undefined) link = ids[sp.entity];
      }
      if (m.kind === 'entity') {
        classes.push('ent', 'ent-' + m.ent.type);
        data['data-entity'] = m.ent.id;
        title.push(`${m.ent.type}: ${m.ent.name}` + (m.mention.kind !== 'name' ? ` (${m.mention.kind})` : ''));
        if (ids[m.ent.id] !== undefined && link === null) link = ids[m.ent.id];
      }
    }
    const attrs = { class: [...new Set(classes)].join(' '), title: title.join('\n'), ...data };
    if (link !== null) { attrs.href = hashFor('entity/' + link); }
    body.appendChild(el(link !== null ? 'a' : 'span', attrs, piece));
    if (badge) body.appendChild(badge);
  }

  const side = el('aside', { class: 'doc-side' },
    el('h3', {}, `Quotes (${quotes.length})`),
    el('ol', { class: 'doc-quotes', id: 'doc-quotes' }, quotes.map((q, qi) => {
      const sp = q.speaker;
      const spEnt = sp && sp.entity ? ids[sp.entity] : undefined;
      return el('li', {
        class: 'doc-quote', 'data-quote': 'q' + (qi + 1),
        onmouseenter: () => highlightQuote('q' + (qi + 1), true),
        onmouseleave: () => highlightQuote('q' + (qi + 1), false),
      },
      el('div', { class: 'who' }, sp ? entityLink(spEnt, sp.name || sp.text, 'speaker-name') : el('em', {}, 'no speaker'),
        sp && sp.resolution !== 'explicit' && sp.resolution !== 'none' ? el('span', { class: 'how' }, ` via “${sp.text}” (${sp.resolution})`) : null,
        q.cue ? el('span', { class: 'cue-word' }, ' ' + q.cue.text) : null),
      el('div', { class: 'said' }, q.content.text),
      el('div', { class: 'meta' }, `${q.kind} · confidence ${q.confidence.toFixed(2)}`));
    })),
    el('h3', {}, `Entities (${entities.length})`),
    el('ul', { class: 'doc-entities' }, entities.map((e) => el('li', {},
      el('span', { class: 'tag ent-' + e.type }, e.type), ' ', entityLink(ids[e.id], e.name),
      e.roles && e.roles.length ? el('span', { class: 'muted' }, ' — ' + e.roles.join(', ')) : null))),
    listSection('Claims', a.claims, (c) => [el('div', {}, c.text),
      el('div', { class: 'meta' }, [c.status, c.source && c.source.name].filter(Boolean).join(' · '))]),
    listSection('Events', a.events, (v) => [el('div', {},
      `${v.actor && v.actor.text ? v.actor.text : '?'} — ${v.type} — ${v.target && v.target.text ? v.target.text : ''}`),
    el('div', { class: 'meta' }, [v.trigger && v.trigger.text, v.negated ? 'negated' : null, v.hedged ? 'hedged' : null].filter(Boolean).join(' · '))]),
    (a.quotes_withheld || []).length ? el('p', { class: 'muted small' },
      `${a.quotes_withheld.length} more attributions below the confidence threshold are withheld.`) : null);

  app.replaceChildren(
    el('article', { class: 'doc' },
      el('h1', { id: 'doc-title' }, d.title || leadLine(d.text.slice(0, 200))),
      el('div', { class: 'meta' }, [d.date, d.source, d.authors.join(', '), `${d.words} words`].filter(Boolean).join(' · '),
        d.url ? [' · ', outsideLink(d.url, 'original')] : null,
        ` · analysed in ${view.analysis_ms} ms`),
      el('div', { class: 'legend' },
        el('span', { class: 'q-content' }, 'quotation'), ' ', el('span', { class: 'q-cue' }, 'cue'), ' ',
        el('span', { class: 'q-speaker' }, 'speaker'), ' ', el('span', { class: 'ent ent-PERSON' }, 'person'), ' ',
        el('span', { class: 'ent ent-ORG' }, 'organisation'), ' ', el('span', { class: 'ent ent-GPE' }, 'place')),
      el('div', { class: 'with-side' }, body, side)));
  if (params.q) highlightQuote(params.q, true);
}

function listSection(title, items, render) {
  if (!items || !items.length) return null;
  return [el('h3', {}, `${title} (${items.length})`),
    el('ol', { class: 'doc-' + title.toLowerCase() }, items.map((it) => el('li', {}, render(it))))];
}

function highlightQuote(qid, on) {
  for (const n of document.querySelectorAll(`[data-quote="${qid}"]`)) n.classList.toggle('active', on);
}

// -------------------------------------------------------------- entity

async function showEntity(id, params) {
  loading(app);
  let view;
  try {
    view = await api('entities/' + encodeURIComponent(id), { quotes: 0 });
  } catch (e) {
    return failure(app, e);
  }
  const p = view.profile;
  const byBox = el('section', { class: 'entity-quotes', id: 'quotes-by' });
  const aboutBox = el('section', { class: 'entity-quotes', id: 'quotes-about' });
  const netBox = el('section', { class: 'network', id: 'network' }, el('p', { class: 'muted' }, 'Loading network…'));
  app.replaceChildren(el('article', { class: 'entity' },
    el('h1', { id: 'entity-name' }, p.name, ' ', el('span', { class: 'tag ent-' + p.type }, p.type)),
    el('div', { class: 'meta' }, [count(p.documents, 'article'), count(p.mentions, 'mention'),
      count(p.quotes_by, 'quote') + ' by', count(p.quotes_about, 'quote') + ' about'].join(' · ')),
    p.variants.length > 1 ? el('p', { class: 'muted small' }, 'Also written: ' + p.variants.map((v) => v.name).join(', ')) : null,
    el('div', { class: 'grid' },
      el('section', {}, el('h3', {}, 'Mentions and quotes by month'), timelineChart(p.months, view.quote_months)),
      el('section', {}, el('h3', {}, 'Roles over time'), rolesTable(p.roles))),
    el('div', { class: 'grid' },
      el('section', {}, el('h3', {}, 'Who is around'), netBox),
      el('section', {}, el('h3', {}, 'Most mentioned with'),
        el('ul', { class: 'co', id: 'co-mentioned' }, p.co_mentioned.map((c) => el('li', {},
          entityLink(c.id, c.name), el('span', { class: 'n' }, String(c.documents))))))),
    el('h2', {}, 'What they said'), byBox,
    el('h2', {}, 'What others said about them'), aboutBox));
  entityQuotes(byBox, { speaker_id: id }, params, 'by_offset', `${p.name}-said.csv`);
  entityQuotes(aboutBox, { about_id: id }, params, 'about_offset', `${p.name}-about.csv`);
  api(`entities/${encodeURIComponent(id)}/network`, { size: 10 })
    .then((n) => netBox.replaceChildren(egoNetwork(n)))
    .catch((e) => failure(netBox, e));
}

async function entityQuotes(box, filter, params, offsetKey, csvName) {
  loading(box);
  const offset = Number(params[offsetKey]) || 0;
  try {
    // The entity's page shows no facets: not counting them answers faster.
    const page = await api('quotes', { ...filter, offset, limit: 20, facets: false });
    const base = location.hash.replace(/^#\//, '').split('?')[0];
    const nav = el('div', { class: 'pager' }, el('span', { class: 'count' }, page.total === 0 ? 'None stored' :
      `${offset + 1}–${offset + page.quotes.length} of ${page.total.toLocaleString('en')}, newest first`));
    if (offset > 0) nav.appendChild(el('a', { href: hashFor(base, { ...params, [offsetKey]: Math.max(0, offset - 20) }) }, '← newer'));
    if (offset + page.quotes.length < page.total) nav.appendChild(el('a', { href: hashFor(base, { ...params, [offsetKey]: offset + 20 }) }, 'older →'));
    box.replaceChildren(el('div', { class: 'toolbar' }, nav,
      el('button', { class: 'csv', onclick: () => downloadCsv(csvName, QUOTE_COLUMNS, page.quotes) }, 'Export CSV')),
    el('ol', { class: 'quotes' }, page.quotes.map(quoteItem)));
  } catch (e) {
    failure(box, e);
  }
}

function rolesTable(roles) {
  if (!roles.length) return el('p', { class: 'muted' }, 'No roles given.');
  return el('table', { class: 'roles', id: 'roles' },
    el('thead', {}, el('tr', {}, el('th', {}, 'Role'), el('th', {}, 'From'), el('th', {}, 'To'), el('th', {}, 'Articles'))),
    el('tbody', {}, roles.slice(0, 15).map((r) => el('tr', {},
      el('td', {}, r.role), el('td', {}, r.first || '—'), el('td', {}, r.last || '—'), el('td', { class: 'n' }, String(r.documents))))));
}

/** Bars: articles mentioning it per month; dots: quotes by (filled) and about (hollow). */
function timelineChart(months, quoteMonths) {
  const all = new Map();
  for (const m of months) if (m.month) all.set(m.month, { docs: m.documents, by: 0, about: 0 });
  for (const q of quoteMonths) {
    if (!q.month) continue;
    const v = all.get(q.month) || { docs: 0, by: 0, about: 0 };
    v.by = q.by; v.about = q.about;
    all.set(q.month, v);
  }
  const keys = [...all.keys()].sort();
  if (!keys.length) return el('p', { class: 'muted' }, 'No dated articles.');
  // Fill the months between, so time runs evenly.
  const series = [];
  let [y, m] = keys[0].split('-').map(Number);
  const [ly, lm] = keys[keys.length - 1].split('-').map(Number);
  while ((y < ly || (y === ly && m <= lm)) && series.length < 600) {
    const k = `${y}-${String(m).padStart(2, '0')}`;
    series.push([k, all.get(k) || { docs: 0, by: 0, about: 0 }]);
    m++; if (m > 12) { m = 1; y++; }
  }
  const W = 560, H = 180, L = 36, B = 24, T = 10;
  const max = Math.max(1, ...series.map(([, v]) => Math.max(v.docs, v.by, v.about)));
  // At most 40 px a bar, so that a short span does not draw slabs.
  const bw = Math.min(40, (W - L - 4) / series.length);
  const yOf = (v) => H - B - (v / max) * (H - B - T);
  const g = svg('svg', { viewBox: `0 0 ${W} ${H}`, class: 'chart', id: 'timeline-chart', role: 'img',
    'aria-label': 'Articles and quotes by month' });
  g.appendChild(svg('line', { x1: L, y1: H - B, x2: W, y2: H - B, class: 'axis' }));
  g.appendChild(svg('text', { x: L - 4, y: T + 4, class: 'tick', 'text-anchor': 'end' }, String(max)));
  g.appendChild(svg('text', { x: L - 4, y: H - B, class: 'tick', 'text-anchor': 'end' }, '0'));
  series.forEach(([k, v], i) => {
    const x = L + i * bw;
    const bar = svg('rect', { x: x + bw * 0.1, y: yOf(v.docs), width: Math.max(1, bw * 0.8), height: H - B - yOf(v.docs), class: 'bar' },
      svg('title', {}, `${k}: ${v.docs} articles, ${v.by} quotes by, ${v.about} quotes about`));
    g.appendChild(bar);
    if (v.by) g.appendChild(svg('circle', { cx: x + bw / 2, cy: yOf(v.by), r: 3, class: 'dot-by' }, svg('title', {}, `${k}: ${v.by} quotes by`)));
    if (v.about) g.appendChild(svg('circle', { cx: x + bw / 2, cy: yOf(v.about), r: 3, class: 'dot-about' }, svg('title', {}, `${k}: ${v.about} quotes about`)));
    const every = Math.ceil(series.length / 8);
    if (i % every === 0) g.appendChild(svg('text', { x: x + bw / 2, y: H - 6, class: 'tick', 'text-anchor': 'middle' }, k));
  });
  return el('figure', {}, g, el('figcaption', { class: 'small muted' },
    el('span', { class: 'key-bar' }, '■'), ' articles  ', el('span', { class: 'key-by' }, '●'), ' quotes by  ',
    el('span', { class: 'key-about' }, '○'), ' quotes about'));
}

/** The ego network: the entity in the middle, its neighbours on a circle. */
function egoNetwork(n) {
  const W = 460, H = 340, cx = W / 2, cy = H / 2, R = 130;
  const pos = new Map();
  const others = n.nodes.filter((x) => x.id !== n.centre);
  pos.set(n.centre, [cx, cy]);
  others.forEach((x, i) => {
    const t = (2 * Math.PI * i) / Math.max(1, others.length) - Math.PI / 2;
    pos.set(x.id, [cx + R * Math.cos(t), cy + R * 0.95 * Math.sin(t)]);
  });
  const g = svg('svg', { viewBox: `0 0 ${W} ${H}`, class: 'ego', id: 'ego-network', role: 'img',
    'aria-label': 'Who is mentioned with whom, and who is quoted about whom' });
  g.appendChild(svg('defs', {}, svg('marker', { id: 'arrow', viewBox: '0 0 10 10', refX: 9, refY: 5, markerWidth: 9, markerHeight: 9, markerUnits: 'userSpaceOnUse', orient: 'auto-start-reverse' },
    svg('path', { d: 'M 0 0 L 10 5 L 0 10 z', class: 'arrowhead' }))));
  const maxW = Math.max(1, ...n.edges.map((e) => e.weight));
  for (const e of n.edges) {
    const a = pos.get(e.source), b = pos.get(e.target);
    if (!a || !b) continue;
    const w = 1 + 3 * (e.weight / maxW);
    if (e.kind === 'said_about') {
      // Stop short of the node so the arrow shows.
      const dx = b[0] - a[0], dy = b[1] - a[1], len = Math.hypot(dx, dy) || 1;
      g.appendChild(svg('line', { x1: a[0], y1: a[1], x2: b[0] - (dx / len) * 14, y2: b[1] - (dy / len) * 14,
        class: 'said', 'stroke-width': w, 'marker-end': 'url(#arrow)' }, svg('title', {}, `quoted about: ${e.weight}`)));
    } else {
      g.appendChild(svg('line', { x1: a[0], y1: a[1], x2: b[0], y2: b[1], class: 'co', 'stroke-width': w },
        svg('title', {}, `in the same articles: ${e.weight}`)));
    }
  }
  for (const x of n.nodes) {
    const [px, py] = pos.get(x.id);
    const centre = x.id === n.centre;
    const a = svg('a', { href: hashFor('entity/' + x.id), class: 'node' + (centre ? ' centre' : '') });
    a.appendChild(svg('circle', { cx: px, cy: py, r: centre ? 12 : 8, class: 'n-' + x.type }));
    a.appendChild(svg('text', { x: px, y: py + (centre ? 26 : 20), 'text-anchor': 'middle' }, x.name));
    g.appendChild(a);
  }
  return el('figure', {}, g, el('figcaption', { class: 'small muted' },
    'Grey: mentioned in the same articles. Arrow: quoted saying something about.'));
}

// ------------------------------------------------------------ entities

async function showEntities(params) {
  document.getElementById('nav-entities').classList.add('active');
  const form = el('form', { class: 'search', id: 'entity-form' },
    el('input', { name: 'q', type: 'search', value: params.q || '', id: 'entity-q', placeholder: 'A name…', 'aria-label': 'Name' }),
    el('select', { name: 'type', 'aria-label': 'Type' }, ['', 'PERSON', 'ORG', 'GPE', 'NORP', 'LOC', 'FAC', 'EVENT'].map((t) =>
      el('option', { value: t, selected: (params.type || '') === t ? 'selected' : null }, t || 'any type'))),
    el('button', { type: 'submit' }, 'Find'));
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    go('entities', Object.fromEntries(new FormData(form)));
  });
  const list = el('section', { class: 'results' });
  app.replaceChildren(form, list);
  loading(list);
  try {
    const page = await api('entities', { q: params.q, type: params.type, offset: params.offset, limit: params.limit });
    list.replaceChildren(el('div', { class: 'toolbar' }, pager(page, params, 'entities'),
      el('button', { class: 'csv', onclick: () => downloadCsv('entities.csv', ['id', 'name', 'type', 'documents'], page.entities) }, 'Export CSV')),
    el('ol', { class: 'entities', id: 'entity-list' }, page.entities.map((e) => el('li', {},
      el('span', { class: 'tag ent-' + e.type }, e.type), ' ', entityLink(e.id, e.name), ' ', meta(count(e.documents, 'article'))))));
  } catch (e) {
    failure(list, e);
  }
}

// ------------------------------------------------------------ disputes

/** A filter form of text inputs; submitting it routes to `view`. */
function filterForm(view, params, fields) {
  const form = el('form', { class: 'search', id: view + '-form' },
    fields.map(([name, label]) => el('input', { name, type: 'search', value: params[name] || '', placeholder: label, 'aria-label': label })),
    el('button', { type: 'submit' }, 'Find'));
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    go(view, Object.fromEntries(new FormData(form)));
  });
  return form;
}

function disputeSide(title, side) {
  return el('div', { class: 'side' },
    el('h3', {}, title),
    meta(side.first_seen ? 'since ' + side.first_seen : '', side.sources.join(', '), side.outlets.join(', ')),
    el('ul', {}, side.evidence.map((ev) => el('li', {},
      el('blockquote', {}, ev.text),
      el('span', { class: 'meta' },
        entityLink(ev.source_entity_id, ev.source), ' · ', ev.source_kind, ev.relation ? ' · ' + ev.relation : '', ' · ',
        el('a', { href: hashFor('doc/' + ev.document_id) }, [ev.outlet, ev.date].filter(Boolean).join(', ') || 'article'))))),
    side.evidence_total > side.evidence.length
      ? el('p', { class: 'meta more' }, `… ${count(side.evidence_total - side.evidence.length, 'more piece')} of evidence`)
      : null);
}

async function showDisputes(params) {
  document.getElementById('nav-disputes').classList.add('active');
  const list = el('section', { class: 'results', id: 'dispute-list' });
  app.replaceChildren(filterForm('disputes', params, [['about', 'About…'], ['since', 'Since YYYY-MM-DD']]), list);
  loading(list);
  try {
    const page = await api('disputes', { about: params.about, since: params.since, offset: params.offset, limit: params.limit });
    const rows = page.disputes.map((d) => ({ id: d.id, since: d.since, proposition: d.proposition,
      asserted_by: d.asserted.sources.join('; '), denied_by: d.denied.sources.join('; ') }));
    list.replaceChildren(
      el('div', { class: 'toolbar' }, pager({ ...page, offset: Number(params.offset) || 0, quotes: page.disputes }, params, 'disputes'),
        el('button', { class: 'csv', onclick: () => downloadCsv('disputes.csv', ['id', 'since', 'proposition', 'asserted_by', 'denied_by'], rows) }, 'Export CSV')),
      ...page.disputes.map((d) => el('article', { class: 'dispute' },
        el('h2', {}, d.proposition),
        meta(d.since ? 'disputed since ' + d.since : '', d.last_seen ? 'last seen ' + d.last_seen : ''),
        el('div', { class: 'sides' }, disputeSide('Asserted', d.asserted), disputeSide('Denied', d.denied)))));
  } catch (e) {
    failure(list, e);
  }
}

// -------------------------------------------------------------- events

function party(name, country, sector) {
  if (!name) return '—';
  const tags = [country, sector].filter(Boolean).join(' ');
  return tags ? `${name} (${tags})` : name;
}

async function showEvents(params) {
  document.getElementById('nav-events').classList.add('active');
  const list = el('section', { class: 'results', id: 'event-list' });
  app.replaceChildren(filterForm('events', params,
    [['actor', 'Actor…'], ['target', 'Target…'], ['type', 'PLOVER type'], ['country', 'Country (UA)'], ['since', 'Since YYYY-MM-DD']]), list);
  loading(list);
  try {
    const page = await api('events', { actor: params.actor, target: params.target, type: params.type, country: params.country,
      since: params.since, offset: params.offset, limit: params.limit });
    const columns = ['date', 'type', 'mode', 'actor', 'actor_country', 'target', 'target_country', 'location', 'location_country',
      'time', 'negated', 'hedged', 'attributed_to', 'trigger', 'source', 'document_id'];
    list.replaceChildren(
      el('div', { class: 'toolbar' }, pager({ ...page, offset: Number(params.offset) || 0, quotes: page.events }, params, 'events'),
        el('button', { class: 'csv', onclick: () => downloadCsv('events.csv', columns, page.events) }, 'Export CSV')),
      el('table', { class: 'events' },
        el('thead', {}, el('tr', {}, ['Date', 'Type', 'Actor', 'Target', 'Where', 'When', 'Mark', 'Article'].map((h) => el('th', {}, h)))),
        el('tbody', {}, page.events.map((e) => el('tr', {},
          el('td', {}, e.date || ''),
          el('td', {}, e.mode ? `${e.type} ${e.mode}` : e.type),
          el('td', {}, party(e.actor, e.actor_country, e.actor_sector)),
          el('td', {}, party(e.target, e.target_country, e.target_sector)),
          el('td', {}, party(e.location, e.location_country)),
          el('td', {}, e.time || ''),
          el('td', {}, e.negated ? 'negated' : e.hedged ? 'hedged' : e.attributed_to ? 'claimed (' + e.attributed_to + ')' : ''),
          el('td', {}, el('a', { href: hashFor('doc/' + e.document_id) }, e.source || e.trigger)))))));
  } catch (e) {
    failure(list, e);
  }
}
