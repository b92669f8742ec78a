/**
 * An expected refusal (missing permission, bad option, wrong contest phase): its message is shown to the member,
 * ephemerally, and it is not logged as a failure. Anything else thrown by a handler is a bug and is logged.
 */
export class UserError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UserError';
  }
}
