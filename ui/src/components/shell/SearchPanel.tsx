// Search results for the terms typed in the header's search box.

export function SearchPanel({ terms }: { terms: string }) {
  return <aside class="side-panel">{terms}</aside>;
}
