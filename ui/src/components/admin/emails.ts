// Email addresses as people paste them into an invite box.

/** Addresses from what was typed: split on commas, semicolons, spaces and new lines, without
 * repeats. The server checks each address. */
export function parseEmails(text: string): string[] {
  return [...new Set(text.split(/[\s,;]+/).filter(Boolean))];
}
