import { Construct } from 'constructs';
import { ArtifactRegistryRepository } from '../../terraform/internal/google';

export interface ModelRegistryProps {
  readonly project: string;
  readonly location: string;
  readonly repository: string;
}

/**
 * The Artifact Registry repository that model images are published to and GKE pulls from. Tags are
 * immutable, so a published model version always means the same image.
 */
export class ModelRegistry extends Construct {
  public readonly repository: ArtifactRegistryRepository;

  constructor(scope: Construct, id: string, props: ModelRegistryProps) {
    super(scope, id);
    this.repository = new ArtifactRegistryRepository(this, 'repository', {
      project: props.project,
      location: props.location,
      repositoryId: props.repository,
      format: 'DOCKER',
      description: 'Model images published by the ML pipeline',
      dockerConfig: { immutableTags: true },
    });
  }
}
