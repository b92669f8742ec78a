/**
 * The /stats answer as discord.js takes it: the headline figures in the first embed, one embed per chart showing
 * its PNG (an embed holds one image; `attachment://<file>` points at the uploaded file), the PNGs as attachments.
 */
import { AttachmentBuilder, EmbedBuilder } from 'discord.js';
import type { Reply } from '../../src/discord/interactions/respond.js';
import type { AppLocale } from '../../src/i18n/locale.js';
import { statsText } from '../../src/i18n/stats.js';
import { formatShare } from '../../src/stats/chart-configs.js';
import type { StatsReport } from '../../src/stats/stats-report.js';

/** Discord's blurple: the embeds read as one answer. */
const EMBED_COLOUR = 0x5865f2;

export function statsReply(report: StatsReport, locale: AppLocale): Reply {
  const t = statsText(locale);
  if (report.kind === 'not-recorded') return { content: t.guildNotRecorded };
  if (report.kind === 'nothing-to-show') return { content: t.nothingToShow({ days: report.days }) };
  const { summary: s, charts } = report;
  const latest = s.latestRun;
  const score = (value: number | null | undefined) => (value === null || value === undefined ? t.notAvailable : value.toFixed(3));
  const headline = new EmbedBuilder()
    .setColor(EMBED_COLOUR)
    .setTitle(t.embedTitle({ days: report.days }))
    .addFields(
      {
        name: t.fieldActivity,
        value: t.activityValue({ posts: s.posts, replies: s.replies, reactions: s.reactions, members: s.activeMembers }),
      },
      {
        name: t.fieldRecommendations,
        value: t.recommendationsValue({
          impressions: s.impressions,
          rate: formatShare(s.engagementRate, t.notAvailable),
          digests: s.digestsDelivered,
          presses: s.picksPresses,
        }),
      },
      { name: t.fieldFeedback, value: t.feedbackValue({ more: s.feedbackMore, less: s.feedbackLess, hide: s.feedbackHide }) },
      {
        name: t.fieldModel,
        value: latest
          ? t.modelValue({
              runs: s.trainingRuns,
              k: latest.k,
              model: score(latest.modelNdcg),
              baseline: `${latest.bestBaseline ?? t.notAvailable} ${score(latest.baselineNdcg)}`,
              serving: latest.serving ?? t.notAvailable,
            })
          : t.modelNoRuns,
      },
      {
        name: t.fieldPoints,
        value:
          s.pointsHolders === 0
            ? t.pointsNone
            : t.pointsValue({ members: s.pointsHolders, share: formatShare(s.top10Share, t.notAvailable) }),
      },
    )
    .setFooter({ text: t.embedFooter({ zone: report.timeZone }) });
  const chartEmbeds = charts.map((chart, i) =>
    (i === 0 ? headline : new EmbedBuilder().setColor(EMBED_COLOUR).setTitle(chart.title)).setImage(`attachment://${chart.file}`),
  );
  return {
    embeds: chartEmbeds.length > 0 ? chartEmbeds : [headline],
    files: charts.map((chart) => new AttachmentBuilder(chart.png, { name: chart.file, description: chart.title })),
  };
}
