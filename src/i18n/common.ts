import { defineMessages } from './locale.js';

/** Strings the interaction layer itself uses (errors, refusals), shared by every command. */
export const commonText = defineMessages({
  en: {
    unexpectedError: 'Something went wrong on our side while handling that. It has been logged; please try again in a minute.',
    expiredComponent: 'This button belongs to an older version of the message and no longer works. Run the command again.',
    guildOnly: 'This command works only inside a server.',
    missingPermission: (p: { permission: string }) => `You need the **${p.permission}** permission to do this.`,
    invalidOption: (p: { option: string; problem: string }) => `\`${p.option}\`: ${p.problem}`,
    unknownCommand: 'This command is not available any more. Ask an admin to re-register attune\'s commands.',
    optionFallback: 'options',
    problemFallback: 'is invalid',
    // Permission names as Discord's own client shows them in each language.
    permission_ManageGuild: 'Manage Server',
    permission_ManageMessages: 'Manage Messages',
    permission_ManageRoles: 'Manage Roles',
    permission_ModerateMembers: 'Timeout Members',
    malformedOptions: (p: { detail: string }) =>
      `This command arrived with options attune does not expect (${p.detail}). If it keeps happening, ask an admin to re-register attune's commands.`,
  },
  'zh-CN': {
    unexpectedError: '处理时出了点问题，已记录日志，请稍后再试。',
    expiredComponent: '这个按钮属于旧版消息，已失效。请重新运行命令。',
    guildOnly: '此命令只能在服务器内使用。',
    missingPermission: (p: { permission: string }) => `你需要 **${p.permission}** 权限才能执行此操作。`,
    invalidOption: (p: { option: string; problem: string }) => `\`${p.option}\`：${p.problem}`,
    unknownCommand: '此命令已不可用，请让管理员重新注册 attune 的命令。',
    optionFallback: '选项',
    problemFallback: '无效',
    permission_ManageGuild: '管理服务器',
    permission_ManageMessages: '管理消息',
    permission_ManageRoles: '管理身份组',
    permission_ModerateMembers: '禁言成员',
    malformedOptions: (p: { detail: string }) => `此命令收到的选项与 attune 的预期不符（${p.detail}）。如果反复出现，请让管理员重新注册 attune 的命令。`,
  },
});
