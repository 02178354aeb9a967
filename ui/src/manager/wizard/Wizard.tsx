// The wizard's frame: the list of steps (a rail on wide windows, "Step 3 of 10" on narrow ones),
// the page shown as a form whose root carries `data-page`, and its buttons. Enter in a field is
// Next (or Install on the review page). A new page moves focus to its heading, so a keyboard or
// screen reader user starts reading at its top; a Next or Install that found errors moves it to
// the first field in error.

import type { ComponentType } from 'preact';
import { useEffect, useRef } from 'preact/hooks';

import { AddressPage } from './pages/AddressPage';
import { AdminPage } from './pages/AdminPage';
import { ApplyPage } from './pages/ApplyPage';
import { BackupPage } from './pages/BackupPage';
import { CheckPage } from './pages/CheckPage';
import { DatabasePage } from './pages/DatabasePage';
import { DonePage } from './pages/DonePage';
import { ReviewPage } from './pages/ReviewPage';
import { StoragePage } from './pages/StoragePage';
import { WelcomePage } from './pages/WelcomePage';
import { PAGE_TITLES, PAGES, type PageName } from './pages';
import type { Wizard as WizardState } from './wizard';
import './wizard.css';
import './pages/pages.css';

const BODIES: Record<PageName, ComponentType<{ wizard: WizardState }>> = {
  welcome: WelcomePage,
  check: CheckPage,
  storage: StoragePage,
  database: DatabasePage,
  address: AddressPage,
  admin: AdminPage,
  backup: BackupPage,
  review: ReviewPage,
  apply: ApplyPage,
  done: DonePage,
};

/** The headings, where they say more than the step list's short names. */
const HEADINGS: Partial<Record<PageName, string>> = {
  welcome: 'Set up Hearth on this computer',
  check: 'What this computer has',
  storage: 'Where to keep the data',
  database: 'Which database',
  address: 'How people reach Hearth',
  admin: 'The first admin and the team',
  backup: 'Nightly backups',
  review: 'Ready to install',
  apply: 'Installing Hearth',
  done: 'Hearth is ready',
};

function Steps({ current }: { current: PageName }) {
  const at = PAGES.indexOf(current);
  return (
    <nav class="wizard-steps" aria-label="Setup steps">
      <ol>
        {PAGES.map((name, index) => (
          <li key={name} class={index < at ? 'step-done' : index === at ? 'step-current' : ''} aria-current={index === at ? 'step' : undefined}>
            <span class="step-number" aria-hidden="true">
              {index < at ? '✓' : index + 1}
            </span>
            {PAGE_TITLES[name]}
          </li>
        ))}
      </ol>
    </nav>
  );
}

/** The page's buttons: Back and Next (Start, Install), or on the last pages Finish, and after a
 * failed install the way back and a retry. None while the install runs. */
function Buttons({ wizard }: { wizard: WizardState }) {
  const page = wizard.page.value;
  const busy = wizard.busy.value;
  if (page === 'done') {
    return (
      <div class="wizard-buttons">
        <button type="button" class="btn btn-primary" data-action="finish" disabled={busy} onClick={() => void wizard.finish()}>
          Finish
        </button>
      </div>
    );
  }
  if (page === 'apply') {
    if (!wizard.progress.value.failure) return null;
    return (
      <div class="wizard-buttons">
        <button type="button" class="btn" data-action="back-to-review" disabled={busy} onClick={() => wizard.go('review')}>
          Back to review
        </button>
        <button type="button" class="btn btn-primary" data-action="retry" disabled={busy} onClick={() => void wizard.install()}>
          Try again
        </button>
      </div>
    );
  }
  return (
    <div class="wizard-buttons">
      {page !== 'welcome' && (
        <button type="button" class="btn" data-action="back" disabled={busy} onClick={wizard.back}>
          Back
        </button>
      )}
      {page === 'review' ? (
        <button type="submit" class="btn btn-primary" data-action="install" disabled={busy}>
          {busy ? 'Checking…' : 'Install'}
        </button>
      ) : (
        <button type="submit" class="btn btn-primary" data-action="next" disabled={busy}>
          {page === 'welcome' ? 'Start' : busy ? 'Checking…' : 'Next'}
        </button>
      )}
    </div>
  );
}

export function Wizard({ wizard }: { wizard: WizardState }) {
  const page = wizard.page.value;
  const Body = BODIES[page];
  const form = useRef<HTMLFormElement>(null);
  const heading = useRef<HTMLHeadingElement>(null);

  const refusals = wizard.refusals.value;

  useEffect(() => {
    heading.current?.focus();
    form.current?.querySelector('.wizard-body')?.scrollTo?.(0, 0);
  }, [page]);

  // Errors found: start at the first field to fix, with its message in view. (An effect, so it
  // runs once the errors are drawn; after a page change it runs after the heading's focus.)
  useEffect(() => {
    if (!refusals) return;
    const first = form.current?.querySelector<HTMLElement>('[aria-invalid=true]');
    first?.focus();
    first?.closest('.field, .choices')?.scrollIntoView?.({ block: 'nearest' });
  }, [refusals]);

  async function submit(e: Event) {
    e.preventDefault();
    if (page === 'review') await wizard.install();
    else if (page !== 'apply' && page !== 'done') await wizard.next();
  }

  return (
    <div class="wizard">
      <Steps current={page} />
      <form ref={form} class="wizard-page" data-page={page} noValidate onSubmit={(e) => void submit(e)}>
        <header class="wizard-head">
          <p class="wizard-count muted">
            Step {PAGES.indexOf(page) + 1} of {PAGES.length} · {PAGE_TITLES[page]}
          </p>
          <h1 ref={heading} tabIndex={-1}>
            {HEADINGS[page] ?? PAGE_TITLES[page]}
          </h1>
        </header>
        <div class="wizard-body">
          <Body wizard={wizard} />
        </div>
        <footer class={`wizard-foot${page === 'apply' && wizard.progress.value.running ? ' wizard-foot-empty' : ''}`}>
          <p class="error wizard-error" role="alert">
            {wizard.pageError.value}
          </p>
          <Buttons wizard={wizard} />
        </footer>
      </form>
    </div>
  );
}
