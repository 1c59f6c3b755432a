import { Token } from 'cdktf';
import { recognizeUnresolved } from '../core/unresolved';

// Loaded by every provider module in internal/, so any construct that can make a token has registered the
// test before its rules run (lib/core/unresolved.ts).
recognizeUnresolved((value) => Token.isUnresolved(value));
