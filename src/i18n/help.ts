import { defineMessages } from './locale.js';

/** `/help`: the commands a member may use, one line each. */
export const helpText = defineMessages({
  en: {
    commandDescription: 'Every attune command you can use here, one line each',
    title: 'What attune can do for you',
    intro: 'attune learns what this community cares about and helps you find the posts you would not want to miss.',
    everyone: 'For everyone',
    moderators: 'For moderators and admins (you can use these)',
    messageMenu: (p: { name: string; what: string }) => `Message menu → Apps → **${p.name}**: ${p.what}`,
    menuDescription_report: 'tell the moderators a post breaks the rules',
    'menuDescription_flag-low-quality': 'queue a post for review as low quality',
    footer: 'Answers only you can see are marked "Only you can see this". Your choices: /digest mode, /privacy.',
  },
  'zh-CN': {
    commandDescription: '你在这里可以使用的每条 attune 命令，每条一行',
    title: 'attune 能为你做什么',
    intro: 'attune 了解社区关心什么，帮你找到不想错过的帖子。',
    everyone: '所有人',
    moderators: '版主和管理员（你可以使用）',
    messageMenu: (p: { name: string; what: string }) => `消息菜单 → APP → **${p.name}**：${p.what}`,
    menuDescription_report: '告诉版主某条帖子违反了规则',
    'menuDescription_flag-low-quality': '把帖子作为低质量内容加入审核队列',
    footer: '只有你能看到的回复会标注“只有你能看到”。你的选择：`/每日精选 方式`、`/隐私`。',
  },
});
