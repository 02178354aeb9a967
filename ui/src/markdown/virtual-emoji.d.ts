// The emoji list vite.config.ts builds from gemoji: each emoji with its shortcodes.
declare module 'virtual:emoji' {
  const list: [emoji: string, names: string[]][];
  export default list;
}
