// The primary workspace is the organization; it is created on first start. Sandboxes (a second kind,
// with an expiry time) are known to the model already; their lifecycle comes later.
import type { Config } from '../../config.js';
import { newId, now } from '../../platform/ids.js';
import type { SignupMode, Workspace, WorkspacesRepository } from './workspaces.repository.js';

export class WorkspacesService {
  private primary?: Workspace;
  private primaryNamed?: Pick<Workspace, 'id' | 'name'>;

  constructor(
    private readonly repo: WorkspacesRepository,
    private readonly config: Config,
  ) {}

  async ensurePrimary(name = 'My organization'): Promise<Workspace> {
    await this.repo.insertPrimaryIfMissing({ id: newId(), kind: 'primary', name, signupMode: null, expiresAt: null, createdAt: now() });
    return this.getPrimary();
  }

  async getPrimary(): Promise<Workspace> {
    this.primary = await this.repo.findPrimary();
    if (!this.primary) throw new Error('The primary workspace does not exist yet: run `opsenic migrate` and start the server once.');
    return this.primary;
  }

  /**
   * The primary workspace's id and name, read once: they never change after it is created (only its
   * sign-up mode does, which getPrimary() reads fresh). Pages that show the organization's name use
   * this instead of a query per request.
   */
  async primaryName(): Promise<Pick<Workspace, 'id' | 'name'>> {
    if (!this.primaryNamed) {
      const { id, name } = await this.getPrimary();
      this.primaryNamed = { id, name };
    }
    return this.primaryNamed;
  }

  async createSandbox(name: string, expiresAt: number): Promise<Workspace> {
    const workspace: Workspace = { id: newId(), kind: 'sandbox', name, signupMode: 'invite', expiresAt, createdAt: now() };
    await this.repo.insert(workspace);
    return workspace;
  }

  /** The workspace's own setting, else the config default. */
  async signupMode(): Promise<SignupMode> {
    const primary = await this.getPrimary();
    return primary.signupMode ?? this.config.accounts.signup;
  }

  async setSignupMode(mode: SignupMode | null): Promise<void> {
    const primary = await this.getPrimary();
    await this.repo.setSignupMode(primary.id, mode);
  }
}
