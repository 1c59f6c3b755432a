import { Issues } from '../../../core/validation';
import { ClusterOutput } from '../cluster-output';

/**
 * A rule over a whole cluster folder, run before anything is written: what no single construct can see, such as
 * two charts emitting one object, or a kind nothing installs. Issues name the file and the object.
 */
export type ClusterOutputCheck = (output: ClusterOutput, issues: Issues) => void;
