/**
 * Organisations carry a materialised path of ids, "/1/5/12/". A subtree is then one index range:
 * every path that starts with "/1/5/" lies in ["/1/5/", "/1/50") because "/" sorts just before "0".
 * (PostgreSQL keeps the column in the "C" collation so this holds there too.)
 */
export function childPath(parentPath: string | null, id: number): string {
  return `${parentPath ?? '/'}${id}/`;
}

export function subtreeRange(path: string): { lo: string; hi: string } {
  return { lo: path, hi: `${path.slice(0, -1)}0` };
}

export function isWithin(path: string, ancestorPath: string): boolean {
  return path.startsWith(ancestorPath);
}

export function pathIds(path: string): number[] {
  return path
    .split('/')
    .filter((s) => s.length > 0)
    .map(Number);
}
