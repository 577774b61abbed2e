import SectionMessage from '@atlaskit/section-message';
import type { AccessView } from '../../../../src/contract/admin';

/** Tells someone who may not change this tab why, above what they can still look at. */
export function ReadOnlyNotice({ access, title }: { access: AccessView; title: string }) {
  if (access.canPublish) return null;
  return (
    <SectionMessage appearance="warning" title={title}>
      <p>{access.reason}</p>
    </SectionMessage>
  );
}
