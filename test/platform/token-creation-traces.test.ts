import { Lazy, Tokenization } from 'cdktf';
import { withoutTokenCreationTraces } from '../../lib/terraform/internal/token-stack-traces';

const creationStackOf = (token: string): string[] => Tokenization.reverseString(token).firstToken!.creationStack;
const lazyToken = (): string => Lazy.stringValue({ produce: () => 'value' });

describe('cdktf token creation traces during the platform\'s Terraform synth', () => {
  test('cdktf records where a token was created, by default', () => {
    expect(creationStackOf(lazyToken()).length).toBeGreaterThan(0);
  });

  test('they are off inside withoutTokenCreationTraces, and the token still resolves', () => {
    const token = withoutTokenCreationTraces(lazyToken);
    expect(creationStackOf(token)).toEqual([]);
    expect(Tokenization.reverseString(token).firstToken!.resolve({} as never)).toBe('value');
  });

  test('they are back after it returns, and after it throws', () => {
    withoutTokenCreationTraces(() => undefined);
    expect(creationStackOf(lazyToken()).length).toBeGreaterThan(0);
    expect(() => withoutTokenCreationTraces(() => { throw new Error('synth failed'); })).toThrow('synth failed');
    expect(creationStackOf(lazyToken()).length).toBeGreaterThan(0);
  });
});
