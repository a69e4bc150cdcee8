// Usage information: which insights, applications (product areas) and integrations are used.
// Recorded in sandbox workspaces (as the privacy policy says, switchable in config) and on the
// primary workspace only when an admin turned it on. Other components call `usage.record(...)`.
import { z } from 'zod';
import { ValidationError } from '../../platform/errors.js';
import { now } from '../../platform/ids.js';
import { timeOrderedId } from './time-ordered-id.js';
import type { WorkspacesRepository } from '../workspaces/workspaces.repository.js';
import type { CaptureRepository, UsageArea } from './capture.repository.js';
import type { CaptureService } from './capture.service.js';
import type { CaptureConfig } from './capture.config.js';

export const usageAreas = ['insight', 'application', 'integration'] as const;

const eventPattern = /^[a-z0-9][a-z0-9._:-]{0,99}$/;
export const usageInput = z.object({
  area: z.enum(usageAreas, { error: 'capture.errors.usageArea' }),
  event: z.string().regex(eventPattern, 'capture.errors.usageEvent'),
  workspaceId: z.string().min(1).max(36),
  userId: z.string().max(36).nullable().optional(),
});

export interface UsageRecord {
  /** insight, application (a product area) or integration. */
  area: UsageArea;
  /** What was used, e.g. `org-explorer`, `insight:team-health`, `slack`: lowercase, digits, . _ : - */
  event: string;
  workspaceId: string;
  userId?: string | null;
}

/** The schema's rules, checked by hand: true only when usageInput would accept the input as it is. */
export function plainlyValid(input: UsageRecord): boolean {
  const { area, event, workspaceId, userId } = input;
  return (
    usageAreas.includes(area) &&
    typeof event === 'string' && eventPattern.test(event) &&
    typeof workspaceId === 'string' && workspaceId.length >= 1 && workspaceId.length <= 36 &&
    (userId === undefined || userId === null || (typeof userId === 'string' && userId.length <= 36))
  );
}

const cacheTtlMs = 10_000;
const notRecorded = Promise.resolve(false);
const ignore = () => {};

export class UsageService {
  /** workspace id -> whether usage is recorded there, and when that was read (per replica, short-lived). */
  private readonly decisions = new Map<string, { record: boolean; at: number }>();
  /** People whose processing is restricted (a data subject request, issue 6) are left out of usage analytics. */
  private restricted: (userId: string) => Promise<boolean> = async () => false;

  constructor(
    private readonly repo: CaptureRepository,
    private readonly workspaces: WorkspacesRepository,
    private readonly capture: CaptureService,
    private readonly settings: CaptureConfig,
  ) {}

  /** Wired by the composition root: the dsar component's restriction check. */
  excludeRestricted(check: (userId: string) => Promise<boolean>): void {
    this.restricted = check;
  }

  /** The remembered decision for this workspace while it is fresh, else undefined. */
  private freshDecision(workspaceId: string): boolean | undefined {
    const cached = this.decisions.get(workspaceId);
    return cached && Date.now() - cached.at < cacheTtlMs ? cached.record : undefined;
  }

  /** Whether usage is recorded in this workspace now. */
  async isRecorded(workspaceId: string): Promise<boolean> {
    const cached = this.freshDecision(workspaceId);
    if (cached !== undefined) return cached;
    const workspace = await this.workspaces.findById(workspaceId);
    let record = false;
    if (workspace?.kind === 'sandbox') record = this.settings.usage.sandbox;
    else if (workspace?.kind === 'primary') record = (await this.repo.usageEnabled(workspaceId)) ?? false;
    if (this.decisions.size > 10_000) this.decisions.clear();
    this.decisions.set(workspaceId, { record, at: Date.now() });
    return record;
  }

  /**
   * Records one use (buffered, written off the request path). Resolves to whether it was recorded;
   * a bad event name is a ValidationError (a programming error in the caller, caught in tests).
   */
  record(input: UsageRecord): Promise<boolean> {
    // Runs on every page view: input that plainly fits skips the schema (which then only words the errors).
    if (!plainlyValid(input)) {
      const parsed = usageInput.safeParse(input);
      if (!parsed.success) return Promise.reject(new ValidationError(Object.fromEntries(parsed.error.issues.map((i) => [i.path.join('.') || '_', i.message]))));
    }
    // Where usage is off (the primary workspace by default), a fresh decision answers without any await.
    if (this.freshDecision(input.workspaceId) === false) return notRecorded;
    return this.recordChecked(input);
  }

  /**
   * record() for callers that do not wait (a page view at the end of each request): where usage is
   * off, nothing is checked and no promise is made; a failure is dropped (the writer counts and logs
   * its own). Callers pass event names of their own making: a bad one is a programming error that
   * record() would reject, and tests of record() catch it.
   */
  recordQuietly(input: UsageRecord): void {
    if (this.freshDecision(input.workspaceId) === false) return;
    this.record(input).catch(ignore);
  }

  private async recordChecked(input: UsageRecord): Promise<boolean> {
    if (!(await this.isRecorded(input.workspaceId))) return false;
    if (input.userId && (await this.restricted(input.userId))) return false;
    return this.capture.usage.push({ id: timeOrderedId(), workspaceId: input.workspaceId, userId: input.userId ?? null, area: input.area, event: input.event, occurredAt: now() });
  }

  /** The admin setting of the primary workspace (sandboxes follow the config). */
  async primaryEnabled(workspaceId: string): Promise<boolean> {
    return (await this.repo.usageEnabled(workspaceId)) ?? false;
  }

  async setPrimaryEnabled(workspaceId: string, enabled: boolean): Promise<void> {
    await this.repo.setUsageEnabled(workspaceId, enabled, now());
    this.decisions.delete(workspaceId);
  }
}
