import { parseFamiliarName } from '@swimlane/docker-reference';
import { Issues } from '../../core/validation';

/**
 * An image reference parsed by the distribution reference grammar (@swimlane/docker-reference, a port of
 * distribution/reference): optional registry host with port, lowercase path components, at most 255 characters of
 * name, then `:tag` and/or `@<algorithm>:<digest>`. Returns the parser's complaint when it is not one.
 */
export function imageReferenceProblem(image: string): string | undefined {
  try {
    parseFamiliarName(image);
    return undefined;
  } catch (error) {
    return (error as Error).message.replace(/^invalid reference format: /, '');
  }
}

/** True for a valid image reference with a tag other than `latest`, or a digest. */
export function isPinnedImage(image: string): boolean {
  if (imageReferenceProblem(image) !== undefined) return false;
  const reference = parseFamiliarName(image);
  return reference.digest !== undefined || (reference.tag !== undefined && reference.tag !== 'latest');
}

export function checkPinnedImage(issues: Issues, field: string, image: string): boolean {
  const problem = imageReferenceProblem(image);
  if (problem !== undefined) {
    return issues.check(false, field, image, `must be an image reference ([registry[:port]/]lowercase/path:tag or @sha256:digest, name at most 255 characters): ${problem}`);
  }
  return issues.check(isPinnedImage(image), field, image, 'must carry a pinned tag (not latest) or a sha256 digest, so a rollout is reproducible');
}
