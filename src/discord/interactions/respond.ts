import {
  MessageFlags,
  type ButtonInteraction,
  type ChatInputCommandInteraction,
  type InteractionEditReplyOptions,
  type MessageContextMenuCommandInteraction,
} from 'discord.js';

export type RepliableInteraction = ChatInputCommandInteraction | MessageContextMenuCommandInteraction | ButtonInteraction;

/** What a handler renders: text and/or embeds and components, as discord.js takes them for a reply or an edit. */
export type Reply = Pick<InteractionEditReplyOptions, 'content' | 'embeds' | 'components' | 'files' | 'allowedMentions'>;

/**
 * Answers ephemerally whatever state the interaction is in (fresh, deferred, already answered), so an error path
 * never fails with "interaction already acknowledged".
 */
export async function respondEphemeral(interaction: RepliableInteraction, reply: Reply): Promise<void> {
  const safe: Reply = { allowedMentions: { parse: [] }, ...reply };
  if (interaction.deferred && !interaction.replied) {
    await interaction.editReply(safe);
  } else if (interaction.replied) {
    await interaction.followUp({ ...safe, flags: MessageFlags.Ephemeral } as Parameters<typeof interaction.followUp>[0]);
  } else {
    await interaction.reply({ ...safe, flags: MessageFlags.Ephemeral } as Parameters<typeof interaction.reply>[0]);
  }
}

export interface DeadlineOptions {
  ephemeral: boolean;
  /** Defer when the answer is not ready after this long (Discord drops an interaction unanswered after 3 s). */
  deferAfterMs?: number;
}

/**
 * Runs `produce` and answers with its result inside Discord's 3-second deadline: immediately when it is quick,
 * otherwise by deferring first and editing the deferred reply. `produce` must yield to the event loop (await I/O or
 * a worker) for the deferral timer to fire; CPU-bound work should be moved off the loop or deferred up front.
 */
export async function replyWithinDeadline(
  interaction: ChatInputCommandInteraction | MessageContextMenuCommandInteraction | ButtonInteraction,
  produce: () => Promise<Reply>,
  options: DeadlineOptions,
): Promise<void> {
  const flags = options.ephemeral ? MessageFlags.Ephemeral : undefined;
  let deferral: Promise<unknown> | undefined;
  const timer = setTimeout(() => {
    deferral = interaction.deferReply(flags === undefined ? {} : { flags });
  }, options.deferAfterMs ?? 1500);
  let reply: Reply;
  try {
    reply = await produce();
  } finally {
    clearTimeout(timer);
    if (deferral) await deferral;
  }
  const safe: Reply = { allowedMentions: { parse: [] }, ...reply };
  if (deferral) await interaction.editReply(safe);
  else await interaction.reply({ ...safe, ...(flags === undefined ? {} : { flags }) } as Parameters<typeof interaction.reply>[0]);
}
