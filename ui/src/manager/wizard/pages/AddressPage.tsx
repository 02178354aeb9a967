// How people reach Hearth: the office network only (this computer's own certificate authority),
// the internet at a domain (Let's Encrypt), or plain HTTP behind another proxy. For the internet
// the domain's DNS is checked as it is typed. The ports sit under "Advanced", open when they
// differ from the defaults or one of them is wrong.

import { useSignal } from '@preact/signals';
import { useEffect, useMemo } from 'preact/hooks';

import * as commands from '../../commands';
import { LevelIcon } from '../../LevelIcon';
import type { AddressMode } from '../../types';
import { type DnsState, watchDns } from '../dns';
import { Choice, Notes, TextField } from '../fields';
import type { Wizard } from '../wizard';

const DEFAULT_PORT = 443;
const DEFAULT_REDIRECT_PORT = 80;

const MODES: { mode: AddressMode; title: string; text: string }[] = [
  { mode: 'lan', title: 'Office network only', text: "HTTPS with this computer's own certificate authority; each phone and laptop trusts it once." },
  { mode: 'internet', title: 'The internet, at a domain', text: "HTTPS with a free Let's Encrypt certificate; the domain must lead to this computer." },
  { mode: 'http', title: 'Plain HTTP (advanced)', text: 'Unencrypted: only behind another HTTPS proxy, or to try Hearth out.' },
];

function DnsAnswer({ state }: { state: DnsState }) {
  switch (state.kind) {
    case 'idle':
      return null;
    case 'checking':
      return <span class="muted">Looking up {state.domain}…</span>;
    case 'failed':
      return (
        <>
          <LevelIcon level="problem" size={18} />
          <span>Could not look up {state.domain}: {state.message}</span>
        </>
      );
    case 'done': {
      const { check } = state;
      const where = check.addresses.join(', ');
      if (check.error) {
        return (
          <>
            <LevelIcon level="problem" size={18} />
            <span>{check.error}. Let's Encrypt needs a DNS record for it that leads here.</span>
          </>
        );
      }
      return check.points_here ? (
        <>
          <LevelIcon level="ok" size={18} />
          <span>
            {check.domain} leads to this computer ({where}).
          </span>
        </>
      ) : (
        <>
          <LevelIcon level="warning" size={18} />
          <span>
            {check.domain} leads to {where}, not to this computer. That is right only if {where} is your router and it forwards ports 80 and 443 here; otherwise fix
            the domain's DNS record.
          </span>
        </>
      );
    }
  }
}

export function AddressPage({ wizard }: { wizard: Wizard }) {
  const { address } = wizard.draft.value!.answers;
  const errors = wizard.errors.value;
  const portsWrong = !!(errors['address.port'] || errors['address.redirect_port']);
  const advancedOpen = useSignal(address.port !== DEFAULT_PORT || address.redirect_port !== DEFAULT_REDIRECT_PORT || portsWrong);
  const dns = useSignal<DnsState>({ kind: 'idle' });
  const watch = useMemo(() => watchDns(commands.checkDns, (state) => (dns.value = state)), []);

  useEffect(() => () => watch.stop(), []);
  useEffect(() => {
    if (portsWrong) advancedOpen.value = true;
  }, [portsWrong]);
  useEffect(() => {
    if (address.mode === 'internet') {
      watch.typed(address.domain);
    } else {
      watch.stop();
      dns.value = { kind: 'idle' };
    }
  }, [address.mode, address.domain]);

  return (
    <>
      <Notes items={wizard.recommendations.value} topics={['address', 'ports']} />
      <fieldset class="choices">
        <legend>People reach Hearth from</legend>
        {MODES.map((m) => (
          <Choice key={m.mode} name="address.mode" value={m.mode} checked={address.mode === m.mode} title={m.title} onChoose={() => wizard.set('address.mode', m.mode)}>
            {m.text}
          </Choice>
        ))}
      </fieldset>
      <TextField
        wizard={wizard}
        field="address.domain"
        label={address.mode === 'internet' ? 'Domain' : 'Domain or host name (optional)'}
        placeholder={address.mode === 'internet' ? 'chat.example.com' : "This computer's host name"}
        hint={address.mode === 'internet' ? 'The name people type to reach Hearth. Its DNS record must lead to this computer.' : 'Leave it empty to use this computer\'s name on the network.'}
      />
      {address.mode === 'internet' && (
        <p class="dns-answer" role="status">
          <DnsAnswer state={dns.value} />
        </p>
      )}
      <details class="advanced" open={advancedOpen.value} onToggle={(e) => (advancedOpen.value = e.currentTarget.open)}>
        <summary>Advanced</summary>
        <div class="advanced-fields">
          <TextField wizard={wizard} field="address.port" numeric label={address.mode === 'http' ? 'HTTP port' : 'HTTPS port'} hint={`Default ${DEFAULT_PORT}.`} />
          {address.mode !== 'http' && (
            <TextField wizard={wizard} field="address.redirect_port" numeric label="Redirect port" hint={`Plain HTTP, sent on to HTTPS; Let's Encrypt checks it. Default ${DEFAULT_REDIRECT_PORT}.`} />
          )}
        </div>
      </details>
    </>
  );
}
