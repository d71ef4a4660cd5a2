import { describe, expect, it } from 'vitest';
import { buildArchitecture } from './architectures.js';

describe('buildArchitecture', () => {
  it('LeNet on 28x28x1 has the reference 1,625,632 edges', () => {
    const a = buildArchitecture('lenet', { height: 28, width: 28, channels: 1, numClasses: 10 });
    expect(a.layers.map((l) => l.size)).toEqual([288, 18432, 1605632, 1280]);
    expect(a.totalEdges).toBe(1625632);
    expect(a.layers.map((l) => l.fanIn)).toEqual([9, 288, 12544, 128]);
  });

  it('Conv8 on 32x32x3 has the reference 5,275,840 edges', () => {
    const a = buildArchitecture('conv8', { height: 32, width: 32, channels: 3, numClasses: 10 });
    expect(a.totalEdges).toBe(5275840);
    expect(a.layers).toHaveLength(11);
  });

  it('Conv2/4/6 and MLP follow their layer lists', () => {
    const inp = { height: 32, width: 32, channels: 3, numClasses: 10 };
    expect(buildArchitecture('conv2', inp).layers.map((l) => l.shape)).toEqual([
      [3, 3, 3, 64],
      [3, 3, 64, 64],
      [16384, 256],
      [256, 256],
      [256, 10],
    ]);
    expect(buildArchitecture('conv4', inp).layers).toHaveLength(7);
    expect(buildArchitecture('conv6', inp).layers).toHaveLength(9);
    const mlp = buildArchitecture('mlp', { height: 28, width: 28, channels: 1, numClasses: 10 }, { hidden: [64] });
    expect(mlp.layers.map((l) => l.shape)).toEqual([
      [784, 64],
      [64, 10],
    ]);
  });

  it('refuses an input too small for its pooling layers', () => {
    expect(() => buildArchitecture('conv8', { height: 8, width: 8, channels: 1, numClasses: 10 })).toThrow(/larger input/);
  });
});
