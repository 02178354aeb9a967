// The lines between posts: a new day, and where unread posts begin.

export function DaySeparator({ label }: { label: string | undefined }) {
  if (!label) return null;
  return (
    <div class="day-separator" role="separator" aria-label={label}>
      <span>{label}</span>
    </div>
  );
}

export function NewMessagesLine() {
  return (
    <div class="new-line" role="separator" aria-label="New messages">
      <span>New messages</span>
    </div>
  );
}
