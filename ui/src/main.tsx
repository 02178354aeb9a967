// Entry point: applies the saved theme, restores the session and mounts the app.

import { render } from 'preact';

import { App } from './app';
import { applyTheme, savedTheme } from './state/theme';
import { bootstrap } from './state/session';
import './styles/theme.css';

applyTheme(savedTheme());
void bootstrap();
render(<App />, document.getElementById('app')!);
