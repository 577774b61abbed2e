import { mountApp } from '../../shared/mount-app';
import { StatusPanel } from './status-panel';

mountApp(<StatusPanel />);
