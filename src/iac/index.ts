// Image references in CloudFormation, Terraform and CDK files (issue 16). One entry for
// extension.ts: the checks load on demand (./checksOnDemand, the features bundle); the finders
// themselves are in ./references (a lazily loaded bundle).
export { registerIacChecks, type IacChecks } from './checksOnDemand';
export type { TemplateChecks } from './templateChecks';
export {
  findWorkspaceReferences,
  findWorkspaceReferencesOfImages,
  type ImageTarget,
  type WorkspaceReference,
  type WorkspaceReferences,
} from './workspaceReferences';
