/**
 * The settings overview (`/settings show`) and the message attune sends after joining a server, as pure functions
 * of the gathered overview (src/discord/settings-overview.ts): every setting with the command that changes it, the
 * setup checklist, toggle buttons for the switches, and a link that grants missing server permissions.
 */
import { ActionRowBuilder, ButtonBuilder, ButtonStyle, EmbedBuilder } from 'discord.js';
import type { OutgoingMessage } from '../../src/discord/delivery/transport.js';
import { customId } from '../../src/discord/interactions/custom-id.js';
import type { Reply } from '../../src/discord/interactions/respond.js';
import type { SettingsOverview } from '../../src/discord/settings-overview.js';
import type { AppLocale } from '../../src/i18n/locale.js';
import { settingsText } from '../../src/i18n/settings.js';
import { economyEnabled } from '../../src/settings/guild-settings.js';
import type { ChecklistItem } from '../../src/settings/setup-checklist.js';

export const SETTINGS_TOGGLE_PREFIX = 'stg';
export const SETTINGS_TOGGLES = ['economy', 'contests', 'snippets'] as const;
export type SettingsToggle = (typeof SETTINGS_TOGGLES)[number];

/** Discord's blurple: attune's own messages read as one voice. */
const COLOUR = 0x5865f2;
/** Channel names listed in one checklist line at most. */
const LISTED_CHANNELS = 5;

type Text = ReturnType<typeof settingsText>;

export function languageName(language: AppLocale, t: Text): string {
  return language === 'zh-CN' ? t.languageZh : t.languageEn;
}

export function renderSettingsOverview(view: SettingsOverview, locale: AppLocale): Reply {
  const t = settingsText(locale);
  const { settings } = view;
  const state = (on: boolean) => (on ? t.on : t.off);
  const economyOn = economyEnabled(settings);
  const embed = new EmbedBuilder()
    .setColor(COLOUR)
    .setTitle(t.overviewTitle)
    .setDescription(t.overviewIntro)
    .addFields(
      { name: t.fieldTimeZone, value: t.timeZoneValue({ timeZone: settings.timeZone, offset: view.zoneOffset }) },
      {
        name: t.fieldDigest,
        value:
          view.digest === null
            ? t.digestNotSetUpValue
            : view.digest.enabled
              ? t.digestValue({ channel: view.digest.channelId, hour: view.digest.hour, size: view.digest.size })
              : t.digestOffValue,
      },
      {
        name: t.fieldAnnouncements,
        value: view.announceChannelId === null ? t.announcementsNoneValue : t.announcementsValue({ channel: view.announceChannelId }),
      },
      {
        name: t.fieldLanguage,
        value:
          settings.language === 'auto'
            ? t.languageAutoValue({ language: languageName(view.serverLanguage, t) })
            : t.languageFixedValue({ language: languageName(view.postLanguage, t) }),
      },
      {
        name: t.fieldContent,
        value: t.contentValue({ snippets: state(settings.snippets), models: state(view.modelFeatures), intent: state(view.messageContentIntent) }),
      },
      { name: t.fieldEconomy, value: t.economyValue({ state: state(economyOn), roles: view.roleRewards }) },
      { name: t.fieldContests, value: t.contestsValue({ state: state(settings.contestsEnabled) }) },
      { name: t.fieldChecklist, value: checklistLines(view.checklist, locale).join('\n').slice(0, 1024) },
    );
  const toggles = new ActionRowBuilder<ButtonBuilder>().addComponents(
    toggle('economy', economyOn, economyOn ? t.buttonEconomyOff : t.buttonEconomyOn),
    toggle('contests', settings.contestsEnabled, settings.contestsEnabled ? t.buttonContestsOff : t.buttonContestsOn),
    toggle('snippets', settings.snippets, settings.snippets ? t.buttonSnippetsOff : t.buttonSnippetsOn),
  );
  const grant = grantButton(view, t);
  if (grant) toggles.addComponents(grant);
  return { content: '', embeds: [embed], components: [toggles] };
}

/** The message after joining: what works, what needs an admin (with the fix), and where to go next. */
export function renderSetupNotice(view: SettingsOverview, locale: AppLocale): OutgoingMessage {
  const t = settingsText(locale);
  const embed = new EmbedBuilder()
    .setColor(COLOUR)
    .setTitle(t.noticeTitle)
    .setDescription([t.noticeIntro, '', ...checklistLines(view.checklist, locale), '', t.noticeFooter].join('\n').slice(0, 4096));
  const grant = grantButton(view, t);
  return { embeds: [embed], ...(grant ? { components: [new ActionRowBuilder<ButtonBuilder>().addComponents(grant)] } : {}) };
}

/** One line per checklist item, in the reader's language, with the fix where something is missing. */
export function checklistLines(items: readonly ChecklistItem[], locale: AppLocale): string[] {
  const t = settingsText(locale);
  return items.map((item) => {
    switch (item.key) {
      case 'recording':
        if (item.noHistory.length > 0) {
          const listed = item.noHistory.slice(0, LISTED_CHANNELS).map((name) => `#${name}`);
          const more = item.noHistory.length - listed.length;
          return t.checkRecordingNoHistory({ channels: more > 0 ? `${listed.join(', ')} (+${more})` : listed.join(', ') });
        }
        return item.readable === 0 ? t.checkRecordingNothing : t.checkRecordingOk({ readable: item.readable, hidden: item.hidden });
      case 'digest':
        if (item.status === 'missing') return t.checkDigestMissing;
        if (item.status === 'off') return t.checkDigestOff;
        return item.status === 'warn' ? t.checkDigestCannotPost({ channel: item.channelId ?? '' }) : t.checkDigestOk({ channel: item.channelId ?? '' });
      case 'announcements':
        if (item.status === 'off') return t.checkAnnouncementsOff;
        if (item.status === 'missing') return t.checkAnnouncementsMissing;
        return item.status === 'warn'
          ? t.checkAnnouncementsCannotPost({ channel: item.channelId ?? '' })
          : t.checkAnnouncementsOk({ channel: item.channelId ?? '' });
      case 'threads':
        return item.status === 'missing' ? t.checkThreadsMissing : item.status === 'ok' ? t.checkThreadsOk : '';
      case 'roleRewards':
        if (item.status === 'missing') return t.checkRoleRewardsMissing;
        if (item.status === 'warn') return t.checkRoleRewardsAbove({ roles: item.rolesAbove.map((id) => `<@&${id}>`).join(', ') });
        return item.status === 'ok' ? t.checkRoleRewardsOk : '';
      case 'timeZone':
        return item.status === 'tip' ? t.checkTimeZoneTip : t.checkTimeZoneOk({ timeZone: item.timeZone });
      case 'messageContent':
        return item.status === 'tip' ? t.checkMessageContentTip : t.checkMessageContentOk;
    }
  }).filter((line) => line !== '');
}

function toggle(what: SettingsToggle, on: boolean, label: string): ButtonBuilder {
  return new ButtonBuilder()
    .setCustomId(customId(SETTINGS_TOGGLE_PREFIX, what, on ? 'off' : 'on'))
    .setLabel(label)
    .setStyle(on ? ButtonStyle.Secondary : ButtonStyle.Success);
}

/** A link button re-inviting attune with the permissions its features need, when a server permission is missing. */
function grantButton(view: SettingsOverview, t: Text): ButtonBuilder | null {
  const missing = view.checklist.some((item) => (item.key === 'threads' || item.key === 'roleRewards') && item.status === 'missing');
  return missing ? new ButtonBuilder().setStyle(ButtonStyle.Link).setLabel(t.buttonInvite).setURL(view.inviteUrl) : null;
}
