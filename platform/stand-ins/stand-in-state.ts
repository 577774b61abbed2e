import type { DirectorySeed, SeedGroup, SeedUser } from './directory-seed';

export interface IssuedToken {
  readonly service: 'graph' | 'okta';
  readonly clientId: string;
  readonly permissions: readonly string[];
}

export interface SlackMessage {
  readonly channel: string;
  readonly text: string;
  readonly ts: string;
}

export interface WebhookDelivery {
  readonly path: string;
  readonly event: string | undefined;
  readonly body: unknown;
  readonly idempotencyKey: string | undefined;
  readonly timestamp: string | undefined;
  readonly verified: boolean;
  readonly duplicate: boolean;
}

/** The mutable world behind the stand-ins: directories, messages, deliveries, issued tokens. */
export class StandInState {
  users: SeedUser[] = [];
  groups: SeedGroup[] = [];
  /** Entra group object id → member object ids. */
  readonly entraMembers = new Map<string, Set<string>>();
  /** Okta group id → member user ids. */
  readonly oktaMembers = new Map<string, Set<string>>();
  readonly slackMessages: SlackMessage[] = [];
  readonly webhookDeliveries: WebhookDelivery[] = [];
  readonly tokens = new Map<string, IssuedToken>();
  /** Token endpoint hits, by service: how the tests see token caching. */
  tokenRequests = { graph: 0, okta: 0 };
  /** The workspace's channels, with whether the app's bot is a member (copied from the seed). */
  slackChannels: { readonly id: string; readonly name: string; botIsMember: boolean }[] = [];

  constructor(private readonly seed: DirectorySeed) {
    this.reset();
  }

  reset(): void {
    this.users = [...this.seed.users];
    this.groups = [...this.seed.groups];
    this.entraMembers.clear();
    this.oktaMembers.clear();
    for (const group of this.groups) {
      this.entraMembers.set(group.entraId, new Set());
      this.oktaMembers.set(group.oktaId, new Set());
    }
    for (const [groupKey, userKey] of this.seed.memberships) {
      const group = this.groups.find((g) => g.key === groupKey);
      const user = this.users.find((u) => u.key === userKey);
      if (group === undefined || user === undefined) continue;
      this.entraMembers.get(group.entraId)?.add(user.entraId);
      this.oktaMembers.get(group.oktaId)?.add(user.oktaId);
    }
    this.slackChannels = this.seed.slackChannels.map((c) => ({ ...c }));
    this.slackMessages.length = 0;
    this.webhookDeliveries.length = 0;
    this.tokens.clear();
    this.tokenRequests = { graph: 0, okta: 0 };
  }

  /** Invites the app's bot to a channel (by name, without #) or removes it, as a workspace admin would. */
  setSlackBotMembership(channelName: string, isMember: boolean): void {
    const channel = this.slackChannels.find((c) => c.name === channelName);
    if (channel === undefined) throw new Error(`the stand-in Slack workspace has no channel #${channelName}`);
    channel.botIsMember = isMember;
  }

  /** Keys of the members of a group (by group key) in one directory. */
  members(directory: 'entra' | 'okta', groupKey: string): string[] {
    const group = this.groups.find((g) => g.key === groupKey);
    if (group === undefined) return [];
    const ids = directory === 'entra' ? this.entraMembers.get(group.entraId) : this.oktaMembers.get(group.oktaId);
    return this.users.filter((u) => ids?.has(directory === 'entra' ? u.entraId : u.oktaId)).map((u) => u.key);
  }

  userByKey(key: string): SeedUser {
    const user = this.users.find((u) => u.key === key);
    if (user === undefined) throw new Error(`No seeded user ${key}`);
    return user;
  }

  groupByKey(key: string): SeedGroup {
    const group = this.groups.find((g) => g.key === key);
    if (group === undefined) throw new Error(`No seeded group ${key}`);
    return group;
  }
}
