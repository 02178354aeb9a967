// Small helpers the account forms share.

/** A team URL name from its display name: lower case, letters, digits and dashes. */
export function slugify(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 64);
}

export function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
