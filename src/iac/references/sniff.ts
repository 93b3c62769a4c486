// Cheap enough for every keystroke: decides whether a document is worth loading the parsers for.

/** Marks of a template that may name an AppStream image (see the finders for the real test). */
const MARKERS = ['AWS::AppStream::', 'aws_appstream_', 'CfnFleet', 'CfnImageBuilder'];

export function mayReferenceImages(text: string): boolean {
  return MARKERS.some((m) => text.includes(m));
}
