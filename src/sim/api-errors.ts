/** Discord's field-error tree in a 50035 answer: `{ field: { _errors: [{ code, message }] } }`. */
export interface FieldErrors {
  [field: string]: FieldErrors | { code: string; message: string }[];
}

/** The JSON body of a Discord error answer. */
export interface DiscordErrorBody {
  message: string;
  code: number;
  errors?: FieldErrors;
}

/** An error answer with Discord's status, code and message; REST handlers throw it and the router formats it. */
export class DiscordApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: number,
    message: string,
    readonly errors?: FieldErrors,
  ) {
    super(message);
    this.name = 'DiscordApiError';
  }

  get body(): DiscordErrorBody {
    return this.errors === undefined
      ? { message: this.message, code: this.code }
      : { message: this.message, code: this.code, errors: this.errors };
  }
}

/** Discord's errors the fake produces, with their real codes and messages. */
export const DiscordErrors = {
  unauthorized: () => new DiscordApiError(401, 0, '401: Unauthorized'),
  notFound: () => new DiscordApiError(404, 0, '404: Not Found'),
  methodNotAllowed: () => new DiscordApiError(405, 0, '405: Method Not Allowed'),
  unknownApplication: () => new DiscordApiError(404, 10002, 'Unknown Application'),
  unknownChannel: () => new DiscordApiError(404, 10003, 'Unknown Channel'),
  unknownGuild: () => new DiscordApiError(404, 10004, 'Unknown Guild'),
  unknownMember: () => new DiscordApiError(404, 10007, 'Unknown Member'),
  unknownMessage: () => new DiscordApiError(404, 10008, 'Unknown Message'),
  unknownUser: () => new DiscordApiError(404, 10013, 'Unknown User'),
  unknownEmoji: () => new DiscordApiError(400, 10014, 'Unknown Emoji'),
  unknownWebhook: () => new DiscordApiError(404, 10015, 'Unknown Webhook'),
  unknownCommand: () => new DiscordApiError(404, 10063, 'Unknown application command'),
  unknownInteraction: () => new DiscordApiError(404, 10062, 'Unknown interaction'),
  maxReactions: () => new DiscordApiError(400, 30010, 'Maximum number of reactions reached (20)'),
  missingAccess: () => new DiscordApiError(403, 50001, 'Missing Access'),
  cannotEditOthersMessage: () => new DiscordApiError(403, 50005, 'Cannot edit a message authored by another user'),
  emptyMessage: () => new DiscordApiError(400, 50006, 'Cannot send an empty message'),
  cannotMessageUser: () => new DiscordApiError(403, 50007, 'Cannot send messages to this user'),
  nonTextChannel: () => new DiscordApiError(400, 50008, 'Cannot send messages in a non-text channel'),
  missingPermissions: () => new DiscordApiError(403, 50013, 'Missing Permissions'),
  bulkDeleteTooOld: () => new DiscordApiError(400, 50034, 'You can only bulk delete messages that are under 14 days old.'),
  invalidFormBody: (errors: FieldErrors) => new DiscordApiError(400, 50035, 'Invalid Form Body', errors),
  alreadyAcknowledged: () => new DiscordApiError(400, 40060, 'Interaction has already been acknowledged.'),
  threadArchived: () => new DiscordApiError(400, 50083, 'Thread is archived'),
  threadLocked: () => new DiscordApiError(403, 160005, 'Thread is locked'),
};

/** A 50035 answer for one field, in Discord's error-tree shape. */
export function invalidField(path: readonly string[], code: string, message: string): DiscordApiError {
  const root: FieldErrors = {};
  let node: FieldErrors = root;
  for (const key of path) {
    const child: FieldErrors = {};
    node[key] = child;
    node = child;
  }
  node._errors = [{ code, message }];
  return DiscordErrors.invalidFormBody(root);
}
