export * from './lang.js';
export * from './format.js';
export * from './dock.js';
export * from './archive.js';
