import type { Envelope } from '../../../../src/contract/envelope';
import type { RunView } from '../../../../src/contract/run-view';
import { callResolver } from '../../../shared/call-resolver';

/** `run/get`: the run of the issue this panel is on (the server reads the issue from the context). */
export function getRun(issueKey?: string): Promise<Envelope<RunView>> {
  return callResolver<RunView>('run/get', issueKey ? { issueKey } : {});
}
