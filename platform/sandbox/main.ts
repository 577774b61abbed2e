/**
 * `npm start`: the local platform with the app installed and the demo service desk, on
 * 127.0.0.1 (PORT or a free port). The emulated clock follows the wall clock unless
 * `--frozen-clock` is given (then only `POST /_sandbox/clock/advance` moves it).
 * State is in memory unless `--state <file>` or STATE_FILE names a file (loaded at start, saved on exit).
 * The app is configured as the demo admin would (settings, the example policy, connections to the
 * stand-ins) unless `--unconfigured` is given, to try the admin pages from scratch.
 */
import { startSandbox } from './start-sandbox';

function readArgs(argv: string[]): { stateFile?: string; frozen: boolean; configure: boolean } {
  const out: { stateFile?: string; frozen: boolean; configure: boolean } = { frozen: false, configure: true };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--state') {
      const file = argv[++i];
      if (!file) throw new Error('--state needs a file path');
      out.stateFile = file;
    } else if (arg?.startsWith('--state=')) out.stateFile = arg.slice('--state='.length);
    else if (arg === '--frozen-clock') out.frozen = true;
    else if (arg === '--unconfigured') out.configure = false;
    else throw new Error(`unknown argument "${String(arg)}" (use --state <file>, --frozen-clock, --unconfigured)`);
  }
  if (!out.stateFile && process.env.STATE_FILE) out.stateFile = process.env.STATE_FILE;
  return out;
}

async function main(): Promise<void> {
  const args = readArgs(process.argv.slice(2));
  const port = process.env.PORT ? Number(process.env.PORT) : undefined;
  if (port !== undefined && (!Number.isInteger(port) || port < 0 || port > 65535)) throw new Error(`PORT must be a port number, got "${process.env.PORT}"`);
  const sandbox = await startSandbox({ ...(port !== undefined ? { port } : {}), ...(args.stateFile ? { stateFile: args.stateFile } : {}), configure: args.configure, log: (line) => console.log(line) });

  let ticker: NodeJS.Timeout | undefined;
  if (!args.frozen) {
    let last = Date.now();
    let busy = false;
    ticker = setInterval(() => {
      if (busy) return;
      busy = true;
      const now = Date.now();
      const step = now - last;
      last = now;
      sandbox.platform.advance(step).finally(() => (busy = false));
    }, 1000);
  }

  console.log(`Approval Router sandbox: ${sandbox.url}`);
  console.log(`  users: ${sandbox.demo.users.map((u) => `${u.emailAddress} (${u.role})`).slice(0, 8).join(', ')}, ...`);
  console.log(`  try:   curl -s -u alice@example.com:x ${sandbox.url}/rest/servicedeskapi/servicedesk/1/requesttype`);
  console.log('  docs:  docs/local-platform.md; Ctrl-C stops.');

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    if (ticker) clearInterval(ticker);
    console.log(`\n${signal}: stopping`);
    await sandbox.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((e: unknown) => {
  console.error(`sandbox: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
