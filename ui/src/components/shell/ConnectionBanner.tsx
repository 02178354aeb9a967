// Says when the live connection is down; it reconnects by itself, and catches up once back.

import { socketState } from '../../state/session';

export function ConnectionBanner() {
  if (socketState.value !== 'down') return null;
  return (
    <div class="banner banner-warn" role="status">
      Connection lost. Reconnecting… Messages you missed will appear when it is back.
    </div>
  );
}
