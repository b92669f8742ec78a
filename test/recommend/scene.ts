/**
 * A small guild in the fake Discord for recommendation and digest tests: a public channel, a channel hidden from
 * everyone but the bot and `insider`, an NSFW channel, posts by several authors in the last days, and the bot
 * recording it all. Post ids are returned by name so tests assert on exactly which posts appear.
 */
import { PermissionFlagsBits } from 'discord-api-types/v10';
import type { FakeDiscord } from '../../src/sim/index.js';

export const HOUR = 3_600_000;
const READ = PermissionFlagsBits.ViewChannel | PermissionFlagsBits.ReadMessageHistory;

export interface Scene {
  guildId: string;
  general: string;
  secret: string;
  nsfw: string;
  members: Record<'alice' | 'bob' | 'carol' | 'dave' | 'insider', string>;
  posts: Record<string, string>;
}

export function buildScene(fake: FakeDiscord, now: number): Scene {
  const guild = fake.createGuild({ name: 'Recommend Guild' });
  const guildId = guild.id;
  const general = fake.createChannel(guildId, { name: 'general', type: 0 }).id;
  const add = (username: string) => fake.addMember(guildId, { username }).user.id;
  const members = { alice: add('alice'), bob: add('bob'), carol: add('carol'), dave: add('dave'), insider: add('insider') };
  const secret = fake.createChannel(guildId, {
    name: 'secret',
    type: 0,
    permissionOverwrites: [
      { id: guildId, type: 'role', deny: PermissionFlagsBits.ViewChannel },
      { id: fake.botUserId, type: 'member', allow: READ },
      { id: members.insider, type: 'member', allow: READ },
    ],
  }).id;
  const nsfw = fake.createChannel(guildId, { name: 'after-dark', type: 0, nsfw: true }).id;

  const posts: Record<string, string> = {};
  const post = (name: string, channelId: string, authorId: string, hoursAgo: number, replyTo?: string) => {
    posts[name] = fake.postMessage({ channelId, authorId, content: name, at: now - hoursAgo * HOUR, ...(replyTo ? { replyTo } : {}) }).id;
  };
  post('bobArt', general, members.bob, 30);
  post('carolNews', general, members.carol, 20);
  post('bobLater', general, members.bob, 10);
  post('aliceOwn', general, members.alice, 9);
  post('carolLiked', general, members.carol, 8);
  post('daveOptedOut', general, members.dave, 7);
  post('carolDeleted', general, members.carol, 6);
  post('secretPlan', secret, members.insider, 5);
  post('nsfwPost', nsfw, members.bob, 4);
  // Engagement: alice already reacted to carolLiked; bob and carol react to each other (popularity, relations).
  fake.addReaction(general, posts.carolLiked as string, members.alice, '👍');
  fake.addReaction(general, posts.bobArt as string, members.carol, '🎨');
  fake.addReaction(general, posts.carolNews as string, members.bob, '👍');
  fake.addReaction(secret, posts.secretPlan as string, members.bob, '👀');
  fake.deleteMessage(general, posts.carolDeleted as string);
  // alice replies to bob twice: bob becomes someone she "often replies to".
  post('aliceReply1', general, members.alice, 29, posts.bobArt);
  post('aliceReply2', general, members.alice, 28, posts.bobArt);
  return { guildId, general, secret, nsfw, members, posts };
}

/** Post ids linked from an interaction response's embeds (jump links end with the message id). */
export function linkedPostIds(body: unknown): string[] {
  const text = JSON.stringify(body);
  return [...text.matchAll(/discord\.com\/channels\/\d+\/\d+\/(\d+)/g)].map((m) => m[1] as string);
}
