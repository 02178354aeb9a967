// How a presence status reads in the interface.

import type { Status } from '../../api/types';

export const STATUS_LABELS: Record<Status['status'], string> = {
  online: 'Online',
  away: 'Away',
  dnd: 'Do not disturb',
  offline: 'Offline',
};
