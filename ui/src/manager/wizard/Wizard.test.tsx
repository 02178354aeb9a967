import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

import * as commands from '../commands';
import { checked, sampleMachine } from '../testing/samples';
import { Wizard } from './Wizard';
import { createWizard, type Wizard as WizardState } from './wizard';

vi.mock('../commands', async (original) => ({
  ...(await original<typeof import('../commands')>()),
  machineCheck: vi.fn(),
  checkAnswers: vi.fn(),
  checkDns: vi.fn(),
  testBackup: vi.fn(),
}));
const mocked = vi.mocked(commands);

let host: HTMLElement;
let wizard: WizardState;

async function settle(ms = 0) {
  for (let round = 0; round < 3; round++) await act(async () => void (await vi.advanceTimersByTimeAsync(round ? 0 : ms)));
}

async function show(page?: Parameters<WizardState['go']>[0]) {
  wizard = createWizard();
  await wizard.loadMachine();
  if (page) wizard.go(page);
  host = document.createElement('div');
  document.body.append(host);
  act(() => render(<Wizard wizard={wizard} />, host));
  await settle();
}

const $ = <T extends Element = HTMLElement>(selector: string) => host.querySelector<T & HTMLElement>(selector);
function type(selector: string, value: string) {
  const input = $<HTMLInputElement>(selector)!;
  act(() => {
    input.value = value;
    input.dispatchEvent(new Event('input', { bubbles: true }));
  });
}

beforeEach(() => {
  vi.useFakeTimers();
  vi.resetAllMocks();
  mocked.machineCheck.mockResolvedValue(sampleMachine());
  mocked.checkAnswers.mockResolvedValue(checked());
});

afterEach(() => {
  act(() => render(null, host));
  host.remove();
  vi.useRealTimers();
});

describe('the wizard pages', () => {
  it('marks each page root and moves with the next and back buttons', async () => {
    await show();
    expect($('[data-page]')?.dataset.page).toBe('welcome');
    expect($('[data-action=back]')).toBeNull();
    act(() => $('[data-action=next]')!.click());
    await settle();
    expect($('[data-page]')?.dataset.page).toBe('check');
    expect(host.textContent).toContain('Debian GNU/Linux 12 (bookworm)');
    expect(document.activeElement?.tagName).toBe('H1');
    act(() => $('[data-action=back]')!.click());
    await settle();
    expect($('[data-page]')?.dataset.page).toBe('welcome');
  });

  it('preselects the recommended place and ties an error to the field that caused it', async () => {
    await show('storage');
    const radios = host.querySelectorAll<HTMLInputElement>('input[type=radio][name=data_dir]');
    expect([...radios].map((r) => [r.value, r.checked])).toEqual([
      ['/srv/bulk/hearth', true],
      ['/var/lib/hearth', false],
    ]);
    expect(host.textContent).toContain('Recommended');

    mocked.checkAnswers.mockResolvedValue(checked({ errors: [{ field: 'data_dir', message: 'must be an absolute path, like /srv/hearth' }] }));
    type('input[type=text][name=data_dir]', 'hearth');
    act(() => $('[data-action=next]')!.click());
    await settle();
    const error = $('[data-error-for=data_dir]')!;
    expect(error.textContent).toBe('The data folder must be an absolute path, like /srv/hearth.');
    const input = $('input[type=text][name=data_dir]')!;
    expect(input.getAttribute('aria-invalid')).toBe('true');
    expect(input.getAttribute('aria-describedby')?.split(' ')).toContain(error.id);
    expect(document.activeElement).toBe(input);
    expect([...radios].some((r) => r.checked)).toBe(false);
  });

  it('checks an internet domain once typing pauses, and says where it leads', async () => {
    await show('address');
    mocked.checkDns.mockImplementation(async (domain) => ({ domain, addresses: ['203.0.113.7'], points_here: false, error: null }));
    act(() => $<HTMLInputElement>('input[name="address.mode"][value=internet]')!.click());
    type('input[name="address.domain"]', 'chat.exa');
    await settle(300);
    type('input[name="address.domain"]', 'chat.example.com');
    await settle(599);
    expect(mocked.checkDns).not.toHaveBeenCalled();
    await settle(1);
    expect(mocked.checkDns).toHaveBeenCalledExactlyOnceWith('chat.example.com');
    expect($('.dns-answer')?.textContent).toContain('chat.example.com leads to 203.0.113.7, not to this computer');
    // The ports are tucked away while they are the defaults.
    expect($<HTMLDetailsElement>('details.advanced')?.open).toBe(false);
  });

  it('suggests the team URL name from its name until it is typed', async () => {
    await show('admin');
    type('input[name="team.display_name"]', 'Smith & Partners');
    expect($<HTMLInputElement>('input[name="team.name"]')!.value).toBe('smith-partners');
    type('input[name="team.name"]', 'smith');
    type('input[name="team.display_name"]', 'Smith and Partners');
    expect($<HTMLInputElement>('input[name="team.name"]')!.value).toBe('smith');
  });

  it('shows the line to authorize when the backup server refuses the key', async () => {
    await show('backup');
    mocked.testBackup.mockResolvedValue({ ok: false, message: 'The server refused the key.', key_line: 'ssh-ed25519 AAAA hearth@box' });
    act(() => $<HTMLInputElement>('input[name="backup.kind"][value=sftp]')!.click());
    type('input[name="backup.target"]', 'sftp://backup@nas/hearth');
    act(() => $('[data-action=test-backup]')!.click());
    await settle();
    expect(mocked.testBackup).toHaveBeenCalledWith(expect.objectContaining({ backup: { target: 'sftp://backup@nas/hearth', time: '02:00' } }));
    expect(host.textContent).toContain('~/.ssh/authorized_keys');
    const key = $<HTMLInputElement>('.copy-link input')!;
    expect(key.readOnly).toBe(true);
    expect(key.value).toBe('ssh-ed25519 AAAA hearth@box');
  });
});
