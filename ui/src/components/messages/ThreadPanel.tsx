// The thread side panel: the root post, its replies and a reply composer.

export function ThreadPanel({ rootId }: { rootId: string }) {
  return <aside class="side-panel">{rootId}</aside>;
}
