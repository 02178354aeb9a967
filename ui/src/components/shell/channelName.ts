// A new channel's URL name (made from its display name with `slugify`, the rule team names use)
// is checked against the server's rule before it is sent: 2 to 64 lower case letters, digits,
// "-" or "_", starting and ending with a letter or digit.

export const CHANNEL_NAME_MAX = 64;

/** Why a URL name would be refused, or '' when it is fine. */
export function channelNameProblem(name: string): string {
  if (name.length < 2) return 'The URL needs at least 2 characters: letters, digits, "-" or "_".';
  if (name.length > CHANNEL_NAME_MAX) return `The URL can have at most ${CHANNEL_NAME_MAX} characters.`;
  if (!/^[a-z0-9_-]+$/.test(name)) return 'The URL can have only lower case letters, digits, "-" and "_".';
  if (/^[-_]|[-_]$/.test(name)) return 'The URL must start and end with a letter or digit.';
  return '';
}

export type ChannelField = 'display_name' | 'name' | 'purpose' | 'header';

/** The form field a server error is about, from its id: "model.channel.is_valid.purpose.app_error"
 * is the purpose's, "store.sql_channel.save_channel.exists.app_error" the URL's. */
export function fieldOfError(errorId: string): ChannelField | undefined {
  const parts = errorId.split('.');
  if (parts.includes('display_name')) return 'display_name';
  if (parts.includes('purpose')) return 'purpose';
  if (parts.includes('header')) return 'header';
  if (parts.some((p) => p === 'name' || p === 'exists' || p === '2_or_more')) return 'name';
  return undefined;
}
