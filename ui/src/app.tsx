// The root view: picks the page for the current route and session. Signed-out visitors see the
// first-run setup (empty server), sign-up (invite link) or sign-in; signed-in users see the chat
// or, for system admins, the admin console.

import { lazy, Suspense } from 'preact/compat';

import { Login } from './components/auth/Login';
import { Setup } from './components/auth/Setup';
import { Signup } from './components/auth/Signup';
import { Shell } from './components/shell/Shell';
import { route } from './state/router';
import { config, me, ready } from './state/session';

const AdminConsole = lazy(() => import('./components/admin/AdminConsole').then((m) => ({ default: m.AdminConsole })));

export function App() {
  if (!ready.value) return <div class="splash" aria-busy="true" />;
  const r = route.value;
  if (!me.value) {
    if (config.value.NoAccounts === 'true') return <Setup />;
    if (r.page === 'signup') return <Signup inviteId={r.inviteId} />;
    return <Login />;
  }
  if (r.page === 'admin') {
    return (
      <Suspense fallback={<div class="splash" aria-busy="true" />}>
        <AdminConsole section={r.section} />
      </Suspense>
    );
  }
  return <Shell />;
}
