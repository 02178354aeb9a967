// Renders the open dialog, if any.

import { dialog } from '../../state/view';

export function Dialogs() {
  const d = dialog.value;
  if (!d) return null;
  return null;
}
