import { Issues } from '../../core/validation';

const IMAGE_REFERENCE = /^[^\s:@]+(:[\w][\w.-]{0,127})?(@sha256:[a-f0-9]{64})?$/;

/** True for an image reference with a tag other than `latest`, or a sha256 digest. */
export function isPinnedImage(image: string): boolean {
  if (!IMAGE_REFERENCE.test(image)) return false;
  if (image.includes('@sha256:')) return true;
  const tag = /:([^/:]+)$/.exec(image)?.[1];
  return tag !== undefined && tag !== 'latest';
}

export function checkPinnedImage(issues: Issues, field: string, image: string): boolean {
  return issues.check(isPinnedImage(image), field, image, 'must carry a pinned tag (not latest) or a sha256 digest, so a rollout is reproducible');
}
