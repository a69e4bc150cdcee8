import { declareTable, personal } from '../../db/declare.js';

const session = (purpose: string) => personal('security', 'sessions', purpose);

export const sessionsTable = declareTable('sessions', 'sessions', { column: 'user_id' }, {
  id: ['string', 'not null', 'none'],
  sid_hash: ['string', 'not null', 'none'],
  user_id: ['string', 'null', session('who is signed in')],
  workspace_id: ['string', 'null', 'none'],
  data: ['text', 'not null', session('session state (sign-in, CSRF token)')],
  persistent: ['boolean', 'not null', 'none'],
  ip: ['string', 'null', personal('device', 'sessions', 'shown in the list of active sessions')],
  user_agent: ['string', 'null', personal('device', 'sessions', 'shown in the list of active sessions')],
  created_at: ['bigint', 'not null', 'none'],
  last_seen_at: ['bigint', 'not null', session('shown in the list of active sessions')],
  expires_at: ['bigint', 'not null', 'none'],
}, { retention: { category: 'sessions', ageColumn: 'expires_at' }, access: { withhold: ['sid_hash', 'data'], rule: 'your sessions (the session secret and its state are withheld)' } });

// Counters of the sign-in rate limiter (rate-limiter-flexible); keys are hashed, so no email or IP is stored.
export const rateLimitsTable = declareTable('rate_limits', 'sessions', 'none', {
  key: ['string', 'not null', 'none'],
  points: ['integer', 'not null', 'none'],
  expire: ['bigint', 'null', 'none'],
}, { key: 'key', retention: { category: 'sessions', ageColumn: 'expire' } });
