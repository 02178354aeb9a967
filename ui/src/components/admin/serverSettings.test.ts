import { describe, expect, it } from 'vitest';

import { formOf, maxFileProblem, patchOf, siteUrlProblem, validate } from './serverSettings';

describe('siteUrlProblem', () => {
  it('accepts empty and http(s) addresses, with a path', () => {
    expect(siteUrlProblem('')).toBe('');
    expect(siteUrlProblem('https://chat.example.com')).toBe('');
    expect(siteUrlProblem('http://192.168.1.10:8065/hearth')).toBe('');
  });
  it('rejects partial addresses and other schemes', () => {
    expect(siteUrlProblem('chat.example.com')).toMatch(/full address/);
    expect(siteUrlProblem('ftp://chat.example.com')).toMatch(/https/);
    expect(siteUrlProblem('https://chat.example.com/?x=1')).toMatch(/\?/);
  });
});

describe('maxFileProblem', () => {
  it('wants a positive whole number', () => {
    expect(maxFileProblem('100')).toBe('');
    expect(maxFileProblem('0')).toMatch(/at least 1/);
    expect(maxFileProblem('-5')).toMatch(/whole number/);
    expect(maxFileProblem('1.5')).toMatch(/whole number/);
    expect(maxFileProblem('')).toMatch(/whole number/);
    expect(maxFileProblem('99999999')).toMatch(/at most/);
  });
});

describe('form and patch', () => {
  const config = { ServiceSettings: { SiteURL: 'https://chat.example.com' }, TeamSettings: { SiteName: 'Acme chat', EnableOpenServer: false }, FileSettings: { MaxFileSize: 104_857_600 } };
  it('shows bytes as megabytes', () => {
    expect(formOf(config)).toEqual({ siteName: 'Acme chat', siteUrl: 'https://chat.example.com', openSignup: false, maxFileMb: '100' });
  });
  it('turns the form back into a patch in bytes, without a trailing slash', () => {
    expect(patchOf({ siteName: ' Acme chat ', siteUrl: ' https://chat.example.com/ ', openSignup: true, maxFileMb: '2048' })).toEqual({
      ServiceSettings: { SiteURL: 'https://chat.example.com' },
      TeamSettings: { SiteName: 'Acme chat', EnableOpenServer: true },
      FileSettings: { MaxFileSize: 2048 * 1024 * 1024 },
    });
  });
  it('collects every field problem', () => {
    expect(Object.keys(validate({ siteName: '', siteUrl: 'nope', openSignup: false, maxFileMb: '0' })).sort()).toEqual(['maxFileMb', 'siteUrl']);
  });
});
