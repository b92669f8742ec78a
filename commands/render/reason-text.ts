import type { AppLocale } from '../../src/i18n/locale.js';
import { recommendText } from '../../src/i18n/recommend.js';
import type { Reason } from '../../src/recommend/pipeline/types.js';

/** A reason in the member's language. Mentions are rendered as mentions (never pinging: allowedMentions is empty). */
export function reasonText(reason: Reason, locale: AppLocale): string {
  const t = recommendText(locale);
  const channel = reason.channelName ?? '';
  const count = reason.count ?? 0;
  switch (reason.kind) {
    case 'friends_reacted':
      return t.friendsReacted({ count });
    case 'friends_replied':
      return t.friendsReplied({ count });
    case 'friends_engaged':
      return t.friendsEngaged({ count });
    case 'people_reacted':
      return t.peopleReacted({ count });
    case 'people_replied':
      return t.peopleReplied({ count });
    case 'people_engaged':
      return t.peopleEngaged({ count });
    case 'new_from_friend':
      return t.newFromFriend({ author: `<@${reason.authorId ?? ''}>` });
    case 'rising':
      return t.rising({ channel, count });
    case 'active_channel':
      return t.activeChannel({ channel });
    case 'popular':
      return t.popular({ channel, count });
    case 'new_in_channel':
      return t.newInChannel({ channel });
    case 'circle_engaged':
      return t.circleEngaged({ count });
    case 'similar_people':
      return t.similarPeople();
    case 'your_thread':
      return t.yourThread({ channel });
    case 'replied_to_you':
      return t.repliedToYou();
    case 'mentions_you':
      return t.mentionsYou();
    case 'from_person':
      return t.fromPerson({ author: `<@${reason.authorId ?? ''}>` });
  }
}
