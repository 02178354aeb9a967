// The plan in plain words before anything changes: the numbered steps the installer will take
// for these answers, its advice, and errors that belong to no earlier page. Install is the
// frame's button.

import { FieldError, Notes } from '../fields';
import { pageOfField } from '../pages';
import type { Wizard } from '../wizard';

export function ReviewPage({ wizard }: { wizard: Wizard }) {
  const plan = wizard.plan.value;
  const ownErrors = Object.keys(wizard.errors.value).filter((field) => pageOfField(field) === 'review');
  return (
    <>
      {ownErrors.map((field) => (
        <FieldError key={field} wizard={wizard} field={field} id={`review-error-${field}`} />
      ))}
      <h2 class="page-section">What setup will do</h2>
      {plan.length ? (
        <ol class="plan">
          {plan.map((step) => (
            <li key={step.id} data-step={step.id}>
              {step.description}
            </li>
          ))}
        </ol>
      ) : (
        <p class="muted">The plan appears once the answers are checked.</p>
      )}
      <h2 class="page-section">Good to know</h2>
      <Notes items={wizard.recommendations.value} />
      <p class="muted">Setup can be run again safely: steps found done are skipped, so after a problem is fixed it carries on where it stopped.</p>
    </>
  );
}
