import crypto from 'node:crypto';

export const newId = (): string => crypto.randomUUID();
export const now = (): number => Date.now();

/** A URL-safe random token (shown once, stored only as its hash). */
export const newToken = (bytes = 32): string => crypto.randomBytes(bytes).toString('base64url');
export const sha256 = (text: string): string => crypto.createHash('sha256').update(text).digest('hex');
