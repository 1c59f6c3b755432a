import { mkdtempSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { DeployOutputs } from '../../lib/core/deploy-outputs';

describe('DeployOutputs', () => {
  test('reads values from the cdktf outputs file, top level or nested by construct', () => {
    const dir = mkdtempSync(join(tmpdir(), 'outputs-'));
    const file = join(dir, 'outputs.json');
    writeFileSync(file, JSON.stringify({ 'prod-azure': { aks_cluster_name: 'aks-prod', identity: { model_server_client_id: 'abc' } } }));
    const outputs = DeployOutputs.fromFile(file, true);
    expect(outputs.get('prod-azure', 'aks_cluster_name', 'cluster')).toBe('aks-prod');
    expect(outputs.get('prod-azure', 'model_server_client_id', 'client id')).toBe('abc');
    expect(outputs.placeholders).toEqual([]);
    expect(() => outputs.assertComplete()).not.toThrow();
  });

  test('writes a named placeholder and lists it when a value is missing', () => {
    const outputs = DeployOutputs.none();
    expect(outputs.get('prod-azure', 'model_server_client_id', 'client ID of the model server identity')).toBe('PLACEHOLDER(prod-azure.model_server_client_id)');
    expect(outputs.placeholders).toEqual([
      { stack: 'prod-azure', output: 'model_server_client_id', description: 'client ID of the model server identity', text: 'PLACEHOLDER(prod-azure.model_server_client_id)' },
    ]);
    expect(() => outputs.assertComplete()).not.toThrow();
  });

  test('strict mode fails on any placeholder, listing each', () => {
    const outputs = DeployOutputs.fromObject({ 'prod-azure': {} }, true);
    outputs.get('prod-azure', 'a_client_id', 'identity A');
    outputs.get('prod-gcp', 'project_number', 'project number');
    expect(() => outputs.assertComplete()).toThrow(/strict mode: 2 value\(s\) missing[\s\S]*prod-azure\.a_client_id: identity A[\s\S]*prod-gcp\.project_number: project number/);
  });

  test('an unreadable file is a clear error', () => {
    expect(() => DeployOutputs.fromFile('/nonexistent/outputs.json')).toThrow(/outputs file \/nonexistent\/outputs.json: cannot read it as JSON/);
  });
});
