declare module 'virtual:world-land' {
  /** The land of the world as an SVG path in a 360 × 180 equirectangular frame (see ../../worldLand.ts). */
  const path: string;
  export default path;
}
