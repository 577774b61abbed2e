import { mountApp } from '../../shared/mount-app';
import { AdminApp } from './admin-app';

mountApp(<AdminApp />);
