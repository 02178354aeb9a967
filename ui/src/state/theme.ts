// The colour theme: light, dark or following the system, remembered per browser. The page is
// dark when <html> has `data-theme="dark"`; for "system" that follows the system's setting live.

export type Theme = 'auto' | 'light' | 'dark';

const KEY = 'hearth.theme';
const systemDark = matchMedia('(prefers-color-scheme: dark)');
let chosen: Theme = 'auto';

export function savedTheme(): Theme {
  const value = localStorage.getItem(KEY);
  return value === 'light' || value === 'dark' ? value : 'auto';
}

export function applyTheme(theme: Theme): void {
  chosen = theme;
  const dark = theme === 'dark' || (theme === 'auto' && systemDark.matches);
  document.documentElement.dataset.theme = dark ? 'dark' : 'light';
}

export function setTheme(theme: Theme): void {
  localStorage.setItem(KEY, theme);
  applyTheme(theme);
}

systemDark.addEventListener('change', () => applyTheme(chosen));
