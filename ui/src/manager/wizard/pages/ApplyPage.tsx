// The install under way: a bar for the whole plan, the step under way and its latest message,
// and every event and log line under "Log". When a step fails: which one, why, and what to do,
// (the frame's buttons lead back to the review or try again; steps done already are skipped).

import { LogLines } from '../../LogLines';
import type { Wizard } from '../wizard';

function Failure({ wizard }: { wizard: Wizard }) {
  const failure = wizard.progress.value.failure!;
  const step = wizard.plan.value.find((s) => s.id === failure.step);
  return (
    <div class="apply-failure" role="alert">
      <h2>{step ? `This step failed: ${step.description}` : failure.step ? `The step “${failure.step}” failed` : 'The install stopped'}</h2>
      <p>{failure.message}</p>
      {failure.fix && (
        <p>
          <strong>What to do:</strong> {failure.fix}
        </p>
      )}
      <p class="muted">Steps that were done are skipped when you try again.</p>
    </div>
  );
}

export function ApplyPage({ wizard }: { wizard: Wizard }) {
  const p = wizard.progress.value;
  const stepText = p.steps ? `Step ${p.step} of ${p.steps}: ${p.title}` : p.title;
  return (
    <>
      <div class="apply-progress">
        <p class="apply-step">
          <strong>{p.failure ? 'Stopped' : stepText}</strong>
          <span class="muted">{p.percent}%</span>
        </p>
        <div class="progress-bar" role="progressbar" aria-label="Install progress" aria-valuemin={0} aria-valuemax={100} aria-valuenow={p.percent} aria-valuetext={`${p.percent}%: ${stepText}`}>
          <div class={`progress-fill${p.failure ? ' progress-failed' : ''}`} style={{ width: `${p.percent}%` }} />
        </div>
        <p class="apply-detail muted" aria-live="polite">
          {p.failure ? '' : p.detail}
        </p>
      </div>
      {p.failure && <Failure wizard={wizard} />}
      <details class="apply-log">
        <summary>Log ({p.lines.length} lines)</summary>
        <LogLines lines={p.lines} label="Install log" />
      </details>
    </>
  );
}
