import { esc, jsonAttr } from './escape.js';
import type { ReportAnswer, ReportJudgment } from './judge-details.js';
import type { ReportQuestion } from './report-data.js';
import { MAX_DRILLDOWN_BYTES } from './select-questions.js';

const num = (v: number | null | undefined, digits = 4) => (v === null || v === undefined ? '—' : v.toFixed(digits));

/**
 * The per-question section: filter controls and one collapsible block per question. Blocks stop
 * at `maxBytes` of HTML (long texts, many configurations), and the page says how many it left out.
 */
export function renderDrilldown(
  questions: readonly ReportQuestion[],
  configurations: readonly string[],
  metricIds: readonly string[],
  note: string | null = null,
  maxBytes = MAX_DRILLDOWN_BYTES,
): string {
  const blocks: string[] = [];
  let bytes = 0;
  for (const q of questions) {
    const block = renderQuestion(q, configurations, metricIds);
    bytes += Buffer.byteLength(block, 'utf8') + 1;
    if (bytes > maxBytes) break;
    blocks.push(block);
  }
  const left = questions.length - blocks.length;
  const limit = maxBytes >= 1e6 ? `${maxBytes / 1e6} MB` : `${maxBytes} bytes`;
  const sizeNote =
    left > 0
      ? `${left.toLocaleString('en-US')} more questions were left out to keep this page under ${limit}; ` +
        'they are in scores.jsonl and retrieval.jsonl.'
      : '';
  const notes = [note, sizeNote].filter(Boolean).map((text) => `<p class="note" id="drilldown-note">${esc(text!)}</p>`).join('\n');
  const options = (values: readonly string[], selected?: string) => values.map((v) => `<option value="${esc(v)}"${v === selected ? ' selected' : ''}>${esc(v)}</option>`).join('');
  const controls = `<div class="filter" id="filter" role="search">
<label><input type="checkbox" id="f-on"> show only questions that fail in B but not in A</label>
<label>metric <select id="f-metric">${options(metricIds)}</select></label>
<label>fails when below <input id="f-threshold" type="number" min="0" max="1" step="0.05" value="0.5"></label>
<label>A <select id="f-a">${options(configurations, configurations[0])}</select></label>
<label>B <select id="f-b">${options(configurations, configurations[1] ?? configurations[0])}</select></label>
<output id="f-count">${blocks.length} of ${blocks.length} questions shown</output>
</div>`;
  return `${notes}${notes ? '\n' : ''}${controls}\n<div id="questions">\n${blocks.join('\n')}\n</div>`;
}

function renderQuestion(q: ReportQuestion, configurations: readonly string[], metricIds: readonly string[]): string {
  // Only numbers go into the filter data; it is escaped as an attribute all the same.
  const filterData: Record<string, Record<string, number | null>> = {};
  for (const name of configurations) {
    const scores = q.configurations[name]?.scores ?? {};
    filterData[name] = Object.fromEntries(metricIds.map((m) => [m, scores[m]?.value ?? null]));
  }
  const references = q.references.length
    ? `<ul class="refs">${q.references.map((r) => `<li><code>${esc(r.docId)}</code>${r.grade !== 1 ? ` (grade ${esc(r.grade)})` : ''}${r.text ? `: <q>${esc(r.text)}</q>` : ''}</li>`).join('')}</ul>`
    : '<p>No references.</p>';
  const answer = q.referenceAnswer ? `<p><b>Reference answer:</b> ${esc(q.referenceAnswer)}</p>` : '';
  const blocks = configurations.map((name) => renderConfiguration(name, q.configurations[name], metricIds)).join('');
  return `<details class="question" data-scores="${jsonAttr(filterData)}"><summary><code>${esc(q.qid)}</code> ${esc(q.question)}</summary>
<p><b>References:</b></p>${references}${answer}<div class="configs">${blocks}</div></details>`;
}

function renderConfiguration(name: string, data: ReportQuestion['configurations'][string] | undefined, metricIds: readonly string[]): string {
  if (!data) return `<section class="config"><h4>${esc(name)}</h4><p>No result for this question.</p></section>`;
  const scores = metricIds
    .map((m) => {
      const s = data.scores[m];
      if (!s) return `<li>${esc(m)}: —</li>`;
      return s.value === null ? `<li>${esc(m)}: <span class="null">null</span> — ${esc(s.reason ?? 'no reason given')}</li>` : `<li>${esc(m)}: ${num(s.value)}</li>`;
    })
    .join('');
  const hits = data.hits
    .map(
      (h) =>
        `<tr class="${h.relevant ? 'rel' : 'nonrel'}"><td>${h.rank}</td><td>${h.relevant ? '✅' : '❎'}</td>` +
        `<td><code>${esc(h.id)}</code></td><td>${num(h.score, 3)}</td><td class="text">${esc(h.text)}</td></tr>`,
    )
    .join('');
  return `<section class="config"><h4>${esc(name)}${data.latencyMs !== null ? ` <small>${num(data.latencyMs, 2)} ms</small>` : ''}</h4>
<ul class="scores">${scores}</ul>${renderAnswer(data.answer)}${renderJudgments(data.judgments ?? [], data.scores)}
<table class="hits"><thead><tr><th>#</th><th>rel</th><th>id</th><th>score</th><th>text</th></tr></thead><tbody>${hits}</tbody></table></section>`;
}

function renderAnswer(answer: ReportAnswer | undefined): string {
  if (!answer) return '';
  if (answer.text === null) return `<p class="answer"><b>Answer:</b> <span class="null">none</span> — ${esc(answer.failure ?? 'not generated')}</p>`;
  return `<div class="answer"><b>Answer:</b><blockquote>${esc(answer.text)}</blockquote></div>`;
}

const MARK = { yes: '✓', no: '✗', none: '•' } as const;

/** One collapsible block per judge metric: its score (or null reason) and the judge's verdicts with reasons. */
function renderJudgments(judgments: readonly ReportJudgment[], scores: ReportQuestion['configurations'][string]['scores']): string {
  return judgments
    .map((j) => {
      const s = scores[j.metric];
      const shown = !s ? '—' : s.value === null ? `<span class="null">null</span> — ${esc(s.reason ?? 'no reason given')}` : num(s.value);
      const spread = j.samples > 1 ? ` <small>(${j.samples} samples, spread ${num(j.spread, 3)})</small>` : '';
      const lines = j.lines
        .map((l) => {
          const kind = l.verdict === null ? 'none' : l.verdict ? 'yes' : 'no';
          return `<li class="v-${kind}">${MARK[kind]} ${esc(l.text)}${l.reason ? ` — <i>${esc(l.reason)}</i>` : ''}</li>`;
        })
        .join('');
      const error = j.error ? `<p class="null">judge reply unusable: ${esc(j.error)}</p>` : '';
      return `<details class="judge" data-metric="${esc(j.metric)}"><summary>${esc(j.metric)}: ${shown}${spread}</summary>${error}${lines ? `<ul class="verdicts">${lines}</ul>` : ''}</details>`;
    })
    .join('');
}

/** The filter, inline (allowed by the page's CSP by its hash only). It reads numbers from data-scores. */
export const FILTER_SCRIPT = `(function () {
  var $ = function (id) { return document.getElementById(id); };
  var questions = Array.prototype.slice.call(document.querySelectorAll('.question'));
  function apply() {
    var on = $('f-on').checked, metric = $('f-metric').value, t = Number($('f-threshold').value);
    var a = $('f-a').value, b = $('f-b').value, shown = 0;
    questions.forEach(function (q) {
      var s = JSON.parse(q.getAttribute('data-scores'));
      var va = s[a] ? s[a][metric] : null, vb = s[b] ? s[b][metric] : null;
      var keep = !on || (typeof va === 'number' && typeof vb === 'number' && vb < t && va >= t);
      q.hidden = !keep;
      if (keep) shown++;
    });
    $('f-count').textContent = shown + ' of ' + questions.length + ' questions shown';
  }
  ['f-on', 'f-metric', 'f-threshold', 'f-a', 'f-b'].forEach(function (id) {
    $(id).addEventListener('input', apply);
    $(id).addEventListener('change', apply);
  });
  apply();
})();`;
