import { Testing } from 'cdktf';
import 'cdktf/lib/testing/adapters/jest';

// Registers cdktf's matchers (toHaveResourceWithProperties, ...); the import above only brings their types.
// Imported by the suites that use them, so the others do not load cdktf for nothing.
Testing.setupJest();
