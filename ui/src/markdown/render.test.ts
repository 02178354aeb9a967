import { describe, expect, it } from 'vitest';

import { emojiFor, searchEmoji, withEmoji } from './emoji';
import { renderUncached, sanitize } from './render';

const ctx = { myUsername: 'ana', teamName: 'office', channelTitle: (n: string) => (n === 'town-square' ? 'Town Square' : undefined) };
const render = (text: string) => renderUncached(text, ctx);

/** Parses the output the way the browser will, to inspect elements rather than strings. */
function dom(html: string): HTMLElement {
  const div = document.createElement('div');
  div.innerHTML = html;
  return div;
}

describe('nothing runs from a message', () => {
  const attacks = [
    '<script>alert(1)</script>',
    '<img src=x onerror="alert(1)">',
    '<svg onload=alert(1)>',
    '<iframe src="https://evil.example"></iframe>',
    '<a href="javascript:alert(1)">x</a>',
    '[click](javascript:alert(1))',
    '[click](JaVaScRiPt:alert(1))',
    '[click]( javascript:alert(1))',
    '[click](vbscript:msgbox(1))',
    '[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)',
    '![x](javascript:alert(1))',
    '![x](https://example.com/a.png" onerror="alert(1))',
    '<div style="background:url(javascript:alert(1))">x</div>',
    '<b onmouseover=alert(1)>hover</b>',
    '`<script>` and ```\n<script>alert(1)</script>\n```',
    '[x](https://example.com "title\\" onmouseover=\\"alert(1)")',
    'javascript:alert(1)',
  ];

  for (const attack of attacks) {
    it(`neutralises ${JSON.stringify(attack)}`, () => {
      const root = dom(render(attack));
      expect(root.querySelector('script, img, svg, iframe, div, b, style, object, embed, form, input')).toBeNull();
      for (const el of root.querySelectorAll('*')) {
        for (const attr of el.attributes) {
          expect(attr.name.startsWith('on'), `${el.tagName} has ${attr.name}`).toBe(false);
          expect(attr.name).not.toBe('style');
        }
      }
      for (const a of root.querySelectorAll('a')) {
        expect(a.getAttribute('href') ?? '').toMatch(/^(https?:|mailto:|\/[^/])/);
      }
    });
  }

  it('shows raw HTML as text instead of dropping it', () => {
    const root = dom(render('<script>alert(1)</script> hi'));
    expect(root.textContent).toContain('<script>alert(1)</script> hi');
  });

  it('strips dangerous HTML even if the parser let it through', () => {
    const root = dom(
      sanitize('<a href="javascript:alert(1)" onclick="x()">a</a><script>alert(1)</script><img src=x onerror=alert(1)><a href="https://ok.example" target="_blank" rel="noopener noreferrer">ok</a>'),
    );
    expect(root.querySelector('script, img, [onclick]')).toBeNull();
    const links = [...root.querySelectorAll('a')];
    expect(links.map((a) => a.getAttribute('href'))).toEqual([null, 'https://ok.example']);
    expect(links[1]?.getAttribute('target')).toBe('_blank');
  });

  it('turns an unsafe link into plain text', () => {
    const root = dom(render('[click](javascript:alert(1))'));
    expect(root.querySelector('a')).toBeNull();
    expect(root.textContent).toContain('[click](javascript:alert(1))');
  });
});

describe('formatting', () => {
  it('renders the usual Markdown', () => {
    const root = dom(render('**bold** *it* ~~gone~~ `code`\n\n> quote\n\n- a\n- b\n\n1. one\n\n```\nx < y\n```'));
    expect(root.querySelector('strong')?.textContent).toBe('bold');
    expect(root.querySelector('em')?.textContent).toBe('it');
    expect(root.querySelector('s')?.textContent).toBe('gone');
    expect(root.querySelector('p code')?.textContent).toBe('code');
    expect(root.querySelector('blockquote')?.textContent?.trim()).toBe('quote');
    expect(root.querySelectorAll('ul li')).toHaveLength(2);
    expect(root.querySelector('ol li')?.textContent).toBe('one');
    expect(root.querySelector('pre code')?.textContent).toBe('x < y\n');
  });

  it('renders tables', () => {
    const root = dom(render('| a | b |\n|---|--:|\n| 1 | 2 |'));
    expect(root.querySelectorAll('th')).toHaveLength(2);
    expect(root.querySelector('td')?.textContent).toBe('1');
  });

  it('keeps column alignment as a class, since style attributes are dropped', () => {
    const root = dom(render('| a | b | c |\n|---|:-:|--:|\n| 1 | 2 | 3 |'));
    const cells = [...root.querySelectorAll('td')];
    expect(cells.map((td) => td.className)).toEqual(['', 'align-center', 'align-right']);
    expect(cells.some((td) => td.hasAttribute('style'))).toBe(false);
  });

  it('keeps single line breaks, as chat does', () => {
    expect(dom(render('one\ntwo')).querySelector('br')).not.toBeNull();
  });

  it('opens links in a new tab that cannot reach back', () => {
    for (const text of ['[docs](https://example.com/docs)', 'see https://example.com/docs', 'mail bob@example.com']) {
      const a = dom(render(text)).querySelector('a')!;
      expect(a.getAttribute('target')).toBe('_blank');
      expect(a.getAttribute('rel')).toBe('noopener noreferrer');
    }
  });

  it('shows an image as a link to it, since outside images are not loaded', () => {
    const root = dom(render('![chart](https://example.com/c.png)'));
    expect(root.querySelector('img')).toBeNull();
    expect(root.querySelector('a')?.getAttribute('href')).toBe('https://example.com/c.png');
    expect(root.querySelector('a')?.textContent).toBe('chart');
  });
});

describe('chat tokens', () => {
  it('replaces known shortcodes with the emoji, Mattermost names included', () => {
    const root = dom(render(':+1: :thumbsup: :smile: :no_such_emoji:'));
    const emoji = [...root.querySelectorAll('.emoji')].map((e) => e.textContent);
    expect(emoji).toEqual(['👍', '👍', '😄']);
    expect(root.textContent).toContain(':no_such_emoji:');
  });

  it('leaves shortcodes in code alone', () => {
    expect(dom(render('`:smile:`')).querySelector('.emoji')).toBeNull();
  });

  it('highlights mentions, the reader’s own more strongly', () => {
    const root = dom(render('@ben and @ana, also @here. Ask @ben.'));
    const mentions = [...root.querySelectorAll('.mention')].map((m) => [m.textContent, m.classList.contains('mention-me')]);
    expect(mentions).toEqual([
      ['@ben', false],
      ['@ana', true],
      ['@here', true],
      ['@ben', false],
    ]);
    expect(root.textContent).toContain('Ask @ben.');
  });

  it('does not take e-mail addresses or link texts for mentions', () => {
    const root = dom(render('write to ana@example.com or [@ana](https://example.com)'));
    expect(root.querySelector('.mention')).toBeNull();
  });

  it('links ~channel to the channel in the team', () => {
    const a = dom(render('see ~town-square and ~~struck~~')).querySelector('a.channel-link')!;
    expect(a.getAttribute('href')).toBe('/office/channels/town-square');
    expect(a.textContent).toBe('~Town Square');
    expect(a.getAttribute('target')).toBeNull();
  });
});

describe('emoji lookup', () => {
  it('finds by name and searches by prefix first', () => {
    expect(emojiFor('+1')).toBe('👍');
    const found = searchEmoji('smil', 50).map((e) => e.name);
    expect(found[0]).toBe('smile');
    expect(found).toContain('slightly_smiling_face');
    expect(found.indexOf('smile')).toBeLessThan(found.indexOf('slightly_smiling_face'));
  });

  it('shows shortcodes in plain text as emoji, leaving unknown names', () => {
    expect(withEmoji('ship it :+1: :tada: at 10:30: :not_an_emoji:')).toBe('ship it 👍 🎉 at 10:30: :not_an_emoji:');
  });
});
