import { ClusterObjects } from './cluster-objects';

/**
 * Answers about one folder's objects and pods, kept as long as the folder's object index. The emitted objects and the
 * pod inventory do not change while a report is computed, so an answer keyed by their identity stays right; the
 * evaluator asks the same questions of the same pods, policies and Servers for every flow.
 */
export class FolderMemo<K extends object, V> {
  private readonly folders = new WeakMap<ClusterObjects, WeakMap<K, V>>();

  /** The answer for `key` in this folder, computed on first use. */
  public get(objects: ClusterObjects, key: K, compute: () => V): V {
    let answers = this.folders.get(objects);
    if (!answers) this.folders.set(objects, (answers = new WeakMap()));
    let answer = answers.get(key);
    if (answer === undefined) answers.set(key, (answer = compute()));
    return answer;
  }
}
