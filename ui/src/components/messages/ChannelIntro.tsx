// What sits above a channel's first post: whose conversation or which channel this is, and in a
// channel the first things to do there: bring people in and say what it is for.

import type { Channel } from '../../api/types';
import { channelTitle } from '../../state/entities';
import { DEFAULT_CHANNEL } from '../../state/navigation';
import { me } from '../../state/session';
import { dialog } from '../../state/view';
import { canAddMembers, canEditChannel } from '../shell/channelActions';

/** Everyone is in the default channel already, so there it invites people to the team. */
function IntroActions({ channel }: { channel: Channel }) {
  const invite = channel.name === DEFAULT_CHANNEL;
  const add = !invite && canAddMembers(channel);
  const edit = canEditChannel(channel);
  if (!invite && !add && !edit) return null;
  return (
    <div class="channel-intro-actions">
      {invite && (
        <button type="button" class="btn" onClick={() => (dialog.value = { kind: 'invite' })}>
          Invite people to the team
        </button>
      )}
      {add && (
        <button type="button" class="btn" onClick={() => (dialog.value = { kind: 'members' })}>
          Add people
        </button>
      )}
      {edit && (
        <button type="button" class="btn" onClick={() => (dialog.value = { kind: 'edit-channel' })}>
          {channel.purpose || channel.header ? 'Edit purpose and header' : 'Set a purpose'}
        </button>
      )}
    </div>
  );
}

export function ChannelIntro({ channel }: { channel: Channel }) {
  const title = channelTitle(channel, me.value?.id ?? '');
  const personal = channel.type === 'D' || channel.type === 'G';
  return (
    <div class="channel-intro">
      <h2>{personal ? title : `Welcome to ~${title}`}</h2>
      <p class="muted">
        {personal ? `This is the start of your conversation with ${title}.` : `This is the start of ~${title}.`}
        {channel.purpose && ` ${channel.purpose}`}
      </p>
      {!personal && <IntroActions channel={channel} />}
    </div>
  );
}
