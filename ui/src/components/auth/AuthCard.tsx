// The centred card that sign-in, sign-up and first-run setup share.

import type { ComponentChildren } from 'preact';

import './auth.css';

export function AuthCard(props: { title: string; lead: string; children: ComponentChildren }) {
  return (
    <main class="auth">
      <div class="auth-card">
        <img class="auth-logo" src="/icon.svg" alt="" />
        <h1>{props.title}</h1>
        <p class="lead">{props.lead}</p>
        {props.children}
      </div>
    </main>
  );
}
