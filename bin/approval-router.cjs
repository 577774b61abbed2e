#!/usr/bin/env node
// The policy CLI: `npx approval-router validate|simulate|explain ...`. Runs the TypeScript sources
// through tsx so the CLI and the app share one copy of the domain.
require('tsx/cjs');
require('../src/cli/main.ts');
