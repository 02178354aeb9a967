// The wizard's pages in order, and which page owns each answer field: Next checks only the
// fields of the page it leaves, and an error the Rust side reports is shown on the page where
// its field can be fixed. Fields no page asks about (the system account, PostgreSQL's role)
// show their errors on the review page.

export const PAGES = ['welcome', 'check', 'storage', 'database', 'address', 'admin', 'backup', 'review', 'apply', 'done'] as const;
export type PageName = (typeof PAGES)[number];

/** The pages' names as the step list shows them. */
export const PAGE_TITLES: Record<PageName, string> = {
  welcome: 'Welcome',
  check: 'Machine check',
  storage: 'Storage',
  database: 'Database',
  address: 'Address',
  admin: 'Admin and team',
  backup: 'Backups',
  review: 'Review',
  apply: 'Install',
  done: 'Done',
};

interface FieldInfo {
  page: PageName;
  /** The field's name in a sentence: "The email address is not an email address." */
  label: string;
}

const FIELDS: Record<string, FieldInfo> = {
  data_dir: { page: 'storage', label: 'The data folder' },
  database: { page: 'database', label: 'The database' },
  'postgres.install': { page: 'database', label: 'Installing PostgreSQL' },
  'address.mode': { page: 'address', label: 'The address' },
  'address.domain': { page: 'address', label: 'The domain' },
  'address.port': { page: 'address', label: 'The port' },
  'address.redirect_port': { page: 'address', label: 'The redirect port' },
  'admin.username': { page: 'admin', label: 'The username' },
  'admin.email': { page: 'admin', label: 'The email address' },
  'admin.password': { page: 'admin', label: 'The password' },
  'admin.password_confirm': { page: 'admin', label: 'The password' },
  'team.display_name': { page: 'admin', label: "The team's name" },
  'team.name': { page: 'admin', label: "The team's URL name" },
  'backup.target': { page: 'backup', label: 'The backup target' },
  'backup.time': { page: 'backup', label: 'The backup time' },
  system_user: { page: 'review', label: 'The system account' },
  'postgres.role': { page: 'review', label: "PostgreSQL's role name" },
  'postgres.database': { page: 'review', label: "PostgreSQL's database name" },
};

/** The page where `field` can be fixed; review for a field no page asks about. */
export function pageOfField(field: string): PageName {
  return FIELDS[field]?.page ?? 'review';
}

/** The pages an admin moves between with Back and Next (install and done are reached by
 * installing). */
export function neighbour(page: PageName, step: 1 | -1): PageName | null {
  const next = PAGES[PAGES.indexOf(page) + step];
  return next && next !== 'apply' && next !== 'done' ? next : null;
}

/** Words that start the Rust side's messages when they read on from the field's name ("must be
 * an absolute path"); other messages are whole sentences of their own. */
const CONTINUES_NAME = /^(must|is|are|needs|cannot|can't|does|has|should)\b/;

/** An answer error as a sentence to show under its field. */
export function errorText(field: string, message: string): string {
  const text = message.trim().replace(/[.\s]*$/, '.');
  if (CONTINUES_NAME.test(text)) return `${FIELDS[field]?.label ?? `The ${field}`} ${text}`;
  return text.charAt(0).toUpperCase() + text.slice(1);
}
