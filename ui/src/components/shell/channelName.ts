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
