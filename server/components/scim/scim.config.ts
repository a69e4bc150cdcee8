// The `scim` config section: SCIM 2.0 provisioning at /scim/v2 (RFC 7643 / 7644), authenticated by
// bearer tokens an admin creates with `opsenic scim token create`.
import { z } from 'zod';

export const scimConfig = z
  .object({
    enabled: z.boolean().prefault(true).describe('Serve /scim/v2. Without a SCIM token nothing can call it.'),
    groupEntity: z.string().trim().min(1).max(100).prefault('teams').describe('The org entity whose nodes SCIM Groups are: a built-in key (departments, teams, products, projects, offices) or the name of a custom entity.'),
    defaultPageSize: z.coerce.number().int().min(1).max(1000).prefault(100).describe('Resources per page of a list when the client sends no count.'),
    maxPageSize: z.coerce.number().int().min(1).max(1000).prefault(200).describe('Largest page a client may ask for (larger counts are lowered to this, as RFC 7644 allows).'),
  })
  .strict()
  .prefault({})
  .describe('SCIM 2.0 provisioning of users and groups from an identity provider.');

export type ScimConfig = z.output<typeof scimConfig>;
