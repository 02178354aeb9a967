"""Drives a Hearth server with mattermostdriver, the common Python bot library: REST calls a
bot makes and its websocket receiving a `posted` event.

Usage: python3 bot.py URL ADMIN ADMIN_PASSWORD USER USER_PASSWORD
Both accounts must exist; ADMIN must be a system admin. Exits non-zero on any mismatch.
"""

import asyncio
import json
import sys
import threading
from urllib.parse import urlparse

from mattermostdriver import Driver

STEP = ["start"]


def step(name):
    STEP[0] = name
    print(f"- {name}", flush=True)


def eq(actual, expected, what):
    if actual != expected:
        raise AssertionError(f"{what}: expected {expected!r}, got {actual!r}")


def ok(value, what):
    if not value:
        raise AssertionError(what)


def driver(url, login_id, password):
    u = urlparse(url)
    d = Driver({
        "url": u.hostname,
        "port": u.port,
        "scheme": u.scheme,
        "login_id": login_id,
        "password": password,
        "timeout": 10,
        "request_timeout": 10,
    })
    d.login()
    return d


def main(url, admin_name, admin_password, user_name, user_password):
    step("login (admin)")
    admin = driver(url, admin_name, admin_password)
    eq(admin.client.username, admin_name, "admin username")
    ok(admin.client.token, "the driver took the Token header")

    step("create_team, add_user_to_team")
    team = admin.teams.create_team({"name": "bots", "display_name": "Bots", "type": "O"})
    eq(team["name"], "bots", "team name")
    user_id = admin.users.get_user_by_username(user_name)["id"]
    member = admin.teams.add_user_to_team(team["id"], {"team_id": team["id"], "user_id": user_id})
    eq(member["user_id"], user_id, "team member")

    step("login (bot)")
    bot = driver(url, user_name, user_password)
    eq(bot.client.userid, user_id, "bot user id")
    eq(bot.users.get_user("me")["username"], user_name, "users/me")

    step("teams")
    eq([t["id"] for t in bot.teams.get_user_teams("me")], [team["id"]], "bot's teams")
    eq(bot.teams.get_team_by_name("bots")["id"], team["id"], "team by name")

    step("channels")
    channels = bot.channels.get_channels_for_user("me", team["id"])
    eq(sorted(c["name"] for c in channels), ["off-topic", "town-square"], "bot's channels")
    town = bot.channels.get_channel_by_name(team["id"], "town-square")
    eq(town["type"], "O", "town-square type")
    eq(bot.channels.get_channel(town["id"])["name"], "town-square", "channel by id")

    step("create_post")
    post = bot.posts.create_post({"channel_id": town["id"], "message": "beep from the bot"})
    eq(len(post["id"]), 26, "post id length")
    eq((post["message"], post["user_id"]), ("beep from the bot", user_id), "post")
    reply = bot.posts.create_post({"channel_id": town["id"], "message": "boop", "root_id": post["id"]})
    eq(reply["root_id"], post["id"], "reply root_id")

    step("get_posts_for_channel")
    page = bot.posts.get_posts_for_channel(town["id"], params={"per_page": 10})
    eq(page["order"][:2], [reply["id"], post["id"]], "newest first")
    eq(page["posts"][post["id"]]["message"], "beep from the bot", "post in list")

    step("get_thread")
    thread = bot.posts.get_thread(post["id"])
    eq(sorted(thread["order"]), sorted([post["id"], reply["id"]]), "thread")

    step("patch_post")
    eq(bot.posts.patch_post(post["id"], {"message": "beep, edited"})["message"], "beep, edited", "patched")

    step("reactions")
    reaction = admin.reactions.create_reaction({"user_id": admin.client.userid, "post_id": post["id"], "emoji_name": "robot"})
    eq(reaction["emoji_name"], "robot", "reaction")
    eq([r["emoji_name"] for r in bot.reactions.get_reactions_of_post(post["id"])], ["robot"], "post reactions")
    eq(admin.reactions.delete_reaction(admin.client.userid, post["id"], "robot")["status"], "OK", "reaction removed")

    step("pin and statuses")
    eq(bot.posts.pin_post_to_channel(post["id"])["status"], "OK", "pin")
    eq([p for p in bot.channels.get_channel_pinned_posts(town["id"])["order"]], [post["id"]], "pinned posts")
    eq(bot.status.get_user_status(user_id)["user_id"], user_id, "status")

    step("posts since, by ids; users")
    since = bot.posts.get_posts_for_channel(town["id"], params={"since": post["create_at"]})
    ok(reply["id"] in since["order"], f"posts since the first post include the reply: {since['order']}")
    users = bot.users.get_users_by_ids([user_id, admin.client.userid])
    eq(sorted(u["id"] for u in users), sorted([user_id, admin.client.userid]), "users by ids")
    found = bot.users.search_users({"term": admin_name, "team_id": team["id"]})
    ok(any(u["id"] == admin.client.userid for u in found), "search_users finds the admin")
    members = bot.channels.get_channel_members(town["id"])
    eq(sorted(m["user_id"] for m in members), sorted([user_id, admin.client.userid]), "channel members")
    viewed = bot.channels.view_channel(user_id, {"channel_id": town["id"]})
    eq(viewed["status"], "OK", "view_channel")
    status = bot.status.update_user_status(user_id, {"user_id": user_id, "status": "away"})
    eq(status["status"], "away", "update_user_status")

    step("direct message channel")
    dm = bot.channels.create_direct_message_channel([user_id, admin.client.userid])
    eq(dm["type"], "D", "direct channel type")

    step("websocket: hello, then posted")
    websocket_posted(bot, admin, dm["id"])
    print("mattermostdriver: all checks passed")


def websocket_posted(bot, admin, channel_id):
    """Runs the bot's websocket until it sees the admin's direct message arrive as `posted`."""
    seen = {"events": []}

    async def handler(raw):
        msg = json.loads(raw)
        event = msg.get("event")
        if event is None:
            return
        seen["events"].append(event)
        if event == "hello":
            eq(msg["seq"], 0, "hello seq")
            # The post is made once the socket is listening, from another client.
            poster = threading.Thread(target=lambda: seen.update(sent=admin.posts.create_post(
                {"channel_id": channel_id, "message": "ping @" + bot.client.username})))
            seen["poster"] = poster
            poster.start()
        elif event == "posted":
            post = json.loads(msg["data"]["post"])
            if post["channel_id"] == channel_id:
                eq(post["message"], "ping @" + bot.client.username, "posted data.post message")
                eq(msg["data"]["channel_type"], "D", "posted data.channel_type")
                eq(json.loads(msg["data"]["mentions"]), [bot.client.userid], "posted data.mentions")
                seen["posted"] = post
                bot.disconnect()

    async def run():
        await asyncio.wait_for(bot.websocket.connect(handler), timeout=15)

    from mattermostdriver.websocket import Websocket
    # Driver.init_websocket does exactly this, without a time limit.
    bot.websocket = Websocket(bot.options, bot.client.token)
    try:
        asyncio.run(run())
    except asyncio.TimeoutError:
        raise AssertionError(f"no posted event within 15 s (events: {seen['events']})") from None
    ok("posted" in seen, f"posted event received (events: {seen['events']})")
    # The event can arrive before the poster has read its own REST response.
    seen["poster"].join(timeout=15)
    eq(seen["posted"]["id"], seen["sent"]["id"], "posted id matches the created post")


if __name__ == "__main__":
    if len(sys.argv) != 6:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    try:
        main(*sys.argv[1:])
    except Exception as err:  # noqa: BLE001 - any failure fails the check, with its step
        print(f"FAIL (mattermostdriver, step \"{STEP[0]}\"): {type(err).__name__}: {err}", file=sys.stderr)
        sys.exit(1)
