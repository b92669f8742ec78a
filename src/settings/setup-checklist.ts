/**
 * What is set up in a guild and what is missing, feature by feature, as plain data: the settings overview and the
 * message attune sends after joining a server render it (commands/render/settings-overview.ts). The facts come
 * from Discord (src/discord/setup-facts.ts: attune's permissions where each feature needs them) and from the
 * settings; this module only decides, so every rule is testable without Discord.
 */

export interface SetupFacts {
  /** The bot runs with the Message Content intent (MESSAGE_CONTENT_INTENT): texts, snippets. */
  messageContentIntent: boolean;
  channels: {
    /** Text, announcement and forum channels attune can see and read the history of. */
    readable: number;
    /** Channels attune can see but not read the history of (names): their history after downtime is lost. */
    noHistory: string[];
    /** Channels hidden from attune (no View Channel): not recorded, as an admin may intend. */
    hidden: number;
  };
  /** Null: no digest set up. */
  digest: { channelId: string; enabled: boolean; canPost: boolean } | null;
  /** Null: no announcement channel. */
  announcements: { channelId: string; canPost: boolean } | null;
  economyOn: boolean;
  contestsOn: boolean;
  /** Send Messages in Threads, server-wide. */
  sendInThreads: boolean;
  roleRewards: { count: number; manageRoles: boolean; rolesAbove: string[] };
  timeZone: string;
}

/** `ok`: works; `missing`: needed and not there; `warn`: works partly; `off`: turned off on purpose; `tip`: optional. */
export type ChecklistStatus = 'ok' | 'missing' | 'warn' | 'off' | 'tip';

export type ChecklistItem =
  | { key: 'recording'; status: 'ok' | 'warn'; readable: number; noHistory: string[]; hidden: number }
  | { key: 'digest'; status: 'ok' | 'missing' | 'warn' | 'off'; channelId: string | null }
  | { key: 'announcements'; status: 'ok' | 'missing' | 'warn' | 'off'; channelId: string | null }
  | { key: 'threads'; status: 'ok' | 'missing' | 'off' }
  | { key: 'roleRewards'; status: 'ok' | 'missing' | 'warn' | 'off'; rolesAbove: string[] }
  | { key: 'timeZone'; status: 'ok' | 'tip'; timeZone: string }
  | { key: 'messageContent'; status: 'ok' | 'tip' };

export type ChecklistKey = ChecklistItem['key'];

/** The checklist, in the order an admin would work through it. */
export function setupChecklist(facts: SetupFacts): ChecklistItem[] {
  const { channels, digest, announcements, roleRewards } = facts;
  const announcing = facts.economyOn || facts.contestsOn;
  return [
    {
      key: 'recording',
      status: channels.noHistory.length > 0 || channels.readable === 0 ? 'warn' : 'ok',
      readable: channels.readable,
      noHistory: channels.noHistory,
      hidden: channels.hidden,
    },
    {
      key: 'digest',
      status: digest === null ? 'missing' : !digest.enabled ? 'off' : digest.canPost ? 'ok' : 'warn',
      channelId: digest?.channelId ?? null,
    },
    {
      key: 'announcements',
      status: !announcing ? 'off' : announcements === null ? 'missing' : announcements.canPost ? 'ok' : 'warn',
      channelId: announcements?.channelId ?? null,
    },
    { key: 'threads', status: !facts.contestsOn ? 'off' : facts.sendInThreads ? 'ok' : 'missing' },
    {
      key: 'roleRewards',
      status:
        !facts.economyOn || roleRewards.count === 0
          ? 'off'
          : !roleRewards.manageRoles
            ? 'missing'
            : roleRewards.rolesAbove.length > 0
              ? 'warn'
              : 'ok',
      rolesAbove: roleRewards.rolesAbove,
    },
    { key: 'timeZone', status: facts.timeZone === 'UTC' ? 'tip' : 'ok', timeZone: facts.timeZone },
    { key: 'messageContent', status: facts.messageContentIntent ? 'ok' : 'tip' },
  ];
}

/** Items an admin has to act on (missing or partly working). */
export function needsAction(items: readonly ChecklistItem[]): ChecklistItem[] {
  return items.filter((item) => item.status === 'missing' || item.status === 'warn');
}
