import Tabs, { Tab, TabList, TabPanel } from '@atlaskit/tabs';
import { token } from '@atlaskit/tokens';
import { useState } from 'react';
import { Loaded } from '../../shared/status-views';
import { useLoad } from '../../shared/use-resolver';
import { getAccess } from './api/get-access';
import { ConnectionsTab } from './tabs/connections-tab';
import { RoutingTab } from './tabs/routing-tab';
import { SettingsTab } from './tabs/settings-tab';
import { SetupTab } from './tabs/setup-tab';
import { SimulateTab } from './tabs/simulate-tab';
import { VersionsTab } from './tabs/versions-tab';
import { WorkflowsTab } from './tabs/workflows-tab';

const TABS = ['Routing', 'Versions', 'Simulate', 'Workflows', 'Connections', 'Setup check', 'Settings'] as const;

/** The admin settings page: one tab per job, permissions checked on the server for every call. */
export function AdminApp() {
  const { result, reload } = useLoad(getAccess);
  const [selected, setSelected] = useState(0);
  // Bumped after a publish or restore so the other tabs read fresh data when opened.
  const [generation, setGeneration] = useState(0);
  const bump = () => setGeneration((g) => g + 1);
  return (
    <div>
      <h1 style={{ fontSize: '20px', marginBottom: token('space.150') }}>Approval Router</h1>
      <Loaded result={result} what="your permissions">
        {(access) => (
          <Tabs id="approval-router-admin" selected={selected} onChange={(index) => setSelected(index)}>
            <TabList>
              {TABS.map((t) => (
                <Tab key={t}>{t}</Tab>
              ))}
            </TabList>
            <TabPanel>
              <div style={{ width: '100%', paddingTop: token('space.200') }}>{selected === 0 ? <RoutingTab access={access} onPublished={bump} /> : null}</div>
            </TabPanel>
            <TabPanel>
              <div style={{ width: '100%', paddingTop: token('space.200') }}>{selected === 1 ? <VersionsTab key={generation} access={access} onRestored={bump} /> : null}</div>
            </TabPanel>
            <TabPanel>
              <div style={{ width: '100%', paddingTop: token('space.200') }}>{selected === 2 ? <SimulateTab /> : null}</div>
            </TabPanel>
            <TabPanel>
              <div style={{ width: '100%', paddingTop: token('space.200') }}>{selected === 3 ? <WorkflowsTab /> : null}</div>
            </TabPanel>
            <TabPanel>
              <div style={{ width: '100%', paddingTop: token('space.200') }}>{selected === 4 ? <ConnectionsTab access={access} /> : null}</div>
            </TabPanel>
            <TabPanel>
              <div style={{ width: '100%', paddingTop: token('space.200') }}>{selected === 5 ? <SetupTab /> : null}</div>
            </TabPanel>
            <TabPanel>
              <div style={{ width: '100%', paddingTop: token('space.200') }}>{selected === 6 ? <SettingsTab access={access} onSaved={() => { reload(); bump(); }} /> : null}</div>
            </TabPanel>
          </Tabs>
        )}
      </Loaded>
    </div>
  );
}
