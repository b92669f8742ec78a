import {
  createFollowup,
  deleteWebhookMessage,
  editWebhookMessage,
  interactionForWebhook,
  respondToInteraction,
  webhookMessage,
} from '../../ops/interaction-responses.js';
import type { InteractionState } from '../../interactions/registry.js';
import { apiMessage } from '../../payloads/messages.js';
import { snowflakeParam } from '../access.js';
import type { RouteContext, RouteDefinition } from '../types.js';

const WEBHOOK = '/webhooks/{webhook_id}/{webhook_token}';

function webhookState(context: RouteContext): InteractionState {
  return interactionForWebhook(
    context.sim,
    context.interactions,
    snowflakeParam(context.params, 'webhook_id'),
    context.params.webhook_token ?? '',
  );
}

function messageIdOf(context: RouteContext): string {
  return context.params.message_id === undefined ? '@original' : snowflakeParam(context.params, 'message_id');
}

function webhookMessageRoutes(template: string): RouteDefinition[] {
  return [
    {
      method: 'GET',
      template,
      auth: 'none',
      handler: (context) => {
        const record = webhookMessage(context.sim, context.interactions, webhookState(context), messageIdOf(context));
        return { status: 200, body: apiMessage(context.sim.world, record, true) };
      },
    },
    {
      method: 'PATCH',
      template,
      auth: 'none',
      handler: (context) => ({
        status: 200,
        body: editWebhookMessage(
          context.sim,
          context.interactions,
          webhookState(context),
          messageIdOf(context),
          context.body,
          context.files,
        ),
      }),
    },
    {
      method: 'DELETE',
      template,
      auth: 'none',
      handler: (context) => {
        deleteWebhookMessage(context.sim, context.interactions, webhookState(context), messageIdOf(context));
        return { status: 204 };
      },
    },
  ];
}

export const interactionRoutes: readonly RouteDefinition[] = [
  {
    method: 'POST',
    template: '/interactions/{interaction_id}/{interaction_token}/callback',
    auth: 'none',
    handler: (context) => {
      const result = respondToInteraction(context.sim, context.interactions, {
        interactionId: snowflakeParam(context.params, 'interaction_id'),
        token: context.params.interaction_token ?? '',
        body: context.body,
        files: context.files,
        withResponse: context.query.get('with_response') === 'true',
      });
      return result.withResponse ? { status: 200, body: result.body } : { status: 204 };
    },
  },
  {
    method: 'POST',
    template: WEBHOOK,
    auth: 'none',
    handler: (context) => ({
      status: 200,
      body: createFollowup(context.sim, context.interactions, webhookState(context), context.body, context.files),
    }),
  },
  ...webhookMessageRoutes(`${WEBHOOK}/messages/@original`),
  ...webhookMessageRoutes(`${WEBHOOK}/messages/{message_id}`),
];
