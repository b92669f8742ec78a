import { defineMessages } from './locale.js';

export const privacyText = defineMessages({
  en: {
    commandDescription: 'See, export, stop or erase what attune stores about you',
    statusDescription: 'What attune stores about you, and why',
    optoutDescription: 'Stop recording your activity here, leave the models, keep your posts out of recommendations',
    optinDescription: 'Let attune record your activity here again',
    exportDescription: 'Download every row attune stores about you (JSON file)',
    deleteDescription: 'Erase everything attune stores about you (asks for confirmation)',
    statusTitle: 'Your data in attune',
    statusIntro:
      'attune records interactions (who reacted to, replied to or mentioned whom, and when) to recommend posts and run ' +
      'the points economy. Message text is kept only for a limited time and only when the server granted it. ' +
      'See PRIVACY.md in attune\'s repository for every detail.',
    statusRecording: 'Recording in this server',
    recordingOn: 'on — your interactions are recorded and used for recommendations',
    recordingOff: 'off — you opted out: nothing new is recorded and your posts are not recommended to others',
    statusRows: 'Rows about you (all servers)',
    noRows: 'none',
    optedOut:
      'Done: attune no longer records your activity in this server, leaves you out of its models from the next training, ' +
      'and will not recommend your posts to others. What was stored before stays until you delete it (`/privacy delete`).',
    alreadyOptedOut: 'You had already opted out in this server.',
    optedIn: 'Welcome back: attune records your activity in this server again.',
    notOptedOut: 'You had not opted out in this server.',
    exportReady: 'Here is every row attune stores about you, in all servers, as JSON. Nothing about other members is included.',
    exportTooLarge: 'Your export is larger than Discord allows in one file. Ask the server admins to run it from the command line.',
    deleteConfirm:
      'This erases every row attune stores about you in every server: your recorded messages and their text, reactions, ' +
      'mentions, flags, scores and points entries. Other members\' points do not change. Afterwards attune keeps you opted ' +
      'out in these servers (so history re-read from Discord is not stored again) until you run /privacy optin. This cannot be undone.',
    deleteButton: 'Erase my data',
    cancelButton: 'Cancel',
    deleted: (p: { rows: number }) => `Erased: ${p.rows} rows about you were deleted or anonymised.`,
    cancelled: 'Cancelled: nothing was erased.',
    notYourButton: 'This confirmation belongs to someone else.',
    guildNotRecorded: 'attune has not finished recording this server yet. Try again in a minute.',
  },
  'zh-CN': {
    commandDescription: '查看、导出、停止或删除 attune 存储的关于你的数据',
    statusDescription: 'attune 存储了你的哪些数据，以及原因',
    optoutDescription: '停止在此服务器记录你的活动，退出模型，不向他人推荐你的帖子',
    optinDescription: '允许 attune 重新在此服务器记录你的活动',
    exportDescription: '下载 attune 存储的关于你的全部数据（JSON 文件）',
    deleteDescription: '删除 attune 存储的关于你的全部数据（需要确认）',
    statusTitle: '你在 attune 中的数据',
    statusIntro:
      'attune 记录互动（谁对谁做出反应、回复或提及，以及时间），用于推荐帖子和运行积分经济。消息文本只在服务器授权时' +
      '保存，且保存期限有限。详情见 attune 仓库中的 PRIVACY.md。',
    statusRecording: '在此服务器的记录状态',
    recordingOn: '开启——你的互动会被记录并用于推荐',
    recordingOff: '关闭——你已退出：不再记录新的数据，你的帖子也不会推荐给他人',
    statusRows: '关于你的数据行（所有服务器）',
    noRows: '无',
    optedOut:
      '完成：attune 不再记录你在此服务器的活动，下次训练起不再把你纳入模型，也不会向他人推荐你的帖子。' +
      '之前存储的数据会保留，直到你删除它（`/隐私 删除`）。',
    alreadyOptedOut: '你已经在此服务器退出过了。',
    optedIn: '欢迎回来：attune 重新开始记录你在此服务器的活动。',
    notOptedOut: '你没有在此服务器退出。',
    exportReady: '这是 attune 在所有服务器中存储的关于你的全部数据（JSON）。不包含其他成员的数据。',
    exportTooLarge: '你的导出文件超过了 Discord 单个文件的大小限制。请让服务器管理员通过命令行导出。',
    deleteConfirm:
      '这将删除 attune 在所有服务器中存储的关于你的全部数据：已记录的消息及其文本、反应、提及、标记、评分和积分记录。' +
      '其他成员的积分不会改变。之后 attune 会在这些服务器中保持你的退出状态（从 Discord 重新读取的历史不会再次存储），' +
      '直到你运行 `/隐私 恢复记录`。此操作无法撤销。',
    deleteButton: '删除我的数据',
    cancelButton: '取消',
    deleted: (p: { rows: number }) => `已删除：${p.rows} 行关于你的数据已被删除或匿名化。`,
    cancelled: '已取消：没有删除任何数据。',
    notYourButton: '这个确认按钮属于其他人。',
    guildNotRecorded: 'attune 还没有完成对本服务器的记录，请稍后再试。',
  },
});
