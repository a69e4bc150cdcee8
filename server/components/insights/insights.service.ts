// The insights service: what the routes (API, pages, CSV) and `opsenic insights` call.
// - board(viewer, id, options): one board, computed for the viewer's scope and language;
// - visibleBoards(viewer): the boards and scopes this viewer may open;
// - snapshot(now?): the daily job body (behavioural aggregates into the snapshot tables).
// Who sees what: everyone sees workspace-wide structure; a lead sees every board of the subtrees
// they lead; admins see everything. Behavioural figures are shown only for groups of at least k
// people (config insights.minGroupSize), with complementary suppression (insights.privacy.ts).
import type { Language } from '../../platform/i18n.js';
import type { Actor } from '../policy/policy.js';
import type { Board, BoardId } from './insights.types.js';

/** Who opens a board: the signed-in person (as the policy sees them) and the language of the answer. */
export interface InsightsViewer extends Actor {
  language: Language;
}

export interface BoardOptions {
  /** The node whose subtree the figures cover; absent = the whole workspace. */
  nodeId?: string;
  /** Period of the time-based charts, ISO dates (YYYY-MM-DD), inclusive; default: the last 12 months. */
  from?: string;
  to?: string;
}

/** A board the viewer may open, and at which scopes. */
export interface VisibleBoard {
  id: BoardId;
  title: string;
  sentence: string;
  /** The workspace-wide board is open to the viewer. */
  workspace: boolean;
  /** The nodes the viewer leads: each opens the board for that node's subtree (and any node below it). */
  nodes: Array<{ id: string; name: string }>;
  /** Admins: any node of the workspace. */
  anyNode: boolean;
}

export interface SnapshotResult {
  rows: number;
  ms: number;
  /** The longest single write transaction of the run (the job writes in small transactions). */
  longestWriteMs: number;
  /** The day (YYYY-MM-DD, UTC) the snapshot describes. */
  day: string;
}

export interface InsightsApi {
  board(viewer: InsightsViewer, id: BoardId, options?: BoardOptions): Promise<Board>;
  visibleBoards(viewer: InsightsViewer): Promise<VisibleBoard[]>;
  snapshot(now?: Date): Promise<SnapshotResult>;
}
