/** Timestamps in the formats Jira and JSM put on the wire. */

/** `2024-05-01T10:00:00.000+0000`, the format of Jira's `created`/`updated` fields. */
export function formatJiraTime(iso: string): string {
  return new Date(iso).toISOString().replace('Z', '+0000');
}

/** JSM's DateDTO for an instant. */
export function toDateDto(iso: string): { iso8601: string; jira: string; friendly: string; epochMillis: number } {
  const d = new Date(iso);
  const jira = formatJiraTime(iso);
  return { iso8601: jira.replace(/\.[0-9]{3}/, ''), jira, friendly: d.toUTCString(), epochMillis: d.getTime() };
}
