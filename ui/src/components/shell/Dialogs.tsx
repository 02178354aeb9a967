// Renders the open dialog, if any. Dialogs about "this channel" act on the open channel.

import { currentChannel } from '../../state/entities';
import { dialog } from '../../state/view';
import { ProfileDialog } from '../settings/ProfileDialog';
import { BrowseChannelsDialog } from './BrowseChannelsDialog';
import { EditChannelDialog, LeaveChannelDialog } from './EditChannelDialog';
import { InviteDialog } from './InviteDialog';
import { MembersDialog } from './MembersDialog';
import { NewChannelDialog } from './NewChannelDialog';
import { NewMessageDialog } from './NewMessageDialog';
import { PinnedDialog } from './PinnedDialog';
import { SwitcherDialog } from './SwitcherDialog';
import './dialogs.css';

export function Dialogs() {
  const d = dialog.value;
  const channel = currentChannel.value;
  switch (d?.kind) {
    case 'browse-channels':
      return <BrowseChannelsDialog />;
    case 'new-channel':
      return <NewChannelDialog />;
    case 'new-message':
      return <NewMessageDialog />;
    case 'switcher':
      return <SwitcherDialog />;
    case 'invite':
      return <InviteDialog />;
    case 'members':
      return channel ? <MembersDialog key={channel.id} channel={channel} /> : null;
    case 'pinned':
      return channel ? <PinnedDialog key={channel.id} channel={channel} /> : null;
    case 'edit-channel':
      return channel ? <EditChannelDialog key={channel.id} channel={channel} /> : null;
    case 'leave-channel':
      return channel ? <LeaveChannelDialog key={channel.id} channel={channel} /> : null;
    case 'profile':
      return <ProfileDialog tab={d.tab} onClose={() => (dialog.value = null)} />;
    default:
      return null;
  }
}
