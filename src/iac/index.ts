// Image references in CloudFormation, Terraform and CDK files (issue 16). One entry for
// extension.ts; the finders themselves are in ./references (a lazily loaded bundle).
export { registerTemplateChecks as registerIacChecks, type TemplateChecks } from './templateChecks';
export {
  findWorkspaceReferences,
  findWorkspaceReferencesOfImages,
  type ImageTarget,
  type WorkspaceReference,
  type WorkspaceReferences,
} from './workspaceReferences';
