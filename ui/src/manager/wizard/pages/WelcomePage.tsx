// The first page: what Hearth is and what the wizard is about to do. The machine check starts
// behind it, so its report is usually ready by the time Next is pressed.

export function WelcomePage() {
  return (
    <div class="prose">
      <p>
        Hearth is your office's own team chat: channels, direct messages and shared files, kept on this computer instead of someone else's cloud.
        People use it in the browser, on their phones and with the Mattermost apps.
      </p>
      <p>This wizard sets it up in a few minutes. It will:</p>
      <ol>
        <li>check this computer: its disks and arrays, free space, ports and database;</li>
        <li>ask where to keep the data, which database to use and how people reach Hearth;</li>
        <li>create the first admin account and the team;</li>
        <li>set up nightly backups;</li>
        <li>show you the plan, and install only when you say so.</li>
      </ol>
      <p class="muted">Nothing changes on this computer until you press Install. You can go back and change any answer before that.</p>
    </div>
  );
}
