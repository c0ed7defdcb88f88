// cdktf's jest matchers (registered by Testing.setupJest() in setup.ts), for the type checker.
import 'cdktf/lib/testing/adapters/jest';
