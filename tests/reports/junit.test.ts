import { describe, expect, it } from 'vitest';
import { renderHtmlReport } from '../../reports/html/html-report.js';
import { renderJunit } from '../../reports/junit.js';
import { fixtureSummary, perQuestion } from './run-fixtures.js';

const summary = fixtureSummary({ configurations: { 'a&b': { recall: perQuestion([0.5, 1]), mrr: perQuestion([null, 1]) } } });

describe('junit.xml', () => {
  it('without gates: one passing case per configuration × metric with mean and coverage', () => {
    expect(renderJunit(summary)).toBe(`<?xml version="1.0" encoding="UTF-8"?>
<testsuites name="rag-eval" tests="2" failures="0" skipped="0">
  <testsuite name="rag-eval" tests="2" failures="0" errors="0" skipped="0" timestamp="2026-01-01T00:00:00.000Z">
    <testcase classname="rag-eval.a&amp;b" name="recall" time="0"><system-out>mean 0.7500 (2/2)</system-out></testcase>
    <testcase classname="rag-eval.a&amp;b" name="mrr" time="0"><system-out>mean 1.0000 (1/2)</system-out></testcase>
  </testsuite>
</testsuites>
`);
  });

  it('with gates: min passes or fails on the mean, maxDrop is skipped (needs a baseline), an unknown metric fails', () => {
    const xml = renderJunit(summary, { recall: { min: 0.8, maxDrop: 0.02 }, mrr: { min: 0.9 }, ndcg: { min: 0.1 } });
    expect(xml).toContain('<testsuites name="rag-eval" tests="4" failures="2" skipped="1">');
    expect(xml).toContain('<testcase classname="rag-eval.a&amp;b" name="recall min 0.8" time="0"><failure message="a&amp;b recall: mean 0.7500 is below min 0.8" type="gate">');
    expect(xml).toContain('<testcase classname="rag-eval.a&amp;b" name="recall maxDrop 0.02" time="0"><skipped message="maxDrop needs a baseline run; checked by rag-eval compare"/></testcase>');
    expect(xml).toContain('<testcase classname="rag-eval.a&amp;b" name="mrr min 0.9" time="0"><system-out>a&amp;b mrr: mean 1.0000 ≥ min 0.9</system-out></testcase>');
    expect(xml).toContain('<failure message="a&amp;b ndcg: gate on a metric this run did not compute" type="gate">');
  });

  it('min gates decide as compare does: on the mean by default, on the lower 95% bound with minOn: lower (exact failure elements)', () => {
    const gated = fixtureSummary({
      configurations: {
        bm25: { recall: perQuestion([0.5, 1, 1, 1]), hit_rate: perQuestion([1, 1, 1, 0]), mrr: perQuestion([0.5, 1, 1, 1]), ndcg: perQuestion([0.5, 1, 1, 1]) },
      },
    });
    const metrics = gated.configurations[0]!.metrics;
    metrics.hit_rate!.ci95 = [0.3, 0.95];
    metrics.mrr!.ci95 = [0.6, 1];
    metrics.ndcg!.ci95 = [0.7, 1];
    const xml = renderJunit(gated, {
      recall: { min: 0.8 },
      hit_rate: { min: 0.8, minOn: 'mean' },
      mrr: { min: 0.8, minOn: 'lower' },
      ndcg: { min: 0.65, minOn: 'lower' },
    });
    expect(xml).toBe(`<?xml version="1.0" encoding="UTF-8"?>
<testsuites name="rag-eval" tests="4" failures="2" skipped="0">
  <testsuite name="rag-eval" tests="4" failures="2" errors="0" skipped="0" timestamp="2026-01-01T00:00:00.000Z">
    <testcase classname="rag-eval.bm25" name="recall min 0.8" time="0"><system-out>bm25 recall: mean 0.8750 ≥ min 0.8</system-out></testcase>
    <testcase classname="rag-eval.bm25" name="hit_rate min 0.8" time="0"><failure message="bm25 hit_rate: mean 0.7500 is below min 0.8" type="gate">\
bm25 hit_rate: mean 0.7500 is below min 0.8</failure><system-out>bm25 hit_rate: mean 0.7500 is below min 0.8</system-out></testcase>
    <testcase classname="rag-eval.bm25" name="mrr min 0.8 on the lower 95% bound" time="0"><failure \
message="bm25 mrr: lower 95% bound 0.6000 is below min 0.8 (mean 0.8750)" type="gate">bm25 mrr: lower 95% bound 0.6000 is below min 0.8 (mean 0.8750)</failure>\
<system-out>bm25 mrr: lower 95% bound 0.6000 is below min 0.8 (mean 0.8750)</system-out></testcase>
    <testcase classname="rag-eval.bm25" name="ndcg min 0.65 on the lower 95% bound" time="0"><system-out>\
bm25 ndcg: lower 95% bound 0.7000 ≥ min 0.65 (mean 0.8750)</system-out></testcase>
  </testsuite>
</testsuites>
`);
  });

  it('minOn: lower without an interval cannot be checked: a failure, as compare counts it', () => {
    const xml = renderJunit(summary, { recall: { min: 0.5, minOn: 'lower' } });
    expect(xml).toContain(
      '<failure message="a&amp;b recall: min 0.5 on the lower bound cannot be checked: the mean has no interval" type="gate">',
    );
    expect(xml).toContain('failures="1"');
  });
});

describe('report.html (static checks)', () => {
  it('is one file: one inline script allowed by hash, no external reference, CI and coverage in the table, cost "—"', async () => {
    const html = await renderHtmlReport({ summary, questions: [] });
    expect(html.match(/<script/g)).toHaveLength(1);
    expect(html).toMatch(/script-src &#39;sha256-[A-Za-z0-9+/]+=*&#39;/);
    expect(html).not.toMatch(/\b(src|href)=["']?(https?:)?\/\//);
    expect(html.replace(/http:\/\/www\.w3\.org\/[^"]*/g, '')).not.toMatch(/https?:\/\//);
    expect(html).toContain('<td class="best">0.7500<br><small>2/2</small></td>');
    expect(html).toContain('<th scope="row">a&amp;b<br>');
    expect(html).toMatch(/<td>—<\/td><\/tr>/);
  });
});
