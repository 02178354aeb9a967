// The scenarios in the order they run on the one server of a run: first-run setup must meet an
// empty server; the rest build on the people and posts of those before them, or make their own.

import admin from './admin.mjs';
import backups from './backups.mjs';
import chat from './chat.mjs';
import files from './files.mjs';
import guest from './guest.mjs';
import phone from './phone.mjs';
import reactions from './reactions.mjs';
import reconnect from './reconnect.mjs';
import search from './search.mjs';
import setup from './setup.mjs';
import thread from './thread.mjs';

export const scenarios = [setup, chat, thread, reactions, files, search, guest, reconnect, phone, admin, backups];
