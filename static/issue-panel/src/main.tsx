import { mountApp } from '../../shared/mount-app';
import { RunPanel } from './run-panel';

mountApp(<RunPanel />);
