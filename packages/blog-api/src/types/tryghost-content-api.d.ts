// The package ships no types: the part the tests use.
declare module "@tryghost/content-api" {
  type Params = Record<string, string | number>;
  interface Resource {
    browse(options?: Params): Promise<unknown>;
    read(data: { id?: string; slug?: string }, options?: Params): Promise<unknown>;
  }
  interface GhostContentAPIInstance {
    posts: Resource;
    pages: Resource;
    tags: Resource;
    authors: Resource;
    settings: { browse(options?: Params): Promise<unknown> };
  }
  interface GhostContentAPIOptions {
    url: string;
    key: string;
    version: string;
    ghostPath?: string;
  }
  const GhostContentAPI: {
    new (options: GhostContentAPIOptions): GhostContentAPIInstance;
    (options: GhostContentAPIOptions): GhostContentAPIInstance;
  };
  export default GhostContentAPI;
}
