import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { feature } from 'topojson-client';
import type { Plugin } from 'vite';

const require = createRequire(import.meta.url);

/**
 * The world map's land as one SVG path, made at build time from Natural Earth (world-atlas, 1:110m) in an
 * equirectangular projection (x = longitude + 180, y = 90 − latitude): no map library and no tile server at
 * run time, a few kilobytes in the bundle. Shared by the widgets build and the admin build (the dashboard's map):
 * both import `virtual:world-land`.
 */
export function worldLand(): Plugin {
  const id = 'virtual:world-land';
  return {
    name: 'amity-world-land',
    resolveId: (source) => (source === id ? `\0${id}` : undefined),
    load(resolved) {
      if (resolved !== `\0${id}`) return undefined;
      const topology = JSON.parse(readFileSync(require.resolve('world-atlas/land-110m.json'), 'utf8')) as Parameters<typeof feature>[0];
      const land = feature(topology, topology.objects.land) as unknown as { features: Array<{ geometry: { type: string; coordinates: any } }> };
      const rings: number[][][] = [];
      for (const item of land.features) {
        const geometry = item.geometry;
        if (geometry.type === 'Polygon') rings.push(...geometry.coordinates);
        else if (geometry.type === 'MultiPolygon') for (const polygon of geometry.coordinates) rings.push(...polygon);
      }
      const round = (value: number) => Math.round(value * 2) / 2;
      const pathText = rings
        // Antarctica is left out: no partner city there, and it would take a fifth of the map.
        .filter((ring) => ring.some(([, lat]) => lat > -58))
        .map((ring) => {
          // A ring that crosses the antimeridian (Fiji, Chukotka) is drawn as open pieces, not a line across the world.
          const pieces: string[][] = [[]];
          let previous: [number, number] | undefined;
          for (const [lon, lat] of ring) {
            const point: [number, number] = [round(lon + 180), round(90 - lat)];
            if (previous && Math.abs(point[0] - previous[0]) > 180) pieces.push([]);
            else if (previous && point[0] === previous[0] && point[1] === previous[1]) continue;
            pieces[pieces.length - 1].push(`${point[0]} ${point[1]}`);
            previous = point;
          }
          const closed = pieces.length === 1;
          return pieces.map((points) => (points.length > 2 ? `M${points.join('L')}${closed ? 'Z' : ''}` : '')).join('');
        })
        .join('');
      return `export default ${JSON.stringify(pathText)};`;
    },
  };
}
