// Every declared table, one import per component. The schema guard and the data map read this list.
import type { TableDeclaration } from './declare.js';
import { workspacesTable } from '../components/workspaces/workspaces.datamap.js';
import { usersTable, passwordResetsTable, invitationsTable } from '../components/accounts/accounts.datamap.js';
import { sessionsTable, rateLimitsTable } from '../components/sessions/sessions.datamap.js';
import { retentionRunsTable, jobLocksTable } from '../components/retention/retention.datamap.js';
import { legalHoldsTable } from '../components/holds/holds.datamap.js';
import { apiTokensTable } from '../components/tokens/tokens.datamap.js';
import { orgEntitiesTable, orgNodesTable, orgMembershipsTable, orgLinksTable, orgNodeEditorsTable } from '../components/org/org.datamap.js';
import { sectionsTable, sectionRevisionsTable, sectionGrantsTable, sectionHiddenTable } from '../components/sections/sections.datamap.js';
import { oneOnOnesTable, oneOnOneMeetingsTable, oneOnOneItemsTable, oneOnOnePrivateNotesTable } from '../components/oneonones/oneonones.datamap.js';
import { feedbackTable, feedbackValuesTable } from '../components/feedback/feedback.datamap.js';
import { commentsTable, commentMentionsTable } from '../components/discussions/discussions.datamap.js';
import { notificationsTable } from '../components/notifications/notifications.datamap.js';
import { auditEntriesTable, auditActorsTable, auditChainTable } from '../components/audit/audit.datamap.js';
import { erasureLedgerTable } from '../components/privacy/erasure.datamap.js';
import { requestLogsTable, devicesTable, crashReportsTable, usageEventsTable, analyticsPageViewsTable, captureSettingsTable } from '../components/capture/capture.datamap.js';
import { dsarRequestsTable, dsarNotesTable, dsarResultsTable, dsarMentionsTable, processingRestrictionsTable } from '../components/dsar/dsar.datamap.js';
import { identityLinksTable } from '../components/identity/identity.datamap.js';
import { scimTokensTable, scimUsersTable, scimGroupsTable } from '../components/scim/scim.datamap.js';

export const declaredTables: TableDeclaration[] = [
  workspacesTable,
  usersTable,
  passwordResetsTable,
  invitationsTable,
  sessionsTable,
  rateLimitsTable,
  retentionRunsTable,
  jobLocksTable,
  legalHoldsTable,
  apiTokensTable,
  orgEntitiesTable,
  orgNodesTable,
  orgMembershipsTable,
  orgLinksTable,
  orgNodeEditorsTable,
  sectionsTable,
  sectionRevisionsTable,
  sectionGrantsTable,
  sectionHiddenTable,
  oneOnOnesTable,
  oneOnOneMeetingsTable,
  oneOnOneItemsTable,
  oneOnOnePrivateNotesTable,
  feedbackTable,
  feedbackValuesTable,
  commentsTable,
  commentMentionsTable,
  notificationsTable,
  auditEntriesTable,
  auditActorsTable,
  auditChainTable,
  erasureLedgerTable,
  requestLogsTable,
  devicesTable,
  crashReportsTable,
  usageEventsTable,
  analyticsPageViewsTable,
  captureSettingsTable,
  dsarRequestsTable,
  dsarNotesTable,
  dsarResultsTable,
  dsarMentionsTable,
  processingRestrictionsTable,
  identityLinksTable,
  scimTokensTable,
  scimUsersTable,
  scimGroupsTable,
];
