// Reactions, edits and deletes seen live by the other person: Bob reacts through the post's
// actions; the admin edits one post from its menu and another with the Up arrow in the empty
// composer, both marked "(edited)"; then deletes a post.

import { assert, gone, see } from '../lib/expect.mjs';
import { composer, inChannel, messageList, post, postAction, postMenu, send } from '../lib/ui.mjs';

export default {
  name: 'reactions',
  title: 'a reaction, an edit (menu and Up arrow) marked "(edited)", a delete, all live',
  async run({ world, scene, step }) {
    const bob = await world.ensureUser('bob');
    const adminPage = await scene.pageAs(world.admin, world.channelPath('town-square'));
    const bobPage = await scene.pageAs(bob, world.channelPath('town-square'));
    const adminBox = await inChannel(adminPage, 'Town Square');
    await inChannel(bobPage, 'Town Square');
    const adminList = messageList(adminPage);
    const bobList = messageList(bobPage);

    step('Bob reacts to the admin\'s post with a heart');
    await send(adminPage, adminBox, 'The new office opens on Monday');
    const bobsCopy = await see(post(bobList, 'The new office opens on Monday'), "the admin's post in Bob's channel");
    await postAction(bobsCopy, 'Add reaction');
    const picker = bobPage.getByRole('dialog', { name: 'Add a reaction' });
    await see(picker, 'the emoji picker');
    await picker.getByRole('combobox', { name: 'Search emoji' }).fill('heart');
    await picker.getByRole('option', { name: 'heart', exact: true }).click();
    await see(bobsCopy.getByRole('button', { name: /^You reacted with :heart:/ }), "Bob's own heart under the post");

    step('the admin sees the heart live');
    const adminsCopy = post(adminList, 'The new office opens on Monday');
    const heart = await see(adminsCopy.getByRole('button', { name: /^bob reacted with :heart:/i }), "Bob's heart on the admin's copy of the post");
    const count = (await heart.textContent()) ?? '';
    assert(count.includes('❤') && count.includes('1'), `the reaction should show ❤ and 1, it shows "${count}"`);
    await scene.shot(adminPage, 'reaction');

    step('the admin edits the post from its menu');
    await postMenu(adminPage, adminsCopy, 'Edit');
    // While editing, the post's text lives in the editor: the editor is found by its name alone.
    const editor = adminList.getByRole('textbox', { name: 'Edit message' });
    await see(editor, 'the inline editor');
    assert((await editor.inputValue()) === 'The new office opens on Monday', `the editor should hold the post's text, it holds "${await editor.inputValue()}"`);
    await editor.fill('The new office opens on Tuesday');
    await editor.press('Enter');
    await see(post(adminList, 'The new office opens on Tuesday').getByText('(edited)'), '"(edited)" on the admin\'s own post');

    step('Bob sees the edit live, marked "(edited)"');
    const edited = await see(post(bobList, 'The new office opens on Tuesday'), "the edited text in Bob's channel");
    await see(edited.getByText('(edited)'), '"(edited)" on Bob\'s copy');
    await see(edited.getByRole('button', { name: /^You reacted with :heart:/ }), 'the reaction kept through the edit');

    step('the Up arrow in the empty composer edits the admin\'s last post');
    await send(adminPage, adminBox, 'Meeting at 3pn');
    await adminBox.focus();
    await adminBox.press('ArrowUp');
    await see(editor, 'the inline editor after pressing Up');
    const upEditor = editor;
    assert((await upEditor.inputValue()) === 'Meeting at 3pn', `Up should edit the last post, the editor holds "${await upEditor.inputValue()}"`);
    await upEditor.fill('Meeting at 3pm');
    await upEditor.press('Enter');
    await see(post(bobList, 'Meeting at 3pm').getByText('(edited)'), 'the Up-arrow edit in Bob\'s channel, marked "(edited)"');

    step('the admin deletes a post and it goes for Bob too');
    await send(adminPage, adminBox, 'Oops, wrong channel');
    await see(post(bobList, 'Oops, wrong channel'), "the post to delete in Bob's channel");
    await postMenu(adminPage, post(adminList, 'Oops, wrong channel'), 'Delete');
    const confirm = adminPage.getByRole('dialog', { name: 'Delete message' });
    await see(confirm, 'the delete confirmation');
    await confirm.getByRole('button', { name: 'Delete' }).click();
    await gone(post(adminList, 'Oops, wrong channel'), "the deleted post in the admin's channel");
    await gone(post(bobList, 'Oops, wrong channel'), "the deleted post in Bob's channel");
    await see(post(bobList, 'Meeting at 3pm'), 'the other posts still there');
  },
};
