import { describe, expect, it } from 'vitest';

import { sampleAnswers } from '../testing/samples';
import { backupKindOf, draftFrom, edit, fieldValue, pageProblems, withBackupKind, withField } from './draft';

describe('answer fields by dotted name', () => {
  it('reads and replaces a nested value without touching the original', () => {
    const answers = sampleAnswers();
    expect(fieldValue(answers, 'address.port')).toBe(443);
    expect(fieldValue(answers, 'data_dir')).toBe('/srv/bulk/hearth');
    expect(fieldValue(answers, 'address.nothing')).toBeUndefined();
    const changed = withField(answers, 'address.domain', 'chat.example.com');
    expect(changed.address.domain).toBe('chat.example.com');
    expect(changed.address.port).toBe(443);
    expect(answers.address.domain).toBe('');
    expect(() => withField(answers, 'nothing.here', 1)).toThrow('no answer field');
  });
});

describe('the team URL name', () => {
  it('follows the team name until typed, and again once cleared', () => {
    let draft = draftFrom(sampleAnswers());
    expect(draft.teamNameTyped).toBe(false);
    draft = edit(draft, 'team.display_name', 'Smith & Partners GmbH');
    expect(draft.answers.team.name).toBe('smith-partners-gmbh');
    draft = edit(draft, 'team.name', 'smith');
    draft = edit(draft, 'team.display_name', 'Smith & Söhne');
    expect(draft.answers.team.name).toBe('smith');
    draft = edit(draft, 'team.name', '');
    draft = edit(draft, 'team.display_name', 'Smith & Söhne');
    expect(draft.answers.team.name).toBe('smith-sohne');
  });

  it('counts as typed when saved answers had their own', () => {
    expect(draftFrom(sampleAnswers({ team: { name: 'hq', display_name: 'Head office' } })).teamNameTyped).toBe(true);
  });
});

describe('backup targets', () => {
  it('knows the kind of a saved target', () => {
    expect(backupKindOf('')).toBe('none');
    expect(backupKindOf(' sftp://b@nas/x ')).toBe('sftp');
    expect(backupKindOf('/mnt/usb')).toBe('disk');
    expect(draftFrom(sampleAnswers({ backup: { target: '/mnt/usb', time: '03:00' } })).backupTargets).toEqual({ sftp: '', disk: '/mnt/usb' });
  });

  it('keeps what was typed for each kind while switching, and sends none as empty', () => {
    let draft = withBackupKind(draftFrom(sampleAnswers()), 'sftp');
    draft = edit(draft, 'backup.target', 'sftp://backup@nas/hearth');
    draft = withBackupKind(draft, 'disk');
    expect(draft.answers.backup.target).toBe('');
    draft = edit(draft, 'backup.target', '/mnt/usb');
    draft = withBackupKind(draft, 'none');
    expect(draft.answers.backup.target).toBe('');
    draft = withBackupKind(draft, 'sftp');
    expect(draft.answers.backup.target).toBe('sftp://backup@nas/hearth');
    expect(withBackupKind(draft, 'disk').answers.backup.target).toBe('/mnt/usb');
  });
});

describe("the page's own checks", () => {
  it('compares the password typed twice, only when a password is needed', () => {
    let draft = edit(draftFrom(sampleAnswers()), 'admin.password', 'correct horse');
    draft = edit(draft, 'admin.password_confirm', 'correct hose');
    expect(pageProblems(draft, 'admin', true)).toEqual({ 'admin.password_confirm': 'The two passwords are not the same.' });
    expect(pageProblems(draft, 'admin', false)).toEqual({});
    expect(pageProblems(edit(draft, 'admin.password_confirm', 'correct horse'), 'admin', true)).toEqual({});
    expect(draft.answers.admin).not.toHaveProperty('password_confirm');
  });

  it('wants a target of the kind chosen', () => {
    const sftp = withBackupKind(draftFrom(sampleAnswers()), 'sftp');
    expect(Object.keys(pageProblems(sftp, 'backup', true))).toEqual(['backup.target']);
    expect(pageProblems(edit(sftp, 'backup.target', '/mnt/usb'), 'backup', true)['backup.target']).toMatch(/sftp:\/\/user@host\/path/);
    expect(pageProblems(edit(sftp, 'backup.target', 'sftp://backup@nas.lan:2222/hearth'), 'backup', true)).toEqual({});
    const disk = withBackupKind(sftp, 'disk');
    expect(pageProblems(edit(disk, 'backup.target', 'usb'), 'backup', true)['backup.target']).toMatch(/full path/);
    expect(pageProblems(edit(disk, 'backup.target', '/mnt/usb'), 'backup', true)).toEqual({});
    expect(pageProblems(withBackupKind(disk, 'none'), 'backup', true)).toEqual({});
  });

  it('refuses ports that do not fit in 16 bits', () => {
    const draft = edit(draftFrom(sampleAnswers()), 'address.port', 70000);
    expect(pageProblems(draft, 'address', true)).toEqual({ 'address.port': 'Use a port number from 1 to 65535.' });
    expect(pageProblems(draft, 'storage', true)).toEqual({});
  });
});
