// The only file that loads google provider bindings, each through its deep path (the package root
// costs seconds and hundreds of MB per synth). Moving to another provider distribution edits this file.
export { GoogleProvider } from '@cdktf/provider-google/lib/provider';
