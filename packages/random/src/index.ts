export { Rng, hashSeed } from './rng.js';
