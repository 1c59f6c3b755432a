import { mkdtempSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { DeployOutputs, OUTPUT_KINDS, outputValueProblem } from '../../lib/core/deploy-outputs';
import { PlatformValidationError } from '../../lib/core/validation';
import { bindingOutputName } from '../../lib/contract/identity/identity-names';
import { AZURE_ML_APP_ID_URI_OUTPUT, pipelineClientIdOutput, PROJECT_NUMBER_OUTPUT } from '../../lib/contract/output-names';

const CLIENT_ID = '0c0c0c0c-1111-2222-3333-444444444444';

describe('DeployOutputs', () => {
  test('reads values from the cdktf outputs file, top level or nested by construct', () => {
    const dir = mkdtempSync(join(tmpdir(), 'outputs-'));
    const file = join(dir, 'outputs.json');
    writeFileSync(file, JSON.stringify({ 'prod-azure': { aks_cluster_name: 'aks-prod', identity: { model_server_client_id: CLIENT_ID } } }));
    const outputs = DeployOutputs.fromFile(file, true);
    expect(outputs.get('prod-azure', 'aks_cluster_name', 'cluster')).toBe('aks-prod');
    expect(outputs.get('prod-azure', 'model_server_client_id', 'client id')).toBe(CLIENT_ID);
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

  test.each([
    ['a_client_id', 'not-a-guid', 'must be a client ID (a GUID)'],
    ['a_client_id', `${CLIENT_ID}\n`, 'must be a client ID (a GUID)'],
    ['project_number', '12345678901a', 'must be a Google project number (digits)'],
    ['azureml_app_id_uri', 'https://example.com', 'must be an App ID URI, api://<client id>'],
    ['aks_cluster_name', 'aks prod', 'must be one line of plain text'],
    ['aks_cluster_name', 'aks-$(reboot)', 'must be one line of plain text'],
  ])('%s = %j is refused with the output, the value and the rule', (output, value, rule) => {
    const outputs = DeployOutputs.fromObject({ 'prod-azure': { [output]: value } });
    expect(() => outputs.get('prod-azure', output, 'what it is')).toThrow(PlatformValidationError);
    expect(() => outputs.get('prod-azure', output, 'what it is')).toThrow(`prod-azure.${output} = ${JSON.stringify(value)}: ${rule}`);
  });

  test('every output name the platform reads back has a kind, and accepts what Terraform writes for it', () => {
    expect(outputValueProblem(pipelineClientIdOutput('model-publisher'), CLIENT_ID)).toBeUndefined();
    expect(outputValueProblem(PROJECT_NUMBER_OUTPUT, '123456789012')).toBeUndefined();
    expect(outputValueProblem(AZURE_ML_APP_ID_URI_OUTPUT, `api://${CLIENT_ID}`)).toBeUndefined();
    for (const name of [pipelineClientIdOutput('model-deployer'), PROJECT_NUMBER_OUTPUT, AZURE_ML_APP_ID_URI_OUTPUT, bindingOutputName('x', 'client_id'), bindingOutputName('x', 'project_number')]) {
      expect({ name, typed: OUTPUT_KINDS.some((k) => name.endsWith(k.suffix)) }).toEqual({ name, typed: true });
    }
  });
});
