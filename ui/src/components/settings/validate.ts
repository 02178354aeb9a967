// Checks forms make before calling the server, so people see what to fix next to the field.
// The server checks again; these only spare a round trip and give clearer words.

/** Why a new password cannot be used, or '' when it can. */
export function passwordProblem(next: string, confirm: string, minLength: number): string {
  if (next.length < minLength) return `Use at least ${minLength} characters.`;
  if (next.length > 72) return 'Use at most 72 characters.';
  if (next !== confirm) return 'The two new passwords are not the same.';
  return '';
}

/** An authenticator app's code: six digits, spaces allowed as people type them ("123 456"). */
export function normaliseCode(input: string): string {
  return input.replace(/\s+/g, '');
}

export function isCode(input: string): boolean {
  return /^\d{6}$/.test(normaliseCode(input));
}

/** The server's limit on a profile picture's upload (it stores a 256 px square). */
export const MAX_PICTURE_BYTES = 10 * 1024 * 1024;

/** Profile pictures the server accepts: PNG, JPEG, GIF or WebP up to 10 MB. */
export function pictureProblem(file: Pick<File, 'type' | 'size'>): string {
  if (!/^image\/(png|jpeg|gif|webp)$/.test(file.type)) return 'Choose a PNG, JPEG, GIF or WebP picture.';
  if (file.size > MAX_PICTURE_BYTES) return 'That picture is too large: the limit is 10 MB.';
  return '';
}
