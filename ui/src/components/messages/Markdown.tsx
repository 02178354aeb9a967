// A message's text as sanitised Markdown. The only component that sets HTML, and only what
// renderMarkdown returns. `~channel` links navigate inside the app instead of reloading the page.

import { channels, currentTeam } from '../../state/entities';
import { navigate } from '../../state/router';
import { me } from '../../state/session';
import { renderMarkdown } from '../../markdown/render';
import './markdown.css';

function channelTitle(name: string): string | undefined {
  const teamId = currentTeam.value?.id;
  return Object.values(channels.value).find((c) => c.name === name && c.team_id === teamId)?.display_name;
}

function followInternalLink(e: MouseEvent): void {
  const link = (e.target as Element).closest('a.channel-link');
  if (!link || e.ctrlKey || e.metaKey || e.shiftKey || e.button !== 0) return;
  e.preventDefault();
  navigate(link.getAttribute('href') ?? '/');
}

export function Markdown({ text }: { text: string }) {
  const html = renderMarkdown(text, {
    myUsername: me.value?.username ?? '',
    teamName: currentTeam.value?.name ?? '',
    channelTitle,
  });
  return <div class="md" onClick={followInternalLink} dangerouslySetInnerHTML={{ __html: html }} />;
}
