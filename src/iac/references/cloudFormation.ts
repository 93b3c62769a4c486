import { parseTree, type Node as JsonNode } from 'jsonc-parser';
import { isMap, isScalar, parseDocument, type Node as YamlNode, type Scalar, type ScalarTag, type CollectionTag } from 'yaml';
import type { FindResult } from './types';

// CloudFormation: AWS::AppStream::Fleet and AWS::AppStream::ImageBuilder name their image with
// ImageName or ImageArn. Only a literal string is a reference; `!Ref Param`, `!Sub '${X}'`,
// `{"Fn::Join": ...}` are computed and left alone.

const RESOURCE_TYPES = new Set(['AWS::AppStream::Fleet', 'AWS::AppStream::ImageBuilder']);
const KEYS: Record<string, 'name' | 'arn'> = { ImageName: 'name', ImageArn: 'arn' };

/** CloudFormation's short-form intrinsic functions, in the scalar, sequence and mapping forms YAML allows. */
const INTRINSICS = [
  'And', 'Base64', 'Cidr', 'Condition', 'Equals', 'FindInMap', 'ForEach', 'GetAtt', 'GetAZs', 'If',
  'ImportValue', 'Join', 'Length', 'Not', 'Or', 'Ref', 'Select', 'Split', 'Sub', 'ToJsonString', 'Transform',
];
const CFN_TAGS: (ScalarTag | CollectionTag)[] = INTRINSICS.flatMap((fn): (ScalarTag | CollectionTag)[] => [
  { tag: `!${fn}`, resolve: (value: string) => value },
  { tag: `!${fn}`, collection: 'seq', resolve: (value) => value },
  { tag: `!${fn}`, collection: 'map', resolve: (value) => value },
]);

export function findInCloudFormationYaml(text: string): FindResult {
  const result: FindResult = { references: [], computed: 0 };
  const doc = parseDocument(text, { customTags: CFN_TAGS, uniqueKeys: false, strict: false, logLevel: 'silent' });
  const resources = isMap(doc.contents) ? doc.contents.get('Resources', true) : undefined;
  if (!isMap(resources)) {
    return result;
  }
  for (const pair of resources.items) {
    const resource = pair.value;
    if (!isMap(resource)) {
      continue;
    }
    const type = resource.get('Type', true);
    const properties = resource.get('Properties', true);
    if (!isScalar(type) || typeof type.value !== 'string' || !RESOURCE_TYPES.has(type.value) || !isMap(properties)) {
      continue;
    }
    const logicalId = isScalar(pair.key) ? String(pair.key.value) : undefined;
    const hasArnKey = properties.has('ImageArn');
    for (const prop of properties.items) {
      const key = prop.key as YamlNode | null;
      if (!isScalar(key) || typeof key.value !== 'string' || !(key.value in KEYS) || !key.range) {
        continue;
      }
      const literal = yamlLiteral(prop.value as YamlNode | null, text);
      if (!literal) {
        result.computed++;
        continue;
      }
      const keyRange = yamlContentRange(key, text);
      result.references.push({
        format: 'cloudformation-yaml',
        kind: KEYS[key.value],
        value: literal.value,
        start: literal.start,
        end: literal.end,
        key: key.value,
        keyStart: keyRange[0],
        keyEnd: keyRange[1],
        arnKey: 'ImageArn',
        resourceType: type.value,
        resourceName: logicalId,
        hasArnKey,
      });
    }
  }
  return result;
}

/** A plain or quoted string scalar (or `!Sub` of a string with no `${}`: that is a literal too). */
function yamlLiteral(node: YamlNode | null, text: string): { value: string; start: number; end: number } | undefined {
  if (!isScalar(node) || typeof node.value !== 'string' || !node.range) {
    return undefined;
  }
  if (node.tag !== undefined && !(node.tag === '!Sub' && !node.value.includes('${'))) {
    return undefined;
  }
  if (node.type === 'BLOCK_LITERAL' || node.type === 'BLOCK_FOLDED' || node.value === '') {
    return undefined;
  }
  const [start, end] = yamlContentRange(node, text);
  return { value: node.value, start, end };
}

/** The scalar's text without its quotes (and without a tag before it). */
function yamlContentRange(node: Scalar, text: string): [number, number] {
  const [start, end] = node.range ?? [0, 0];
  if ((node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE') && end - start >= 2) {
    const quote = node.type === 'QUOTE_DOUBLE' ? '"' : "'";
    if (text[start] === quote && text[end - 1] === quote) {
      return [start + 1, end - 1];
    }
  }
  return [start, end];
}

export function findInCloudFormationJson(text: string): FindResult {
  const result: FindResult = { references: [], computed: 0 };
  const root = parseTree(text, [], { allowTrailingComma: true, disallowComments: false });
  const resources = root && jsonProperty(root, 'Resources');
  if (!resources || resources.type !== 'object') {
    return result;
  }
  for (const pair of resources.children ?? []) {
    const resource = pair.children?.[1];
    if (!resource || resource.type !== 'object') {
      continue;
    }
    const type = jsonProperty(resource, 'Type');
    const properties = jsonProperty(resource, 'Properties');
    if (type?.type !== 'string' || !RESOURCE_TYPES.has(type.value as string) || properties?.type !== 'object') {
      continue;
    }
    const logicalId = pair.children?.[0]?.value as string | undefined;
    const hasArnKey = jsonProperty(properties, 'ImageArn') !== undefined;
    for (const prop of properties.children ?? []) {
      const [key, value] = prop.children ?? [];
      if (key?.type !== 'string' || !((key.value as string) in KEYS)) {
        continue;
      }
      if (value?.type !== 'string' || value.value === '') {
        result.computed++;
        continue;
      }
      result.references.push({
        format: 'cloudformation-json',
        kind: KEYS[key.value as string],
        value: value.value as string,
        start: value.offset + 1,
        end: value.offset + value.length - 1,
        key: key.value as string,
        keyStart: key.offset + 1,
        keyEnd: key.offset + key.length - 1,
        arnKey: 'ImageArn',
        resourceType: type.value as string,
        resourceName: logicalId,
        hasArnKey,
      });
    }
  }
  return result;
}

function jsonProperty(object: JsonNode, name: string): JsonNode | undefined {
  if (object.type !== 'object') {
    return undefined;
  }
  // The last one wins, as in JSON.parse.
  const pair = [...(object.children ?? [])].reverse().find((p) => p.children?.[0]?.value === name);
  return pair?.children?.[1];
}
