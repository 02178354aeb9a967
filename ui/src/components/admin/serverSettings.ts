// The server settings form's values, checks and the config patch they become.

import { bytesToMb, mbToBytes } from '../settings/format';
import type { ServerConfig } from './api';

export interface SettingsForm {
  siteName: string;
  siteUrl: string;
  openSignup: boolean;
  /** As typed, in megabytes. */
  maxFileMb: string;
}

export type SettingsErrors = Partial<Record<keyof SettingsForm, string>>;

export function formOf(config: ServerConfig): SettingsForm {
  return {
    siteName: config.TeamSettings.SiteName ?? '',
    siteUrl: config.ServiceSettings.SiteURL ?? '',
    openSignup: config.TeamSettings.EnableOpenServer ?? false,
    maxFileMb: String(bytesToMb(config.FileSettings.MaxFileSize ?? 0)),
  };
}

/** Mattermost's limit on the site name; the field stops there, so it needs no other check. */
export const SITE_NAME_MAX = 30;

/** The address people use to reach the server; empty means "work it out from each request". */
export function siteUrlProblem(value: string): string {
  const text = value.trim();
  if (!text) return '';
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return 'Enter a full address, such as https://chat.example.com';
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return 'The address must start with https:// or http://';
  if (url.search || url.hash) return 'The address cannot have a ? or # part.';
  return '';
}

/** Largest size offered: 1 TB, well past any real office's files, catches a typo of extra zeros. */
const MAX_MB = 1024 * 1024;

export function maxFileProblem(value: string): string {
  const text = value.trim();
  if (!/^\d+$/.test(text)) return 'Enter a whole number of megabytes.';
  const mb = Number(text);
  if (mb <= 0) return 'The limit must be at least 1 MB.';
  if (mb > MAX_MB) return 'The limit can be at most 1,048,576 MB (1 TB).';
  return '';
}

export function validate(form: SettingsForm): SettingsErrors {
  const errors: SettingsErrors = {};
  const site = siteUrlProblem(form.siteUrl);
  if (site) errors.siteUrl = site;
  const size = maxFileProblem(form.maxFileMb);
  if (size) errors.maxFileMb = size;
  return errors;
}

/** The config patch for a valid form: the site URL without a trailing slash, sizes in bytes. */
export function patchOf(form: SettingsForm): Partial<{ [K in keyof ServerConfig]: Partial<ServerConfig[K]> }> {
  return {
    ServiceSettings: { SiteURL: form.siteUrl.trim().replace(/\/+$/, '') },
    TeamSettings: { SiteName: form.siteName.trim(), EnableOpenServer: form.openSignup },
    FileSettings: { MaxFileSize: mbToBytes(Number(form.maxFileMb.trim())) },
  };
}
