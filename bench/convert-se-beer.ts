/**
 * Converts a Stack Exchange data dump (e.g. /work/shared/data/se-beer) into attune's JSONL import format
 * (src/ingest/import/JSONL.md), as a real community to replay through the evaluation protocol:
 *
 * - the site is one guild with one forum channel; every question is a thread (forum post) in it;
 * - a question is the thread's first message; an answer is a message in its question's thread replying to the
 *   question; a comment is a message in the thread replying to the question or answer it comments on, and its
 *   "@name" pings become mentions of the thread participant with that display name (Stack Exchange's rule:
 *   the name without spaces, case-insensitive, at least 3 characters of its start);
 * - reactions: a favourite (vote type 5, the only vote that names its voter) is a ⭐ from that user, and an
 *   accepted answer (vote type 1) is a ✅ from the question's author, who is the only one who can accept.
 *   Up/down votes do not say who voted, so they are not reactions. Votes carry a date without a time: a reaction
 *   is placed at that date's midnight UTC, or at the post's creation if that is later the same day;
 * - users are members (joined at their account creation); "Community" (id −1) is a bot;
 * - posts without an owner (deleted accounts), tag wikis and other post types are left out.
 *
 * Ids are small synthetic numbers (guild 1, forum 1000, thread 10⁹ + question id, users 10⁷ + id, posts
 * 3·10⁹ + id, comments 4·10⁹ + id) so the importer dates channels by their first message.
 *
 * Run alone: `npx tsx bench/convert-se-beer.ts <dump folder> <out.jsonl>`.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { decodeXmlEntities, readRows } from './stack-exchange-rows.js';

export const SE_GUILD_ID = '1';
const FORUM_ID = '1000';
const userId = (id: string) => String(10_000_000 + Number(id));
const threadId = (questionId: string) => String(1_000_000_000 + Number(questionId));
const postMessageId = (id: string) => String(3_000_000_000 + Number(id));
const commentMessageId = (id: string) => String(4_000_000_000 + Number(id));

/** Dump times have no zone: they are UTC. */
const utc = (time: string) => Date.parse(time.endsWith('Z') ? time : `${time}Z`);
const iso = (ms: number) => new Date(ms).toISOString();

export interface ConvertSummary {
  members: number;
  threads: number;
  messages: number;
  reactions: number;
  mentions: number;
}

interface Event {
  at: number;
  /** Messages before reactions at the same time, so a reaction never precedes its message. */
  order: number;
  line: string;
}

export function convertStackExchange(dumpDir: string, siteName: string): { lines: string[]; summary: ConvertSummary } {
  const users = readRows(join(dumpDir, 'Users.xml'));
  const posts = readRows(join(dumpDir, 'Posts.xml'));
  const comments = readRows(join(dumpDir, 'Comments.xml'));
  const votes = readRows(join(dumpDir, 'Votes.xml'));

  const userById = new Map(users.map((u) => [u.get('Id') as string, u]));
  /** post id → { question id, message id, author user id, created } for questions and answers kept. */
  const kept = new Map<string, { question: string; author: string; at: number }>();
  const questions = new Map<string, { author: string | undefined; title: string; at: number }>();
  for (const post of posts) {
    if (post.get('PostTypeId') === '1') {
      questions.set(post.get('Id') as string, { author: post.get('OwnerUserId'), title: post.get('Title') ?? '', at: utc(post.get('CreationDate') as string) });
    }
  }

  const events: Event[] = [];
  const active = new Set<string>();
  const threadsUsed = new Set<string>();
  const participants = new Map<string, Set<string>>();
  const message = (record: { id: string; question: string; author: string; at: number; replyTo: string | null; mentions: string[]; content: string }) => {
    active.add(record.author);
    threadsUsed.add(record.question);
    let seen = participants.get(record.question);
    if (!seen) participants.set(record.question, (seen = new Set()));
    seen.add(record.author);
    events.push({
      at: record.at,
      order: 0,
      line: JSON.stringify({
        type: 'message',
        guild: SE_GUILD_ID,
        channel: threadId(record.question),
        id: record.id,
        author: userId(record.author),
        at: iso(record.at),
        reply_to: record.replyTo,
        mentions: record.mentions.map(userId),
        content: record.content,
      }),
    });
  };

  for (const post of [...posts].sort((a, b) => utc(a.get('CreationDate') as string) - utc(b.get('CreationDate') as string))) {
    const id = post.get('Id') as string;
    const type = post.get('PostTypeId');
    const author = post.get('OwnerUserId');
    const at = utc(post.get('CreationDate') as string);
    if (author === undefined || (type !== '1' && type !== '2')) continue;
    const question = type === '1' ? id : post.get('ParentId');
    if (question === undefined || !questions.has(question)) continue;
    kept.set(id, { question, author, at });
    const body = stripHtml(post.get('Body') ?? '');
    message({
      id: postMessageId(id),
      question,
      author,
      at,
      replyTo: type === '1' ? null : postMessageId(question),
      mentions: [],
      content: type === '1' ? `${post.get('Title') ?? ''}\n\n${body}` : body,
    });
  }

  let mentionCount = 0;
  for (const comment of [...comments].sort((a, b) => utc(a.get('CreationDate') as string) - utc(b.get('CreationDate') as string))) {
    const author = comment.get('UserId');
    const target = kept.get(comment.get('PostId') as string);
    if (author === undefined || !target) continue;
    const text = comment.get('Text') ?? '';
    const mentions = pingedUsers(text, participants.get(target.question) ?? new Set(), userById).filter((u) => u !== author);
    mentionCount += mentions.length;
    message({
      id: commentMessageId(comment.get('Id') as string),
      question: target.question,
      author,
      at: utc(comment.get('CreationDate') as string),
      replyTo: postMessageId(comment.get('PostId') as string),
      mentions,
      content: text,
    });
  }

  let reactionCount = 0;
  for (const vote of votes) {
    const type = vote.get('VoteTypeId');
    const post = kept.get(vote.get('PostId') as string);
    if (!post) continue;
    let voter: string | undefined;
    let emoji: string;
    if (type === '5') [voter, emoji] = [vote.get('UserId'), '⭐'];
    else if (type === '1') [voter, emoji] = [questions.get(post.question)?.author, '✅'];
    else continue;
    if (voter === undefined || voter === post.author) continue;
    const at = Math.max(utc(vote.get('CreationDate') as string), post.at);
    active.add(voter);
    reactionCount++;
    events.push({
      at,
      order: 1,
      line: JSON.stringify({
        type: 'reaction',
        guild: SE_GUILD_ID,
        channel: threadId(post.question),
        message: postMessageId(vote.get('PostId') as string),
        user: userId(voter),
        emoji,
        at: iso(at),
      }),
    });
  }

  const lines = [JSON.stringify({ type: 'guild', id: SE_GUILD_ID, name: siteName })];
  for (const id of [...active].sort((a, b) => Number(a) - Number(b))) {
    const user = userById.get(id);
    const created = user?.get('CreationDate');
    lines.push(
      JSON.stringify({
        type: 'member',
        guild: SE_GUILD_ID,
        id: userId(id),
        name: user?.get('DisplayName') || `user${id}`,
        joined_at: created ? iso(utc(created)) : null,
        bot: Number(id) < 0,
      }),
    );
  }
  lines.push(JSON.stringify({ type: 'channel', guild: SE_GUILD_ID, id: FORUM_ID, name: 'questions', kind: 'forum', parent: null }));
  const threadIds = [...threadsUsed].sort((a, b) => Number(a) - Number(b));
  for (const question of threadIds) {
    const name = (questions.get(question)?.title || `question ${question}`).slice(0, 100);
    lines.push(JSON.stringify({ type: 'channel', guild: SE_GUILD_ID, id: threadId(question), name, kind: 'thread', parent: FORUM_ID }));
  }
  events.sort((a, b) => a.at - b.at || a.order - b.order);
  for (const event of events) lines.push(event.line);
  return {
    lines,
    summary: {
      members: active.size,
      threads: threadIds.length,
      messages: events.filter((e) => e.order === 0).length,
      reactions: reactionCount,
      mentions: mentionCount,
    },
  };
}

/** Users a comment pings with "@name": thread participants whose space-less display name starts with it. */
function pingedUsers(text: string, participants: Set<string>, users: Map<string, Map<string, string>>): string[] {
  const found = new Set<string>();
  for (const [, name] of text.matchAll(/@([\p{L}\p{N}_.-]{3,})/gu)) {
    const ping = (name as string).toLowerCase();
    for (const id of participants) {
      const display = users.get(id)?.get('DisplayName')?.replace(/\s+/g, '').toLowerCase();
      if (display?.startsWith(ping)) {
        found.add(id);
        break;
      }
    }
  }
  return [...found];
}

/** Post bodies are HTML: keep the text (its entities decoded), drop the tags. */
function stripHtml(html: string): string {
  return decodeXmlEntities(html.replace(/<[^>]+>/g, '')).replace(/\n{3,}/g, '\n\n').trim();
}

export function writeStackExchangeJsonl(dumpDir: string, outPath: string, siteName = 'Stack Exchange site'): ConvertSummary {
  const { lines, summary } = convertStackExchange(dumpDir, siteName);
  writeFileSync(outPath, `${lines.join('\n')}\n`);
  return summary;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const [dumpDir, outPath] = process.argv.slice(2);
  if (!dumpDir || !outPath) {
    console.error('usage: tsx bench/convert-se-beer.ts <dump folder> <out.jsonl>');
    process.exitCode = 2;
  } else {
    console.log(writeStackExchangeJsonl(dumpDir, outPath, 'beer.stackexchange.com'));
  }
}
