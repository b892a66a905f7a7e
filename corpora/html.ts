import { Parser } from 'htmlparser2';

/** Elements whose content is never shown to a reader. */
const HIDDEN = new Set(['script', 'style', 'head', 'noscript', 'template', 'svg', 'iframe', 'object']);

/** Elements that end a paragraph: a blank line lets chunkers split there first. */
const PARAGRAPH = new Set([
  'p', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'section', 'article', 'header', 'footer', 'main', 'nav', 'aside',
  'blockquote', 'pre', 'ul', 'ol', 'dl', 'table', 'figure', 'form', 'fieldset', 'hr', 'details',
]);

/** Elements that end a line. */
const LINE = new Set(['br', 'div', 'li', 'dt', 'dd', 'tr', 'caption', 'figcaption', 'summary', 'address', 'body']);

export interface HtmlText {
  text: string;
  title?: string;
}

/**
 * Extracts the visible text of an HTML page: no script/style/head content, entities decoded,
 * whitespace collapsed as a browser would (except inside <pre>), block elements turned into
 * line breaks and paragraph elements into blank lines. The <title> becomes the title.
 */
export function htmlToText(html: string): HtmlText {
  let text = '';
  /** Line breaks owed before the next visible text: 0, 1 (line) or 2 (paragraph). Merging them
   * keeps `</li><li>` or `</p><p>` from piling up blank lines. */
  let pendingBreaks = 0;
  let hiddenDepth = 0;
  let preDepth = 0;
  let inTitle = false;
  let title = '';

  const requestBreak = (name: string): void => {
    if (PARAGRAPH.has(name)) pendingBreaks = 2;
    else if (LINE.has(name)) pendingBreaks = Math.max(pendingBreaks, 1);
  };

  const appendVisible = (data: string): void => {
    const atLineStart = text.length === 0 || text.endsWith('\n') || pendingBreaks > 0;
    const piece = preDepth > 0 ? data : data.replace(/\s+/g, ' ');
    const visible = atLineStart && preDepth === 0 ? piece.trimStart() : piece;
    if (visible.length === 0) return;
    if (pendingBreaks > 0 && text.length > 0) text = text.replace(/ +$/u, '') + '\n'.repeat(pendingBreaks);
    pendingBreaks = 0;
    text += visible;
  };

  const parser = new Parser(
    {
      onopentag(name) {
        if (name === 'title') inTitle = true;
        if (HIDDEN.has(name)) hiddenDepth += 1;
        if (name === 'pre') preDepth += 1;
        requestBreak(name);
      },
      onclosetag(name) {
        if (name === 'title') inTitle = false;
        if (HIDDEN.has(name)) hiddenDepth = Math.max(0, hiddenDepth - 1);
        if (name === 'pre') preDepth = Math.max(0, preDepth - 1);
        requestBreak(name);
      },
      ontext(data) {
        if (inTitle) title += data;
        if (hiddenDepth === 0) appendVisible(data.replace(/\u00a0/g, ' '));
      },
    },
    { decodeEntities: true, lowerCaseTags: true },
  );
  parser.write(html);
  parser.end();

  const cleanTitle = title.replace(/\s+/g, ' ').trim();
  const body = text.replace(/ +$/u, '');
  return cleanTitle ? { text: body, title: cleanTitle } : { text: body };
}
