// Data map of the capture tables: every personal column lands in retention category log, device,
// crash or usage, as the privacy policy names them.
import { declareTable, personal } from '../../db/declare.js';

const log = (purpose: string) => personal('log', 'log', purpose);
const device = (purpose: string) => personal('device', 'device', purpose);
const crash = (purpose: string) => personal('crash', 'crash', purpose);
const usage = (purpose: string) => personal('usage', 'usage', purpose);

export const requestLogsTable = declareTable('request_logs', 'capture', { column: 'user_id' }, {
  id: ['string', 'not null', 'none'],
  workspace_id: ['string', 'null', 'none'],
  occurred_at: ['bigint', 'not null', log('when the request was made')],
  method: ['string', 'not null', 'none'],
  route: ['string', 'not null', log('which page or endpoint was used (route template, never the query string)')],
  status: ['integer', 'not null', 'none'],
  duration_ms: ['real', 'not null', 'none'],
  ip: ['string', 'null', log('security and abuse investigation (full or truncated per config)')],
  referrer: ['string', 'null', log('where the request came from (origin and path)')],
  user_agent: ['string', 'null', log('browser type, for support and compatibility')],
  accept_language: ['string', 'null', log('browser language settings')],
  dnt: ['boolean', 'null', log('the Do-Not-Track signal the browser sent')],
  gpc: ['boolean', 'null', log('the Global Privacy Control signal the browser sent')],
  user_id: ['string', 'null', log('who made the request when signed in')],
  session_hash: ['string', 'null', log('groups the requests of one session (keyed hash, not the session id)')],
  device_id: ['string', 'null', log('which device made the request')],
  request_id: ['string', 'null', 'none'],
}, { retention: { category: 'log', ageColumn: 'occurred_at' } });

export const devicesTable = declareTable('devices', 'capture', { column: 'user_id' }, {
  id: ['string', 'not null', device('random id of the device cookie')],
  workspace_id: ['string', 'null', 'none'],
  user_id: ['string', 'null', device('who last used the device when signed in')],
  device_type: ['string', 'null', device('device type derived from the user agent')],
  os: ['string', 'null', device('operating system derived from the user agent')],
  browser: ['string', 'null', device('browser derived from the user agent')],
  user_agent: ['string', 'null', device('the user agent the device sent')],
  screen_width: ['integer', 'null', device('screen size (device settings, after consent)')],
  screen_height: ['integer', 'null', device('screen size (device settings, after consent)')],
  time_zone: ['string', 'null', device('time zone (device settings, after consent)')],
  language: ['string', 'null', device('language (device settings, after consent)')],
  first_seen_at: ['bigint', 'not null', device('when the device was first seen')],
  last_seen_at: ['bigint', 'not null', device('when the device was last seen (to the minute)')],
}, { retention: { category: 'device', ageColumn: 'last_seen_at' } });

export const crashReportsTable = declareTable('crash_reports', 'capture', { column: 'user_id' }, {
  id: ['string', 'not null', 'none'],
  workspace_id: ['string', 'null', 'none'],
  occurred_at: ['bigint', 'not null', crash('when the error happened')],
  source: ['string', 'not null', 'none'],
  name: ['string', 'null', 'none'],
  message: ['text', 'not null', crash('the error message, to fix the bug')],
  stack: ['text', 'null', crash('where in the code the error happened')],
  location: ['string', 'null', crash('script file, line and column of a browser error')],
  route: ['string', 'null', crash('which page or endpoint failed')],
  release: ['string', 'null', 'none'],
  request_id: ['string', 'null', 'none'],
  user_id: ['string', 'null', crash('who met the error when signed in')],
  device_id: ['string', 'null', crash('which device met the error')],
  user_agent: ['string', 'null', crash('browser of a browser error')],
}, { retention: { category: 'crash', ageColumn: 'occurred_at' } });

export const usageEventsTable = declareTable('usage_events', 'capture', { column: 'user_id' }, {
  id: ['string', 'not null', 'none'],
  workspace_id: ['string', 'not null', 'none'],
  user_id: ['string', 'null', usage('who used the feature')],
  area: ['string', 'not null', 'none'],
  event: ['string', 'not null', usage('which insight, application or integration was used')],
  occurred_at: ['bigint', 'not null', usage('when it was used')],
}, { retention: { category: 'usage', ageColumn: 'occurred_at' } });

export const analyticsPageViewsTable = declareTable('analytics_page_views', 'capture', 'none', {
  id: ['string', 'not null', 'none'],
  workspace_id: ['string', 'null', 'none'],
  visitor_id: ['string', 'not null', usage('random analytics cookie id, not tied to the account (after consent)')],
  route: ['string', 'not null', usage('which page was visited (route template)')],
  occurred_at: ['bigint', 'not null', usage('when the page was visited')],
}, { retention: { category: 'usage', ageColumn: 'occurred_at' } });

export const captureSettingsTable = declareTable('capture_settings', 'capture', 'none', {
  workspace_id: ['string', 'not null', 'none'],
  usage_enabled: ['boolean', 'not null', 'none'],
  updated_at: ['bigint', 'not null', 'none'],
}, { key: 'workspace_id' });
