// The admin console for system admins: users, teams, channels and server settings.

export function AdminConsole({ section }: { section: string }) {
  return <main>{section}</main>;
}
