// Message text to safe HTML. markdown-it parses with raw HTML off (so `<script>` is text), links
// limited to http(s) and mailto, then DOMPurify cleans the result against a short allow-list as a
// second wall. This is the only place in the client that turns message text into HTML.

import DOMPurify from 'dompurify';
import MarkdownIt from 'markdown-it';

import { chatPlugin, type RenderContext } from './tokens';

export type { RenderContext } from './tokens';

const SAFE_LINK = /^(?:https?:|mailto:)/i;

const md = new MarkdownIt({ html: false, linkify: true, breaks: true, typographer: false });
md.validateLink = (url) => SAFE_LINK.test(url.trim());
md.use(chatPlugin);

// Every link leaves the app in a new tab that cannot reach back to this page.
md.renderer.rules.link_open = (tokens, idx, options, _env, self) => {
  const token = tokens[idx]!;
  token.attrSet('target', '_blank');
  token.attrSet('rel', 'noopener noreferrer');
  return self.renderToken(tokens, idx, options);
};

// Column alignment (`|---:|`) comes as a style attribute, which the sanitiser drops: a class
// carries it instead.
for (const cell of ['th_open', 'td_open'] as const) {
  md.renderer.rules[cell] = (tokens, idx, options, _env, self) => {
    const token = tokens[idx]!;
    const align = /text-align:(left|center|right)/.exec(String(token.attrGet('style') ?? ''))?.[1];
    if (align) {
      token.attrs = (token.attrs ?? []).filter(([name]) => name !== 'style');
      token.attrJoin('class', `align-${align}`);
    }
    return self.renderToken(tokens, idx, options);
  };
}

// The page's CSP loads no outside images, so an image becomes a link to it, named by its alt text.
md.renderer.rules.image = (tokens, idx) => {
  const token = tokens[idx]!;
  const src = String(token.attrGet('src') ?? '');
  const label = String(token.content || src);
  const escape = md.utils.escapeHtml;
  return `<a href="${escape(src)}" target="_blank" rel="noopener noreferrer">${escape(label)}</a>`;
};

const PURIFY = {
  ALLOWED_TAGS: [
    'p', 'br', 'strong', 'em', 's', 'del', 'code', 'pre', 'blockquote', 'ul', 'ol', 'li', 'hr',
    'table', 'thead', 'tbody', 'tr', 'th', 'td', 'a', 'span', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6',
  ],
  ALLOWED_ATTR: ['href', 'target', 'rel', 'class', 'title', 'start', 'data-channel', 'data-mention'],
  // DOMPurify checks every attribute value against this: a value may name no scheme other than
  // http(s) or mailto. (Plain values such as `_blank` name none; markdown-it already allowed only
  // those links, this is the second wall.)
  ALLOWED_URI_REGEXP: /^(?:(?:https?|mailto):|[^a-z]|[a-z+.-]+(?:[^a-z+.\-:]|$))/i,
  ALLOW_DATA_ATTR: false,
};

/** The second wall on its own: whatever HTML comes in, only the allow-list comes out. */
export function sanitize(html: string): string {
  return DOMPurify.sanitize(html, PURIFY);
}

/** Parses and sanitises without caching; see `renderMarkdown`. */
export function renderUncached(text: string, context: RenderContext): string {
  return sanitize(md.render(text, { ...context }));
}

// Rows of a long list mount and unmount as the reader scrolls; the cache keeps that cheap.
const cache = new Map<string, string>();
const CACHE_LIMIT = 1_000;

/** The sanitised HTML of a message, as shown to the reader described by `context`. */
export function renderMarkdown(text: string, context: RenderContext): string {
  const key = `${context.myUsername}\u0000${context.teamName}\u0000${text}`;
  const hit = cache.get(key);
  if (hit !== undefined) return hit;
  const html = renderUncached(text, context);
  if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value!);
  cache.set(key, html);
  return html;
}
