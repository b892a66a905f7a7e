import { describe, expect, it } from 'vitest';
import { htmlToText } from '../../corpora/html.js';

describe('htmlToText', () => {
  it('keeps visible text only, decodes entities and breaks lines at blocks', () => {
    const html = `<!doctype html><html><head><title>Fish &amp; Chips</title><style>p { color: red }</style>
      <script>var secret = "hidden";</script></head><body>
      <h1>Hello&nbsp;world</h1><p>A   first
      line<br>second &lt;b&gt; &#x4e2d; <b>bold</b> end </p>
      <script>document.write("also hidden")</script>
      <ul><li>one</li><li>two</li></ul><pre>a  b
  c</pre><div>last</div></body></html>`;
    expect(htmlToText(html)).toEqual({
      title: 'Fish & Chips',
      text: 'Hello world\n\nA first line\nsecond <b> 中 bold end\n\none\ntwo\n\na  b\n  c\n\nlast',
    });
  });

  it('has no title when the page has none', () => {
    expect(htmlToText('<p>x</p>')).toEqual({ text: 'x' });
  });
});
