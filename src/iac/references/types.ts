// What the reference finders return. Pure data: no `vscode`, no SDK. Offsets are UTF-16 code
// unit offsets into the text given (what `TextDocument.positionAt` takes).

export type TemplateFormat = 'cloudformation-yaml' | 'cloudformation-json' | 'terraform' | 'cdk';

/** One literal image name or ARN written in a template, with where it is. */
export interface ImageReference {
  format: TemplateFormat;
  /** `name`: ImageName / image_name / name; `arn`: ImageArn / image_arn / arn. */
  kind: 'name' | 'arn';
  /** The literal as written between its quotes (escapes are not expected in image names or ARNs). */
  value: string;
  /** The literal's text, without its quotes. */
  start: number;
  end: number;
  /** The property key as written (`ImageName`, `image_name`, `imageName`, ...) and where it is (without quotes). */
  key: string;
  keyStart: number;
  keyEnd: number;
  /** The key that names the image by ARN in this format (`ImageArn`, `image_arn`, `arn`, `imageArn`). */
  arnKey: string;
  /** `AWS::AppStream::Fleet`, `aws_appstream_fleet`, `data.aws_appstream_image`, `CfnImageBuilder`, ... */
  resourceType: string;
  /** The logical id, Terraform resource name or CDK construct id, when it is written literally. */
  resourceName?: string;
  /** The same resource also sets the ARN key (replacing the name by the ARN would duplicate it). */
  hasArnKey: boolean;
}

/** A value skipped because it is computed (`!Ref Param`, `var.image`, a variable): counted, never guessed. */
export interface FindResult {
  references: ImageReference[];
  /** Image properties whose value is not a literal string. */
  computed: number;
}
