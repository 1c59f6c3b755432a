import { EnvironmentConfig } from '../../lib/config/environment';
import { dev } from './dev';
import { prod } from './prod';

/** Every environment the example platform synthesizes. Add a new one here. */
export const environments: readonly EnvironmentConfig[] = [dev, prod];
