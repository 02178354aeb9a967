// Hearth Manager's window: the setup wizard at `#wizard`, the status window at `#status`
// (what the app opens once Hearth is installed). The Rust side picks the hash; a change of hash
// (Finish in the wizard) switches views without reloading.

import { useSignal } from '@preact/signals';
import { useEffect, useMemo } from 'preact/hooks';

import { StatusView } from './status/StatusView';
import { Wizard } from './wizard/Wizard';
import { createWizard } from './wizard/wizard';

type View = 'wizard' | 'status';

function viewOf(hash: string): View {
  return hash.replace(/^#/, '') === 'status' ? 'status' : 'wizard';
}

function SetupWizard() {
  const wizard = useMemo(createWizard, []);
  // The machine check starts while the admin reads the welcome page.
  useEffect(() => void wizard.loadMachine(), []);
  return <Wizard wizard={wizard} />;
}

export function Manager() {
  const view = useSignal(viewOf(location.hash));
  useEffect(() => {
    const follow = () => (view.value = viewOf(location.hash));
    addEventListener('hashchange', follow);
    return () => removeEventListener('hashchange', follow);
  }, []);
  useEffect(() => {
    document.title = view.value === 'status' ? 'Hearth Manager' : 'Hearth Manager: setup';
  }, [view.value]);
  return view.value === 'status' ? <StatusView /> : <SetupWizard />;
}
