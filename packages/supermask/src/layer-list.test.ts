import { describe, expect, it } from 'vitest';
import { ArchitectureError } from './architecture-types.js';
import { ARCHITECTURES, buildArchitecture } from './architectures.js';
import { architectureFromLayers, parseLayerList, type LayerOp } from './layer-list.js';

const mnist = { height: 28, width: 28, channels: 1, numClasses: 10 };

function errorOf(f: () => unknown): ArchitectureError {
  try {
    f();
  } catch (e) {
    if (e instanceof ArchitectureError) return e;
    throw e;
  }
  throw new Error('expected an ArchitectureError');
}

describe('parseLayerList', () => {
  it('accepts the forms and returns them as given', () => {
    const list = [{ conv: 4 }, 'relu', 'pool', 'flatten', { dense: 16 }, 'relu', { dense: 'classes' }];
    expect(parseLayerList(list, 'model.arch.layers')).toEqual(list);
  });

  it.each([
    [[], 'model.arch.layers', /non-empty list/],
    ['lenet', 'model.arch.layers', /non-empty list/],
    [['flatten', 'dense'], 'model.arch.layers[1]', /expected one of \{conv: channels\}/],
    [[{ conv: 8, kernel: 5 }, 'flatten', { dense: 'classes' }], 'model.arch.layers[0]', /found \{"conv":8,"kernel":5\}/],
    [[{ conv: 0 }, 'flatten', { dense: 'classes' }], 'model.arch.layers[0].conv', /whole number of channels in 1\.\.1048576, found 0/],
    [[{ conv: 2.5 }, 'flatten', { dense: 'classes' }], 'model.arch.layers[0].conv', /found 2\.5/],
    [['flatten', { dense: 1e9 }, { dense: 'classes' }], 'model.arch.layers[1].dense', /'classes' or a whole number of units/],
    [['flatten', { dense: 'all' }], 'model.arch.layers[1].dense', /found 'all'/],
    [[{ dense: 'classes' }], 'model.arch.layers[0]', /dense before flatten/],
    [['flatten', { conv: 3 }, { dense: 'classes' }], 'model.arch.layers[1]', /conv after flatten/],
    [['flatten', 'pool', { dense: 'classes' }], 'model.arch.layers[1]', /pool after flatten/],
    [['flatten', 'flatten', { dense: 'classes' }], 'model.arch.layers[1]', /a second flatten/],
    [['flatten', { dense: 'classes' }, 'relu'], 'model.arch.layers[2]', /last layer must be the dense layer/],
  ])('refuses %j at %s', (list, field, message) => {
    const e = errorOf(() => parseLayerList(list, 'model.arch.layers'));
    expect(e.field).toBe(field);
    expect(e.message.startsWith(`${field}: `)).toBe(true);
    expect(e.reason).toMatch(message);
  });
});

describe('architectureFromLayers', () => {
  it('builds LeNet written as a layer list with the reference edge counts and fan-ins', () => {
    const list: LayerOp[] = [{ conv: 32 }, 'relu', { conv: 64 }, 'relu', 'pool', 'flatten', { dense: 128 }, 'relu', { dense: 'classes' }];
    const a = architectureFromLayers('my-lenet', list, mnist);
    expect(a.name).toBe('my-lenet');
    expect(a.layers.map((l) => l.size)).toEqual([288, 18432, 1605632, 1280]);
    expect(a.layers.map((l) => l.fanIn)).toEqual([9, 288, 12544, 128]);
    expect(a.layerList).toEqual(list);
    const builtin = buildArchitecture('lenet', mnist);
    expect(a.layers).toEqual(builtin.layers);
    expect(a.ops).toEqual(builtin.ops);
  });

  it('every built-in is its descriptor layer list, and the list rebuilds it', () => {
    const cifar = { height: 32, width: 32, channels: 3, numClasses: 10 };
    for (const d of ARCHITECTURES) {
      const a = buildArchitecture(d.name, cifar, { hidden: [20, 10] });
      const again = architectureFromLayers(a.name, a.layerList, cifar);
      expect(again).toEqual(a);
    }
  });

  it('floors odd sizes when pooling and refuses pooling below 2x2, naming the field', () => {
    const list: LayerOp[] = [{ conv: 2 }, 'pool', 'pool', 'flatten', { dense: 'classes' }];
    expect(architectureFromLayers('p', list, { height: 7, width: 5, channels: 1, numClasses: 3 }).layers[1].shape).toEqual([1 * 1 * 2, 3]);
    const e = errorOf(() => architectureFromLayers('p', list, { height: 3, width: 3, channels: 1, numClasses: 3 }, 'model.arch.layers'));
    expect(e.message).toBe('model.arch.layers: p needs a larger input than 3x3: too many pooling layers');
  });

  it('checks that the last layer gives one logit per class', () => {
    const e = errorOf(() => architectureFromLayers('q', ['flatten', { dense: 7 }], mnist));
    expect(e.message).toBe("model.arch: q's last layer has 7 units, the data has 10 classes");
    expect(architectureFromLayers('q', ['flatten', { dense: 10 }], mnist).totalEdges).toBe(7840);
  });
});
