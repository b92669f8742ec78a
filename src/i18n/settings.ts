import { defineMessages } from './locale.js';

export const settingsText = defineMessages({
  en: {
    commandDescription: 'Server settings for attune (Manage Server)',
    showDescription: 'Show attune\'s settings for this server',
    contentFeaturesDescription: 'Allow or forbid models to use message text (off by default)',
    enabledDescription: 'true: models may use message text; false: they may not',
    contentFeaturesOn:
      'Message text may now be used as a model feature in this server. Discord\'s Developer Policy requires Discord\'s ' +
      'permission for training on message content: turn this on only if that applies to you. It takes effect at the next training run.',
    contentFeaturesOff: 'Models in this server no longer use message text. It takes effect at the next training run.',
    guildNotRecorded: 'attune has not finished recording this server yet. Try again in a minute.',
    settingsTitle: 'attune settings',
    contentFeaturesLabel: 'Message text as a model feature',
    on: 'on',
    off: 'off (default)',
  },
  'zh-CN': {
    commandDescription: 'attune 的服务器设置（需要“管理服务器”权限）',
    showDescription: '显示 attune 在本服务器的设置',
    contentFeaturesDescription: '允许或禁止模型使用消息文本（默认关闭）',
    enabledDescription: 'true：模型可以使用消息文本；false：不可以',
    contentFeaturesOn:
      '本服务器的模型现在可以使用消息文本作为特征。Discord 开发者政策规定，用消息内容训练需要获得 Discord 许可：' +
      '仅在符合条件时开启。下次训练时生效。',
    contentFeaturesOff: '本服务器的模型不再使用消息文本。下次训练时生效。',
    guildNotRecorded: 'attune 还没有完成对本服务器的记录，请稍后再试。',
    settingsTitle: 'attune 设置',
    contentFeaturesLabel: '消息文本作为模型特征',
    on: '开启',
    off: '关闭（默认）',
  },
});
