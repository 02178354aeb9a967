import { describe, expect, it } from 'vitest';

import { errorText, neighbour, pageOfField } from './pages';

describe('wizard pages', () => {
  it('knows where each field is fixed', () => {
    expect(pageOfField('data_dir')).toBe('storage');
    expect(pageOfField('admin.password_confirm')).toBe('admin');
    expect(pageOfField('backup.time')).toBe('backup');
    expect(pageOfField('system_user')).toBe('review');
    expect(pageOfField('something.new')).toBe('review');
  });

  it('moves with Back and Next between welcome and review only', () => {
    expect(neighbour('welcome', -1)).toBeNull();
    expect(neighbour('welcome', 1)).toBe('check');
    expect(neighbour('backup', 1)).toBe('review');
    expect(neighbour('review', 1)).toBeNull();
    expect(neighbour('review', -1)).toBe('backup');
  });

  it("turns the installer's messages into sentences", () => {
    expect(errorText('data_dir', 'must be an absolute path, like /srv/hearth')).toBe('The data folder must be an absolute path, like /srv/hearth.');
    expect(errorText('admin.email', 'is not an email address')).toBe('The email address is not an email address.');
    expect(errorText('address.domain', 'an internet address needs a domain name, like chat.example.com')).toBe(
      'An internet address needs a domain name, like chat.example.com.',
    );
    expect(errorText('admin.password_confirm', 'The two passwords are not the same.')).toBe('The two passwords are not the same.');
    expect(errorText('odd', 'is wrong')).toBe('The odd is wrong.');
  });
});
