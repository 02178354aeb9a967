// Hearth Manager's entry (manager.html): follows the system's light or dark theme and mounts
// the wizard or the status window.

import { render } from 'preact';

import { applyTheme } from '../state/theme';
import { Manager } from './Manager';
import '../styles/theme.css';
import './manager.css';

applyTheme('auto');
render(<Manager />, document.getElementById('app')!);
