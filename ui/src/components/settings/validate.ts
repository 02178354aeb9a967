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

/** Profile pictures the server can read, up to `maxBytes`. */
export function pictureProblem(file: Pick<File, 'type' | 'size'>, maxBytes: number): string {
  if (!/^image\/(png|jpeg|gif|webp|bmp)$/.test(file.type)) return 'Choose a PNG, JPEG, GIF, WebP or BMP picture.';
  if (file.size > maxBytes) return 'That picture is too large.';
  return '';
}
