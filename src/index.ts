// Forge entry points: re-exports only. Each export name is the handler named in manifest.yml.

// triggers
export { onRequestCreated, onRequestUpdated, onRequestCommented } from './handlers/lifecycle-handlers';

// consumers
export { runStepConsumer } from './handlers/lifecycle-handlers';

// scheduled
export { sweepTimersScheduled } from './handlers/lifecycle-handlers';

// resolvers
export { adminResolver } from './handlers/admin-handler';
export { panelResolver, portalResolver } from './handlers/panel-resolver';
