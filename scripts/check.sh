#!/usr/bin/env bash
# The whole test gate, in order: types, lint (with architecture boundaries), manifest schema,
# Forge's client-side linters against the local OpenAPI documents, then the jest suites.
set -euo pipefail
cd "$(dirname "$0")/.."
step() { printf '\n== %s\n' "$*"; }

step "type-check (tsc)"
npx tsc -p tsconfig.json --noEmit

step "eslint (boundaries: domain/app import no @forge/* or Node built-ins)"
npx eslint --max-warnings 0 .

step "build the Custom UI pages (manifest resources point at their build folders)"
npx tsx scripts/build-ui.ts

step "manifest.yml against @forge/manifest"
npx tsx scripts/validate-manifest.ts

step "@forge/lint client-side linters (offline, ../shared/openapi)"
npx tsx scripts/forge-lint.ts

step "jest"
npx tsx scripts/run-jest.ts "$@"
