// Forge entry points: re-exports only. Each export name is the handler named in manifest.yml.
export {};
