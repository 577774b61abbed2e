import { createAdminDefinitions } from './admin-resolver';
import { createForgeAdminServices } from './admin-services';
import { createResolverHandler } from './resolver-kit';

/** The `admin-resolver` function of manifest.yml: the admin page's resolvers on Forge. */
export const adminResolver = createResolverHandler(createAdminDefinitions(createForgeAdminServices));
