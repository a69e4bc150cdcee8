// THE list of components. Adding a component is one folder under server/components/ with its
// <name>.component.ts, and one line here. Everything that spans components is built from this list:
// the declared tables (schema guard, data map, retention, access export, erasure, `opsenic datamap`),
// the config schema and its documentation (server/config.ts), the services (server/container.ts),
// the routers of the main sequence (server/app.ts) and the `opsenic` commands (cli/main.ts).
//
// The order is the data map's: the order of the tables in the record of processing and in an
// access export, and of the component config sections in config/example.yaml. Append a new
// component at the end.
import type { Router } from 'express';
import type { CliRuntime, Component } from './component.js';
import type { Command } from 'commander';
import type { BuiltServices, Container, ServiceDeps } from './container.js';
import type { TableDeclaration } from './db/declare.js';
import { workspacesComponent } from './components/workspaces/workspaces.component.js';
import { accountsComponent } from './components/accounts/accounts.component.js';
import { sessionsComponent } from './components/sessions/sessions.component.js';
import { adminComponent } from './components/admin/admin.component.js';
import { homeComponent } from './components/home/home.component.js';
import { retentionComponent } from './components/retention/retention.component.js';
import { holdsComponent } from './components/holds/holds.component.js';
import { tokensComponent } from './components/tokens/tokens.component.js';
import { orgComponent } from './components/org/org.component.js';
import { sectionsComponent } from './components/sections/sections.component.js';
import { peopleComponent } from './components/people/people.component.js';
import { oneononesComponent } from './components/oneonones/oneonones.component.js';
import { feedbackComponent } from './components/feedback/feedback.component.js';
import { discussionsComponent } from './components/discussions/discussions.component.js';
import { notificationsComponent } from './components/notifications/notifications.component.js';
import { searchComponent } from './components/search/search.component.js';
import { auditComponent } from './components/audit/audit.component.js';
import { privacyComponent } from './components/privacy/privacy.component.js';
import { captureComponent } from './components/capture/capture.component.js';
import { cookiesComponent } from './components/cookies/cookies.component.js';
import { dsarComponent } from './components/dsar/dsar.component.js';
import { identityComponent } from './components/identity/identity.component.js';
import { scimComponent } from './components/scim/scim.component.js';
import { healthComponent } from './components/health/health.component.js';
import { backupComponent } from './components/backup/backup.component.js';
import { demoComponent } from './components/demo/demo.component.js';
import { policyComponent } from './components/policy/policy.component.js';
import { mailComponent } from './components/mail/mail.component.js';
import { insightsComponent } from './components/insights/insights.component.js';

export const components = [
  workspacesComponent,
  accountsComponent,
  sessionsComponent,
  adminComponent,
  homeComponent,
  retentionComponent,
  holdsComponent,
  tokensComponent,
  orgComponent,
  sectionsComponent,
  peopleComponent,
  oneononesComponent,
  feedbackComponent,
  discussionsComponent,
  notificationsComponent,
  searchComponent,
  auditComponent,
  privacyComponent,
  captureComponent,
  cookiesComponent,
  dsarComponent,
  identityComponent,
  scimComponent,
  healthComponent,
  backupComponent,
  demoComponent,
  policyComponent,
  mailComponent,
  insightsComponent,
];

// Each component's routers, commands and service factory declare the narrow type they use; the
// container has all of it (a function of less is a function of more), and every factory returns
// services under the names and types the container declares. Checked once the list's type is
// known rather than with `satisfies` on the list: the config's type is computed from the list, and
// comparing a component's `config: Config` with the container's while the list is being typed
// would be circular.
const wired: ReadonlyArray<Component<Container, ServiceDeps, CliRuntime<Container>, BuiltServices>> = components;
void wired;

/** Every declared table, in list order: what the schema guard compares with the live schema, and the data map. */
export const declaredTables: TableDeclaration[] = components.flatMap((c) => ('tables' in c ? [...c.tables] : []));

/** The routers of the main sequence, in list order (server/app.ts mounts them). */
export const componentRouters: ReadonlyArray<(c: Container) => Router> = components.flatMap((c) => ('routers' in c ? [...c.routers] : []));

/** The components' `opsenic` commands, in list order (cli/main.ts adds them after serve, migrate and config). */
export const componentCommands: ReadonlyArray<(cli: CliRuntime<Container>) => Command> = components.flatMap((c) => ('cli' in c ? [...c.cli] : []));
