// A markdown-it plugin for chat text: `:emoji:` shortcodes become the Unicode emoji, `@username`
// mentions and `~channel` references become their own tokens. It rewrites plain text tokens only,
// after links are found, so code spans, code blocks and link texts stay as written.

import type { MarkdownIt, StateCore, Token } from 'markdown-it';

import { paths } from '../state/router';
import { emojiFor } from './emoji';

/** What the renderer needs to know about the reader. */
export interface RenderContext {
  /** The reader's username: mentions of it (and @here, @channel, @all) stand out more. */
  myUsername: string;
  /** Team name for `~channel` links (`/TEAM/channels/NAME`). */
  teamName: string;
  /** The display name of a channel of the team, when known. */
  channelTitle?: (name: string) => string | undefined;
}

/** Mentions that notify everyone in the channel, the reader included. */
export const SPECIAL_MENTIONS = ['here', 'channel', 'all'];

// One pass finds all three: `:name:`, `@username`, `~channel-name`. What precedes `@` and `~` is
// checked in code (a word character or the same sign means it is not a mention: e-mail addresses,
// `~~`).
const PATTERN = /:([a-z0-9_+-]+):|@([a-z0-9][a-z0-9._-]*)|~([a-z0-9][a-z0-9_-]*)/gi;

function startsWord(text: string, index: number): boolean {
  const before = text[index - 1];
  return before === undefined || !/[\w@~.]/.test(before);
}

function splitText(state: StateCore, content: string): Token[] | null {
  const out: Token[] = [];
  let last = 0;
  const text = (value: string) => {
    if (!value) return;
    const t = new state.Token('text', '', 0);
    t.content = value;
    out.push(t);
  };
  for (const m of content.matchAll(PATTERN)) {
    const [whole, emojiName, username, channelName] = m;
    const at = m.index;
    let token: Token | null = null;
    let length = whole.length;
    if (emojiName !== undefined) {
      const emoji = emojiFor(emojiName);
      if (emoji) {
        token = new state.Token('hearth_emoji', '', 0);
        token.content = emoji;
        token.meta = { name: emojiName };
      }
    } else if (username !== undefined && startsWord(content, at)) {
      // A sentence may end right after a mention: "ask @ana." mentions "ana".
      const name = username.replace(/[._-]+$/, '');
      length = name.length + 1;
      token = new state.Token('hearth_mention', '', 0);
      token.meta = { name: name.toLowerCase() };
    } else if (channelName !== undefined && startsWord(content, at)) {
      token = new state.Token('hearth_channel', '', 0);
      token.meta = { name: channelName.toLowerCase() };
    }
    if (!token) continue;
    text(content.slice(last, at));
    out.push(token);
    last = at + length;
  }
  if (out.length === 0) return null;
  text(content.slice(last));
  return out;
}

function chatTokens(state: StateCore): void {
  for (const block of state.tokens) {
    if (block.type !== 'inline' || !block.children) continue;
    const children: Token[] = [];
    let linkDepth = 0;
    for (const child of block.children) {
      if (child.type === 'link_open') linkDepth++;
      if (child.type === 'link_close') linkDepth--;
      const replaced = child.type === 'text' && linkDepth === 0 ? splitText(state, child.content) : null;
      if (replaced) children.push(...replaced);
      else children.push(child);
    }
    block.children = children;
  }
}

/** The name a chat token carries (emoji shortcode, username or channel name). */
function nameOf(token: Token): string {
  return String((token.meta as { name: string }).name);
}

/** markdown-it passes `render`'s second argument through untyped; ours is always a context. */
function contextOf(env: unknown): RenderContext {
  return env as RenderContext;
}

/** Adds the chat tokens and their HTML; `env` carries the `RenderContext`. */
export function chatPlugin(md: MarkdownIt): void {
  md.core.ruler.push('hearth_chat', chatTokens);
  const escape = md.utils.escapeHtml;
  md.renderer.rules.hearth_emoji = (tokens, idx) => {
    const t = tokens[idx]!;
    return `<span class="emoji" title=":${escape(nameOf(t))}:">${escape(t.content)}</span>`;
  };
  md.renderer.rules.hearth_mention = (tokens, idx, _options, env) => {
    const name = nameOf(tokens[idx]!);
    const mine = name === contextOf(env).myUsername.toLowerCase() || SPECIAL_MENTIONS.includes(name);
    return `<span class="mention${mine ? ' mention-me' : ''}" data-mention="${escape(name)}">@${escape(name)}</span>`;
  };
  md.renderer.rules.hearth_channel = (tokens, idx, _options, env) => {
    const context = contextOf(env);
    const name = nameOf(tokens[idx]!);
    const title = context.channelTitle?.(name) ?? name;
    const href = paths.channel(encodeURIComponent(context.teamName), encodeURIComponent(name));
    return `<a class="channel-link" href="${escape(href)}" data-channel="${escape(name)}">~${escape(title)}</a>`;
  };
}
