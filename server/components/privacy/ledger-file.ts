// The erasure ledger as a file (opaque ids and times only), for carrying it across a restore done by
// hand or a database that was lost: `opsenic erasure export` writes it, `--ledger FILE` reads it.
import fs from 'node:fs';
import { z } from 'zod';
import { AppError } from '../../platform/errors.js';
import type { LedgerEntry } from './erasure.service.js';

const ledgerFile = z.object({
  kind: z.literal('opsenic-erasure-ledger'),
  version: z.literal(1),
  entries: z.array(z.object({ id: z.string().min(1).max(36), subjectType: z.string().min(1).max(32), subjectId: z.string().min(1).max(36), erasedAt: z.number().int().nonnegative() }).strict()),
});

export function ledgerToJson(entries: LedgerEntry[]): string {
  return JSON.stringify({ kind: 'opsenic-erasure-ledger', version: 1, entries }, null, 1) + '\n';
}

export function readLedgerFile(file: string): LedgerEntry[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    throw new AppError(400, 'invalid_ledger', 'erasure.ledgerUnreadable');
  }
  const result = ledgerFile.safeParse(parsed);
  if (!result.success) throw new AppError(400, 'invalid_ledger', 'erasure.ledgerUnreadable');
  return result.data.entries;
}
