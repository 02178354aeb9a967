// Users: a paged list with search, showing each person's name, email, role and state, with
// actions per user, and buttons to create an account or invite people.

import { useSignal } from '@preact/signals';
import type { JSX } from 'preact';
import { useEffect } from 'preact/hooks';

import { urls } from '../../api/client';
import type { User } from '../../api/types';
import { displayName } from '../../state/entities';
import { messageOf } from '../auth/forms';
import { PAGE_SIZE, listUsers, searchUsers } from './api';
import { CreateUserDialog } from './CreateUserDialog';
import { InviteDialog } from './InviteDialog';
import { ROLE_LABELS, isActive, roleOf } from './roles';
import { UserActions } from './UserActions';
import './table.css';

const SEARCH_DELAY_MS = 250;

export function UsersSection() {
  const typed = useSignal('');
  const term = useSignal('');
  const page = useSignal(0);
  const list = useSignal<User[] | null>(null);
  const error = useSignal('');
  const dialog = useSignal<JSX.Element | null>(null);
  const close = () => (dialog.value = null);

  useEffect(() => {
    const timer = setTimeout(() => {
      term.value = typed.value.trim();
      page.value = 0;
    }, SEARCH_DELAY_MS);
    return () => clearTimeout(timer);
  }, [typed.value]);

  useEffect(() => {
    let stale = false;
    error.value = '';
    const request = term.value ? searchUsers(term.value) : listUsers(page.value);
    request
      .then((users) => !stale && (list.value = users))
      .catch((err) => !stale && (error.value = messageOf(err)));
    return () => void (stale = true);
  }, [term.value, page.value]);

  function replace(user: User) {
    list.value = (list.value ?? []).map((u) => (u.id === user.id ? user : u));
  }

  const users = list.value;
  const paged = !term.value;
  return (
    <section class="admin-section">
      <div class="admin-toolbar">
        <input class="input admin-search" type="search" aria-label="Search users" placeholder="Search by name, username or email" value={typed.value} onInput={(e) => (typed.value = e.currentTarget.value)} />
        <button class="btn" type="button" onClick={() => (dialog.value = <InviteDialog onClose={close} />)}>
          Invite people
        </button>
        <button
          class="btn btn-primary"
          type="button"
          onClick={() => (dialog.value = <CreateUserDialog onClose={close} onCreated={(u) => (list.value = [u, ...(list.value ?? [])])} />)}
        >
          Create user
        </button>
      </div>
      {error.value && <p class="error" role="alert">{error.value}</p>}
      {users === null && !error.value && <p class="muted">Loading…</p>}
      {users?.length === 0 && <p class="muted">{term.value ? `No one matches "${term.value}".` : 'No users.'}</p>}
      {users && users.length > 0 && (
        <table class="admin-table">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Email</th>
              <th scope="col">Role</th>
              <th scope="col">State</th>
              <th scope="col">
                <span class="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {users.map((u) => (
              <tr key={u.id} class={isActive(u) ? '' : 'inactive'}>
                <td class="admin-cell-name">
                  <div class="admin-who">
                    <img class="admin-avatar" src={urls.avatar(u.id, u.last_picture_update ?? 0)} alt="" width={32} height={32} loading="lazy" />
                    <span>
                      <strong>{displayName(u)}</strong>
                      <span class="muted">@{u.username}</span>
                    </span>
                  </div>
                </td>
                <td data-label="Email" class="admin-cell-wrap">{u.email}</td>
                <td data-label="Role">{ROLE_LABELS[roleOf(u)]}</td>
                <td data-label="State">
                  <span class={`state ${isActive(u) ? 'state-on' : 'state-off'}`}>{isActive(u) ? 'Active' : 'Deactivated'}</span>
                </td>
                <td class="admin-cell-actions">
                  <UserActions user={u} onChanged={replace} openDialog={(d) => (dialog.value = d)} close={close} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {paged && users && (page.value > 0 || users.length === PAGE_SIZE) && (
        <nav class="admin-pager" aria-label="Pages">
          <button class="btn" type="button" disabled={page.value === 0} onClick={() => page.value--}>
            Previous
          </button>
          <span>Page {page.value + 1}</span>
          <button class="btn" type="button" disabled={users.length < PAGE_SIZE} onClick={() => page.value++}>
            Next
          </button>
        </nav>
      )}
      {dialog.value}
    </section>
  );
}
