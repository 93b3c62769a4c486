// The reference finders (src/iac/references), pure: real-world shaped templates in
// test/fixtures/iac/, with CloudFormation short-form tags, JSON, HCL heredocs and comments,
// CDK object literals. Each reference's range must cover exactly its literal.
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import {
  findImageReferences,
  findInCdk,
  findInCloudFormationJson,
  findInCloudFormationYaml,
  findInTerraform,
  templateFormatOf,
  type FindResult,
  type ImageReference,
} from '../../../src/iac/references';
import { mayReferenceImages } from '../../../src/iac/references/sniff';

const FIXTURES = path.resolve(__dirname, '../../../../test/fixtures/iac');
const read = (name: string) => fs.readFileSync(path.join(FIXTURES, name), 'utf8');

/** What a test compares: the literal, and that the ranges really hold the literal and the key. */
function summary(text: string, result: FindResult): string[] {
  return result.references.map((r) => {
    assert.equal(text.slice(r.start, r.end), r.value, `value range of ${r.value}`);
    assert.equal(text.slice(r.keyStart, r.keyEnd), r.key, `key range of ${r.key}`);
    return `${r.resourceType} ${r.resourceName ?? '?'} ${r.key}=${r.value}${r.kind === 'name' && r.hasArnKey ? ' +arn' : ''}`;
  });
}

function lineOf(text: string, ref: ImageReference): number {
  return text.slice(0, ref.start).split('\n').length;
}

describe('iac references', () => {
  describe('CloudFormation YAML', () => {
    const text = read('cloudformation.yaml');
    const result = findInCloudFormationYaml(text);

    it('finds the literal ImageName/ImageArn of fleets and image builders, with ranges', () => {
      assert.deepEqual(summary(text, result), [
        'AWS::AppStream::Fleet DevFleet ImageName=in-use-by-fleet',
        'AWS::AppStream::Fleet SharedFleet ImageName=team-base',
        'AWS::AppStream::Fleet BrokenFleet ImageName=no-such-image',
        'AWS::AppStream::ImageBuilder FailedBuilder ImageArn=arn:aws:appstream:us-east-1:111111111111:image/failed-image-with-errors',
        'AWS::AppStream::Fleet EuFleet ImageArn=arn:aws:appstream:eu-west-1:111111111111:image/dev-eu-app-image',
      ]);
      assert.deepEqual(result.references.map((r) => lineOf(text, r)), [14, 21, 26, 31, 48]);
      assert.deepEqual([...new Set(result.references.map((r) => r.kind))], ['name', 'arn']);
    });

    it('leaves !Ref, !Sub with variables and !If alone, and counts them as computed', () => {
      assert.equal(result.computed, 3);
      assert.ok(!result.references.some((r) => /BaseImage|prod-golden|deletable-2|WinServer2022/.test(r.value)));
    });

    it('ignores other resource types and a quoted value keeps its quotes outside the range', () => {
      assert.ok(!result.references.some((r) => r.value === 'not-an-appstream-image'));
      const shared = result.references[1];
      assert.equal(text[shared.start - 1], '"');
      assert.equal(text[shared.end], '"');
    });

    it('reads every short-form tag without errors, in scalar, sequence and mapping form', () => {
      const tagged = [
        'Resources:',
        '  F:',
        '    Type: AWS::AppStream::Fleet',
        '    Properties:',
        '      ImageName: !Sub plain-literal',
        '      ImageArn: !GetAtt Other.Arn',
        '      Tags: !If [C, !Base64 x, !Join ["", [a, !Select [0, !Split [",", !ImportValue y]]]]]',
        '      Other: !FindInMap { a: b }',
        '  B:',
        '    Type: AWS::AppStream::ImageBuilder',
        '    Properties: { ImageName: builder-image, ImageArn: !GetAZs "" }',
      ].join('\n');
      const found = findInCloudFormationYaml(tagged);
      assert.deepEqual(summary(tagged, found), ['AWS::AppStream::Fleet F ImageName=plain-literal +arn', 'AWS::AppStream::ImageBuilder B ImageName=builder-image +arn']);
      assert.equal(found.computed, 2);
    });

    it('returns nothing for YAML that is not a template, or is broken', () => {
      assert.deepEqual(findInCloudFormationYaml('apiVersion: v1\nkind: Pod\n').references, []);
      assert.deepEqual(findInCloudFormationYaml('Resources: [\n  - : :').references, []);
      assert.deepEqual(findInCloudFormationYaml('').references, []);
    });
  });

  describe('CloudFormation JSON', () => {
    const text = read('cloudformation.json');
    const result = findInCloudFormationJson(text);

    it('finds string ImageName/ImageArn; Ref and Fn::Join objects are computed', () => {
      assert.deepEqual(summary(text, result), [
        'AWS::AppStream::Fleet PublicFleet ImageArn=arn:aws:appstream:us-east-1::image/AppStream-WinServer2019-06-17-2024',
        'AWS::AppStream::ImageBuilder DeletingBuilder ImageName=state-deleting',
        'AWS::AppStream::Fleet SharedByName ImageName=prod-shared-with-dev',
      ]);
      assert.equal(result.computed, 2);
      assert.deepEqual(result.references.map((r) => lineOf(text, r)), [10, 17, 24]);
    });

    it('tolerates comments and trailing commas (jsonc) and a half-typed file', () => {
      const jsonc = '{ // c\n "Resources": { "F": { "Type": "AWS::AppStream::Fleet", "Properties": { "ImageName": "x", }, }, }, }';
      assert.deepEqual(summary(jsonc, findInCloudFormationJson(jsonc)), ['AWS::AppStream::Fleet F ImageName=x']);
      const half = '{ "Resources": { "F": { "Type": "AWS::AppStream::Fleet", "Properties": { "ImageName": "y", "Instance';
      assert.deepEqual(summary(half, findInCloudFormationJson(half)), ['AWS::AppStream::Fleet F ImageName=y']);
    });
  });

  describe('Terraform', () => {
    const text = read('main.tf');
    const result = findInTerraform(text);

    it('finds literal image_name/image_arn of fleets and builders and name/arn of the image data source', () => {
      assert.deepEqual(summary(text, result), [
        'aws_appstream_fleet dev image_name=in-use-by-fleet',
        'aws_appstream_fleet shared image_name=prod-shared-with-dev',
        'aws_appstream_image_builder builder image_arn=arn:aws:appstream:us-east-1::image/AppStream-WinServer2022-06-17-2024',
        'data.aws_appstream_image latest name=missing-from-terraform',
      ]);
      assert.deepEqual(result.references.map((r) => r.arnKey), ['image_arn', 'image_arn', 'image_arn', 'arn']);
    });

    it('skips comments, heredocs, nested blocks, other resources; variables, interpolation and expressions are computed', () => {
      assert.ok(!result.references.some((r) => /in-(heredoc|block-comment)|commented-out|not-appstream|deletable/.test(r.value)));
      assert.equal(result.computed, 3);
    });

    it('handles nested strings inside interpolation, escaped $${, and unlabelled oddities', () => {
      const tf = [
        'resource "aws_appstream_fleet" "a" {',
        '  description = "${lookup(var.m, "}")} {"',
        '  image_name  = "$${not-interpolated}"',
        '}',
        'resource aws_appstream_image_builder b {',
        '  image_arn = "arn:aws:appstream:eu-west-1::image/X"  /* trailing */',
        '  image_name = "n"',
        '}',
      ].join('\n');
      assert.deepEqual(summary(tf, findInTerraform(tf)), [
        'aws_appstream_fleet a image_name=$${not-interpolated}',
        'aws_appstream_image_builder b image_arn=arn:aws:appstream:eu-west-1::image/X',
        'aws_appstream_image_builder b image_name=n +arn',
      ]);
    });
  });

  describe('CDK', () => {
    const text = read('stack.ts');
    const result = findInCdk(text);

    it('finds imageName/imageArn in the props of new CfnFleet / new ns.CfnImageBuilder', () => {
      assert.deepEqual(summary(text, result), [
        'CfnFleet DevFleet imageName=outdated-agent',
        'CfnFleet MissingFleet imageName=missing-from-cdk',
        'CfnImageBuilder Builder imageArn=arn:aws:appstream:us-east-1:222222222222:image/team-base',
      ]);
    });

    it('is not fooled by comments, strings or regular expressions; variables and substitutions are computed', () => {
      assert.ok(!result.references.some((r) => /in-(comment|string)/.test(r.value)));
      assert.equal(result.computed, 2);
    });

    it('reads JavaScript, quoted keys and nested calls', () => {
      const js = "const { CfnFleet } = require('aws-cdk-lib/aws-appstream');\nnew CfnFleet(stack, 'F', { 'imageName': \"js-image\", computeCapacity: f({ imageName: 'nested' }) });\nnew CfnFleet(stack, 'G', { imageName });";
      const found = findInCdk(js);
      assert.deepEqual(summary(js, found), ['CfnFleet F imageName=js-image']);
      assert.equal(found.computed, 1);
    });
  });

  describe('dispatch', () => {
    it('picks the finder by language id or file name', () => {
      assert.equal(templateFormatOf('/w/infra/fleet.yml'), 'cloudformation-yaml');
      assert.equal(templateFormatOf('/w/template', 'yaml'), 'cloudformation-yaml');
      assert.equal(templateFormatOf('/w/t.json'), 'cloudformation-json');
      assert.equal(templateFormatOf('/w/main.tf', 'plaintext'), 'terraform');
      assert.equal(templateFormatOf('/w/x', 'terraform'), 'terraform');
      assert.equal(templateFormatOf('/w/stack.ts'), 'cdk');
      assert.equal(templateFormatOf('/w/stack.mjs'), 'cdk');
      assert.equal(templateFormatOf('/w/types.d.ts'), undefined);
      assert.equal(templateFormatOf('/w/readme.md', 'markdown'), undefined);
      const text = read('main.tf');
      assert.deepEqual(findImageReferences(text, 'terraform'), findInTerraform(text));
    });

    it('sniffs cheaply whether a document may reference images', () => {
      assert.ok(mayReferenceImages(read('cloudformation.yaml')));
      assert.ok(mayReferenceImages(read('main.tf')));
      assert.ok(mayReferenceImages(read('stack.ts')));
      assert.ok(!mayReferenceImages('{"name": "appstream"}'));
    });

    it('reads a 50-fleet template quickly', () => {
      const big = ['Resources:'];
      for (let i = 0; i < 50; i++) {
        big.push(`  Fleet${i}:`, '    Type: AWS::AppStream::Fleet', '    Properties:', `      ImageName: image-${i % 7}`);
      }
      const started = Date.now();
      const found = findInCloudFormationYaml(big.join('\n'));
      assert.equal(found.references.length, 50);
      assert.ok(Date.now() - started < 500);
    });
  });
});
