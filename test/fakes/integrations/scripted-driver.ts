import type { ActionAttempt, ActionDriver, AttemptInput, ProbeResult } from '../../../src/ports/integrations';

/** A driver that answers from a script and remembers what it was asked. */
export class ScriptedDriver implements ActionDriver {
  readonly inputs: AttemptInput[] = [];
  constructor(private readonly script: Array<ActionAttempt | Error>, private readonly probeResult: ProbeResult = { ok: true, detail: 'ok' }) {}
  async perform(input: AttemptInput): Promise<ActionAttempt> {
    this.inputs.push(input);
    const next = this.script.length > 1 ? this.script.shift() : this.script[0];
    if (next === undefined) throw new Error('script exhausted');
    if (next instanceof Error) throw next;
    return next;
  }
  async probe(): Promise<ProbeResult> {
    return this.probeResult;
  }
}
