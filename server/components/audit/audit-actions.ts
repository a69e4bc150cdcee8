// Every action the audit log records, in one list. record() takes only these, so the compiler
// checks each call; the audit page names each in words (audit.actionNames in both languages, a
// unit test checks that none is missing) and keeps the code beside it for the filter and for grep.
export const auditActions = [
  'auth.signin', 'auth.signin.failed', 'auth.sso.refused', 'auth.password.change', 'auth.password.reset', 'auth.password.reset_link',
  'identity.link', 'identity.email_proof.sent',
  'users.create', 'users.invite', 'users.set_password', 'users.reset_link', 'users.promote', 'users.demote', 'users.set_role', 'users.disable', 'users.enable', 'users.delete',
  'profile.photo.set', 'profile.photo.remove',
  'workspace.signup_mode',
  'sections.read.admin',
  'scim.token.create', 'scim.token.revoke', 'scim.user.create', 'scim.user.patch', 'scim.user.replace', 'scim.user.delete',
  'scim.group.create', 'scim.group.patch', 'scim.group.replace', 'scim.group.delete',
  'dsar.open', 'dsar.assign', 'dsar.status', 'dsar.extend', 'dsar.note', 'dsar.result', 'dsar.rectify', 'dsar.remind',
  'dsar.restriction.add', 'dsar.restriction.lift', 'dsar.erase.start', 'dsar.erase.residue', 'dsar.erase.review',
  'dsar.mention.redact', 'dsar.mention.keep', 'dsar.complete', 'dsar.reject',
  'holds.add', 'holds.release',
  'retention.run',
  'privacy.subject.erase', 'privacy.ledger.reapply', 'privacy.erasure.compact',
  'backup.create', 'backup.restore', 'backup.damaged',
] as const;

export type AuditAction = (typeof auditActions)[number];

/** The locale key of an action's name: i18next reads dots as nesting, so they become underscores. */
export const actionNameKey = (action: string): string => `audit.actionNames.${action.replaceAll('.', '_')}`;
