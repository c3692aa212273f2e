/** True when the module whose `import.meta.url` is given is the entry point of this process. */
export function isMain(moduleUrl: string): boolean;
