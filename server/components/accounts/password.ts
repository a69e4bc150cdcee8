// Password hashing with scrypt (memory-hard, in Node's crypto: no native add-on to build) at OWASP's
// parameters (N=2^17, r=8, p=1). The parameters are stored in each hash so they can change later:
// a hash made with other parameters is re-made at the next successful sign-in.
import crypto from 'node:crypto';
import { promisify } from 'node:util';
import { createRequire } from 'node:module';
import type * as languageCommon from '@zxcvbn-ts/language-common';
import type * as languageEn from '@zxcvbn-ts/language-en';
import type * as zxcvbnCore from '@zxcvbn-ts/core';

const scrypt = promisify(crypto.scrypt) as (password: crypto.BinaryLike, salt: crypto.BinaryLike, keylen: number, options: crypto.ScryptOptions) => Promise<Buffer>;

export interface ScryptParams {
  N: number;
  r: number;
  p: number;
}

const KEY_LENGTH = 32;
export const PASSWORD_MAX_LENGTH = 128;

const options = ({ N, r, p }: ScryptParams): crypto.ScryptOptions => ({ N, r, p, maxmem: 256 * N * r * p });

export async function hashPassword(password: string, params: ScryptParams): Promise<string> {
  const salt = crypto.randomBytes(16);
  const key = await scrypt(password.normalize('NFKC'), salt, KEY_LENGTH, options(params));
  return `scrypt$${params.N}$${params.r}$${params.p}$${salt.toString('base64')}$${key.toString('base64')}`;
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
  const [, N, r, p, salt, expected] = parts as [string, string, string, string, string, string];
  const expectedKey = Buffer.from(expected, 'base64');
  const key = await scrypt(password.normalize('NFKC'), Buffer.from(salt, 'base64'), expectedKey.length, options({ N: +N, r: +r, p: +p }));
  return crypto.timingSafeEqual(key, expectedKey);
}

export function needsRehash(stored: string, params: ScryptParams): boolean {
  return !stored.startsWith(`scrypt$${params.N}$${params.r}$${params.p}$`);
}

/** A hash of nothing anyone knows, verified when an email is unknown so timing reveals nothing. */
let decoyHash: Promise<string> | undefined;
export function decoy(params: ScryptParams): Promise<string> {
  decoyHash ??= hashPassword(crypto.randomBytes(16).toString('hex'), params);
  return decoyHash;
}

let common: Set<string> | undefined;
let estimator: zxcvbnCore.ZxcvbnFactory | undefined;

/**
 * zxcvbn-ts (MIT) with its common and English dictionaries and keyboard graphs: a realistic estimate
 * of how many guesses a password takes (dictionary words, keyboard walks, sequences, repeats, dates),
 * which NIST 800-63B asks for instead of composition rules. Built on the first check (a few seconds:
 * the dictionaries unpack), then kept.
 */
function strength(): zxcvbnCore.ZxcvbnFactory {
  if (!estimator) {
    const load = createRequire(import.meta.url);
    const { ZxcvbnFactory } = load('@zxcvbn-ts/core') as typeof zxcvbnCore;
    const commonPack = load('@zxcvbn-ts/language-common') as typeof languageCommon;
    const en = load('@zxcvbn-ts/language-en') as typeof languageEn;
    estimator = new ZxcvbnFactory({ dictionary: { ...commonPack.dictionary, ...en.dictionary }, graphs: commonPack.adjacencyGraphs, translations: en.translations });
  }
  return estimator;
}

/**
 * NIST 800-63B: a minimum length, a generous maximum, no composition rules, and a check against
 * passwords known to be common, guessable (a strength estimate below `minScore`, 0-4) or tied to the
 * account. Returns the catalogue key of the problem.
 */
export function passwordProblem(password: string, minLength: number, context: string[] = [], minScore = 3): string | undefined {
  const length = [...password.normalize('NFKC')].length;
  if (length < minLength) return 'password.tooShort';
  if (length > PASSWORD_MAX_LENGTH) return 'password.tooLong';
  // Loaded on the first check, not at import: the list takes 40 ms and a few MB to unpack.
  common ??= new Set((createRequire(import.meta.url)('@zxcvbn-ts/language-common') as typeof languageCommon).dictionary['passwords-common']);
  const lower = password.toLowerCase();
  if (common.has(lower)) return 'password.common';
  if (/^(.)\1+$/.test(password)) return 'password.repetitive';
  if (context.some((word) => word.length >= 4 && lower.includes(word.toLowerCase()))) return 'password.contextual';
  if (strength().check(password, context.filter((w) => w.length >= 3)).score < minScore) return 'password.guessable';
  return undefined;
}
