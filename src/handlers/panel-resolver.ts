import { createForgePanelDeps } from '../composition';
import { createResolverHandler } from './resolver-kit';
import { createPanelDefinitions, createPortalDefinitions } from './run-resolvers';

/** The `panel-resolver` function of manifest.yml: the agent issue panel. */
export const panelResolver = createResolverHandler(createPanelDefinitions(createForgePanelDeps));

/** The `portal-resolver` function of manifest.yml: the requester's portal panel. */
export const portalResolver = createResolverHandler(createPortalDefinitions(createForgePanelDeps));
