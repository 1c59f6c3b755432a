import { Testing } from 'cdktf';
import 'cdktf/lib/testing/adapters/jest';

// Registers cdktf's matchers (toHaveResourceWithProperties, ...); the import above only brings their types.
Testing.setupJest();
