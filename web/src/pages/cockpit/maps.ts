/**
 * The maps the cockpit knows, with the names of their features (properties.name in the GeoJSON, see
 * web/src/cockpit/geo/SOURCE.md), so the right map is chosen before its outlines are loaded.
 */
export const mapRegionNames = {
  qinghai: new Set([
    '西宁市',
    '海东市',
    '海北藏族自治州',
    '黄南藏族自治州',
    '海南藏族自治州',
    '果洛藏族自治州',
    '玉树藏族自治州',
    '海西蒙古族藏族自治州',
  ]),
  ganzi: new Set([
    '康定市',
    '泸定县',
    '丹巴县',
    '九龙县',
    '雅江县',
    '道孚县',
    '炉霍县',
    '甘孜县',
    '新龙县',
    '德格县',
    '白玉县',
    '石渠县',
    '色达县',
    '理塘县',
    '巴塘县',
    '乡城县',
    '稻城县',
    '得荣县',
  ]),
};
export type MapName = keyof typeof mapRegionNames;

/** A map's outlines, ready to register with ECharts under its name. */
export interface GeoMap {
  name: MapName;
  geo: unknown;
}

/**
 * Each map's outlines come in a chunk of their own (about 30 kB compressed each), bundled from the local
 * GeoJSON and served by our own server. Both are requested as soon as the cockpit opens, alongside its
 * API call, so the map need not wait for another round trip once the figures are in.
 */
let geoChunks: Record<MapName, Promise<{ default: unknown }>> | null = null;
export function prefetchMaps(): void {
  geoChunks ??= {
    qinghai: import('../../cockpit/geo/qinghai.json'),
    ganzi: import('../../cockpit/geo/ganzi.json'),
  };
}

export async function loadMap(name: MapName): Promise<GeoMap> {
  prefetchMaps();
  return { name, geo: (await geoChunks![name]).default };
}
