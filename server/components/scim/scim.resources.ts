// The discovery documents of RFC 7644 §4: ServiceProviderConfig, ResourceTypes and Schemas, listing
// exactly what this server stores. Core attributes of RFC 7643 that are not listed (nickName,
// addresses, photos, ...) are accepted and ignored; anything else is refused.
export const USER_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:User';
export const GROUP_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:Group';
export const ENTERPRISE_USER_SCHEMA = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
export const LIST_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:ListResponse';
export const PATCH_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
const SPC_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig';
const RESOURCE_TYPE_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:ResourceType';
const SCHEMA_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:Schema';

/** Core User attributes of RFC 7643 §4.1 that are accepted but not stored. */
export const ignoredUserAttributes = new Set(['nickname', 'profileurl', 'usertype', 'locale', 'password', 'ims', 'photos', 'addresses', 'entitlements', 'roles', 'x509certificates', 'groups', 'meta', 'id']);

type Attr = Record<string, unknown>;
const attr = (name: string, type: string, extra: Attr = {}): Attr => ({
  name,
  type,
  multiValued: false,
  required: false,
  caseExact: false,
  mutability: 'readWrite',
  returned: 'default',
  uniqueness: 'none',
  ...extra,
});

const userAttributes = [
  attr('userName', 'string', { required: true, uniqueness: 'server', description: 'Unique identifier for the User, typically the sign-in name.' }),
  attr('externalId', 'string', { caseExact: true, description: 'The provisioning client\'s id of the User.' }),
  attr('name', 'complex', {
    subAttributes: [attr('formatted', 'string', { mutability: 'readOnly' }), attr('givenName', 'string'), attr('familyName', 'string')],
  }),
  attr('displayName', 'string', { mutability: 'readOnly', description: 'Given and family name.' }),
  attr('title', 'string'),
  attr('preferredLanguage', 'string', { description: 'en or fr.' }),
  attr('timezone', 'string', { description: 'An IANA time zone such as Europe/Paris.' }),
  attr('active', 'boolean', { description: 'false disables the account and ends its sessions.' }),
  attr('emails', 'complex', { multiValued: true, description: 'The account has one email: the primary one (else the first, else a userName that is an email).', subAttributes: [attr('value', 'string'), attr('type', 'string'), attr('primary', 'boolean')] }),
  attr('phoneNumbers', 'complex', { multiValued: true, description: 'The first (or work) number is kept.', subAttributes: [attr('value', 'string'), attr('type', 'string'), attr('primary', 'boolean')] }),
  attr('groups', 'complex', { multiValued: true, mutability: 'readOnly', subAttributes: [attr('value', 'string', { mutability: 'readOnly' }), attr('display', 'string', { mutability: 'readOnly' }), attr('$ref', 'reference', { mutability: 'readOnly', referenceTypes: ['Group'] })] }),
];

const groupAttributes = [
  attr('displayName', 'string', { required: true, uniqueness: 'server', description: 'Name of the org node.' }),
  attr('externalId', 'string', { caseExact: true }),
  attr('members', 'complex', { multiValued: true, subAttributes: [attr('value', 'string', { mutability: 'immutable' }), attr('display', 'string', { mutability: 'readOnly' }), attr('type', 'string', { canonicalValues: ['User'] }), attr('$ref', 'reference', { mutability: 'immutable', referenceTypes: ['User'] })] }),
];

export function schemas(base: string) {
  return [
    { schemas: [SCHEMA_SCHEMA], id: USER_SCHEMA, name: 'User', description: 'An Opsenic account', attributes: userAttributes, meta: { resourceType: 'Schema', location: `${base}/Schemas/${USER_SCHEMA}` } },
    { schemas: [SCHEMA_SCHEMA], id: GROUP_SCHEMA, name: 'Group', description: 'A node of the configured org entity (Teams by default) and its members', attributes: groupAttributes, meta: { resourceType: 'Schema', location: `${base}/Schemas/${GROUP_SCHEMA}` } },
  ];
}

export function resourceTypes(base: string) {
  return [
    { schemas: [RESOURCE_TYPE_SCHEMA], id: 'User', name: 'User', endpoint: '/Users', description: 'Accounts', schema: USER_SCHEMA, schemaExtensions: [{ schema: ENTERPRISE_USER_SCHEMA, required: false }], meta: { resourceType: 'ResourceType', location: `${base}/ResourceTypes/User` } },
    { schemas: [RESOURCE_TYPE_SCHEMA], id: 'Group', name: 'Group', endpoint: '/Groups', description: 'Org nodes', schema: GROUP_SCHEMA, meta: { resourceType: 'ResourceType', location: `${base}/ResourceTypes/Group` } },
  ];
}

export function serviceProviderConfig(base: string, maxResults: number) {
  return {
    schemas: [SPC_SCHEMA],
    documentationUri: 'https://datatracker.ietf.org/doc/html/rfc7644',
    patch: { supported: true },
    bulk: { supported: false, maxOperations: 0, maxPayloadSize: 0 },
    filter: { supported: true, maxResults },
    changePassword: { supported: false },
    sort: { supported: false },
    etag: { supported: false },
    authenticationSchemes: [{ type: 'oauthbearertoken', name: 'Bearer token', description: 'A token from `opsenic scim token create`, sent as Authorization: Bearer <token>.', primary: true }],
    meta: { resourceType: 'ServiceProviderConfig', location: `${base}/ServiceProviderConfig` },
  };
}
