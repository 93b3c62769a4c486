/** The AppStream console page for an image (the console's own image list, searched by name). */
export function imageConsoleUrl(region: string, name: string): string {
  const host = region.startsWith('us-gov-') ? 'console.amazonaws-us-gov.com' : `${region}.console.aws.amazon.com`;
  return `https://${host}/appstream2/home?region=${encodeURIComponent(region)}#/images?search=${encodeURIComponent(name)}`;
}
