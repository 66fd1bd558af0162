import type { ApolloServerPlugin } from '@apollo/server';
import type { RequestContext } from '../graph/context.js';

/**
 * What the answer says of its lists' bounds (graph/bounded-lists.ts): a request that read more records than it may
 * is answered with that refusal alone, not with the part of the answer that was read (every field after the
 * budget ran out failed with it anyway); an answer with lists cut to their `first` names them in
 * `extensions.truncated`. With `exposeCounts` (AMITY_EXPOSE_SQL_COUNT) every answer says how many records it read
 * and how many list items it holds, and in how many turns of the event loop it was built (graph/pacing.ts), in
 * `extensions.records`.
 */
export function boundedAnswers(exposeCounts: boolean): ApolloServerPlugin<RequestContext> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ contextValue: context, response }) {
          if (response.body.kind !== 'single') return;
          const bounds = context.loaders.bounds;
          const result = response.body.singleResult;
          if (bounds.exceeded) {
            const refusal = bounds.refusal();
            response.body.singleResult = { errors: [{ message: refusal.message, extensions: { code: refusal.code, ...refusal.details } }], extensions: result.extensions };
            return;
          }
          const cut = bounds.extensions();
          if (cut) result.extensions = { ...result.extensions, ...cut };
          if (exposeCounts) result.extensions = { ...result.extensions, records: { ...bounds.counts(), turns: context.loaders.pacer.turns } };
        },
      };
    },
  };
}
