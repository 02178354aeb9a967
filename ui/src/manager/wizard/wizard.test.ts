import { beforeEach, describe, expect, it, vi } from 'vitest';

import * as commands from '../commands';
import { CommandError } from '../commands';
import { checked, sampleMachine } from '../testing/samples';
import type { ApplyMessage } from '../types';
import { createWizard, type Wizard } from './wizard';

vi.mock('../commands', async (original) => ({
  ...(await original<typeof import('../commands')>()),
  machineCheck: vi.fn(),
  checkAnswers: vi.fn(),
  apply: vi.fn(),
  finish: vi.fn(),
}));
const mocked = vi.mocked(commands);

beforeEach(() => {
  vi.resetAllMocks();
  mocked.machineCheck.mockResolvedValue(sampleMachine());
  mocked.checkAnswers.mockResolvedValue(checked());
});

async function wizardAt(page: 'storage' | 'admin' | 'backup' | 'review'): Promise<Wizard> {
  const wizard = createWizard();
  await wizard.loadMachine();
  wizard.go(page);
  return wizard;
}

describe('the wizard', () => {
  it('starts from the answers the machine check brought, and keeps typed ones on "Check again"', async () => {
    const wizard = createWizard();
    await wizard.loadMachine();
    expect(wizard.draft.value?.answers.data_dir).toBe('/srv/bulk/hearth');
    wizard.set('data_dir', '/data/hearth');
    await wizard.loadMachine();
    expect(mocked.machineCheck).toHaveBeenCalledTimes(2);
    expect(wizard.draft.value?.answers.data_dir).toBe('/data/hearth');
  });

  it('does not leave the check page before the check is done, and says why', async () => {
    mocked.machineCheck.mockRejectedValue(new CommandError('cannot read /proc'));
    const wizard = createWizard();
    await wizard.loadMachine();
    wizard.go('check');
    await wizard.next();
    expect(wizard.page.value).toBe('check');
    expect(wizard.pageError.value).toBe('cannot read /proc');
  });

  it("moves on only when the page's own fields are right, ignoring later pages' errors", async () => {
    const wizard = await wizardAt('storage');
    mocked.checkAnswers.mockResolvedValue(
      checked({
        errors: [
          { field: 'data_dir', message: 'must be an absolute path, like /srv/hearth' },
          { field: 'admin.email', message: 'is not an email address' },
        ],
      }),
    );
    wizard.set('data_dir', 'relative');
    await wizard.next();
    expect(wizard.page.value).toBe('storage');
    expect(wizard.errors.value).toEqual({ data_dir: 'must be an absolute path, like /srv/hearth' });
    expect(mocked.checkAnswers).toHaveBeenLastCalledWith(expect.objectContaining({ data_dir: 'relative' }));

    // Typing in the field clears its error; the next check passes the page.
    wizard.set('data_dir', '/srv/hearth');
    expect(wizard.errors.value).toEqual({});
    mocked.checkAnswers.mockResolvedValue(checked({ errors: [{ field: 'admin.email', message: 'is not an email address' }] }));
    await wizard.next();
    expect(wizard.page.value).toBe('database');
    expect(wizard.errors.value).toEqual({});
  });

  it("adds the page's own checks to the installer's", async () => {
    const wizard = await wizardAt('admin');
    mocked.checkAnswers.mockResolvedValue(checked({ errors: [{ field: 'admin.username', message: '3 to 22 characters' }] }));
    wizard.set('admin.password', 'long enough');
    wizard.set('admin.password_confirm', 'long enuogh');
    await wizard.next();
    expect(wizard.page.value).toBe('admin');
    expect(Object.keys(wizard.errors.value).sort()).toEqual(['admin.password_confirm', 'admin.username']);
  });

  it('keeps the answers going back and forth, and Back never checks', async () => {
    const wizard = await wizardAt('admin');
    wizard.set('admin.username', 'boss');
    wizard.set('team.display_name', 'Smith & Partners');
    wizard.back();
    expect(wizard.page.value).toBe('address');
    expect(mocked.checkAnswers).not.toHaveBeenCalled();
    await wizard.next();
    expect(wizard.page.value).toBe('admin');
    expect(wizard.draft.value?.answers.admin.username).toBe('boss');
    expect(wizard.draft.value?.answers.team.name).toBe('smith-partners');
  });

  it('shows a failed check as a page error and stays', async () => {
    const wizard = await wizardAt('storage');
    mocked.checkAnswers.mockRejectedValue(new CommandError('the installer crashed'));
    await wizard.next();
    expect(wizard.page.value).toBe('storage');
    expect(wizard.pageError.value).toBe('the installer crashed');
    expect(wizard.busy.value).toBe(false);
  });

  it('installs from the review: draws progress as it comes and ends on the done page', async () => {
    const wizard = await wizardAt('review');
    const done = { address: 'https://hearth.local', ca_url: null, address_qr: { size: 1, modules: [true] }, ca_qr: null };
    let send: (m: ApplyMessage) => void = () => {};
    let finish: () => void = () => {};
    mocked.apply.mockImplementation((_answers, onMessage) => {
      send = onMessage;
      return new Promise((resolve) => (finish = () => resolve(done)));
    });
    const installing = wizard.install();
    await vi.waitFor(() => expect(wizard.page.value).toBe('apply'));
    send({ kind: 'event', event: { step: 2, steps: 4, id: 'config', status: 'running', percent: 37.5, message: 'Writing' } });
    send({ kind: 'log', line: 'INFO config written' });
    expect(wizard.progress.value).toMatchObject({ percent: 38, detail: 'Writing', running: true });
    expect(wizard.progress.value.lines).toHaveLength(2);
    finish();
    await installing;
    expect(wizard.page.value).toBe('done');
    expect(wizard.done.value).toEqual(done);
  });

  it('stays on the install page with the failed step and what to do', async () => {
    const wizard = await wizardAt('review');
    mocked.apply.mockRejectedValue(new CommandError('permission denied', { step: 'local_ca', fix: 'run as root' }));
    await wizard.install();
    expect(wizard.page.value).toBe('apply');
    expect(wizard.progress.value).toMatchObject({ running: false, failure: { step: 'local_ca', message: 'permission denied', fix: 'run as root' } });
    wizard.go('review');
    expect(wizard.page.value).toBe('review');
  });

  it('does not install answers the installer refuses: it goes to the page of the first error', async () => {
    const wizard = await wizardAt('review');
    mocked.checkAnswers.mockResolvedValue(checked({ errors: [{ field: 'backup.time', message: 'must be a time of day like 02:00' }] }));
    await wizard.install();
    expect(mocked.apply).not.toHaveBeenCalled();
    expect(wizard.page.value).toBe('backup');
    expect(wizard.errors.value).toEqual({ 'backup.time': 'must be a time of day like 02:00' });
  });

  it('shows a refusal about a field before the install on that field', async () => {
    const wizard = await wizardAt('review');
    mocked.checkAnswers.mockRejectedValue(new CommandError('is on a read-only disk', { field: 'data_dir' }));
    await wizard.install();
    expect(mocked.apply).not.toHaveBeenCalled();
    expect(wizard.page.value).toBe('storage');
    expect(wizard.errors.value).toEqual({ data_dir: 'is on a read-only disk' });
  });
});
